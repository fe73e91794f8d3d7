import type { Role } from "~/generated/prisma/enums";
import { can, type Permission } from "~/auth/permissions";
import type { MessageKey } from "~/i18n/messages.en";

export type NavigationItem = { to: string; labelKey: MessageKey; permission: Permission };

// The header holds one row at 1440 px (test/e2e/header.spec.ts): Data health, reconciliation, statements and the
// due-for-recall list open from the dashboard's links (dashboardLinksFor), the data-health tile and the agency page.
const navigation: NavigationItem[] = [
  { to: "/", labelKey: "nav.dashboard", permission: "dashboard.view" },
  { to: "/agencies", labelKey: "nav.agencies", permission: "agencies.view" },
  { to: "/cases", labelKey: "nav.cases", permission: "cases.view" },
  { to: "/violations", labelKey: "nav.violations", permission: "violations.view" },
  { to: "/complaints", labelKey: "nav.complaints", permission: "complaints.view" },
  { to: "/findings", labelKey: "nav.findings", permission: "findings.view" },
  { to: "/evaluations", labelKey: "nav.evaluations", permission: "evaluations.view" },
  { to: "/imports", labelKey: "nav.imports", permission: "imports.view" },
  { to: "/reports", labelKey: "nav.reports", permission: "reports.view" },
  { to: "/rules", labelKey: "nav.rules", permission: "rulePacks.view" },
  // Everyone has Settings for their own preferences; what is inside depends on the role.
  { to: "/settings", labelKey: "nav.settings", permission: "dashboard.view" },
];

export function navigationFor(role: Role): NavigationItem[] {
  return navigation.filter((item) => can(role, item.permission));
}

/** The dashboard's links to the pages kept out of the header: money and data completeness. */
const dashboardLinks: NavigationItem[] = [
  { to: "/reconciliation", labelKey: "nav.reconciliation", permission: "reconciliation.view" },
  { to: "/statements", labelKey: "nav.statements", permission: "statements.view" },
  { to: "/recalls", labelKey: "nav.recalls", permission: "cases.view" },
  { to: "/data-health", labelKey: "nav.dataHealth", permission: "agencies.view" },
];

export function dashboardLinksFor(role: Role): NavigationItem[] {
  return dashboardLinks.filter((item) => can(role, item.permission));
}
