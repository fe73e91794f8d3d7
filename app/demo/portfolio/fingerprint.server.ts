import { getPool } from "~/db/pg.server";

// Tables whose content is what the demo shows: violations, the lender's ledger and its reconciliation, and every
// metric roll-up. Identity columns, timestamps,
// references to individual batches, events or runs and cache generations (a count of refreshes) are left out: they
// depend on the order and grouping of the work, not on what was found. So are a complaint's change counter (one per
// re-check) and its corroboration detail (it names violation and event ids); its corroboration status is compared.
// Agents and a violation's evidence events are named by their agency and the agency's own identifier for them: both
// are numbered as the agencies' files arrive, so their ids depend on the order in which the files were imported.
const TABLES = ["Violation", "Placement", "Complaint", "Agent", "Account", "Customer", "LedgerEntry", "ReconciliationItem"];
const IGNORED_COLUMN = /^id$|^generation$|^version$|^corroborationDetail$|At$|(batch|event|run|Event|Batch|Run)Id$/;

/** Roll-ups use 0 (no agent) and -1 (the agency as a whole), which name no agent and are kept as they are. */
const agentNamed = `COALESCE((SELECT g."agencyId" || '/' || g."externalId" FROM "Agent" g WHERE g.id = t."agentId"), t."agentId"::text)`;

const evidenceNamed = `(SELECT array_agg(e."agencyId" || '/' || e."eventId" ORDER BY e."agencyId", e."eventId") FROM "ActivityEvent" e WHERE e.id = ANY (t."evidenceEventIds"))`;

/**
 * One line per table: its row count and an md5 of its rows (ordered, without ids and timestamps). Two loads of the same
 * files that print the same lines produced the same demo, whatever order or grouping the work was done in.
 */
export async function demoFingerprint(): Promise<string[]> {
  const pool = getPool();
  const { rows: metricTables } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'Metric%' ORDER BY table_name`,
  );
  const lines: string[] = [];
  // MetricPlacementColumns is a serialised copy of MetricPlacement and MetricPlacementMonth (ADR 053), written by
  // whichever reader came first and full of ids: those two tables stand for it.
  const derived = new Set(["MetricPlacementColumns"]);
  for (const table of [...TABLES, ...metricTables.map((row) => row.table_name).filter((name) => !derived.has(name))]) {
    const { rows: columns } = await pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    const kept = columns.map((column) => column.column_name).filter((name) => !IGNORED_COLUMN.test(name));
    const row = kept.map((name) => (name === "agentId" ? agentNamed : name === "evidenceEventIds" ? evidenceNamed : `t."${name}"`)).join(", ");
    const { rows } = await pool.query<{ count: string; digest: string | null }>(
      `SELECT count(*)::text AS count, md5(string_agg(r, E'\\n' ORDER BY r)) AS digest FROM (SELECT ROW(${row})::text AS r FROM "${table}" t) t`,
    );
    lines.push(`${table}: ${rows[0]?.count ?? "?"} rows, ${rows[0]?.digest ?? "-"}`);
  }
  return lines;
}
