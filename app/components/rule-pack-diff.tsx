import type { RulePackChange } from "~/rules/rule-pack-form";
import { useI18n } from "~/i18n/i18n-context";
import { formatParameterValue, useRuleName } from "./rule-pack-labels";
import { SimpleTable } from "./ui";

/** The parameters that differ between two versions; lists of terms show what was added and removed. */
export function RulePackDiff({ changes }: { changes: readonly RulePackChange[] }) {
  const { t } = useI18n();
  const ruleName = useRuleName();
  if (changes.length === 0) return <p className="text-sm text-slate-600" data-testid="diff-none">{t("rulePacks.diff.none")}</p>;
  const none = t("common.none");
  return (
    <div data-testid="rule-pack-diff">
      <SimpleTable
        rowKey={(change) => `${change.ruleCode}.${change.parameter ?? ""}`}
        rows={[...changes]}
        columns={[
          { header: t("rulePacks.rule"), cell: (change) => ruleName(change.ruleCode) },
          { header: t("rulePacks.parameter"), cell: (change) => <code className="text-xs">{change.parameter ?? t("rulePacks.diff.wholeRule")}</code> },
          {
            header: t("rulePacks.diff.before"),
            cell: (change) =>
              change.removed ? <span className="text-red-700">{change.removed.length > 0 ? `− ${change.removed.join(", ")}` : none}</span> : <span className="break-all">{formatParameterValue(change.before, none)}</span>,
          },
          {
            header: t("rulePacks.diff.after"),
            cell: (change) =>
              change.added ? <span className="text-emerald-700">{change.added.length > 0 ? `+ ${change.added.join(", ")}` : none}</span> : <span className="break-all">{formatParameterValue(change.after, none)}</span>,
          },
        ]}
      />
    </div>
  );
}
