import type { Context } from '../graphql/context.js';
import { badInput, notFound, requireUuid } from '../graphql/errors.js';
import type { ImportModelInput } from '../graphql/types/model.js';
import { appendAuditEvent } from '../db/audit.js';
import { importLayersModel, ImportError } from '../ml/serialize.js';
import { loadComputeData } from './computeData.js';
import { computeDefaultInterpretability } from './importance.js';
import { evaluateSplits } from './metrics.js';
import { encodeWeights } from './networks.js';
import { PACKAGE_VERSION } from '../version.js';

const OUTPUT_KIND_OF_TASK = { REGRESSION: 'REGRESSION', BINARY: 'BINARY', MULTICLASS: 'MULTICLASS' } as const;

/**
 * Imports a tfjs layers model for a dataset whose encoded features match its
 * input size. Only dense networks are accepted, since only those can be
 * compressed and explained; nothing is stored when a check fails.
 */
export async function importModel(context: Context, input: ImportModelInput) {
  const dataset = await context.db.dataset.findUnique({ where: { id: requireUuid('Dataset', input.datasetId) } });
  if (!dataset) throw notFound('Dataset', input.datasetId);
  if (!input.name.trim()) throw badInput('name is empty; give the model a name', 'name');

  const weights = Buffer.from(input.weightsBase64, 'base64');
  if (weights.length === 0) throw badInput('weightsBase64 is empty; pass the weights file encoded as base64', 'weightsBase64');

  let network;
  try {
    network = importLayersModel(input.modelJson, weights, { expectedInputSize: dataset.featureCount });
  } catch (error) {
    if (error instanceof ImportError) throw badInput(error.message, 'modelJson');
    throw error;
  }
  const classCount = dataset.task === 'MULTICLASS' ? dataset.classLabels.length : 1;
  const outputUnits = network.layers[network.layers.length - 1].units;
  if (network.outputKind !== OUTPUT_KIND_OF_TASK[dataset.task] || outputUnits !== classCount) {
    throw badInput(
      `the model is a ${network.outputKind} model with ${outputUnits} output unit(s), but dataset ${dataset.id} is ${dataset.task} with ${classCount} output(s); import it for a dataset of the same task`,
      'modelJson',
    );
  }

  const columns = Array.from({ length: dataset.featureCount }, (_, i) => i);
  const data = await loadComputeData(context.db, dataset.id, columns);
  const metrics = evaluateSplits(network, data);
  const encoded = encodeWeights(network);
  const interpretability = await computeDefaultInterpretability(network, data, 42);
  const actor = context.actor.keyId ?? context.actor.name;

  return context.db.$transaction(async (tx) => {
    const model = await tx.model.create({
      data: {
        name: input.name.trim(),
        status: 'READY',
        datasetId: dataset.id,
        architecture: network.architecture,
        inputFeatures: dataset.featureNames,
        inputColumns: columns,
        hiddenUnits: network.layers.slice(0, -1).map((layer) => layer.units),
        activation: network.layers.length > 1 ? network.layers[0].activation : 'linear',
        parameterCount: encoded.parameterCount,
        nonZeroParameterCount: encoded.nonZeroParameterCount,
        sizeBytes: BigInt(encoded.sizeBytes),
        metrics: metrics as never,
        weightsHash: encoded.hash,
        seed: 42,
        backend: context.info.backend,
        packageVersion: PACKAGE_VERSION,
        // Fine-tuning during compression reuses this configuration.
        trainingConfig: {
          architecture: network.architecture,
          hiddenUnits: network.layers.slice(0, -1).map((layer) => layer.units),
          activation: network.layers.length > 1 ? network.layers[0].activation : 'relu',
          epochs: 50,
          batchSize: 32,
          learningRate: 0.001,
          optimizer: 'adam',
          l1: 0,
          l2: 0,
          seed: 42,
          earlyStoppingPatience: 10,
          imported: true,
        } as never,
        interpretability: interpretability.measures as never,
        origin: 'IMPORTED',
        createdBy: actor,
      },
    });
    await tx.modelWeights.create({ data: { modelId: model.id, data: encoded.data, format: 'dense-or-sparse-v1' } });
    await interpretability.store(tx, model.id);
    await appendAuditEvent(tx, {
      actor,
      action: 'CREATE',
      entityType: 'Model',
      entityId: model.id,
      contentHash: encoded.hash,
      details: { datasetId: dataset.id, origin: 'IMPORTED', backend: context.info.backend, packageVersion: PACKAGE_VERSION },
    });
    return model;
  });
}
