import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_KEY, waitFor, type TestApp } from './support/app.js';
import { repoRoot } from './support/paths.js';

// Runs the ```graphql blocks of the README's API tour in order against a
// test server, passing the ids that earlier operations returned as variables,
// so that the examples keep working as written.

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

interface TourStep {
  name: string;
  document: string;
  variableNames: string[];
}

/** Returns the README's graphql blocks, each a single named operation. */
function tourSteps(markdown: string): TourStep[] {
  return [...markdown.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((match, index) => {
    const definitions = parse(match[1]).definitions;
    const operation = definitions[0] as OperationDefinitionNode;
    if (definitions.length !== 1 || operation.kind !== Kind.OPERATION_DEFINITION || !operation.name) {
      throw new Error(`README graphql block ${index + 1} must hold exactly one named query or mutation`);
    }
    return {
      name: operation.name.value,
      document: match[1],
      variableNames: (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value),
    };
  });
}

type Data = Record<string, any>;

/** Variables that an operation's result provides to the later ones. */
const CAPTURES: Record<string, (data: Data) => Record<string, string>> = {
  CreateSyntheticDataset: (data) => ({ datasetId: data.createSyntheticDataset.id }),
  TrainModel: (data) => ({ modelId: data.trainModel.id }),
  PruneWeights: (data) => ({ weightRunId: data.compressModel.id }),
  SelectFeatures: (data) => ({ featureRunId: data.compressModel.id }),
  PruneNeurons: (data) => ({ neuronRunId: data.compressModel.id }),
  CompressionRun: (data) => ({ compressedModelId: data.compressionRun.resultModel.id }),
};

/** Operations that the README polls, each with the condition that ends its polling. */
const POLLS: Record<string, (data: Data) => boolean> = {
  ModelStatus: (data) => data.model.status !== 'TRAINING',
  ModelImportance: (data) => data.model.importance !== null,
  CompressionRun: (data) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(data.compressionRun.status),
  CompressionRuns: (data) => data.compressionRuns.totalCount === 3,
};

const POLL_TIMEOUT_MS = 60_000;

const steps = tourSteps(readme);
const variables: Record<string, string> = {};
const results = new Map<string, Data>();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

/** Sends one tour operation with the variables it declares, and repeats it until its POLLS condition holds. */
async function runStep(step: TourStep): Promise<Data> {
  const missing = step.variableNames.filter((name) => !(name in variables));
  expect(missing, `${step.name} uses variables that no earlier tour operation returns`).toEqual([]);
  const stepVariables = Object.fromEntries(step.variableNames.map((name) => [name, variables[name]]));

  const send = async () => {
    const response = await app.graphql(step.document, stepVariables);
    expect(response.errors, `${step.name} returned errors`).toBeUndefined();
    return response.data as Data;
  };
  const done = POLLS[step.name];
  const data = done ? await waitFor(async () => {
    const polled = await send();
    return done(polled) ? polled : undefined;
  }, POLL_TIMEOUT_MS) : await send();

  Object.assign(variables, CAPTURES[step.name]?.(data) ?? {});
  results.set(step.name, data);
  return data;
}

describe('README tour', () => {
  it('names every operation once', () => {
    const names = steps.map((step) => step.name);
    expect(names.length).toBeGreaterThan(10);
    expect(new Set(names).size).toBe(names.length);
    for (const name of [...Object.keys(CAPTURES), ...Object.keys(POLLS)]) expect(names).toContain(name);
  });

  for (const step of steps) {
    it(`runs ${step.name}`, async () => {
      await runStep(step);
    });
  }

  it('trains the model to READY', () => {
    expect(results.get('ModelStatus')?.model.status).toBe('READY');
  });

  it('ranks x1 to x5 first by Kernel SHAP', () => {
    const importance = results.get('ModelImportance')?.model.importance;
    expect(importance.status).toBe('SUCCEEDED');
    for (const check of importance.checks) expect(check.passed, check.name).toBe(true);
    const features = importance.scores.filter((score: Data) => !score.isGroup);
    const topFive = features.filter((score: Data) => score.rank <= 5).map((score: Data) => score.name);
    expect(topFive.sort()).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
  });

  it('selects the informative features', () => {
    const run = results.get('CompressionRun')?.compressionRun;
    expect(run.status).toBe('SUCCEEDED');
    expect(run.summary.removedFeatures.sort()).toEqual(['x10', 'x6', 'x7', 'x8', 'x9']);
  });

  it('verifies the compressed model', () => {
    expect(results.get('VerifyModel')?.verifyModel.ok).toBe(true);
    expect(results.get('VerifyModel')?.verifyModel.mismatches).toEqual([]);
  });

  it('serves model.json loadable by tf.loadLayersModel', async () => {
    const url = `${app.url}/models/${variables.compressedModelId}/model.json`;
    const model = await tf.loadLayersModel(url, { requestInit: { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } } });
    const output = tf.tidy(() => (model.predict(tf.tensor2d([[0.2, 0.9, 0.5, 0.7, 0.1]])) as tf.Tensor).dataSync()[0]);
    model.dispose();

    const predicted = results.get('Predict')?.predict[0].value;
    expect(output).toBeCloseTo(predicted, 4);
  });
});

describe('README configuration table', () => {
  it('lists every variable of src/config.ts', () => {
    const source = readFileSync(path.join(repoRoot, 'src', 'config.ts'), 'utf8');
    const start = source.indexOf('z.object({');
    const body = source.slice(start, source.indexOf('});', start));
    const names = [...body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]);
    expect(names.length).toBeGreaterThan(10);

    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    for (const name of names) expect(section, `README configuration table lacks ${name}`).toContain(`| \`${name}\` |`);
  });
});
