import { Link } from "@remix-run/react";
import { weightsAsPercentages } from "~/dashboard/scorecard-table";
import { useI18n } from "~/i18n/i18n-context";
import type { ConductGate } from "~/metrics/conduct-gate";
import type { ScorecardWeights } from "~/metrics/metric-types";
import { ConductGateLegend } from "./conduct-gate-note";

/** How the grade is made (the weights and the conduct gate), shown next to every grade; admins get a link to change it. */
export function WeightsLegend({ weights, gate, canEdit }: { weights: ScorecardWeights; gate?: ConductGate; canEdit: boolean }) {
  const i18n = useI18n();
  const shares = weightsAsPercentages(weights);
  return (
    <div>
      <p className="text-xs text-slate-600" data-testid="weights-legend">
        {i18n.t("agencies.weightsLegend", {
          recoveryIndex: i18n.number(shares.recoveryIndex, 0),
          violations: i18n.number(shares.violations, 0),
          complaints: i18n.number(shares.complaints, 0),
          upheldComplaints: i18n.number(shares.upheldComplaints, 0),
        })}
        {canEdit ? (
          <>
            {" · "}
            <Link to="/settings/scorecard" className="text-brand-600 hover:underline">
              {i18n.t("agencies.editWeights")}
            </Link>
          </>
        ) : null}
      </p>
      {gate ? <ConductGateLegend gate={gate} /> : null}
    </div>
  );
}
