// The conduct gate: a grade earned by collecting must not hide misconduct. Above a rate of HIGH-severity violations
// per 1,000 outbound contacts, an agency's grade is capped (docs/METRICS.md, "Conduct gate"). Pure, so the one place
// grades are made (getAgencyScorecards) and its tests apply exactly the same rule.
import type { Grade } from "./metric-types";

export type ConductGate = {
  enabled: boolean;
  /** HIGH-severity violations per 1,000 outbound contacts above which the grade is capped. */
  highViolationsPer1000Contacts: number;
  /** The best grade an agency above the threshold can have. */
  capGrade: Grade;
};

/**
 * The default: capped at D above 5 HIGH violations per 1,000 contacts (one contact in 200). On the demo portfolio
 * the compliant and the average agencies stay at or below 2 (an occasional breach), while the ones that threaten,
 * disclose debts to relatives or keep calling wrong numbers run at 40 to 200: the gate catches a pattern, not an
 * accident.
 */
export const defaultConductGate: ConductGate = { enabled: true, highViolationsPer1000Contacts: 5, capGrade: "D" };

export const gradeOrder: readonly Grade[] = ["A", "B", "C", "D"];

/** What the gate did to one grade: the grade to show, and whether (and why) it was capped. */
export type ConductGateResult = { grade: Grade | null; capped: boolean; uncappedGrade: Grade | null; highViolationsPer1000Contacts: number | null };

/**
 * Caps `grade` at the gate's grade when the HIGH rate is strictly above the threshold. No grade stays no grade
 * (nothing to cap), and no outbound contact means no rate to judge: the grade stands.
 */
export function applyConductGate(grade: Grade | null, highViolationsPer1000Contacts: number | null, gate: ConductGate): ConductGateResult {
  const unchanged = { grade, capped: false, uncappedGrade: grade, highViolationsPer1000Contacts };
  if (!gate.enabled || grade === null || highViolationsPer1000Contacts === null) return unchanged;
  if (!(highViolationsPer1000Contacts > gate.highViolationsPer1000Contacts)) return unchanged;
  const worse = gradeOrder.indexOf(grade) >= gradeOrder.indexOf(gate.capGrade) ? grade : gate.capGrade;
  return { grade: worse, capped: worse !== grade, uncappedGrade: grade, highViolationsPer1000Contacts };
}
