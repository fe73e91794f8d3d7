import { expect, test } from "vitest";
import { chinaPack } from "../rule-pack";
import { events, evaluate, localInstant, makeAccount, onlyRule, SHANGHAI, triggers } from "../../../test/support/rule-fixtures";
import type { RuleWrongNumberReport } from "../types";

const pack = onlyRule(chinaPack, "WRONG_PARTY_REPEAT");
const number = "13900000009";
const call = events(undefined, { phoneNumber: number, contactParty: "UNKNOWN" });

test("a number one agency found wrong, called later by another agency, is a violation", () => {
  const report = call("2026-04-01 10:00", { agencyId: 1, outcome: "WRONG_NUMBER" });
  const repeat = call("2026-04-03 10:00", { agencyId: 2 });
  const found = evaluate([report, repeat], pack);
  expect(triggers(found)).toEqual([`WRONG_PARTY_REPEAT:${repeat.id}`]);
  expect(found[0]).toMatchObject({
    agencyId: 2,
    severity: "HIGH",
    evidenceEventIds: [report.id, repeat.id],
    explanation: {
      key: "rules.WRONG_PARTY_REPEAT.explanation",
      params: { phone: "139****0009", time: "2026-04-03 10:00", reportedAt: "2026-04-01 10:00" },
    },
  });
});

test("an SMS to the number counts as contact, and every later contact is reported", () => {
  const report = call("2026-04-01 10:00", { outcome: "WRONG_NUMBER" });
  const text = call("2026-04-02 10:00", { type: "SMS", outcome: "DELIVERED" });
  const again = call("2026-04-05 10:00", { accountId: 2 });
  const found = evaluate([report, text, again], pack, { accounts: [makeAccount(), makeAccount({ id: 2 })] });
  expect(triggers(found)).toEqual([`WRONG_PARTY_REPEAT:${text.id}`, `WRONG_PARTY_REPEAT:${again.id}`]);
  expect(found[1]?.evidenceEventIds).toEqual([report.id, again.id]);
});

test("a NON_BORROWER complaint marks the number from the time it was received", () => {
  const reports: RuleWrongNumberReport[] = [
    { customerId: 100, phoneNumber: "139-0000-0009", reportedAt: "2026-04-02T02:00:00Z", source: "COMPLAINT", complaintRef: "C-2026-0042" },
  ];
  const before = call("2026-04-02 09:00");
  const after = call("2026-04-02 11:00");
  const found = evaluate([before, after], pack, { wrongNumberReports: reports });
  expect(triggers(found)).toEqual([`WRONG_PARTY_REPEAT:${after.id}`]);
  expect(found[0]).toMatchObject({
    evidenceEventIds: [after.id],
    explanation: {
      key: "rules.WRONG_PARTY_REPEAT.complaint",
      params: { complaintRef: "C-2026-0042", reportedAt: "2026-04-02 10:00", phone: "139****0009" },
    },
  });
  expect(evaluate([before, after], onlyRule(chinaPack, "WRONG_PARTY_REPEAT", { includeComplaints: false }), { wrongNumberReports: reports })).toEqual(
    [],
  );
});

test("a report from outside the loaded events is cited by id", () => {
  const reports: RuleWrongNumberReport[] = [
    { customerId: 100, phoneNumber: number, reportedAt: localInstant("2026-03-01 10:00", SHANGHAI), source: "EVENT", activityEventId: "9000" },
  ];
  const repeat = call("2026-04-01 10:00");
  expect(evaluate([repeat], pack, { wrongNumberReports: reports })[0]?.evidenceEventIds).toEqual(["9000", repeat.id]);
});

test("reports about another customer's debtor do not apply", () => {
  const reports: RuleWrongNumberReport[] = [{ customerId: 999, phoneNumber: number, reportedAt: "2026-03-01T00:00:00Z", source: "COMPLAINT" }];
  expect(evaluate([call("2026-04-01 10:00")], pack, { wrongNumberReports: reports })).toEqual([]);
});

test.each([
  ["the report itself", []],
  ["contact with other numbers", [{ phoneNumber: "13900000008" }]],
  ["an inbound call from the number", [{ direction: "INBOUND" as const, outcome: "CONNECTED" as const }]],
  ["a letter (no number)", [{ type: "LETTER" as const, phoneNumber: null }]],
])("%s is not a repeat", (_name, later) => {
  const report = call("2026-04-01 10:00", { outcome: "WRONG_NUMBER" });
  expect(evaluate([report, ...later.map((overrides) => call("2026-04-02 10:00", overrides))], pack)).toEqual([]);
});

test("a connected contact with the debtor on the number lifts the mark, when the pack says so", () => {
  const report = call("2026-04-01 10:00", { outcome: "WRONG_NUMBER" });
  const debtorCallsIn = call("2026-04-02 10:00", { direction: "INBOUND", outcome: "CONNECTED", contactParty: "DEBTOR" });
  const later = call("2026-04-03 10:00");
  expect(evaluate([report, debtorCallsIn, later], pack)).toEqual([]);
  const strict = onlyRule(chinaPack, "WRONG_PARTY_REPEAT", { clearedByRightPartyContact: false });
  expect(triggers(evaluate([report, debtorCallsIn, later], strict))).toEqual([`WRONG_PARTY_REPEAT:${later.id}`]);
});
