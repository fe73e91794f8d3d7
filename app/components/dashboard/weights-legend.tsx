import { Link } from "@remix-run/react";
import { weightsAsPercentages } from "~/dashboard/scorecard-table";
import { useI18n } from "~/i18n/i18n-context";
import type { ScorecardWeights } from "~/metrics/metric-types";

/** How the grade is made, shown next to every grade; admins get a link to change it. */
export function WeightsLegend({ weights, canEdit }: { weights: ScorecardWeights; canEdit: boolean }) {
  const i18n = useI18n();
  const shares = weightsAsPercentages(weights);
  return (
    <p className="text-xs text-slate-600" data-testid="weights-legend">
      {i18n.t("agencies.weightsLegend", { recoveryIndex: i18n.number(shares.recoveryIndex, 0), violations: i18n.number(shares.violations, 0), complaints: i18n.number(shares.complaints, 0) })}
      {canEdit ? (
        <>
          {" · "}
          <Link to="/settings/scorecard" className="text-brand-600 hover:underline">
            {i18n.t("agencies.editWeights")}
          </Link>
        </>
      ) : null}
    </p>
  );
}
