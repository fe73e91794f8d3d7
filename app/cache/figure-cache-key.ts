// The key of a cached page's figures (ADR 040): who may see them and what was asked for, written so that two
// different filters never share a key and the same filter written in another order always does.

/** The lender's staff see every agency; an AGENCY user's figures are their agency's alone and keyed apart. */
export type FigureScope = "lender" | { agencyId: number };

/** Plain values in a fixed order: object keys sorted, sets of ids or codes sorted, undefined fields left out. */
export function normaliseFilter(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normaliseFilter);
    const primitives = items.every((item) => typeof item === "number" || typeof item === "string");
    return primitives ? [...new Set(items as (number | string)[])].sort((left, right) => (String(left) < String(right) ? -1 : String(left) > String(right) ? 1 : 0)) : items;
  }
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return Object.fromEntries(entries.map(([name, field]) => [name, normaliseFilter(field)]));
  }
  return value;
}

export function figureCacheKey(scope: FigureScope, filters: object): { scope: string; filterKey: string } {
  if (scope !== "lender" && !Number.isInteger(scope.agencyId)) throw new Error("figure cache: an agency scope needs the agency's id");
  return { scope: scope === "lender" ? "lender" : `agency:${scope.agencyId}`, filterKey: JSON.stringify(normaliseFilter(filters)) };
}
