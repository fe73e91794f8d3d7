import { corroborateAfterBatch } from "~/complaints/corroborate-complaints.server";
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { getPrisma } from "~/db/client.server";
import { warmScorecardsQuietly } from "~/dashboard/warm-scorecards.server";
import { accountsAffectedByBatch, refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { accountsToReconcileAfterLedger, reconcileAccounts } from "~/reconciliation/reconcile-accounts.server";
import { evaluateRulesForAccounts, evaluateRulesForImportBatch } from "~/rules/evaluate-rules.server";

/**
 * The work that follows a committed batch, for exactly the accounts it touched: rule evaluation, then the metric
 * roll-ups of those accounts (after the rules, so they count the violations just found), then the corroboration of
 * the complaints the batch concerns (after the rules, so it sees their violations). Each stage is idempotent, so a batch whose stages were interrupted is simply
 * run through them again (resumeInterruptedImports).
 */
export async function runBatchStages(batchId: number, accountIds: readonly number[]): Promise<void> {
  const prisma = getPrisma();
  const batch = await prisma.importBatch.findUniqueOrThrow({ where: { id: batchId }, select: { kind: true } });
  // The lender's ledger changes no rule or activity figure: only the reconciliation of its accounts (ADR 038).
  if (batch.kind === "PAYMENTS") {
    await reconcileAccounts(await accountsToReconcileAfterLedger(batchId, accountIds));
    // Reconciled payments are figures too (statements, the recall list): cached ones are old now (ADR 040).
    await advanceDataGeneration("import");
    await prisma.importBatch.update({ where: { id: batchId }, data: { stagesCompletedAt: new Date() } });
    return;
  }
  // Placement files change recall dates of existing placements too, and a roster changes how the agency's contacts
  // are judged, which only the runner's account list knows; activity and complaint batches are best described by
  // their own rows (earliest time, reported numbers).
  const result = batch.kind === "PLACEMENTS" || batch.kind === "AGENTS" ? await evaluateRulesForAccounts({ accountIds: [...accountIds] }) : await evaluateRulesForImportBatch(batchId);
  if (result.failures.length > 0) console.error(`[import ${batchId}] rule evaluation failed for ${result.failures.length} customers: ${JSON.stringify(result.failures).slice(0, 500)}`);
  await refreshRollupsForAccounts(await accountsAffectedByBatch(batchId, accountIds));
  // Complaints checked against the logs again: the batch's own, or those its events (and their violations) concern.
  await corroborateAfterBatch(batchId);
  // Reported payments and placements decide the reconciliation of the accounts against the ledger.
  if (batch.kind === "ACTIVITIES" || batch.kind === "PLACEMENTS") await reconcileAccounts(accountIds);
  await advanceDataGeneration("import");
  // The dashboards' scorecards for the new figures, ready before the batch counts as done (never failing it).
  await warmScorecardsQuietly(`import batch #${batchId}`);
  await prisma.importBatch.update({ where: { id: batchId }, data: { stagesCompletedAt: new Date() } });
}
