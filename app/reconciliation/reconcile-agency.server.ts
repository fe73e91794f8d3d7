import { getPool } from "~/db/pg.server";
import { reconcileAccounts, type ReconcileResult } from "./reconcile-accounts.server";

/**
 * Recomputes the reconciliation of every account the agency was ever placed with or has items on (after its remittance
 * days change): its payments, and the direct payments attributed to it, are matched again under the new window.
 */
export async function reconcileAgencyAccounts(agencyId: number): Promise<ReconcileResult> {
  const { rows } = await getPool().query<{ account_id: number }>(
    `SELECT "accountId" AS account_id FROM "Placement" WHERE "agencyId" = $1
     UNION SELECT "accountId" FROM "ReconciliationItem" WHERE "agencyId" = $1`,
    [agencyId],
  );
  return reconcileAccounts(rows.map((row) => row.account_id));
}
