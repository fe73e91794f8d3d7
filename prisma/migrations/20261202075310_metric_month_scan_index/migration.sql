-- DropIndex
DROP INDEX "MetricAccountMonth_month_agentId_agencyId_idx";

-- CreateIndex
CREATE INDEX "MetricAccountMonth_period_scan_idx" ON "MetricAccountMonth"("month", "agentId", "agencyId", "product", "dpdBucket", "workedDays", "contactedDays", "rpcDays", "promiseDays", "previousWorkedMonth", "previousContactedMonth", "previousRpcMonth", "previousPromiseMonth", "nextWorkedMonth", "nextContactedMonth", "nextRpcMonth", "nextPromiseMonth", "previousWorkedMonthInBucket", "previousContactedMonthInBucket", "previousRpcMonthInBucket", "previousPromiseMonthInBucket", "nextWorkedMonthInBucket", "nextContactedMonthInBucket", "nextRpcMonthInBucket", "nextPromiseMonthInBucket", "accountId");
