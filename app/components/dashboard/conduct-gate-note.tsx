import { useI18n, type I18n } from "~/i18n/i18n-context";
import type { ConductGate } from "~/metrics/conduct-gate";
import type { AgencyScorecard } from "~/metrics/metric-types";

/** "Capped by the conduct gate: 73.4 HIGH per 1,000 contacts > 5" beside a capped grade; nothing otherwise. */
export function ConductGateNote({ scorecard }: { scorecard: Pick<AgencyScorecard, "conductGate"> }) {
  const i18n = useI18n();
  if (!scorecard.conductGate) return null;
  return (
    <span className="text-xs text-red-700" data-testid="conduct-gate-capped">
      {conductGateExplanation(i18n, scorecard.conductGate)}
    </span>
  );
}

export function conductGateExplanation(i18n: I18n, capped: NonNullable<AgencyScorecard["conductGate"]>): string {
  return i18n.t("conductGate.cappedBy", {
    rate: i18n.number(capped.highViolationsPer1000Contacts, 1),
    threshold: i18n.number(capped.threshold, 1),
    grade: capped.uncappedGrade,
  });
}

/** The gate as it stands, shown with the weights wherever grades are. */
export function ConductGateLegend({ gate }: { gate: ConductGate }) {
  const i18n = useI18n();
  return (
    <p className="text-xs text-slate-600" data-testid="conduct-gate-legend">
      {gate.enabled
        ? i18n.t("conductGate.legend", {
            threshold: i18n.number(gate.highViolationsPer1000Contacts, 1),
            grade: gate.capGrade,
          })
        : i18n.t("conductGate.legendOff")}
    </p>
  );
}
