-- A violation's key with its account (ADR 049): on a Citus cluster "Violation" is distributed by "accountId" and a
-- unique index must contain it, so the rule engine's merge (ON CONFLICT) names this one. A trigger event belongs to
-- one account and has one time, so it says the same as ("ruleCode", "triggerEventId"); it replaces the key of the
-- monthly partitions (ADR 041), which must contain the partition column "occurredAt" and does.
DROP INDEX "Violation_ruleCode_triggerEventId_occurredAt_key";
CREATE UNIQUE INDEX "Violation_ruleCode_triggerEventId_occurredAt_accountId_key" ON "Violation"("ruleCode", "triggerEventId", "occurredAt", "accountId");
