import { describe, expect, test } from "vitest";
import { chinaPack, usRegFPack } from "../rule-pack";
import { prepareRosters } from "../rosters";
import type { RuleAgencyRoster, RuleRosterAgent, RuleTraining } from "../types";
import { NEW_YORK, SHANGHAI, evaluate, events, makeAccount, onlyRule } from "../../../test/support/rule-fixtures";

const training = (overrides: Partial<RuleTraining> = {}): RuleTraining => ({
  course: "Compliance 2026",
  trainedOn: "2026-01-15",
  certificateExpiresOn: "2026-03-10",
  score: "85.00",
  ...overrides,
});
const agent = (overrides: Partial<RuleRosterAgent> = {}): RuleRosterAgent => ({
  id: 10,
  externalId: "A007",
  name: "李娜",
  startDate: "2025-09-01",
  endDate: null,
  trainings: [training()],
  ...overrides,
});
const roster = (agents: RuleRosterAgent[], timeZone = SHANGHAI, agencyId = 1): RuleAgencyRoster => ({ agencyId, timeZone, agents });

describe.each([
  ["cn", chinaPack],
  ["us", usRegFPack],
] as const)("UNTRAINED_AGENT in the %s pack", (_family, packDefaults) => {
  const pack = onlyRule(packDefaults, "UNTRAINED_AGENT");
  const at = events(SHANGHAI);
  const judge = (agents: RuleRosterAgent[], time: string, overrides = {}, extra: { zone?: string; account?: string } = {}) =>
    evaluate([events(extra.account ?? SHANGHAI)(time, overrides)], pack, {
      accounts: [makeAccount({ timeZone: extra.account ?? SHANGHAI })],
      rosters: prepareRosters([roster(agents, extra.zone ?? SHANGHAI)]),
    });

  test("is on by default with MEDIUM severity", () => {
    expect(packDefaults.UNTRAINED_AGENT).toMatchObject({ enabled: true, severity: "MEDIUM" });
  });

  test.each([
    ["a call on the training day", [agent()], "2026-01-15 09:00", {}, null],
    ["a call on the certificate's last day", [agent()], "2026-03-10 20:00", {}, null],
    ["a call the day after it expired", [agent()], "2026-03-11 09:00", {}, "rules.UNTRAINED_AGENT.expired"],
    ["a call before any training", [agent()], "2026-01-14 09:00", {}, "rules.UNTRAINED_AGENT.noTraining"],
    ["a call by an agent with no training at all", [agent({ trainings: [] })], "2026-02-01 09:00", {}, "rules.UNTRAINED_AGENT.noTraining"],
    ["a call after the end date", [agent({ endDate: "2026-02-28" })], "2026-03-01 09:00", {}, "rules.UNTRAINED_AGENT.afterEnd"],
    ["a call on the end date", [agent({ endDate: "2026-02-28" })], "2026-02-28 18:00", {}, null],
    ["a call before the start date", [agent({ startDate: "2026-02-01" })], "2026-01-20 09:00", {}, "rules.UNTRAINED_AGENT.beforeStart"],
    ["a call by an agent only known from activity", [agent({ startDate: null, trainings: [] })], "2026-02-01 09:00", {}, "rules.UNTRAINED_AGENT.notOnRoster"],
    ["a call by an agent the roster does not list", [agent({ id: 99 })], "2026-02-01 09:00", {}, "rules.UNTRAINED_AGENT.notOnRoster"],
    ["a valid training scored below the pass mark", [agent({ trainings: [training({ score: "55" })] })], "2026-02-01 09:00", {}, "rules.UNTRAINED_AGENT.failed"],
    ["a valid training reported without a score", [agent({ trainings: [training({ score: null })] })], "2026-02-01 09:00", {}, null],
    ["a renewed training after an expired one", [agent({ trainings: [training(), training({ trainedOn: "2026-03-11", certificateExpiresOn: "2027-03-10" })] })], "2026-03-12 09:00", {}, null],
    ["the gap between an expired and a renewed training", [agent({ trainings: [training(), training({ trainedOn: "2026-03-20", certificateExpiresOn: "2027-03-19" })] })], "2026-03-15 09:00", {}, "rules.UNTRAINED_AGENT.expired"],
    ["an inbound call after expiry", [agent()], "2026-03-11 09:00", { direction: "INBOUND" }, null],
    ["a payment after expiry", [agent()], "2026-03-11 09:00", { type: "PAYMENT", direction: "INBOUND", amount: "10.00" }, null],
    ["a call without an agent", [agent()], "2026-03-11 09:00", { agentId: null }, null],
  ])("%s", (_name, agents, time, overrides, expected) => {
    const found = judge(agents, time, overrides);
    expect(found.map((violation) => violation.explanation.key)).toEqual(expected === null ? [] : [expected]);
  });

  test("the explanation names the agent and the missing record", () => {
    const [found] = judge([agent()], "2026-03-11 09:00");
    expect(found).toMatchObject({
      ruleCode: "UNTRAINED_AGENT",
      severity: "MEDIUM",
      agentId: 10,
      explanation: {
        key: "rules.UNTRAINED_AGENT.expired",
        params: { agent: "A007 (李娜)", course: "Compliance 2026", trainedOn: "2026-01-15", expiredOn: "2026-03-10", day: "2026-03-11", time: "2026-03-11 09:00" },
      },
    });
  });

  // The certificate's last day is the agency's calendar day: a debtor elsewhere does not move the midnight.
  test.each([
    // Agency in Shanghai, debtor in New York: 23:30 on the 10th in New York is 12:30 on the 11th in Shanghai.
    ["the debtor's day is the last day, the agency's the next", SHANGHAI, NEW_YORK, "2026-03-10 23:30", "rules.UNTRAINED_AGENT.expired"],
    // Agency in New York, debtor in Shanghai: 09:00 on the 11th in Shanghai is 21:00 on the 10th in New York.
    ["the debtor's day is after the last day, the agency's is the last day", NEW_YORK, SHANGHAI, "2026-03-11 09:00", null],
    ["one minute before the agency's midnight", SHANGHAI, SHANGHAI, "2026-03-10 23:59", null],
    ["at the agency's midnight", SHANGHAI, SHANGHAI, "2026-03-11 00:00", "rules.UNTRAINED_AGENT.expired"],
  ])("expiry at midnight: %s", (_name, agencyZone, debtorZone, debtorTime, expected) => {
    const found = judge([agent()], debtorTime, {}, { zone: agencyZone, account: debtorZone });
    expect(found.map((violation) => violation.explanation.key)).toEqual(expected === null ? [] : [expected]);
  });

  test("an agency that never sent a roster is not judged unless the pack says so", () => {
    const call = at("2026-03-11 09:00");
    expect(evaluate([call], pack, { rosters: prepareRosters([roster([agent()], SHANGHAI, 2)]) })).toEqual([]);
    expect(evaluate([call], pack)).toEqual([]);
    const strict = onlyRule(packDefaults, "UNTRAINED_AGENT", { judgeAgenciesWithoutRoster: true });
    expect(evaluate([call], strict).map((violation) => violation.explanation.key)).toEqual(["rules.UNTRAINED_AGENT.noRoster"]);
  });

  test("a rule switched off reports nothing", () => {
    const off = onlyRule(packDefaults, "UNTRAINED_AGENT", { enabled: false });
    expect(evaluate([at("2026-03-11 09:00")], off, { rosters: prepareRosters([roster([agent()])]) })).toEqual([]);
  });
});
