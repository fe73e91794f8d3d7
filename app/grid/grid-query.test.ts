import { expect, test } from "vitest";
import { z } from "zod";
import { toGridBlock } from "./count-capped.server";
import { blockParams, blockSchema, gridFilter, gridFilterQuery, parseGridFilters, parseGridSort } from "./grid-query";

const columns = { receivedAt: `c."receivedAt"`, status: `c.status` } as const;
const schema = blockSchema(columns);

test.each<[string, Record<string, string>, boolean]>([
  ["a first block", { startRow: "0", endRow: "100" }, true],
  ["a whitelisted sort", { startRow: "100", endRow: "200", sort: "status:asc" }, true],
  ["an empty sort is none", { startRow: "0", endRow: "100", sort: "" }, true],
  ["a column outside the whitelist", { startRow: "0", endRow: "100", sort: "password:asc" }, false],
  ["SQL in the direction", { startRow: "0", endRow: "100", sort: "status:asc;drop" }, false],
  ["more than one block", { startRow: "0", endRow: "501" }, false],
  ["an empty block", { startRow: "100", endRow: "100" }, false],
  ["a negative start", { startRow: "-1", endRow: "99" }, false],
])("block: %s", (_name, params, valid) => {
  expect(schema.safeParse(blockParams(new URLSearchParams(params))).success).toBe(valid);
});

test("a grid's own block parameters are parsed with the common ones", () => {
  const withCursor = blockSchema(columns, { after: z.string().regex(/^\d+$/).optional() });
  expect(withCursor.safeParse(blockParams(new URLSearchParams({ startRow: "0", endRow: "10", after: "42" }), ["after"])).data).toEqual({ startRow: 0, endRow: 10, after: "42" });
  expect(withCursor.safeParse(blockParams(new URLSearchParams({ startRow: "0", endRow: "10", after: "x" }), ["after"])).success).toBe(false);
});

test.each<[string | undefined, { column: string; direction: string }]>([
  [undefined, { column: "receivedAt", direction: "desc" }],
  ["status:asc", { column: "status", direction: "asc" }],
  ["status:sideways", { column: "receivedAt", direction: "desc" }],
  ["nope:asc", { column: "receivedAt", direction: "desc" }],
])("sort %s", (value, expected) => {
  expect(parseGridSort(value, columns, { column: "receivedAt", direction: "desc" })).toEqual(expected);
});

test("filters: blanks are no filter, invalid values are reported, the query keeps only the grid's filters", () => {
  const filters = z.object({ from: gridFilter.day(), agency: gridFilter.agencyCode(), dpd: gridFilter.dpdBucket() });
  const names = ["from", "agency", "dpd"] as const;
  expect(parseGridFilters(filters, names, new URLSearchParams({ from: " ", agency: "ACME", dpd: "90-179" })).data).toEqual({ from: undefined, agency: "ACME", dpd: "90-179" });
  expect(parseGridFilters(filters, names, new URLSearchParams({ from: "2026-02-30" })).success).toBe(false);
  expect(parseGridFilters(filters, names, new URLSearchParams({ dpd: "1-2" })).success).toBe(false);
  expect(gridFilterQuery(new URLSearchParams({ agency: "ACME", from: "", startRow: "0" }), names)).toBe("agency=ACME");
});

test.each<[string, number, number, number | null, { total: number | null; countCapped: boolean; lastRow: number | null }]>([
  ["a short first block ends the grid", 0, 3, 3, { total: 3, countCapped: false, lastRow: 3 }],
  ["a full first block with an exact count", 0, 100, 250, { total: 250, countCapped: false, lastRow: 250 }],
  ["past the cap: a lower bound, the end unknown", 0, 100, 100_001, { total: 100_000, countCapped: true, lastRow: null }],
  ["a later full block: no count, no end", 100, 100, null, { total: null, countCapped: false, lastRow: null }],
  ["a later short block ends the grid", 200, 40, null, { total: null, countCapped: false, lastRow: 240 }],
])("block result: %s", (_name, startRow, rows, total, expected) => {
  const block = toGridBlock(Array.from({ length: rows }, (_, index) => index), { startRow, endRow: startRow + 100 }, total);
  expect({ total: block.total, countCapped: block.countCapped, lastRow: block.lastRow }).toEqual(expected);
});
