import { describe, expect, test } from "vitest";
import { usRegFPack } from "../rule-pack";
import { DEBTOR_PHONE, NEW_YORK, events, evaluate, makeAccount, onlyRule, triggers } from "../../../test/support/rule-fixtures";

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
        key: "rules.CALL_FREQUENCY_7IN7.debtor",
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

describe("whose calls count: each agency is its own debt collector (1006.2(h), 1006.14(b)(2))", () => {
  const allAgencies = onlyRule(usRegFPack, "CALL_FREQUENCY_7IN7", { scope: "ACCOUNT" });

  test("two agencies calling in the same week are each judged on their own calls by default", () => {
    const calls = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => call(`2026-04-0${Math.min(n, 7)} 1${n}:00`, { agencyId: (n % 2) + 1 }));
    expect(run(calls)).toEqual([]);
    const found = run(calls, allAgencies);
    expect(found).toHaveLength(1);
    expect(found[0]?.explanation.key).toBe("rules.CALL_FREQUENCY_7IN7.debtorAllAgencies");
  });

  test("after a recall and re-placement the new agency is not charged with the old one's calls", () => {
    const oldAgency = ["2026-04-01 10:00", "2026-04-01 15:00", "2026-04-02 10:00", "2026-04-02 15:00", "2026-04-03 10:00"].map((time) => call(time, { agencyId: 1 }));
    const newAgency = ["2026-04-05 10:00", "2026-04-06 10:00", "2026-04-07 10:00"].map((time) => call(time, { agencyId: 2 }));
    expect(run([...oldAgency, ...newAgency])).toEqual([]);
    expect(triggers(run([...oldAgency, ...newAgency], allAgencies))).toEqual([`CALL_FREQUENCY_7IN7:${newAgency[2]!.id}`]);
  });
});

describe("who the limits protect: calls to a particular person (1006.14(b)(2))", () => {
  const SPOUSE_PHONE = "2125550102";
  const week = (overrides: Parameters<typeof call>[1], days = [1, 2, 3, 4, 5, 6, 7]) =>
    days.map((day) => call(`2026-04-0${day} 10:00`, overrides));

  test("an 8th call in 7 days to the spouse is a violation, named as that person", () => {
    const calls = week({ contactParty: "SPOUSE", phoneNumber: SPOUSE_PHONE });
    const eighth = call("2026-04-07 16:00", { contactParty: "SPOUSE", phoneNumber: SPOUSE_PHONE });
    const found = run([...calls, eighth]);
    expect(triggers(found)).toEqual([`CALL_FREQUENCY_7IN7:${eighth.id}`]);
    expect(found[0]?.explanation).toMatchObject({
      key: "rules.CALL_FREQUENCY_7IN7.person",
      params: { count: 8, party: "contactParty.SPOUSE", phone: "212****0102" },
    });
  });

  test.each([
    ["a relative called to find the debtor (a location call, 1006.10)", "FAMILY", "2125550103"],
    ["a neighbour", "THIRD_PARTY", "2125550104"],
    ["the employer", "EMPLOYER", "2125550105"],
  ] as const)("third parties are protected too: 8 calls in 7 days to %s", (_name, contactParty, phoneNumber) => {
    expect(run([...week({ contactParty, phoneNumber }), call("2026-04-07 16:00", { contactParty, phoneNumber })])).toHaveLength(1);
  });

  test("7 calls to the debtor and 7 to the spouse in the same week are 7 per person: compliant", () => {
    expect(run([...week({}), ...week({ contactParty: "SPOUSE", phoneNumber: SPOUSE_PHONE })])).toEqual([]);
  });

  test("two relatives at two numbers are two people; the same relative at the same number is one", () => {
    const first = week({ contactParty: "FAMILY", phoneNumber: "2125550103" }, [1, 2, 3, 4]);
    const second = week({ contactParty: "FAMILY", phoneNumber: "2125550109" }, [4, 5, 6, 7]);
    expect(run([...first, ...second])).toEqual([]);
  });

  test("an unanswered call recorded with an UNKNOWN party to a number on file is a call to the debtor", () => {
    const known = week({}, [1, 2, 3, 4]);
    const unknown = week({ contactParty: "UNKNOWN" }, [4, 5, 6, 7]);
    expect(run([...known, ...unknown])).toHaveLength(1);
    const elsewhere = week({ contactParty: "UNKNOWN", phoneNumber: "2125550199" }, [4, 5, 6, 7]);
    expect(run([...known, ...elsewhere])).toEqual([]);
  });

  test("packs stored before perPerson existed count every counted party together, as they did", () => {
    const { perPerson: _dropped, ...stored } = usRegFPack.CALL_FREQUENCY_7IN7;
    const legacy = { ...pack, CALL_FREQUENCY_7IN7: { ...stored, enabled: true } };
    const calls = [...week({}, [1, 2, 3, 4]), ...week({ contactParty: "SPOUSE", phoneNumber: SPOUSE_PHONE }, [4, 5, 6, 7])];
    const found = run(calls, legacy);
    expect(found).toHaveLength(1);
    expect(found[0]?.explanation.key).toBe("rules.CALL_FREQUENCY_7IN7.explanation");
  });
});

describe("calls that stop counting toward the consumer", () => {
  const OTHER = "2125550177";
  const onFile = [makeAccount({ timeZone: NEW_YORK, phoneNumbers: [DEBTOR_PHONE, OTHER] })];
  const calls = () => [
    ...["2026-04-01 10:00", "2026-04-02 10:00", "2026-04-03 10:00", "2026-04-04 10:00"].map((time) => call(time, { phoneNumber: OTHER, contactParty: "UNKNOWN" })),
    ...["2026-04-05 10:00", "2026-04-06 10:00", "2026-04-07 10:00", "2026-04-07 15:00"].map((time) => call(time)),
  ];

  test("without anything learnt later, 8 calls to the debtor's two numbers in 7 days are a violation", () => {
    expect(evaluate(calls(), pack, { accounts: onFile })).toHaveLength(1);
  });

  test("comment 14(b)(2)(i)-3: a number later found to be someone else's takes its calls out of the consumer's count", () => {
    const wrong = call("2026-04-09 10:00", { phoneNumber: OTHER, contactParty: "UNKNOWN", outcome: "WRONG_NUMBER" });
    expect(evaluate([...calls(), wrong], pack, { accounts: onFile })).toEqual([]);
  });

  test("a non-borrower's complaint about the number is such a finding too", () => {
    const reports = [{ customerId: 100, phoneNumber: OTHER, reportedAt: "2026-04-20T12:00:00Z", source: "COMPLAINT" as const, complaintRef: "C-1" }];
    expect(evaluate(calls(), pack, { accounts: onFile, wrongNumberReports: reports })).toEqual([]);
  });

  test("only calls up to the finding leave the count: calls placed after it still count (WRONG_PARTY_REPEAT judges them too)", () => {
    const wrong = call("2026-04-01 09:00", { phoneNumber: OTHER, contactParty: "UNKNOWN", outcome: "WRONG_NUMBER" });
    expect(evaluate([wrong, ...calls()], pack, { accounts: onFile })).toHaveLength(1);
  });
});

describe("calls excluded by 1006.14(b)(3): direct prior consent and the consumer's attorney", () => {
  const consent = (time: string, overrides: Parameters<typeof call>[1] = {}, endsAt?: string) =>
    call(time, { type: "CONSENT", direction: "INBOUND", outcome: null, facts: { consentScope: "CALLS_ABOUT_DEBT", ...(endsAt ? { endsAt } : {}) }, ...overrides });
  const week = () => [1, 2, 3, 4, 5, 6, 7].map((day) => call(`2026-04-0${day} 10:00`));

  test("(b)(3)(i) \"placed with such person's prior consent given directly to the debt collector\": after the debtor asks to be called again this afternoon, the calls that afternoon do not count", () => {
    const afternoon = [call("2026-04-07 14:00"), call("2026-04-07 16:00")];
    expect(run([...week(), ...afternoon])).toHaveLength(2);
    expect(run([...week(), consent("2026-04-07 11:00"), ...afternoon])).toEqual([]);
  });

  test("the consent lasts at most 7 consecutive days, the day it was received being day 1", () => {
    const given = consent("2026-04-01 09:00");
    const covered = [1, 2, 3, 4, 5, 6, 7].flatMap((day) => [call(`2026-04-0${day} 10:00`), call(`2026-04-0${day} 15:00`)]);
    expect(run([given, ...covered])).toEqual([]);
    // Apr 8 is day 8: its calls count again, with Apr 2–7's covered calls still out of the count.
    const after = [8, 8, 8, 8, 8, 8, 8, 8].map((_, n) => call(`2026-04-08 ${10 + n}:00`));
    expect(triggers(run([given, ...covered, ...after]))).toEqual([`CALL_FREQUENCY_7IN7:${after[7]!.id}`]);
  });

  test.each([
    ["its own end", (calls: ReturnType<typeof week>) => [consent("2026-04-07 11:00", {}, "2026-04-07T19:00:00Z"), ...calls]],
    ["a revocation", (calls: ReturnType<typeof week>) => [consent("2026-04-07 11:00"), call("2026-04-07 14:30", { type: "CONSENT_REVOKED", direction: "INBOUND", outcome: null, facts: { consentScope: "CALLS_ABOUT_DEBT" } }), ...calls]],
    ["the next conversation with the person (comment 14(b)(3)(i)-2)", (calls: ReturnType<typeof week>) => [consent("2026-04-07 11:00"), call("2026-04-07 14:00", { outcome: "CONNECTED" }), ...calls]],
  ])("the consent ends earlier at %s", (_name, build) => {
    // 15:00 EDT is 19:00Z: the call at 16:00 falls after each of the three ends.
    const late = call("2026-04-07 16:00");
    const found = run(build([...week(), late]));
    expect(triggers(found)).toContain(`CALL_FREQUENCY_7IN7:${late.id}`);
  });

  test("consent given to one agency does not cover another agency's calls, even when all agencies are counted together", () => {
    const allAgencies = onlyRule(usRegFPack, "CALL_FREQUENCY_7IN7", { scope: "ACCOUNT" });
    const otherAgency = call("2026-04-07 14:00", { agencyId: 2 });
    expect(run([...week(), consent("2026-04-07 11:00"), otherAgency], allAgencies)).toHaveLength(1);
  });

  test("consent from the spouse covers calls to the spouse, not to the debtor", () => {
    const spouse = { contactParty: "SPOUSE" as const, phoneNumber: "2125550102" };
    const toDebtor = call("2026-04-07 14:00");
    expect(triggers(run([...week(), consent("2026-04-07 11:00", spouse), toDebtor]))).toEqual([`CALL_FREQUENCY_7IN7:${toDebtor.id}`]);
  });

  test("(b)(3)(iii): calls to the consumer's attorney never count", () => {
    const attorney = { contactParty: "ATTORNEY" as const, phoneNumber: "2125550150" };
    const calls = [1, 2, 3, 4, 5, 6, 7].flatMap((day) => [call(`2026-04-0${day} 10:00`, attorney), call(`2026-04-0${day} 15:00`, attorney)]);
    expect(run(calls)).toEqual([]);
    // Even where a pack lists the attorney among the counted parties.
    const listed = onlyRule(usRegFPack, "CALL_FREQUENCY_7IN7", { countedParties: ["DEBTOR", "ATTORNEY"] });
    expect(run(calls, listed)).toEqual([]);
  });

  test("packs stored before consentDays existed do not read consent", () => {
    const { consentDays: _dropped, ...stored } = usRegFPack.CALL_FREQUENCY_7IN7;
    const legacy = { ...pack, CALL_FREQUENCY_7IN7: { ...stored, enabled: true } };
    expect(run([...week(), consent("2026-04-07 11:00"), call("2026-04-07 14:00")], legacy)).toHaveLength(1);
  });
});
