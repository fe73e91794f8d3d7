// What the findings domain gives its callers (pages, API, CLI, workbook, demo): plain serialisable data, dates as
// YYYY-MM-DD (reporting days) or ISO instants, never Prisma objects.
import type { ContestReason, ContestStatus, FindingActionStatus, FindingOrigin, FindingResponseKind, FindingStatus, Role, Severity, ViolationStatus } from "~/generated/prisma/enums";
import type { FindingActor, FindingOperation, FindingTransition, TransitionRefusal } from "./finding-state";

/** Who acts on a finding: a signed-in user, an agency's API token (acts as its agency), or the scheduler. */
export type FindingActorRef = {
  role: FindingActor;
  userId: number | null;
  /** The agency an AGENCY user or token belongs to. */
  agencyId: number | null;
  apiTokenId?: number | null;
  /** Acting from the command line (an administrator's tool without a signed-in user): recorded with each event. */
  via?: "CLI";
  /** For access-log entries (client address). */
  request?: Request;
};

/** A message key (app/i18n) with its parameters. */
export type FindingErrorMessage = { key: string; params?: Record<string, string | number> };

export type FindingErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID";

/**
 * Why a finding operation was refused. Routes answer NOT_FOUND 404, FORBIDDEN 403 (with the reason), CONFLICT 409
 * (the finding's state does not allow it, or someone else changed it first), INVALID 400 (with the field).
 */
export class FindingError extends Error {
  override readonly name = "FindingError";
  constructor(
    readonly code: FindingErrorCode,
    readonly reason: TransitionRefusal | "STALE" | "NO_EVIDENCE" | "INVALID_INPUT" | "NOT_FOUND" | "ATTACHMENT_TOO_LARGE" | "ATTACHMENT_TYPE" | "ATTACHMENT_EMPTY" | "CONTEST_PENDING" | "NOT_IN_FINDING" | "NOT_OPEN",
    message: string,
    /** For INVALID: the field at fault. */
    readonly field?: string,
    /** The refusal in the reader's language for the pages (a message key and its parameters); `message` stays English for the API and CLI. */
    readonly i18n?: FindingErrorMessage,
  ) {
    super(message);
  }

  get httpStatus(): 400 | 403 | 404 | 409 | 413 | 415 {
    if (this.reason === "ATTACHMENT_TOO_LARGE") return 413;
    if (this.reason === "ATTACHMENT_TYPE") return 415;
    return ({ NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, INVALID: 400 } as const)[this.code];
  }
}

/** How the evidence is selected while the finding is a draft (stored on the finding, re-applied at issue). */
export type FindingCriteria =
  | { kind: "rules"; ruleCodes: string[]; complaintCategories: string[]; from: string; to: string; agentId: number | null; severity: Severity | null }
  | {
      kind: "filter";
      /** The violations grid's filter (ViolationFilters) as it was in the page's URL. */
      filters: Record<string, string>;
    }
  | { kind: "selection"; violationIds: string[] }
  /**
   * A data-health item (app/data-health): a late or missing feed, a volume anomaly, unworked placements. Its evidence
   * is the item's figures, not violations: such a finding selects none and is issued without them.
   */
  | { kind: "dataHealth"; item: string; itemKind: string; figures: Record<string, string | number | null> }
  /**
   * Reconciliation exceptions of an agency's month (ADR 045): the evidence is the exceptions themselves as they were
   * when raised (at most RECONCILIATION_EVIDENCE_LIMIT, the largest first), with the month's figures; no violations.
   */
  | { kind: "reconciliation"; month: string; statuses: string[]; figures: Record<string, string | number | null>; items: ReconciliationEvidenceItem[]; totalItems: number };

/** One reconciliation exception cited by a finding (money as decimal strings). */
export type ReconciliationEvidenceItem = {
  itemId: string;
  status: string;
  rule: string;
  accountNumber: string;
  day: string;
  agencyEventId: string | null;
  ledgerRefs: string[];
  reportedAmount: string | null;
  receivedAmount: string | null;
  currency: string;
};

export const RECONCILIATION_EVIDENCE_LIMIT = 500;

/** The rate a finding is about, measured by the metrics module for its agency (and agent) and its rule codes. */
export type FindingMeasurement = {
  from: string;
  to: string;
  /** Violations of the finding's rules (not dismissed), as the metrics roll-ups count them. */
  violations: number;
  outboundContacts: number;
  /** violations per 1,000 outbound contacts (metric-formulas per1000), null without contacts. */
  per1000Contacts: number | null;
};

export type FindingImpact = {
  /** The evidence: violations and complaints the finding covers. */
  violations: number;
  highViolations: number;
  complaints: number;
  accountsAffected: number;
  debtorsAffected: number;
  agentsInvolved: number;
  /** The finding's period as the metrics module measures it (same figure the dashboards show). */
  measurement: FindingMeasurement;
  computedAt: string;
};

export type VerificationOutcome = "PENDING" | "IMPROVED" | "NOT_IMPROVED" | "NO_CONTACTS";

export type FindingVerification = {
  /** The finding's own period, measured again when verifying (reviews since may have changed it). */
  before: FindingMeasurement;
  /** The window after the fix date; `to` is the last day measured so far while the window is running. */
  after: FindingMeasurement | null;
  window: { from: string; to: string };
  windowComplete: boolean;
  outcome: VerificationOutcome;
  /** The required fall of the rate, percent (the policy's setting when measured). */
  minImprovementPercent: number;
  measuredAt: string;
};

export type FindingListRow = {
  id: number;
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  agentId: number | null;
  agentExternalId: string | null;
  title: string;
  ruleCodes: string[];
  complaintCategories: string[];
  severity: Severity;
  status: FindingStatus;
  origin: FindingOrigin;
  periodFrom: string;
  periodTo: string;
  responseDueOn: string | null;
  /** Response or an accepted plan's action past its due day (reporting day of `now`). */
  overdue: boolean;
  /** The newest response came after the due day. */
  respondedLate: boolean;
  repeatOfId: number | null;
  violationCount: number;
  complaintCount: number;
  escalationReason: string | null;
  createdAt: string;
  issuedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
};

export type FindingEventRow = {
  id: string;
  action: string;
  fromStatus: FindingStatus | null;
  toStatus: FindingStatus;
  userId: number | null;
  userName: string | null;
  note: string | null;
  detail: unknown;
  createdAt: string;
};

export type FindingActionRow = {
  id: number;
  responseId: number;
  description: string;
  owner: string;
  dueOn: string;
  status: FindingActionStatus;
  overdue: boolean;
  doneAt: string | null;
  doneNote: string | null;
};

export type FindingResponseRow = {
  id: number;
  kind: FindingResponseKind;
  explanation: string;
  late: boolean;
  userName: string | null;
  viaApi: boolean;
  createdAt: string;
  decision: "ACCEPTED" | "REJECTED" | null;
  decisionNote: string | null;
  decidedAt: string | null;
  actions: FindingActionRow[];
};

export type FindingAttachmentRow = { id: number; fileName: string; contentType: string; size: number; sha256: string; uploadedBy: string | null; createdAt: string };

export type ContestRow = {
  id: number;
  violationId: string;
  ruleCode: string;
  findingId: number | null;
  reason: ContestReason;
  note: string;
  status: ContestStatus;
  createdAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
};

export type FindingDetail = FindingListRow & {
  description: string;
  criteria: FindingCriteria;
  impact: FindingImpact;
  evidenceFrozenAt: string | null;
  fixDate: string | null;
  verification: FindingVerification | null;
  repeatOf: { id: number; title: string; status: FindingStatus; issuedAt: string | null } | null;
  events: FindingEventRow[];
  responses: FindingResponseRow[];
  /** The accepted plan's actions (empty until a plan is accepted). */
  plan: FindingActionRow[];
  attachments: FindingAttachmentRow[];
  contests: ContestRow[];
  /** What the viewer may do now (buttons). */
  can: { transitions: FindingTransition[]; operations: FindingOperation[] };
};

export type EvidenceViolationRow = {
  violationId: string;
  ruleCode: string;
  severity: Severity;
  occurredAt: string;
  accountNumber: string;
  agentExternalId: string | null;
  /** Review status when the evidence was fixed, and now (null once a re-evaluation removed the violation). */
  statusWhenFixed: ViolationStatus;
  statusNow: ViolationStatus | null;
  contest: { id: number; status: ContestStatus; reason: ContestReason } | null;
};

/** Per agency, for the agencies grid, the agency page and the scorecard. */
export type AgencyFindingCounts = {
  agencyId: number;
  open: number;
  overdue: number;
  escalated: number;
  repeats: number;
  /** Median days from issue to close of the findings closed so far, null when none. */
  medianDaysToClose: number | null;
};

export type { Role };
