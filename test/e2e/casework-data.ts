import { createAgency } from "../../app/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "../../app/demo/rule-factories.server";
import { evaluateRulesForAccounts } from "../../app/rules/evaluate-rules.server";

// Violations for the browser tests, made with the same factories as the integration tests and judged by the real
// rule engine, in the database of the server Playwright started (same OVERSIGHT_DATA_DIR: the embedded server is
// reused). An agency of its own keeps the figures exact whatever demo data is loaded beside it.
export type Casework = { agencyCode: string; accountNumber: string; lateCallsAccount: string };

export async function seedCasework(): Promise<Casework> {
  process.env.OVERSIGHT_DATA_DIR = process.env.E2E_DATA_DIR;
  if (process.env.E2E_DATABASE_URL) process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const { prepareDatabase } = await import("../../server/prepare-database");
  await prepareDatabase();
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 4)}`.toUpperCase();
  const agencyCode = `CW${run}`.slice(0, 32);
  const agencyId = await createAgency({ code: agencyCode, name: "Casework Collections" });
  const daily = await createRuleTestCustomer({ accounts: [{ agencyId, placedBalance: "9800.00" }] });
  const late = await createRuleTestCustomer({ accounts: [{ agencyId }] });
  const dailyAccount = daily.accounts[0]!;
  const lateAccount = late.accounts[0]!;
  await insertActivityEvents([
    // Four connected calls on one day: the fourth is over the China pack's daily limit of three.
    ...[9, 11, 14, 17].map((hour) => ({ agencyId, accountId: dailyAccount.accountId, occurredAt: `2026-04-01T${String(hour).padStart(2, "0")}:10:00+08:00`, outcome: "CONNECTED" as const })),
    { agencyId, accountId: dailyAccount.accountId, occurredAt: "2026-04-02T10:00:00+08:00", type: "SMS" as const, messageText: "<script>alert(1)</script> 请于4月10日前还款，退订回T" },
    // Three calls after 22:00: three contact-hours violations for the bulk review.
    ...[3, 4, 5].map((day) => ({ agencyId, accountId: lateAccount.accountId, occurredAt: `2026-04-0${day}T22:30:00+08:00` })),
  ]);
  await evaluateRulesForAccounts({ accountIds: [dailyAccount.accountId, lateAccount.accountId] });
  return { agencyCode, accountNumber: dailyAccount.accountNumber, lateCallsAccount: lateAccount.accountNumber };
}
