import { useFetcher } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import type { AgentMetricsRow, ViolationsByRule } from "~/metrics/metric-types";
import { ruleName } from "~/violations/render-explanation";
import { Button, Card, inputClassName } from "./ui";

type RaiseRefusal = { ok: false; message: string };

/** Compliance's "raise a finding from this filter": posts the violations page's filter; the new draft opens. */
export function FindingRaiseButton({ filters }: { filters: URLSearchParams }) {
  const { t } = useI18n();
  const fetcher = useFetcher<RaiseRefusal>();
  const hasAgency = Boolean(filters.get("agency"));
  return (
    <fetcher.Form method="post" action="/findings/raise" className="flex flex-wrap items-center gap-2" data-testid="raise-finding">
      {[...filters].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant="secondary" disabled={!hasAgency || fetcher.state !== "idle"}>
        {t("findings.raise.button")}
      </Button>
      {!hasAgency ? <span className="text-sm text-slate-600">{t("findings.raise.needsAgency")}</span> : null}
      {fetcher.data && !fetcher.data.ok ? <span className="text-sm text-red-700">{fetcher.data.message}</span> : null}
    </fetcher.Form>
  );
}

/** "Raise a finding from the ticked rows": the violations ticked in the grid (all of one agency) become the evidence. */
export function FindingRaiseSelectionButton({ ids }: { ids: readonly string[] }) {
  const { t, number } = useI18n();
  const fetcher = useFetcher<RaiseRefusal>();
  return (
    <fetcher.Form method="post" action="/findings/raise" className="flex flex-wrap items-center gap-2" data-testid="raise-finding-selection">
      <input type="hidden" name="intent" value="selection" />
      {ids.map((id) => (
        <input key={id} type="hidden" name="violationIds" value={id} />
      ))}
      <Button type="submit" variant="secondary" disabled={ids.length === 0 || fetcher.state !== "idle"}>
        {t("findingList.raise.selected", { count: number(ids.length) })}
      </Button>
      {ids.length === 0 ? <span className="text-sm text-slate-600">{t("findingList.raise.selectNone")}</span> : null}
      {fetcher.data && !fetcher.data.ok ? <span className="text-sm text-red-700">{fetcher.data.message}</span> : null}
    </fetcher.Form>
  );
}

/**
 * The agency and agent pages' "raise a finding": a rule among the period's violations (the rule's bar), optionally an
 * agent (outliers first) or the page's own agent, for the page's period. The new draft opens for compliance to check.
 */
export function FindingRaisePanel({
  agencyCode,
  period,
  rules,
  agents,
  agent,
}: {
  agencyCode: string;
  period: { from: string; to: string };
  rules: ViolationsByRule;
  /** The agency page: its agents, outliers first (any agent or none). */
  agents?: readonly Pick<AgentMetricsRow, "agentId" | "externalId" | "violationOutlier">[];
  /** The agent page: the agent the finding is raised against. */
  agent?: { id: number; externalId: string };
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const fetcher = useFetcher<RaiseRefusal>();
  const ruleCodes = [...new Set(rules.filter((row) => row.count > 0).map((row) => row.ruleCode))];
  const sortedAgents = [...(agents ?? [])].sort((left, right) => Number(right.violationOutlier) - Number(left.violationOutlier) || left.externalId.localeCompare(right.externalId));
  return (
    <Card title={t(agent ? "findingList.raise.agent" : "findingList.raise.panelTitle")}>
      <p className="-mt-2 mb-3 text-xs text-slate-500">{t("findingList.raise.panelHint")}</p>
      {ruleCodes.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="raise-finding-none">
          {t("findingList.raise.noViolations")}
        </p>
      ) : (
        <fetcher.Form method="post" action="/findings/raise" className="flex flex-wrap items-end gap-3" data-testid="raise-finding-panel">
          <input type="hidden" name="intent" value="rules" />
          <input type="hidden" name="agency" value={agencyCode} />
          <input type="hidden" name="from" value={period.from} />
          <input type="hidden" name="to" value={period.to} />
          {agent ? <input type="hidden" name="agentId" value={agent.id} /> : null}
          <label className="text-sm">
            <span className="block text-slate-600">{t("findingList.raise.agentRule")}</span>
            <select name="rule" className={inputClassName} data-testid="raise-finding-rule">
              {ruleCodes.map((code) => (
                <option key={code} value={code}>
                  {ruleName(code, t)}
                </option>
              ))}
            </select>
          </label>
          {agents && agents.length > 0 ? (
            <label className="text-sm">
              <span className="block text-slate-600">{t("findingList.col.agent")}</span>
              <select name="agentId" className={inputClassName} defaultValue="" data-testid="raise-finding-agent">
                <option value="">{t("findings.list.any")}</option>
                {sortedAgents.map((row) => (
                  <option key={row.agentId} value={row.agentId}>
                    {row.violationOutlier ? `${row.externalId} · ${t("findingList.raise.outlier")}` : row.externalId}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <span className="pb-2 text-sm text-slate-600">{t("findingList.raise.period", { from: i18n.date(period.from), to: i18n.date(period.to) })}</span>
          <Button type="submit" variant="secondary" disabled={fetcher.state !== "idle"}>
            {t(agent ? "findingList.raise.agent" : "findingList.raise.rule")}
          </Button>
          {fetcher.data && !fetcher.data.ok ? <span className="text-sm text-red-700">{fetcher.data.message}</span> : null}
        </fetcher.Form>
      )}
    </Card>
  );
}

/**
 * The reconciliation page's "raise a finding": the exceptions its filter shows (one agency, the month, the status) become
 * a DRAFT finding's evidence; the new draft (or the month's open one) opens.
 */
/** `exceptions`: how many exceptions the finding would take (the button stays disabled, saying why, when none). */
export function FindingRaiseReconciliationButton({ agencyCode, month, status, exceptions }: { agencyCode: string | null; month: string | null; status: string | null; exceptions: number }) {
  const { t } = useI18n();
  const fetcher = useFetcher<RaiseRefusal & { messageKey?: string | null }>();
  const ready = Boolean(agencyCode && month) && exceptions > 0;
  const refusal = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  return (
    <fetcher.Form method="post" action="/findings/raise" className="flex flex-wrap items-center gap-2" data-testid="raise-reconciliation-finding">
      <input type="hidden" name="intent" value="reconciliation" />
      <input type="hidden" name="agency" value={agencyCode ?? ""} />
      <input type="hidden" name="month" value={month ?? ""} />
      {status ? <input type="hidden" name="status" value={status} /> : null}
      <Button type="submit" variant="secondary" disabled={!ready || fetcher.state !== "idle"}>
        {t("reconciliation.raise.button")}
      </Button>
      {!agencyCode || !month ? <span className="text-sm text-slate-600">{t("reconciliation.raise.needsAgency")}</span> : null}
      {agencyCode && month && exceptions === 0 ? <span className="text-sm text-slate-600" data-testid="raise-reconciliation-none">{t("reconciliation.raise.none")}</span> : null}
      {refusal ? <span className="text-sm text-red-700">{refusal.messageKey === "reconciliation.raise.none" ? t("reconciliation.raise.none") : refusal.message}</span> : null}
    </fetcher.Form>
  );
}
