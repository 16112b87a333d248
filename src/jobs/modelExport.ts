import type { Database } from '../db/client.js';
import { exportLayersModel, type LayersModelExport } from '../ml/serialize.js';
import { loadNetwork } from '../services/networks.js';

/**
 * Builds the tfjs layers export of a READY model: standardization folded into
 * the first layer, and the feature names, class labels and encoding in the
 * user-defined metadata, so the file needs nothing else to predict.
 */
export async function loadExport(db: Database, modelId: string): Promise<LayersModelExport | null> {
  const model = await db.model.findUnique({ where: { id: modelId } });
  if (!model || model.status !== 'READY') return null;
  const dataset = await db.dataset.findUniqueOrThrow({ where: { id: model.datasetId } });
  const network = await loadNetwork(db, modelId);

  return exportLayersModel(network, {
    modelId: model.id,
    name: model.name,
    datasetId: dataset.id,
    datasetContentHash: dataset.contentHash,
    task: dataset.task,
    targetColumn: dataset.targetColumn,
    inputFeatures: model.inputFeatures,
    classLabels: dataset.classLabels,
    encoding: dataset.encoding,
    weightsHash: model.weightsHash,
    inputs: 'encoded feature values (after one-hot or ordinal encoding, before standardization), in inputFeatures order',
  });
}
