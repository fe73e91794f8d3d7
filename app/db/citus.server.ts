// The distributed mode (ADR 049): after the migrations, on a database with the citus extension, the tables of
// citus-layout.ts become distributed tables colocated by account, every other table a reference table, and the keys
// and foreign keys are rewritten into what Citus allows. Idempotent: a later run (after a migration that added a
// table) converts only what is still a plain table. The same migrations serve plain PostgreSQL and Citus.
import type pg from "pg";
import { escapeIdentifier as q } from "pg";
import { citusMode, currentDatabaseUrl } from "~/env.server";
import { coordinatorTables, distributedTables, distributionColumnOf, separatelyDistributedTables, uniqueIndexesDroppedOnCitus } from "./citus-layout";
import { quotedSchema } from "./database-url";
import { lockForTransaction, locks, withDedicatedClient, withTransactionOn } from "./pg.server";

export type DistributionSummary = {
  citusVersion: string;
  distributed: string[];
  reference: string[];
  /** Keys rewritten to contain the distribution column, as "table: old → new". */
  rewrittenKeys: string[];
  /** Foreign keys Citus cannot keep (a reference table pointing at a distributed one), as "table.constraint". */
  droppedForeignKeys: string[];
};

/** The citus extension's version on the database, or null. */
export async function citusVersion(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ version: string }>("SELECT extversion AS version FROM pg_extension WHERE extname = 'citus'");
  return rows[0]?.version ?? null;
}

const distributedAnswers = new Map<string, Promise<boolean>>();

/**
 * Whether the application's tables are distributed (the database is a Citus coordinator and distributeTablesIfCitus
 * has run), for the few statements that take another shape on a cluster. Asked once per process and DATABASE_URL: the
 * app connects to one database for its life, and the distribution happens before it starts; a benchmark that moves
 * from a single server to a cluster in one process asks again.
 */
export function tablesAreDistributed(client: pg.ClientBase | pg.Pool): Promise<boolean> {
  const url = currentDatabaseUrl();
  let answer = distributedAnswers.get(url);
  if (!answer) {
    answer = (async () => {
      const { rows } = await client.query<{ citus: boolean }>("SELECT to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL AS citus");
      if (!rows[0]?.citus) return false;
      const result = await client.query<{ distributed: boolean }>(`SELECT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass('"Account"')) AS distributed`);
      return result.rows[0]?.distributed ?? false;
    })().catch((error: unknown) => {
      distributedAnswers.delete(url);
      throw error;
    });
    distributedAnswers.set(url, answer);
  }
  return answer;
}

/**
 * Distributes the application's tables when the database is a Citus coordinator (OVERSIGHT_CITUS=auto, the default)
 * or must be (on); null when it is not (or OVERSIGHT_CITUS=off). Runs under a lock, so processes starting together
 * distribute once.
 */
export async function distributeTablesIfCitus(url: string): Promise<DistributionSummary | null> {
  const mode = citusMode();
  if (mode === "off") return null;
  return withDedicatedClient(
    async (client) => {
      const version = await citusVersion(client);
      if (version === null) {
        if (mode === "on") throw new Error("OVERSIGHT_CITUS=on but the database has no citus extension: run CREATE EXTENSION citus on the coordinator and add the workers (README, Running on Citus).");
        return null;
      }
      // Sequential: DDL on a table's shards after a reference table changed in the same transaction must use one
      // connection per node, or Citus refuses it.
      return withTransactionOn(client, async () => {
        await client.query("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'");
        await lockForTransaction(client, locks.citusDistribution);
        return distribute(client, version);
      });
    },
    { url, applicationName: "oversight-citus" },
  );
}

type TableRow = { name: string; citus: "h" | "n" | null };
type ForeignKey = { name: string; child: string; parent: string; columns: string[]; parentColumns: string[]; definition: string };

async function distribute(client: pg.ClientBase, version: string): Promise<DistributionSummary> {
  const summary: DistributionSummary = { citusVersion: version, distributed: [], reference: [], rewrittenKeys: [], droppedForeignKeys: [] };
  const { rows: schemaRows } = await client.query<{ schema: string }>("SELECT current_schema() AS schema");
  const schema = schemaRows[0]?.schema ?? "public";
  await castEnumsImmutably(client);
  const tables = await applicationTables(client);
  const pending = tables.filter((table) => table.citus === null && !coordinatorTables.includes(table.name));
  if (pending.length === 0) return summary;
  const pendingNames = new Set(pending.map((table) => table.name));
  const kindOf = (name: string): "distributed" | "reference" | "coordinator" => {
    if (coordinatorTables.includes(name)) return "coordinator";
    const existing = tables.find((table) => table.name === name)?.citus;
    if (existing === "h" || (existing === null && distributionColumnOf(name) !== undefined)) return "distributed";
    return "reference";
  };

  // Foreign keys touching a table about to change are dropped first and put back afterwards in the form Citus allows.
  const foreignKeys = (await foreignKeysOf(client)).filter((key) => pendingNames.has(key.child) || pendingNames.has(key.parent));
  for (const key of foreignKeys) await client.query(`ALTER TABLE ${q(key.child)} DROP CONSTRAINT ${q(key.name)}`);

  for (const table of pending) {
    const column = distributionColumnOf(table.name);
    if (column !== undefined) summary.rewrittenKeys.push(...(await rewriteUniqueKeys(client, table.name, column)));
  }
  for (const table of pending) {
    if (kindOf(table.name) !== "reference") continue;
    await client.query("SELECT create_reference_table($1::regclass)", [`${quotedSchema(schema)}.${q(table.name)}`]);
    summary.reference.push(table.name);
  }
  // The first distributed table starts the colocation group; the rest join it.
  const anchor = distributedTables[0]?.table ?? "Account";
  for (const { table, column } of distributedTables) {
    if (!pendingNames.has(table)) continue;
    const colocateWith = table === anchor ? "none" : `${quotedSchema(schema)}.${q(anchor)}`;
    await client.query("SELECT create_distributed_table($1::regclass, $2, colocate_with => $3)", [`${quotedSchema(schema)}.${q(table)}`, column, colocateWith]);
    summary.distributed.push(table);
  }
  for (const { table, column } of separatelyDistributedTables) {
    if (!pendingNames.has(table)) continue;
    await client.query("SELECT create_distributed_table($1::regclass, $2, colocate_with => 'none')", [`${quotedSchema(schema)}.${q(table)}`, column]);
    summary.distributed.push(table);
  }

  for (const key of foreignKeys) {
    const childKind = kindOf(key.child);
    const parentKind = kindOf(key.parent);
    // Citus cannot keep a reference table's key to a distributed one, nor keys to or from coordinator tables.
    if (childKind === "coordinator" || parentKind === "coordinator" || (childKind === "reference" && parentKind === "distributed")) {
      summary.droppedForeignKeys.push(`${key.child}.${key.name}`);
      continue;
    }
    await client.query(`ALTER TABLE ${q(key.child)} ADD CONSTRAINT ${q(key.name)} ${foreignKeyDefinition(key)}`);
  }
  await configureDatabase(client);
  return summary;
}

/**
 * Settings of the database for every session (ALTER DATABASE: they apply to connections opened afterwards):
 * - a join on other columns than the account (rare: reports across agencies) is repartitioned rather than refused;
 * - multi-shard statements use one connection per worker: a transaction that has read or written a distributed
 *   table over several connections may not then write a reference table tied to it by foreign keys (an import
 *   writes its events, then its batch row), so every transaction works the way that allows;
 * - every write counts as commutative: Citus locks a reference table's whole shard (and those of the reference tables
 *   it points to) to write one row, exclusively for an update or upsert, to the commit. Two imports deadlocked on
 *   those locks (one held Agency through its agents' upsert and waited for ImportBatch for its summary; the other
 *   held ImportBatch and waited for Agency), and an upload waited for a running import's commit. With the setting
 *   the shard locks are shared, and two writers of the same row are ordered by the row's own lock on every
 *   placement, under two-phase commit (ADR 049).
 */
async function configureDatabase(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ name: string }>("SELECT current_database() AS name");
  const database = q(rows[0]?.name ?? "postgres");
  await client.query(`ALTER DATABASE ${database} SET citus.enable_repartition_joins TO on`);
  await client.query(`ALTER DATABASE ${database} SET citus.multi_shard_modify_mode TO 'sequential'`);
  await client.query(`ALTER DATABASE ${database} SET citus.all_modifications_commutative TO on`);
}

/**
 * A foreign key between two distributed tables must contain both distribution columns: a key (x) → ActivityEvent(id)
 * becomes (x, accountId) → (id, accountId), which says the same thing when the row and the event it names belong to
 * one account.
 */
export function foreignKeyDefinition(key: Pick<ForeignKey, "child" | "parent" | "columns" | "parentColumns" | "definition">): string {
  const childColumn = distributionColumnOf(key.child);
  const parentColumn = distributionColumnOf(key.parent);
  if (childColumn === undefined || parentColumn === undefined) return key.definition;
  // Ids are never updated, and Citus refuses ON UPDATE CASCADE when the distribution column is in the key.
  const definition = key.definition.replace(/ ON UPDATE (CASCADE|SET NULL|SET DEFAULT)/, "");
  const index = key.columns.indexOf(childColumn);
  if (index >= 0 && key.parentColumns[index] === parentColumn) return definition;
  const actions = definition.replace(/^FOREIGN KEY \([^)]*\) REFERENCES [^(]+\([^)]*\)/, "").trim();
  const list = (names: string[]) => names.map(q).join(", ");
  return `FOREIGN KEY (${list([...key.columns, childColumn])}) REFERENCES ${q(key.parent)}(${list([...key.parentColumns, parentColumn])})${actions ? ` ${actions}` : ""}`;
}

/**
 * Prisma reads every enum column back as `"status"::text`, and Citus refuses a write whose RETURNING calls a
 * function that is not IMMUTABLE: the built-in enum → text conversion (enum_out) is only STABLE, because a label
 * can be renamed. Each enum of the schema gets a cast to text through an IMMUTABLE function, which the planner sees
 * instead; the shards' own queries are deparsed as `::text` and run as before. Labels change only in migrations.
 */
async function castEnumsImmutably(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT t.typname AS name FROM pg_type t
      WHERE t.typtype = 'e' AND t.typnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
        AND NOT EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = t.oid AND c.casttarget = 'text'::regtype)
      ORDER BY t.typname`,
  );
  for (const { name } of rows) {
    const toText = q(`${name}_as_text`);
    const fromText = q(`${name}_from_text`);
    await client.query(`CREATE OR REPLACE FUNCTION ${toText}(value ${q(name)}) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT textin(enum_out(value))'`);
    await client.query(`CREATE CAST (${q(name)} AS text) WITH FUNCTION ${toText}(${q(name)}) AS ASSIGNMENT`);
    // The other way too (the imports write 'RECALLED'::"RecallReason" from their staging tables); explicit only, as before.
    // The label looked up among the type's own (enum_in returns anyenum, which cannot be cast); an unknown label
    // fails as the built-in conversion does.
    await client.query(
      `CREATE OR REPLACE FUNCTION ${fromText}(value text) RETURNS ${q(name)} LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
       DECLARE found ${q(name)};
       BEGIN
         SELECT label INTO found FROM unnest(enum_range(NULL::${q(name)})) AS label WHERE label::text = value;
         IF found IS NULL THEN
           RAISE EXCEPTION USING ERRCODE = 'invalid_text_representation', MESSAGE = format('invalid input value for enum %s: "%s"', ${client.escapeLiteral(name)}, value);
         END IF;
         RETURN found;
       END $fn$`,
    );
    await client.query(`CREATE CAST (text AS ${q(name)}) WITH FUNCTION ${fromText}(text)`);
  }
}

/** Primary keys and unique indexes without the distribution column get it appended, or are dropped (citus-layout). */
async function rewriteUniqueKeys(client: pg.ClientBase, table: string, column: string): Promise<string[]> {
  const { rows } = await client.query<{ index: string; constraint: string | null; primary: boolean; columns: string[] | null; partial: boolean }>(
    `SELECT i.relname AS index, con.conname AS constraint, x.indisprimary AS primary, x.indpred IS NOT NULL AS partial,
            CASE WHEN x.indexprs IS NULL THEN
              (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) END AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid
      WHERE x.indrelid = $1::regclass AND x.indisunique`,
    [q(table)],
  );
  const changes: string[] = [];
  for (const row of rows) {
    if (row.columns === null || row.partial) throw new Error(`Citus: the unique index ${row.index} of ${table} is partial or on expressions; say in app/db/citus-layout.ts how it is kept.`);
    if (row.columns.includes(column)) continue;
    const dropped = uniqueIndexesDroppedOnCitus.find((entry) => entry.table === table && sameColumns(entry.columns, row.columns ?? []));
    if (row.constraint !== null) await client.query(`ALTER TABLE ${q(table)} DROP CONSTRAINT ${q(row.constraint)}`);
    else await client.query(`DROP INDEX ${q(row.index)}`);
    if (dropped) {
      changes.push(`${table}: unique (${row.columns.join(", ")}) dropped, kept by ${dropped.keptBy}`);
      continue;
    }
    const columns = [...row.columns, column].map(q).join(", ");
    if (row.primary) await client.query(`ALTER TABLE ${q(table)} ADD CONSTRAINT ${q(row.constraint ?? row.index)} PRIMARY KEY (${columns})`);
    else await client.query(`CREATE UNIQUE INDEX ${q(row.index)} ON ${q(table)} (${columns})`);
    changes.push(`${table}: ${row.primary ? "primary key" : "unique"} (${row.columns.join(", ")}) → (${[...row.columns, column].join(", ")})`);
  }
  return changes;
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => b[index] === name);
}

/** Ordinary and partitioned tables of the current schema (partitions follow their parent), with their Citus kind. */
async function applicationTables(client: pg.ClientBase): Promise<TableRow[]> {
  const { rows } = await client.query<TableRow>(
    `SELECT c.relname AS name,
            (SELECT p.partmethod::text FROM pg_dist_partition p WHERE p.logicalrelid = c.oid) AS citus
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  return rows.map((row) => ({ name: row.name, citus: row.citus === "h" ? "h" : row.citus === null ? null : "n" }));
}

async function foreignKeysOf(client: pg.ClientBase): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(
    `SELECT con.conname AS name, child.relname AS child, parent.relname AS parent, pg_get_constraintdef(con.oid) AS definition,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS "parentColumns"
       FROM pg_constraint con
       JOIN pg_class child ON child.oid = con.conrelid
       JOIN pg_class parent ON parent.oid = con.confrelid
      WHERE con.contype = 'f' AND con.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
        AND NOT child.relispartition
        -- A key to a partitioned table has a copy per partition (conparentid set), dropped and made with the parent's.
        AND con.conparentid = 0
      ORDER BY child.relname, con.conname`,
  );
  return rows;
}
