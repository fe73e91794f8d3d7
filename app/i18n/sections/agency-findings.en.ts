// Findings where agencies are compared and graded: the agencies grid and its export, the agency page's panel, the
// agencies-at-risk panel and the scorecard weight of escalated findings ("agencyFindings.…").
export const agencyFindingsEn = {
  "agencyFindings.open": "Open findings",
  "agencyFindings.openHint": "Findings issued to the agency and not closed.",
  "agencyFindings.overdue": "Overdue findings",
  "agencyFindings.overdueHint": "Open findings whose answer or an accepted plan's action is past its due day.",
  "agencyFindings.escalated": "Escalated findings",
  "agencyFindings.escalatedHint": "Findings escalated for an overdue answer, late actions, no improvement or by compliance; each takes points off the grade.",
  "agencyFindings.repeats": "Repeat findings",
  "agencyFindings.repeatsHint": "Open findings repeating one for the same rule within 12 months.",
  "agencyFindings.medianDaysToClose": "Median days to close",
  "agencyFindings.medianDaysToCloseHint": "Median reporting days from issue to close of the agency's closed findings.",
  "agencyFindings.panelTitle": "Findings",
  "agencyFindings.viewAll": "All findings of this agency",
  "agencyFindings.noneIssued": "No finding has been issued to this agency.",
  "agencyFindings.escalatedBadge": "{count} escalated",
  "agencyFindings.weight": "Escalated findings (points off per finding)",
  "agencyFindings.weightHint": "Taken off the weighted total for each escalated finding the agency has open (0 to 100; 0 ignores escalations). Without escalations grades are unchanged.",
  "agencyFindings.weightInvalid": "Enter the points per escalated finding as a number from 0 to 100.",
  "agencyFindings.gradePenalty": "{points} points off for escalated findings",
} as const;
