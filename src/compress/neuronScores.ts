import { computeImportance } from '../explain/methods.js';
import type { Matrix } from '../ml/matrix.js';
import type { DenseNetwork, OutputKind } from '../ml/network.js';

export type NeuronCriterion = 'WEIGHT_L1' | 'MEAN_ACTIVATION' | 'TAYLOR';

/** Rows the data-dependent criteria average over. */
export interface NeuronScoringData {
  x: Matrix;
  target: Float32Array;
  background: Matrix;
  featureNames: string[];
  task: OutputKind;
  classCount: number;
  seed: number;
}

/**
 * Scores every unit of every hidden layer with the importance method of the
 * same name and returns one array per hidden layer. WEIGHT_L1 is the L1 norm
 * of the unit's incoming weights (Li et al. 2017), MEAN_ACTIVATION the mean
 * |a| over the rows, and TAYLOR the mean over rows of |a · ∂L/∂a| with L the
 * row's training loss (Molchanov et al. 2017).
 */
export async function neuronScores(network: DenseNetwork, criterion: NeuronCriterion, data: NeuronScoringData): Promise<Float32Array[]> {
  const result = await computeImportance(criterion, {
    network,
    task: data.task,
    classCount: data.classCount,
    data: data.x,
    target: data.target,
    background: data.background,
    featureNames: data.featureNames,
    seed: data.seed,
    options: { samples: null },
  });

  const scores = network.layers.slice(0, -1).map((layer) => new Float32Array(layer.units));
  for (const score of result.scores) {
    if (score.targetKind === 'NEURON' && score.layer !== null) scores[score.layer][score.index] = score.value;
  }
  return scores;
}
