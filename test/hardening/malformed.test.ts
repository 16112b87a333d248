import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_KEY, waitFor, type TestApp } from '../support/app.js';
import { send, type Call } from './requests.js';
import { snapshotDatabase, type DatabaseSnapshot } from './snapshot.js';

// A small upload limit, so that an oversized file is cheap to send.
const MAX_UPLOAD_BYTES = 20_000;

/** Codes a rejected request may carry; OPERATION_RESOLUTION_FAILURE is Apollo's code for an unknown operationName (HTTP 400). */
const TYPED_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/** Ids of the rows that the cases refer to, created before the baseline snapshot. */
interface Fixtures {
  datasetId: string;
  modelId: string;
  trainingModelId: string;
  failedModelId: string;
  runId: string;
  readKey: string;
}

interface Case {
  name: string;
  request: (fixtures: Fixtures) => Call;
  code: string;
  /** HTTP status, where the transport decides it. */
  status?: number;
  /** Text that the first error message must contain: the offending value, where one exists. */
  mentions?: string[];
}

const JSON_HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` };

function numericRows(count: number): string {
  return Array.from({ length: count }, (_, i) => `${i},${(i * 7) % 13},${i % 4}`).join('\n');
}

const csvWithHeader = (rows: string) => `a,b,y\n${rows}`;

function createDataset(csv: string, targetColumn = 'y', extra = ''): Call {
  return {
    query: `mutation($csv: String!, $target: String!) { createDataset(input: { name: "bad", csv: $csv, targetColumn: $target ${extra} }) { id } }`,
    variables: { csv, target: targetColumn },
  };
}

function compress(options: string, model: keyof Fixtures = 'modelId'): (fixtures: Fixtures) => Call {
  return (fixtures) => ({ query: `mutation($m: ID!) { compressModel(input: { modelId: $m, ${options} }) { id } }`, variables: { m: fixtures[model] } });
}

function train(options: string): (fixtures: Fixtures) => Call {
  return ({ datasetId }) => ({ query: `mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "t", ${options} }) { id } }`, variables: { d: datasetId } });
}

function predict(rows: unknown, model: keyof Fixtures = 'modelId'): (fixtures: Fixtures) => Call {
  return (fixtures) => ({
    query: 'query($m: ID!, $rows: [PredictionRowInput!]!) { predict(modelId: $m, rows: $rows) { value } }',
    variables: { m: fixtures[model], rows },
  });
}

const cursor = (key: unknown, id: unknown) => Buffer.from(JSON.stringify([key, id])).toString('base64url');

/** Returns a selection nested `pairs` times through sourceModel and producedBy, of depth 2 × pairs + 2 with the root field. */
function deepSelection(pairs: number): string {
  let selection = 'id';
  for (let i = 0; i < pairs; i++) selection = `sourceModel { producedBy { ${selection} } }`;
  return selection;
}

/** Returns a query of depth 2 × count through a chain of fragments, which the depth limit follows. */
function deepFragments(count: number): string {
  const fragments = Array.from({ length: count }, (_, i) =>
    i === count - 1 ? `fragment F${i} on Model { id }` : `fragment F${i} on Model { producedBy { sourceModel { ...F${i + 1} } } }`,
  );
  return `query($id: ID!) { model(id: $id) { ...F0 } } ${fragments.join(' ')}`;
}

const CASES: Case[] = [
  // Broken CSV files, inline.
  { name: 'csv empty', request: () => createDataset(''), code: 'BAD_USER_INPUT', mentions: ['empty'] },
  { name: 'csv header only', request: () => createDataset('a,b,y\n'), code: 'BAD_USER_INPUT', mentions: ['no data rows'] },
  { name: 'csv ragged row', request: () => createDataset(csvWithHeader(`${numericRows(20)}\n1,2`)), code: 'BAD_USER_INPUT', mentions: ['line 22 has 2 fields'] },
  { name: 'csv unclosed quote', request: () => createDataset(csvWithHeader(`${numericRows(20)}\n1,"2,3`)), code: 'BAD_USER_INPUT', mentions: ['Quote Not Closed'] },
  { name: 'csv duplicate columns', request: () => createDataset(`a,a,y\n${numericRows(20)}`), code: 'BAD_USER_INPUT', mentions: ['"a"'] },
  { name: 'csv single-valued target', request: () => createDataset(csvWithHeader(Array.from({ length: 20 }, (_, i) => `${i},${i},7`).join('\n'))), code: 'BAD_USER_INPUT', mentions: ['"7"'] },
  { name: 'csv fewer than 10 rows', request: () => createDataset(csvWithHeader(numericRows(5))), code: 'BAD_USER_INPUT', mentions: ['only 5 data rows'] },
  { name: 'csv stray text in numeric column', request: () => createDataset(csvWithHeader(`${numericRows(20)}\n1,abc,2`)), code: 'BAD_USER_INPUT', mentions: ['"abc"'] },
  { name: 'csv Infinity token', request: () => createDataset(csvWithHeader(`${numericRows(20)}\nInfinity,1,2`)), code: 'BAD_USER_INPUT', mentions: ['"Infinity"'] },
  { name: 'csv -inf token', request: () => createDataset(csvWithHeader(`${numericRows(20)}\n3,-inf,2`)), code: 'BAD_USER_INPUT', mentions: ['"-inf"'] },
  { name: 'csv number overflowing float64', request: () => createDataset(csvWithHeader(`${numericRows(20)}\n1e400,1,2`)), code: 'BAD_USER_INPUT', mentions: ['"1e400"'] },
  {
    // NaN is a missing-value token, so a target of NaN in all but 5 rows leaves too few usable rows.
    name: 'csv NaN tokens in the target',
    request: () => createDataset(csvWithHeader(Array.from({ length: 30 }, (_, i) => `${i},${i % 5},${i < 5 ? i : 'NaN'}`).join('\n'))),
    code: 'BAD_USER_INPUT',
    mentions: ['5'],
  },
  { name: 'csv binary garbage', request: () => createDataset('\u0000\u0001\u0002\u00ff\u00fegarbage\u0000\n\u0007'), code: 'BAD_USER_INPUT', mentions: ['NUL byte at byte 0'] },
  { name: 'csv over MAX_UPLOAD_BYTES', request: () => createDataset(csvWithHeader(numericRows(3000))), code: 'PAYLOAD_TOO_LARGE', mentions: [String(MAX_UPLOAD_BYTES)] },
  { name: 'csv unknown target column', request: () => createDataset(csvWithHeader(numericRows(20)), 'zz'), code: 'BAD_USER_INPUT', mentions: ['"zz"'] },
  { name: 'csv huge target column name', request: () => createDataset(csvWithHeader(numericRows(20)), 'z'.repeat(100_000)), code: 'BAD_USER_INPUT', mentions: ['(100000 characters)'] },
  { name: 'csv columnNames too few', request: () => createDataset(numericRows(20), 'y', ', columnNames: ["y"]'), code: 'BAD_USER_INPUT', mentions: ['columnNames'] },
  { name: 'csv split fractions over 1', request: () => createDataset(csvWithHeader(numericRows(20)), 'y', ', validationFraction: 0.6, testFraction: 0.6'), code: 'BAD_USER_INPUT', mentions: ['validationFraction=0.6', 'testFraction=0.6'] },
  { name: 'csv negative test fraction', request: () => createDataset(csvWithHeader(numericRows(20)), 'y', ', testFraction: -0.1'), code: 'BAD_USER_INPUT', mentions: ['testFraction=-0.1'] },
  { name: 'csv blank dataset name', request: () => ({ query: 'mutation { createDataset(input: { name: "  ", csv: "a,y\\n1,2", targetColumn: "y" }) { id } }' }), code: 'BAD_USER_INPUT', mentions: ['name is empty'] },
  { name: 'csv neither file nor text', request: () => ({ query: 'mutation { createDataset(input: { name: "n", targetColumn: "y" }) { id } }' }), code: 'BAD_USER_INPUT', mentions: ['exactly one of file'] },

  // Broken CSV files as multipart uploads.
  { name: 'upload over MAX_UPLOAD_BYTES', request: () => ({ upload: csvWithHeader(numericRows(3000)), preflight: true }), code: 'PAYLOAD_TOO_LARGE', mentions: [String(MAX_UPLOAD_BYTES)] },
  { name: 'upload binary garbage', request: () => ({ upload: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), preflight: true }), code: 'BAD_USER_INPUT', mentions: ['NUL byte at byte 8'] },
  { name: 'upload UTF-16 text', request: () => ({ upload: new Uint8Array(Buffer.from(`\ufeff${csvWithHeader(numericRows(20))}`, 'utf16le')), preflight: true }), code: 'BAD_USER_INPUT', mentions: ['UTF-16'] },
  { name: 'upload header only', request: () => ({ upload: 'a,b,y\n', preflight: true }), code: 'BAD_USER_INPUT', mentions: ['no data rows'] },
  { name: 'upload without CSRF header', request: () => ({ upload: csvWithHeader(numericRows(30)), preflight: false }), code: 'BAD_REQUEST', status: 400, mentions: ['Cross-Site Request Forgery'] },
  { name: 'upload with invalid operations JSON', request: () => ({ upload: csvWithHeader(numericRows(30)), preflight: true, operations: '{not json' }), code: 'BAD_REQUEST', status: 400, mentions: ['operations'] },

  // Wrong types and missing arguments.
  { name: 'string literal for Int', request: () => ({ query: 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: "ten" }) { id } }' }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['"ten"'] },
  { name: 'string variable for Int', request: () => ({ query: 'mutation($r: Int!) { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: $r }) { id } }', variables: { r: 'ten' } }), code: 'BAD_USER_INPUT', mentions: ['"ten"'] },
  { name: 'float literal for Int', request: () => ({ query: 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 10.5 }) { id } }' }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['10.5'] },
  { name: 'Int over 32 bits', request: () => ({ query: 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 3000000000 }) { id } }' }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['3000000000'] },
  { name: 'object variable for ID', request: () => ({ query: 'query($id: ID!) { model(id: $id) { id } }', variables: { id: { a: 1 } } }), code: 'BAD_USER_INPUT', mentions: ['{ a: 1 }'] },
  { name: 'null for non-null variable', request: () => ({ query: 'query($id: ID!) { model(id: $id) { id } }', variables: { id: null } }), code: 'BAD_USER_INPUT', mentions: ['$id'] },
  { name: 'missing required argument', request: () => ({ query: '{ model { id } }' }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['argument "id"'] },
  { name: 'missing required input field', request: ({ datasetId }) => ({ query: `mutation { trainModel(input: { datasetId: "${datasetId}", name: "t" }) { id } }` }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['architecture'] },
  { name: 'unknown input field', request: () => ({ query: 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, colour: 3 }) { id } }' }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['colour'] },

  // Out-of-range options.
  { name: 'sparsity 1', request: compress('method: WEIGHT_PRUNING, weightPruning: { sparsity: 1 }'), code: 'BAD_USER_INPUT', mentions: ['sparsity 1'] },
  { name: 'sparsity -0.1', request: compress('method: WEIGHT_PRUNING, weightPruning: { sparsity: -0.1 }'), code: 'BAD_USER_INPUT', mentions: ['-0.1'] },
  { name: 'keep 0', request: compress('method: FEATURE_SELECTION, featureSelection: { keep: 0 }'), code: 'BAD_USER_INPUT', mentions: ['keep 0'] },
  { name: 'keep above feature count', request: compress('method: FEATURE_SELECTION, featureSelection: { keep: 11 }'), code: 'BAD_USER_INPUT', mentions: ['keep 11', '10 features'] },
  { name: 'feature fraction 1.5', request: compress('method: FEATURE_SELECTION, featureSelection: { fraction: 1.5 }'), code: 'BAD_USER_INPUT', mentions: ['fraction 1.5'] },
  { name: 'neuron fraction 1.5', request: compress('method: NEURON_PRUNING, neuronPruning: { fraction: 1.5 }'), code: 'BAD_USER_INPUT', mentions: ['fraction 1.5'] },
  { name: 'options of another method', request: compress('method: FEATURE_SELECTION, weightPruning: { sparsity: 0.5 }'), code: 'BAD_USER_INPUT', mentions: ['weightPruning'] },
  { name: 'comparison k 0', request: compress('method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5 }, k: 0'), code: 'BAD_USER_INPUT', mentions: ['k=0'] },
  { name: 'hiddenUnits [0]', request: train('architecture: MLP, hiddenUnits: [0]'), code: 'BAD_USER_INPUT', mentions: ['contains 0'] },
  { name: 'hiddenUnits over the parameter limit', request: train('architecture: MLP, hiddenUnits: [4096, 4096, 4096]'), code: 'BAD_USER_INPUT', mentions: ['MAX_MODEL_PARAMETERS'] },
  { name: 'epochs -1', request: train('architecture: MLP, epochs: -1'), code: 'BAD_USER_INPUT', mentions: ['-1'] },
  { name: 'LOGISTIC on a regression dataset', request: train('architecture: LOGISTIC'), code: 'BAD_USER_INPUT', mentions: ['LOGISTIC'] },
  {
    // JSON has no Infinity, but 1e400 parses to Infinity in JavaScript.
    name: 'learningRate 1e400 in variables',
    request: ({ datasetId }) => ({
      method: 'POST',
      headers: JSON_HEADERS,
      body: `{"query": "mutation($d: ID!, $lr: Float) { trainModel(input: { datasetId: $d, name: \\"t\\", architecture: MLP, learningRate: $lr }) { id } }", "variables": {"d": "${datasetId}", "lr": 1e400}}`,
    }),
    code: 'BAD_USER_INPUT',
    status: 400,
    mentions: ['Infinity'],
  },
  // graphql-js parses the Float literal 1e400 to Infinity without an error, so the service's own check rejects it.
  { name: 'learningRate 1e400 literal', request: train('architecture: MLP, learningRate: 1e400'), code: 'BAD_USER_INPUT', mentions: ['learningRate Infinity'] },
  { name: 'synthetic rows 5', request: () => ({ query: 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 5 }) { id } }' }), code: 'BAD_USER_INPUT', mentions: ['rows=5'] },
  { name: 'synthetic noise -1', request: () => ({ query: 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 50, noise: -1 }) { id } }' }), code: 'BAD_USER_INPUT', mentions: ['noise=-1'] },
  { name: 'importance samples 0', request: ({ modelId }) => ({ query: `mutation { computeImportance(input: { modelId: "${modelId}", method: PERMUTATION, samples: 0 }) { id } }` }), code: 'BAD_USER_INPUT', mentions: ['samples=0'] },

  // Unknown enum values.
  { name: 'unknown enum literal', request: train('architecture: TRANSFORMER'), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['"TRANSFORMER"'] },
  { name: 'unknown enum variable', request: () => ({ query: 'query($s: ModelStatus) { models(filter: { status: $s }) { totalCount } }', variables: { s: 'DONE' } }), code: 'BAD_USER_INPUT', mentions: ['"DONE"'] },
  { name: 'unknown importance method', request: ({ modelId }) => ({ query: `mutation { computeImportance(input: { modelId: "${modelId}", method: SHAPLEY }) { id } }` }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['"SHAPLEY"'] },

  // Unknown ids.
  { name: 'model with unknown UUID', request: () => ({ query: `{ model(id: "${UNKNOWN_UUID}") { id } }` }), code: 'NOT_FOUND', mentions: [UNKNOWN_UUID] },
  { name: 'model with non-UUID id', request: () => ({ query: '{ model(id: "nope") { id } }' }), code: 'NOT_FOUND', mentions: ['"nope"'] },
  { name: 'dataset with unknown UUID', request: () => ({ query: `{ dataset(id: "${UNKNOWN_UUID}") { id } }` }), code: 'NOT_FOUND', mentions: [UNKNOWN_UUID] },
  { name: 'compressionRun with unknown UUID', request: () => ({ query: `{ compressionRun(id: "${UNKNOWN_UUID}") { id } }` }), code: 'NOT_FOUND', mentions: [UNKNOWN_UUID] },
  { name: 'trainModel on unknown dataset', request: () => ({ query: `mutation { trainModel(input: { datasetId: "${UNKNOWN_UUID}", name: "t", architecture: MLP }) { id } }` }), code: 'NOT_FOUND', mentions: [UNKNOWN_UUID] },
  { name: 'compressModel on non-UUID model', request: () => ({ query: 'mutation { compressModel(input: { modelId: "m-1", method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5 } }) { id } }' }), code: 'NOT_FOUND', mentions: ['"m-1"'] },
  { name: 'cancel unknown run', request: () => ({ query: `mutation { cancelCompressionRun(id: "${UNKNOWN_UUID}") { id } }` }), code: 'NOT_FOUND', mentions: [UNKNOWN_UUID] },
  { name: 'delete unknown dataset', request: () => ({ query: `mutation { deleteDataset(id: "${UNKNOWN_UUID}") }` }), code: 'NOT_FOUND', mentions: [UNKNOWN_UUID] },
  { name: 'models filtered by non-UUID dataset', request: () => ({ query: '{ models(filter: { datasetId: "d-1" }) { totalCount } }' }), code: 'NOT_FOUND', mentions: ['"d-1"'] },
  { name: 'id of 100,000 characters', request: () => ({ query: 'query($id: ID!) { model(id: $id) { id } }', variables: { id: 'i'.repeat(100_000) } }), code: 'NOT_FOUND', mentions: ['(100000 characters)'] },

  // Requests that the state of a row rejects.
  { name: 'compress a TRAINING model', request: compress('method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5 }', 'trainingModelId'), code: 'BAD_USER_INPUT', mentions: ['TRAINING'] },
  { name: 'compress a FAILED model', request: compress('method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5 }', 'failedModelId'), code: 'BAD_USER_INPUT', mentions: ['FAILED'] },
  { name: 'importance of a TRAINING model', request: ({ trainingModelId }) => ({ query: `mutation { computeImportance(input: { modelId: "${trainingModelId}", method: PERMUTATION }) { id } }` }), code: 'BAD_USER_INPUT', mentions: ['TRAINING'] },
  { name: 'predict with a FAILED model', request: predict([{ values: { x1: 1 } }], 'failedModelId'), code: 'BAD_USER_INPUT', mentions: ['FAILED'] },
  { name: 'cancel a SUCCEEDED run', request: ({ runId }) => ({ query: `mutation { cancelCompressionRun(id: "${runId}") { id } }` }), code: 'CONFLICT', mentions: ['SUCCEEDED'] },
  { name: 'delete a dataset models use', request: ({ datasetId }) => ({ query: `mutation { deleteDataset(id: "${datasetId}") }` }), code: 'CONFLICT', mentions: ['used by'] },
  { name: 'idempotency key with another input', request: compress('method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.7, fineTuneEpochs: 0 }, idempotencyKey: "hardening-fixture"'), code: 'CONFLICT', mentions: ['"hardening-fixture"'] },

  // Predictions.
  { name: 'predict unknown column', request: predict([{ values: { x1: 0.5, nope: 1 } }]), code: 'BAD_USER_INPUT', mentions: ['"nope"'] },
  { name: 'predict 10,001 rows', request: predict(Array.from({ length: 10_001 }, () => ({ values: { x1: 1 } }))), code: 'BAD_USER_INPUT', mentions: ['10001'] },
  { name: 'predict text in numeric column', request: predict([{ values: { x1: 'abc' } }]), code: 'BAD_USER_INPUT', mentions: ['"abc"'] },
  { name: 'predict object value', request: predict([{ values: { x1: { a: 1 } } }]), code: 'BAD_USER_INPUT', mentions: ['{"a":1}'] },
  { name: 'predict values as array', request: predict([{ values: [1, 2] }]), code: 'BAD_USER_INPUT', mentions: ['rows[0].values'] },
  { name: 'predict no rows', request: predict([]), code: 'BAD_USER_INPUT', mentions: ['rows is empty'] },
  { name: 'predict missing column', request: predict([{ values: { x1: 0.5 } }]), code: 'BAD_USER_INPUT', mentions: ['"x2"'] },

  // Oversized input.
  { name: 'name of 500,000 characters', request: () => ({ query: 'mutation($n: String) { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 20, name: $n }) { id } }', variables: { n: 'x'.repeat(500_000) } }), code: 'BAD_USER_INPUT', mentions: ['500000'] },
  {
    name: 'JSON body over the body limit',
    request: () => ({ method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ serverInfo { version } }', variables: { pad: 'x'.repeat(1_100_000) } }) }),
    code: 'PAYLOAD_TOO_LARGE',
    status: 413,
    mentions: ['1048576'],
  },

  // Deep and wide queries.
  { name: 'query 52 levels deep', request: () => ({ query: `query($id: ID!) { compressionRun(id: $id) { ${deepSelection(25)} } }`, variables: { id: UNKNOWN_UUID } }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['query depth 52'] },
  { name: 'query 50 levels deep through fragments', request: () => ({ query: deepFragments(25), variables: { id: UNKNOWN_UUID } }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['query depth 50'] },
  { name: '100 aliases', request: () => ({ query: `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }` }), code: 'GRAPHQL_VALIDATION_FAILED', mentions: ['30 aliases'] },
  { name: 'first of 2^31 - 1', request: () => ({ query: '{ models(first: 2147483647) { edges { node { id } } } }' }), code: 'BAD_USER_INPUT', mentions: ['complexity'] },
  { name: 'first 101', request: () => ({ query: '{ datasets(first: 101) { totalCount } }' }), code: 'BAD_USER_INPUT', mentions: ['first=101'] },
  { name: 'first 0', request: () => ({ query: '{ datasets(first: 0) { totalCount } }' }), code: 'BAD_USER_INPUT', mentions: ['first=0'] },
  { name: 'first -5', request: () => ({ query: '{ compressionRuns(first: -5) { totalCount } }' }), code: 'BAD_USER_INPUT', mentions: ['first=-5'] },

  // Cursors.
  { name: 'cursor that is not base64 JSON', request: () => ({ query: '{ datasets(after: "!!!") { totalCount } }' }), code: 'BAD_USER_INPUT', mentions: ['"!!!"'] },
  { name: 'cursor with a text date', request: () => ({ query: `{ datasets(after: "${cursor('not a date', UNKNOWN_UUID)}") { totalCount } }` }), code: 'BAD_USER_INPUT', mentions: ['cursor'] },
  { name: 'cursor with a non-UUID id', request: () => ({ query: `{ models(after: "${cursor(new Date().toISOString(), 'x')}") { totalCount } }` }), code: 'BAD_USER_INPUT', mentions: ['cursor'] },
  { name: 'cursor with an object key', request: () => ({ query: `{ compressionRuns(after: "${cursor({}, UNKNOWN_UUID)}") { totalCount } }` }), code: 'BAD_USER_INPUT', mentions: ['cursor'] },
  { name: 'cursor with text for SPARSITY', request: () => ({ query: `{ compressionRuns(orderBy: { field: SPARSITY, direction: ASC }, after: "${cursor('abc', UNKNOWN_UUID)}") { totalCount } }` }), code: 'BAD_USER_INPUT', mentions: ['cursor'] },
  { name: 'cursor with a fraction for DURATION', request: () => ({ query: `{ compressionRuns(orderBy: { field: DURATION }, after: "${cursor(1.5, UNKNOWN_UUID)}") { totalCount } }` }), code: 'BAD_USER_INPUT', mentions: ['cursor'] },

  // Transport-level errors.
  { name: 'invalid JSON body', request: () => ({ method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ serverInfo { version } }"' }), code: 'BAD_REQUEST', status: 400, mentions: ['not valid JSON'] },
  { name: 'JSON null body', request: () => ({ method: 'POST', headers: JSON_HEADERS, body: 'null' }), code: 'BAD_REQUEST', status: 400 },
  { name: 'empty POST body', request: () => ({ method: 'POST', headers: JSON_HEADERS }), code: 'BAD_REQUEST', status: 400 },
  { name: 'batched array body', request: () => ({ method: 'POST', headers: JSON_HEADERS, body: '[{"query": "{ serverInfo { version } }"}]' }), code: 'BAD_REQUEST', status: 400, mentions: ['batching'] },
  { name: 'query that is not a string', request: () => ({ method: 'POST', headers: JSON_HEADERS, body: '{"query": 5}' }), code: 'BAD_REQUEST', status: 400 },
  { name: 'variables that are not an object', request: () => ({ method: 'POST', headers: JSON_HEADERS, body: '{"query": "{ serverInfo { version } }", "variables": [1]}' }), code: 'BAD_REQUEST', status: 400, mentions: ['variables'] },
  { name: 'text/plain body', request: () => ({ method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${TEST_ADMIN_KEY}` }, body: '{ serverInfo { version } }' }), code: 'BAD_REQUEST', status: 400, mentions: ['Cross-Site Request Forgery'] },
  {
    name: 'GET mutation',
    request: () => ({ method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 20 }) { id } }')}`, headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'apollo-require-preflight': 'true' } }),
    code: 'BAD_REQUEST',
    status: 405,
    mentions: ['mutation'],
  },
  { name: 'GET without CSRF header', request: () => ({ method: 'GET', path: `/graphql?query=${encodeURIComponent('{ serverInfo { version } }')}`, headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } }), code: 'BAD_REQUEST', status: 400, mentions: ['Cross-Site Request Forgery'] },
  { name: 'unknown operationName', request: () => ({ query: 'query A { serverInfo { version } }', operationName: 'B' }), code: 'OPERATION_RESOLUTION_FAILURE', status: 400, mentions: ['"B"'] },
  { name: 'two operations without operationName', request: () => ({ query: 'query A { serverInfo { version } } query B { serverInfo { backend } }' }), code: 'OPERATION_RESOLUTION_FAILURE', status: 400, mentions: ['operation name'] },
  { name: 'syntax error', request: () => ({ query: '{ models { ' }), code: 'GRAPHQL_PARSE_FAILED', status: 400, mentions: ['Syntax Error'] },
  { name: 'unknown field', request: () => ({ query: '{ modelz { id } }' }), code: 'GRAPHQL_VALIDATION_FAILED', status: 400, mentions: ['"modelz"'] },

  // Authentication and roles.
  { name: 'no API key', request: () => ({ query: '{ serverInfo { version } }', key: null }), code: 'UNAUTHENTICATED', status: 401, mentions: ['Authorization'] },
  { name: 'unknown API key', request: () => ({ query: '{ serverInfo { version } }', key: 'cx_00000000_not-a-key' }), code: 'UNAUTHENTICATED', status: 401, mentions: ['cx_00000000'] },
  { name: 'Basic Authorization header', request: () => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' }, body: '{"query": "{ serverInfo { version } }"}' }), code: 'UNAUTHENTICATED', status: 401 },
  { name: 'mutation with a READ key', request: ({ readKey }) => ({ query: 'mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 20 }) { id } }', key: readKey }), code: 'FORBIDDEN', status: 403, mentions: ['WRITE'] },
];

let app: TestApp;
let fixtures: Fixtures;
let baseline: DatabaseSnapshot;

async function waitForStatus(find: () => Promise<{ status: string } | null>, status: string): Promise<void> {
  await waitFor(async () => {
    const row = await find();
    if (row?.status === 'FAILED') throw new Error(`fixture ended FAILED while waiting for ${status}`);
    return row?.status === status ? true : undefined;
  }, 90_000);
}

/** Creates a READY model, a SUCCEEDED run and TRAINING and FAILED model rows for the cases to refer to. */
async function createFixtures(): Promise<Fixtures> {
  const read = await app.graphql('mutation { createApiKey(name: "reader", role: READ) { key } }');
  const dataset = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 200, noise: 1, seed: 1 }) { id } }');
  const datasetId = dataset.data.createSyntheticDataset.id;

  const trained = await app.graphql('mutation($d: ID!) { trainModel(input: { datasetId: $d, name: "m", architecture: MLP, hiddenUnits: [8], epochs: 5 }) { id } }', { d: datasetId });
  const modelId = trained.data.trainModel.id;
  await waitForStatus(() => app.db.model.findUnique({ where: { id: modelId } }), 'READY');

  const queued = await app.graphql(
    'mutation($m: ID!) { compressModel(input: { modelId: $m, method: WEIGHT_PRUNING, weightPruning: { sparsity: 0.5, fineTuneEpochs: 0 }, idempotencyKey: "hardening-fixture" }) { id } }',
    { m: modelId },
  );
  const runId = queued.data.compressModel.id;
  await waitForStatus(() => app.db.compressionRun.findUnique({ where: { id: runId } }), 'SUCCEEDED');

  // Rows in these states have no job, so the worker leaves them alone.
  const source = await app.db.model.findUniqueOrThrow({ where: { id: modelId } });
  const row = {
    datasetId,
    architecture: source.architecture,
    inputFeatures: source.inputFeatures,
    inputColumns: source.inputColumns,
    hiddenUnits: source.hiddenUnits,
    activation: source.activation,
    seed: source.seed,
    packageVersion: source.packageVersion,
    trainingConfig: source.trainingConfig as never,
  };
  const training = await app.db.model.create({ data: { ...row, name: 'still training', status: 'TRAINING' } });
  const failed = await app.db.model.create({ data: { ...row, name: 'failed', status: 'FAILED', error: 'training failed: loss diverged' } });

  return { datasetId, modelId, runId, trainingModelId: training.id, failedModelId: failed.id, readKey: read.data.createApiKey.key };
}

beforeAll(async () => {
  app = await startTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), RATE_LIMIT_PER_MINUTE: '100000' });
  fixtures = await createFixtures();
  baseline = await snapshotDatabase(app.db);
});

afterAll(async () => {
  await app?.stop();
});

describe('malformed requests', () => {
  it('has at least 50 cases with unique names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(CASES.map((entry) => entry.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const result = await send(app.url, TEST_ADMIN_KEY, entry.request(fixtures));
    const errors = result.body?.errors ?? [];

    expect(result.status, result.text.slice(0, 300)).toBeLessThan(500);
    expect(result.contentType).toContain('application/json');
    expect(errors.length, result.text.slice(0, 300)).toBeGreaterThan(0);
    expect(errors.map((error) => error.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(errors[0].extensions?.code, errors[0].message).toBe(entry.code);
    expect(TYPED_CODES.has(entry.code)).toBe(true);
    if (entry.status !== undefined) expect(result.status).toBe(entry.status);
    for (const text of entry.mentions ?? []) expect(errors[0].message).toContain(text);
    expect(errors[0].message).not.toMatch(/\n\s+at /);
    expect(errors[0].message.length).toBeLessThan(1000);

    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(await snapshotDatabase(app.db)).toEqual(baseline);
  });

  it('still serves queries and mutations afterwards', async () => {
    const query = await app.graphql('query($id: ID!) { model(id: $id) { status } }', { id: fixtures.modelId });
    expect(query.data.model.status).toBe('READY');
    const created = await app.graphql('mutation { createSyntheticDataset(input: { kind: FRIEDMAN1, rows: 20, seed: 3 }) { rowCount } }');
    expect(created.errors).toBeUndefined();
    expect(created.data.createSyntheticDataset.rowCount).toBe(20);
  });
});
