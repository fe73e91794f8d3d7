import { describe, expect, test } from "vitest";
import { corroborate, corroborationWindowStart, type CandidateEvent, type CandidateViolation, type CorroborationComplaint } from "./corroboration";

const A = 1;
const B = 2;
const debtor = 10;
// 2026-03-31 10:00 in Shanghai (02:00 UTC): the window of 30 days starts 2026-03-01 00:00 Shanghai = 2026-02-28 16:00 UTC.
const complaint: CorroborationComplaint = { receivedAt: new Date("2026-03-31T02:00:00Z"), agencyId: A, customerId: debtor, phoneNumber: null, timeZone: "Asia/Shanghai" };
const event = (id: number, at: string, over: Partial<CandidateEvent> = {}): CandidateEvent => ({ id: String(id), agencyId: A, customerId: debtor, phoneNumber: "13800000000", occurredAt: new Date(at), type: "CALL", ...over });
const violation = (id: number, at: string, ruleCode: string, over: Partial<CandidateViolation> = {}): CandidateViolation => ({ id: String(id), agencyId: A, customerId: debtor, phoneNumber: "13800000000", occurredAt: new Date(at), ruleCode, ...over });
const run = (over: { complaint?: Partial<CorroborationComplaint>; ruleCodes?: string[]; events?: CandidateEvent[]; violations?: CandidateViolation[]; windowDays?: number } = {}) =>
  corroborate({ complaint: { ...complaint, ...over.complaint }, ruleCodes: over.ruleCodes ?? ["CONTACT_HOURS"], windowDays: over.windowDays ?? 30, events: over.events ?? [], violations: over.violations ?? [] });

describe("corroborationWindowStart: the debtor's local midnight", () => {
  test.each([
    ["Shanghai, 30 days", "2026-03-31T02:00:00Z", "Asia/Shanghai", 30, "2026-02-28T16:00:00.000Z"],
    // 23:30 UTC on the 30th is already the 31st in Shanghai.
    ["Shanghai, just after local midnight", "2026-03-30T16:30:00Z", "Asia/Shanghai", 1, "2026-03-29T16:00:00.000Z"],
    // 03:00 UTC on the 9th is still the 8th in New York; DST began on 2026-03-08 (EST before, EDT after).
    ["New York across the DST change", "2026-03-09T03:00:00Z", "America/New_York", 1, "2026-03-07T05:00:00.000Z"],
    ["UTC, zero days", "2026-03-31T23:59:00Z", "UTC", 0, "2026-03-31T00:00:00.000Z"],
  ])("%s", (_name, receivedAt, zone, days, expected) => {
    expect(corroborationWindowStart(new Date(receivedAt), zone, days).toISOString()).toBe(expected);
  });
});

describe("corroborate", () => {
  test.each([
    ["no agency", { complaint: { agencyId: null } }, "NOT_CHECKABLE", "NO_AGENCY"],
    ["no account and no number", { complaint: { customerId: null } }, "NOT_CHECKABLE", "NO_SUBJECT"],
    ["a category mapped to no rule", { ruleCodes: [], events: [event(1, "2026-03-30T02:00:00Z")] }, "NOT_CHECKABLE", "NO_MAPPED_RULE"],
    ["a mapped violation in the window", { violations: [violation(7, "2026-03-20T14:00:00Z", "CONTACT_HOURS")], events: [event(1, "2026-03-20T14:00:00Z")] }, "CORROBORATED", null],
    ["contacts, but only another rule's violation", { violations: [violation(7, "2026-03-20T14:00:00Z", "SMS_REQUIRED_CONTENT")], events: [event(1, "2026-03-20T14:00:00Z")] }, "LOGGED_NO_VIOLATION", null],
    ["no contact at all", {}, "NO_MATCHING_LOG", null],
    ["only a payment and a note in the window", { events: [event(1, "2026-03-20T02:00:00Z", { type: "PAYMENT" }), event(2, "2026-03-21T02:00:00Z", { type: "NOTE" })] }, "NO_MATCHING_LOG", null],
  ] as const)("%s → %s", (_name, over, status, reason) => {
    const result = run(over as Parameters<typeof run>[0]);
    expect(result.status).toBe(status);
    expect(result.reason).toBe(reason);
  });

  test.each([
    // The window's edges, in the debtor's zone (Shanghai): 2026-03-01 00:00 local is 2026-02-28T16:00Z.
    ["at the window's first instant", "2026-02-28T16:00:00Z", "LOGGED_NO_VIOLATION"],
    ["one second before the window", "2026-02-28T15:59:59Z", "NO_MATCHING_LOG"],
    ["the day before in UTC but inside in Shanghai", "2026-02-28T23:00:00Z", "LOGGED_NO_VIOLATION"],
    ["at the moment the complaint was received", "2026-03-31T02:00:00Z", "LOGGED_NO_VIOLATION"],
    ["after the complaint was received", "2026-03-31T02:00:01Z", "NO_MATCHING_LOG"],
  ])("a call %s → %s", (_name, at, status) => {
    expect(run({ events: [event(1, at)] }).status).toBe(status);
  });

  test("a complaint received before the agency's first event: nothing logged yet", () => {
    const result = run({ events: [event(1, "2026-04-02T02:00:00Z"), event(2, "2026-04-05T02:00:00Z")], violations: [violation(3, "2026-04-02T02:00:00Z", "CONTACT_HOURS")] });
    expect(result).toMatchObject({ status: "NO_MATCHING_LOG", eventIds: [], violationIds: [] });
  });

  test("one debtor's accounts at two agencies: only the named agency's log counts", () => {
    const atB = [event(1, "2026-03-20T02:00:00Z", { agencyId: B })];
    const violationAtB = [violation(2, "2026-03-20T14:00:00Z", "CONTACT_HOURS", { agencyId: B })];
    expect(run({ events: atB, violations: violationAtB }).status).toBe("NO_MATCHING_LOG");
    expect(run({ complaint: { agencyId: B }, events: atB, violations: violationAtB })).toMatchObject({ status: "CORROBORATED", violationIds: ["2"] });
    expect(run({ complaint: { agencyId: B }, events: atB })).toMatchObject({ status: "LOGGED_NO_VIOLATION", eventIds: ["1"], eventCount: 1 });
  });

  test("another debtor's contacts at the same agency do not count", () => {
    expect(run({ events: [event(1, "2026-03-20T02:00:00Z", { customerId: 11, phoneNumber: "13900000000" })] }).status).toBe("NO_MATCHING_LOG");
  });

  test("a non-borrower's report is checked by the number that was called", () => {
    const report = { customerId: null, phoneNumber: "13700000000" };
    const calls = [event(1, "2026-03-10T02:00:00Z", { customerId: 40, phoneNumber: "13700000000" }), event(2, "2026-03-12T02:00:00Z", { customerId: 41, phoneNumber: "13700000001" })];
    const wrongParty = [violation(5, "2026-03-12T02:00:00Z", "WRONG_PARTY_REPEAT", { customerId: 40, phoneNumber: "13700000000" })];
    expect(run({ complaint: report, ruleCodes: ["WRONG_PARTY_REPEAT"], events: calls, violations: wrongParty })).toMatchObject({ status: "CORROBORATED", violationIds: ["5"], violationRuleCodes: ["WRONG_PARTY_REPEAT"] });
    expect(run({ complaint: report, ruleCodes: ["WRONG_PARTY_REPEAT"], events: calls })).toMatchObject({ status: "LOGGED_NO_VIOLATION", eventIds: ["1"] });
  });

  test("violations are listed in time order with their distinct rules, and the window is reported", () => {
    const result = run({
      ruleCodes: ["CONTACT_HOURS", "CALL_FREQUENCY_7IN7", "CONTACT_HOURS"],
      violations: [violation(9, "2026-03-25T02:00:00Z", "CALL_FREQUENCY_7IN7"), violation(8, "2026-03-05T14:00:00Z", "CONTACT_HOURS")],
    });
    expect(result).toMatchObject({
      status: "CORROBORATED",
      ruleCodes: ["CALL_FREQUENCY_7IN7", "CONTACT_HOURS"],
      violationIds: ["8", "9"],
      violationRuleCodes: ["CALL_FREQUENCY_7IN7", "CONTACT_HOURS"],
      window: { from: "2026-02-28T16:00:00.000Z", to: "2026-03-31T02:00:00.000Z" },
    });
  });

  test("a shorter window setting excludes older contacts", () => {
    expect(run({ windowDays: 7, events: [event(1, "2026-03-20T02:00:00Z")] }).status).toBe("NO_MATCHING_LOG");
    expect(run({ windowDays: 14, events: [event(1, "2026-03-20T02:00:00Z")] }).status).toBe("LOGGED_NO_VIOLATION");
  });
});
