import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/ml/backend.js';
import { predictMatrix } from '../../src/ml/forward.js';
import type { Matrix } from '../../src/ml/matrix.js';
import { meanAbsoluteError } from '../../src/ml/metrics.js';
import type { DenseNetwork } from '../../src/ml/network.js';
import { exportLayersModel, importLayersModel, ImportError, layersModelArtifacts, type LayersModelJson } from '../../src/ml/serialize.js';
import { trainNetwork, type TrainConfig } from '../../src/ml/train.js';
import { DATASETS_DIR, readSklearnCsv, selectTableRows, splitIndices } from '../support/sklearnCsv.js';

const BASE: TrainConfig = {
  architecture: 'LOGISTIC',
  hiddenUnits: [],
  activation: 'relu',
  epochs: 5,
  batchSize: 32,
  learningRate: 0.01,
  optimizer: 'adam',
  l1: 0,
  l2: 0,
  seed: 3,
  earlyStoppingPatience: null,
};

const ABALONE_MODEL_DIR = `${DATASETS_DIR}tfjs-models/abalone-node-mlp/`;

/** Loads model.json and weights with plain tfjs and predicts the rows of `x`. */
async function predictWithTfjs(modelJson: LayersModelJson, weightData: ArrayBuffer, x: Matrix): Promise<Float32Array> {
  const model = await tf.loadLayersModel(tf.io.fromMemory(layersModelArtifacts(modelJson, weightData)));
  const output = model.predict(tf.tensor2d(x.values, [x.rows, x.cols])) as tf.Tensor;
  const values = output.dataSync() as Float32Array;
  output.dispose();
  model.dispose();
  return values;
}

function maxAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Saves a tfjs model in memory and returns its model.json object. */
async function savedModelJson(model: tf.LayersModel): Promise<LayersModelJson> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const artifacts = saved as unknown as tf.io.ModelArtifacts;
  return {
    modelTopology: artifacts.modelTopology as Record<string, unknown>,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
    format: artifacts.format,
  };
}

async function savedWeights(model: tf.LayersModel): Promise<ArrayBuffer> {
  let data: ArrayBuffer | null = null;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    data = artifacts.weightData as ArrayBuffer;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return data as unknown as ArrayBuffer;
}

/** Reads abalone.csv (no header, sex as F/M/I) into features coded F=0, M=1, I=2 and the ring counts. */
function readAbalone(): { features: Matrix; rings: Float32Array } {
  const lines = readFileSync(`${DATASETS_DIR}raw/abalone/abalone.csv`, 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  const sexCodes: Record<string, number> = { F: 0, M: 1, I: 2 };
  const values = new Float32Array(lines.length * 8);
  const rings = new Float32Array(lines.length);
  lines.forEach((line, row) => {
    const [sex, ...numbers] = line.split(',');
    values[row * 8] = sexCodes[sex];
    numbers.slice(0, 7).forEach((value, i) => (values[row * 8 + 1 + i] = Number(value)));
    rings[row] = Number(numbers[7]);
  });
  return { features: { rows: lines.length, cols: 8, values }, rings };
}

function readAbaloneModel(): { modelJson: LayersModelJson; weightData: Buffer } {
  return {
    modelJson: JSON.parse(readFileSync(`${ABALONE_MODEL_DIR}model.json`, 'utf8')) as LayersModelJson,
    weightData: readFileSync(`${ABALONE_MODEL_DIR}weights.bin`),
  };
}

beforeAll(async () => {
  await initBackend();
});

describe('exportLayersModel', () => {
  it('LOGISTIC multiclass predicts the same in plain tfjs', async () => {
    const wine = readSklearnCsv('wine');
    const split = splitIndices(wine.features.rows, 1);
    const train = selectTableRows(wine, split.train);
    const { network } = await trainNetwork({ ...BASE, epochs: 20 }, { task: 'MULTICLASS', classCount: 3, train: train.features, trainTarget: train.target });

    const exported = exportLayersModel(network, { featureNames: wine.featureNames, classLabels: ['class_0', 'class_1', 'class_2'] });
    const tfjsOutput = await predictWithTfjs(exported.modelJson, exported.weightData, wine.features);

    expect(maxAbsoluteDifference(tfjsOutput, predictMatrix(network, wine.features).values)).toBeLessThan(1e-5);
  });

  it('MLP binary predicts the same in plain tfjs', async () => {
    const cancer = readSklearnCsv('breast_cancer');
    const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [16, 8] };
    const { network } = await trainNetwork(config, { task: 'BINARY', classCount: 2, train: cancer.features, trainTarget: cancer.target });

    const exported = exportLayersModel(network, { classLabels: ['malignant', 'benign'] });
    const tfjsOutput = await predictWithTfjs(exported.modelJson, exported.weightData, cancer.features);

    expect(maxAbsoluteDifference(tfjsOutput, predictMatrix(network, cancer.features).values)).toBeLessThan(1e-5);
  });

  it('MLP regression predicts the same in plain tfjs', async () => {
    const diabetes = readSklearnCsv('diabetes');
    const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [16, 8], activation: 'tanh' };
    const { network } = await trainNetwork(config, { task: 'REGRESSION', classCount: 1, train: diabetes.features, trainTarget: diabetes.target });

    const exported = exportLayersModel(network, {});
    const tfjsOutput = await predictWithTfjs(exported.modelJson, exported.weightData, diabetes.features);
    const forwardOutput = predictMatrix(network, diabetes.features).values;

    // Outputs near 150 have a float32 spacing of 1.5e-5, so the bound is relative to the output size.
    for (let i = 0; i < forwardOutput.length; i++) {
      expect(Math.abs(tfjsOutput[i] - forwardOutput[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(forwardOutput[i])));
    }
  });

  it('writes the standard layers-model JSON', () => {
    const network: DenseNetwork = {
      architecture: 'LINEAR',
      outputKind: 'REGRESSION',
      inputSize: 2,
      inputMean: Float32Array.from([1, 2]),
      inputScale: Float32Array.from([2, 4]),
      layers: [{ inputSize: 2, units: 1, activation: 'linear', kernel: Float32Array.from([4, 8]), bias: Float32Array.from([1]) }],
    };
    const { modelJson, weightData } = exportLayersModel(network, { featureNames: ['a', 'b'] });
    const layers = (modelJson.modelTopology.config as { layers: Array<{ class_name: string; config: Record<string, unknown> }> }).layers;

    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.modelTopology.class_name).toBe('Sequential');
    expect(layers[0].class_name).toBe('Dense');
    expect(layers[0].config.batch_input_shape).toEqual([null, 2]);
    expect(modelJson.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: [
      { name: 'dense_1/kernel', shape: [2, 1], dtype: 'float32' },
      { name: 'dense_1/bias', shape: [1], dtype: 'float32' },
    ] }]);
    expect(modelJson.userDefinedMetadata).toEqual({ featureNames: ['a', 'b'] });
    // W' = W / scale = [2, 2]; b' = b − Σ (mean / scale)·W = 1 − (0.5·4 + 0.5·8) = −5.
    expect(Array.from(new Float32Array(weightData))).toEqual([2, 2, -5]);
  });

  it('round-trips through importLayersModel', async () => {
    const iris = readSklearnCsv('iris');
    const config: TrainConfig = { ...BASE, architecture: 'MLP', hiddenUnits: [8] };
    const { network } = await trainNetwork(config, { task: 'MULTICLASS', classCount: 3, train: iris.features, trainTarget: iris.target });
    const exported = exportLayersModel(network, {});

    const imported = importLayersModel(JSON.parse(JSON.stringify(exported.modelJson)), exported.weightData);

    expect(imported.architecture).toBe('MLP');
    expect(imported.outputKind).toBe('MULTICLASS');
    expect(Array.from(imported.inputMean)).toEqual([0, 0, 0, 0]);
    expect(Array.from(imported.inputScale)).toEqual([1, 1, 1, 1]);
    expect(maxAbsoluteDifference(predictMatrix(imported, iris.features).values, predictMatrix(network, iris.features).values)).toBeLessThan(1e-5);
  });
});

describe('importLayersModel', () => {
  it('imports the abalone model with MAE near 1.9 rings', () => {
    const { modelJson, weightData } = readAbaloneModel();
    const network = importLayersModel(modelJson, weightData, { expectedInputSize: 8 });
    const { features, rings } = readAbalone();

    const mae = meanAbsoluteError(rings, predictMatrix(network, features).values);

    console.log(`abalone-node-mlp MAE on abalone.csv: ${mae.toFixed(3)} rings`);
    expect(network.architecture).toBe('MLP');
    expect(network.outputKind).toBe('REGRESSION');
    expect(network.layers.map((layer) => [layer.inputSize, layer.units, layer.activation])).toEqual([[8, 50, 'sigmoid'], [50, 50, 'sigmoid'], [50, 1, 'linear']]);
    expect(mae).toBeGreaterThan(1.5);
    expect(mae).toBeLessThan(2.3);
  });

  it('accepts model.json without a format key', () => {
    const { modelJson, weightData } = readAbaloneModel();
    const { format: _format, ...olderJson } = modelJson;

    const network = importLayersModel(olderJson, weightData);

    expect(network.inputSize).toBe(8);
    expect(network.layers[0].kernel).toEqual(importLayersModel(modelJson, weightData).layers[0].kernel);
  });

  it('rejects a different expected input size', () => {
    const { modelJson, weightData } = readAbaloneModel();
    const importing = () => importLayersModel(modelJson, weightData, { expectedInputSize: 10 });

    expect(importing).toThrow(ImportError);
    expect(importing).toThrow('input shape [null, 8] but the data has 10 encoded features (shape [null, 10])');
  });

  it('imports a functional Dense chain', async () => {
    const input = tf.input({ shape: [4] });
    const hidden = tf.layers.dense({ units: 5, activation: 'relu', name: 'hidden' }).apply(input) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'score' }).apply(hidden) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const x = { rows: 3, cols: 4, values: Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)) };

    const network = importLayersModel(await savedModelJson(model), await savedWeights(model));
    const expected = (model.predict(tf.tensor2d(x.values, [3, 4])) as tf.Tensor).dataSync();

    expect(network.architecture).toBe('MLP');
    expect(network.outputKind).toBe('BINARY');
    expect(maxAbsoluteDifference(predictMatrix(network, x).values, expected)).toBeLessThan(1e-6);
    model.dispose();
  });

  it('imports a single softmax layer as LOGISTIC', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
    const network = importLayersModel(await savedModelJson(model), await savedWeights(model));

    expect(network.architecture).toBe('LOGISTIC');
    expect(network.outputKind).toBe('MULTICLASS');
    model.dispose();
  });

  it('rejects a Conv2D layer by name', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ name: 'conv2d_1', inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }),
        tf.layers.flatten({ name: 'flatten_1' }),
        tf.layers.dense({ name: 'dense_1', units: 1 }),
      ],
    });
    const importing = async () => importLayersModel(await savedModelJson(model), await savedWeights(model));

    await expect(importing()).rejects.toThrow(ImportError);
    await expect(importing()).rejects.toThrow('layer conv2d_1 (Conv2D) is not supported: only Dense layers can be compressed and explained');
    model.dispose();
  });

  it('rejects a Dropout layer by name', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ name: 'dense_a', units: 4, inputShape: [3] }), tf.layers.dropout({ name: 'dropout_a', rate: 0.5 }), tf.layers.dense({ name: 'dense_b', units: 1 })],
    });
    const json = await savedModelJson(model);

    expect(() => importLayersModel(json, new ArrayBuffer(0))).toThrow('layer dropout_a (Dropout) is not supported');
    model.dispose();
  });

  it('rejects an unsupported activation', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ name: 'dense_c', units: 1, inputShape: [3], activation: 'softplus' })] });
    const json = await savedModelJson(model);
    const weights = await savedWeights(model);

    expect(() => importLayersModel(json, weights)).toThrow('layer dense_c uses activation "softplus", which is not supported');
    model.dispose();
  });

  it('rejects a model without Dense layers', () => {
    const json = { modelTopology: { class_name: 'Sequential', config: { layers: [] } }, weightsManifest: [] };

    expect(() => importLayersModel(json, new ArrayBuffer(0))).toThrow('the model has no Dense layers');
  });

  it('rejects a graph model', () => {
    expect(() => importLayersModel({ format: 'graph-model', modelTopology: {}, weightsManifest: [] }, new ArrayBuffer(0))).toThrow('model format graph-model is not supported');
  });
});
