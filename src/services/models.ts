import type { Context } from '../graphql/context.js';
import { badInput, notFound, requireUuid } from '../graphql/errors.js';
import type { ModelFilter, TrainModelInput, ImportModelInput, Prediction } from '../graphql/types/model.js';
import { decodeCursor, toConnection } from '../graphql/pagination.js';
import { appendAuditEvent } from '../db/audit.js';
import type { Database } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import { QUEUES } from '../jobs/queue.js';
import { validateTrainConfig } from '../ml/trainValidation.js';
import type { TrainConfig } from '../ml/train.js';
import type { Activation } from '../ml/network.js';
import { PACKAGE_VERSION } from '../version.js';
import { sqlExecutor } from './sqlExecutor.js';

/** Deeper stacks of dense layers add nothing here and can hold a worker for minutes per epoch. */
const MAX_HIDDEN_LAYERS = 16;
const MAX_EPOCHS = 10_000;
const MAX_BATCH_SIZE = 65_536;

/** Lists models newest first, with keyset pagination on (createdAt, id). */
export async function listModels(db: Database, limit: number, after: string | null, filter: ModelFilter) {
  const where: Prisma.ModelWhereInput = {};
  if (filter.datasetId) where.datasetId = requireUuid('Dataset', filter.datasetId);
  if (filter.architecture) where.architecture = filter.architecture;
  if (filter.status) where.status = filter.status;

  const pageWhere: Prisma.ModelWhereInput = { ...where };
  if (after) {
    const cursor = decodeCursor(after, 'date');
    pageWhere.OR = [{ createdAt: { lt: cursor.key } }, { createdAt: cursor.key, id: { lt: cursor.id } }];
  }

  const [rows, totalCount] = await Promise.all([
    db.model.findMany({ where: pageWhere, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit + 1 }),
    db.model.count({ where }),
  ]);
  return toConnection(rows, limit, totalCount, (row) => row.createdAt.toISOString(), Boolean(after));
}

/** Resolves the API's training input into the compute layer's TrainConfig, with defaults. */
export function toTrainConfig(input: TrainModelInput): TrainConfig {
  return {
    architecture: input.architecture,
    hiddenUnits: input.architecture === 'MLP' ? input.hiddenUnits ?? [64, 64] : [],
    activation: (input.activation ?? 'RELU').toLowerCase() as Activation,
    epochs: input.epochs ?? 100,
    batchSize: input.batchSize ?? 32,
    learningRate: input.learningRate ?? 0.01,
    optimizer: (input.optimizer ?? 'ADAM').toLowerCase() as TrainConfig['optimizer'],
    l1: input.l1 ?? 0,
    l2: input.l2 ?? 0,
    seed: input.seed ?? 42,
    earlyStoppingPatience: input.earlyStoppingPatience ? input.earlyStoppingPatience : null,
  };
}

function validateTrainingInput(input: TrainModelInput, task: string, featureCount: number, classCount: number, maxParameters: number): void {
  if (!input.name.trim()) throw badInput('name is empty; give the model a name', 'name');
  if (input.architecture === 'LINEAR' && task !== 'REGRESSION') {
    throw badInput(`architecture LINEAR needs a regression dataset, but this dataset's task is ${task}; use LOGISTIC or MLP`, 'architecture');
  }
  if (input.architecture === 'LOGISTIC' && task === 'REGRESSION') {
    throw badInput('architecture LOGISTIC needs a classification dataset, but this dataset is REGRESSION; use LINEAR or MLP', 'architecture');
  }
  if (input.architecture !== 'MLP' && input.hiddenUnits && input.hiddenUnits.length > 0) {
    throw badInput(`hiddenUnits=${JSON.stringify(input.hiddenUnits)} applies only to MLP; remove it or use architecture MLP`, 'hiddenUnits');
  }
  const hidden = input.architecture === 'MLP' ? input.hiddenUnits ?? [64, 64] : [];
  if (hidden.length > MAX_HIDDEN_LAYERS) {
    throw badInput(`hiddenUnits has ${hidden.length} layers; use at most ${MAX_HIDDEN_LAYERS} hidden layers`, 'hiddenUnits');
  }
  if (input.epochs !== null && input.epochs !== undefined && input.epochs > MAX_EPOCHS) {
    throw badInput(`epochs=${input.epochs} is above the maximum of ${MAX_EPOCHS}; use fewer epochs, since early stopping ends training sooner anyway`, 'epochs');
  }
  if (input.batchSize !== null && input.batchSize !== undefined && input.batchSize > MAX_BATCH_SIZE) {
    throw badInput(`batchSize=${input.batchSize} is above the maximum of ${MAX_BATCH_SIZE}; use a smaller batch`, 'batchSize');
  }
  const bad = hidden.find((units) => !Number.isInteger(units) || units < 1 || units > 4096);
  if (bad !== undefined) throw badInput(`hiddenUnits contains ${bad}; each hidden layer needs between 1 and 4096 units`, 'hiddenUnits');
  if (input.architecture === 'MLP' && hidden.length === 0) throw badInput('hiddenUnits is empty; an MLP needs at least one hidden layer, such as [64, 64]', 'hiddenUnits');

  let parameters = 0;
  let size = featureCount;
  for (const units of [...hidden, task === 'MULTICLASS' ? classCount : 1]) {
    parameters += size * units + units;
    size = units;
  }
  if (parameters > maxParameters) {
    throw badInput(`the model would have ${parameters} parameters, over the limit of ${maxParameters} (MAX_MODEL_PARAMETERS); use fewer hidden units`, 'hiddenUnits');
  }
}

/**
 * Validates a training request, stores the model as TRAINING with its audit
 * event and enqueues the training job, all in one transaction.
 */
export async function queueTraining(context: Context, input: TrainModelInput) {
  const dataset = await context.db.dataset.findUnique({ where: { id: requireUuid('Dataset', input.datasetId) } });
  if (!dataset) throw notFound('Dataset', input.datasetId);

  const classCount = dataset.task === 'REGRESSION' ? 1 : dataset.classLabels.length;
  validateTrainingInput(input, dataset.task, dataset.featureCount, classCount, context.info.maxModelParameters);
  const config = toTrainConfig(input);
  const sizes = dataset.splitSizes as { validation: number };
  const placeholder = { rows: 1, cols: dataset.featureCount, values: new Float32Array(dataset.featureCount) };
  try {
    // The stored rows are not needed to check the configuration, only the shapes.
    validateTrainConfig(config, {
      task: dataset.task,
      classCount,
      train: placeholder,
      trainTarget: new Float32Array(1),
      ...(sizes.validation > 0 ? { validation: placeholder, validationTarget: new Float32Array(1) } : {}),
    });
  } catch (error) {
    throw badInput((error as Error).message);
  }

  const columns = Array.from({ length: dataset.featureCount }, (_, i) => i);
  return context.db.$transaction(async (tx) => {
    const model = await tx.model.create({
      data: {
        name: input.name.trim(),
        status: 'TRAINING',
        datasetId: dataset.id,
        architecture: input.architecture,
        inputFeatures: dataset.featureNames,
        inputColumns: columns,
        hiddenUnits: config.hiddenUnits,
        activation: config.activation,
        seed: config.seed,
        packageVersion: PACKAGE_VERSION,
        trainingConfig: config as never,
        progress: { epoch: 0, epochs: config.epochs, loss: null, validationLoss: null },
        origin: 'TRAINED',
        createdBy: context.actor.keyId ?? context.actor.name,
      },
    });
    await appendAuditEvent(tx, {
      actor: context.actor.keyId ?? context.actor.name,
      action: 'CREATE',
      entityType: 'Model',
      entityId: model.id,
      contentHash: dataset.contentHash,
      details: { datasetId: dataset.id, trainingConfig: config, packageVersion: PACKAGE_VERSION, status: 'TRAINING' },
    });
    await context.queue.enqueue(QUEUES.train, model.id, sqlExecutor(tx));
    return model;
  });
}

export { importModel } from './modelImport.js';
export { predictRows } from './predict.js';
export type { ImportModelInput, Prediction };
