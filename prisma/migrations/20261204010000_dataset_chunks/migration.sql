-- AlterTable
ALTER TABLE "DatasetData" DROP COLUMN "features",
DROP COLUMN "target";

-- CreateTable
CREATE TABLE "DatasetChunk" (
    "datasetId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "rowStart" INTEGER NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "features" BYTEA NOT NULL,
    "target" BYTEA NOT NULL,

    CONSTRAINT "DatasetChunk_pkey" PRIMARY KEY ("datasetId","index")
);

-- AddForeignKey
ALTER TABLE "DatasetChunk" ADD CONSTRAINT "DatasetChunk_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

