import type { Context } from '../graphql/context.js';
import { badInput, notFound, requireUuid } from '../graphql/errors.js';
import type { Prediction } from '../graphql/types/model.js';
import { encodeRows, type DatasetEncoding, type RawRow } from '../data/encoding.js';
import type { FeatureGroupSpec } from './computeData.js';
import { DatasetValidationError } from '../data/errors.js';
import { predictMatrix } from '../ml/forward.js';
import { selectColumns } from '../ml/matrix.js';
import { predictedClass } from '../ml/metrics.js';
import { loadNetwork } from './networks.js';

export const MAX_PREDICT_ROWS = 10_000;

/**
 * Predicts rows given as feature values by source column name, encoded the
 * way the model's dataset was encoded.
 */
export async function predictRows(context: Context, modelId: string, rows: Array<Record<string, unknown>>): Promise<Prediction[]> {
  const model = await context.db.model.findUnique({ where: { id: requireUuid('Model', modelId) } });
  if (!model) throw notFound('Model', modelId);
  if (model.status !== 'READY') throw badInput(`model ${modelId} is ${model.status}; predictions need a READY model`, 'modelId');
  if (rows.length === 0) throw badInput('rows is empty; give at least one row of feature values', 'rows');
  if (rows.length > MAX_PREDICT_ROWS) throw badInput(`rows has ${rows.length} entries; send at most ${MAX_PREDICT_ROWS} per request`, 'rows');

  rows.forEach((row, index) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw badInput(`rows[${index}].values must be an object of column name to value, such as {"age": 39}`, 'rows');
    }
    for (const [column, value] of Object.entries(row)) {
      if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
        throw badInput(`rows[${index}].values.${column} is ${JSON.stringify(value)}; use a number, a string or null`, 'rows');
      }
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw badInput(`rows[${index}].values.${column} is not a finite number; use a finite number or null for missing`, 'rows');
      }
    }
  });

  const dataset = await context.db.dataset.findUniqueOrThrow({ where: { id: model.datasetId } });
  rejectUnknownColumns(rows, dataset.sourceColumns, dataset.targetColumn);
  let encoded;
  try {
    const encoding = dataset.encoding as unknown as DatasetEncoding;
    const complete = withUnusedColumns(encoding, model.inputColumns, dataset.featureGroups as unknown as FeatureGroupSpec[], rows as RawRow[]);
    encoded = encodeRows(encoding, complete);
  } catch (error) {
    if (error instanceof DatasetValidationError) throw badInput(error.message, 'rows');
    throw error;
  }

  const all = { rows: rows.length, cols: encoded.featureCount, values: Float32Array.from(encoded.values) };
  const network = await loadNetwork(context.db, model.id);
  const outputs = predictMatrix(network, selectColumns(all, model.inputColumns));

  return Array.from({ length: outputs.rows }, (_, r) => {
    const output = Array.from(outputs.values.subarray(r * outputs.cols, (r + 1) * outputs.cols));
    if (dataset.task === 'REGRESSION') return { value: output[0], label: null, probabilities: null };
    const probabilities = dataset.task === 'BINARY' ? [1 - output[0], output[0]] : output;
    return { value: null, label: dataset.classLabels[predictedClass(output, dataset.task)], probabilities };
  });
}

/**
 * Rejects a column name that is neither a feature column nor the target of
 * the dataset, since a misspelt column would otherwise be ignored, and its
 * value imputed or reported as missing under the correct name.
 */
function rejectUnknownColumns(rows: Array<Record<string, unknown>>, sourceColumns: string[], targetColumn: string): void {
  const known = new Set([...sourceColumns, targetColumn]);
  rows.forEach((row, index) => {
    const unknown = Object.keys(row).find((column) => !known.has(column));
    if (unknown === undefined) return;
    const listed = sourceColumns.slice(0, 20).map((column) => JSON.stringify(column)).join(', ');
    const more = sourceColumns.length > 20 ? `, and ${sourceColumns.length - 20} more` : '';
    throw badInput(`rows[${index}].values has the unknown column ${JSON.stringify(unknown.slice(0, 100))}; use the dataset's feature columns ${listed}${more}`, 'rows');
  });
}

/**
 * Fills source columns that the model does not use (dropped by feature
 * selection) with a valid placeholder when a row omits them, since their
 * encoded values are discarded before the model runs.
 */
function withUnusedColumns(encoding: DatasetEncoding, inputColumns: number[], groups: FeatureGroupSpec[], rows: RawRow[]): RawRow[] {
  const used = new Set(inputColumns);
  const unused = encoding.columns.filter((column) => {
    const group = groups.find((candidate) => candidate.name === column.column);
    return group !== undefined && group.columns.every((index) => !used.has(index));
  });
  if (unused.length === 0) return rows;

  return rows.map((row) => {
    const filled: RawRow = { ...row };
    for (const column of unused) {
      if (filled[column.column] !== undefined && filled[column.column] !== null) continue;
      filled[column.column] = column.kind === 'numeric' ? 0 : column.categories[0];
    }
    return filled;
  });
}
