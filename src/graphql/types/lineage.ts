import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export const LineageNodeKind = { DATASET: 'DATASET', MODEL: 'MODEL', RUN: 'RUN' } as const;
export type LineageNodeKind = (typeof LineageNodeKind)[keyof typeof LineageNodeKind];

export const LineageEdgeKind = { TRAINED_ON: 'TRAINED_ON', SOURCE_OF: 'SOURCE_OF', PRODUCED: 'PRODUCED' } as const;
export type LineageEdgeKind = (typeof LineageEdgeKind)[keyof typeof LineageEdgeKind];

registerEnumType(LineageNodeKind, { name: 'LineageNodeKind', description: 'Entity behind a lineage node: a dataset, a model or a compression run.' });
registerEnumType(LineageEdgeKind, {
  name: 'LineageEdgeKind',
  description: 'Relation of a lineage edge.',
  valuesConfig: {
    TRAINED_ON: { description: 'From a dataset to a model trained or imported on it.' },
    SOURCE_OF: { description: 'From a model to a compression run that compressed it.' },
    PRODUCED: { description: 'From a compression run to the model it produced.' },
  },
});

@ObjectType({ description: 'A dataset, model or compression run in a lineage graph.' })
export class LineageNode {
  @Field(() => ID) id!: string;
  @Field(() => LineageNodeKind) kind!: LineageNodeKind;
  @Field(() => String, { description: 'Dataset name, model name with status, or run method with status.' })
  label!: string;
}

@ObjectType({ description: 'A directed relation between two lineage nodes, pointing from the older entity to the newer.' })
export class LineageEdge {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
  @Field(() => LineageEdgeKind) kind!: LineageEdgeKind;
}

@ObjectType({ description: 'The provenance graph around one node: dataset → model → compression run → model → …' })
export class Lineage {
  @Field(() => [LineageNode]) nodes!: LineageNode[];
  @Field(() => [LineageEdge]) edges!: LineageEdge[];
}
