-- A violation's key with its account (ADR 049): on a Citus cluster "Violation" is distributed by "accountId" and a
-- unique index must contain it, so the rule engine's merge (ON CONFLICT) names this one. A trigger event belongs to
-- one account, so it says the same as ("ruleCode", "triggerEventId"), which plain PostgreSQL keeps as well.
CREATE UNIQUE INDEX "Violation_ruleCode_triggerEventId_accountId_key" ON "Violation"("ruleCode", "triggerEventId", "accountId");
