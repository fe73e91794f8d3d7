-- CreateTable
CREATE TABLE "MetricAccountRuleDay" (
    "accountId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "agentId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "ruleCode" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "violations" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricAccountRuleDay_pkey" PRIMARY KEY ("accountId","agencyId","agentId","day","ruleCode","severity")
);

-- CreateTable
CREATE TABLE "MetricRuleDaily" (
    "day" DATE NOT NULL,
    "agentId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "ruleCode" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "violations" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricRuleDaily_pkey" PRIMARY KEY ("day","agentId","agencyId","product","dpdBucket","ruleCode","severity")
);

-- CreateTable
CREATE TABLE "MetricRuleMonthly" (
    "month" DATE NOT NULL,
    "agentId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "ruleCode" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "violations" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricRuleMonthly_pkey" PRIMARY KEY ("month","agentId","agencyId","product","dpdBucket","ruleCode","severity")
);
