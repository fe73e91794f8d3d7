-- AlterTable
ALTER TABLE "ImportBatch" ADD COLUMN     "processedRows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sourceDetails" JSONB,
ADD COLUMN     "sourceHeaders" JSONB,
ADD COLUMN     "stagesCompletedAt" TIMESTAMP(3),
ADD COLUMN     "storedFilePath" TEXT,
ADD COLUMN     "updatedRows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "warnings" JSONB;
