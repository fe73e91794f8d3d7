// Browser tab titles of pages whose heading says something else (or carries data the title leaves out).
export const pageTitlesEn = {
  "pageTitle.agency": "Agency",
  "pageTitle.case": "Case",
  "pageTitle.newComplaint": "New complaint",
  "pageTitle.apiDocs": "API",
  "pageTitle.importBatch": "#{id} Imports",
  "pageTitle.report": "#{id} Reports",
  "pageTitle.rulePack": "{code} · Rules",
  "pageTitle.rulePackDraft": "{code} draft · Rules",
  "pageTitle.settingsAgencies": "Agencies · Settings",
} as const;
