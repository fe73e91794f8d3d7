import { listAccountPaymentCommissions, type PaymentCommissionView } from "~/money/statements.server";
import { getPrisma } from "~/db/client.server";
import type {
  AcknowledgmentStatus,
  ActivityType,
  ComplaintCorroboration,
  ComplaintSource,
  ComplaintStatus,
  ConsentScope,
  ContactParty,
  ContactPlace,
  ContactRestriction,
  Direction,
  DisputeForm,
  Outcome,
  RecallReason,
  Severity,
  ViolationStatus,
  VoicemailContent,
} from "~/generated/prisma/enums";
import { maskName, maskPhone, type PersonalDataView } from "~/privacy/mask";
import { freeTextFor, loadFreeTextSubjects } from "~/privacy/free-text-subjects.server";
import type { RuleExplanation } from "~/rules/types";
import { DateTime } from "luxon";
import { getSetting } from "~/settings/settings.server";
import { computeRunningBalances } from "./running-balance";
import { termEndOf } from "~/placements/recall-due";

export type CaseDetail = {
  accountNumber: string;
  customerRef: string;
  debtorName: string | null;
  phoneNumbers: string[];
  product: string | null;
  timeZone: string;
  thirdPartyConsent: boolean;
  /** The debtor's US state (USPS code), whose state rules overlay the US pack; null when the lender did not say. */
  state: string | null;
  placements: {
    id: number;
    agencyCode: string;
    agencyName: string;
    placedAt: string;
    recalledAt: string | null;
    placedBalance: string;
    currency: string;
    dpdAtPlacement: number | null;
    /** Why it was recalled (ADR 039). */
    recallReason: RecallReason | null;
    /** The contract's end date: placed plus the agency's placement term; null without a term. */
    termEndsOn: string | null;
    /** The agency's latest answer; its reason masked like other free text. */
    acknowledgment: { status: AcknowledgmentStatus; reason: string | null; acknowledgedOn: string } | null;
  }[];
  events: {
    id: string;
    eventId: string;
    agencyCode: string;
    agentExternalId: string | null;
    occurredAt: string;
    type: ActivityType;
    direction: Direction;
    contactParty: ContactParty | null;
    outcome: Outcome | null;
    phoneNumber: string | null;
    durationSeconds: number | null;
    messageText: string | null;
    amount: string | null;
    currency: string | null;
    visitors: number | null;
    recordingId: string | null;
    /** Regulation F facts (ADR 027); null when the event carries none. */
    facts: {
      consentScope: ConsentScope | null;
      restriction: ContactRestriction | null;
      place: ContactPlace | null;
      restrictedHours: string | null;
      restrictedMedium: ActivityType | null;
      /** ISO instant. */
      endsAt: string | null;
      disputeForm: DisputeForm | null;
      voicemailContent: VoicemailContent | null;
    } | null;
    /** Balance of the event's placement after it (placed balance minus payments so far); null outside placements. */
    balance: string | null;
    balanceCurrency: string | null;
    /** A payment's commission under the fee schedule in force on its day, with the tier and rate applied. */
    commission: PaymentCommissionView | null;
  }[];
  violations: {
    id: string;
    ruleCode: string;
    severity: Severity;
    status: ViolationStatus;
    agencyCode: string;
    triggerEventId: string;
    evidenceEventIds: string[];
    occurredAt: string;
    explanation: RuleExplanation;
    rulePackCode: string;
    rulePackVersion: number;
    reviewNote: string | null;
    reviewedAt: string | null;
    reviewedByName: string | null;
  }[];
  complaints: {
    id: number;
    complaintRef: string;
    receivedAt: string;
    source: ComplaintSource;
    category: string;
    severity: Severity;
    status: ComplaintStatus;
    /** What the agency's own log says (app/complaints/corroboration.ts); null until checked. */
    corroboration: ComplaintCorroboration | null;
    agencyCode: string | null;
    description: string | null;
    phoneNumber: string | null;
  }[];
};

export type CaseLookup = { found: false } | { found: true; owningAgencyIds: number[]; detail: CaseDetail };

/**
 * One account with its history. agencyId limits placements, events, violations and complaints to that agency
 * (AGENCY users never see another agency's work on the same account).
 */
export async function getCase(options: { accountNumber: string; agencyId?: number; view: PersonalDataView }): Promise<CaseLookup> {
  const prisma = getPrisma();
  const account = await prisma.account.findUnique({
    where: { accountNumber: options.accountNumber },
    include: { customer: true, placements: { select: { agencyId: true } } },
  });
  if (!account) return { found: false };
  const byAgency = options.agencyId === undefined ? {} : { agencyId: options.agencyId };
  const [placements, events, violations, complaints, reportingZone, subjectsById, commissions] = await Promise.all([
    prisma.placement.findMany({ where: { accountId: account.id, ...byAgency }, orderBy: { placedAt: "asc" }, include: { agency: true, acknowledgment: true } }),
    prisma.activityEvent.findMany({
      where: { accountId: account.id, ...byAgency },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      include: { agency: { select: { code: true } }, agent: { select: { externalId: true } } },
    }),
    prisma.violation.findMany({
      where: { accountId: account.id, ...byAgency },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      include: { agency: { select: { code: true } }, rulePack: { select: { code: true, version: true } }, reviewedBy: { select: { name: true } } },
    }),
    prisma.complaint.findMany({ where: { accountId: account.id, ...byAgency }, orderBy: { receivedAt: "asc" }, include: { agency: { select: { code: true } } } }),
    getSetting("lender.timeZone"),
    options.view === "masked" ? loadFreeTextSubjects([account.id]) : Promise.resolve(null),
    listAccountPaymentCommissions(account.id),
  ]);
  const fallbackZone = placements.at(-1)?.agency.timeZone ?? "UTC";
  const unmasked = options.view === "unmasked";
  // Notes, messages and complaint descriptions repeat names and numbers; the numbers of this page's complaints
  // are known too (a non-borrower's own number).
  const known = subjectsById?.get(account.id);
  const subjects = known && { names: known.names, phones: [...(known.phones ?? []), ...complaints.map((complaint) => complaint.phoneNumber)] };
  const freeText = (text: string | null) => freeTextFor(options.view, text, subjects);
  const placementRows = placements.map((placement) => ({
    id: placement.id,
    agencyCode: placement.agency.code,
    agencyName: placement.agency.name,
    placedAt: placement.placedAt.toISOString().slice(0, 10),
    recalledAt: placement.recalledAt?.toISOString().slice(0, 10) ?? null,
    placedBalance: placement.placedBalance.toFixed(2),
    currency: placement.currency,
    dpdAtPlacement: placement.dpdAtPlacement,
    recallReason: placement.recallReason,
    termEndsOn: termEndOf(placement.placedAt.toISOString().slice(0, 10), placement.agency.placementTermDays),
    acknowledgment: placement.acknowledgment && {
      status: placement.acknowledgment.status,
      reason: freeText(placement.acknowledgment.reason),
      acknowledgedOn: placement.acknowledgment.acknowledgedOn.toISOString().slice(0, 10),
    },
  }));
  const balances = computeRunningBalances(
    placementRows,
    events.map((event) => ({
      id: event.id.toString(),
      agencyCode: event.agency.code,
      day: DateTime.fromJSDate(event.occurredAt, { zone: reportingZone }).toISODate() ?? event.occurredAt.toISOString().slice(0, 10),
      type: event.type,
      amount: event.amount?.toFixed(2) ?? null,
    })),
  );
  return {
    found: true,
    owningAgencyIds: [...new Set(account.placements.map((placement) => placement.agencyId))],
    detail: {
      accountNumber: account.accountNumber,
      customerRef: account.customer.customerRef,
      debtorName: unmasked ? account.debtorName : maskName(account.debtorName),
      phoneNumbers: account.phoneNumbers.map((phone) => (unmasked ? phone : (maskPhone(phone) ?? ""))),
      product: account.product,
      timeZone: account.timeZone ?? fallbackZone,
      thirdPartyConsent: account.thirdPartyConsent,
      state: account.state,
      placements: placementRows,
      events: events.map((event) => ({
        id: event.id.toString(),
        eventId: event.eventId,
        agencyCode: event.agency.code,
        agentExternalId: event.agent?.externalId ?? null,
        occurredAt: event.occurredAt.toISOString(),
        type: event.type,
        direction: event.direction,
        contactParty: event.contactParty,
        outcome: event.outcome,
        phoneNumber: unmasked ? event.phoneNumber : maskPhone(event.phoneNumber),
        durationSeconds: event.durationSeconds,
        messageText: freeText(event.messageText),
        amount: event.amount?.toFixed(2) ?? null,
        currency: event.currency,
        visitors: event.visitors,
        recordingId: event.recordingId,
        facts: factsOf(event),
        balance: balances.get(event.id.toString())?.balance ?? null,
        balanceCurrency: balances.get(event.id.toString())?.currency ?? null,
        commission: commissions.get(event.id.toString()) ?? null,
      })),
      violations: violations.map((violation) => ({
        id: violation.id.toString(),
        ruleCode: violation.ruleCode,
        severity: violation.severity,
        status: violation.status,
        agencyCode: violation.agency.code,
        triggerEventId: violation.triggerEventId.toString(),
        evidenceEventIds: violation.evidenceEventIds.map((id) => id.toString()),
        occurredAt: violation.occurredAt.toISOString(),
        explanation: toExplanation(violation.explanation),
        rulePackCode: violation.rulePack.code,
        rulePackVersion: violation.rulePack.version,
        reviewNote: freeText(violation.reviewNote),
        reviewedAt: violation.reviewedAt?.toISOString() ?? null,
        reviewedByName: violation.reviewedBy?.name ?? null,
      })),
      complaints: complaints.map((complaint) => ({
        id: complaint.id,
        complaintRef: complaint.complaintRef,
        receivedAt: complaint.receivedAt.toISOString(),
        source: complaint.source,
        category: complaint.category,
        severity: complaint.severity,
        status: complaint.status,
        corroboration: complaint.corroboration,
        agencyCode: complaint.agency?.code ?? null,
        description: freeText(complaint.description),
        phoneNumber: unmasked ? complaint.phoneNumber : maskPhone(complaint.phoneNumber),
      })),
    },
  };
}

function toExplanation(value: unknown): RuleExplanation {
  const explanation = value as Partial<RuleExplanation> | null;
  return { key: explanation?.key ?? "", params: explanation?.params ?? {} };
}

/** Which of the ids are violations of this account (a review posted from a case page acts on that case only). */
export async function filterViolationIdsOfAccount(accountNumber: string, ids: readonly string[]): Promise<string[]> {
  const valid = ids.filter((id) => /^\d{1,19}$/.test(id));
  if (valid.length === 0) return [];
  const rows = await getPrisma().violation.findMany({
    where: { id: { in: valid.map((id) => BigInt(id)) }, account: { accountNumber } },
    select: { id: true },
  });
  return rows.map((row) => row.id.toString());
}

type EventFactColumns = {
  consentScope: ConsentScope | null;
  restriction: ContactRestriction | null;
  place: ContactPlace | null;
  restrictedHours: string | null;
  restrictedMedium: ActivityType | null;
  endsAt: Date | null;
  disputeForm: DisputeForm | null;
  voicemailContent: VoicemailContent | null;
};

/** The event's Regulation F facts for the timeline, or null when it carries none (most events). */
function factsOf(event: EventFactColumns): CaseDetail["events"][number]["facts"] {
  const { consentScope, restriction, place, restrictedHours, restrictedMedium, endsAt, disputeForm, voicemailContent } = event;
  if ([consentScope, restriction, place, restrictedHours, restrictedMedium, endsAt, disputeForm, voicemailContent].every((value) => value === null)) return null;
  return { consentScope, restriction, place, restrictedHours, restrictedMedium, endsAt: endsAt?.toISOString() ?? null, disputeForm, voicemailContent };
}
