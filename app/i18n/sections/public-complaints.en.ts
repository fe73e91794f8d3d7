// The agency page's complaint figures and its public complaint history (the CFPB's database, ADR 035).
export const publicComplaintsEn = {
  "publicComplaints.title": "Public complaint history (CFPB)",
  "publicComplaints.hint": "Complaints against the agency in the regulator's public database, imported with the CFPB layout. Kept apart from your own complaints: they never count per 1,000 accounts.",
  "publicComplaints.none": "No public complaints imported for this agency (Imports → Complaints, layout CFPB; the agency's aliases match the company names).",
  "publicComplaints.total": "Public complaints (CFPB)",
  "publicComplaints.reliefShare": "Closed with relief",
  "publicComplaints.untimelyShare": "Answered late",
  "publicComplaints.topIssues": "Most frequent issues",
  "publicComplaints.byMonth": "By month received",
  "publicComplaints.byIssue": "By issue",
  "publicComplaints.month": "Month",
  "publicComplaints.issue": "Issue",
  "publicComplaints.count": "Complaints",
  "publicComplaints.shareOf": "{share} of {count}",
  "complaintFigures.title": "Complaints in the period",
  "complaintFigures.noMatchingLogNone": "No complaint of the period could be checked against the log.",
} as const;
