// A review changes the open/confirmed counts that the metrics roll-ups hold for the account's days.
// The roll-up module is written alongside this one; the glob import binds it at build time when it is present.
type RollupModule = { refreshRollupsForAccounts: (accountIds: number[]) => Promise<unknown> };
const rollupModules = import.meta.glob<RollupModule>("../metrics/refresh-rollups.server.ts");

export async function refreshAfterReview(accountIds: readonly number[]): Promise<void> {
  const load = Object.values(rollupModules)[0];
  if (!load || accountIds.length === 0) return;
  const rollups = await load();
  await rollups.refreshRollupsForAccounts([...accountIds]);
}
