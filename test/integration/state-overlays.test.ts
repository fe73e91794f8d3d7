import { afterAll, beforeAll, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { usRegFPack } from "~/rules/rule-pack";
import { assignRulePack, ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { whatIfRulePack } from "~/rules/what-if.server";
import { csv, importFile } from "../support/import-harness";
import { withTriggerEvents } from "../support/trigger-events";
import { inEnglish } from "../support/row-errors";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const agencyCode = `ST${suffix}`;
let agencyId: number;

beforeAll(async () => {
  await ensureDefaultRulePacks();
  agencyId = await createAgency({ code: agencyCode, name: "State Recovery", timeZone: "America/New_York" });
  await assignRulePack(agencyCode, "us");
});

afterAll(async () => {
  await stopQueue();
});

const placementHeader = ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "currency", "debtor_timezone", "州"];
const ma = `MA-${suffix}`;
const ny = `NY-${suffix}`;

test("the placement file's state column: codes and names in either language are stored as the code, anything else is a row error", async () => {
  const { batch } = await importFile({
    kind: "PLACEMENTS",
    fileName: "placements-with-states.csv",
    content: csv([
      placementHeader,
      [ma, `C-${ma}`, agencyCode, "2026-04-01", "1200.00", "USD", "America/New_York", "马萨诸塞州"],
      [ny, `C-${ny}`, agencyCode, "2026-04-01", "900.00", "USD", "America/New_York", "New York"],
      [`BAD-${suffix}`, `C-BAD-${suffix}`, agencyCode, "2026-04-01", "500.00", "USD", "America/New_York", "Mass."],
    ]),
  });
  expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2, rejectedRows: 1 });
  const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id } }));
  expect(errors).toMatchObject([{ rowNumber: 4, field: "state", message: "state 'Mass.' is not a US state: use its two-letter code such as MA or NY, or its name" }]);
  const accounts = await getPrisma().account.findMany({ where: { accountNumber: { in: [ma, ny] } }, select: { accountNumber: true, state: true }, orderBy: { accountNumber: "asc" } });
  expect(accounts).toEqual([
    { accountNumber: ma, state: "MA" },
    { accountNumber: ny, state: "NY" },
  ]);
});

test("Massachusetts 209 CMR 18.16(1)(d): three voicemails in a week are a violation on the Massachusetts account only, naming the state rule", async () => {
  const header = ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome"];
  const rows = ["2026-04-06T10:00:00-04:00", "2026-04-07T10:00:00-04:00", "2026-04-08T10:00:00-04:00"].flatMap((at, index) => [
    [`EM${index}-${suffix}`, ma, "AG1", at, "CALL", "VOICEMAIL"],
    [`EN${index}-${suffix}`, ny, "AG1", at.replace("10:00", "11:00"), "CALL", "VOICEMAIL"],
  ]);
  const { batch } = await importFile({ kind: "ACTIVITIES", agencyId, fileName: "calls.csv", content: csv([header, ...rows]) });
  expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 6 });
  const accounts = await getPrisma().account.findMany({ where: { accountNumber: { in: [ma, ny] } }, select: { id: true, accountNumber: true } });
  await evaluateRulesForAccounts({ accountIds: accounts.map((account) => account.id) });

  const violations = await withTriggerEvents(await getPrisma().violation.findMany({ where: { accountId: { in: accounts.map((account) => account.id) } }, include: { account: true } }));
  expect(violations.map((violation) => [violation.account.accountNumber, violation.ruleCode, violation.triggerEvent.eventId])).toEqual([
    [ma, "CALL_FREQUENCY_7IN7", `EM2-${suffix}`],
  ]);
  expect(violations[0]!.explanation).toMatchObject({ params: { count: 3, max: 2, days: 7, state: "MA", stateRule: "209 CMR 18.16(1)(d)" } });

  // The what-if shows what the state rule found, and that it goes with the federal rule's switch.
  const period = { from: new Date("2026-04-06T00:00:00Z"), to: new Date("2026-04-09T00:00:00Z") };
  const off = { ...usRegFPack, CALL_FREQUENCY_7IN7: { ...usRegFPack.CALL_FREQUENCY_7IN7, enabled: false } };
  const whatIf = await whatIfRulePack({ code: "us", draftParameters: off, ...period });
  expect(whatIf.stateRows).toContainEqual({ state: "MA", ruleCode: "CALL_FREQUENCY_7IN7", citation: "209 CMR 18.16(1)(d)", current: 1, draft: 0, delta: -1 });

  // A resend that moves the debtor to New York takes the state rule away at the next evaluation.
  await importFile({
    kind: "PLACEMENTS",
    fileName: "placements-moved.csv",
    content: csv([placementHeader, [ma, `C-${ma}`, agencyCode, "2026-04-01", "1200.00", "USD", "America/New_York", "NY"]]),
  });
  expect((await getPrisma().account.findUniqueOrThrow({ where: { accountNumber: ma } })).state).toBe("NY");
  await evaluateRulesForAccounts({ accountIds: accounts.map((account) => account.id) });
  expect(await getPrisma().violation.count({ where: { accountId: { in: accounts.map((account) => account.id) } } })).toBe(0);
});
