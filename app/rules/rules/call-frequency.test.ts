import { describe, expect, test } from "vitest";
import { usRegFPack } from "../rule-pack";
import { NEW_YORK, events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";

const pack = onlyRule(usRegFPack, "CALL_FREQUENCY_7IN7");
const accounts = [makeAccount({ timeZone: NEW_YORK }), makeAccount({ id: 2, timeZone: NEW_YORK }), makeAccount({ id: 3, timeZone: NEW_YORK })];
const call = events(NEW_YORK);
const run = (calls: Parameters<typeof evaluate>[0], parameters = pack) => evaluate(calls, parameters, { accounts });

describe("Reg F commentary examples", () => {
  test("1 call on Apr 1, 2 each on Apr 2, 3 and 6, 1 on Apr 7: the 8th call, and only it, is a violation", () => {
    const calls = [
      call("2026-04-01 09:10"),
      call("2026-04-02 09:10"),
      call("2026-04-02 15:00"),
      call("2026-04-03 09:10"),
      call("2026-04-03 15:00"),
      call("2026-04-06 09:10"),
      call("2026-04-06 15:00"),
      call("2026-04-07 09:10"),
    ];
    const found = run(calls);
    expect(triggers(found)).toEqual([`CALL_FREQUENCY_7IN7:${calls[7]!.id}`]);
    expect(found[0]).toMatchObject({
      severity: "MEDIUM",
      evidenceEventIds: calls.map((c) => c.id),
      explanation: {
        key: "rules.CALL_FREQUENCY_7IN7.explanation",
        params: {
          count: 8,
          max: 7,
          days: 7,
          times:
            "2026-04-01 09:10, 2026-04-02 09:10, 2026-04-02 15:00, 2026-04-03 09:10, 2026-04-03 15:00, 2026-04-06 09:10, 2026-04-06 15:00, 2026-04-07 09:10",
        },
      },
    });
  });

  test("21 unanswered calls in 7 days, 7 on each of 3 debts of one debtor, are compliant", () => {
    const calls = [1, 2, 3].flatMap((accountId) =>
      [1, 2, 3, 4, 5, 6, 7].map((day) => call(`2026-04-0${day} ${9 + accountId}:00`, { accountId, outcome: "NO_ANSWER" })),
    );
    expect(calls).toHaveLength(21);
    expect(run(calls)).toEqual([]);
  });
});

test.each([
  ["BUSY", false],
  ["NOT_IN_SERVICE", false],
  ["WRONG_NUMBER", false],
  ["FAILED", false],
  ["CONNECTED", true],
  ["NO_ANSWER", true],
  ["VOICEMAIL", true],
] as const)("an 8th call ending %s counts: %s", (outcome, counts) => {
  const calls = [1, 2, 3, 4, 5, 6, 7].map((day) => call(`2026-04-0${day} 10:00`));
  const last = call("2026-04-07 12:00");
  // The call with the outcome under test sits in the middle: if it counts, `last` is the 9th... or the 8th.
  const probe = call("2026-04-04 11:00", { outcome });
  const found = run([...calls.slice(0, 6), probe, last]);
  expect(triggers(found)).toEqual(counts ? [`CALL_FREQUENCY_7IN7:${last.id}`] : []);
});

test("a BUSY call is neither counted nor judged", () => {
  const calls = [1, 2, 3, 4, 5, 6, 7].map((day) => call(`2026-04-0${day} 10:00`));
  expect(run([...calls, call("2026-04-07 12:00", { outcome: "BUSY" })])).toEqual([]);
});

test.each([
  ["SMS", { type: "SMS" as const, outcome: "DELIVERED" as const }],
  ["emails", { type: "EMAIL" as const, outcome: null }],
  ["inbound calls", { direction: "INBOUND" as const }],
  ["calls to the employer", { contactParty: "EMPLOYER" as const }],
])("%s are not calls to the debtor", (_name, overrides) => {
  const calls = [1, 2, 3, 4, 5, 6, 7].map((day) => call(`2026-04-0${day} 10:00`));
  expect(run([...calls, call("2026-04-07 12:00", overrides)])).toEqual([]);
});

test("the window rolls: 8 calls on 8 consecutive days are fine, an 8th within 7 days is not", () => {
  const daily = [1, 2, 3, 4, 5, 6, 7, 8].map((day) => call(`2026-04-0${day} 10:00`));
  expect(run(daily)).toEqual([]);
  const extra = call("2026-04-08 11:00");
  expect(triggers(run([...daily, extra]))).toEqual([`CALL_FREQUENCY_7IN7:${extra.id}`]);
});

test("long lists are shortened in the sentence, and evidence keeps the latest 100 calls", () => {
  const calls = Array.from({ length: 150 }, (_, n) => call(`2026-04-01 08:${String(Math.floor(n / 3)).padStart(2, "0")}:${String((n % 3) * 10).padStart(2, "0")}`));
  const found = run(calls);
  expect(found).toHaveLength(143);
  const last = found.at(-1)!;
  expect(last.evidenceEventIds).toEqual(calls.slice(-101).map((c) => c.id));
  expect(last.explanation.params.count).toBe(150);
  const listed = String(last.explanation.params.times).split(", ");
  expect(listed).toHaveLength(13);
  expect(listed[0]).toBe("2026-04-01 08:16");
  expect(listed.slice(-3)).toEqual(["…", "2026-04-01 08:49", "2026-04-01 08:49"]);
});

test("a 9th call cites all 8 earlier calls of the window", () => {
  const calls = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => call(`2026-04-01 ${9 + n}:00`));
  const found = run(calls);
  expect(found.map((violation) => violation.evidenceEventIds.length)).toEqual([8, 9]);
  expect(found[1]?.explanation.params.count).toBe(9);
});

describe("daylight saving in America/New_York", () => {
  test("a window spanning 2026-03-08 counts local days, not UTC days", () => {
    // 23:30 EST on Mar 3 is Mar 4 in UTC; in local days it left the window of Mar 4–10.
    const lateEvening = call("2026-03-03 23:30");
    const week = [4, 5, 6, 7, 8, 9, 10].map((day) => call(`2026-03-${String(day).padStart(2, "0")} 12:00`));
    expect(run([lateEvening, ...week])).toEqual([]);
    // 20:59 EDT on Mar 10 is 00:59Z on Mar 11, yet still local Mar 10: the 8th call of Mar 4–10.
    const night = call("2026-03-10 20:59");
    const found = run([lateEvening, ...week, night]);
    expect(triggers(found)).toEqual([`CALL_FREQUENCY_7IN7:${night.id}`]);
    expect(found[0]?.occurredAt).toBe("2026-03-11T00:59:00.000Z");
    expect(found[0]?.evidenceEventIds).toEqual([...week, night].map((c) => c.id));
  });

  test("a window spanning 2026-11-01 (a 25-hour day) still holds 7 local days", () => {
    const week = [26, 27, 28, 29, 30, 31].map((day) => call(`2026-10-${day} 12:00`));
    const nov1 = call("2026-11-01 01:30", { occurredAt: "2026-11-01T06:30:00Z" });
    // 23:00 EST on Nov 1 is 04:00Z on Nov 2: the 8th call of local Oct 26–Nov 1.
    const inside = call("2026-11-01 23:00");
    expect(triggers(run([...week, nov1, inside]))).toEqual([`CALL_FREQUENCY_7IN7:${inside.id}`]);
    // On Nov 2 the window is Oct 27–Nov 2: Oct 26 has left it.
    const nextDay = call("2026-11-02 09:00");
    expect(run([...week, nov1, nextDay])).toEqual([]);
  });
});

test("scope ACCOUNT_AGENCY judges each agency on its own calls", () => {
  const calls = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => call(`2026-04-0${Math.min(n, 7)} 1${n}:00`, { agencyId: (n % 2) + 1 }));
  expect(run(calls)).toHaveLength(1);
  expect(run(calls, onlyRule(usRegFPack, "CALL_FREQUENCY_7IN7", { scope: "ACCOUNT_AGENCY" }))).toEqual([]);
});
