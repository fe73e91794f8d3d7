// Reconciliation exceptions raised as findings (ADR 045): by hand from the reconciliation page's filter (one agency, one
// month, the statuses it shows), or by the findings policy's UNRECONCILED_ABOVE clause after a month closes. The
// exceptions, as they are when raised, are the finding's evidence (its criteria); the title is made of codes (kind,
// agency, month), so it reads the same in both languages, like the data-health findings'.
import { raiseFindingFromReconciliation, type RaiseFindingResult } from "~/findings/findings.server";
import { FindingError, RECONCILIATION_EVIDENCE_LIMIT, type FindingActorRef, type FindingCriteria, type ReconciliationEvidenceItem } from "~/findings/finding-types";
import { lastOfMonth } from "~/metrics/metric-filters";
import { exceptionStatusesForFilter, type ReconciliationStatus } from "./reconcile";
import { exceptionFigures, findingExceptionStatuses, judgeExceptions, shortfallCents, type ExceptionThreshold, type ExceptionVerdict } from "./reconciliation-exceptions";
import { listReconciliationItems, type ReconciliationRecord } from "./reconciliation-queries.server";

type ReconciliationCriteria = Extract<FindingCriteria, { kind: "reconciliation" }>;

function evidenceOf(items: readonly ReconciliationRecord[]): ReconciliationEvidenceItem[] {
  // The largest shortfalls first, then by day: what a reader should see first when the list is cut.
  return [...items]
    .sort((left, right) => {
      const difference = shortfallCents(right) - shortfallCents(left);
      return difference !== 0n ? (difference > 0n ? 1 : -1) : left.day.localeCompare(right.day) || left.id.localeCompare(right.id, undefined, { numeric: true });
    })
    .slice(0, RECONCILIATION_EVIDENCE_LIMIT)
    .map((item) => ({
      itemId: item.id,
      status: item.status,
      rule: item.rule,
      accountNumber: item.accountNumber,
      day: item.day,
      agencyEventId: item.agencyEventId,
      ledgerRefs: item.ledgerRefs,
      reportedAmount: item.reportedAmount,
      receivedAmount: item.receivedAmount,
      currency: item.currency,
    }));
}

function figuresOf(items: readonly ReconciliationRecord[], verdict?: ExceptionVerdict): Record<string, string | number | null> {
  const figures = verdict ?? exceptionFigures(items);
  return {
    exceptions: items.length,
    lateRemittances: figures.lateRemittances,
    ...Object.fromEntries(figures.unreconciled.map((entry) => [`unreconciled${entry.currency}`, entry.amount])),
  };
}

function describe(agencyCode: string, month: string, figures: Record<string, string | number | null>, total: number): string {
  const lines = Object.entries(figures).map(([name, value]) => `${name}: ${value ?? "—"}`);
  const cut = total > RECONCILIATION_EVIDENCE_LIMIT ? [`The ${RECONCILIATION_EVIDENCE_LIMIT} largest of ${total} exceptions are cited.`] : [];
  return [`Reconciliation exceptions of ${agencyCode} in ${month} (/reconciliation?agency=${agencyCode}&month=${month}).`, ...lines, ...cut].join("\n");
}

function criteriaOf(month: string, statuses: readonly ReconciliationStatus[], items: readonly ReconciliationRecord[], figures: Record<string, string | number | null>): ReconciliationCriteria {
  return { kind: "reconciliation", month, statuses: [...statuses], figures, items: evidenceOf(items), totalItems: items.length };
}

/**
 * A finding from the reconciliation page: the agency's exceptions of the month with the page's status filter (blank:
 * every exception). Nothing matching is refused like a violations filter that selects nothing.
 */
export async function raiseReconciliationFinding(input: { agencyId: number; agencyCode: string; month: string; status?: ReconciliationStatus | "ALL" }, actor: FindingActorRef, now: Date): Promise<RaiseFindingResult> {
  const statuses = exceptionStatusesForFilter(input.status);
  const items = (await listReconciliationItems({ month: input.month, agencyId: input.agencyId, exceptionsOnly: true })).filter((item) => statuses.includes(item.status));
  if (items.length === 0) {
    throw new FindingError("INVALID", "NO_EVIDENCE", `No reconciliation exceptions match: agency ${input.agencyCode}, ${input.month}.`, "criteria", { key: "reconciliation.raise.none" });
  }
  const figures = figuresOf(items);
  const from = `${input.month}-01`;
  return raiseFindingFromReconciliation(
    {
      agencyId: input.agencyId,
      criteria: criteriaOf(input.month, statuses, items, figures),
      from,
      to: lastOfMonth(from),
      title: ["RECONCILIATION", statuses.length === 1 ? statuses[0] : null, input.agencyCode, input.month].filter(Boolean).join(" · "),
      description: describe(input.agencyCode, input.month, figures, items.length),
    },
    actor,
    now,
  );
}

export type ReconciliationCandidate = { agencyId: number; agencyCode: string; verdict: ExceptionVerdict; items: ReconciliationRecord[] };

/** The agencies whose month passes the threshold, with the exceptions a finding would cite. */
export async function listReconciliationCandidates(input: { month: string; agencyIds: readonly number[]; threshold: ExceptionThreshold }): Promise<ReconciliationCandidate[]> {
  const wanted = new Set(input.agencyIds);
  const items = (await listReconciliationItems({ month: input.month, exceptionsOnly: true })).filter((item) => wanted.has(item.agencyId) && findingExceptionStatuses.includes(item.status));
  const byAgency = new Map<number, ReconciliationRecord[]>();
  for (const item of items) byAgency.set(item.agencyId, [...(byAgency.get(item.agencyId) ?? []), item]);
  const candidates: ReconciliationCandidate[] = [];
  for (const [agencyId, agencyItems] of [...byAgency.entries()].sort(([left], [right]) => left - right)) {
    const verdict = judgeExceptions(agencyItems, input.threshold);
    if (verdict.above.length > 0) candidates.push({ agencyId, agencyCode: agencyItems[0]!.agencyCode, verdict, items: agencyItems });
  }
  return candidates;
}

/** The policy's automatic finding for one candidate (a DRAFT, raised once per agency and month). */
export async function raisePolicyReconciliationFinding(candidate: ReconciliationCandidate, input: { month: string; threshold: ExceptionThreshold }, actor: FindingActorRef, now: Date): Promise<RaiseFindingResult> {
  const figures = figuresOf(candidate.items, candidate.verdict);
  const from = `${input.month}-01`;
  return raiseFindingFromReconciliation(
    {
      agencyId: candidate.agencyId,
      criteria: criteriaOf(input.month, findingExceptionStatuses, candidate.items, figures),
      from,
      to: lastOfMonth(from),
      title: ["RECONCILIATION", candidate.agencyCode, input.month].join(" · "),
      description: describe(candidate.agencyCode, input.month, figures, candidate.items.length),
      policyKey: `UNRECONCILED_ABOVE:${candidate.agencyId}:${input.month}`,
      policyDetail: { clause: "UNRECONCILED_ABOVE", ...figures, above: candidate.verdict.above.join("+"), amountThreshold: input.threshold.amount, lateThreshold: input.threshold.lateRemittances },
    },
    actor,
    now,
  );
}
