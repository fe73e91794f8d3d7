-- CreateEnum
CREATE TYPE "RecallReason" AS ENUM ('PAID_IN_FULL', 'SETTLED', 'DISPUTE', 'BANKRUPTCY', 'DECEASED', 'CEASE_REQUEST', 'END_OF_TERM', 'PERFORMANCE', 'LENDER_REQUEST');

-- CreateEnum
CREATE TYPE "AcknowledgmentStatus" AS ENUM ('ACCEPTED', 'REJECTED');

-- AlterEnum
ALTER TYPE "ImportKind" ADD VALUE 'ACKNOWLEDGMENTS';

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "placementTermDays" INTEGER;

-- AlterTable
ALTER TABLE "Placement" ADD COLUMN     "recallReason" "RecallReason";

-- CreateTable
CREATE TABLE "PlacementAcknowledgment" (
    "placementId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "status" "AcknowledgmentStatus" NOT NULL,
    "reason" TEXT,
    "acknowledgedOn" DATE NOT NULL,
    "importBatchId" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlacementAcknowledgment_pkey" PRIMARY KEY ("placementId")
);

-- CreateIndex
CREATE INDEX "PlacementAcknowledgment_agencyId_status_idx" ON "PlacementAcknowledgment"("agencyId", "status");

-- AddForeignKey
ALTER TABLE "PlacementAcknowledgment" ADD CONSTRAINT "PlacementAcknowledgment_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "Placement"("id") ON DELETE CASCADE ON UPDATE CASCADE;
