// `?schema=` in DATABASE_URL, read the way Prisma reads it: the application's tables live in that schema (default
// "public"). libpq and node-postgres know no such parameter, so every connection the app opens (the pg pool,
// Prisma's adapter, dedicated clients, the migration runner, backups) asks for it as its search_path, and pg-boss
// gets a schema of its own beside it. One schema per installation lets several share a database — and lets the
// tests run each suite in a fresh schema on a Citus cluster, where a new database would lack the extension.

export const DEFAULT_SCHEMA = "public";

export type DatabaseConnection = {
  /** The URL without `schema` (node-postgres would pass unknown parameters on to the server). */
  connectionString: string;
  /** The schema named by `?schema=`, or "public". */
  schema: string;
  /** libpq `options` that make the schema the session's search_path; empty for "public" (the server's default). */
  options: string;
};

// Plain identifiers only: the name travels in a libpq options string and in SQL, and a name that needs quoting
// there is more likely a typo than a wish.
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function parseDatabaseUrl(url: string): DatabaseConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("DATABASE_URL is not a valid URL.");
  }
  const requested = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  const schema = requested === null || requested === "" ? DEFAULT_SCHEMA : requested;
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`DATABASE_URL names the schema "${schema}": use letters, digits and underscores only (at most 63, not starting with a digit).`);
  }
  return { connectionString: parsed.toString(), schema, options: schema === DEFAULT_SCHEMA ? "" : searchPathOption(schema) };
}

/** The libpq `-c` option that sets the search_path to `schema` alone (as Prisma does). */
export function searchPathOption(schema: string): string {
  return `-c search_path="${schema}"`;
}

/** The schema SQL text can name: `"tenant_a"`. */
export function quotedSchema(schema: string): string {
  return `"${schema}"`;
}

/** pg-boss's schema: "pgboss" beside "public", "<schema>_pgboss" beside any other, so installations keep their jobs apart. */
export function jobSchemaFor(schema: string): string {
  return schema === DEFAULT_SCHEMA ? "pgboss" : `${schema}_pgboss`;
}
