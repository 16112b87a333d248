import { Arg, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../context.js';
import { notFound, requireUuid } from '../errors.js';
import { createLoaders, type RunRow } from '../loaders.js';
import { CompressionRun } from '../types/run.js';
import { runUpdates } from '../../services/runUpdates.js';

/** Checks that the run exists before the stream starts, so an unknown id fails the subscription. */
async function subscribeToRun({ args, context }: SubscribeResolverData<unknown, { id: string }, Context>): Promise<AsyncIterable<RunRow>> {
  const run = await context.db.compressionRun.findUnique({ where: { id: requireUuid('CompressionRun', args.id) } });
  if (!run) throw notFound('CompressionRun', args.id);
  return runUpdates(context.db, run);
}

@Resolver(() => CompressionRun)
export class RunUpdatesResolver {
  @Subscription(() => CompressionRun, {
    subscribe: subscribeToRun,
    description: 'The run now, then each time its status, progress or phase changes; completes after SUCCEEDED, FAILED or CANCELLED.',
  })
  compressionRunUpdated(@Arg('id', () => ID) _id: string, @Root() run: RunRow, @Ctx() context: Context): RunRow {
    // Loaders cache for the whole subscription, so each update starts with new ones, or resultModel would stay null.
    context.loaders = createLoaders(context.db);
    return run;
  }
}
