// GraphQL documents the demo sends, written as any client of the API would write them.

export const SERVER_INFO = `query ServerInfo { serverInfo { version backend databaseMode } }`;

const DATASET_FIELDS = `id name task targetColumn featureNames classLabels rowCount featureCount splitSizes { train validation test }`;

export const CREATE_DATASET = `mutation CreateDataset($input: CreateDatasetInput!) {
  createDataset(input: $input) { ${DATASET_FIELDS} }
}`;

export const TRAIN_MODEL = `mutation TrainModel($input: TrainModelInput!) {
  trainModel(input: $input) { id name status }
}`;

const MODEL_FIELDS = `id name status error architecture hiddenUnits inputFeatures parameterCount nonZeroParameterCount sizeBytes
  metrics { split accuracy r2 }`;

export const MODEL_STATUS = `query ModelStatus($id: ID!) {
  model(id: $id) { ${MODEL_FIELDS} trainingDurationMs progress { epoch epochs loss validationLoss } }
}`;

export const COMPRESS_MODEL = `mutation CompressModel($input: CompressModelInput!) {
  compressModel(input: $input) { id method status }
}`;

export const RUN_STATUS = `query RunStatus($id: ID!) {
  compressionRun(id: $id) {
    id method status progress phase error durationMs
    resultModel { ${MODEL_FIELDS} }
    summary {
      accuracyDrop sparsity fidelity removedFeatures
      removedNeurons { layer index }
      explanation { method spearman featureAgreement k }
    }
  }
}`;

export const LINEAGE = `query Lineage($id: ID!) {
  lineage(nodeId: $id, direction: BOTH) { nodes { id kind label } edges { from to kind } }
}`;
