-- AlterEnum
ALTER TYPE "ComplaintSource" ADD VALUE 'REGULATOR_PUBLIC';

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "regulatorRecord" JSONB;

-- AlterTable
ALTER TABLE "ImportBatch" ADD COLUMN     "layout" TEXT,
ADD COLUMN     "otherCompanyRows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "skippedRows" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "MetricAccountDay" ADD COLUMN     "upheldComplaints" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "MetricDaily" ADD COLUMN     "upheldComplaints" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "MetricMonthlySums" ADD COLUMN     "upheldComplaints" INTEGER NOT NULL DEFAULT 0;
