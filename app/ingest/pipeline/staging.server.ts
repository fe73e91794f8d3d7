import type pg from "pg";

// Placement and complaint imports stream their rows into a temporary staging table inside the batch's transaction:
// valid rows with their typed values, invalid rows with their error and the row as the agency sent it. The checks that need the
// database (unknown accounts, resends, conflicts) then run as a handful of set-based statements, and the merge
// is one INSERT … SELECT per table. The table disappears at COMMIT or ROLLBACK, so a killed import leaves nothing.

export const stagingTable = "import_staging";

/** Columns every kind has, before its own typed columns. */
export const commonStagingColumns = `
  chunk integer NOT NULL,
  row_number integer NOT NULL,
  error_field text,
  error_message text,
  raw_row jsonb,
  outcome text`;

export async function createStagingTable(client: pg.ClientBase, typedColumns: string): Promise<void> {
  await client.query(`CREATE TEMP TABLE ${stagingTable} (${commonStagingColumns}, ${typedColumns}) ON COMMIT DROP`);
}

/**
 * Marks rows that are still valid as rejected, with a message built in SQL from their own values. `whereReadsTables`:
 * the condition reads other tables in a subquery (without `from`), which takes the two steps below as `from` does.
 */
export async function rejectWhere(
  client: pg.ClientBase,
  options: { field: string; messageSql: string; from?: string; whereReadsTables?: boolean; where: string; params?: unknown[] },
): Promise<number> {
  const stillValid = `s.error_message IS NULL AND s.outcome IS NULL AND (${options.where})`;
  if (!options.from && !options.whereReadsTables) {
    const result = await client.query(`UPDATE ${stagingTable} s SET error_field = '${options.field}', error_message = ${options.messageSql} WHERE ${stillValid}`, options.params ?? []);
    return result.rowCount ?? 0;
  }
  // With other tables: the rejected rows and their messages are selected into a temporary table first, then the
  // staging rows updated from it alone. A Citus cluster refuses an UPDATE joined to its tables that computes values
  // with STABLE functions (jsonb_build_object), while a SELECT may (ADR 049).
  return updateFromSelected(client, `error_field = '${options.field}', error_message = r.value`, options.messageSql, options.from, stillValid, options.params);
}

/**
 * Sets the outcome of rows that are still valid and match `where` with other tables (`from`), by the same two steps
 * as rejectWhere: on a Citus cluster an UPDATE of the session's staging table joined to a distributed or reference
 * table with a subquery is sent to a worker, where the temporary table does not exist (ADR 049).
 */
export async function markWhere(client: pg.ClientBase, options: { outcome: string; from: string; where: string; params?: unknown[] }): Promise<number> {
  return updateFromSelected(client, "outcome = r.value", `'${options.outcome}'`, options.from, `s.error_message IS NULL AND (${options.where})`, options.params);
}

async function updateFromSelected(client: pg.ClientBase, setSql: string, valueSql: string, from: string | undefined, where: string, params: unknown[] = []): Promise<number> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS import_selected (row_number integer NOT NULL, value text) ON COMMIT DROP`);
  await client.query("TRUNCATE import_selected");
  await client.query(`INSERT INTO import_selected (row_number, value) SELECT s.row_number, ${valueSql} FROM ${stagingTable} s${from ? `, ${from}` : ""} WHERE ${where}`, params);
  const result = await client.query(`UPDATE ${stagingTable} s SET ${setSql} FROM import_selected r WHERE s.row_number = r.row_number`);
  return result.rowCount ?? 0;
}

export type StagingCounts = { total: number; rejected: number; duplicates: number; updated: number; toInsert: number };

export async function countStaging(client: pg.ClientBase): Promise<StagingCounts> {
  const { rows } = await client.query<{ total: string; rejected: string; duplicates: string; updated: string; to_insert: string }>(
    `SELECT count(*) AS total,
            count(*) FILTER (WHERE error_message IS NOT NULL) AS rejected,
            count(*) FILTER (WHERE error_message IS NULL AND outcome = 'duplicate') AS duplicates,
            count(*) FILTER (WHERE error_message IS NULL AND outcome = 'updated') AS updated,
            count(*) FILTER (WHERE error_message IS NULL AND outcome IS NULL) AS to_insert
       FROM ${stagingTable}`,
  );
  const row = rows[0];
  return {
    total: Number(row?.total ?? 0),
    rejected: Number(row?.rejected ?? 0),
    duplicates: Number(row?.duplicates ?? 0),
    updated: Number(row?.updated ?? 0),
    toInsert: Number(row?.to_insert ?? 0),
  };
}

/** Accounts whose staged rows were written (not rejected, not duplicates), for the stages after the commit. */
export async function touchedAccounts(client: pg.ClientBase): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    `SELECT DISTINCT a.id FROM ${stagingTable} s JOIN "Account" a ON a."accountNumber" = s.account_number
      WHERE s.error_message IS NULL AND s.outcome IS DISTINCT FROM 'duplicate'`,
  );
  return rows.map((row) => row.id);
}
