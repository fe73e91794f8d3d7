-- CreateEnum
CREATE TYPE "LedgerChannel" AS ENUM ('AGENCY_REMITTANCE', 'DIRECT', 'BANK_TRANSFER', 'REVERSAL');

-- CreateEnum
CREATE TYPE "ReconciliationStatus" AS ENUM ('MATCHED', 'REPORTED_NOT_RECEIVED', 'RECEIVED_NOT_REPORTED', 'AMOUNT_MISMATCH', 'LATE_REMITTANCE');

-- AlterEnum
ALTER TYPE "ImportKind" ADD VALUE 'PAYMENTS';

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "remittanceDays" INTEGER NOT NULL DEFAULT 10;

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" BIGSERIAL NOT NULL,
    "ledgerRef" TEXT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "receivedOn" DATE NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "channel" "LedgerChannel",
    "agencyId" INTEGER,
    "remittanceRef" TEXT,
    "reversesLedgerRef" TEXT,
    "contentHash" TEXT NOT NULL,
    "importBatchId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationItem" (
    "id" BIGSERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "status" "ReconciliationStatus" NOT NULL,
    "rule" TEXT NOT NULL,
    "eventId" BIGINT,
    "ledgerEntryIds" BIGINT[],
    "day" DATE NOT NULL,
    "reportedAmount" DECIMAL(14,2),
    "receivedAmount" DECIMAL(14,2),
    "currency" VARCHAR(3) NOT NULL,
    "remittanceDays" INTEGER,

    CONSTRAINT "ReconciliationItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_ledgerRef_key" ON "LedgerEntry"("ledgerRef");

-- CreateIndex
CREATE INDEX "LedgerEntry_accountId_receivedOn_idx" ON "LedgerEntry"("accountId", "receivedOn");

-- CreateIndex
CREATE INDEX "LedgerEntry_importBatchId_idx" ON "LedgerEntry"("importBatchId");

-- CreateIndex
CREATE INDEX "ReconciliationItem_agencyId_month_idx" ON "ReconciliationItem"("agencyId", "month");

-- CreateIndex
CREATE INDEX "ReconciliationItem_accountId_idx" ON "ReconciliationItem"("accountId");

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
