// Input and output shapes of the rule engine. They are plain data, independent of Prisma, so the engine can be fed
// from a streaming SQL cursor, a test table or a fixture file alike; the DB adapter converts BigInt ids to strings
// and Decimal values to their exact decimal text.
import type {
  ActivityType,
  ConsentScope,
  ContactParty,
  ContactPlace,
  ContactRestriction,
  Direction,
  DisputeForm,
  Outcome,
  Severity,
  VoicemailContent,
} from "~/generated/prisma/enums";
import type { RuleCode, RulePackParameters } from "./rule-pack";
import type { PreparedRosters } from "./rosters";
import type { PossibleTimeZonesSource, TimeZoneSource } from "./zone-fallback";

export type { ActivityType, ConsentScope, ContactParty, ContactPlace, ContactRestriction, Direction, DisputeForm, Outcome, Severity, VoicemailContent };

/**
 * The Regulation F facts an event may carry (ADR 027, docs/IMPORT_FORMAT.md). Absent (undefined) and null mean the
 * same: the agency did not say. Most events carry none, so the engine's loader leaves `RuleEvent.facts` out then.
 */
export interface RuleEventFacts {
  /** CONSENT, CONSENT_REVOKED: what the consent covers. */
  consentScope?: ConsentScope | null;
  /** CONTACT_RESTRICTION: what the consumer designated. */
  restriction?: ContactRestriction | null;
  /** Where the person was reached or visited; for an INCONVENIENT_PLACE restriction or consent, the place it names. */
  place?: ContactPlace | null;
  /** INCONVENIENT_TIME restriction: "HH:mm-HH:mm" local time at the consumer's location, may wrap midnight ("21:00-10:00"). */
  restrictedHours?: string | null;
  /** MEDIUM restriction: CALL, SMS, EMAIL, LETTER or VISIT; with a phoneNumber or address, only that one. */
  restrictedMedium?: ActivityType | null;
  /** End of a CONSENT or CONTACT_RESTRICTION (exclusive); for VALIDATION_NOTICE, the end of the validation period. */
  endsAt?: Instant | null;
  /** DISPUTE: written or oral (12 CFR 1006.38); null is read as written, the stricter reading. */
  disputeForm?: DisputeForm | null;
  /** CALL with outcome VOICEMAIL: a limited-content message or one about the debt (12 CFR 1006.2(j)). */
  voicemailContent?: VoicemailContent | null;
  /** The address visited or written to, or the email address of an EMAIL (and of an EMAIL opt-out). */
  address?: string | null;
}

/** An instant: epoch milliseconds (fastest), an ISO-8601 string with offset or `Z`, or a Date. */
export type Instant = number | string | Date;

/** A calendar date without time zone: "yyyy-MM-dd", or a Date at UTC midnight as Prisma returns `@db.Date`. */
export type CalendarDate = string | Date;

export interface RuleEvent {
  /** ActivityEvent.id (BigInt) as a decimal string; violations point at events by this id. */
  id: string;
  /** The agency's own event id, kept only for traceability. */
  eventId?: string;
  agencyId: number;
  agentId: number | null;
  accountId: number;
  occurredAt: Instant;
  type: ActivityType;
  direction: Direction;
  /** null is treated exactly like UNKNOWN: the agency did not say who was reached. */
  contactParty: ContactParty | null;
  outcome: Outcome | null;
  phoneNumber: string | null;
  messageText: string | null;
  /** Decimal text (Prisma Decimal.toString()); money is never handled as a float. */
  amount: string | null;
  visitors: number | null;
  recordingId: string | null;
  facts?: RuleEventFacts | null;
}

export interface RuleAccount {
  id: number;
  customerId: number;
  /**
   * IANA zone every local time of this account is evaluated in: the debtor's zone, or the agency's when the
   * lender did not record one (see `resolveTimeZone`).
   */
  timeZone: string;
  /**
   * How timeZone was chosen: the debtor's own zone, or, when the lender recorded none, the zone of a number's area
   * code or else the agency's (explanations name the fallback, 12 CFR 1006.6(b)(1)(i)). Undefined is read as "DEBTOR".
   */
  timeZoneSource?: TimeZoneSource;
  /**
   * Further zones the consumer may be in (another address, phone area codes): a time is convenient only when it is
   * convenient in every possible zone (comment 6(b)(1)(i)-1). timeZone need not be repeated here.
   */
  possibleTimeZones?: readonly string[];
  /** Where possibleTimeZones came from: the lender's file, or the area codes of the numbers on file. Undefined: LENDER. */
  possibleTimeZonesSource?: PossibleTimeZonesSource;
  /** The lender's placement-file consent: the China pack reads it as consent, the US pack does not (ADR 027). */
  thirdPartyConsent: boolean;
  /**
   * The debtor's US state (USPS code) from the placement file; its state rules overlay a US pack (see
   * ./state-overlays). Absent or null: the federal pack alone.
   */
  state?: string | null;
  /** Numbers on file for the debtor; an UNKNOWN-party call to one of them counts as an attempt on the debtor. */
  phoneNumbers: readonly string[];
}

export interface RulePlacement {
  accountId: number;
  agencyId: number;
  placedAt: CalendarDate;
  recalledAt: CalendarDate | null;
  /** Decimal text; payments reaching it mean the placement is paid in full. */
  placedBalance: string;
  currency?: string;
}

/**
 * A phone number known not to belong to the debtor. WRONG_NUMBER outcomes among the events passed in are picked up
 * by the engine itself; pass reports here for what it cannot see: complaints from non-borrowers, and wrong-number
 * events outside the loaded time range. A report is scoped to one customer because the same number can be wrong for
 * one debtor and correct for another (the wrong party of debtor A is often debtor B).
 */
export interface RuleWrongNumberReport {
  customerId: number;
  phoneNumber: string;
  reportedAt: Instant;
  source: "EVENT" | "COMPLAINT";
  /** ActivityEvent.id of the reporting event (source EVENT); it becomes part of the evidence. */
  activityEventId?: string;
  /** Complaint.complaintRef (source COMPLAINT); it is cited in the explanation. */
  complaintRef?: string;
}

/**
 * An agency's roster as the rule UNTRAINED_AGENT reads it (ADR 031): pass one for each agency that has sent a roster;
 * an agency without one is not judged unless the pack asks for it. Dates are the agency's calendar days.
 */
export interface RuleAgencyRoster {
  agencyId: number;
  /** The agency's IANA zone: the day of a contact is its day there, as the roster's dates are. */
  timeZone: string;
  /** Every agent the agency is known to have; startDate null for one never on a roster. */
  agents: readonly RuleRosterAgent[];
}

export interface RuleRosterAgent {
  /** Agent.id, as RuleEvent.agentId. */
  id: number;
  /** The agency's own id for the agent (named in explanations). */
  externalId: string;
  name: string | null;
  startDate: CalendarDate | null;
  endDate: CalendarDate | null;
  trainings: readonly RuleTraining[];
}

export interface RuleTraining {
  course: string;
  trainedOn: CalendarDate;
  /** Last valid day, inclusive. */
  certificateExpiresOn: CalendarDate;
  /** Decimal text 0–100, or null when the roster gave none. */
  score: string | null;
}

/** A rule pack version as stored in RulePack: violations record which version judged them. */
export interface EvaluationPack {
  id: number;
  code: string;
  version: number;
  parameters: RulePackParameters;
}

export interface EvaluateRulesInput {
  /**
   * Events of one or more customers, all accounts and all agencies. Any order is accepted (the engine sorts by
   * time, then id), but feeding them ordered by customer and time keeps the sort linear.
   */
  events: readonly RuleEvent[];
  /** Every account referenced by the events. */
  accounts: readonly RuleAccount[];
  placements?: readonly RulePlacement[];
  wrongNumberReports?: readonly RuleWrongNumberReport[];
  /** Rosters by agency, prepared once per run (`prepareRosters`): rosters are per agency, not per customer. */
  rosters?: PreparedRosters;
  /** The lender's default pack, used for every agency without an assignment of its own. */
  pack: EvaluationPack;
  /**
   * The pack assigned to an agency (Agency.rulePackCode resolved to its published version); null/undefined means
   * the default pack. Called once per agency per evaluation; return the same object for the same pack so lexicons
   * and patterns are compiled once.
   */
  packForAgency?: (agencyId: number) => EvaluationPack | null | undefined;
  /**
   * Incremental runs: events before this instant are read as history (windows, cease requests, payments) but
   * produce no violations of their own.
   */
  triggerFrom?: Instant;
}

export interface RuleExplanation {
  /** i18n key present in `rulesEn` and `rulesZh`. */
  key: string;
  /** Language-neutral values: numbers, local times as "yyyy-MM-dd HH:mm", masked phone numbers, cited terms. */
  params: Record<string, string | number>;
}

export interface RuleViolation {
  ruleCode: RuleCode;
  severity: Severity;
  rulePackId: number;
  agencyId: number;
  agentId: number | null;
  accountId: number;
  triggerEventId: string;
  /** Every event the finding rests on, in time order, ending with the trigger. */
  evidenceEventIds: string[];
  /** The trigger's instant, ISO-8601 UTC. */
  occurredAt: string;
  explanation: RuleExplanation;
}

/** Input the engine cannot interpret; thrown rather than guessed at, since a guess would produce false findings. */
export class RuleInputError extends Error {
  override readonly name = "RuleInputError";
}
