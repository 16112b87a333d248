import type { Database } from '../db/client.js';
import type { Dataset } from '../db/generated/client.js';
import type { Matrix } from '../ml/matrix.js';
import { selectColumns, selectRows } from '../ml/matrix.js';
import { readDatasetRows } from './datasetStorage.js';
import type { OutputKind } from '../ml/network.js';

export type SplitName = 'TRAIN' | 'VALIDATION' | 'TEST';

export interface FeatureGroupSpec {
  name: string;
  columns: number[];
}

/** A dataset loaded for computation: float32 features in the columns of one model, by split. */
export interface ComputeData {
  dataset: Dataset;
  task: OutputKind;
  classCount: number;
  /** Dataset feature indices that the matrices hold, in order. */
  columns: number[];
  featureNames: string[];
  /** Feature groups over `columns` (indices into this view), one per source column in use. */
  featureGroups: FeatureGroupSpec[];
  splits: Record<SplitName, { x: Matrix; y: Float32Array; rows: Int32Array }>;
}

/** Stored split sizes of a dataset. */
export interface SplitSizes {
  train: number;
  validation: number;
  test: number;
}

export function classCountOf(dataset: Pick<Dataset, 'task' | 'classLabels'>): number {
  return dataset.task === 'REGRESSION' ? 1 : dataset.classLabels.length;
}

function int32View(bytes: Uint8Array): Int32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Int32Array(copy.buffer);
}

/**
 * Restricts the dataset's feature groups to the given columns and renumbers
 * them as positions in that list. Only groups of several columns (one-hot
 * encoded text columns) are kept, since a single column is its own feature.
 */
export function groupsForColumns(groups: FeatureGroupSpec[], columns: number[]): FeatureGroupSpec[] {
  const position = new Map(columns.map((column, index) => [column, index]));
  return groups
    .map((group) => ({ name: group.name, columns: group.columns.filter((c) => position.has(c)).map((c) => position.get(c)!) }))
    .filter((group) => group.columns.length > 1);
}

/**
 * Loads a dataset's matrix and split from the database and returns the
 * columns a model uses (all columns when `columns` is omitted).
 */
export async function loadComputeData(db: Database, datasetId: string, columns?: number[]): Promise<ComputeData> {
  const dataset = await db.dataset.findUniqueOrThrow({ where: { id: datasetId } });
  const stored = await db.datasetData.findUniqueOrThrow({ where: { datasetId } });
  const { X: features, y: target } = await readDatasetRows(db, datasetId, dataset.rowCount, dataset.featureCount);
  const order = int32View(stored.splits);
  const sizes = dataset.splitSizes as unknown as SplitSizes;

  const all: Matrix = { rows: dataset.rowCount, cols: dataset.featureCount, values: Float32Array.from(features) };
  const used = columns ?? Array.from({ length: dataset.featureCount }, (_, i) => i);
  const view = used.length === dataset.featureCount && used.every((c, i) => c === i) ? all : selectColumns(all, used);

  const bounds: Array<[SplitName, number, number]> = [
    ['TRAIN', 0, sizes.train],
    ['VALIDATION', sizes.train, sizes.train + sizes.validation],
    ['TEST', sizes.train + sizes.validation, sizes.train + sizes.validation + sizes.test],
  ];
  const splits = {} as ComputeData['splits'];
  for (const [name, start, end] of bounds) {
    const rows = order.slice(start, end);
    splits[name] = { x: selectRows(view, rows), y: Float32Array.from(rows, (r) => target[r]), rows };
  }

  return {
    dataset,
    task: dataset.task,
    classCount: classCountOf(dataset),
    columns: used,
    featureNames: used.map((c) => dataset.featureNames[c]),
    featureGroups: groupsForColumns(dataset.featureGroups as unknown as FeatureGroupSpec[], used),
    splits,
  };
}
