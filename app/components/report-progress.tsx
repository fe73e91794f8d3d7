import type { JobState } from "~/generated/prisma/enums";
import { useI18n } from "~/i18n/i18n-context";

/** The generation progress of a report (0-100 from the job), as a determinate bar. */
export function ReportProgress({ jobState, progress }: { jobState: JobState; progress: number }) {
  const i18n = useI18n();
  const label = `${i18n.tEnum("jobState", jobState)} · ${i18n.percent(progress / 100, 0)}`;
  return (
    <div data-testid="report-progress">
      <div className="flex items-baseline justify-between text-sm">
        <span className="font-medium text-slate-800">{i18n.t("reports.detail.jobState")}</span>
        <span className="tabular-nums text-slate-600">{label}</span>
      </div>
      <div
        role="progressbar"
        aria-label={i18n.t("reports.list.progress")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
        aria-valuetext={label}
        className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-700" style={{ width: `${Math.max(2, progress)}%` }} />
      </div>
    </div>
  );
}
