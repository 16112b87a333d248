import type { Matrix } from '../ml/matrix.js';
import { assertNetworkShape, outputSize } from '../ml/network.js';
import { ExplainValidationError } from './errors.js';
import type { ExplainInput, FeatureGroup, ResolvedOptions } from './types.js';

/**
 * Checks everything a method relies on before any computation: network
 * shape, task and class count, matrix shapes, finite values, labels,
 * feature names and groups, seed, and the options that depend on the network.
 * Throws ExplainValidationError naming the value and the fix.
 */
export function validateExplainInput(input: ExplainInput, options: ResolvedOptions): void {
  validateNetwork(input);
  validateMatrix('data', input.data, input.network.inputSize, 2);
  validateMatrix('background', input.background, input.network.inputSize, 1);
  validateTarget(input);
  validateFeatureNames(input.featureNames, input.network.inputSize);
  validateFeatureGroups(input.featureGroups ?? [], input.featureNames, input.network.inputSize);

  if (!Number.isInteger(input.seed)) throw new ExplainValidationError(`seed ${input.seed} is invalid; use an integer`);
  validateOptionsForNetwork(input, options);
}

function validateNetwork(input: ExplainInput): void {
  const { network, task, classCount } = input;
  try {
    assertNetworkShape(network);
  } catch (error) {
    throw new ExplainValidationError(`network is invalid: ${(error as Error).message}; pass a network whose layer sizes chain`);
  }
  if (network.outputKind !== task) {
    throw new ExplainValidationError(`task ${task} does not match the network's output kind ${network.outputKind}; pass task ${network.outputKind}`);
  }

  const units = outputSize(network);
  const expectedUnits = task === 'MULTICLASS' ? classCount : 1;
  if (task === 'REGRESSION' && classCount !== 1) throw new ExplainValidationError(`classCount ${classCount} is invalid for REGRESSION; pass 1`);
  if (task === 'BINARY' && classCount !== 2) throw new ExplainValidationError(`classCount ${classCount} is invalid for BINARY; pass 2`);
  if (units !== expectedUnits) {
    throw new ExplainValidationError(`network has ${units} output units but ${task} with classCount ${classCount} needs ${expectedUnits}; pass the network's class count`);
  }
}

function validateMatrix(name: string, matrix: Matrix, inputSize: number, minimumRows: number): void {
  if (matrix.cols !== inputSize) {
    throw new ExplainValidationError(`${name} has ${matrix.cols} columns but the network has ${inputSize} inputs; pass rows encoded for this network`);
  }
  if (!Number.isInteger(matrix.rows) || matrix.rows < minimumRows) {
    throw new ExplainValidationError(`${name} has ${matrix.rows} rows; pass at least ${minimumRows}`);
  }
  if (matrix.values.length !== matrix.rows * matrix.cols) {
    throw new ExplainValidationError(`${name} contains ${matrix.values.length} values for ${matrix.rows} × ${matrix.cols}; pass a row-major matrix of that size`);
  }

  const firstBad = matrix.values.findIndex((value) => !Number.isFinite(value));
  if (firstBad >= 0) {
    const row = Math.floor(firstBad / matrix.cols);
    const column = firstBad % matrix.cols;
    throw new ExplainValidationError(`${name} has ${matrix.values[firstBad]} at row ${row}, column ${column}; impute or drop rows with missing or infinite values`);
  }
}

function validateTarget(input: ExplainInput): void {
  const { target, data, task, classCount } = input;
  if (target.length !== data.rows) {
    throw new ExplainValidationError(`target has ${target.length} labels for ${data.rows} data rows; pass one label per row`);
  }

  for (let r = 0; r < target.length; r++) {
    const label = target[r];
    if (!Number.isFinite(label)) throw new ExplainValidationError(`target has ${label} at row ${r}; drop rows without a label`);
    if (task !== 'REGRESSION' && (!Number.isInteger(label) || label < 0 || label >= classCount)) {
      throw new ExplainValidationError(`target has ${label} at row ${r}; class labels must be integers in [0, ${classCount - 1}]`);
    }
  }
}

function validateFeatureNames(names: string[], inputSize: number): void {
  if (names.length !== inputSize) {
    throw new ExplainValidationError(`featureNames has ${names.length} names for ${inputSize} inputs; pass one name per input`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ExplainValidationError(`feature name ${name} appears twice; pass unique names`);
    seen.add(name);
  }
}

function validateFeatureGroups(groups: FeatureGroup[], names: string[], inputSize: number): void {
  const owner = new Map<number, string>();
  const groupNames = new Set<string>();

  for (const group of groups) {
    if (groupNames.has(group.name)) throw new ExplainValidationError(`feature group ${group.name} appears twice; pass unique group names`);
    const isSameColumn = group.columns.length === 1 && names[group.columns[0]] === group.name;
    if (names.includes(group.name) && !isSameColumn) {
      throw new ExplainValidationError(`feature group ${group.name} has the name of a column; rename the group`);
    }
    groupNames.add(group.name);
    if (group.columns.length === 0) throw new ExplainValidationError(`feature group ${group.name} has no columns; drop it or list its columns`);

    for (const column of group.columns) {
      if (!Number.isInteger(column) || column < 0 || column >= inputSize) {
        throw new ExplainValidationError(`feature group ${group.name} lists column ${column}; use column indices in [0, ${inputSize - 1}]`);
      }
      const previous = owner.get(column);
      if (previous !== undefined) {
        throw new ExplainValidationError(`column ${column} is in feature groups ${previous} and ${group.name}; put each column in at most one group`);
      }
      owner.set(column, group.name);
    }
  }
}

function validateOptionsForNetwork(input: ExplainInput, options: ResolvedOptions): void {
  const { baseline, targetClass } = options;
  if (Array.isArray(baseline)) {
    if (baseline.length !== input.network.inputSize) {
      throw new ExplainValidationError(`baseline has ${baseline.length} values for ${input.network.inputSize} inputs; pass one raw encoded value per input`);
    }
    const bad = baseline.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) throw new ExplainValidationError(`baseline has ${baseline[bad]} at column ${bad}; pass finite values`);
  }

  if (targetClass !== null) {
    if (input.task === 'REGRESSION') throw new ExplainValidationError(`targetClass ${targetClass} is invalid for REGRESSION; pass null`);
    if (targetClass >= input.classCount) {
      throw new ExplainValidationError(`targetClass ${targetClass} is invalid; use a class index in [0, ${input.classCount - 1}] or null for the predicted class`);
    }
  }
}
