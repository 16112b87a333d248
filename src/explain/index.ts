export * from './types.js';
export { ExplainValidationError } from './errors.js';
export { DEFAULT_OPTIONS, resolveOptions } from './options.js';
export { validateExplainInput } from './validate.js';
export { importanceMethods, importanceMethod, computeImportance } from './methods.js';
export { rankScores } from './ranking.js';
export { activeFeatures, activeFeatureCount, effectiveFeatureCount, giniSparseness, interpretabilityMeasures, type InterpretabilityMeasures } from './measures.js';
export { compareExplanations, spearman, kendallTauB, averageRanks, DEFAULT_TOP_K, type ExplanationEntry, type ExplanationComparison } from './compare.js';
export { predictionFidelity, classAgreement, outputR2, type PredictionFidelity, type Exemplar } from './fidelity.js';
