// What the agency page, the agencies grid and its export show of corroboration per agency (ADR 035).
import { ratio } from "~/metrics/metric-formulas";

export type ComplaintCheckFigures = {
  /** Complaints checked against the log (CORROBORATED, LOGGED_NO_VIOLATION or NO_MATCHING_LOG). */
  checked: number;
  noMatchingLog: number;
  /** noMatchingLog ÷ checked, null when none was checked. */
  noMatchingLogShare: number | null;
};

export const emptyComplaintCheckFigures: ComplaintCheckFigures = Object.freeze({ checked: 0, noMatchingLog: 0, noMatchingLogShare: null });

/**
 * The share is of complaints that could be checked: a complaint with no account or no mapped rule (NOT_CHECKABLE)
 * says nothing about the log either way, so counting it would dilute the signal.
 */
export function complaintCheckFigures(checked: number, noMatchingLog: number): ComplaintCheckFigures {
  return { checked, noMatchingLog, noMatchingLogShare: ratio(noMatchingLog, checked) };
}
