// The server side of every AG Grid infinite-row-model grid, as plain functions (the client imports the types and the
// URL helpers too): the block a rows route is asked for (startRow, endRow, a whitelisted sort), the page URL's
// filters, and the SQL helpers. Column names and directions only ever come from a grid's whitelist and every value
// is a bind parameter, so no input reaches the SQL text.
import { z } from "zod";
import { dpdBuckets } from "~/metrics/metric-types";

/** At most this many rows per request: one AG Grid block, with room to spare. */
export const MAX_BLOCK = 500;

export type SortDirection = "asc" | "desc";
export type GridSort<Column extends string> = { column: Column; direction: SortDirection };

/** One block of a grid, as a rows route returns it. */
export type GridBlock<Row> = {
  rows: Row[];
  /** Total rows matching, when known exactly (first block only); see countCapped. */
  total: number | null;
  /** True when more than COUNT_CAP rows match: the total shown is a lower bound. */
  countCapped: boolean;
  /** The index after the last row, when this block reached the end (AG Grid's lastRow). */
  lastRow: number | null;
};

const blankToUndefined = (value: unknown) => (value === "" || value == null ? undefined : value);

/**
 * The block parameters of a grid whose sortable columns are the keys of `sortColumns` (AG Grid's first sort model
 * entry travels as "column:direction"); `extra` adds parameters of that grid's own (a keyset cursor).
 */
export function blockSchema<Extra extends z.ZodRawShape = Record<never, never>>(sortColumns: Readonly<Record<string, string>>, extra?: Extra) {
  return z
    .object({
      startRow: z.coerce.number().int().min(0).max(10_000_000),
      endRow: z.coerce.number().int().min(1).max(10_000_000 + MAX_BLOCK),
      sort: z.preprocess(
        blankToUndefined,
        z
          .string()
          .regex(/^[A-Za-z]+:(asc|desc)$/)
          .refine((value) => (value.split(":")[0] ?? "") in sortColumns, "validation.invalidChoice")
          .optional(),
      ),
      ...((extra ?? {}) as Extra),
    })
    .refine(
      (block) => {
        const { startRow, endRow } = block as { startRow: number; endRow: number };
        return endRow > startRow && endRow - startRow <= MAX_BLOCK;
      },
      { message: "validation.invalidFormat", path: ["endRow"] },
    );
}

/** The block parameters of a rows route's URL, ready for a blockSchema. */
export function blockParams(params: URLSearchParams, extra: readonly string[] = []): Record<string, string | null | undefined> {
  return {
    startRow: params.get("startRow"),
    endRow: params.get("endRow"),
    sort: params.get("sort") ?? undefined,
    ...Object.fromEntries(extra.map((name) => [name, params.get(name) ?? undefined])),
  };
}

/** "column:direction" as a sort of the whitelist; anything else is the grid's default. */
export function parseGridSort<Column extends string>(value: string | undefined, sortColumns: Readonly<Record<Column, string>>, fallback: GridSort<Column>): GridSort<Column> {
  const [column, direction] = (value ?? "").split(":");
  if (!column || !(column in sortColumns) || (direction !== "asc" && direction !== "desc")) return fallback;
  return { column: column as Column, direction };
}

/** The page URL's search params as a grid's filters; invalid values are reported, not silently dropped. */
export function parseGridFilters<Schema extends z.ZodType>(schema: Schema, names: readonly string[], params: URLSearchParams) {
  return schema.safeParse(Object.fromEntries(names.map((name) => [name, params.get(name) ?? undefined]))) as z.ZodSafeParseResult<z.output<Schema>>;
}

/** The grid's filters of the page URL as a query string: what the rows route is sent and what keys the grid. */
export function gridFilterQuery(params: URLSearchParams, names: readonly string[]): string {
  return new URLSearchParams(names.flatMap((name) => (params.get(name) ? [[name, params.get(name) ?? ""]] : []))).toString();
}

// Filter fields: an empty or blank value is no filter.
const trimmedOrUndefined = (value: unknown) => (typeof value === "string" ? (value.trim() === "" ? undefined : value.trim()) : value);
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "validation.date");

export const gridFilter = {
  text: (max: number) => z.preprocess(trimmedOrUndefined, z.string().max(max).optional()),
  /** A calendar day YYYY-MM-DD that exists. */
  day: () => z.preprocess(trimmedOrUndefined, isoDay.optional()),
  choice: <T extends Readonly<Record<string, string>>>(values: T) => z.preprocess(trimmedOrUndefined, z.enum(values).optional()),
  /** The dashboards' days-past-due bucket, so a chart's drill-down lists what the chart counted. */
  dpdBucket: () => z.preprocess(trimmedOrUndefined, z.enum(dpdBuckets).optional()),
  agencyCode: () => z.preprocess(trimmedOrUndefined, z.string().regex(/^[A-Za-z0-9_-]{2,32}$/, "validation.agencyCode").optional()),
};

/** Numbered bind parameters ($1, $2, …) collected while a WHERE clause is built. */
export function sqlBinder(): { values: unknown[]; bind: (value: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    bind: (value) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/** LIKE pattern matching values that start with `prefix`, with LIKE's own wildcards taken literally. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

export const and = (clauses: readonly string[]) => (clauses.length === 0 ? "TRUE" : clauses.join(" AND "));
