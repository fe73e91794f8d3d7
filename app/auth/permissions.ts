import type { Role } from "~/generated/prisma/enums";

// The one place that decides who may do what. Guards, navigation and tests all read this table, so a
// permission added here is enforced and displayed consistently.
export const permissions = [
  "dashboard.view",
  "agencies.view",
  "cases.view",
  "violations.view",
  "violations.review",
  "complaints.view",
  "complaints.create",
  /** Work complaints: assign, ask the agency, close with an outcome, link violations, raise findings; edit the category → rule table. */
  "complaints.manage",
  /** Give the agency's account of a complaint and attach files (AGENCY users, their own agency's complaints). */
  "complaints.respond",
  "imports.view",
  "imports.upload",
  "reports.view",
  "reports.generate",
  "reports.finalize",
  "rulePacks.view",
  "rulePacks.edit",
  "settings.agencies",
  "settings.users",
  "settings.apiTokens",
  "settings.scorecard",
  "accessLog.view",
  "api.docs",
  /** See findings (AGENCY users: their own agency's, once issued). */
  "findings.view",
  /** Raise, issue, decide plans and contests, escalate, close and reopen findings. */
  "findings.manage",
  /** Answer findings: respond, propose a plan, mark actions done, contest violations, attach files (AGENCY users). */
  "findings.respond",
  /** Edit the automatic findings policy and the verification settings. */
  "findings.policy",
  /** Keep the agency register: profiles, licences, documents and status (everyone with agencies.view reads it). */
  "register.manage",
  /** The register's settings: the document types each country requires. */
  "register.settings",
  /** See evaluations (AGENCY users: their own agency's signed ones, without the lender's notes unless shared). */
  "evaluations.view",
  /** Start and edit evaluations; signing also needs the signer's role (a vendor manager and a compliance officer). */
  "evaluations.manage",
  /** Edit agencies' fee schedules (Settings → Fee schedules). */
  "settings.feeSchedules",
  /** See commission statements (AGENCY users: their own agency's). */
  "statements.view",
  /** Make, finalise and compare statements with the agencies' invoices. */
  "statements.manage",
  /** Upload invoice totals from a file to compare with the statements (AGENCY users: their own agency's invoices). */
  "statements.invoice",
  /** See the reconciliation of reported payments against the lender's ledger (AGENCY users: their own agency's). */
  "reconciliation.view",
  /** Set the retention period and set or clear legal holds (Settings → Retention, ADR 041). */
  "retention.manage",
] as const;

export type Permission = (typeof permissions)[number];

export const roles = ["ADMIN", "VENDOR_MANAGER", "COMPLIANCE", "EXECUTIVE", "AGENCY"] as const satisfies readonly Role[];

const grants: Record<Role, readonly Permission[]> = {
  ADMIN: permissions,
  VENDOR_MANAGER: [
    "dashboard.view",
    "agencies.view",
    "cases.view",
    "violations.view",
    "complaints.view",
    "complaints.create",
    "imports.view",
    "imports.upload",
    "reports.view",
    "rulePacks.view",
    "findings.view",
    "register.manage",
    "evaluations.view",
    "evaluations.manage",
    "settings.feeSchedules",
    "statements.view",
    "statements.manage",
    "statements.invoice",
    "reconciliation.view",
  ],
  COMPLIANCE: [
    "dashboard.view",
    "agencies.view",
    "cases.view",
    "violations.view",
    "violations.review",
    "complaints.view",
    "complaints.create",
    "complaints.manage",
    "imports.view",
    "imports.upload",
    "reports.view",
    "reports.generate",
    "reports.finalize",
    "rulePacks.view",
    "rulePacks.edit",
    "findings.view",
    "findings.manage",
    "findings.policy",
    "register.manage",
    "register.settings",
    "evaluations.view",
    "evaluations.manage",
    "statements.view",
    "reconciliation.view",
    "retention.manage",
  ],
  EXECUTIVE: ["dashboard.view", "agencies.view", "cases.view", "violations.view", "complaints.view", "reports.view", "findings.view", "evaluations.view", "statements.view", "reconciliation.view"],
  // Agency users see their own agency's data only; the scoping itself is enforced by requireAgencyAccess.
  // api.docs: the agency's own systems call the API, so its users read how (administrators issue the tokens).
  AGENCY: ["dashboard.view", "agencies.view", "cases.view", "violations.view", "complaints.view", "complaints.respond", "imports.view", "imports.upload", "reports.view", "api.docs", "findings.view", "findings.respond", "evaluations.view", "statements.view", "statements.invoice", "reconciliation.view"],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

/** Debtor names and phone numbers are shown in full only to these roles; everyone else sees them masked. */
export function canSeePersonalData(role: Role): boolean {
  return role === "ADMIN" || role === "COMPLIANCE";
}

/** Roles whose every view is limited to one agency. */
export function isAgencyScoped(role: Role): boolean {
  return role === "AGENCY";
}
