// Who a free text can name: the debtor of the account and of the customer's other accounts, and the numbers on
// file for them and the numbers the agencies recorded contacting for the account (family, employer, friends). The
// generic patterns of maskFreeText catch most numbers anyway; the known ones catch what they cannot (a 7-digit local
// number, a name in Latin script).
import type pg from "pg";
import { getPool } from "~/db/pg.server";
import type { PersonalDataView } from "./mask";
import { maskFreeText, type FreeTextSubjects } from "./mask-free-text";

/**
 * Two SQL expressions for a query that joins "Account" as `alias`: "subjectNames" and "subjectPhones" (text
 * arrays), the names and numbers on file for the account's customer. Cheap per row (Account's customerId index).
 */
export function subjectColumnsSql(alias: string): string {
  return `(SELECT coalesce(array_agg(DISTINCT s."debtorName") FILTER (WHERE s."debtorName" IS NOT NULL), '{}')
            FROM "Account" s WHERE s."customerId" = ${alias}."customerId") AS "subjectNames",
          (SELECT coalesce(array_agg(DISTINCT p), '{}')
            FROM "Account" s CROSS JOIN LATERAL unnest(s."phoneNumbers") p WHERE s."customerId" = ${alias}."customerId") AS "subjectPhones"`;
}

export type SubjectColumns = { subjectNames: string[] | null; subjectPhones: string[] | null };

/**
 * subjectColumnsSql's two arrays for each of these customers, in one read: for a cursor's page on a Citus cluster,
 * which refuses subjectColumnsSql's correlated subqueries over other accounts (accounts are distributed by their
 * id, not the customer; ADR 049). A customer without accounts is not in the map (its arrays are empty).
 */
export async function readCustomerSubjects(client: Pick<pg.ClientBase, "query">, customerIds: readonly (number | null)[]): Promise<Map<number, SubjectColumns>> {
  const ids = [...new Set(customerIds.filter((id) => id !== null))];
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<SubjectColumns & { customerId: number }>(
    `WITH s AS MATERIALIZED (SELECT "customerId", "debtorName", "phoneNumbers" FROM "Account" WHERE "customerId" = ANY($1::int[]))
     SELECT n."customerId", n.names AS "subjectNames", coalesce(p.phones, '{}') AS "subjectPhones"
       FROM (SELECT "customerId", coalesce(array_agg(DISTINCT "debtorName") FILTER (WHERE "debtorName" IS NOT NULL), '{}') AS names FROM s GROUP BY "customerId") n
       LEFT JOIN (SELECT s."customerId", array_agg(DISTINCT p) AS phones FROM s CROSS JOIN LATERAL unnest(s."phoneNumbers") p GROUP BY s."customerId") p
         ON p."customerId" = n."customerId"`,
    [ids],
  );
  return new Map(rows.map(({ customerId, ...subjects }) => [customerId, subjects]));
}

export function subjectsOfRow(row: SubjectColumns): FreeTextSubjects {
  return { names: row.subjectNames ?? [], phones: row.subjectPhones ?? [] };
}

/** Subjects for each account id: its customer's names and numbers on file and the numbers its events were made to. */
export async function loadFreeTextSubjects(accountIds: readonly number[]): Promise<Map<number, FreeTextSubjects>> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await getPool().query<SubjectColumns & { id: number; eventPhones: string[] | null }>(
    `SELECT acc.id, ${subjectColumnsSql("acc")},
            (SELECT coalesce(array_agg(DISTINCT e."phoneNumber"), '{}') FROM "ActivityEvent" e
              WHERE e."accountId" = acc.id AND e."phoneNumber" IS NOT NULL) AS "eventPhones"
     FROM "Account" acc WHERE acc.id = ANY($1::int[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, { names: row.subjectNames ?? [], phones: [...(row.subjectPhones ?? []), ...(row.eventPhones ?? [])] }]));
}

/** The text as the view may show it. */
export function freeTextFor(view: PersonalDataView, text: string | null, subjects: FreeTextSubjects | undefined): string | null {
  return view === "unmasked" ? text : maskFreeText(text, subjects ?? {});
}
