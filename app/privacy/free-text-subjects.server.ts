// Who a free text can name: the debtor of the account and of the customer's other accounts, and the numbers on
// file for them and the numbers the agencies recorded contacting for the account (family, employer, friends). The
// generic patterns of maskFreeText catch most numbers anyway; the known ones catch what they cannot (a 7-digit local
// number, a name in Latin script).
import type pg from "pg";
import { getPool } from "~/db/pg.server";
import type { PersonalDataView } from "./mask";
import { maskFreeText, type FreeTextSubjects } from "./mask-free-text";

export type SubjectColumns = { subjectNames: string[] | null; subjectPhones: string[] | null };

export function subjectsOfRow(row: SubjectColumns): FreeTextSubjects {
  return { names: row.subjectNames ?? [], phones: row.subjectPhones ?? [] };
}

/** A customer's names and numbers on file, each once. */
export type CustomerSubjects = { names: string[]; phones: string[] };

/**
 * The names and numbers on file for each customer: one read of their accounts by the customerId index, gathered here.
 * The grids and the workbook's cursors (on the cursor's own connection, `client`) read them for a page's customers
 * this way rather than as correlated subqueries per row, which Citus refuses: a correlated subquery over
 * "Account" by customerId is not a join on the distribution column (ADR 049). Ids may repeat or be null.
 */
export async function loadCustomerSubjects(customerIds: readonly (number | null)[], client: Pick<pg.ClientBase, "query"> = getPool()): Promise<Map<number, CustomerSubjects>> {
  const ids = [...new Set(customerIds.filter((id) => id !== null))];
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ customerId: number; debtorName: string | null; phoneNumbers: string[] | null }>(
    `SELECT "customerId", "debtorName", "phoneNumbers" FROM "Account" WHERE "customerId" = ANY($1::int[])`,
    [ids],
  );
  const gathered = new Map<number, { names: Set<string>; phones: Set<string> }>(ids.map((id) => [id, { names: new Set(), phones: new Set() }]));
  for (const row of rows) {
    const subjects = gathered.get(row.customerId);
    if (!subjects) continue;
    if (row.debtorName !== null) subjects.names.add(row.debtorName);
    for (const phone of row.phoneNumbers ?? []) subjects.phones.add(phone);
  }
  return new Map([...gathered].map(([id, subjects]) => [id, { names: [...subjects.names].sort(), phones: [...subjects.phones].sort() }]));
}

/** Subjects for each account id: its customer's names and numbers on file and the numbers its events were made to. */
export async function loadFreeTextSubjects(accountIds: readonly number[]): Promise<Map<number, FreeTextSubjects>> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return new Map();
  // Three reads joined here, each by an index and each one Citus routes by its distribution column or runs on every
  // shard as it stands (accounts by id, their customers' accounts, the events by accountId).
  const pool = getPool();
  const [accounts, eventPhones] = await Promise.all([
    pool.query<{ id: number; customerId: number }>(`SELECT id, "customerId" FROM "Account" WHERE id = ANY($1::int[])`, [ids]),
    pool.query<{ accountId: number; phoneNumber: string }>(
      `SELECT DISTINCT "accountId", "phoneNumber" FROM "ActivityEvent" WHERE "accountId" = ANY($1::int[]) AND "phoneNumber" IS NOT NULL ORDER BY "accountId", "phoneNumber"`,
      [ids],
    ),
  ]);
  const byCustomer = await loadCustomerSubjects(accounts.rows.map((account) => account.customerId));
  const phonesByAccount = new Map<number, string[]>();
  for (const row of eventPhones.rows) phonesByAccount.set(row.accountId, [...(phonesByAccount.get(row.accountId) ?? []), row.phoneNumber]);
  return new Map(
    accounts.rows.map((account) => {
      const known = byCustomer.get(account.customerId);
      return [account.id, { names: known?.names ?? [], phones: [...(known?.phones ?? []), ...(phonesByAccount.get(account.id) ?? [])] }];
    }),
  );
}

/** The text as the view may show it. */
export function freeTextFor(view: PersonalDataView, text: string | null, subjects: FreeTextSubjects | undefined): string | null {
  return view === "unmasked" ? text : maskFreeText(text, subjects ?? {});
}
