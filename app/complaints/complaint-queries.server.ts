// One complaint as its page, the API-free reads and the tests see it: the complaint (free text masked for roles
// without personal-data rights), its life cycle, its corroboration with the violations or contacts behind it, the
// findings it produced (AGENCY viewers: issued ones only), files and the change log, and what the viewer may do now.
import { canSeePersonalData } from "~/auth/permissions";
import { getPrisma } from "~/db/client.server";
import { getPool } from "~/db/pg.server";
import { dayInZone, isOverdue } from "~/findings/finding-dates";
import { isVisibleToAgency } from "~/findings/finding-state";
import type { ComplaintCorroboration, ComplaintOutcome, ComplaintSource, ComplaintStatus, FindingStatus, Severity } from "~/generated/prisma/enums";
import { freeTextFor, loadCustomerSubjects } from "~/privacy/free-text-subjects.server";
import { maskPhone } from "~/privacy/mask";
import { getSetting } from "~/settings/settings.server";
import { availableComplaintTransitions, checkComplaintOperation, type ComplaintOperation, type ComplaintTransition } from "./complaint-state";
import { getComplaintWorkflow } from "./complaint-settings.server";
import type { ComplaintActorRef } from "./complaint-types";
import { complaintNotFound } from "./complaint-workflow.server";

export type ComplaintDetail = {
  id: number;
  complaintRef: string;
  receivedAt: string;
  timeZone: string | null;
  source: ComplaintSource;
  category: string;
  severity: Severity;
  description: string | null;
  phoneNumber: string | null;
  agencyId: number | null;
  agencyCode: string | null;
  agentExternalId: string | null;
  accountNumber: string | null;
  status: ComplaintStatus;
  assignedTo: { id: number; name: string } | null;
  responseDueOn: string | null;
  overdue: boolean;
  escalatedAt: string | null;
  agencyResponse: string | null;
  respondedAt: string | null;
  outcome: ComplaintOutcome | null;
  rootCause: string | null;
  resolution: string | null;
  closedAt: string | null;
  corroboration: ComplaintCorroboration | null;
  corroborationDetail: { reason: string | null; ruleCodes: string[]; window: { from: string; to: string } | null; eventCount: number } | null;
  corroboratedAt: string | null;
  violations: { id: string; ruleCode: string; severity: Severity | null; occurredAt: string | null; status: string | null; linkedBy: string }[];
  events: { id: string; type: string; occurredAt: string; outcome: string | null; contactParty: string | null; agentExternalId: string | null; phoneNumber: string | null }[];
  findings: { id: number; title: string; status: FindingStatus }[];
  attachments: { id: number; fileName: string; contentType: string; size: number; uploadedBy: string | null; createdAt: string }[];
  changes: { id: string; action: string; fromStatus: ComplaintStatus | null; toStatus: ComplaintStatus; user: string | null; note: string | null; detail: Record<string, unknown>; createdAt: string }[];
  can: { transitions: ComplaintTransition[]; operations: ComplaintOperation[] };
  /** For compliance's forms: active officers and the root causes of the settings. */
  officers: { id: number; name: string }[];
  rootCauses: string[];
  replyDueDays: number;
};

type Row = {
  customerId: number | null;
  id: number; complaintRef: string; receivedAt: Date; timeZone: string | null; source: ComplaintSource; category: string; severity: Severity; description: string | null;
  phoneNumber: string | null; agencyId: number | null; agencyCode: string | null; agentExternalId: string | null; accountNumber: string | null; status: ComplaintStatus;
  assignedToId: number | null; assignedToName: string | null; responseDueOn: string | null; escalatedAt: Date | null; agencyResponse: string | null; respondedAt: Date | null;
  outcome: ComplaintOutcome | null; rootCause: string | null; resolution: string | null; closedAt: Date | null; corroboration: ComplaintCorroboration | null;
  corroborationDetail: Record<string, unknown> | null; corroboratedAt: Date | null;
};

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export async function getComplaintDetail(actor: ComplaintActorRef, complaintId: number, now: Date): Promise<ComplaintDetail> {
  const view = actor.role !== "SYSTEM" && canSeePersonalData(actor.role) ? "unmasked" : "masked";
  const { rows } = await getPool().query<Row>(
    `SELECT c.id, c."complaintRef", c."receivedAt", coalesce(acc."timeZone", a."timeZone") AS "timeZone", c.source::text AS source, c.category, c.severity::text AS severity,
            c.description, c."phoneNumber", c."agencyId", a.code AS "agencyCode", agt."externalId" AS "agentExternalId", acc."accountNumber", c.status::text AS status,
            c."assignedToId", u.name AS "assignedToName", to_char(c."responseDueOn", 'YYYY-MM-DD') AS "responseDueOn", c."escalatedAt", c."agencyResponse", c."respondedAt",
            c.outcome::text AS outcome, c."rootCause", c.resolution, c."closedAt", c.corroboration::text AS corroboration, c."corroborationDetail", c."corroboratedAt",
            acc."customerId"
     FROM "Complaint" c LEFT JOIN "Agency" a ON a.id = c."agencyId" LEFT JOIN "Account" acc ON acc.id = c."accountId"
       LEFT JOIN "Agent" agt ON agt.id = c."agentId" LEFT JOIN "User" u ON u.id = c."assignedToId"
     WHERE c.id = $1::int`,
    [complaintId],
  );
  const row = rows[0];
  if (!row || (actor.role === "AGENCY" && (actor.agencyId === null || row.agencyId !== actor.agencyId))) throw complaintNotFound(complaintId);
  const known = view === "masked" && row.customerId !== null ? (await loadCustomerSubjects([row.customerId])).get(row.customerId) : undefined;
  const subjects = { names: known?.names ?? [], phones: [...(known?.phones ?? []), ...(row.phoneNumber ? [row.phoneNumber] : [])] };
  const text = (value: string | null) => freeTextFor(view, value, subjects);
  const phone = (value: string | null) => (view === "masked" ? maskPhone(value) : value);
  const prisma = getPrisma();
  const detail = (row.corroborationDetail ?? null) as { reason?: string | null; ruleCodes?: string[]; window?: { from: string; to: string } | null; eventIds?: string[]; eventCount?: number } | null;
  const eventIds = (detail?.eventIds ?? []).map((id) => BigInt(id));
  const [links, events, findings, attachments, changes, officers, workflow, timeZone] = await Promise.all([
    getPool().query<{ id: string; ruleCode: string; severity: Severity | null; occurredAt: Date | null; status: string | null; linkedBy: string }>(
      `SELECT cv."violationId"::text AS id, cv."ruleCode", v.severity::text AS severity, v."occurredAt", v.status::text AS status, cv."linkedBy"
       FROM "ComplaintViolation" cv LEFT JOIN "Violation" v ON v.id = cv."violationId" WHERE cv."complaintId" = $1::int ORDER BY v."occurredAt" NULLS LAST, cv."violationId"`,
      [complaintId],
    ),
    eventIds.length === 0
      ? []
      : prisma.activityEvent.findMany({ where: { id: { in: eventIds } }, select: { id: true, type: true, occurredAt: true, outcome: true, contactParty: true, phoneNumber: true, agent: { select: { externalId: true } } }, orderBy: { occurredAt: "asc" } }),
    prisma.findingComplaint.findMany({ where: { complaintId }, select: { finding: { select: { id: true, title: true, status: true, issuedAt: true } } }, orderBy: { findingId: "asc" } }),
    prisma.complaintAttachment.findMany({ where: { complaintId }, orderBy: { id: "asc" } }),
    prisma.complaintChange.findMany({ where: { complaintId }, orderBy: { id: "asc" } }),
    actor.role === "COMPLIANCE" || actor.role === "ADMIN" ? prisma.user.findMany({ where: { active: true, role: { in: ["COMPLIANCE", "ADMIN"] } }, select: { id: true, name: true }, orderBy: { name: "asc" } }) : [],
    getComplaintWorkflow(),
    getSetting("lender.timeZone"),
  ]);
  const userIds = [...new Set([...changes.map((change) => change.userId), ...attachments.map((file) => file.uploadedById)].filter((id): id is number => id !== null))];
  const names = new Map((await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((user) => [user.id, user.name]));
  return {
    id: row.id,
    complaintRef: row.complaintRef,
    receivedAt: row.receivedAt.toISOString(),
    timeZone: row.timeZone,
    source: row.source,
    category: row.category,
    severity: row.severity,
    description: text(row.description),
    phoneNumber: phone(row.phoneNumber),
    agencyId: row.agencyId,
    agencyCode: row.agencyCode,
    agentExternalId: row.agentExternalId,
    accountNumber: row.accountNumber,
    status: row.status,
    assignedTo: row.assignedToId === null ? null : { id: row.assignedToId, name: row.assignedToName ?? "" },
    responseDueOn: row.responseDueOn,
    overdue: row.status === "INVESTIGATING" && isOverdue(row.responseDueOn, dayInZone(now, timeZone)),
    escalatedAt: iso(row.escalatedAt),
    agencyResponse: text(row.agencyResponse),
    respondedAt: iso(row.respondedAt),
    outcome: row.outcome,
    rootCause: row.rootCause,
    resolution: text(row.resolution),
    closedAt: iso(row.closedAt),
    corroboration: row.corroboration,
    corroborationDetail: detail ? { reason: detail.reason ?? null, ruleCodes: detail.ruleCodes ?? [], window: detail.window ?? null, eventCount: detail.eventCount ?? 0 } : null,
    corroboratedAt: iso(row.corroboratedAt),
    violations: links.rows.map((link) => ({ ...link, occurredAt: iso(link.occurredAt) })),
    events: events.map((event) => ({ id: event.id.toString(), type: event.type, occurredAt: event.occurredAt.toISOString(), outcome: event.outcome, contactParty: event.contactParty, agentExternalId: event.agent?.externalId ?? null, phoneNumber: phone(event.phoneNumber) })),
    findings: findings
      .map((link) => link.finding)
      .filter((finding) => actor.role !== "AGENCY" || isVisibleToAgency(finding.status, finding.issuedAt !== null))
      .map((finding) => ({ id: finding.id, title: finding.title, status: finding.status })),
    attachments: attachments.map((file) => ({ id: file.id, fileName: file.fileName, contentType: file.contentType, size: file.size, uploadedBy: file.uploadedById === null ? null : (names.get(file.uploadedById) ?? null), createdAt: file.createdAt.toISOString() })),
    changes: changes.map((change) => ({
      id: change.id.toString(),
      action: change.action,
      fromStatus: change.fromStatus,
      toStatus: change.toStatus,
      user: change.userId === null ? null : (names.get(change.userId) ?? null),
      note: text(change.note),
      detail: (change.detail ?? {}) as Record<string, unknown>,
      createdAt: change.createdAt.toISOString(),
    })),
    can: {
      transitions: actor.role === "SYSTEM" ? [] : availableComplaintTransitions(row.status, actor.role),
      operations: (["reassign", "attach", "linkViolation", "raiseFinding", "escalate", "corroborate"] as const).filter((operation) => checkComplaintOperation(operation, row.status, actor.role).allowed),
    },
    officers,
    rootCauses: workflow.rootCauses,
    replyDueDays: workflow.replyDueDays,
  };
}
