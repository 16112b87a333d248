import { GraphQLJSON, GraphQLSafeInt } from 'graphql-scalars';

/** Arbitrary JSON, for configurations and method options. */
export const JSONScalar = GraphQLJSON;

/**
 * Integers up to 2^53 − 1, for byte sizes and counts that can pass the 32-bit
 * range of GraphQL Int.
 */
export const SafeIntScalar = GraphQLSafeInt;
