-- AlterTable
ALTER TABLE "ImportBatch" ADD COLUMN     "processedBytes" BIGINT NOT NULL DEFAULT 0;
