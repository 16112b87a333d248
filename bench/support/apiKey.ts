import { randomBytes } from 'node:crypto';

/** Returns a random 32-character API key for ADMIN_API_KEY, in the base64url alphabet. */
export function randomApiKey(): string {
  return randomBytes(24).toString('base64url');
}

/** Returns the request headers every benchmark request sends: JSON content and the bearer key. */
export function authHeaders(apiKey: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
}

/** A GraphQL response body. */
export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Sends one GraphQL request over HTTP with the bearer key and returns the parsed body. */
export async function postGraphQL<T = any>(url: string, apiKey: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: authHeaders(apiKey), body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`POST ${url}/graphql returned HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
}

/** Returns the data of a response, or throws with its first error message and what was requested. */
export function requireData<T>(response: GraphQLResponse<T>, what: string): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`${what} failed: ${response.errors?.map((error) => error.message).join('; ') ?? 'no data in the response'}`);
  }
  return response.data;
}
