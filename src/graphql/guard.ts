import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import { requireRole } from './auth.js';
import { apiError } from './errors.js';
import { operationComplexity, type RateLimiter } from './limits.js';

export interface GuardOptions {
  schema: GraphQLSchema;
  maxComplexity: number;
  rateLimiter: RateLimiter;
}

function withStatus(error: GraphQLError, status: number): GraphQLError {
  (error.extensions as Record<string, unknown>).http = { status };
  return error;
}

const STATUS_OF_CODE: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, BAD_USER_INPUT: 400 };

/**
 * Returns the operation's complexity. Computing it coerces the variables, so
 * an invalid variable value raises here before Apollo's own coercion could
 * give it the BAD_USER_INPUT code. This function gives it that code instead.
 */
function complexityOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  try {
    return operationComplexity(schema, document, operationName, variables);
  } catch (error) {
    // Compared by name, because graphql-query-complexity may load another copy of graphql (CommonJS or ESM).
    const raised = error as GraphQLError;
    if (raised?.name === 'GraphQLError' && raised.extensions?.code === undefined) {
      throw new GraphQLError(raised.message, { nodes: raised.nodes, extensions: { ...raised.extensions, code: 'BAD_USER_INPUT' } });
    }
    throw error;
  }
}

/**
 * Checks every operation after parsing and validation and before any
 * resolver runs: a valid key, the role its operation type needs (mutations
 * need WRITE), the per-key rate limit and the complexity limit.
 */
export function guardPlugin(options: GuardOptions): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, request }) {
          try {
            if (contextValue.authError) throw contextValue.authError;
            if (operation?.operation === 'mutation') requireRole(contextValue.actor, 'WRITE', 'a mutation');

            const wait = options.rateLimiter.take(contextValue.actor.keyId ?? contextValue.actor.name);
            if (wait > 0) {
              throw apiError('RATE_LIMITED', `rate limit of this API key reached; retry in ${wait} s or raise RATE_LIMIT_PER_MINUTE`, { retryAfterSeconds: wait });
            }

            const complexity = complexityOf(options.schema, document, request.operationName ?? undefined, request.variables ?? {});
            if (complexity > options.maxComplexity) {
              throw apiError('BAD_USER_INPUT', `query complexity ${complexity} exceeds the maximum of ${options.maxComplexity}; request smaller pages or fewer fields`, { limit: 'complexity', maxComplexity: options.maxComplexity });
            }
          } catch (error) {
            const graphQLError = error as GraphQLError;
            const code = String(graphQLError.extensions?.code ?? '');
            throw withStatus(graphQLError, STATUS_OF_CODE[code] ?? 400);
          }
        },
      };
    },
  };
}
