import type { PubSub } from 'type-graphql';

/**
 * The PubSub that type-graphql requires once the schema has a subscription.
 * Workers run in other processes, so an in-process topic would miss their
 * updates, and each subscription here reads PostgreSQL through its own
 * `subscribe` function instead. Using a topic is a programming error.
 */
export const databasePubSub: PubSub = {
  publish(routingKey: string) {
    throw new Error(`publish to topic ${routingKey} is not supported: subscriptions read PostgreSQL, so write the change to the database instead`);
  },
  subscribe(routingKey: string) {
    throw new Error(`subscription topic ${routingKey} is not supported: give @Subscription a subscribe function that reads PostgreSQL`);
  },
};
