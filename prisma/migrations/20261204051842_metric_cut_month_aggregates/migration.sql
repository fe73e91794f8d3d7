-- DropIndex
DROP INDEX "MetricAccountMonth_period_scan_idx";

-- AlterTable
ALTER TABLE "MetricAccountMonth" ADD COLUMN     "nextContactedFirstDay" INTEGER,
ADD COLUMN     "nextContactedFirstDayInBucket" INTEGER,
ADD COLUMN     "nextPromiseFirstDay" INTEGER,
ADD COLUMN     "nextPromiseFirstDayInBucket" INTEGER,
ADD COLUMN     "nextRpcFirstDay" INTEGER,
ADD COLUMN     "nextRpcFirstDayInBucket" INTEGER,
ADD COLUMN     "nextWorkedFirstDay" INTEGER,
ADD COLUMN     "nextWorkedFirstDayInBucket" INTEGER;

-- CreateTable
CREATE TABLE "MetricMonthLastDays" (
    "month" DATE NOT NULL,
    "agentId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "lastDay" INTEGER NOT NULL,
    "nextMonth" DATE NOT NULL,
    "nextFirstDay" INTEGER NOT NULL,
    "nextMonthInBucket" DATE NOT NULL,
    "nextFirstDayInBucket" INTEGER NOT NULL,
    "accounts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricMonthLastDays_pkey" PRIMARY KEY ("month","agentId","agencyId","product","dpdBucket","kind","lastDay","nextMonth","nextFirstDay","nextMonthInBucket","nextFirstDayInBucket")
);

-- CreateTable
CREATE TABLE "MetricMonthFirstDays" (
    "month" DATE NOT NULL,
    "agentId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "product" TEXT NOT NULL,
    "dpdBucket" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "firstDay" INTEGER NOT NULL,
    "previousMonth" DATE NOT NULL,
    "previousMonthInBucket" DATE NOT NULL,
    "accounts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MetricMonthFirstDays_pkey" PRIMARY KEY ("month","agentId","agencyId","product","dpdBucket","kind","firstDay","previousMonth","previousMonthInBucket")
);

-- CreateIndex
CREATE INDEX "MetricAccountMonth_period_scan_idx" ON "MetricAccountMonth"("month", "agentId", "agencyId", "product", "dpdBucket", "workedDays", "contactedDays", "rpcDays", "promiseDays");
