/*
  Warnings:

  - You are about to drop the column `commission` on the `MetricAccountDay` table. All the data in the column will be lost.
  - The primary key for the `MetricDaily` table will be changed. If it partially fails, the table could be left without primary key constraint.
  - You are about to drop the column `commission` on the `MetricDaily` table. All the data in the column will be lost.
  - You are about to drop the `MetricMonthly` table. If the table is not empty, all the data it contains will be lost.

*/
-- DropIndex
DROP INDEX "MetricAccountMonth_month_agencyId_agentId_idx";

-- AlterTable
ALTER TABLE "MetricAccountDay" DROP COLUMN "commission";

-- AlterTable
ALTER TABLE "MetricAccountMonth" ADD COLUMN     "nextContactedMonth" DATE,
ADD COLUMN     "nextContactedMonthInBucket" DATE,
ADD COLUMN     "nextPromiseMonth" DATE,
ADD COLUMN     "nextPromiseMonthInBucket" DATE,
ADD COLUMN     "nextRpcMonth" DATE,
ADD COLUMN     "nextRpcMonthInBucket" DATE,
ADD COLUMN     "nextWorkedMonth" DATE,
ADD COLUMN     "nextWorkedMonthInBucket" DATE,
ADD COLUMN     "previousContactedMonth" DATE,
ADD COLUMN     "previousContactedMonthInBucket" DATE,
ADD COLUMN     "previousPromiseMonth" DATE,
ADD COLUMN     "previousPromiseMonthInBucket" DATE,
ADD COLUMN     "previousRpcMonth" DATE,
ADD COLUMN     "previousRpcMonthInBucket" DATE,
ADD COLUMN     "previousWorkedMonth" DATE,
ADD COLUMN     "previousWorkedMonthInBucket" DATE;

-- AlterTable
ALTER TABLE "MetricDaily" DROP CONSTRAINT "MetricDaily_pkey",
DROP COLUMN "commission",
ADD CONSTRAINT "MetricDaily_pkey" PRIMARY KEY ("day", "agentId", "agencyId", "product", "dpdBucket");

-- DropTable
DROP TABLE "MetricMonthly";

-- CreateTable
CREATE TABLE "MetricMonthlySums" (
    "agencyId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "collected" DECIMAL(16,2) NOT NULL DEFAULT 0,
    "outboundContacts" INTEGER NOT NULL DEFAULT 0,
    "wrongPartyContacts" INTEGER NOT NULL DEFAULT 0,
    "thirdPartyContacts" INTEGER NOT NULL DEFAULT 0,
    "promisesDue" INTEGER NOT NULL DEFAULT 0,
    "promisesKept" INTEGER NOT NULL DEFAULT 0,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    "violations" INTEGER NOT NULL DEFAULT 0,
    "violationsHigh" INTEGER NOT NULL DEFAULT 0,
    "openHighViolations" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricMonthlySums_pkey" PRIMARY KEY ("month","agentId","agencyId","product","dpdBucket")
);

-- CreateTable
CREATE TABLE "MetricMonthlyAccounts" (
    "month" DATE NOT NULL,
    "agentId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "previousMonth" DATE NOT NULL,
    "previousMonthInBucket" DATE NOT NULL,
    "accounts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricMonthlyAccounts_pkey" PRIMARY KEY ("month","agentId","agencyId","product","dpdBucket","kind","previousMonth","previousMonthInBucket")
);

-- CreateTable
CREATE TABLE "MetricPlacementDaily" (
    "day" DATE NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "placedAccounts" INTEGER NOT NULL DEFAULT 0,
    "placedBalance" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "recalledAccounts" INTEGER NOT NULL DEFAULT 0,
    "recalledBalance" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "MetricPlacementDaily_pkey" PRIMARY KEY ("day","agencyId","product","dpdBucket")
);

-- CreateTable
CREATE TABLE "MetricVintageMonth" (
    "vintage" DATE NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "monthsSince" INTEGER NOT NULL,
    "collected" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "MetricVintageMonth_pkey" PRIMARY KEY ("vintage","agencyId","product","dpdBucket","monthsSince")
);

-- CreateTable
CREATE TABLE "MetricRecoveryIndex" (
    "filterKey" TEXT NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "generation" BIGINT NOT NULL,
    "value" DOUBLE PRECISION,
    "low" DOUBLE PRECISION,
    "high" DOUBLE PRECISION,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MetricRecoveryIndex_pkey" PRIMARY KEY ("filterKey","agencyId")
);

-- CreateIndex
CREATE INDEX "MetricAccountMonth_month_agentId_agencyId_idx" ON "MetricAccountMonth"("month", "agentId", "agencyId");
