// Reads the roll-ups into MetricBase counts for a filter, grouped as a page needs (whole portfolio, per agency,
// per agent, per agency and month). Never touches ActivityEvent: every figure comes from the small tables that
// refresh-rollups.server.ts maintains. Sums are taken in SQL numeric and converted to numbers here, at the cent.
import { getRulesPool } from "~/rules/evaluate-rules.server";
import { addMetricBases, emptyMetricBase, roundToCents, type MetricBase } from "./metric-formulas";
import { lastOfMonth, monthsOf } from "./metric-filters";
import type { MetricFilters } from "./metric-types";

export type MetricGrouping = "total" | "agency" | "agent" | "agencyMonth";

/** Key of a group: "" (total), "agencyId", "agencyId:agentId" or "agencyId:YYYY-MM". */
export type GroupedBases = Map<string, MetricBase>;

class Where {
  readonly values: unknown[] = [];
  readonly clauses: string[] = [];
  add(clause: (placeholder: string) => string, value: unknown) {
    this.values.push(value);
    this.clauses.push(clause(`$${this.values.length}`));
    return this;
  }
  raw(clause: string) {
    this.clauses.push(clause);
    return this;
  }
  placeholder(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  toString() {
    return this.clauses.length === 0 ? "TRUE" : this.clauses.join(" AND ");
  }
}

function segmentFilters(where: Where, filters: MetricFilters, alias = "") {
  if (filters.agencyIds !== undefined) where.add((p) => `${alias}"agencyId" = ANY(${p}::int[])`, filters.agencyIds);
  if (filters.product !== undefined) where.add((p) => `${alias}product = ${p}`, filters.product);
  if (filters.dpdBucket !== undefined) where.add((p) => `${alias}"dpdBucket" = ${p}`, filters.dpdBucket);
}

function groupKey(grouping: MetricGrouping, row: { agencyId?: number; agentId?: number; month?: string }): string {
  switch (grouping) {
    case "total":
      return "";
    case "agency":
      return String(row.agencyId);
    case "agent":
      return `${row.agencyId}:${row.agentId}`;
    case "agencyMonth":
      return `${row.agencyId}:${String(row.month).slice(0, 7)}`;
  }
}

function merge(target: GroupedBases, key: string, part: Partial<MetricBase>) {
  target.set(key, addMetricBases(target.get(key) ?? emptyMetricBase, { ...emptyMetricBase, ...part }));
}

const sumNumber = (value: string | number | null | undefined) => (value === null || value === undefined ? 0 : Number(value));

/** Bits of the days of `month` that fall within [from, to]. */
export function dayMask(month: string, from: string, to: string): number {
  const start = from > month ? Number(from.slice(8, 10)) : 1;
  const end = to < lastOfMonth(month) ? Number(to.slice(8, 10)) : Number(lastOfMonth(month).slice(8, 10));
  let mask = 0;
  for (let day = start; day <= end; day++) mask |= 1 << (day - 1);
  return mask;
}

const isWholeMonth = (month: string, from: string, to: string) => from <= month && to >= lastOfMonth(month);

async function additive(filters: MetricFilters, grouping: MetricGrouping, into: GroupedBases) {
  const where = new Where();
  where.add((p) => `day >= ${p}::date`, filters.from).add((p) => `day <= ${p}::date`, filters.to);
  segmentFilters(where, filters);
  agentLevel(where, filters, grouping);
  const groupColumns = { total: [], agency: [`"agencyId"`], agent: [`"agencyId"`, `"agentId"`], agencyMonth: [`"agencyId"`, `to_char(day, 'YYYY-MM') AS month`] }[grouping];
  const groupBy = groupColumns.length === 0 ? "" : `GROUP BY ${groupColumns.map((_, index) => index + 1).join(", ")}`;
  const result = await getRulesPool().query(
    `SELECT ${[...groupColumns, ""].join(", ")}
       sum(collected)::text AS collected, sum(commission)::text AS commission, sum("outboundContacts")::int8::text AS "outboundContacts",
       sum("wrongPartyContacts")::int8::text AS "wrongPartyContacts", sum("thirdPartyContacts")::int8::text AS "thirdPartyContacts",
       sum("promisesDue")::int8::text AS "promisesDue", sum("promisesKept")::int8::text AS "promisesKept", sum(complaints)::int8::text AS complaints,
       sum(violations)::int8::text AS violations, sum("violationsHigh")::int8::text AS "violationsHigh", sum("openHighViolations")::int8::text AS "openHighViolations"
     FROM "MetricDaily" WHERE ${where} ${groupBy}`,
    where.values,
  );
  for (const row of result.rows as Record<string, string | number | null>[]) {
    if (grouping === "total" && row.collected === null) continue;
    merge(into, groupKey(grouping, row as never), {
      collected: roundToCents(sumNumber(row.collected)),
      commission: sumNumber(row.commission),
      outboundContacts: sumNumber(row.outboundContacts),
      wrongPartyContacts: sumNumber(row.wrongPartyContacts),
      thirdPartyContacts: sumNumber(row.thirdPartyContacts),
      promisesDue: sumNumber(row.promisesDue),
      promisesKept: sumNumber(row.promisesKept),
      complaints: sumNumber(row.complaints),
      violations: sumNumber(row.violations),
      violationsHigh: sumNumber(row.violationsHigh),
      openHighViolations: sumNumber(row.openHighViolations),
    });
  }
}


function agentLevel(where: Where, filters: MetricFilters, grouping: MetricGrouping, alias = "") {
  if (filters.agentId !== undefined) where.add((p) => `${alias}"agentId" = ${p}`, filters.agentId);
  else if (grouping === "agent") where.raw(`${alias}"agentId" > 0`);
  else where.raw(`${alias}"agentId" = -1`);
}

/**
 * Distinct accounts worked, contacted, reached (RPC) and with a promise. Whole months come from MetricMonthly;
 * partial months and multi-month periods count rows of MetricAccountMonth whose day bits meet the period. Across
 * agencies the counts add up: an account worked by two agencies counts once for each (account-agency pairs).
 */
async function distinct(filters: MetricFilters, grouping: MetricGrouping, into: GroupedBases) {
  const months = monthsOf(filters.from, filters.to);
  const groupColumns = { total: [`"agencyId"`], agency: [`"agencyId"`], agent: [`"agencyId"`, `"agentId"`], agencyMonth: [`"agencyId"`, `to_char(month, 'YYYY-MM') AS month`] }[grouping];
  const groupBy = `GROUP BY ${groupColumns.map((_, index) => index + 1).join(", ")}`;
  const queries: { text: string; values: unknown[] }[] = [];

  const perMonth = grouping === "agencyMonth" || months.length === 1;
  const wholeMonths = perMonth ? months.filter((month) => isWholeMonth(month, filters.from, filters.to)) : [];
  if (wholeMonths.length > 0) {
    const where = new Where();
    where.add((p) => `month = ANY(${p}::date[])`, wholeMonths);
    segmentFilters(where, filters);
    agentLevel(where, filters, grouping);
    queries.push({
      text: `SELECT ${groupColumns.join(", ")}, sum("workedAccounts")::int8::text AS worked, sum("contactedAccounts")::int8::text AS contacted,
                    sum("rpcAccounts")::int8::text AS rpc, sum("promiseAccounts")::int8::text AS promise
             FROM "MetricMonthly" WHERE ${where} ${groupBy}`,
      values: where.values,
    });
  }
  const partialMonths = perMonth ? months.filter((month) => !isWholeMonth(month, filters.from, filters.to)) : months;
  if (partialMonths.length > 0) {
    const where = new Where();
    const monthsParam = where.placeholder(partialMonths);
    const masksParam = where.placeholder(partialMonths.map((month) => dayMask(month, filters.from, filters.to)));
    segmentFilters(where, filters, "f.");
    agentLevel(where, filters, grouping, "f.");
    // Within one month a row is one account; across months the same account has one row per month.
    const count = (column: string) =>
      perMonth ? `count(*) FILTER (WHERE f."${column}" & m.mask <> 0)` : `count(DISTINCT f."accountId") FILTER (WHERE f."${column}" & m.mask <> 0)`;
    queries.push({
      text: `SELECT ${groupColumns.map((column) => column.replace(/^"/, 'f."').replace("to_char(month", "to_char(f.month")).join(", ")},
                    ${count("workedDays")}::text AS worked, ${count("contactedDays")}::text AS contacted, ${count("rpcDays")}::text AS rpc, ${count("promiseDays")}::text AS promise
             FROM "MetricAccountMonth" f JOIN unnest(${monthsParam}::date[], ${masksParam}::int[]) AS m(month, mask) ON m.month = f.month
             WHERE ${where} ${groupBy}`,
      values: where.values,
    });
  }
  const results = await Promise.all(queries.map((query) => getRulesPool().query(query)));
  for (const result of results) {
    for (const row of result.rows as { agencyId: number; agentId?: number; month?: string; worked: string; contacted: string; rpc: string; promise: string }[]) {
      merge(into, groupKey(grouping, row), {
        accountsWorked: Number(row.worked),
        accountsContacted: Number(row.contacted),
        accountsRightParty: Number(row.rpc),
        accountsWithPromise: Number(row.promise),
      });
    }
  }
}

/** Placements active in the period (placed by its end, not recalled before its start), per agency (and month). */
async function placed(filters: MetricFilters, grouping: MetricGrouping, into: GroupedBases) {
  // Placements belong to agencies, not agents: agent rows have no placed accounts or balance.
  if (grouping === "agent" || filters.agentId !== undefined) return;
  const periods =
    grouping === "agencyMonth"
      ? monthsOf(filters.from, filters.to).map((month) => ({ label: month.slice(0, 7), from: month < filters.from ? filters.from : month, to: lastOfMonth(month) > filters.to ? filters.to : lastOfMonth(month) }))
      : [{ label: "", from: filters.from, to: filters.to }];
  const where = new Where();
  const labels = where.placeholder(periods.map((period) => period.label));
  const froms = where.placeholder(periods.map((period) => period.from));
  const tos = where.placeholder(periods.map((period) => period.to));
  segmentFilters(where, filters, "p.");
  const result = await getRulesPool().query(
    `SELECT p."agencyId", period.label AS month, count(*)::int8::text AS placed, sum(p."placedBalance")::text AS balance
     FROM unnest(${labels}::text[], ${froms}::date[], ${tos}::date[]) AS period(label, "from", "to")
     JOIN "MetricPlacement" p ON p."placedAt" <= period."to" AND (p."recalledAt" IS NULL OR p."recalledAt" >= period."from")
     WHERE ${where} GROUP BY 1, 2`,
    where.values,
  );
  for (const row of result.rows as { agencyId: number; month: string; placed: string; balance: string }[]) {
    merge(into, groupKey(grouping === "total" ? "total" : grouping, row), { placedAccounts: Number(row.placed), placedBalance: roundToCents(Number(row.balance)) });
  }
}

/** Base counts of the filter, grouped; groups with nothing at all are absent. */
export async function queryMetricBases(filters: MetricFilters, grouping: MetricGrouping): Promise<GroupedBases> {
  const parts: GroupedBases[] = [new Map(), new Map(), new Map()];
  await Promise.all([additive(filters, grouping, parts[0]!), distinct(filters, grouping, parts[1]!), placed(filters, grouping, parts[2]!)]);
  const merged: GroupedBases = new Map();
  for (const part of parts) for (const [key, base] of part) merge(merged, key === "" || grouping !== "total" ? key : "", base);
  if (grouping === "total") {
    // The distinct counts arrive per agency (to add account-agency pairs): fold them into the total.
    const total = [...merged.values()].reduce(addMetricBases, emptyMetricBase);
    return new Map([["", total]]);
  }
  return merged;
}

/** Earliest and latest day with any roll-up data (for the default period); null on an empty database. */
export async function getMetricDataRange(): Promise<{ first: string; last: string } | null> {
  const result = await getRulesPool().query<{ first: string | null; last: string | null }>(
    `SELECT least((SELECT min(day) FROM "MetricDaily"), (SELECT min("placedAt") FROM "MetricPlacement"))::text AS first,
            greatest((SELECT max(day) FROM "MetricDaily"), (SELECT max("placedAt") FROM "MetricPlacement"))::text AS last`,
  );
  const row = result.rows[0];
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}
