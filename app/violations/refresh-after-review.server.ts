// A review changes the open/confirmed counts that the metrics roll-ups hold for the account's days.
import { advanceDataGeneration } from "~/cache/data-generation.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";

export async function refreshAfterReview(accountIds: readonly number[]): Promise<void> {
  if (accountIds.length === 0) return;
  await refreshRollupsForAccounts([...accountIds]);
  await advanceDataGeneration("violation-review");
}
