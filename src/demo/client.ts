import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One entry of the `errors` list of a GraphQL response. */
export interface GraphQLErrorEntry {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

/** Raised when a GraphQL response carries errors or the HTTP request fails. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly errors: GraphQLErrorEntry[],
  ) {
    super(`${operation} failed: ${errors.map((error) => (error.extensions?.code ? `${error.message} (${error.extensions.code})` : error.message)).join('; ')}`);
  }

  /** True when the server rejected the document itself, such as a field that its schema does not have. */
  get isValidationError(): boolean {
    return this.errors.some((error) => error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');
  }
}

/** Returns the name after `query`/`mutation` in a document, for error messages. */
function operationName(document: string): string {
  return /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'GraphQL request';
}

/**
 * A GraphQL client over plain HTTP, as any other client of the service would
 * use it: JSON POSTs to `/graphql` and the multipart request convention for
 * file uploads.
 */
export class GraphQLClient {
  readonly endpoint: string;

  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string | null,
  ) {
    this.endpoint = `${baseUrl.replace(/\/+$/, '')}/graphql`;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return this.apiKey ? { ...extra, authorization: `Bearer ${this.apiKey}` } : extra;
  }

  /** Sends a query or mutation and returns its `data`, or raises GraphQLRequestError. */
  async request<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.send(document, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ query: document, variables }),
    });
    return response as T;
  }

  /**
   * Sends a mutation with one file, following the GraphQL multipart request
   * convention: `operations`, `map` and the file part. Apollo's CSRF
   * prevention requires the `apollo-require-preflight` header on such requests.
   */
  async upload<T>(document: string, variables: Record<string, unknown>, variablePath: string, filePath: string): Promise<T> {
    const bytes = await readFile(filePath);
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: document, variables }));
    form.append('map', JSON.stringify({ 0: [`variables.${variablePath}`] }));
    form.append('0', new Blob([bytes], { type: 'text/csv' }), path.basename(filePath));

    const response = await this.send(document, {
      method: 'POST',
      headers: this.headers({ 'apollo-require-preflight': 'true' }),
      body: form,
    });
    return response as T;
  }

  private async send(document: string, init: RequestInit): Promise<unknown> {
    const operation = operationName(document);
    let response: Response;
    try {
      response = await fetch(this.endpoint, init);
    } catch (error) {
      // fetch raises "fetch failed" and keeps the network error, such as ECONNREFUSED, as its cause.
      let reason = String(error);
      if (error instanceof Error) reason = error.cause instanceof Error ? error.cause.message : error.message;
      throw new GraphQLRequestError(operation, [{ message: `could not reach ${this.endpoint}: ${reason}; check that the server runs and the URL is right` }]);
    }

    const text = await response.text();
    let body: { data?: unknown; errors?: GraphQLErrorEntry[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new GraphQLRequestError(operation, [{ message: `HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}` }]);
    }
    if (body.errors?.length) throw new GraphQLRequestError(operation, body.errors);
    if (body.data === undefined || body.data === null) {
      throw new GraphQLRequestError(operation, [{ message: `HTTP ${response.status} without data or errors` }]);
    }
    return body.data;
  }
}
