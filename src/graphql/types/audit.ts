import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { JSONScalar, SafeIntScalar } from '../scalars.js';

export const MismatchKind = {
  WEIGHTS_HASH: 'WEIGHTS_HASH',
  WEIGHTS_AUDIT_HASH: 'WEIGHTS_AUDIT_HASH',
  WEIGHTS_MISSING: 'WEIGHTS_MISSING',
  WEIGHTS_UNREADABLE: 'WEIGHTS_UNREADABLE',
  DATASET_CONTENT_HASH: 'DATASET_CONTENT_HASH',
  DATASET_AUDIT_HASH: 'DATASET_AUDIT_HASH',
  DATASET_DATA_MISSING: 'DATASET_DATA_MISSING',
  DATASET_DATA_UNREADABLE: 'DATASET_DATA_UNREADABLE',
  AUDIT_EVENT_MISSING: 'AUDIT_EVENT_MISSING',
  AUDIT_EVENT_HASH: 'AUDIT_EVENT_HASH',
  AUDIT_CHAIN_LINK: 'AUDIT_CHAIN_LINK',
} as const;
export type MismatchKind = (typeof MismatchKind)[keyof typeof MismatchKind];

registerEnumType(MismatchKind, {
  name: 'MismatchKind',
  description: 'What a verification found different from the record.',
  valuesConfig: {
    WEIGHTS_HASH: { description: 'The stored weights hash to another value than Model.weightsHash.' },
    WEIGHTS_AUDIT_HASH: { description: 'The stored weights hash to another value than the audit event that recorded them.' },
    WEIGHTS_MISSING: { description: 'A READY model has no stored weights.' },
    WEIGHTS_UNREADABLE: { description: 'The stored weights do not decode.' },
    DATASET_CONTENT_HASH: { description: 'The stored matrix and target hash to another value than Dataset.contentHash.' },
    DATASET_AUDIT_HASH: { description: 'Dataset.contentHash differs from the audit event that created the dataset.' },
    DATASET_DATA_MISSING: { description: 'The dataset has no stored matrix.' },
    DATASET_DATA_UNREADABLE: { description: 'The stored matrix or target does not decode.' },
    AUDIT_EVENT_MISSING: { description: 'An entity has no audit event of its creation or of its weights.' },
    AUDIT_EVENT_HASH: { description: 'An audit event hashes to another value than its stored hash.' },
    AUDIT_CHAIN_LINK: { description: 'An audit event does not link to the hash of the event before it.' },
  },
});

@ObjectType({ description: 'An append-only audit record; each event hashes its fields with the hash of the event before it.' })
export class AuditEvent {
  @Field(() => SafeIntScalar, { description: 'Position in the global hash chain.' }) sequence!: number;
  @Field(() => Date) at!: Date;
  @Field(() => String) actor!: string;
  @Field(() => String, { description: 'CREATE, UPDATE, STATUS_CHANGE, DELETE, CANCEL or REVOKE.' }) action!: string;
  @Field(() => String, { description: 'Dataset, Model, CompressionRun, ImportanceRun or ApiKey.' }) entityType!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the content the event recorded, such as a weights hash.' })
  contentHash!: string | null;
  @Field(() => String) previousHash!: string;
  @Field(() => String) hash!: string;
  @Field(() => JSONScalar, { description: 'Configuration, package version, backend and status of the change.' }) details!: unknown;
}

@ObjectType({ description: 'One difference between a recomputed hash and its record.' })
export class Mismatch {
  @Field(() => MismatchKind) kind!: MismatchKind;
  @Field(() => String) entityType!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => String, { nullable: true, description: 'The recorded value.' }) expected!: string | null;
  @Field(() => String, { nullable: true, description: 'The recomputed value.' }) actual!: string | null;
  @Field(() => String) detail!: string;
}

@ObjectType({ description: 'Result of recomputing the hashes of a model, its lineage and their audit events.' })
export class Verification {
  @Field(() => Boolean, { description: 'True when no mismatch was found.' }) ok!: boolean;
  @Field(() => ID) modelId!: string;
  @Field(() => Date) checkedAt!: Date;
  @Field(() => [String], { description: 'The checks that ran, one line each.' }) checks!: string[];
  @Field(() => [Mismatch]) mismatches!: Mismatch[];
}
