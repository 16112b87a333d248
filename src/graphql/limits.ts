import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from './pagination.js';

export interface QueryLimits {
  maxDepth: number;
  maxComplexity: number;
  maxAliases: number;
}

/**
 * Rejects operations nested deeper than `maxDepth` fields, counting through
 * fragments, before any resolver runs.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }

    const depthOf = (selectionSet: SelectionSetNode | undefined, visited: Set<string>): number => {
      if (!selectionSet) return 0;
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, visited));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, visited));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || visited.has(name)) continue;
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visited, name])));
        }
        if (deepest > maxDepth) return deepest;
      }
      return deepest;
    };

    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the maximum of ${maxDepth}; request fewer nested levels`, {
              nodes: [operation],
              extensions: { code: 'BAD_USER_INPUT', limit: 'depth', maxDepth },
            }),
          );
        }
      },
    };
  };
}

/** Rejects documents with more than `maxAliases` aliased fields, a cheap way to repeat expensive fields. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext) => {
    let aliases = 0;
    return {
      Field(node) {
        if (!node.alias) return;
        aliases++;
        if (aliases === maxAliases + 1) {
          context.reportError(
            new GraphQLError(`the request uses more than ${maxAliases} aliases; split it into several requests`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', limit: 'aliases', maxAliases },
            }),
          );
        }
      },
    };
  };
}

/**
 * Estimates list fields as `first` (or the maximum page size) times their
 * children, so that a page of 100 nested items costs 100 times one item.
 */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const first = typeof args.first === 'number' ? args.first : null;
  const isConnection = field.type.toString().endsWith('Connection!') || field.type.toString().endsWith('Connection');
  if (isConnection) return 1 + (first ?? MAX_PAGE_SIZE) * Math.max(1, childComplexity);
  return undefined;
};

/** Returns the estimated cost of an operation, for the complexity limit. */
export function operationComplexity(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/** A fixed-window request counter per key, kept in this process. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request for `key`; returns the seconds to wait when the limit is reached, else 0. */
  take(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      if (this.windows.size > 10_000) this.prune(now);
      return 0;
    }
    window.count++;
    if (window.count <= this.limit) return 0;
    return Math.ceil((window.start + this.windowMs - now) / 1000);
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
