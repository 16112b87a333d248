/** The learning task of a dataset; the names match the service's Task enum. */
export type Task = 'REGRESSION' | 'BINARY' | 'MULTICLASS';

/** The handling of rows with missing values; the names match the service's MissingValueStrategy enum. */
export type MissingValueStrategy = 'DROP_ROWS' | 'IMPUTE_MEAN';

/** Shares of the rows that go to each split; they sum to 1. */
export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

/** Row indices of each split, ascending. */
export interface DatasetSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export const DEFAULT_SPLIT_FRACTIONS: Readonly<SplitFractions> = Object.freeze({ train: 0.7, validation: 0.15, test: 0.15 });
