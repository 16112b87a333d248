import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { AuditEvent, Verification } from '../types/audit.js';
import { auditTrail, type AuditEventView } from '../../services/auditTrail.js';
import { verifyModel } from '../../services/verification.js';

@Resolver()
export class AuditResolver {
  @Query(() => [AuditEvent], {
    description: 'The audit events from the dataset to this model along its lineage, including importance runs of its models, in chain order.',
  })
  async auditTrail(@Arg('modelId', () => ID) modelId: string, @Ctx() context: Context): Promise<AuditEventView[]> {
    return auditTrail(context.db, modelId);
  }

  @Query(() => Verification, {
    description: 'Recomputes the hashes of the model, its ancestors, their dataset and their audit events, and lists every mismatch.',
  })
  async verifyModel(@Arg('modelId', () => ID) modelId: string, @Ctx() context: Context): Promise<Verification> {
    return verifyModel(context.db, modelId);
  }
}
