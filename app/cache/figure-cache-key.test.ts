import { describe, expect, test } from "vitest";
import { figureCacheKey } from "./figure-cache-key";

describe("figureCacheKey", () => {
  test.each([
    ["the same fields in another order", { from: "2026-01-01", to: "2026-06-30", agencyIds: [3, 1] }, { agencyIds: [1, 3], to: "2026-06-30", from: "2026-01-01" }],
    ["a field that is undefined and one that is absent", { from: "2026-01-01", to: "2026-06-30", product: undefined }, { from: "2026-01-01", to: "2026-06-30" }],
    ["nested objects with keys in another order", { filters: { to: "b", from: "a" }, day: "2026-12-05" }, { day: "2026-12-05", filters: { from: "a", to: "b" } }],
  ])("%s share a key", (_what, left, right) => {
    expect(figureCacheKey("lender", left)).toEqual(figureCacheKey("lender", right));
  });

  test.each([
    ["another period", { from: "2026-01-01", to: "2026-06-30" }, { from: "2026-01-01", to: "2026-07-31" }],
    ["another agency", { from: "2026-01-01", to: "2026-06-30", agencyIds: [1] }, { from: "2026-01-01", to: "2026-06-30", agencyIds: [2] }],
    ["one agency more", { from: "2026-01-01", to: "2026-06-30", agencyIds: [1] }, { from: "2026-01-01", to: "2026-06-30", agencyIds: [1, 2] }],
    ["all agencies and one", { from: "2026-01-01", to: "2026-06-30" }, { from: "2026-01-01", to: "2026-06-30", agencyIds: [1] }],
    ["a segment filter", { from: "2026-01-01", to: "2026-06-30" }, { from: "2026-01-01", to: "2026-06-30", dpdBucket: "DPD_31_60" }],
    ["a number and its text", { agentId: 7 }, { agentId: "7" }],
    ["another reporting day", { filters: { from: "a" }, day: "2026-12-05" }, { filters: { from: "a" }, day: "2026-12-06" }],
  ])("%s never share a key", (_what, left, right) => {
    expect(figureCacheKey("lender", left).filterKey).not.toBe(figureCacheKey("lender", right).filterKey);
  });

  test("an agency's scope is its own, apart from the lender's and from any other agency's", () => {
    const filters = { from: "2026-01-01", to: "2026-06-30", agencyIds: [4] };
    const scopes = new Set([figureCacheKey("lender", filters).scope, figureCacheKey({ agencyId: 4 }, filters).scope, figureCacheKey({ agencyId: 5 }, filters).scope]);
    expect(scopes.size).toBe(3);
    expect(() => figureCacheKey({ agencyId: Number.NaN }, filters)).toThrow();
  });
});
