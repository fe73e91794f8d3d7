-- AlterTable
ALTER TABLE "ImportBatch" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0;
