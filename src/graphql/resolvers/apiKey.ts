import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { appendAuditEvent } from '../../db/audit.js';
import type { Context } from '../context.js';
import { hashApiKey, issueApiKey, requireRole } from '../auth.js';
import { badInput, notFound, requireUuid } from '../errors.js';

export const ApiKeyRole = { READ: 'READ', WRITE: 'WRITE', ADMIN: 'ADMIN' } as const;
export type ApiKeyRole = (typeof ApiKeyRole)[keyof typeof ApiKeyRole];
registerEnumType(ApiKeyRole, { name: 'ApiKeyRole', description: 'READ runs queries, WRITE also mutations, ADMIN also manages keys.' });

@ObjectType({ description: 'An API key; the secret itself is stored only as a SHA-256 hash.' })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ApiKeyRole) role!: ApiKeyRole;
  @Field(() => String, { description: 'The first characters of the key, to recognise it.' }) prefix!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType({ description: 'A new key. `key` is shown only in this response.' })
export class CreatedApiKey {
  @Field(() => ApiKey) apiKey!: ApiKey;
  @Field(() => String) key!: string;
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'Every API key, newest first (ADMIN).' })
  async apiKeys(@Ctx() context: Context) {
    requireRole(context.actor, 'ADMIN', 'listing API keys');
    return context.db.apiKey.findMany({ orderBy: { createdAt: 'desc' } });
  }

  @Mutation(() => CreatedApiKey, { description: 'Creates an API key (ADMIN).' })
  async createApiKey(
    @Arg('name', () => String) name: string,
    @Arg('role', () => ApiKeyRole) role: ApiKeyRole,
    @Ctx() context: Context,
  ): Promise<CreatedApiKey> {
    requireRole(context.actor, 'ADMIN', 'creating an API key');
    if (!name.trim() || name.length > 100) throw badInput('name must have from 1 to 100 characters', 'name');

    return context.db.$transaction(async (tx) => {
      const issued = await issueApiKey(tx, name.trim(), role);
      await appendAuditEvent(tx, { actor: context.actor.keyId ?? context.actor.name, action: 'CREATE', entityType: 'ApiKey', entityId: issued.id, contentHash: hashApiKey(issued.key), details: { name, role } });
      const apiKey = await tx.apiKey.findUniqueOrThrow({ where: { id: issued.id } });
      return { apiKey: apiKey as ApiKey, key: issued.key };
    });
  }

  @Mutation(() => ApiKey, { description: 'Revokes an API key at once (ADMIN).' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() context: Context) {
    requireRole(context.actor, 'ADMIN', 'revoking an API key');
    requireUuid('ApiKey', id);
    return context.db.$transaction(async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { id } });
      if (!key) throw notFound('ApiKey', id);
      if (key.revokedAt) return key;
      const revoked = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      await appendAuditEvent(tx, { actor: context.actor.keyId ?? context.actor.name, action: 'REVOKE', entityType: 'ApiKey', entityId: id, details: { name: key.name } });
      return revoked;
    });
  }
}
