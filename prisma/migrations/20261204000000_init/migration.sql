-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Task" AS ENUM ('REGRESSION', 'BINARY', 'MULTICLASS');

-- CreateEnum
CREATE TYPE "MissingValueStrategy" AS ENUM ('DROP_ROWS', 'IMPUTE_MEAN');

-- CreateEnum
CREATE TYPE "Architecture" AS ENUM ('LINEAR', 'LOGISTIC', 'MLP');

-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('TRAINING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "CompressionMethod" AS ENUM ('WEIGHT_PRUNING', 'FEATURE_SELECTION', 'NEURON_PRUNING');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ImportanceMethod" AS ENUM ('PERMUTATION', 'SALIENCY', 'GRADIENT_X_INPUT', 'RELATIVE_SENSITIVITY', 'INTEGRATED_GRADIENTS', 'KERNEL_SHAP', 'LIME', 'WEIGHT_L1', 'MEAN_ACTIVATION', 'TAYLOR');

-- CreateEnum
CREATE TYPE "ImportanceTargetKind" AS ENUM ('FEATURE', 'NEURON');

-- CreateEnum
CREATE TYPE "DataSplit" AS ENUM ('TRAIN', 'VALIDATION', 'TEST');

-- CreateTable
CREATE TABLE "Dataset" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "task" "Task" NOT NULL,
    "targetColumn" TEXT NOT NULL,
    "featureNames" TEXT[],
    "classLabels" TEXT[],
    "rowCount" INTEGER NOT NULL,
    "featureCount" INTEGER NOT NULL,
    "sourceColumns" TEXT[],
    "encoding" JSONB NOT NULL,
    "featureGroups" JSONB NOT NULL,
    "featureStats" JSONB NOT NULL,
    "missingValues" "MissingValueStrategy" NOT NULL,
    "missingCounts" JSONB NOT NULL,
    "droppedRows" INTEGER NOT NULL DEFAULT 0,
    "imputation" JSONB NOT NULL,
    "seed" INTEGER NOT NULL,
    "splitFractions" JSONB NOT NULL,
    "splitSizes" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "origin" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetData" (
    "datasetId" UUID NOT NULL,
    "features" BYTEA NOT NULL,
    "target" BYTEA NOT NULL,
    "splits" BYTEA NOT NULL,

    CONSTRAINT "DatasetData_pkey" PRIMARY KEY ("datasetId")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "ModelStatus" NOT NULL,
    "datasetId" UUID NOT NULL,
    "architecture" "Architecture" NOT NULL,
    "inputFeatures" TEXT[],
    "inputColumns" INTEGER[],
    "hiddenUnits" INTEGER[],
    "activation" TEXT NOT NULL,
    "parameterCount" INTEGER NOT NULL DEFAULT 0,
    "nonZeroParameterCount" INTEGER NOT NULL DEFAULT 0,
    "sizeBytes" BIGINT NOT NULL DEFAULT 0,
    "metrics" JSONB,
    "weightsHash" TEXT,
    "seed" INTEGER NOT NULL,
    "backend" TEXT,
    "packageVersion" TEXT NOT NULL,
    "trainingConfig" JSONB NOT NULL,
    "trainingDurationMs" INTEGER,
    "progress" JSONB,
    "error" TEXT,
    "interpretability" JSONB,
    "origin" TEXT NOT NULL DEFAULT 'TRAINED',
    "producedByRunId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelWeights" (
    "modelId" UUID NOT NULL,
    "data" BYTEA NOT NULL,
    "format" TEXT NOT NULL,

    CONSTRAINT "ModelWeights_pkey" PRIMARY KEY ("modelId")
);

-- CreateTable
CREATE TABLE "CompressionRun" (
    "id" UUID NOT NULL,
    "method" "CompressionMethod" NOT NULL,
    "config" JSONB NOT NULL,
    "status" "RunStatus" NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "phase" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "workerId" TEXT,
    "sourceModelId" UUID NOT NULL,
    "datasetId" UUID NOT NULL,
    "idempotencyKey" TEXT,
    "inputHash" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "durationMs" INTEGER,
    "summary" JSONB,
    "accuracyDrop" DOUBLE PRECISION,
    "sparsity" DOUBLE PRECISION,
    "createdBy" TEXT,

    CONSTRAINT "CompressionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportanceRun" (
    "id" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "method" "ImportanceMethod" NOT NULL,
    "targetKind" "ImportanceTargetKind" NOT NULL,
    "split" "DataSplit" NOT NULL,
    "status" "RunStatus" NOT NULL,
    "options" JSONB NOT NULL,
    "seed" INTEGER NOT NULL,
    "sampleCount" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER,
    "checks" JSONB,
    "notes" TEXT[],
    "skippedSamples" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportanceRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportanceScore" (
    "id" UUID NOT NULL,
    "importanceRunId" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "method" "ImportanceMethod" NOT NULL,
    "targetKind" "ImportanceTargetKind" NOT NULL,
    "layer" INTEGER,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "std" DOUBLE PRECISION,
    "signedValue" DOUBLE PRECISION,
    "rank" INTEGER NOT NULL,
    "isGroup" BOOLEAN NOT NULL DEFAULT false,
    "sampleCount" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,

    CONSTRAINT "ImportanceScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "sequence" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "contentHash" TEXT,
    "details" JSONB NOT NULL,
    "previousHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("sequence")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Dataset_createdAt_id_idx" ON "Dataset"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Model_producedByRunId_key" ON "Model"("producedByRunId");

-- CreateIndex
CREATE INDEX "Model_datasetId_createdAt_idx" ON "Model"("datasetId", "createdAt");

-- CreateIndex
CREATE INDEX "Model_status_createdAt_idx" ON "Model"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Model_architecture_createdAt_idx" ON "Model"("architecture", "createdAt");

-- CreateIndex
CREATE INDEX "Model_createdAt_id_idx" ON "Model"("createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CompressionRun_idempotencyKey_key" ON "CompressionRun"("idempotencyKey");

-- CreateIndex
CREATE INDEX "CompressionRun_queuedAt_id_idx" ON "CompressionRun"("queuedAt", "id");

-- CreateIndex
CREATE INDEX "CompressionRun_sourceModelId_queuedAt_idx" ON "CompressionRun"("sourceModelId", "queuedAt");

-- CreateIndex
CREATE INDEX "CompressionRun_datasetId_queuedAt_idx" ON "CompressionRun"("datasetId", "queuedAt");

-- CreateIndex
CREATE INDEX "CompressionRun_status_queuedAt_idx" ON "CompressionRun"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "CompressionRun_method_queuedAt_idx" ON "CompressionRun"("method", "queuedAt");

-- CreateIndex
CREATE INDEX "ImportanceRun_modelId_method_createdAt_idx" ON "ImportanceRun"("modelId", "method", "createdAt");

-- CreateIndex
CREATE INDEX "ImportanceScore_importanceRunId_rank_idx" ON "ImportanceScore"("importanceRunId", "rank");

-- CreateIndex
CREATE INDEX "ImportanceScore_modelId_method_idx" ON "ImportanceScore"("modelId", "method");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- AddForeignKey
ALTER TABLE "DatasetData" ADD CONSTRAINT "DatasetData_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_producedByRunId_fkey" FOREIGN KEY ("producedByRunId") REFERENCES "CompressionRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelWeights" ADD CONSTRAINT "ModelWeights_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompressionRun" ADD CONSTRAINT "CompressionRun_sourceModelId_fkey" FOREIGN KEY ("sourceModelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CompressionRun" ADD CONSTRAINT "CompressionRun_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportanceRun" ADD CONSTRAINT "ImportanceRun_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportanceScore" ADD CONSTRAINT "ImportanceScore_importanceRunId_fkey" FOREIGN KEY ("importanceRunId") REFERENCES "ImportanceRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

