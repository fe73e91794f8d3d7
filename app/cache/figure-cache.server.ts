// The pages' figures computed once per data generation (ADR 040), in an UNLOGGED PostgreSQL table every web process
// shares: keyed by the page, the viewer's agency scope and the normalised filter, valid for one generation of the
// data (data-generation.server.ts). No time-to-live: figures change when data changes, and then the key changes.
import { getPool } from "~/db/pg.server";
import { figureCacheKey, type FigureScope } from "./figure-cache-key";

export { figureCacheKey, type FigureScope } from "./figure-cache-key";

/** Pages whose figures are cached; one name per loader, so two pages never read each other's entry. */
export type FigurePage = "dashboard" | "agencies" | "agencies-compare" | "agency" | "agent" | "data-health" | "agency-placements" | "filter-products";

/** Computations running in this process, so that many users asking for the same new figures start one. */
const running = new Map<string, Promise<unknown>>();

/**
 * The figures of `page` for this scope and filter at the current generation: read from the cache, or computed by
 * `compute` and stored. What comes back has been through JSON either way (the cold answer is the warm answer), so
 * figures must be plain data (the domain boundary converts dates and decimals already).
 */
export async function cachedFigures<T>(page: FigurePage, key: { scope: FigureScope; filters: object }, compute: () => Promise<T>): Promise<T> {
  const { scope, filterKey } = figureCacheKey(key.scope, key.filters);
  const pool = getPool();
  // One round trip for the generation and the entry of that generation.
  const { rows } = await pool.query<{ generation: string; value: string | null }>(
    `SELECT g.generation::text AS generation, c.value
     FROM (SELECT coalesce((SELECT generation FROM "DataGeneration" WHERE id = 1), 0) AS generation) g
     LEFT JOIN "FigureCache" c ON c.page = $1 AND c.scope = $2 AND c."filterKey" = $3 AND c.generation = g.generation`,
    [page, scope, filterKey],
  );
  const generation = rows[0]?.generation ?? "0";
  const stored = rows[0]?.value;
  if (stored != null) return JSON.parse(stored) as T;
  const runningKey = JSON.stringify([page, scope, filterKey, generation]);
  const already = running.get(runningKey) as Promise<T> | undefined;
  if (already) return already;
  const computing = (async () => {
    const value = JSON.stringify(await compute());
    // A newer generation's entry written meanwhile by another process is never replaced by this older one.
    await pool.query(
      `INSERT INTO "FigureCache" (page, scope, "filterKey", generation, value, "computedAt") VALUES ($1, $2, $3, $4::int8, $5, now())
       ON CONFLICT (page, scope, "filterKey") DO UPDATE SET generation = EXCLUDED.generation, value = EXCLUDED.value, "computedAt" = now()
       WHERE "FigureCache".generation <= EXCLUDED.generation`,
      [page, scope, filterKey, generation, value],
    );
    return JSON.parse(value) as T;
  })();
  running.set(runningKey, computing);
  try {
    return await computing;
  } finally {
    running.delete(runningKey);
  }
}
