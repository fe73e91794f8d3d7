// The engine: prepares each customer's events once (time order, local time in the account's zone, the pack of
// the event's agency), then streams them through every enabled rule of every pack in use. Evaluation is customer-
// scoped because the debtor is the unit the strictest rules protect (daily connected calls across all accounts and
// agencies; reachability); a batch may hold many customers and each gets fresh state.
//
// Cost is O(n log n) for the sort (linear on input already ordered by customer and time) plus O(n × rules × packs)
// for the pass: every rule keeps bounded or amortised-constant state per event.
import { localDay, localSecondOfDay, toEpochMs, dayOfCalendarDate, zoneClock } from "./local-time";
import { toCents } from "./money";
import { readRestrictedHours, type RestrictedHours } from "./restricted-hours";
import type { PreparedRosters } from "./rosters";
import { RULE_CODES, type RuleCode, type RuleParametersByCode } from "./rule-pack";
import { ruleDefinitions } from "./rules";
import { stateRuleParameters, stateRulesFor, type StateRule } from "./state-overlays";
import {
  normalisePhone,
  type EvidenceRef,
  type Explanation,
  type PreparedAccount,
  type PreparedEvent,
  type PreparedFacts,
  type PreparedPlacement,
  type PreparedWrongNumberReport,
  type RuleDefinition,
  type RuleContext,
  type RuleInputs,
  type RuleObserver,
} from "./rules/shared";
import {
  RuleInputError,
  type EvaluateRulesInput,
  type EvaluationPack,
  type RuleEvent,
  type RuleViolation,
  type RuleWrongNumberReport,
} from "./types";

const noRosters: PreparedRosters = new Map();

/** Decimal ids ("123" < "1000") compare by length first; any other string still gets a total, stable order. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareByTimeThenId(a: EvidenceRef, b: EvidenceRef): number {
  return a.at - b.at || compareIds(a.id, b.id);
}

/** One pack per agency, resolved once; packs are told apart by identity, as the caller is asked to reuse objects. */
class PackResolver {
  readonly packs: EvaluationPack[];
  private readonly indexByPack = new Map<EvaluationPack, number>();
  private readonly indexByAgency = new Map<number, number>();

  constructor(
    defaultPack: EvaluationPack,
    private readonly packForAgency: EvaluateRulesInput["packForAgency"],
  ) {
    this.packs = [defaultPack];
    this.indexByPack.set(defaultPack, 0);
  }

  indexFor(agencyId: number): number {
    let index = this.indexByAgency.get(agencyId);
    if (index === undefined) {
      const pack = this.packForAgency?.(agencyId) ?? this.packs[0]!;
      index = this.indexByPack.get(pack);
      if (index === undefined) {
        index = this.packs.length;
        this.packs.push(pack);
        this.indexByPack.set(pack, index);
      }
      this.indexByAgency.set(agencyId, index);
    }
    return index;
  }
}

function prepareAccounts(input: EvaluateRulesInput): Map<number, PreparedAccount> {
  const accounts = new Map<number, PreparedAccount>();
  for (const account of input.accounts) {
    if (accounts.has(account.id)) throw new RuleInputError(`Account ${account.id} is listed twice`);
    zoneClock(account.timeZone);
    const phones = new Set<string>();
    for (const number of account.phoneNumbers) {
      const phone = normalisePhone(number);
      if (phone !== null) phones.add(phone);
    }
    const zones = [account.timeZone];
    for (const zone of account.possibleTimeZones ?? []) {
      zoneClock(zone);
      if (!zones.includes(zone)) zones.push(zone);
    }
    accounts.set(account.id, {
      id: account.id,
      customerId: account.customerId,
      timeZone: account.timeZone,
      timeZoneSource: account.timeZoneSource ?? "DEBTOR",
      possibleTimeZonesSource: account.possibleTimeZonesSource ?? "LENDER",
      zones,
      thirdPartyConsent: account.thirdPartyConsent,
      state: account.state ?? null,
      phones,
    });
  }
  return accounts;
}

function preparePlacements(input: EvaluateRulesInput): Map<number, Map<number, PreparedPlacement[]>> {
  const placements = new Map<number, Map<number, PreparedPlacement[]>>();
  for (const placement of input.placements ?? []) {
    const what = `placement of account ${placement.accountId} with agency ${placement.agencyId}`;
    let byAgency = placements.get(placement.accountId);
    if (!byAgency) {
      byAgency = new Map();
      placements.set(placement.accountId, byAgency);
    }
    let list = byAgency.get(placement.agencyId);
    if (!list) {
      list = [];
      byAgency.set(placement.agencyId, list);
    }
    list.push({
      placedDay: dayOfCalendarDate(placement.placedAt, `${what}: placedAt`),
      recalledDay: placement.recalledAt === null ? null : dayOfCalendarDate(placement.recalledAt, `${what}: recalledAt`),
      balanceCents: toCents(placement.placedBalance, `${what}: placedBalance`),
      currency: placement.currency ?? null,
    });
  }
  for (const byAgency of placements.values()) for (const list of byAgency.values()) list.sort((a, b) => a.placedDay - b.placedDay);
  return placements;
}

function prepareWrongNumberReports(reports: readonly RuleWrongNumberReport[]): Map<number, PreparedWrongNumberReport[]> {
  const byCustomer = new Map<number, PreparedWrongNumberReport[]>();
  for (const report of reports) {
    const phone = normalisePhone(report.phoneNumber);
    if (phone === null) continue;
    let list = byCustomer.get(report.customerId);
    if (!list) {
      list = [];
      byCustomer.set(report.customerId, list);
    }
    list.push({
      phone,
      at: toEpochMs(report.reportedAt, `wrong-number report for ${phone}`),
      source: report.source,
      activityEventId: report.activityEventId ?? null,
      complaintRef: report.complaintRef ?? null,
    });
  }
  const reference = (report: PreparedWrongNumberReport) => report.activityEventId ?? report.complaintRef ?? "";
  for (const list of byCustomer.values()) {
    list.sort((a, b) => a.at - b.at || compareIds(reference(a), reference(b)) || (a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0));
  }
  return byCustomer;
}

function restrictedHoursOf(text: string, eventId: string): RestrictedHours {
  const hours = readRestrictedHours(text);
  if (!hours) throw new RuleInputError(`event ${eventId} restrictedHours: "${text}" is not a range of hours HH:mm-HH:mm`);
  return hours;
}

function prepareFacts(event: RuleEvent): PreparedFacts | null {
  const facts = event.facts;
  if (!facts) return null;
  return {
    consentScope: facts.consentScope ?? null,
    restriction: facts.restriction ?? null,
    place: facts.place ?? null,
    restrictedHours: facts.restrictedHours ? restrictedHoursOf(facts.restrictedHours, event.id) : null,
    restrictedMedium: facts.restrictedMedium ?? null,
    endsAt: facts.endsAt === null || facts.endsAt === undefined ? null : toEpochMs(facts.endsAt, `event ${event.id} endsAt`),
    disputeForm: facts.disputeForm ?? null,
    voicemailContent: facts.voicemailContent ?? null,
    address: facts.address ?? null,
  };
}

function prepareEvent(event: RuleEvent, account: PreparedAccount, packIndex: number): PreparedEvent {
  const at = toEpochMs(event.occurredAt, `event ${event.id} occurredAt`);
  const localMs = zoneClock(account.timeZone).localMs(at);
  return {
    id: event.id,
    at,
    source: event,
    account,
    agencyId: event.agencyId,
    type: event.type,
    direction: event.direction,
    party: event.contactParty ?? "UNKNOWN",
    outcome: event.outcome,
    phone: normalisePhone(event.phoneNumber),
    text: event.messageText,
    localMs,
    day: localDay(localMs),
    secondOfDay: localSecondOfDay(localMs),
    packIndex,
    facts: prepareFacts(event),
  };
}

interface Finding {
  at: number;
  violation: RuleViolation;
}

function createObserver<C extends RuleCode>(code: C, params: RuleParametersByCode[C], context: RuleContext, inputs: RuleInputs): RuleObserver {
  // The registry is keyed by each rule's own code, so this definition and these parameters belong together.
  const definition: RuleDefinition = ruleDefinitions[code];
  return definition.create(params, context, inputs);
}

/**
 * Judges agency activity against the rule packs. Deterministic: the same input in any order gives the same
 * violations, sorted by trigger time, trigger id and rule code, at most one per rule and trigger event.
 * Throws RuleInputError for input it cannot interpret (unknown account or zone, malformed amount or date).
 */
export function evaluateRules(input: EvaluateRulesInput): RuleViolation[] {
  const triggerFrom = input.triggerFrom === undefined ? Number.NEGATIVE_INFINITY : toEpochMs(input.triggerFrom, "triggerFrom");
  const accounts = prepareAccounts(input);
  const packs = new PackResolver(input.pack, input.packForAgency);
  const placements = preparePlacements(input);
  const reportsByCustomer = prepareWrongNumberReports(input.wrongNumberReports ?? []);
  const rosters = input.rosters ?? noRosters;

  const eventsByCustomer = new Map<number, PreparedEvent[]>();
  for (const event of input.events) {
    const account = accounts.get(event.accountId);
    if (!account) throw new RuleInputError(`Event ${event.id} refers to account ${event.accountId}, which was not provided`);
    let list = eventsByCustomer.get(account.customerId);
    if (!list) {
      list = [];
      eventsByCustomer.set(account.customerId, list);
    }
    list.push(prepareEvent(event, account, packs.indexFor(event.agencyId)));
  }

  const findings: Finding[] = [];
  for (const [customerId, events] of eventsByCustomer) {
    events.sort(compareByTimeThenId);
    const packsInUse = new Set<number>();
    const states = new Set<string>();
    const ids = new Set<string>();
    for (const event of events) {
      if (ids.has(event.id)) throw new RuleInputError(`Event ${event.id} is listed twice`);
      ids.add(event.id);
      packsInUse.add(event.packIndex);
      if (event.account.state !== null) states.add(event.account.state);
    }
    const reports = reportsByCustomer.get(customerId) ?? [];
    const inputs: RuleInputs = { placements, wrongNumberReports: reports, numbersFoundWrong: numbersFoundWrong(events, reports), rosters };
    const observers = createObservers([...packsInUse].sort((a, b) => a - b), [...states].sort(), packs.packs, inputs, triggerFrom, findings);
    for (const event of events) {
      for (const observe of observers) observe(event);
    }
  }

  findings.sort(
    (a, b) =>
      a.at - b.at ||
      compareIds(a.violation.triggerEventId, b.violation.triggerEventId) ||
      (a.violation.ruleCode < b.violation.ruleCode ? -1 : a.violation.ruleCode > b.violation.ruleCode ? 1 : 0),
  );
  return findings.map((finding) => finding.violation);
}

/** Number → the latest instant any agency or a complaint found it to be someone else's (see RuleInputs). */
function numbersFoundWrong(events: readonly PreparedEvent[], reports: readonly PreparedWrongNumberReport[]): Map<string, number> {
  const found = new Map<string, number>();
  const note = (phone: string, at: number) => {
    if ((found.get(phone) ?? Number.NEGATIVE_INFINITY) < at) found.set(phone, at);
  };
  for (const event of events) if (event.outcome === "WRONG_NUMBER" && event.phone !== null) note(event.phone, event.at);
  for (const report of reports) note(report.phone, report.at);
  return found;
}

/** Evidence in time order without duplicates, ending with the trigger. Rules mostly pass ordered lists already. */
function evidenceIds(trigger: PreparedEvent, evidence: readonly EvidenceRef[]): string[] {
  if (evidence.length === 0) return [trigger.id];
  let ordered = true;
  for (let index = 1; index < evidence.length && ordered; index++) ordered = compareByTimeThenId(evidence[index - 1]!, evidence[index]!) < 0;
  const refs = ordered ? evidence : [...evidence].sort(compareByTimeThenId);
  const ids: string[] = [];
  for (const ref of refs) if (ref.id !== trigger.id && ids[ids.length - 1] !== ref.id) ids.push(ref.id);
  ids.push(trigger.id);
  return ids;
}

/** What a state rule adds to the explanation: the state and the provision, language-neutral. */
function withStateRule(explanation: Explanation, rule: StateRule): Explanation {
  return { key: explanation.key, params: { ...explanation.params, state: rule.state, stateRule: rule.citation } };
}

function createObservers(
  packIndexes: readonly number[],
  states: readonly string[],
  packs: readonly EvaluationPack[],
  inputs: RuleInputs,
  triggerFrom: number,
  findings: Finding[],
): RuleObserver[] {
  const observers: RuleObserver[] = [];
  for (const packIndex of packIndexes) {
    const pack = packs[packIndex]!;
    for (const code of RULE_CODES) {
      const params = pack.parameters[code];
      if (!params?.enabled) continue;
      // Rules report only on the event they are observing, so a repeat for one trigger can only be the previous
      // call. The federal run and its state runs share this, so an event both find is reported once, federally.
      let lastTrigger: PreparedEvent | null = null;
      const report = (trigger: PreparedEvent, explanation: Explanation, evidence: readonly EvidenceRef[]) => {
        if (trigger.at < triggerFrom || trigger === lastTrigger) return;
        lastTrigger = trigger;
        findings.push({
          at: trigger.at,
          violation: {
            ruleCode: code,
            severity: params.severity,
            rulePackId: pack.id,
            agencyId: trigger.agencyId,
            agentId: trigger.source.agentId,
            accountId: trigger.account.id,
            triggerEventId: trigger.id,
            evidenceEventIds: evidenceIds(trigger, evidence),
            occurredAt: new Date(trigger.at).toISOString(),
            explanation: { key: explanation.key, params: explanation.params },
          },
        });
      };
      const context: RuleContext = {
        owns: (event) => event.packIndex === packIndex,
        emit: (trigger, explanation, evidence = []) => report(trigger, explanation, evidence),
      };
      observers.push(createObserver(code, params as RuleParametersByCode[typeof code], context, inputs));
      for (const state of states) {
        for (const rule of stateRulesFor(pack.code, state)) {
          if (rule.ruleCode !== code) continue;
          const stateParams = stateRuleParameters(rule, pack.parameters);
          if (stateParams === null) continue;
          // Each state rule observes the whole customer (cross-account state stays complete) but reports only on
          // the events of its state's accounts that this pack judges.
          const stateContext: RuleContext = {
            owns: (event) => event.packIndex === packIndex && event.account.state === state,
            emit: (trigger, explanation, evidence = []) => report(trigger, withStateRule(explanation, rule), evidence),
          };
          observers.push(createObserver(code, stateParams as RuleParametersByCode[typeof code], stateContext, inputs));
        }
      }
    }
  }
  return observers;
}
