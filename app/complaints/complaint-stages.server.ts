// What follows a complaint recorded by hand, as an imported complaint's batch stages do: a non-borrower's report of
// a wrong number re-judges the contacts on every account that has the number on file (rules), and the
// metric roll-ups of the accounts whose figures it changes (the complaint count, and wrong-party contacts on that
// number) are refreshed, and the complaint is checked against the agency's log, before the page that recorded it
// redirects.
import { getPrisma } from "~/db/client.server";
import { corroborateComplaints } from "./corroborate-complaints.server";
import { accountsAffectedByComplaints, refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";

export async function runComplaintStages(complaintIds: readonly number[]): Promise<void> {
  if (complaintIds.length === 0) return;
  const prisma = getPrisma();
  const reports = await prisma.complaint.findMany({
    where: { id: { in: [...complaintIds] }, source: "NON_BORROWER" },
    select: { accountId: true, phoneNumber: true },
  });
  if (reports.length > 0) {
    const phones = reports.flatMap((report) => (report.phoneNumber ? [report.phoneNumber] : []));
    const named = reports.flatMap((report) => (report.accountId === null ? [] : [report.accountId]));
    const accounts = await prisma.account.findMany({
      where: { OR: [{ id: { in: named } }, ...(phones.length > 0 ? [{ phoneNumbers: { hasSome: phones } }] : [])] },
      select: { id: true },
    });
    // Judged whole: the report also takes the calls placed to that number before it out of the debtor's call
    // counts (Reg F comment 14(b)(2)(i)-3), not only the contacts after it.
    const result = await evaluateRulesForAccounts({ accountIds: accounts.map((account) => account.id), triggerFrom: null });
    if (result.failures.length > 0) console.error(`[complaints] rule evaluation failed for ${result.failures.length} customers: ${JSON.stringify(result.failures).slice(0, 500)}`);
  }
  await refreshRollupsForAccounts(await accountsAffectedByComplaints(complaintIds));
  await corroborateComplaints(complaintIds);
}
