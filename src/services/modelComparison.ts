import type { Context } from '../graphql/context.js';
import { badInput, notFound, requireUuid } from '../graphql/errors.js';
import { appendAuditEvent } from '../db/audit.js';
import type { ImportanceMethod } from '../db/generated/enums.js';
import type { Model } from '../db/generated/client.js';
import { predictionFidelity } from '../explain/fidelity.js';
import type { ExplanationEntry } from '../explain/compare.js';
import { predictMatrix } from '../ml/forward.js';
import type { DenseNetwork } from '../ml/network.js';
import { compareView, type ComparisonView } from './comparison.js';
import { loadComputeData, type ComputeData } from './computeData.js';
import { computeModelImportance, featureScores, storeImportance } from './importance.js';
import { estimateImportanceWork, MAX_REQUEST_IMPORTANCE_WORK } from './importanceCost.js';
import { loadNetwork } from './networks.js';

const NEURON_METHODS = new Set<string>(['WEIGHT_L1', 'MEAN_ACTIVATION', 'TAYLOR']);

export interface CompareModelsRequest {
  baseModelId: string;
  otherModelId: string;
  method: ImportanceMethod;
  k: number;
  /** Seed of an importance computed here because none was stored. */
  seed: number;
}

/** A model with what a comparison needs: its network, its data view and its feature importance. */
interface LoadedModel {
  model: Model;
  network: DenseNetwork;
  data: ComputeData;
  entries: ExplanationEntry[];
}

function validateRequest(request: CompareModelsRequest): void {
  if (NEURON_METHODS.has(request.method)) {
    throw badInput(`method=${request.method} scores neurons; comparing explanations needs a feature method such as PERMUTATION`, 'method');
  }
  if (!Number.isInteger(request.k) || request.k < 1) throw badInput(`k=${request.k} must be a positive integer`, 'k');
}

async function loadModels(context: Context, request: CompareModelsRequest): Promise<[Model, Model]> {
  const ids = [request.baseModelId, request.otherModelId].map((id) => requireUuid('Model', id).toLowerCase());
  const rows = await context.db.model.findMany({ where: { id: { in: ids } } });
  const [base, other] = ids.map((id, index) => {
    const model = rows.find((row) => row.id === id);
    if (!model) throw notFound('Model', index === 0 ? request.baseModelId : request.otherModelId);
    return model;
  });

  for (const [field, model] of [['baseModelId', base], ['otherModelId', other]] as const) {
    if (model.status !== 'READY') throw badInput(`model ${model.id} is ${model.status}; comparing explanations needs READY models`, field);
  }
  if (base.datasetId !== other.datasetId) {
    throw badInput(
      `model ${base.id} belongs to dataset ${base.datasetId} and model ${other.id} to dataset ${other.datasetId}; compare two models of the same dataset`,
      'otherModelId',
    );
  }
  return [base, other];
}

/** Reads the latest stored SUCCEEDED importance of the method on the TEST split, as per-feature entries. */
async function storedEntries(context: Context, modelId: string, method: ImportanceMethod): Promise<ExplanationEntry[] | null> {
  const run = await context.db.importanceRun.findFirst({
    where: { modelId, method, split: 'TEST', status: 'SUCCEEDED' },
    orderBy: { createdAt: 'desc' },
    include: { scores: { where: { targetKind: 'FEATURE', isGroup: false }, orderBy: { index: 'asc' } } },
  });
  if (!run) return null;
  return run.scores.map(({ name, value, signedValue }) => ({ name, value, signedValue }));
}

/** Rejects a computation too large for a request, naming the computeImportance call to run instead. */
function checkImportanceCost(model: Model, data: ComputeData, method: ImportanceMethod): void {
  const work = estimateImportanceWork({
    method,
    rows: data.splits.TEST.x.rows,
    backgroundRows: data.splits.TRAIN.x.rows,
    players: data.featureGroups.length,
    parameters: model.parameterCount,
  });
  if (work > MAX_REQUEST_IMPORTANCE_WORK) {
    throw badInput(
      `model ${model.id} has no stored ${method} importance on the TEST split, and computing it here would take about ${work.toExponential(1)} multiply-adds ` +
        `(limit ${MAX_REQUEST_IMPORTANCE_WORK.toExponential(0)}); run computeImportance(input: { modelId: "${model.id}", method: ${method}, split: TEST }) first, then compare again`,
      'method',
    );
  }
}

/** Computes the importance on the TEST split and stores it, with its audit event, for later comparisons. */
async function computeEntries(context: Context, loaded: Omit<LoadedModel, 'entries'>, method: ImportanceMethod, seed: number): Promise<ExplanationEntry[]> {
  checkImportanceCost(loaded.model, loaded.data, method);
  const result = await computeModelImportance(loaded.network, loaded.data, method, 'TEST', seed);

  await context.db.$transaction(async (tx) => {
    const importanceRunId = await storeImportance(tx, loaded.model.id, 'TEST', result);
    await appendAuditEvent(tx, {
      actor: context.actor.keyId ?? context.actor.name,
      action: 'CREATE',
      entityType: 'ImportanceRun',
      entityId: importanceRunId,
      details: { modelId: loaded.model.id, method, split: 'TEST', seed, sampleCount: result.sampleCount, status: 'SUCCEEDED', origin: 'compareModels' },
    });
  });
  return featureScores(result);
}

async function loadModel(context: Context, model: Model, request: CompareModelsRequest): Promise<LoadedModel> {
  const network = await loadNetwork(context.db, model.id);
  const data = await loadComputeData(context.db, model.datasetId, model.inputColumns);
  const stored = await storedEntries(context, model.id, request.method);
  const entries = stored ?? (await computeEntries(context, { model, network, data }, request.method, request.seed));
  return { model, network, data, entries };
}

/** Class agreement or output R² of the other model against the base model on the TEST split; null without test rows. */
function fidelityOf(base: LoadedModel, other: LoadedModel): number | null {
  const baseTest = base.data.splits.TEST.x;
  if (baseTest.rows === 0) return null;
  const baseOutputs = predictMatrix(base.network, baseTest);
  const otherOutputs = predictMatrix(other.network, other.data.splits.TEST.x);
  const fidelity = predictionFidelity(base.data.task, baseOutputs, otherOutputs);
  return fidelity.classAgreement ?? fidelity.outputR2;
}

/**
 * Compares the explanations of two READY models of one dataset under one
 * method, over the union of their features (a feature a model does not use
 * counts as importance 0 for it). Uses the latest stored importance on the
 * TEST split and computes a missing one when it is small enough.
 */
export async function compareModels(context: Context, request: CompareModelsRequest): Promise<ComparisonView> {
  validateRequest(request);
  const [baseModel, otherModel] = await loadModels(context, request);

  const base = await loadModel(context, baseModel, request);
  const other = baseModel.id === otherModel.id ? base : await loadModel(context, otherModel, request);

  return compareView(request.method, base.entries, other.entries, request.k, fidelityOf(base, other));
}
