import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { LineageDirection } from '../enums.js';
import { Lineage } from '../types/lineage.js';
import { loadLineage, MAX_LINEAGE_DEPTH } from '../../services/lineage.js';

@Resolver(() => Lineage)
export class LineageResolver {
  @Query(() => Lineage, { description: 'The datasets, models and compression runs linked to a node, in one recursive query.' })
  async lineage(
    @Arg('nodeId', () => ID, { description: 'Id of a dataset, model or compression run.' }) nodeId: string,
    @Arg('direction', () => LineageDirection, { defaultValue: 'BOTH', description: 'UPSTREAM follows edges backwards, DOWNSTREAM forwards, BOTH does both from this node.' })
    direction: LineageDirection,
    @Arg('depth', () => Int, { defaultValue: 20, description: `Maximum hops from the node, from 1 to ${MAX_LINEAGE_DEPTH}.` }) depth: number,
    @Ctx() context: Context,
  ): Promise<Lineage> {
    return loadLineage(context.db, nodeId, direction, depth);
  }
}
