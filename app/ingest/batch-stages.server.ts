import { getPrisma } from "~/db/client.server";

/**
 * The work that follows a committed batch, for exactly the accounts it touched. Each stage is idempotent, so a
 * batch whose stages were interrupted is simply run through them again (see resumeUnfinishedStages).
 */
export async function runBatchStages(batchId: number, _accountIds: readonly number[]): Promise<void> {
  await getPrisma().importBatch.update({ where: { id: batchId }, data: { stagesCompletedAt: new Date() } });
}
