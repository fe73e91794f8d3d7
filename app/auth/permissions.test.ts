import { expect, test } from "vitest";
import { can, canSeePersonalData, isAgencyScoped, permissions, roles } from "./permissions";

test("administrators hold every permission", () => {
  for (const permission of permissions) expect(can("ADMIN", permission)).toBe(true);
});

test.each([
  ["COMPLIANCE", "violations.review", true],
  ["VENDOR_MANAGER", "violations.review", false],
  ["EXECUTIVE", "violations.review", false],
  ["AGENCY", "violations.review", false],
  ["COMPLIANCE", "reports.finalize", true],
  ["VENDOR_MANAGER", "reports.finalize", false],
  ["EXECUTIVE", "imports.upload", false],
  ["AGENCY", "imports.upload", true],
  ["COMPLIANCE", "rulePacks.edit", true],
  ["VENDOR_MANAGER", "rulePacks.edit", false],
  ["VENDOR_MANAGER", "settings.users", false],
  ["AGENCY", "accessLog.view", false],
  ["ADMIN", "settings.scorecard", true],
  ["VENDOR_MANAGER", "settings.scorecard", false],
  ["COMPLIANCE", "settings.scorecard", false],
  ["EXECUTIVE", "settings.scorecard", false],
  ["AGENCY", "settings.scorecard", false],
  ["AGENCY", "api.docs", true],
  ["VENDOR_MANAGER", "api.docs", false],
  ["COMPLIANCE", "api.docs", false],
  ["EXECUTIVE", "api.docs", false],
  ["COMPLIANCE", "findings.manage", true],
  ["COMPLIANCE", "findings.policy", true],
  ["COMPLIANCE", "findings.respond", false],
  ["VENDOR_MANAGER", "findings.view", true],
  ["VENDOR_MANAGER", "findings.manage", false],
  ["EXECUTIVE", "findings.view", true],
  ["EXECUTIVE", "findings.manage", false],
  ["AGENCY", "findings.view", true],
  ["AGENCY", "findings.respond", true],
  ["AGENCY", "findings.manage", false],
  ["AGENCY", "findings.policy", false],
] as const)("%s may %s: %s", (role, permission, expected) => {
  expect(can(role, permission)).toBe(expected);
});

test.each(roles.map((role) => [role, role === "ADMIN" || role === "COMPLIANCE", role === "AGENCY"] as const))(
  "%s: personal data %s, agency scoped %s",
  (role, seesPersonalData, scoped) => {
    expect(canSeePersonalData(role)).toBe(seesPersonalData);
    expect(isAgencyScoped(role)).toBe(scoped);
  },
);
