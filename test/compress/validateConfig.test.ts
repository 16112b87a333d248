import { describe, expect, it } from 'vitest';
import { CompressionConfigError, validateConfig, validationContext, type ValidationContext } from '../../src/compress/index.js';
import { createNetwork } from '../../src/ml/build.js';
import { mlpConfig } from './helpers.js';

const mlp: ValidationContext = { inputSize: 10, featureCount: 10, hiddenLayerSizes: [4, 4], outputSize: 1 };
const linear: ValidationContext = { inputSize: 10, featureCount: 10, hiddenLayerSizes: [], outputSize: 1 };
const tiny: ValidationContext = { inputSize: 2, featureCount: 2, hiddenLayerSizes: [1], outputSize: 1 };

const rejected: Array<[string, string, unknown, ValidationContext, RegExp]> = [
  ['unknown method', 'QUANTIZATION', {}, mlp, /compression method QUANTIZATION is unknown; use one of WEIGHT_PRUNING/],
  ['config not an object', 'WEIGHT_PRUNING', null, mlp, /WEIGHT_PRUNING config null is invalid/],
  ['unknown field', 'WEIGHT_PRUNING', { sparsity: 0.5, amount: 0.5 }, mlp, /config field amount is unknown/],
  ['missing sparsity', 'WEIGHT_PRUNING', {}, mlp, /sparsity is missing/],
  ['sparsity 1', 'WEIGHT_PRUNING', { sparsity: 1 }, mlp, /sparsity 1 is invalid; pass a target share of zero weights in \[0, 1\)/],
  ['negative sparsity', 'WEIGHT_PRUNING', { sparsity: -0.1 }, mlp, /sparsity -0.1 is invalid/],
  ['sparsity as text', 'WEIGHT_PRUNING', { sparsity: '0.5' }, mlp, /sparsity "0.5" is invalid; pass a finite number/],
  ['unknown scope', 'WEIGHT_PRUNING', { sparsity: 0.5, scope: 'BLOCK' }, mlp, /scope "BLOCK" is unknown; use one of LAYER, GLOBAL/],
  ['unknown criterion', 'WEIGHT_PRUNING', { sparsity: 0.5, criterion: 'RANDOM' }, mlp, /criterion "RANDOM" is unknown; use one of MAGNITUDE, TAYLOR, RELATIVE_SENSITIVITY/],
  ['unknown schedule', 'WEIGHT_PRUNING', { sparsity: 0.5, schedule: 'CUBIC' }, mlp, /schedule "CUBIC" is unknown/],
  ['zero steps', 'WEIGHT_PRUNING', { sparsity: 0.5, schedule: 'POLYNOMIAL', steps: 0 }, mlp, /steps 0 is invalid; pass an integer of at least 1/],
  ['fractional epochs', 'WEIGHT_PRUNING', { sparsity: 0.5, fineTuneEpochs: 1.5 }, mlp, /fineTuneEpochs 1.5 is invalid/],
  ['biases flag as text', 'WEIGHT_PRUNING', { sparsity: 0.5, includeBiases: 'yes' }, mlp, /includeBiases "yes" is invalid; pass true or false/],
  ['negative epsilon', 'WEIGHT_PRUNING', { sparsity: 0.5, epsilon: -1 }, mlp, /epsilon -1 is invalid/],
  ['nothing prunable', 'WEIGHT_PRUNING', { sparsity: 0.5 }, linear, /no hidden layers.*set includeOutputLayer to true/],
  ['layer emptied', 'WEIGHT_PRUNING', { sparsity: 0.9, scope: 'LAYER' }, tiny, /sparsity 0.9 would prune all 2 weights of layer 0 under LAYER scope/],
  ['keep above count', 'FEATURE_SELECTION', { keep: 11 }, mlp, /keep 11 is above the model's 10 features/],
  ['keep zero', 'FEATURE_SELECTION', { keep: 0 }, mlp, /keep 0 is invalid; pass an integer of at least 1/],
  ['keep and fraction', 'FEATURE_SELECTION', { keep: 3, fraction: 0.5 }, mlp, /set exactly one of keep, fraction, threshold \(found keep and fraction\)/],
  ['no amount', 'FEATURE_SELECTION', {}, mlp, /set exactly one of keep, fraction, threshold \(found none of them\)/],
  ['fraction zero', 'FEATURE_SELECTION', { fraction: 0 }, mlp, /fraction 0 is invalid; pass a share of features to keep in \(0, 1\]/],
  ['fraction above one', 'FEATURE_SELECTION', { fraction: 1.5 }, mlp, /fraction 1.5 is invalid/],
  ['neuron method', 'FEATURE_SELECTION', { keep: 3, importanceMethod: 'WEIGHT_L1' }, mlp, /importanceMethod "WEIGHT_L1" is unknown; use one of PERMUTATION/],
  ['threshold with step', 'FEATURE_SELECTION', { threshold: 0.1, step: 2 }, mlp, /step 2 needs keep or fraction/],
  ['zero step', 'FEATURE_SELECTION', { keep: 3, step: 0 }, mlp, /step 0 is invalid/],
  ['bad importance option', 'FEATURE_SELECTION', { keep: 3, importanceOptions: { repeats: 0 } }, mlp, /importanceOptions: option repeats = 0 is invalid/],
  ['retrain as number', 'FEATURE_SELECTION', { keep: 3, retrain: 1 }, mlp, /retrain 1 is invalid; pass true or false/],
  ['no hidden layers', 'NEURON_PRUNING', { fraction: 0.5 }, linear, /NEURON_PRUNING needs a model with hidden layers/],
  ['fraction and count', 'NEURON_PRUNING', { fraction: 0.5, count: 2 }, mlp, /set exactly one of fraction, count/],
  ['neuron fraction zero', 'NEURON_PRUNING', { fraction: 0 }, mlp, /fraction 0 is invalid; pass a share of units per hidden layer in \(0, 1\]/],
  ['neuron fraction above one', 'NEURON_PRUNING', { fraction: 1.2 }, mlp, /fraction 1.2 is invalid/],
  ['count zero', 'NEURON_PRUNING', { count: 0 }, mlp, /count 0 is invalid/],
  ['count empties a layer', 'NEURON_PRUNING', { count: 7 }, mlp, /count 7 would empty a hidden layer.*at most 6/],
  ['unknown neuron criterion', 'NEURON_PRUNING', { fraction: 0.5, criterion: 'L2' }, mlp, /criterion "L2" is unknown; use one of WEIGHT_L1, MEAN_ACTIVATION, TAYLOR/],
];

describe('validateConfig', () => {
  it.each(rejected)('rejects %s', (_, method, config, context, message) => {
    expect(() => validateConfig(method, config, context)).toThrow(CompressionConfigError);
    expect(() => validateConfig(method, config, context)).toThrow(message);
  });

  it('fills in weight pruning defaults', () => {
    expect(validateConfig('WEIGHT_PRUNING', { sparsity: 0.5 }, mlp)).toEqual({
      sparsity: 0.5,
      scope: 'GLOBAL',
      criterion: 'MAGNITUDE',
      schedule: 'ONE_SHOT',
      steps: 1,
      fineTuneEpochs: 5,
      includeBiases: false,
      includeOutputLayer: false,
      scoringRows: 2048,
      epsilon: 1e-3,
    });
  });

  it('defaults to 5 polynomial steps', () => {
    expect(validateConfig('WEIGHT_PRUNING', { sparsity: 0.5, schedule: 'POLYNOMIAL' }, mlp).steps).toBe(5);
  });

  it('fills in feature selection defaults', () => {
    expect(validateConfig('FEATURE_SELECTION', { keep: 10 }, mlp)).toEqual({
      keep: 10,
      fraction: null,
      threshold: null,
      importanceMethod: 'PERMUTATION',
      importanceOptions: {},
      step: null,
      fineTuneEpochs: 5,
      retrain: true,
    });
  });

  it('allows removing all but one unit per layer', () => {
    expect(validateConfig('NEURON_PRUNING', { count: 6 }, mlp).count).toBe(6);
    expect(validateConfig('NEURON_PRUNING', { fraction: 1 }, mlp).fraction).toBe(1);
  });

  it('counts a one-hot group as one feature', () => {
    const network = createNetwork(mlpConfig([4]), 13, 1, 'REGRESSION');
    const names = Array.from({ length: 13 }, (_, i) => `c${i}`);
    const context = validationContext(network, names, [{ name: 'color', columns: [10, 11, 12] }]);

    expect(context.featureCount).toBe(11);
    expect(validateConfig('FEATURE_SELECTION', { keep: 11 }, context).keep).toBe(11);
    expect(() => validateConfig('FEATURE_SELECTION', { keep: 12 }, context)).toThrow(/keep 12 is above the model's 11 features/);
  });

  it('rejects overlapping feature groups', () => {
    const network = createNetwork(mlpConfig([4]), 4, 1, 'REGRESSION');
    const groups = [{ name: 'a', columns: [0, 1] }, { name: 'b', columns: [1, 2] }];

    expect(() => validationContext(network, ['w', 'x', 'y', 'z'], groups)).toThrow(/column 1 belongs to feature groups a and b/);
  });
});
