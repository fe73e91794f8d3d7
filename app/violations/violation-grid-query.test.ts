import { expect, test } from "vitest";
import { likePrefix } from "~/grid/grid-query";
import { parseSort, parseViolationFilters, violationBlockSchema, violationOrderBy, violationWhere } from "./violation-grid-query";

test.each<[string, Record<string, string>, { agencyClauses: string[]; violationClauses: string[]; values: unknown[] }]>([
  ["no filters, no scope", {}, { agencyClauses: [], violationClauses: [], values: [] }],
  [
    "rule, severity and status",
    { rule: "CONTACT_HOURS", severity: "HIGH", status: "OPEN" },
    {
      agencyClauses: [],
      violationClauses: [`v."ruleCode" = $1`, `v.severity = $2::"Severity"`, `v.status = $3::"ViolationStatus"`],
      values: ["CONTACT_HOURS", "HIGH", "OPEN"],
    },
  ],
  [
    "agency code upper-cased, days in the reporting zone",
    { agency: "acme", from: "2026-04-01", to: "2026-04-30" },
    {
      agencyClauses: [`a.code = $1`],
      violationClauses: [
        `v."occurredAt" >= ($3::date::timestamp AT TIME ZONE $2::text)`,
        `v."occurredAt" < (($4::date + 1)::timestamp AT TIME ZONE $2::text)`,
      ],
      values: ["ACME", "Asia/Shanghai", "2026-04-01", "2026-04-30"],
    },
  ],
  [
    "counted statuses and the violation's segment",
    { status: "COUNTED", product: "LOAN", dpd: "90-179" },
    {
      agencyClauses: [],
      violationClauses: [
        `v.status <> 'DISMISSED'`,
        `EXISTS (SELECT 1 FROM "MetricAccountDay" f WHERE f."accountId" = v."accountId" AND f."agencyId" = v."agencyId" AND f."agentId" = coalesce(v."agentId", 0)
         AND f.day = (v."occurredAt" AT TIME ZONE $1::text)::date AND f.product = $2 AND f."dpdBucket" = $3)`,
      ],
      values: ["Asia/Shanghai", "LOAN", "90-179"],
    },
  ],
  [
    "agent and account search are bound, wildcards escaped",
    { agent: " A001 ", account: "AC_1%" },
    {
      agencyClauses: [],
      violationClauses: [
        `v."agentId" IN (SELECT g.id FROM "Agent" g WHERE g."agencyId" = a.id AND g."externalId" = $1)`,
        `v."accountId" IN (SELECT c.id FROM "Account" c WHERE c."accountNumber" LIKE $2)`,
      ],
      values: ["A001", "AC\\_1\\%%"],
    },
  ],
  ["empty values are no filter", { rule: "", severity: "", agent: "  ", from: "" }, { agencyClauses: [], violationClauses: [], values: [] }],
])("filters: %s", (_name, params, expected) => {
  const parsed = parseViolationFilters(new URLSearchParams(params));
  expect(parsed.success).toBe(true);
  expect(violationWhere(parsed.data!, { timeZone: "Asia/Shanghai" })).toEqual(expected);
});

test("an agency scope comes first and is always applied", () => {
  const parsed = parseViolationFilters(new URLSearchParams({ agency: "OTHER" }));
  expect(violationWhere(parsed.data!, { agencyId: 7, timeZone: "Asia/Shanghai" })).toEqual({ agencyClauses: [`a.id = $1::int`, `a.code = $2`], violationClauses: [], values: [7, "OTHER"] });
});

test.each([
  ["severity", "EXTREME"],
  ["status", "MAYBE"],
  ["rule", "contact hours; drop table"],
  ["agency", "A'--"],
  ["from", "2026-02-30"],
  ["to", "01/04/2026"],
])("rejects %s=%s", (name, value) => {
  const parsed = parseViolationFilters(new URLSearchParams({ [name]: value }));
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues[0]?.path).toEqual([name]);
});

test.each<[string | undefined, string]>([
  [undefined, `v."occurredAt" DESC, v.id DESC`],
  ["occurredAt:asc", `v."occurredAt" ASC, v.id ASC`],
  ["severity:desc", `v.severity DESC NULLS LAST, v."occurredAt" DESC, v.id DESC`],
  ["agencyCode:asc", `a.code ASC NULLS FIRST, v."occurredAt" DESC, v.id DESC`],
  ["accountNumber:desc", `acc."accountNumber" DESC NULLS LAST, v."occurredAt" DESC, v.id DESC`],
  ["password:asc", `v."occurredAt" DESC, v.id DESC`],
  ["severity:sideways", `v."occurredAt" DESC, v.id DESC`],
])("sort %s → %s", (sort, expected) => {
  expect(violationOrderBy(parseSort(sort))).toBe(expected);
});

test.each<[Record<string, string>, boolean]>([
  [{ startRow: "0", endRow: "100" }, true],
  [{ startRow: "100", endRow: "200", sort: "ruleCode:asc" }, true],
  [{ startRow: "0", endRow: "501" }, false],
  [{ startRow: "10", endRow: "10" }, false],
  [{ startRow: "-1", endRow: "10" }, false],
  [{ startRow: "0", endRow: "10", sort: "explanation:asc" }, false],
  [{ startRow: "0", endRow: "10", sort: "occurredAt; DROP TABLE" }, false],
  [{ startRow: "100", endRow: "200", after: "2026-03-01T14:10:00.000Z,1234" }, true],
  [{ startRow: "100", endRow: "200", after: "2026-03-01,1234" }, false],
  [{ startRow: "100", endRow: "200", after: "2026-03-01T14:10:00.000Z,1 OR 1=1" }, false],
])("block %o valid: %s", (params, valid) => {
  expect(violationBlockSchema.safeParse(params).success).toBe(valid);
});

test("likePrefix escapes LIKE's wildcards and its escape character", () => {
  expect(likePrefix("a\\b_c%")).toBe("a\\\\b\\_c\\%%");
});
