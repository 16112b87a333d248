import type { Context } from '../graphql/context.js';
import { badInput, notFound, requireUuid } from '../graphql/errors.js';
import type { ComputeImportanceInput } from '../graphql/types/importance.js';
import { appendAuditEvent } from '../db/audit.js';
import { QUEUES } from '../jobs/queue.js';
import { importanceMethods } from '../explain/methods.js';
import type { ImportanceOptions } from '../explain/types.js';
import { sqlExecutor } from './sqlExecutor.js';

const NEURON_METHODS = new Set(['WEIGHT_L1', 'MEAN_ACTIVATION', 'TAYLOR']);

function positiveInteger(name: string, value: number | null | undefined, max: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > max) throw badInput(`${name}=${value} is out of range; use an integer from 1 to ${max}`, name);
  return value;
}

/** Validates an importance request and stores it as a QUEUED run with its job, in one transaction. */
export async function queueImportance(context: Context, input: ComputeImportanceInput) {
  const model = await context.db.model.findUnique({ where: { id: requireUuid('Model', input.modelId) } });
  if (!model) throw notFound('Model', input.modelId);
  if (model.status !== 'READY') throw badInput(`model ${model.id} is ${model.status}; importance needs a READY model, so wait for training to finish`, 'modelId');
  if (NEURON_METHODS.has(input.method) && model.hiddenUnits.length === 0) {
    throw badInput(`method ${input.method} scores hidden units, and ${model.architecture} model ${model.id} has none; use a feature method such as PERMUTATION`, 'method');
  }

  const options: ImportanceOptions = {
    samples: positiveInteger('samples', input.samples, 100_000),
    repeats: positiveInteger('repeats', input.repeats, 1000),
    steps: positiveInteger('steps', input.steps, 10_000),
    backgroundSize: positiveInteger('backgroundSize', input.backgroundSize, 10_000),
    shapSamples: input.method === 'KERNEL_SHAP' ? positiveInteger('perturbations', input.perturbations, 1_000_000) : undefined,
    limeSamples: input.method === 'LIME' ? positiveInteger('perturbations', input.perturbations, 1_000_000) : undefined,
    kernelWidth: input.kernelWidth ?? undefined,
    epsilon: input.epsilon ?? undefined,
    targetClass: input.targetClass ?? undefined,
  };
  if (options.kernelWidth !== undefined && !(options.kernelWidth! > 0 && Number.isFinite(options.kernelWidth))) {
    throw badInput(`kernelWidth=${input.kernelWidth} must be a positive number`, 'kernelWidth');
  }
  if (options.epsilon !== undefined && !(options.epsilon >= 0 && Number.isFinite(options.epsilon))) {
    throw badInput(`epsilon=${input.epsilon} must be a non-negative number`, 'epsilon');
  }
  if (options.targetClass !== undefined && options.targetClass !== null) {
    const dataset = await context.db.dataset.findUniqueOrThrow({ where: { id: model.datasetId }, select: { classLabels: true, task: true } });
    const classes = dataset.task === 'REGRESSION' ? 1 : dataset.classLabels.length;
    if (!Number.isInteger(options.targetClass) || options.targetClass < 0 || options.targetClass >= classes) {
      throw badInput(`targetClass=${options.targetClass} is out of range; use a class index from 0 to ${classes - 1}, or omit it to explain each row's predicted class`, 'targetClass');
    }
  }
  for (const key of Object.keys(options) as Array<keyof ImportanceOptions>) if (options[key] === undefined) delete options[key];

  const method = importanceMethods[input.method];
  const seed = input.seed ?? 42;
  return context.db.$transaction(async (tx) => {
    const run = await tx.importanceRun.create({
      data: {
        modelId: model.id,
        method: input.method,
        targetKind: method.targetKind,
        split: input.split ?? 'TEST',
        status: 'QUEUED',
        options: options as never,
        seed,
        notes: [],
      },
    });
    await appendAuditEvent(tx, {
      actor: context.actor.keyId ?? context.actor.name,
      action: 'CREATE',
      entityType: 'ImportanceRun',
      entityId: run.id,
      details: { modelId: model.id, method: input.method, split: run.split, options, seed },
    });
    await context.queue.enqueue(QUEUES.importance, run.id, sqlExecutor(tx));
    return { ...run, checks: [], scores: [] };
  });
}
