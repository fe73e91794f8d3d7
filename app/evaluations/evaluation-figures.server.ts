// The figures an evaluation rests on, for one agency and period, read through the metrics and findings modules' own
// functions (never recomputed here): the scorecard (recovery, net back, the recovery index with its interval), the
// monthly trend, violations per 1,000 contacts by rule, findings opened, overdue and escalated, complaints per 1,000
// accounts and the contacts by untrained agents (rule UNTRAINED_AGENT), and the agency register's current documents
// with their validity on the day (app/agency-register). Stored on the evaluation, so a signed one keeps the figures and
// documents it was signed on whatever is imported or uploaded later.
import { listActionRequired, listRegisterDocuments } from "~/agency-register/register-lists.server";
import { registerToday } from "~/agency-register/register.server";
import { isDocumentValid } from "~/agency-register/register-rules";
import { getPrisma } from "~/db/client.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { getMonthlyMetrics, getViolationsByRule } from "~/metrics/metrics.server";
import { documentSectionOf, type EvaluationFigures } from "./evaluation-input";
import { getPublicComplaintHistory } from "~/complaints/public-complaint-history.server";

export type { EvaluationFigures };


export async function collectEvaluationFigures(input: { agencyId: number; from: string; to: string; now: Date }): Promise<EvaluationFigures> {
  const filters = { from: input.from, to: input.to, agencyIds: [input.agencyId] };
  const [cards, monthly, byRule, opened, documents, missing, asOf, publicHistory] = await Promise.all([
    getAgencyScorecards(filters, { now: input.now }),
    getMonthlyMetrics({ ...filters, by: "agency" }),
    getViolationsByRule(filters),
    getPrisma().finding.count({
      where: { agencyId: input.agencyId, issuedAt: { gte: new Date(`${input.from}T00:00:00Z`), lt: new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000) } },
    }),
    listRegisterDocuments(input.now, { agencyId: input.agencyId }),
    listActionRequired(input.now, { agencyId: input.agencyId }),
    registerToday(input.now),
    getPublicComplaintHistory(input.agencyId, { from: input.from, to: input.to }),
  ]);
  const card = cards.find((candidate) => candidate.agencyId === input.agencyId);
  const metrics = card?.metrics;
  return {
    period: { from: input.from, to: input.to },
    computedAt: input.now.toISOString(),
    performance: {
      placedBalance: metrics?.placedBalance ?? 0,
      collected: metrics?.collected ?? 0,
      recoveryRate: metrics?.recoveryRate ?? null,
      netBack: metrics?.netBack ?? 0,
      recoveryIndex: card?.recoveryIndex ?? null,
      grade: card?.grade ?? null,
      trend: monthly.map((point) => ({
        month: point.month,
        recoveryRate: point.metrics.recoveryRate,
        collected: point.metrics.collected,
        violationsPer1000Contacts: point.metrics.violationsPer1000Contacts,
      })),
    },
    compliance: {
      outboundContacts: metrics?.outboundContacts ?? 0,
      violations: metrics?.violations ?? 0,
      violationsPer1000Contacts: metrics?.violationsPer1000Contacts ?? null,
      byRule: byRule.map((row) => ({ ruleCode: row.ruleCode, count: row.count, per1000Contacts: row.per1000Contacts })),
      findingsOpened: opened,
      findingsOverdue: card?.findings.overdue ?? 0,
      findingsEscalated: card?.findings.escalated ?? 0,
      complaints: metrics?.complaints ?? 0,
      complaintsPer1000Accounts: metrics?.complaintsPer1000Accounts ?? null,
      untrainedAgentContacts: byRule.find((row) => row.ruleCode === "UNTRAINED_AGENT")?.count ?? 0,
      upheldComplaintsPer1000Accounts: metrics?.upheldComplaintsPer1000Accounts ?? null,
      noMatchingLogShare: card?.complaintChecks.noMatchingLogShare ?? null,
      publicComplaints: {
        total: publicHistory.total,
        reliefShare: publicHistory.reliefShare,
        untimelyShare: publicHistory.untimelyShare,
        topIssues: publicHistory.byIssue.slice(0, 5),
      },
    },
    documents: {
      asOf,
      items: documents
        .map((document) => ({
          type: document.type,
          version: document.version,
          fileName: document.fileName,
          sha256: document.sha256,
          validFrom: document.validFrom,
          expiresOn: document.expiresOn,
          valid: isDocumentValid(document, asOf),
          section: documentSectionOf(document.type),
        }))
        .sort((a, b) => a.type.localeCompare(b.type)),
      missingRequired: missing.get(input.agencyId) ?? [],
    },
  };
}
