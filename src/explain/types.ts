import type { Matrix } from '../ml/matrix.js';
import type { DenseNetwork, OutputKind } from '../ml/network.js';

/** The importance methods of the registry in methods.ts. */
export type ImportanceMethodName =
  | 'PERMUTATION'
  | 'SALIENCY'
  | 'GRADIENT_X_INPUT'
  | 'RELATIVE_SENSITIVITY'
  | 'INTEGRATED_GRADIENTS'
  | 'KERNEL_SHAP'
  | 'LIME'
  | 'WEIGHT_L1'
  | 'MEAN_ACTIVATION'
  | 'TAYLOR';

/** Target of a score: an input feature (or a group of them) or a hidden unit. */
export type TargetKind = 'FEATURE' | 'NEURON';

/** Quadrature rule of integrated gradients over the path parameter α ∈ [0, 1]. */
export type IntegrationMethod = 'gausslegendre' | 'riemann_trapezoid';

/** Integrated-gradients baseline: the background mean, all zeros, or one raw encoded row. */
export type BaselineOption = 'mean' | 'zero' | number[];

/** Encoded columns that come from one source feature (a one-hot block). */
export interface FeatureGroup {
  name: string;
  columns: number[];
}

/**
 * Runs the network on raw encoded rows and returns its outputs
 * [rows × output units], in batches of at most `batchSize` rows.
 */
export type BatchPredictor = (network: DenseNetwork, input: Matrix, batchSize: number) => Matrix;

/** Method options; every field is optional and falls back to the method's default. */
export interface ImportanceOptions {
  /** Rows of `data` to explain, drawn with the seed; null uses every row. */
  samples?: number | null;
  /** Shuffles per feature in PERMUTATION. */
  repeats?: number;
  /** Integration points of INTEGRATED_GRADIENTS. */
  steps?: number;
  integration?: IntegrationMethod;
  /** Background rows KERNEL_SHAP averages over, drawn with the seed. */
  backgroundSize?: number;
  /** Coalitions per row in KERNEL_SHAP; null uses 2·M + 2048 for M players. */
  shapSamples?: number | null;
  /** Perturbed samples per row in LIME. */
  limeSamples?: number;
  /** Width of LIME's exponential kernel; null uses 0.75·sqrt(M) for M players. */
  kernelWidth?: number | null;
  /** L2 penalty of LIME's weighted ridge fit. */
  ridgeAlpha?: number;
  /** RELATIVE_SENSITIVITY skips rows with |y| < epsilon · mean |y| over the explained rows. */
  epsilon?: number;
  /** Class whose probability is explained; null explains each row's predicted class. */
  targetClass?: number | null;
  baseline?: BaselineOption;
  /** Rows per forward or gradient pass. */
  batchSize?: number;
}

/** Options with every default filled in, as recorded in a result. */
export type ResolvedOptions = Required<ImportanceOptions>;

/** The rows, model and settings one importance computation works on. */
export interface ExplainInput {
  network: DenseNetwork;
  task: OutputKind;
  /** 1 for regression, 2 for binary, the number of classes for multiclass. */
  classCount: number;
  /** Rows to explain or evaluate, as raw encoded inputs (the network standardizes them). */
  data: Matrix;
  /** Labels of `data`: values for regression, class indices for classification. */
  target: Float32Array;
  /** Rows for baselines and backgrounds, usually the training split. */
  background: Matrix;
  /** One name per network input. */
  featureNames: string[];
  /** One-hot groups; columns in no group are single features. */
  featureGroups?: FeatureGroup[];
  seed: number;
  options?: ImportanceOptions;
  /** Forward pass used for every prediction; defaults to predictMatrix of src/ml/forward.ts. */
  predictor?: BatchPredictor;
}

/** One importance value of one feature, feature group or hidden unit. */
export interface ImportanceScoreValue {
  targetKind: TargetKind;
  /** Hidden layer index for neurons, null for features. */
  layer: number | null;
  /** Column index for a feature, group index in `featureGroups` for a group, unit index for a neuron. */
  index: number;
  /** Feature name, group name, or `layer{l}/unit{u}` for a neuron. */
  name: string;
  value: number;
  /** Population standard deviation over rows or repeats; null where the method is deterministic. */
  std: number | null;
  /** Signed mean over rows, for sign agreement; null where the method has no sign. */
  signedValue: number | null;
  isGroup: boolean;
}

/** A score with its rank (1 = most important) within its family (see ranking.ts). */
export interface RankedScoreValue extends ImportanceScoreValue {
  rank: number;
}

/** A numeric check of a method's own guarantee, such as completeness of integrated gradients. */
export interface SelfCheck {
  name: string;
  value: number;
  tolerance: number;
  passed: boolean;
  detail: string;
}

/** Signed attributions of each explained row, for per-sample views and plots. */
export interface PerSampleAttributions {
  /** Row indices into `ExplainInput.data`. */
  rowIndices: number[];
  /** Explained class per row (0 for regression). */
  explainedClass: Int32Array;
  /** Signed attribution per row and input column [rows × inputs]. */
  attributions: Matrix;
  /** Per row, Σ attributions − (f(x) − reference) for methods with a completeness or efficiency property. */
  convergenceDelta?: Float32Array;
}

/** The output of one importance method. */
export interface ImportanceResult<Score extends ImportanceScoreValue = ImportanceScoreValue> {
  method: ImportanceMethodName;
  targetKind: TargetKind;
  /** Per-column (or per-unit) scores followed by group scores, in index order. */
  scores: Score[];
  /** Rows explained or evaluated (rows that entered the mean, after skips). */
  sampleCount: number;
  seed: number;
  options: ResolvedOptions;
  checks: SelfCheck[];
  notes: string[];
  /** Rows left out of the mean, e.g. near-zero outputs in RELATIVE_SENSITIVITY. */
  skippedSamples: number;
  durationMs: number;
  perSample?: PerSampleAttributions;
}

/** One importance method: a name, what it scores, its defaults and the computation. */
export interface ImportanceMethod {
  name: ImportanceMethodName;
  targetKind: TargetKind;
  /** Defaults that differ from the shared ones in options.ts. */
  defaults: Partial<ImportanceOptions>;
  /** Computes unranked scores; expects input already checked by validateExplainInput. */
  compute(input: ExplainInput): Promise<ImportanceResult>;
}
