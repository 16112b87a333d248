import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/ml/backend.js';
import { forward } from '../src/ml/forward.js';

describe('backend', () => {
  it('selects wasm without tfjs-node', async () => {
    const name = await initBackend();
    expect(name).toBe('wasm');
    const y = forward({ architecture: 'LINEAR', outputKind: 'REGRESSION', inputSize: 2, inputMean: new Float32Array([0, 0]), inputScale: new Float32Array([1, 1]),
      layers: [{ inputSize: 2, units: 1, activation: 'linear', kernel: new Float32Array([2, 3]), bias: new Float32Array([1]) }] }, tf.tensor2d([[1, 1]]));
    expect(Array.from(y.dataSync())).toEqual([6]);
  });
});
