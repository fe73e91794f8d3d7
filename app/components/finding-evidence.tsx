import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import type { EvidenceViolationRow, FindingDetail } from "~/findings/finding-types";
import { useI18n } from "~/i18n/i18n-context";
import { ReconciliationEvidence } from "./reconciliation-evidence";
import { useRuleName } from "./rule-pack-labels";
import { Button, Card, KpiTile, inputClassName } from "./ui";

/** The contest reasons, in the order the agency picks from (Prisma's ContestReason). */
export const contestReasons = ["CONSENT_ON_FILE", "DEBTOR_REQUESTED_CALL", "WRONG_DATA", "NOT_OUR_CONTACT", "OTHER"] as const;

export type EvidencePage = { rows: EvidenceViolationRow[]; total: number; page: number; pageSize: number };

/** The violations page's filter that shows a finding's evidence (its own filter, or its agency, rule and period). */
export function evidenceViolationsHref(finding: FindingDetail): string {
  if (finding.criteria.kind === "filter") return `/violations?${new URLSearchParams(finding.criteria.filters).toString()}`;
  const query = new URLSearchParams({ agency: finding.agencyCode, from: finding.periodFrom, to: finding.periodTo });
  if (finding.ruleCodes.length === 1) query.set("rule", finding.ruleCodes[0]!);
  if (finding.agentExternalId) query.set("agent", finding.agentExternalId);
  return `/violations?${query.toString()}`;
}

function ContestForm({ row }: { row: EvidenceViolationRow }) {
  const { t, tEnum } = useI18n();
  const busy = useNavigation().state !== "idle";
  return (
    <details className="text-sm" data-testid={`contest-${row.violationId}`}>
      <summary className="cursor-pointer text-brand-600 hover:underline">{t("findings.contest.button")}</summary>
      <Form method="post" preventScrollReset className="mt-2 flex min-w-64 flex-col gap-2">
        <input type="hidden" name="violationId" value={row.violationId} />
        <select name="reason" required aria-label={t("findings.contest.reason")} className={inputClassName}>
          {contestReasons.map((reason) => (
            <option key={reason} value={reason}>
              {tEnum("findings.contestReason", reason)}
            </option>
          ))}
        </select>
        <input name="note" maxLength={2000} placeholder={t("findings.contest.note")} aria-label={t("findings.contest.note")} className={inputClassName} />
        <Button type="submit" name="intent" value="contest" variant="secondary" disabled={busy}>
          {t("findings.contest.button")}
        </Button>
      </Form>
    </details>
  );
}

function EvidenceTable({ finding, evidence }: { finding: FindingDetail; evidence: EvidencePage }) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  const ruleName = useRuleName();
  const canContest = finding.can.operations.includes("contest");
  const headers = ["time", "rule", "severity", "account", "agent", "statusThen", "statusNow", "contest"] as const;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="evidence-table">
        <thead className="bg-slate-50">
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                {t(`findings.evidence.col.${header}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {evidence.rows.map((row) => (
            <tr key={row.violationId} data-testid="evidence-row" data-violation-id={row.violationId} className="align-top hover:bg-slate-50">
              <td className="px-3 py-2 whitespace-nowrap">{i18n.dateTime(row.occurredAt)}</td>
              <td className="px-3 py-2">{ruleName(row.ruleCode)}</td>
              <td className="px-3 py-2">{tEnum("severity", row.severity)}</td>
              <td className="px-3 py-2">
                <Link to={`/cases/${encodeURIComponent(row.accountNumber)}`} className="text-brand-600 hover:underline">
                  {row.accountNumber}
                </Link>
              </td>
              <td className="px-3 py-2">{row.agentExternalId ?? t("common.none")}</td>
              <td className="px-3 py-2">{tEnum("violationStatus", row.statusWhenFixed)}</td>
              <td className="px-3 py-2" data-testid="evidence-status-now">
                {row.statusNow ? tEnum("violationStatus", row.statusNow) : t("findings.evidence.removed")}
              </td>
              <td className="px-3 py-2" data-testid="evidence-contest">
                {row.contest ? `${tEnum("findings.contestReason", row.contest.reason)} · ${tEnum("findings.contestStatus", row.contest.status)}` : null}
                {canContest && row.statusNow !== null && row.statusNow !== "DISMISSED" && row.contest?.status !== "PENDING" ? <ContestForm row={row} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EvidencePager({ evidence }: { evidence: EvidencePage }) {
  const { t, number } = useI18n();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(evidence.total / evidence.pageSize));
  const hrefOf = (page: number) => {
    const query = new URLSearchParams(location.search);
    query.set("evidence", String(page));
    return `${location.pathname}?${query.toString()}`;
  };
  const from = evidence.total === 0 ? 0 : (evidence.page - 1) * evidence.pageSize + 1;
  const to = Math.min(evidence.total, evidence.page * evidence.pageSize);
  const linkClass = "rounded-md border border-slate-300 px-3 py-1 text-sm text-slate-800 hover:bg-slate-50";
  return (
    <div className="flex items-center justify-between gap-3 text-sm text-slate-600" data-testid="evidence-pager">
      <span data-testid="evidence-count" data-total={evidence.total} data-from={from} data-to={to}>
        {t("findings.evidence.count", { from: number(from), to: number(to), total: number(evidence.total) })}
      </span>
      <span className="flex gap-2">
        {evidence.page > 1 ? (
          <Link to={hrefOf(evidence.page - 1)} preventScrollReset className={linkClass} data-testid="evidence-previous">
            {t("findings.evidence.previous")}
          </Link>
        ) : null}
        {evidence.page < pages ? (
          <Link to={hrefOf(evidence.page + 1)} preventScrollReset className={linkClass} data-testid="evidence-next">
            {t("findings.evidence.next")}
          </Link>
        ) : null}
      </span>
    </div>
  );
}

export function FindingEvidence({ finding, evidence }: { finding: FindingDetail; evidence: EvidencePage }) {
  if (finding.criteria.kind === "reconciliation") return <ReconciliationEvidence agencyCode={finding.agencyCode} criteria={finding.criteria} />;
  return <ViolationEvidence finding={finding} evidence={evidence} />;
}

function ViolationEvidence({ finding, evidence }: { finding: FindingDetail; evidence: EvidencePage }) {
  const i18n = useI18n();
  const { t } = i18n;
  const impact = finding.impact;
  const tile = (label: Parameters<typeof t>[0], value: number | null, testId?: string) => <KpiTile label={t(label)} value={value === null ? t("common.none") : i18n.number(value)} testId={testId} />;
  return (
    <Card title={t("findings.page.evidence")}>
      <p className="mb-3 text-sm text-slate-600">{finding.evidenceFrozenAt ? t("findings.page.evidenceFrozen", { at: i18n.dateTime(finding.evidenceFrozenAt) }) : t("findings.page.evidenceLive")}</p>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="finding-impact" data-violations={impact.violations} data-contacts={impact.measurement?.outboundContacts ?? ""} data-measured-violations={impact.measurement?.violations ?? ""}>
        {tile("findings.impact.violations", impact.violations, "impact-violations")}
        {tile("findings.impact.highViolations", impact.highViolations)}
        {tile("findings.impact.complaints", impact.complaints)}
        {tile("findings.impact.accounts", impact.accountsAffected)}
        {tile("findings.impact.debtors", impact.debtorsAffected)}
        {tile("findings.impact.agents", impact.agentsInvolved)}
        {tile("findings.impact.contacts", impact.measurement.outboundContacts)}
        <KpiTile label={t("findings.impact.per1000")} value={impact.measurement.per1000Contacts === null ? t("common.none") : i18n.number(impact.measurement.per1000Contacts, 2)} />
      </div>
      <div className="mt-4 space-y-2">
        {evidence.total === 0 ? <p className="text-sm text-slate-600">{t("findings.evidence.none")}</p> : <EvidenceTable finding={finding} evidence={evidence} />}
        <EvidencePager evidence={evidence} />
      </div>
      <a href={evidenceViolationsHref(finding)} className="mt-3 inline-block text-sm text-brand-600 hover:underline" data-testid="evidence-link">
        {t("findings.page.viewViolations")}
      </a>
    </Card>
  );
}

/** The finding's contests: the agency follows its own; compliance decides the pending ones here (note required). */
export function FindingContests({ finding }: { finding: FindingDetail }) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  const busy = useNavigation().state !== "idle";
  const ruleName = useRuleName();
  const canDecide = finding.can.operations.includes("decideContest");
  return (
    <Card title={t("findings.contests.title")}>
      <p className="mb-3 text-sm text-slate-600">{finding.contests.length === 0 ? t("findings.contests.empty") : t("findings.contests.hint")}</p>
      <ul className="space-y-3" data-testid="finding-contests">
        {finding.contests.map((contest) => (
          <li key={contest.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="contest-row" data-violation-id={contest.violationId} data-status={contest.status}>
            <p className="font-medium">
              #{contest.violationId} · {ruleName(contest.ruleCode)} · {tEnum("findings.contestReason", contest.reason)} · {tEnum("findings.contestStatus", contest.status)}
            </p>
            <p className="text-slate-500">{i18n.dateTime(contest.createdAt)}</p>
            {contest.note ? <p className="mt-1 whitespace-pre-line text-slate-700">{contest.note}</p> : null}
            {contest.decisionNote ? (
              <p className="mt-1 text-slate-700">
                {t("findings.contests.col.decision")} ({i18n.dateTime(contest.decidedAt)}): {contest.decisionNote}
              </p>
            ) : null}
            {canDecide && contest.status === "PENDING" ? (
              <Form method="post" preventScrollReset className="mt-2 flex flex-wrap items-end gap-2">
                <input type="hidden" name="contestId" value={contest.id} />
                <input name="note" required maxLength={2000} placeholder={t("findings.contests.decisionNote")} aria-label={t("findings.contests.decisionNote")} className={`${inputClassName} max-w-md`} />
                <Button type="submit" name="intent" value="upholdContest" disabled={busy} data-testid="contest-uphold">
                  {t("findings.contests.uphold")}
                </Button>
                <Button type="submit" name="intent" value="rejectContest" variant="secondary" disabled={busy} data-testid="contest-reject">
                  {t("findings.contests.reject")}
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
