// Is a complaint borne out by the named agency's own log? Given the complaint, the rule codes its category maps to
// and the agency's events and violations around it, decide one of four answers (ADR 032):
//   CORROBORATED         a violation of a mapped rule in the window (linked to the complaint)
//   LOGGED_NO_VIOLATION  contacts logged in the window, none breaking a mapped rule (shown with those contacts:
//                        the rule or the log may be wrong)
//   NO_MATCHING_LOG      no contact with that debtor (or that number) logged in the window: possible unlogged contact
//   NOT_CHECKABLE        no agency, no account or number, or no mapped rule
// The window runs from the start of the debtor's local day `windowDays` days before the complaint's local day up to
// the moment it was received. Only the named agency's records count: the same debtor's account at another agency
// says nothing about this one. Pure: the database half (corroborate-complaints.server.ts) fetches the candidates.
import { DateTime } from "luxon";
import type { ActivityType, ComplaintCorroboration } from "~/generated/prisma/enums";

/** Event types that are a contact (or an attempt) by the agency: payments and notes are not. */
export const contactEventTypes = ["CALL", "SMS", "EMAIL", "LETTER", "VISIT", "PROMISE"] as const satisfies readonly ActivityType[];

/** The most event ids kept with a LOGGED_NO_VIOLATION result (the page shows them; the count is kept whole). */
export const MAX_LISTED_EVENTS = 50;

export type CorroborationComplaint = {
  receivedAt: Date;
  agencyId: number | null;
  /** The debtor the complaint names (through its account), null when it names none. */
  customerId: number | null;
  /** The number that received the contact (non-borrowers' reports), normalised as events store numbers. */
  phoneNumber: string | null;
  /** The debtor's zone (the account's, else the agency's): the window's days are the debtor's days. */
  timeZone: string;
};

export type CandidateEvent = { id: string; agencyId: number; customerId: number; phoneNumber: string | null; occurredAt: Date; type: ActivityType };
export type CandidateViolation = { id: string; agencyId: number; customerId: number; phoneNumber: string | null; ruleCode: string; occurredAt: Date };

export type NotCheckableReason = "NO_AGENCY" | "NO_SUBJECT" | "NO_MAPPED_RULE";

export type CorroborationResult = {
  status: ComplaintCorroboration;
  reason: NotCheckableReason | null;
  ruleCodes: string[];
  window: { from: string; to: string } | null;
  violationIds: string[];
  violationRuleCodes: string[];
  eventIds: string[];
  eventCount: number;
};

/** The window's first instant: the debtor's local midnight `days` days before the day the complaint was received. */
export function corroborationWindowStart(receivedAt: Date, timeZone: string, days: number): Date {
  const local = DateTime.fromJSDate(receivedAt, { zone: timeZone });
  if (!local.isValid) throw new Error(`Invalid time zone ${timeZone}`);
  return local.startOf("day").minus({ days }).toJSDate();
}

export function corroborate(input: { complaint: CorroborationComplaint; ruleCodes: readonly string[]; windowDays: number; events: readonly CandidateEvent[]; violations: readonly CandidateViolation[] }): CorroborationResult {
  const { complaint } = input;
  const ruleCodes = [...new Set(input.ruleCodes)].sort();
  const empty = { ruleCodes, violationIds: [], violationRuleCodes: [], eventIds: [], eventCount: 0 };
  const notCheckable = (reason: NotCheckableReason): CorroborationResult => ({ status: "NOT_CHECKABLE", reason, window: null, ...empty });
  if (complaint.agencyId === null) return notCheckable("NO_AGENCY");
  if (complaint.customerId === null && complaint.phoneNumber === null) return notCheckable("NO_SUBJECT");
  if (ruleCodes.length === 0) return notCheckable("NO_MAPPED_RULE");

  const from = corroborationWindowStart(complaint.receivedAt, complaint.timeZone, input.windowDays);
  const to = complaint.receivedAt;
  const window = { from: from.toISOString(), to: to.toISOString() };
  const inScope = (record: { agencyId: number; customerId: number; phoneNumber: string | null; occurredAt: Date }) =>
    record.agencyId === complaint.agencyId &&
    (record.customerId === complaint.customerId || (complaint.phoneNumber !== null && record.phoneNumber === complaint.phoneNumber)) &&
    record.occurredAt.getTime() >= from.getTime() &&
    record.occurredAt.getTime() <= to.getTime();

  const violations = input.violations.filter((violation) => inScope(violation) && ruleCodes.includes(violation.ruleCode)).sort(byTime);
  if (violations.length > 0) {
    return { status: "CORROBORATED", reason: null, ruleCodes, window, violationIds: violations.map((v) => v.id), violationRuleCodes: [...new Set(violations.map((v) => v.ruleCode))].sort(), eventIds: [], eventCount: 0 };
  }
  const contacts = input.events.filter((event) => inScope(event) && (contactEventTypes as readonly string[]).includes(event.type)).sort(byTime);
  if (contacts.length > 0) {
    return { status: "LOGGED_NO_VIOLATION", reason: null, ruleCodes, window, violationIds: [], violationRuleCodes: [], eventIds: contacts.slice(0, MAX_LISTED_EVENTS).map((e) => e.id), eventCount: contacts.length };
  }
  return { status: "NO_MATCHING_LOG", reason: null, window, ...empty };
}

function byTime(a: { occurredAt: Date; id: string }, b: { occurredAt: Date; id: string }): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || (BigInt(a.id) < BigInt(b.id) ? -1 : 1);
}
