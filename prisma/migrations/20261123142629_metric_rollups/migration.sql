-- CreateTable
CREATE TABLE "MetricAccountDay" (
    "accountId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "collected" DECIMAL(16,2) NOT NULL DEFAULT 0,
    "commission" DECIMAL(22,6) NOT NULL DEFAULT 0,
    "outboundContacts" INTEGER NOT NULL DEFAULT 0,
    "wrongPartyContacts" INTEGER NOT NULL DEFAULT 0,
    "thirdPartyContacts" INTEGER NOT NULL DEFAULT 0,
    "promisesDue" INTEGER NOT NULL DEFAULT 0,
    "promisesKept" INTEGER NOT NULL DEFAULT 0,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    "violations" INTEGER NOT NULL DEFAULT 0,
    "violationsHigh" INTEGER NOT NULL DEFAULT 0,
    "openHighViolations" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricAccountDay_pkey" PRIMARY KEY ("accountId","agencyId","agentId","day")
);

-- CreateTable
CREATE TABLE "MetricDaily" (
    "agencyId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "collected" DECIMAL(16,2) NOT NULL DEFAULT 0,
    "commission" DECIMAL(22,6) NOT NULL DEFAULT 0,
    "outboundContacts" INTEGER NOT NULL DEFAULT 0,
    "wrongPartyContacts" INTEGER NOT NULL DEFAULT 0,
    "thirdPartyContacts" INTEGER NOT NULL DEFAULT 0,
    "promisesDue" INTEGER NOT NULL DEFAULT 0,
    "promisesKept" INTEGER NOT NULL DEFAULT 0,
    "complaints" INTEGER NOT NULL DEFAULT 0,
    "violations" INTEGER NOT NULL DEFAULT 0,
    "violationsHigh" INTEGER NOT NULL DEFAULT 0,
    "openHighViolations" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricDaily_pkey" PRIMARY KEY ("day","agencyId","agentId","product","dpdBucket")
);

-- CreateTable
CREATE TABLE "MetricAccountMonth" (
    "accountId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "workedDays" INTEGER NOT NULL DEFAULT 0,
    "contactedDays" INTEGER NOT NULL DEFAULT 0,
    "rpcDays" INTEGER NOT NULL DEFAULT 0,
    "promiseDays" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricAccountMonth_pkey" PRIMARY KEY ("accountId","agencyId","agentId","month")
);

-- CreateTable
CREATE TABLE "MetricMonthly" (
    "agencyId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "workedAccounts" INTEGER NOT NULL DEFAULT 0,
    "contactedAccounts" INTEGER NOT NULL DEFAULT 0,
    "rpcAccounts" INTEGER NOT NULL DEFAULT 0,
    "promiseAccounts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricMonthly_pkey" PRIMARY KEY ("month","agencyId","agentId","product","dpdBucket")
);

-- CreateTable
CREATE TABLE "MetricPlacement" (
    "placementId" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "placedAt" DATE NOT NULL,
    "recalledAt" DATE,
    "placedBalance" DECIMAL(14,2) NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "balanceBand" TEXT NOT NULL,

    CONSTRAINT "MetricPlacement_pkey" PRIMARY KEY ("placementId")
);

-- CreateTable
CREATE TABLE "MetricPlacementMonth" (
    "placementId" INTEGER NOT NULL,
    "monthsSince" INTEGER NOT NULL,
    "accountId" INTEGER NOT NULL,
    "collected" DECIMAL(16,2) NOT NULL,

    CONSTRAINT "MetricPlacementMonth_pkey" PRIMARY KEY ("placementId","monthsSince")
);

-- CreateIndex
CREATE INDEX "MetricAccountMonth_month_agencyId_agentId_idx" ON "MetricAccountMonth"("month", "agencyId", "agentId");

-- CreateIndex
CREATE INDEX "MetricPlacement_accountId_idx" ON "MetricPlacement"("accountId");

-- CreateIndex
CREATE INDEX "MetricPlacement_placedAt_idx" ON "MetricPlacement"("placedAt");

-- CreateIndex
CREATE INDEX "MetricPlacementMonth_accountId_idx" ON "MetricPlacementMonth"("accountId");
