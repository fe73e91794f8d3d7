// The Regulation F facts of ADR 027 end to end: a placement file with possible zones and an activity file with a
// consent, a STOP reply, a restriction, an attorney notice and a limited-content voicemail are imported, stored, read
// by the rule engine from the database and shown on the case page; bad facts are rejected row by row.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getCase } from "~/cases/cases.server";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { assignRulePack, ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { csv, importFile } from "../support/import-harness";
import { withTriggerEvents } from "../support/trigger-events";
import { inEnglish } from "../support/row-errors";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const code = `RF${suffix}`;
const accountNumber = `RF-${suffix}`;
let agencyId: number;

beforeAll(async () => {
  await ensureDefaultRulePacks();
  agencyId = await createAgency({ code, name: "Reg F Recovery", timeZone: "America/New_York" });
  await assignRulePack(code, "us");
});

afterAll(async () => {
  await stopQueue();
});

const header = ["event_id", "account_number", "agent_id", "occurred_at", "type", "direction", "contact_party", "outcome", "phone_number", "message_text", "consent_scope", "restriction", "place", "restricted_hours", "restricted_medium", "ends_at", "dispute_form", "voicemail_content"];
const row = (values: Record<string, string>) => header.map((field) => values[field] ?? null);

describe("Regulation F facts", () => {
  test("imported, stored, judged and shown", async () => {
    const placements = csv([
      ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "currency", "debtor_phones", "debtor_timezone", "third_party_consent", "possible_timezones"],
      [accountNumber, `C-${suffix}`, code, "2026-03-01", "900.00", "USD", "+12125550100", "America/New_York", "true", "America/Los_Angeles"],
    ]);
    expect((await importFile({ kind: "PLACEMENTS", fileName: "placements.csv", content: placements })).batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1 });
    const account = await getPrisma().account.findUniqueOrThrow({ where: { accountNumber } });
    expect(account.possibleTimeZones).toEqual(["America/Los_Angeles"]);

    const base = { account_number: accountNumber, phone_number: "+12125550100", agent_id: "A1" };
    const activities = csv([
      header,
      row({ ...base, event_id: `${suffix}-1`, occurred_at: "2026-03-02 12:00", type: "联系限制", direction: "INBOUND", restriction: "时间", restricted_hours: "00:00-10:00" }),
      row({ ...base, event_id: `${suffix}-2`, occurred_at: "2026-03-03 09:30", type: "CALL", contact_party: "DEBTOR", outcome: "NO_ANSWER" }),
      row({ ...base, event_id: `${suffix}-3`, occurred_at: "2026-03-03 12:00", type: "SMS", direction: "INBOUND", contact_party: "DEBTOR", outcome: "DELIVERED", message_text: "STOP" }),
      row({ ...base, event_id: `${suffix}-4`, occurred_at: "2026-03-04 12:00", type: "SMS", contact_party: "DEBTOR", outcome: "DELIVERED", message_text: "Reminder" }),
      row({ ...base, event_id: `${suffix}-5`, occurred_at: "2026-03-05 12:00", type: "CALL", contact_party: "FAMILY", outcome: "VOICEMAIL", phone_number: "+12125550999", voicemail_content: "有限内容" }),
      row({ ...base, event_id: `${suffix}-6`, occurred_at: "2026-03-06 12:00", type: "ATTORNEY_NOTICE", direction: "INBOUND", contact_party: "律师" }),
      row({ ...base, event_id: `${suffix}-7`, occurred_at: "2026-03-07 12:00", type: "CALL", contact_party: "DEBTOR", outcome: "CONNECTED" }),
      row({ ...base, event_id: `${suffix}-8`, occurred_at: "2026-03-07 13:00", type: "CONSENT", direction: "INBOUND", contact_party: "DEBTOR", consent_scope: "INCONVENIENT_TIME", ends_at: "2026-03-31" }),
      // Bad facts: a consent without its scope, hours that are no range.
      row({ ...base, event_id: `${suffix}-9`, occurred_at: "2026-03-08 12:00", type: "CONSENT" }),
      row({ ...base, event_id: `${suffix}-10`, occurred_at: "2026-03-08 12:00", type: "CONTACT_RESTRICTION", restriction: "INCONVENIENT_TIME", restricted_hours: "before 10" }),
    ]);
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId, fileName: "activities.csv", content: activities });
    expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 8, rejectedRows: 2 });
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id }, orderBy: { rowNumber: "asc" } }));
    expect(errors.map((error) => [error.rowNumber, error.field, error.message])).toEqual([
      [10, "consent_scope", "consent_scope is required when type is CONSENT"],
      [11, "restricted_hours", "restricted_hours 'before 10' is not a range of hours such as 00:00-10:00 (HH:mm-HH:mm, start and end different)"],
    ]);
    const consent = await getPrisma().activityEvent.findFirstOrThrow({ where: { agencyId, eventId: `${suffix}-8` } });
    expect(consent).toMatchObject({ type: "CONSENT", consentScope: "INCONVENIENT_TIME" });
    // A date alone ends at the end of that day in the agency's zone.
    expect(consent.endsAt?.toISOString()).toBe("2026-04-01T04:00:00.000Z");

    await evaluateRulesForAccounts({ accountIds: [account.id] });
    const read = new Set(["CONTACT_HOURS", "CONSUMER_RESTRICTION", "ATTORNEY_REPRESENTED", "THIRD_PARTY_CONTACT", "THIRD_PARTY_DISCLOSURE"]);
    const violations = await withTriggerEvents(await getPrisma().violation.findMany({ where: { accountId: account.id } }));
    const judged = violations
      .filter((violation) => read.has(violation.ruleCode))
      .map((violation) => [violation.triggerEvent.eventId, violation.ruleCode, (violation.explanation as { key: string }).key])
      .sort((a, b) => (a.join() < b.join() ? -1 : 1));
    expect(judged).toEqual([
      // 09:30 New York is 06:30 in Los Angeles, a possible zone: outside 08:00–21:00 there; and before 10, as asked.
      [`${suffix}-2`, "CONSUMER_RESTRICTION", "rules.CONSUMER_RESTRICTION.time"],
      [`${suffix}-2`, "CONTACT_HOURS", "rules.CONTACT_HOURS.otherZone"],
      // A text after the STOP reply.
      [`${suffix}-4`, "CONSUMER_RESTRICTION", "rules.CONSUMER_RESTRICTION.stop"],
      // The placement file's third_party_consent is not consent given to the agency (§1006.6(d)(2)(ii)); the
      // limited-content voicemail disclosed nothing, so no THIRD_PARTY_DISCLOSURE.
      [`${suffix}-5`, "THIRD_PARTY_CONTACT", "rules.THIRD_PARTY_CONTACT.explanation"],
      [`${suffix}-7`, "ATTORNEY_REPRESENTED", "rules.ATTORNEY_REPRESENTED.explanation"],
      // 12:00 New York is 09:00 in Los Angeles: still before 10 in a zone the consumer may be in.
      [`${suffix}-7`, "CONSUMER_RESTRICTION", "rules.CONSUMER_RESTRICTION.time"],
    ]);

    const found = await getCase({ accountNumber, view: "unmasked" });
    expect(found.found).toBe(true);
    if (!found.found) return;
    const byId = new Map(found.detail.events.map((event) => [event.eventId, event]));
    expect(byId.get(`${suffix}-1`)?.facts).toMatchObject({ restriction: "INCONVENIENT_TIME", restrictedHours: "00:00-10:00" });
    expect(byId.get(`${suffix}-5`)?.facts).toMatchObject({ voicemailContent: "LIMITED_CONTENT" });
    expect(byId.get(`${suffix}-6`)).toMatchObject({ type: "ATTORNEY_NOTICE", contactParty: "ATTORNEY", facts: null });
  });

  test("without possible zones from the lender, the area codes of the numbers on file place the consumer, and the explanation names that fallback (ADR 033)", async () => {
    const placements = csv([
      ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "currency", "debtor_phones", "debtor_timezone"],
      [`${accountNumber}-AC`, `C-${suffix}-AC`, code, "2026-03-01", "900.00", "USD", "+14155550100", "America/New_York"],
      [`${accountNumber}-NZ`, `C-${suffix}-NZ`, code, "2026-03-01", "900.00", "USD", "+13125550100", ""],
    ]);
    expect((await importFile({ kind: "PLACEMENTS", fileName: "placements-area-codes.csv", content: placements })).batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2 });
    const activities = csv([
      header,
      // 09:30 New York is 06:30 in San Francisco (area code 415).
      row({ account_number: `${accountNumber}-AC`, phone_number: "+14155550100", agent_id: "A1", event_id: `${suffix}-AC1`, occurred_at: "2026-03-03T09:30:00-05:00", type: "CALL", contact_party: "DEBTOR", outcome: "NO_ANSWER" }),
      // 07:30 in Chicago (area code 312), 08:30 at the agency in New York: only the area code's zone finds it.
      row({ account_number: `${accountNumber}-NZ`, phone_number: "+13125550100", agent_id: "A1", event_id: `${suffix}-NZ1`, occurred_at: "2026-03-03T07:30:00-06:00", type: "CALL", contact_party: "DEBTOR", outcome: "NO_ANSWER" }),
    ]);
    expect((await importFile({ kind: "ACTIVITIES", agencyId, fileName: "activities-area-codes.csv", content: activities })).batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2 });
    const accounts = await getPrisma().account.findMany({ where: { accountNumber: { in: [`${accountNumber}-AC`, `${accountNumber}-NZ`] } } });
    await evaluateRulesForAccounts({ accountIds: accounts.map((account) => account.id) });
    const violations = await withTriggerEvents(await getPrisma().violation.findMany({ where: { accountId: { in: accounts.map((account) => account.id) }, ruleCode: "CONTACT_HOURS" } }));
    expect(violations.map((violation) => [violation.triggerEvent.eventId, violation.explanation]).sort()).toEqual([
      [`${suffix}-AC1`, expect.objectContaining({ key: "rules.CONTACT_HOURS.areaCodeZone", params: expect.objectContaining({ otherZone: "America/Los_Angeles" }) })],
      [`${suffix}-NZ1`, expect.objectContaining({ key: "rules.CONTACT_HOURS.areaCodeFallback", params: expect.objectContaining({ timeZone: "America/Chicago" }) })],
    ]);
  });
});
