// What every rule sees: events already sorted, with their local time computed once, and a context to report
// findings through. Rules are written as observers over the customer's event stream, so each one is a single
// pass with whatever small state (window, last conversation, open dispute) it needs.
import type { z } from "zod";
import { maskPhone } from "~/privacy/mask";
import type { RulesMessageKey } from "../explanations";
import { formatLocalMs, zoneClock } from "../local-time";
import type { RestrictedHours } from "../restricted-hours";
import type { BaseParameters, FieldKinds, RuleDefaults } from "./parameters";
import type {
  ActivityType,
  ConsentScope,
  ContactParty,
  ContactPlace,
  ContactRestriction,
  Direction,
  DisputeForm,
  Outcome,
  RuleEvent,
  VoicemailContent,
} from "../types";
import type { PreparedRosters } from "../rosters";
import type { PossibleTimeZonesSource, TimeZoneSource } from "../zone-fallback";

export interface PreparedAccount {
  readonly id: number;
  readonly customerId: number;
  readonly timeZone: string;
  /** "AREA_CODE" or "AGENCY" when the debtor's zone was unknown and a number's area code or the agency stands in. */
  readonly timeZoneSource: TimeZoneSource;
  /** Where the zones after the first came from. */
  readonly possibleTimeZonesSource: PossibleTimeZonesSource;
  /** Every zone the consumer may be in, timeZone first, without repeats. */
  readonly zones: readonly string[];
  readonly thirdPartyConsent: boolean;
  /** The debtor's US state code, or null; picks the state rules that overlay a US pack. */
  readonly state: string | null;
  /** Normalised numbers on file. */
  readonly phones: ReadonlySet<string>;
}

export interface PreparedEvent {
  readonly id: string;
  /** Epoch ms UTC. */
  readonly at: number;
  readonly source: RuleEvent;
  readonly account: PreparedAccount;
  readonly agencyId: number;
  readonly type: ActivityType;
  readonly direction: Direction;
  /** contactParty with null read as UNKNOWN. */
  readonly party: ContactParty;
  readonly outcome: Outcome | null;
  /** Digits with an optional leading "+", or null. */
  readonly phone: string | null;
  readonly text: string | null;
  /** Local wall-clock time in the account's zone, expressed as UTC ms. */
  readonly localMs: number;
  /** Local calendar day number (days since 1970-01-01). */
  readonly day: number;
  /** Seconds after local midnight. */
  readonly secondOfDay: number;
  /** Index of the pack that judges this event (the pack of its agency). */
  readonly packIndex: number;
  /** The event's Regulation F facts, or null when it carries none (most events). */
  readonly facts: PreparedFacts | null;
}

/** RuleEventFacts checked and converted once: hours as seconds after local midnight, the end as epoch ms. */
export interface PreparedFacts {
  readonly consentScope: ConsentScope | null;
  readonly restriction: ContactRestriction | null;
  readonly place: ContactPlace | null;
  /** Inconvenient hours [from, until) in seconds after local midnight; from > until wraps midnight. */
  readonly restrictedHours: RestrictedHours | null;
  readonly restrictedMedium: ActivityType | null;
  /** Epoch ms, exclusive. */
  readonly endsAt: number | null;
  readonly disputeForm: DisputeForm | null;
  readonly voicemailContent: VoicemailContent | null;
  readonly address: string | null;
}

/** Something evidence can point at: an event of the stream, or one known only by id (e.g. an older report). */
export interface EvidenceRef {
  readonly id: string;
  readonly at: number;
}

export interface Explanation<K extends RulesMessageKey = RulesMessageKey> {
  key: K;
  params: Record<string, string | number>;
}

/** K: the explanation keys the rule declared; a rule cannot report with a sentence it did not name. */
export interface RuleContext<K extends RulesMessageKey = RulesMessageKey> {
  /** True when the event's agency is judged by the pack this rule instance was created for. */
  owns(event: PreparedEvent): boolean;
  /**
   * Reports a violation triggered by `trigger`, which must be the event being observed (a rule never reports on
   * an earlier event). The trigger is appended to the evidence; a second report for the same trigger is ignored.
   */
  emit(trigger: PreparedEvent, explanation: Explanation<K>, evidence?: readonly EvidenceRef[]): void;
}

export type RuleObserver = (event: PreparedEvent) => void;

/** Extra, rule-specific inputs that are not events. */
export interface RuleInputs {
  /** Placements per account id, then agency id, ordered by placement day. */
  readonly placements: ReadonlyMap<number, ReadonlyMap<number, readonly PreparedPlacement[]>>;
  /** External wrong-number reports of the customer, ordered by time then id. */
  readonly wrongNumberReports: readonly PreparedWrongNumberReport[];
  /**
   * Normalised number → the latest instant it was found to belong to someone other than the debtor (a WRONG_NUMBER
   * outcome among the customer's events, or an external report). Lets a rule see what was learnt after a call:
   * Reg F comment 14(b)(2)(i)-3 takes such calls out of the consumer's count.
   */
  readonly numbersFoundWrong: ReadonlyMap<string, number>;
  /** Agencies' rosters (agency id → roster); an agency absent never sent one. */
  readonly rosters: PreparedRosters;
}

export interface PreparedPlacement {
  readonly placedDay: number;
  readonly recalledDay: number | null;
  readonly balanceCents: bigint;
  readonly currency: string | null;
}

export interface PreparedWrongNumberReport {
  readonly phone: string;
  readonly at: number;
  readonly source: "EVENT" | "COMPLAINT";
  readonly activityEventId: string | null;
  readonly complaintRef: string | null;
}

/**
 * A rule, whole: its code, the schema of its parameters in a pack, its defaults in each shipped pack, the editor's
 * input for each parameter, the explanation keys it reports with (sentences live in ../explanations), and
 * `create`: called once per customer and pack, it observes every event of the customer (all agencies, so
 * cross-agency state is complete) and reports only for events its pack owns.
 */
export interface RuleDefinition<
  C extends string = string,
  S extends z.ZodType<BaseParameters> = z.ZodType<BaseParameters>,
  K extends RulesMessageKey = RulesMessageKey,
> {
  readonly code: C;
  readonly parameters: S;
  readonly defaults: RuleDefaults<z.output<S>>;
  readonly fields: FieldKinds<z.output<S>>;
  readonly explanations: readonly K[];
  create(params: z.output<S>, context: RuleContext<K>, inputs: RuleInputs): RuleObserver;
}

/** Declares a rule with its types inferred from its schema and explanation keys (see ./index for registering it). */
export function defineRule<const C extends string, S extends z.ZodType<BaseParameters>, const K extends RulesMessageKey>(
  rule: RuleDefinition<C, S, K>,
): RuleDefinition<C, S, K> {
  return rule;
}

/** Beyond this, evidence keeps the most recent entries: a heavy dialer must not turn output size quadratic. */
export const MAX_EVIDENCE = 100;
/** Explanations list at most this many times, then "…". */
const MAX_LISTED_TIMES = 12;

export function lastEvidence<T>(items: readonly T[]): readonly T[] {
  return items.length > MAX_EVIDENCE ? items.slice(items.length - MAX_EVIDENCE) : items;
}

export function localLabel(event: PreparedEvent): string {
  return formatLocalMs(event.localMs);
}

/** Local times of the events, comma-separated, shortened with "…" when long (the count is a separate param). */
export function listLocalTimes(events: readonly PreparedEvent[]): string {
  if (events.length <= MAX_LISTED_TIMES) return events.map(localLabel).join(", ");
  const head = events.slice(0, MAX_LISTED_TIMES - 2).map(localLabel);
  const tail = events.slice(-2).map(localLabel);
  return [...head, "…", ...tail].join(", ");
}

/** Cited terms, quoted so they stand out in either language. */
export function quoteTerms(terms: readonly string[]): string {
  return terms.map((term) => `“${term}”`).join(", ");
}

/** Personal data never goes into stored explanations unmasked: readers may lack the right to see it. */
export function maskedPhone(phone: string | null): string {
  return maskPhone(phone) ?? "";
}

const thirdParties: ReadonlySet<ContactParty> = new Set(["FAMILY", "THIRD_PARTY", "EMPLOYER"]);

/** A party other than the debtor (the spouse is one unless the pack says the spouse counts as the debtor). */
export function isThirdParty(party: ContactParty, spouseCountsAsDebtor: boolean): boolean {
  return thirdParties.has(party) || (party === "SPOUSE" && !spouseCountsAsDebtor);
}

export function isOutboundOf(event: PreparedEvent, types: ReadonlySet<ActivityType>): boolean {
  return event.direction === "OUTBOUND" && types.has(event.type);
}

/** State key of rules that can judge an account as a whole or each agency on its own. */
export function scopeKey(event: PreparedEvent, scope: "ACCOUNT" | "ACCOUNT_AGENCY"): number | string {
  return scope === "ACCOUNT" ? event.account.id : `${event.account.id}:${event.agencyId}`;
}

/** Digits with an optional leading "+": the form Account.phoneNumbers uses; spaces, dashes and brackets dropped. */
export function normalisePhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits === "") return null;
  return trimmed.startsWith("+") ? `+${digits}` : digits;
}

/** Identity-keyed memo for per-pack compiled data (sets, regexes), so 100k customers compile it once. */
export function memoByParams<P extends object, R>(build: (params: P) => R): (params: P) => R {
  const cache = new WeakMap<P, R>();
  return (params) => {
    let value = cache.get(params);
    if (value === undefined) {
      value = build(params);
      cache.set(params, value);
    }
    return value;
  };
}

/** Local label of an instant that is not an event of the stream (a report, a complaint), in the account's zone. */
export function localLabelAt(account: PreparedAccount, at: number): string {
  return formatLocalMs(zoneClock(account.timeZone).localMs(at));
}

/**
 * The person a call was placed to, for the Reg F call-frequency presumptions, which count calls "to a particular
 * person" (12 CFR 1006.14(b)(2)). The activity logs carry no person id, so a person is the party the agency recorded
 * plus the number dialled:
 *  - the debtor: party DEBTOR, or UNKNOWN on a number on file for the debtor (who else the agency meant to reach);
 *  - anyone else: the recorded party at that number (the spouse at 555-0102 is one person, the employer at
 *    555-0199 another); UNKNOWN on a number not on file is "whoever answers that number";
 *  - a number later found to belong to someone else (comment 14(b)(2)(i)-3) is that someone's, not the debtor's,
 *    for every call placed to it up to the finding.
 */
export interface CalledPerson {
  /** Stable within a customer: "debtor", or party + number. */
  readonly key: string;
  readonly isDebtor: boolean;
  /** The recorded party (UNKNOWN for a number found wrong). */
  readonly party: ContactParty;
  readonly phone: string | null;
  /** True when the number was found, at or after this call, to belong to someone else. */
  readonly foundWrong: boolean;
}

export function calledPerson(event: PreparedEvent, numbersFoundWrong: ReadonlyMap<string, number>): CalledPerson {
  const phone = event.phone;
  const foundWrongAt = phone === null ? undefined : numbersFoundWrong.get(phone);
  if (phone !== null && foundWrongAt !== undefined && foundWrongAt >= event.at) {
    return { key: `UNKNOWN:${phone}`, isDebtor: false, party: "UNKNOWN", phone, foundWrong: true };
  }
  const debtorsNumber = phone !== null && event.account.phones.has(phone);
  if (event.party === "DEBTOR" || (event.party === "UNKNOWN" && (debtorsNumber || phone === null))) {
    return { key: "debtor", isDebtor: true, party: "DEBTOR", phone, foundWrong: false };
  }
  return { key: `${event.party}:${phone ?? "-"}`, isDebtor: false, party: event.party, phone, foundWrong: false };
}

/** The language-neutral name of a party in an explanation: the renderer translates "contactParty.X" keys. */
export function partyParam(party: ContactParty): string {
  return `contactParty.${party}`;
}

interface OpenConsent {
  readonly consent: PreparedEvent;
  /** Local day after the last day the consent covers. */
  readonly untilDay: number;
  /** Epoch ms, exclusive: the consent's own end, when it named one earlier. */
  readonly until: number;
}

/**
 * Reg F 1006.14(b)(3)(i): a call does not count toward the call frequencies when "placed with such person's prior
 * consent given directly to the debt collector and within a period no longer than seven consecutive days after
 * receiving the prior consent, with the date the debt collector receives prior consent counting as the first day"
 * (a CONSENT event with scope CALLS_ABOUT_DEBT, given to that agency about that account). It ends earlier at its
 * own end (`endsAt`) or when revoked (CONSENT_REVOKED), and at the next telephone conversation with that person:
 * comment 14(b)(3)(i)-2 as a compliance reference reports it ("consent ends once the collector has the
 * conversation"); the Official Interpretation's own words were not among the texts read (ADR 029). Consent given
 * to one agency never covers another's calls, whatever the pack counts together.
 */
export class CallConsents {
  private readonly open = new Map<string, OpenConsent>();

  constructor(
    private readonly days: number,
    private readonly numbersFoundWrong: ReadonlyMap<string, number>,
  ) {}

  /** Keys a consent or call by debt, agency and person; a consent naming no number covers that party's calls. */
  private keys(event: PreparedEvent): string[] {
    const person = calledPerson(event, this.numbersFoundWrong);
    const base = `${event.account.id}:${event.agencyId}|`;
    return person.isDebtor || person.phone !== null ? [base + person.key, `${base}${person.party}:-`] : [`${base}${person.party}:-`];
  }

  /** Feeds every event of the stream in order, before the rule judges it. */
  observe(event: PreparedEvent): void {
    if (event.type === "CONSENT" && event.facts?.consentScope === "CALLS_ABOUT_DEBT") {
      const until = event.facts.endsAt ?? Number.POSITIVE_INFINITY;
      this.open.set(this.keys(event)[0]!, { consent: event, untilDay: event.day + this.days, until });
      return;
    }
    const ends = (event.type === "CONSENT_REVOKED" && event.facts?.consentScope === "CALLS_ABOUT_DEBT") || (event.type === "CALL" && event.outcome === "CONNECTED");
    if (!ends || this.open.size === 0) return;
    for (const key of this.keys(event)) {
      const consent = this.open.get(key);
      if (consent && consent.consent.at < event.at) this.open.delete(key);
    }
  }

  /** The consent that takes this call out of the count, or null. */
  covering(call: PreparedEvent): PreparedEvent | null {
    if (this.open.size === 0) return null;
    for (const key of this.keys(call)) {
      const consent = this.open.get(key);
      if (consent && consent.consent.at <= call.at && call.day < consent.untilDay && call.at < consent.until) return consent.consent;
    }
    return null;
  }
}

/**
 * 1006.14(b)(3)(iii): calls placed to the consumer's attorney do not count toward the call frequencies. The
 * paragraph's own words were not among the texts read; compliance references summarise it as calls to the persons
 * of §1006.6(d)(1)(ii)–(vi) (the consumer's attorney, a consumer reporting agency, the creditor and the attorneys
 * of the creditor and the collector), of whom the logs record only the attorney (ADR 029).
 */
export function isCallToAttorney(event: PreparedEvent): boolean {
  return event.party === "ATTORNEY";
}

// ---------------------------------------------------------------------------------------------------------------
// Regulation F facts (ADR 027)

/**
 * The consumer for the purposes of 12 CFR 1006.6 (§1006.6(a)): the debtor, the spouse (where the pack says so),
 * the parent or guardian, the executor or administrator, a confirmed successor in interest.
 */
export function isConsumerParty(party: ContactParty, spouseCountsAsDebtor: boolean): boolean {
  return party === "DEBTOR" || party === "EXECUTOR" || party === "PARENT_GUARDIAN" || party === "CONFIRMED_SUCCESSOR" || (party === "SPOUSE" && spouseCountsAsDebtor);
}

/**
 * Whether an outbound contact reached (or was aimed at) the consumer: a consumer party, or an unrecorded party on a
 * number on file for the debtor.
 */
export function isContactWithConsumer(event: PreparedEvent, spouseCountsAsDebtor: boolean): boolean {
  if (isConsumerParty(event.party, spouseCountsAsDebtor)) return true;
  return event.party === "UNKNOWN" && (event.phone === null || event.account.phones.has(event.phone));
}

interface ConsentSpan {
  readonly event: PreparedEvent;
  until: number;
}

/**
 * Consents given directly to each agency (ActivityType CONSENT), per account and agency: consent is given to a debt
 * collector about a debt, so another agency's, or the lender's placement-file flag, is not it (comment 6(b)(4)(i)-2).
 * Only a consumer (§1006.6(a)) gives consent, and for DIRECT_CONTACT also the consumer's attorney (§1006.6(b)(2)).
 * A consent covers communications after it (never the one in which it was given), until its end or a revocation.
 * Feed every event to `observe` before asking about later ones.
 */
export class AgencyConsents {
  private readonly spans = new Map<string, ConsentSpan[]>();

  constructor(private readonly spouseCountsAsDebtor: boolean) {}

  private key(event: PreparedEvent, scope: string): string {
    return `${event.account.id}:${event.agencyId}:${scope}`;
  }

  observe(event: PreparedEvent): void {
    const scope = event.facts?.consentScope;
    if (!scope) return;
    if (event.type === "CONSENT") {
      const givenBy = isConsumerParty(event.party, this.spouseCountsAsDebtor) || event.party === "UNKNOWN" || (scope === "DIRECT_CONTACT" && event.party === "ATTORNEY");
      if (!givenBy) return;
      const key = this.key(event, scope);
      const list = this.spans.get(key) ?? [];
      list.push({ event, until: event.facts?.endsAt ?? Number.POSITIVE_INFINITY });
      this.spans.set(key, list);
    } else if (event.type === "CONSENT_REVOKED") {
      for (const span of this.spans.get(this.key(event, scope)) ?? []) if (span.until > event.at) span.until = event.at;
    }
  }

  /** The consent of that scope in force for the event's agency and account at the event's time, if any. */
  consentAt(event: PreparedEvent, scope: ConsentScope): PreparedEvent | null {
    const list = this.spans.get(this.key(event, scope));
    if (!list) return null;
    for (let index = list.length - 1; index >= 0; index--) {
      const span = list[index]!;
      if (span.event.at < event.at && event.at < span.until) return span.event;
    }
    return null;
  }

  /** The latest consent of that scope given after `since` and still in force at the event. */
  consentSince(event: PreparedEvent, scope: ConsentScope, since: number): PreparedEvent | null {
    const consent = this.consentAt(event, scope);
    return consent !== null && consent.at > since ? consent : null;
  }
}

/** Local label of an event in another zone the consumer may be in. */
export function localLabelIn(zone: string, at: number): string {
  return formatLocalMs(zoneClock(zone).localMs(at));
}

/** Seconds after local midnight of an instant in a zone. */
export function secondOfDayIn(zone: string, at: number): number {
  const localMs = zoneClock(zone).localMs(at);
  return Math.floor((((localMs % 86_400_000) + 86_400_000) % 86_400_000) / 1000);
}
