import { useI18n } from "~/i18n/i18n-context";
import { metricDefinitions } from "~/metrics/definitions";
import type { MetricKey } from "~/metrics/metric-types";

/** Notes for what a definition alone leaves puzzling on a page. */
const noteKeys = { recoveryPeriod: "kpiHelp.recoveryPeriod", agentBasis: "kpiHelp.agentBasis" } as const;
export type DefinitionNote = keyof typeof noteKeys;

/** Figures defined outside the metric table (docs/METRICS.md's scorecard and recovery index sections). */
const scorecardTerms = { recoveryIndex: ["metrics.recoveryIndex.name", "metrics.recoveryIndex.definition"], grade: ["metrics.grade.name", "metrics.grade.definition"] } as const;

/**
 * "How these figures are computed": the definition of every figure the page shows (the same texts as the tiles'
 * hover, from definitions.ts and the i18n messages, which follow docs/METRICS.md), and the page's notes.
 */
export function MetricDefinitionsSection({
  metrics,
  terms = [],
  notes = [],
  children,
}: {
  metrics: readonly MetricKey[];
  terms?: readonly (keyof typeof scorecardTerms)[];
  notes?: readonly DefinitionNote[];
  children?: React.ReactNode;
}) {
  const { t } = useI18n();
  const unique = [...new Set(metrics)];
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="metric-definitions">
      <summary className="cursor-pointer text-base font-semibold text-slate-800">{t("kpiHelp.title")}</summary>
      <p className="mt-3 text-xs text-slate-500">{t("kpiHelp.intro")}</p>
      {notes.map((note) => (
        <p key={note} className="mt-3 text-sm text-slate-700" data-testid={`definition-note-${note}`}>
          {t(noteKeys[note])}
        </p>
      ))}
      <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm md:grid-cols-2">
        {unique.map((metric) => (
          <div key={metric} data-testid={`definition-${metric}`}>
            <dt className="font-medium text-slate-800">{t(metricDefinitions[metric].nameKey)}</dt>
            <dd className="text-slate-600">{t(metricDefinitions[metric].definitionKey)}</dd>
          </div>
        ))}
        {terms.map((term) => (
          <div key={term} data-testid={`definition-${term}`}>
            <dt className="font-medium text-slate-800">{t(scorecardTerms[term][0])}</dt>
            <dd className="text-slate-600">{t(scorecardTerms[term][1])}</dd>
          </div>
        ))}
      </dl>
      {children}
    </details>
  );
}
