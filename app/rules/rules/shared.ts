// What every rule sees: events already sorted, with their local time computed once, and a context to report
// findings through. Rules are written as observers over the customer's event stream, so each one is a single
// pass with whatever small state (window, last conversation, open dispute) it needs.
import type { z } from "zod";
import { maskPhone } from "~/privacy/mask";
import type { RulesMessageKey } from "../explanations";
import { formatLocalMs, zoneClock } from "../local-time";
import type { BaseParameters, FieldKinds, RuleDefaults } from "./parameters";
import type { PreparedRosters } from "../rosters";
import type { ActivityType, ContactParty, Direction, Outcome, RuleEvent } from "../types";

export interface PreparedAccount {
  readonly id: number;
  readonly customerId: number;
  readonly timeZone: string;
  readonly thirdPartyConsent: boolean;
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
