-- CreateEnum
CREATE TYPE "StatementLineKind" AS ENUM ('PAYMENT', 'ADJUSTMENT', 'FLAT_FEE');

-- AlterTable
ALTER TABLE "MetricAccountDay" ADD COLUMN     "commission" DECIMAL(16,2) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "MetricDaily" ADD COLUMN     "commission" DECIMAL(16,2) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "MetricMonthlySums" ADD COLUMN     "commission" DECIMAL(16,2) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "FeeSchedule" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "tiers" JSONB NOT NULL,
    "flatFeePerPlacement" DECIMAL(14,2),
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" INTEGER,
    "createdVia" TEXT NOT NULL DEFAULT 'web',
    "supersededAt" TIMESTAMP(3),
    "supersededById" INTEGER,

    CONSTRAINT "FeeSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentCommission" (
    "eventId" BIGINT NOT NULL,
    "accountId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "placementId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "scheduleId" INTEGER NOT NULL,
    "tierIndex" INTEGER,
    "rate" DECIMAL(6,4) NOT NULL,
    "monthsSince" INTEGER NOT NULL,
    "commission" DECIMAL(14,2) NOT NULL,
    "limitApplied" TEXT,

    CONSTRAINT "PaymentCommission_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "CommissionStatement" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'DRAFT',
    "basis" TEXT NOT NULL DEFAULT 'REPORTED',
    "paymentsTotal" DECIMAL(16,2) NOT NULL,
    "commissionTotal" DECIMAL(16,2) NOT NULL,
    "adjustmentsTotal" DECIMAL(16,2) NOT NULL,
    "flatFeesTotal" DECIMAL(16,2) NOT NULL,
    "totalDue" DECIMAL(16,2) NOT NULL,
    "contentSha256" TEXT NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "generatedById" INTEGER,
    "finalizedAt" TIMESTAMP(3),
    "finalizedById" INTEGER,
    "fileBytes" BYTEA,
    "fileSha256" TEXT,
    "invoiceTotal" DECIMAL(16,2),
    "invoiceReference" TEXT,
    "invoiceEnteredAt" TIMESTAMP(3),
    "invoiceEnteredById" INTEGER,

    CONSTRAINT "CommissionStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommissionStatementLine" (
    "id" SERIAL NOT NULL,
    "statementId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "StatementLineKind" NOT NULL,
    "eventId" BIGINT,
    "placementId" INTEGER,
    "accountNumber" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "scheduleId" INTEGER,
    "tierIndex" INTEGER,
    "tierLabel" TEXT,
    "rate" DECIMAL(6,4),
    "commission" DECIMAL(14,2) NOT NULL,
    "adjustsMonth" DATE,
    "previously" DECIMAL(14,2),

    CONSTRAINT "CommissionStatementLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FeeSchedule_agencyId_effectiveFrom_idx" ON "FeeSchedule"("agencyId", "effectiveFrom");

-- CreateIndex
CREATE INDEX "PaymentCommission_accountId_idx" ON "PaymentCommission"("accountId");

-- CreateIndex
CREATE INDEX "PaymentCommission_agencyId_day_idx" ON "PaymentCommission"("agencyId", "day");

-- CreateIndex
CREATE INDEX "CommissionStatement_agencyId_month_idx" ON "CommissionStatement"("agencyId", "month");

-- CreateIndex
CREATE INDEX "CommissionStatementLine_statementId_position_idx" ON "CommissionStatementLine"("statementId", "position");

-- CreateIndex
CREATE INDEX "CommissionStatementLine_eventId_idx" ON "CommissionStatementLine"("eventId");

-- AddForeignKey
ALTER TABLE "FeeSchedule" ADD CONSTRAINT "FeeSchedule_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeeSchedule" ADD CONSTRAINT "FeeSchedule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentCommission" ADD CONSTRAINT "PaymentCommission_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "FeeSchedule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommissionStatement" ADD CONSTRAINT "CommissionStatement_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommissionStatementLine" ADD CONSTRAINT "CommissionStatementLine_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "CommissionStatement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every existing agency keeps its single rate as a flat schedule in force from the start, so the figures of past
-- periods do not move with this migration (ADR 037).
INSERT INTO "FeeSchedule" ("agencyId", "effectiveFrom", "revision", "tiers", "createdVia")
SELECT id, DATE '1970-01-01', 1, jsonb_build_object('tiers', jsonb_build_array(jsonb_build_object('rate', trim(to_char("commissionRate", 'FM0.0000'))))), 'migration'
FROM "Agency";
