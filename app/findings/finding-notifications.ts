// Who hears about what happens to a finding: each transition, reminder and contest decision mapped to
// notifications (audience, kind, language-neutral params, link). Pure: the notification centre delivers them
// (in-app and e-mail, in the recipient's language: the kind names the messages "notification.<kind>.title|body",
// whose placeholders — title, agency, dueDate — every mapping below provides; notification-message.ts refuses less).
import type { Role } from "~/generated/prisma/enums";
import type { NotificationKind } from "~/notifications/notification-message";

/** The kinds the notification centre knows (its list is the one source: a kind it lacks could not be delivered). */
export type FindingNotificationKind = NotificationKind;

/** AGENCY users are reached through their agency, never by role (the notification centre refuses that). */
type LenderRole = Exclude<Role, "AGENCY">;
export type NotificationAudience = { agencyId: number } | { roles: LenderRole[] } | { userIds: number[] };

export type FindingNotification = {
  audience: NotificationAudience;
  /** For a userIds audience: the agency the message is about, so that agency's own users named in it receive it. */
  concernsAgencyId?: number;
  kind: FindingNotificationKind;
  params: Record<string, string | number>;
  /** Path inside the app. */
  link: string;
};

/** The finding as the notification names it. */
export type NotifiedFinding = { id: number; agencyId: number; agencyCode: string; title: string; responseDueOn: string | null };

export type FindingNotificationEvent =
  | {
      type: "transition";
      transition: "raise" | "issue" | "respond" | "acceptPlan" | "rejectPlan" | "startVerification" | "escalate" | "close" | "reopen" | "markActionDone";
      from: string | null;
      to: string;
      finding: NotifiedFinding;
      /** The transition's detail (escalation reason, new due day, late answer). */
      detail?: Record<string, unknown>;
    }
  | { type: "reminder"; reminder: "DUE_SOON" | "OVERDUE"; subject: "response" | "action"; dueOn: string; finding: NotifiedFinding }
  | { type: "contestDecided"; contestId: number; violationId: string; decision: "UPHELD" | "REJECTED"; agencyId: number; agencyCode: string; findingId: number | null; createdById: number | null };

/** Compliance follows answers and escalations; vendor managers hear about escalations too (they own the contract). */
const COMPLIANCE: LenderRole[] = ["COMPLIANCE"];
const ESCALATION_WATCHERS: LenderRole[] = ["COMPLIANCE", "VENDOR_MANAGER"];

export const findingLink = (findingId: number) => `/findings/${findingId}`;

export function findingNotifications(event: FindingNotificationEvent): FindingNotification[] {
  if (event.type === "contestDecided") {
    return [
      {
        // The agency user who contested, when known; otherwise the agency's users.
        audience: event.createdById !== null ? { userIds: [event.createdById] } : { agencyId: event.agencyId },
        ...(event.createdById !== null ? { concernsAgencyId: event.agencyId } : {}),
        kind: "CONTEST_DECIDED",
        params: { contestId: event.contestId, violationId: event.violationId, decision: event.decision, agency: event.agencyCode, ...(event.findingId !== null ? { findingId: event.findingId } : {}) },
        link: event.findingId !== null ? findingLink(event.findingId) : `/violations?status=DISMISSED`,
      },
    ];
  }
  const { finding } = event;
  const base = { findingId: finding.id, title: finding.title, agency: finding.agencyCode };
  const link = findingLink(finding.id);
  const toAgency = (kind: FindingNotificationKind, params: Record<string, string | number> = {}): FindingNotification => ({ audience: { agencyId: finding.agencyId }, kind, params: { ...base, ...params }, link });
  const toRoles = (roles: LenderRole[], kind: FindingNotificationKind, params: Record<string, string | number> = {}): FindingNotification => ({ audience: { roles }, kind, params: { ...base, ...params }, link });
  const dueOn = (value: unknown) => (typeof value === "string" ? value : (finding.responseDueOn ?? ""));

  if (event.type === "reminder") {
    const params = { dueDate: event.dueOn, subject: event.subject };
    if (event.reminder === "DUE_SOON") return [toAgency("FINDING_DUE_SOON", params)];
    return [toAgency("FINDING_OVERDUE", params), toRoles(COMPLIANCE, "FINDING_OVERDUE", params)];
  }

  const detail = event.detail ?? {};
  switch (event.transition) {
    case "issue":
      return [toAgency("FINDING_ISSUED", { dueDate: dueOn(detail.responseDueOn) })];
    case "reopen":
      // A reopened draft is compliance's business only; a reopened finding goes back to the agency.
      return event.to === "ISSUED" ? [toAgency("FINDING_ISSUED", { dueDate: dueOn(detail.responseDueOn) })] : [];
    case "respond":
      return [toRoles(COMPLIANCE, "FINDING_RESPONDED", { late: detail.late === true ? 1 : 0 })];
    case "acceptPlan":
      return [toAgency("FINDING_PLAN_ACCEPTED")];
    case "rejectPlan":
      return [toAgency("FINDING_PLAN_REJECTED", { dueDate: dueOn(detail.responseDueOn) })];
    case "escalate": {
      const reason = typeof detail.reason === "string" ? detail.reason : "MANUAL";
      const overdue = reason === "RESPONSE_OVERDUE" || reason === "ACTIONS_OVERDUE";
      return [toAgency(overdue ? "FINDING_OVERDUE" : "FINDING_ESCALATED", { reason, dueDate: finding.responseDueOn ?? "" }), toRoles(ESCALATION_WATCHERS, "FINDING_ESCALATED", { reason })];
    }
    case "close":
      // A draft closed before it was issued was never the agency's.
      return event.from === "DRAFT" ? [] : [toAgency("FINDING_CLOSED")];
    case "raise":
    case "startVerification":
    case "markActionDone":
      return [];
  }
}
