import { DatasetValidationError } from './errors.js';
import type { ParsedColumn } from './table.js';
import type { Task } from './types.js';

/** Maximum distinct values of an integer target inferred as classification (beyond two). */
export const MAX_INFERRED_CLASSES = 20;

/** Maximum ratio of distinct values to rows for an integer target inferred as classification (beyond two). */
export const MAX_INFERRED_CLASS_SHARE = 0.05;

/** The encoded target over the kept rows. */
export interface EncodedTarget {
  task: Task;
  /** Class names in class-index order; empty for regression. */
  classLabels: string[];
  /** The value (regression) or class index (classification) per kept row. */
  y: Float64Array;
}

/**
 * Encodes the target of the kept rows and infers the task when none is given.
 * A text target is BINARY with two classes and MULTICLASS otherwise, with
 * labels in order of first appearance. A numeric target is classification
 * when it is integer-valued with at most 2 distinct values, or with at most 20
 * that are also at most 5% of the rows. Its labels are then the values in
 * ascending numeric order, written with String(). Every other numeric target
 * is REGRESSION.
 */
export function encodeTarget(column: ParsedColumn, keptRows: Int32Array, requestedTask?: Task): EncodedTarget {
  const target = column.kind === 'text' ? encodeTextTarget(column.codes, column.categories, keptRows) : encodeNumericTarget(column.values, keptRows, requestedTask);
  rejectSingleValue(column.name, target, keptRows.length);
  applyRequestedTask(column.name, target, requestedTask);
  return target;
}

function encodeTextTarget(codes: Int32Array, categories: string[], keptRows: Int32Array): EncodedTarget {
  const classIndex = new Int32Array(categories.length).fill(-1);
  const classLabels: string[] = [];
  const y = new Float64Array(keptRows.length);
  for (let i = 0; i < keptRows.length; i++) {
    const code = codes[keptRows[i]];
    if (classIndex[code] < 0) {
      classIndex[code] = classLabels.length;
      classLabels.push(categories[code]);
    }
    y[i] = classIndex[code];
  }
  return { task: classLabels.length === 2 ? 'BINARY' : 'MULTICLASS', classLabels, y };
}

function encodeNumericTarget(values: Float64Array, keptRows: Int32Array, requestedTask?: Task): EncodedTarget {
  const y = new Float64Array(keptRows.length);
  for (let i = 0; i < keptRows.length; i++) y[i] = values[keptRows[i]];

  const task = requestedTask ?? inferNumericTask(y);
  if (task === 'REGRESSION') return { task, classLabels: [], y };

  const distinct = [...new Set(y)].sort((a, b) => a - b);
  const classIndex = new Map(distinct.map((value, index) => [value, index]));
  for (let i = 0; i < y.length; i++) y[i] = classIndex.get(y[i])!;
  return { task, classLabels: distinct.map(String), y };
}

function inferNumericTask(y: Float64Array): Task {
  const distinct = new Set<number>();
  for (const value of y) {
    if (!Number.isInteger(value)) return 'REGRESSION';
    distinct.add(value);
    if (distinct.size > MAX_INFERRED_CLASSES) return 'REGRESSION';
  }
  if (distinct.size <= 2) return 'BINARY';
  return distinct.size <= MAX_INFERRED_CLASS_SHARE * y.length ? 'MULTICLASS' : 'REGRESSION';
}

function rejectSingleValue(name: string, target: EncodedTarget, rowCount: number): void {
  const single = target.task === 'REGRESSION' ? target.y.every((value) => value === target.y[0]) : target.classLabels.length < 2;
  if (!single) return;
  const value = target.task === 'REGRESSION' ? String(target.y[0]) : target.classLabels[0];
  throw new DatasetValidationError(
    'targetColumn',
    `target column "${name}" has the single value "${value}" in all ${rowCount} usable rows; choose a target column with at least two distinct values`,
  );
}

function applyRequestedTask(name: string, target: EncodedTarget, requestedTask?: Task): void {
  if (requestedTask === 'REGRESSION' && target.task !== 'REGRESSION') {
    throw new DatasetValidationError(
      'task',
      `target column "${name}" contains text (for example "${target.classLabels[0]}"), which a REGRESSION task cannot use; choose BINARY or MULTICLASS`,
    );
  }
  if (requestedTask) target.task = requestedTask;

  if (target.task === 'BINARY' && target.classLabels.length !== 2) {
    throw new DatasetValidationError(
      'task',
      `task BINARY needs exactly 2 classes but target column "${name}" has ${target.classLabels.length} (${preview(target.classLabels)}); choose MULTICLASS`,
    );
  }
}

function preview(labels: string[]): string {
  return labels.slice(0, 5).join(', ') + (labels.length > 5 ? ', ...' : '');
}
