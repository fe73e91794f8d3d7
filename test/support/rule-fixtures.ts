// Builders for the rule tables: events are written in the debtor's local wall-clock time, as the rules read them,
// and everything not under test takes a harmless default.
import { DateTime } from "luxon";
import { evaluateRules } from "~/rules/evaluate";
import { RULE_CODES, type RuleCode, type RuleParametersByCode, type RulePackParameters } from "~/rules/rule-pack";
import type {
  ActivityType,
  ContactParty,
  EvaluateRulesInput,
  EvaluationPack,
  Outcome,
  RuleAccount,
  RuleEvent,
  RulePlacement,
  RuleViolation,
  RuleWrongNumberReport,
} from "~/rules/types";
import { seededRandom } from "~/demo/seeded-random";

export { seededRandom };

export const SHANGHAI = "Asia/Shanghai";
export const NEW_YORK = "America/New_York";
export const DEBTOR_PHONE = "13800000001";

let lastId = 0;

/** Ids grow across the whole test file, so events of several builders never collide. */
export function nextId(): string {
  lastId += 1;
  return String(lastId);
}

/** Epoch ms of a local wall-clock time ("2026-04-01 09:10" or with seconds) in a zone. */
export function localInstant(localTime: string, zone: string): number {
  const time = DateTime.fromSQL(localTime.replace(/ (\d):/, " 0$1:"), { zone });
  if (!time.isValid) throw new Error(`bad local time ${localTime}: ${time.invalidExplanation ?? ""}`);
  return time.toMillis();
}

export function makeAccount(overrides: Partial<RuleAccount> = {}): RuleAccount {
  return { id: 1, customerId: 100, timeZone: SHANGHAI, thirdPartyConsent: false, phoneNumbers: [DEBTOR_PHONE], ...overrides };
}

export type EventOverrides = Partial<Omit<RuleEvent, "occurredAt">> & { occurredAt?: RuleEvent["occurredAt"] };

/** An outbound unanswered call to the debtor on account 1 by agency 1, unless told otherwise. */
export function makeEvent(localTime: string, overrides: EventOverrides = {}, zone: string = SHANGHAI): RuleEvent {
  return {
    id: nextId(),
    eventId: `A-${lastId}`,
    agencyId: 1,
    agentId: 10,
    accountId: 1,
    occurredAt: overrides.occurredAt ?? localInstant(localTime, zone),
    type: "CALL",
    direction: "OUTBOUND",
    contactParty: "DEBTOR",
    outcome: "NO_ANSWER",
    phoneNumber: DEBTOR_PHONE,
    messageText: null,
    amount: null,
    visitors: null,
    recordingId: "rec-1",
    ...overrides,
  };
}

/** Binds makeEvent to a zone and default overrides: `const at = events(NEW_YORK, { outcome: "CONNECTED" })`. */
export function events(zone: string = SHANGHAI, defaults: EventOverrides = {}) {
  return (localTime: string, overrides: EventOverrides = {}): RuleEvent => makeEvent(localTime, { ...defaults, ...overrides }, zone);
}

export function packOf(parameters: RulePackParameters, id = 1, code = "cn"): EvaluationPack {
  return { id, code, version: 1, parameters };
}

/** A pack in which only `code` is on, with the defaults of `base` and the given overrides. */
export function onlyRule<C extends RuleCode>(
  base: RuleParametersByCode,
  code: C,
  overrides: Partial<RuleParametersByCode[C]> = {},
): RulePackParameters {
  const parameters: Record<string, unknown> = {};
  for (const other of RULE_CODES) parameters[other] = { ...base[other], enabled: false };
  parameters[code] = { ...base[code], enabled: true, ...overrides };
  return parameters as RulePackParameters;
}

export function evaluate(
  events: readonly RuleEvent[],
  parameters: RulePackParameters,
  extra: Partial<Omit<EvaluateRulesInput, "events" | "pack">> = {},
): RuleViolation[] {
  return evaluateRules({ accounts: [makeAccount()], ...extra, events, pack: packOf(parameters) });
}

/** The short form tables compare: which events triggered which rule. */
export function triggers(violations: readonly RuleViolation[]): string[] {
  return violations.map((violation) => `${violation.ruleCode}:${violation.triggerEventId}`);
}

export function triggerIds(violations: readonly RuleViolation[]): string[] {
  return violations.map((violation) => violation.triggerEventId);
}


export interface Portfolio {
  events: RuleEvent[];
  accounts: RuleAccount[];
  placements: RulePlacement[];
  wrongNumberReports: RuleWrongNumberReport[];
}

const zones = [SHANGHAI, SHANGHAI, NEW_YORK, "America/Los_Angeles"];
const texts = [
  null,
  "您的账单已逾期，请通过支付宝还款，客服 4008001234",
  "请尽快处理",
  "再不还钱就让你坐牢",
  "请转告他欠款已逾期",
  "Reminder from Acme. Reply STOP to opt out.",
  "You owe $300. Pay now or we call the police",
  "DISPUTE_VERIFIED",
];
const callOutcomes: Outcome[] = ["CONNECTED", "CONNECTED", "NO_ANSWER", "NO_ANSWER", "NO_ANSWER", "VOICEMAIL", "BUSY", "NOT_IN_SERVICE", "WRONG_NUMBER"];
const parties: (ContactParty | null)[] = ["DEBTOR", "DEBTOR", "DEBTOR", "DEBTOR", "DEBTOR", null, "UNKNOWN", "FAMILY", "SPOUSE", "EMPLOYER", "THIRD_PARTY"];
const types: ActivityType[] = [
  ...Array<ActivityType>(30).fill("CALL"),
  ...Array<ActivityType>(8).fill("SMS"),
  "EMAIL",
  "LETTER",
  "VISIT",
  "VISIT",
  "PAYMENT",
  "PAYMENT",
  "PROMISE",
  "NOTE",
  "NOTE",
  "DISPUTE",
  "CEASE_REQUEST",
];

const routineTypes = types.filter((type) => type !== "DISPUTE" && type !== "CEASE_REQUEST");

/**
 * A synthetic portfolio shaped like the production feed: events grouped by customer and ordered by time within
 * each, several accounts per customer, four agencies, every event type, outcome and party.
 */
export function generatePortfolio(options: {
  customers: number;
  eventsPerCustomer: number;
  seed: number;
  firstCustomerId?: number;
  /** Mostly compliant activity (daytime contact, few misdials), as opposed to a stress mix that trips every rule. */
  realistic?: boolean;
}): Portfolio {
  const realistic = options.realistic ?? false;
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const portfolio: Portfolio = { events: [], accounts: [], placements: [], wrongNumberReports: [] };
  const start = Date.UTC(2026, 2, 1);
  let eventId = (options.firstCustomerId ?? 1) * 1_000_000;
  for (let c = 0; c < options.customers; c++) {
    const customerId = (options.firstCustomerId ?? 1) + c;
    const zone = pick(zones);
    const accountCount = 1 + Math.floor(random() * 3);
    const accountIds: number[] = [];
    const agencyOf = new Map<number, number>();
    for (let a = 0; a < accountCount; a++) {
      const id = customerId * 10 + a;
      accountIds.push(id);
      portfolio.accounts.push({
        id,
        customerId,
        timeZone: zone,
        thirdPartyConsent: random() < 0.1,
        phoneNumbers: [`1380${String(customerId).padStart(7, "0")}`],
      });
      const agencyId = 1 + Math.floor(random() * 4);
      agencyOf.set(id, agencyId);
      portfolio.placements.push({
        accountId: id,
        agencyId,
        placedAt: "2026-02-15",
        recalledAt: random() < 0.2 ? "2026-04-01" : null,
        placedBalance: "5000.00",
        currency: "CNY",
      });
    }
    if (random() < 0.05) {
      portfolio.wrongNumberReports.push({
        customerId,
        phoneNumber: `1390${String(customerId).padStart(7, "0")}`,
        reportedAt: start + 86_400_000 * 10,
        source: "COMPLAINT",
        complaintRef: `C-${customerId}`,
      });
    }
    // Standard-time offsets are close enough: daylight saving moves a 09:00–19:59 contact by an hour at most.
    const offsetHours = zone === SHANGHAI ? 8 : zone === NEW_YORK ? -5 : -8;
    const daysPerEvent = 60 / options.eventsPerCustomer;
    let day = 0;
    let lastAt = 0;
    for (let e = 0; e < options.eventsPerCustomer; e++) {
      day += random() * daysPerEvent * 2;
      const localHour = realistic ? 9 + random() * 11 : random() * 24;
      const at = Math.max(lastAt + 1000, start + Math.floor(day) * 86_400_000 + Math.floor((localHour - offsetHours) * 3_600_000));
      lastAt = at;
      const type = realistic && random() < 0.995 ? pick(routineTypes) : pick(types);
      const accountId = pick(accountIds);
      const ownNumber = `1380${String(customerId).padStart(7, "0")}`;
      const phoneNumber =
        type === "CALL" || type === "SMS" ? (random() < (realistic ? 0.98 : 0.9) ? ownNumber : `1390${String(customerId).padStart(7, "0")}`) : null;
      let outcome: Outcome | null = type === "CALL" ? pick(callOutcomes) : type === "SMS" ? "DELIVERED" : null;
      // Realistic feeds misdial the debtor's own number rarely; the stress mix marks it wrong all the time.
      if (realistic && outcome === "WRONG_NUMBER" && phoneNumber === ownNumber) outcome = "NO_ANSWER";
      portfolio.events.push({
        id: String(eventId++),
        agencyId: random() < 0.9 ? (agencyOf.get(accountId) ?? 1) : 1 + Math.floor(random() * 4),
        agentId: 100 + Math.floor(random() * 20),
        accountId,
        occurredAt: at,
        type,
        direction: type === "DISPUTE" || type === "CEASE_REQUEST" || random() < 0.05 ? "INBOUND" : "OUTBOUND",
        contactParty: realistic && random() < 0.9 ? "DEBTOR" : pick(parties),
        outcome,
        phoneNumber,
        messageText: type === "SMS" || type === "NOTE" || type === "LETTER" ? (realistic && random() < 0.9 ? texts[1]! : pick(texts)) : null,
        amount: type === "PAYMENT" ? `${1 + Math.floor(random() * 3000)}.${String(Math.floor(random() * 100)).padStart(2, "0")}` : null,
        visitors: type === "VISIT" ? pick([null, 1, 2, 2, 3]) : null,
        recordingId: random() < 0.85 ? `rec-${eventId}` : null,
      });
    }
  }
  return portfolio;
}
