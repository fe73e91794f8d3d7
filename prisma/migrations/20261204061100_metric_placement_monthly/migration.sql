-- CreateTable
CREATE TABLE "MetricPlacementMonthly" (
    "month" DATE NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "placedAccounts" INTEGER NOT NULL DEFAULT 0,
    "placedBalance" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "recalledAccounts" INTEGER NOT NULL DEFAULT 0,
    "recalledBalance" DECIMAL(18,2) NOT NULL DEFAULT 0,

    CONSTRAINT "MetricPlacementMonthly_pkey" PRIMARY KEY ("month","agencyId","product","dpdBucket")
);
