import { describe, expect, test } from "vitest";
import { jobSchemaFor, parseDatabaseUrl } from "./database-url";

describe("parseDatabaseUrl", () => {
  test.each([
    ["postgresql://u:p@127.0.0.1:5432/app", "postgresql://u:p@127.0.0.1:5432/app", "public", ""],
    ["postgresql://u:p@127.0.0.1:5432/app?schema=public", "postgresql://u:p@127.0.0.1:5432/app", "public", ""],
    ["postgresql://u:p@127.0.0.1:5432/app?schema=tenant_a&sslmode=require", "postgresql://u:p@127.0.0.1:5432/app?sslmode=require", "tenant_a", '-c search_path="tenant_a"'],
    ["postgresql://u:p@127.0.0.1:5432/app?schema=", "postgresql://u:p@127.0.0.1:5432/app", "public", ""],
  ])("%s", (url, connectionString, schema, options) => {
    expect(parseDatabaseUrl(url)).toEqual({ connectionString, schema, options });
  });

  test.each(["tenant a", "1tenant", 'x"; DROP', "a".repeat(64)])("refuses the schema %j", (schema) => {
    expect(() => parseDatabaseUrl(`postgresql://127.0.0.1/app?schema=${encodeURIComponent(schema)}`)).toThrow(/letters, digits and underscores/);
  });
});

test.each([
  ["public", "pgboss"],
  ["tenant_a", "tenant_a_pgboss"],
])("pg-boss beside %s uses %s", (schema, expected) => {
  expect(jobSchemaFor(schema)).toBe(expected);
});
