/** A GraphQL request sent as a JSON POST, with the ADMIN key unless `key` is set. */
export interface GraphQLCall {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** Another bearer key, or null to send no Authorization header. */
  key?: string | null;
}

/** An HTTP request sent as written, for bodies and methods a GraphQL client would not produce. */
export interface RawCall {
  method: 'GET' | 'POST';
  /** Path and query string under the server URL; default /graphql. */
  path?: string;
  headers: Record<string, string>;
  body?: string;
}

/** A createDataset mutation as a graphql-multipart-request, with the CSV as a file part. */
export interface UploadCall {
  upload: string | Uint8Array;
  /** Sends the apollo-require-preflight header that Apollo's CSRF prevention requires. */
  preflight: boolean;
  /** Replaces the `operations` part, for malformed multipart requests. */
  operations?: string;
}

export type Call = GraphQLCall | RawCall | UploadCall;

export interface CallResult {
  status: number;
  contentType: string;
  /** The parsed JSON body, or null when the body is not JSON. */
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
  text: string;
}

const CREATE_FROM_FILE = 'mutation($file: Upload!) { createDataset(input: { name: "upload", file: $file, targetColumn: "y" }) { id } }';

function uploadBody(call: UploadCall): FormData {
  const form = new FormData();
  form.append('operations', call.operations ?? JSON.stringify({ query: CREATE_FROM_FILE, variables: { file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([call.upload]), 'data.csv');
  return form;
}

function requestInit(call: Call, adminKey: string): { path: string; init: RequestInit } {
  if ('upload' in call) {
    const headers: Record<string, string> = { authorization: `Bearer ${adminKey}` };
    if (call.preflight) headers['apollo-require-preflight'] = 'true';
    return { path: '/graphql', init: { method: 'POST', headers, body: uploadBody(call) } };
  }
  if ('method' in call) {
    return { path: call.path ?? '/graphql', init: { method: call.method, headers: call.headers, body: call.body } };
  }

  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = call.key === undefined ? adminKey : call.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const body = JSON.stringify({ query: call.query, variables: call.variables, operationName: call.operationName });
  return { path: '/graphql', init: { method: 'POST', headers, body } };
}

/** Sends one request to the server and returns its status and body, parsed when it is JSON. */
export async function send(baseUrl: string, adminKey: string, call: Call): Promise<CallResult> {
  const { path, init } = requestInit(call, adminKey);
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  let body: CallResult['body'] = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body, text };
}
