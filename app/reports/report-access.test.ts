import { expect, test } from "vitest";
import type { Role } from "~/generated/prisma/enums";
import { canSeeReport, reportFileName, visibleReportsWhere } from "./report-access";

test.each<[Role, number | null, number | null, boolean, boolean]>([
  ["COMPLIANCE", null, null, false, true],
  ["COMPLIANCE", null, 3, true, true],
  ["ADMIN", null, null, false, true],
  ["VENDOR_MANAGER", null, null, false, false],
  ["VENDOR_MANAGER", null, null, true, true],
  ["EXECUTIVE", null, 3, false, false],
  ["EXECUTIVE", null, 3, true, true],
  ["AGENCY", 3, 3, true, true],
  ["AGENCY", 3, 3, false, false],
  ["AGENCY", 3, 4, true, false],
  ["AGENCY", 3, null, true, false],
  ["AGENCY", null, null, true, false],
])("%s of agency %s sees report of agency %s masked=%s: %s", (role, viewerAgency, reportAgency, masked, expected) => {
  expect(canSeeReport({ role, agencyId: viewerAgency }, { agencyId: reportAgency, masked })).toBe(expected);
});

test.each<[Role, number | null, object]>([
  ["COMPLIANCE", null, {}],
  ["VENDOR_MANAGER", null, { masked: true }],
  ["AGENCY", 7, { agencyId: 7, masked: true }],
])("%s lists reports where %j", (role, agencyId, expected) => {
  expect(visibleReportsWhere({ role, agencyId })).toEqual(expected);
});

test.each([
  [{ id: 12, periodMonth: "2026-10", agencyCode: null, status: "DRAFT" as const, masked: false }, "audit-2026-10-ALL-r12-draft.xlsx"],
  [{ id: 3, periodMonth: "2026-09", agencyCode: "BLITZ", status: "FINAL" as const, masked: true }, "audit-2026-09-BLITZ-r3-final-masked.xlsx"],
  [{ id: 4, periodMonth: "2026-09", agencyCode: "亲联/X", status: "FINAL" as const, masked: false }, "audit-2026-09-___X-r4-final.xlsx"],
])("%j is named %s", (report, expected) => {
  expect(reportFileName(report)).toBe(expected);
});
