import { expect, test } from "vitest";
import { describeIssue } from "~/i18n/validation";
import { agencyInputSchema } from "./agency-input";

const valid = { code: "acme-1", name: "Acme 催收", timeZone: "Asia/Shanghai", commissionRate: "0.18", active: true };

test("a valid agency is normalised (upper-case code, empty dates dropped)", () => {
  expect(agencyInputSchema.parse({ ...valid, contractStart: "", contractEnd: "2027-01-31" })).toEqual({
    code: "ACME-1",
    name: "Acme 催收",
    timeZone: "Asia/Shanghai",
    commissionRate: "0.18",
    contractStart: undefined,
    contractEnd: "2027-01-31",
    active: true,
  });
});

test.each([
  [{ code: "A" }, "code", "validation.agencyCode"],
  [{ code: "AC ME" }, "code", "validation.agencyCode"],
  [{ name: "" }, "name", "validation.required"],
  [{ timeZone: "Mars/Olympus" }, "timeZone", "validation.timeZone"],
  [{ commissionRate: "18%" }, "commissionRate", "validation.commissionRate"],
  [{ commissionRate: "1.5" }, "commissionRate", "validation.commissionRate"],
  [{ contractStart: "2026-02-30" }, "contractStart", "validation.date"],
  [{ contractStart: "2027-01-01", contractEnd: "2026-01-01" }, "contractEnd", "validation.contractEndBeforeStart"],
])("%o is rejected on %s with %s", (change, field, key) => {
  const result = agencyInputSchema.safeParse({ ...valid, ...change });
  expect(result.success).toBe(false);
  if (result.success) return;
  const issue = result.error.issues.find((candidate) => candidate.path[0] === field);
  expect(issue).toBeDefined();
  if (issue) expect(describeIssue(issue).key).toBe(key);
});
