import type { Readable } from 'node:stream';
import type { FileUpload } from 'graphql-upload/Upload.mjs';
import type { Context } from '../graphql/context.js';
import { apiError, badInput, conflict, notFound, requireUuid } from '../graphql/errors.js';
import type { CreateDatasetInput, CreateSyntheticDatasetInput, DatasetFilter } from '../graphql/types/dataset.js';
import { decodeCursor, toConnection } from '../graphql/pagination.js';
import { appendAuditEvent } from '../db/audit.js';
import type { Database } from '../db/client.js';
import type { Dataset, Prisma } from '../db/generated/client.js';
import { parseCsv } from '../data/csv.js';
import { buildDataset, type EncodedDataset } from '../data/dataset.js';
import { DatasetValidationError } from '../data/errors.js';
import { friedman1, syntheticToDataset } from '../data/synthetic.js';
import { writeDatasetRows } from './datasetStorage.js';

const MAX_SYNTHETIC_ROWS = 1_000_000;

/** Converts a data-layer validation error into a GraphQL error that names the field. */
function toApiError(error: unknown, maxUploadBytes: number, fromText = false): never {
  if (error instanceof DatasetValidationError) {
    if (error.code === 'FILE_TOO_LARGE') throw apiError('PAYLOAD_TOO_LARGE', error.message, { field: error.field });
    throw badInput(error.message, error.field === 'file' && fromText ? 'csv' : error.field);
  }
  const status = uploadErrorStatus(error);
  if (status === 413) {
    throw apiError('PAYLOAD_TOO_LARGE', `the uploaded file is larger than the upload limit of ${maxUploadBytes} bytes; upload a smaller file or raise MAX_UPLOAD_BYTES`, { field: 'file' });
  }
  if (status !== null) throw badInput(`the file upload failed: ${(error as Error).message}`, 'file');
  throw error;
}

/**
 * Returns the HTTP status of an error that graphql-upload raised while it
 * received the file (413 when the file passed its size limit), or null for
 * any other error.
 */
function uploadErrorStatus(error: unknown): number | null {
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : null;
}

function validateName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badInput('name is empty; give the dataset a name', 'name');
  if (trimmed.length > 200) throw badInput(`name has ${trimmed.length} characters; use at most 200`, 'name');
  return trimmed;
}

function validateSplitFractions(validation: number, test: number): void {
  for (const [field, value] of [['validationFraction', validation], ['testFraction', test]] as const) {
    if (!(value >= 0 && value < 1)) throw badInput(`${field}=${value} is out of range; use a share in [0, 1), such as 0.15`, field);
  }
  if (validation + test >= 1) {
    throw badInput(`validationFraction=${validation} plus testFraction=${test} is ${validation + test}, which leaves no training rows; keep their sum below 1`, 'testFraction');
  }
}

async function openSource(input: CreateDatasetInput): Promise<Readable | string> {
  const hasFile = input.file !== null && input.file !== undefined;
  const hasText = input.csv !== null && input.csv !== undefined;
  if (hasFile === hasText) {
    throw badInput('give exactly one of file (a multipart upload) and csv (the file as text)', hasFile ? 'csv' : 'file');
  }
  if (hasText) return input.csv!;
  const upload = (await input.file) as FileUpload;
  return upload.createReadStream();
}

/**
 * Parses, validates and encodes an uploaded or inline CSV, then stores the
 * dataset, its binary matrix and its audit event in one transaction. Nothing
 * is stored when any check fails.
 */
export async function createDataset(context: Context, input: CreateDatasetInput): Promise<Dataset> {
  const name = validateName(input.name);
  const validation = input.validationFraction ?? 0.15;
  const test = input.testFraction ?? 0.15;
  validateSplitFractions(validation, test);

  let encoded: EncodedDataset;
  try {
    const source = await openSource(input);
    const table = await parseCsv(source, {
      columnNames: input.columnNames ?? undefined,
      maxBytes: context.info.maxUploadBytes,
      maxRows: context.info.maxUploadRows,
    });
    encoded = buildDataset(table, {
      targetColumn: input.targetColumn,
      task: input.task ?? undefined,
      missingValues: input.missingValues ?? 'DROP_ROWS',
      seed: input.seed ?? 42,
      splitFractions: { train: 1 - validation - test, validation, test },
      ordinalEncodings: input.ordinalEncodings ?? undefined,
    });
  } catch (error) {
    toApiError(error, context.info.maxUploadBytes, input.csv !== null && input.csv !== undefined);
  }
  if (encoded.featureCount === 0) {
    throw badInput(`the file has no feature column besides the target ${JSON.stringify(input.targetColumn)}; add at least one feature column`, input.csv ? 'csv' : 'file');
  }
  return storeDataset(context, name, encoded, { kind: 'CSV', columnNamesGiven: Boolean(input.columnNames) });
}

/** Generates a synthetic dataset with a known ground truth and stores it. */
export async function createSyntheticDataset(context: Context, input: CreateSyntheticDatasetInput): Promise<Dataset> {
  if (!Number.isInteger(input.rows) || input.rows < 10 || input.rows > MAX_SYNTHETIC_ROWS) {
    throw badInput(`rows=${input.rows} is out of range; use from 10 to ${MAX_SYNTHETIC_ROWS} rows`, 'rows');
  }
  if (!Number.isFinite(input.noise) || input.noise < 0) {
    throw badInput(`noise=${input.noise} is invalid; use a standard deviation of 0 or more`, 'noise');
  }
  const name = validateName(input.name ?? `${input.kind.toLowerCase()} (${input.rows} rows, noise ${input.noise})`);
  const table = friedman1(input.rows, input.noise, input.seed);
  const encoded = syntheticToDataset(table, { seed: input.seed });
  return storeDataset(context, name, encoded, { kind: input.kind, rows: input.rows, noise: input.noise, seed: input.seed });
}

/** Time allowed for storing one dataset; a million-row upload takes seconds, not Prisma's default 5 s. */
const STORE_TIMEOUT_MS = 10 * 60 * 1000;

async function storeDataset(context: Context, name: string, encoded: EncodedDataset, origin: Record<string, unknown>): Promise<Dataset> {
  const { X, y, split, ...description } = encoded;
  const splits = new Int32Array(split.train.length + split.validation.length + split.test.length);
  splits.set(split.train, 0);
  splits.set(split.validation, split.train.length);
  splits.set(split.test, split.train.length + split.validation.length);
  const splitSizes = { train: split.train.length, validation: split.validation.length, test: split.test.length };
  const actor = context.actor.keyId ?? context.actor.name;
  const sizeBytes = X.byteLength + y.byteLength + splits.byteLength;

  return context.db.$transaction(async (tx) => {
    const dataset = await tx.dataset.create({
      data: {
        name,
        task: description.task,
        targetColumn: description.targetColumn,
        featureNames: description.featureNames,
        classLabels: description.classLabels,
        rowCount: description.rowCount,
        featureCount: description.featureCount,
        sourceColumns: description.sourceColumns,
        encoding: description.encoding as unknown as Prisma.InputJsonValue,
        featureGroups: description.featureGroups as unknown as Prisma.InputJsonValue,
        featureStats: description.featureStats as unknown as Prisma.InputJsonValue,
        missingValues: description.missingValues,
        missingCounts: description.missingCounts,
        droppedRows: description.droppedRows,
        imputation: description.imputation,
        seed: description.seed,
        splitFractions: description.splitFractions as unknown as Prisma.InputJsonValue,
        splitSizes,
        contentHash: description.contentHash,
        sizeBytes: BigInt(sizeBytes),
        origin: origin as Prisma.InputJsonValue,
        createdBy: actor,
      },
    });
    await tx.datasetData.create({ data: { datasetId: dataset.id, splits: new Uint8Array(splits.buffer) } });
    await writeDatasetRows(tx, dataset.id, X, y, description.featureCount);
    await appendAuditEvent(tx, {
      actor,
      action: 'CREATE',
      entityType: 'Dataset',
      entityId: dataset.id,
      contentHash: description.contentHash,
      details: { name, rowCount: description.rowCount, featureCount: description.featureCount, task: description.task, origin },
    });
    return dataset;
  }, { timeout: STORE_TIMEOUT_MS, maxWait: 60_000 });
}

/** Deletes a dataset that no model uses, with its audit event. */
export async function deleteDataset(context: Context, id: string): Promise<boolean> {
  requireUuid('Dataset', id);
  return context.db.$transaction(async (tx) => {
    const dataset = await tx.dataset.findUnique({ where: { id }, select: { id: true, contentHash: true, _count: { select: { models: true } } } });
    if (!dataset) throw notFound('Dataset', id);
    if (dataset._count.models > 0) {
      throw conflict(`dataset ${id} is used by ${dataset._count.models} model(s); delete or keep those models first`);
    }
    await tx.dataset.delete({ where: { id } });
    await appendAuditEvent(tx, {
      actor: context.actor.keyId ?? context.actor.name,
      action: 'DELETE',
      entityType: 'Dataset',
      entityId: id,
      contentHash: dataset.contentHash,
    });
    return true;
  });
}

/** Lists datasets newest first, with keyset pagination on (createdAt, id). */
export async function listDatasets(db: Database, limit: number, after: string | null, filter: DatasetFilter) {
  const where: Prisma.DatasetWhereInput = {};
  if (filter.task) where.task = filter.task;
  if (filter.nameContains) where.name = { contains: filter.nameContains, mode: 'insensitive' };

  const pageWhere: Prisma.DatasetWhereInput = { ...where };
  if (after) {
    const cursor = decodeCursor(after, 'date');
    pageWhere.OR = [{ createdAt: { lt: cursor.key } }, { createdAt: cursor.key, id: { lt: cursor.id } }];
  }
  const [rows, totalCount] = await Promise.all([
    db.dataset.findMany({ where: pageWhere, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit + 1 }),
    db.dataset.count({ where }),
  ]);
  return toConnection(rows, limit, totalCount, (row) => row.createdAt.toISOString(), Boolean(after));
}
