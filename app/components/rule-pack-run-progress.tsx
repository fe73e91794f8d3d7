import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { RuleEvaluationRunSummary } from "~/rules/rule-evaluation-runs.server";
import { useI18n } from "~/i18n/i18n-context";
import { Alert, Badge } from "./ui";

const POLL_MS = 1000;

export function runStateTone(state: RuleEvaluationRunSummary["state"]): "neutral" | "good" | "bad" | "warn" {
  return state === "SUCCEEDED" ? "good" : state === "FAILED" ? "bad" : "warn";
}

/** A full re-evaluation's progress; polls its JSON resource while the run is queued or running. */
export function RulePackRunProgress({ run: initial }: { run: RuleEvaluationRunSummary }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fetcher = useFetcher<{ run: RuleEvaluationRunSummary }>();
  const fetched = fetcher.data?.run;
  const run = fetched && fetched.id === initial.id ? fetched : initial;
  const active = run.state === "QUEUED" || run.state === "RUNNING";

  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (fetcher.state === "idle" && document.visibilityState === "visible") fetcher.load(`/rules/runs/${run.id}`);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [active, fetcher, run.id]);

  const ratio = run.state === "SUCCEEDED" ? 1 : run.totalCustomers > 0 ? Math.min(1, run.processedCustomers / run.totalCustomers) : 0;
  return (
    <div className="space-y-3" data-testid="rule-run" data-state={run.state}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium text-slate-800">{t("rulePacks.run.title", { id: run.id })}</span>
        <span data-testid="rule-run-state">
          <Badge tone={runStateTone(run.state)}>{t(`rulePacks.run.state.${run.state}`)}</Badge>
        </span>
        <span className="text-slate-500">{run.reason}</span>
      </div>
      <div
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
        role="progressbar"
        aria-label={t("rulePacks.run.progress")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(ratio * 100)}
      >
        <div className={`h-full ${run.state === "FAILED" ? "bg-red-500" : "bg-brand-600"} transition-all`} style={{ width: `${ratio * 100}%` }} />
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-4">
        <dt className="text-slate-500">{t("rulePacks.run.customers")}</dt>
        <dd className="tabular-nums" data-testid="rule-run-customers">
          {i18n.number(run.processedCustomers)} / {i18n.number(run.totalCustomers)}
        </dd>
        <dt className="text-slate-500">{t("rulePacks.run.violations")}</dt>
        <dd className="tabular-nums" data-testid="rule-run-violations">
          {run.state === "SUCCEEDED" ? i18n.number(run.violationsFound) : t("common.none")}
        </dd>
        <dt className="text-slate-500">{t("rulePacks.run.requested")}</dt>
        <dd>
          {i18n.dateTime(run.createdAt)}
          {run.requestedByName ? ` · ${run.requestedByName}` : ""}
        </dd>
        <dt className="text-slate-500">{t("rulePacks.run.finished")}</dt>
        <dd>{run.finishedAt ? i18n.dateTime(run.finishedAt) : t("common.none")}</dd>
      </dl>
      {run.errorMessage ? <Alert tone={run.state === "FAILED" ? "error" : "warning"}>{run.errorMessage}</Alert> : null}
    </div>
  );
}
