// Reads the roll-ups into MetricBase counts for a filter, grouped as a page needs (whole portfolio, per agency,
// per agent, per agency and month). Never touches ActivityEvent: every figure comes from the small tables that
// refresh-rollups.server.ts maintains. Sums are taken in SQL numeric and converted to numbers here, at the cent.
import { getPool } from "~/db/pg.server";
import { addMetricBases, emptyMetricBase, roundToCents, type MetricBase } from "./metric-formulas";
import { monthSlicesOf } from "./metric-filters";
import { cutMonthReads, daysOutsideWholeMonths, planDistinctCount, splitPrefix, wholeMonthsOf, type CutMonthRead } from "./distinct-count-plan";
import { activityKinds, type ActivityKind } from "./rollup-sql";
import { queryReconciledMoney, type ReconciledMoney } from "./query-reconciled-money.server";
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

// The commission is each payment's under the fee schedule in force on its day (docs/METRICS.md), summed by the roll-ups.
const additiveSelect = `sum(collected)::text AS collected, sum(t.commission)::text AS commission,
       sum("outboundContacts")::int8::text AS "outboundContacts",
       sum("wrongPartyContacts")::int8::text AS "wrongPartyContacts", sum("thirdPartyContacts")::int8::text AS "thirdPartyContacts",
       sum("promisesDue")::int8::text AS "promisesDue", sum("promisesKept")::int8::text AS "promisesKept", sum(complaints)::int8::text AS complaints,
       sum("upheldComplaints")::int8::text AS "upheldComplaints",
       sum(violations)::int8::text AS violations, sum("violationsHigh")::int8::text AS "violationsHigh", sum("openHighViolations")::int8::text AS "openHighViolations"`;

/** Additive figures: whole months of the period from MetricMonthlySums, the other days from MetricDaily. */
async function additive(filters: MetricFilters, grouping: MetricGrouping, into: GroupedBases) {
  const sources = [
    { table: "MetricMonthlySums", column: "month", values: wholeMonthsOf(filters.from, filters.to) },
    { table: "MetricDaily", column: "day", values: daysOutsideWholeMonths(filters.from, filters.to) },
  ].filter((source) => source.values.length > 0);
  const results = await Promise.all(
    sources.map((source) => {
      const where = new Where();
      where.add((p) => `${source.column} = ANY(${p}::date[])`, source.values);
      segmentFilters(where, filters);
      agentLevel(where, filters, grouping);
      const groupColumns = { total: [], agency: [`"agencyId"`], agent: [`"agencyId"`, `"agentId"`], agencyMonth: [`"agencyId"`, `to_char(${source.column}, 'YYYY-MM') AS month`] }[grouping];
      const groupBy = groupColumns.length === 0 ? "" : `GROUP BY ${groupColumns.map((_, index) => index + 1).join(", ")}`;
      return getPool().query(`SELECT ${[...groupColumns, ""].join(", ")} ${additiveSelect} FROM "${source.table}" t JOIN "Agency" ag ON ag.id = t."agencyId" WHERE ${where} ${groupBy}`, where.values);
    }),
  );
  for (const result of results) {
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
        upheldComplaints: sumNumber(row.upheldComplaints),
        violations: sumNumber(row.violations),
        violationsHigh: sumNumber(row.violationsHigh),
        openHighViolations: sumNumber(row.openHighViolations),
      });
    }
  }
}

function agentLevel(where: Where, filters: MetricFilters, grouping: MetricGrouping, alias = "") {
  if (filters.agentId !== undefined) where.add((p) => `${alias}"agentId" = ${p}`, filters.agentId);
  else if (grouping === "agent") where.raw(`${alias}"agentId" > 0`);
  else where.raw(`${alias}"agentId" = -1`);
}

const distinctFields: Record<ActivityKind, keyof MetricBase> = {
  worked: "accountsWorked",
  contacted: "accountsContacted",
  rpc: "accountsRightParty",
  promise: "accountsWithPromise",
};

type DistinctQuery = { text: string; values: unknown[]; perKindColumns: boolean };

/** Sums of `accounts` (or of the `accounts` expression) of an accounts aggregate, by group and kind. */
function accountsAggregateQuery(table: string, filters: MetricFilters, grouping: MetricGrouping, where: Where, accounts = "sum(accounts)"): DistinctQuery {
  segmentFilters(where, filters);
  agentLevel(where, filters, grouping);
  const groupColumns = { total: [`"agencyId"`], agency: [`"agencyId"`], agent: [`"agencyId"`, `"agentId"`], agencyMonth: [`"agencyId"`, `to_char(month, 'YYYY-MM') AS month`] }[grouping];
  return {
    text: `SELECT ${groupColumns.join(", ")}, kind, ${accounts}::int8::text AS accounts FROM "${table}" WHERE ${where}
           GROUP BY ${[...groupColumns, "kind"].map((_, index) => index + 1).join(", ")}`,
    values: where.values,
    perKindColumns: false,
  };
}

/**
 * Whole months from MetricMonthlyAccounts: the accounts of each month whose previous active month lies before
 * `before` (null: every account of the month, for a month counted on its own).
 */
function aggregateAccountsQuery(filters: MetricFilters, grouping: MetricGrouping, months: string[], before: string | null): DistinctQuery {
  const where = new Where();
  where.add((p) => `month = ANY(${p}::date[])`, months);
  if (before !== null) where.add((p) => `${filters.dpdBucket !== undefined ? `"previousMonthInBucket"` : `"previousMonth"`} < ${p}::date`, before);
  return accountsAggregateQuery("MetricMonthlyAccounts", filters, grouping, where);
}

/** Rows of MetricAccountMonth counted one by one: `condition(kind)` says whether a row counts for that kind. */
function accountMonthRowsQuery(filters: MetricFilters, grouping: MetricGrouping, where: Where, condition: (kind: ActivityKind) => string): DistinctQuery {
  segmentFilters(where, filters, "f.");
  agentLevel(where, filters, grouping, "f.");
  const groupColumns = { total: [`f."agencyId"`], agency: [`f."agencyId"`], agent: [`f."agencyId"`, `f."agentId"`], agencyMonth: [`f."agencyId"`, `to_char(f.month, 'YYYY-MM') AS month`] }[grouping];
  return {
    text: `SELECT ${groupColumns.join(", ")}, ${activityKinds.map((kind) => `count(*) FILTER (WHERE ${condition(kind)})::text AS "${kind}"`).join(", ")}
           FROM "MetricAccountMonth" f WHERE ${where} GROUP BY ${groupColumns.map((_, index) => index + 1).join(", ")}`,
    values: where.values,
    perKindColumns: true,
  };
}

/**
 * The reads of the months a period cuts (distinct-count-plan.ts): MetricMonthLastDays and MetricMonthFirstDays hold
 * accounts per last or first active day and neighbour month, so these months cost aggregate rows, not account rows
 * (ADR 011). Only a month cut at both ends is read account by account.
 *
 * The accounts of a month active on or after day d are the month's accounts (MetricMonthlyAccounts) minus those whose
 * last day lies before d, so MetricMonthLastDays is read only where lastDay < d (a range of its key): those rows also
 * hold the accounts that come back within the period (`returning`, which always shares its month's d).
 */
function cutMonthQueries(filters: MetricFilters, grouping: MetricGrouping, reads: CutMonthRead[]): DistinctQuery[] {
  const queries: DistinctQuery[] = [];
  const inBucket = filters.dpdBucket !== undefined;
  const lastDays = new Where();
  const earlyRows: string[] = [];
  const signedTerms: string[] = [];
  const wholeMonthsToSubtractFrom: string[] = [];
  const firstDays = new Where();
  const firstDayTerms: string[] = [];
  const dayMasks: { month: string; mask: number }[] = [];
  for (const read of reads) {
    switch (read.read) {
      case "lastDayFrom": {
        wholeMonthsToSubtractFrom.push(read.month);
        const early = `(month = ${lastDays.placeholder(read.month)}::date AND "lastDay" < ${lastDays.placeholder(read.day)}::int)`;
        earlyRows.push(early);
        signedTerms.push(`- coalesce(sum(accounts) FILTER (WHERE ${early}), 0)`);
        break;
      }
      case "returning": {
        const next = inBucket ? `"nextMonthInBucket"` : `"nextMonth"`;
        const nextFirstDay = inBucket ? `"nextFirstDayInBucket"` : `"nextFirstDay"`;
        const comesBack = [
          ...(read.nextThrough !== null ? [`${next} <= ${lastDays.placeholder(read.nextThrough)}::date`] : []),
          ...(read.nextPartial !== null
            ? [`(${next} = ${lastDays.placeholder(read.nextPartial.month)}::date AND ${nextFirstDay} <= ${lastDays.placeholder(read.nextPartial.firstDayTo)}::int)`]
            : []),
        ];
        if (comesBack.length === 0) break;
        const early = `(month = ${lastDays.placeholder(read.month)}::date AND "lastDay" < ${lastDays.placeholder(read.lastDayBefore)}::int)`;
        earlyRows.push(early);
        signedTerms.push(`+ coalesce(sum(accounts) FILTER (WHERE ${early} AND (${comesBack.join(" OR ")})), 0)`);
        break;
      }
      case "firstDayTo": {
        const previous = inBucket ? `"previousMonthInBucket"` : `"previousMonth"`;
        const before = read.previousBefore === null ? "" : ` AND ${previous} < ${firstDays.placeholder(read.previousBefore)}::date`;
        firstDayTerms.push(`(month = ${firstDays.placeholder(read.month)}::date AND "firstDay" <= ${firstDays.placeholder(read.day)}::int${before})`);
        break;
      }
      case "days":
        dayMasks.push({ month: read.month, mask: read.mask });
        break;
    }
  }
  if (wholeMonthsToSubtractFrom.length > 0) queries.push(aggregateAccountsQuery(filters, grouping, wholeMonthsToSubtractFrom, null));
  if (earlyRows.length > 0) {
    lastDays.raw(`(${earlyRows.join(" OR ")})`);
    queries.push(accountsAggregateQuery("MetricMonthLastDays", filters, grouping, lastDays, `(0 ${signedTerms.join(" ")})`));
  }
  if (firstDayTerms.length > 0) queries.push(accountsAggregateQuery("MetricMonthFirstDays", filters, grouping, firstDays.raw(`(${firstDayTerms.join(" OR ")})`)));
  if (dayMasks.length > 0) {
    const where = new Where();
    where.add((p) => `f.month = ANY(${p}::date[])`, dayMasks.map((entry) => entry.month));
    const mask = `CASE f.month ${dayMasks.map((entry) => `WHEN ${where.placeholder(entry.month)}::date THEN ${where.placeholder(entry.mask)}::int`).join(" ")} END`;
    queries.push(accountMonthRowsQuery(filters, grouping, where, (kind) => `f."${kind}Days" & ${mask} <> 0`));
  }
  return queries;
}

/**
 * Distinct accounts worked, contacted, reached (RPC) and with a promise, without COUNT(DISTINCT): each account is
 * counted in its first active month of the period (distinct-count-plan.ts). Whole months come from
 * MetricMonthlyAccounts, the months the period cuts from cutMonthQueries. Across agencies the counts add up: an
 * account worked by two agencies counts once for each (account-agency pairs).
 */
async function distinct(filters: MetricFilters, grouping: MetricGrouping, into: GroupedBases) {
  const queries: DistinctQuery[] = [];
  if (grouping === "agencyMonth") {
    // Every month is a period of its own.
    const slices = monthSlicesOf(filters.from, filters.to);
    const whole = slices.filter((slice) => slice.whole).map((slice) => slice.month);
    if (whole.length > 0) queries.push(aggregateAccountsQuery(filters, grouping, whole, null));
    const reads = slices.filter((slice) => !slice.whole).flatMap((slice) => cutMonthReads(planDistinctCount(slice.from, slice.to)));
    queries.push(...cutMonthQueries(filters, grouping, reads));
  } else {
    const plan = planDistinctCount(filters.from, filters.to);
    if (plan.aggregateMonths.length > 0) queries.push(aggregateAccountsQuery(filters, grouping, plan.aggregateMonths, plan.firstMonth));
    queries.push(...cutMonthQueries(filters, grouping, cutMonthReads(plan)));
  }

  const results = await Promise.all(queries.map((query) => getPool().query({ text: query.text, values: query.values }).then((result) => ({ query, rows: result.rows }))));
  for (const { query, rows } of results) {
    for (const row of rows as ({ agencyId: number; agentId?: number; month?: string; kind?: ActivityKind; accounts?: string } & Partial<Record<ActivityKind, string>>)[]) {
      const part: Partial<MetricBase> = {};
      if (query.perKindColumns) for (const kind of activityKinds) part[distinctFields[kind]] = Number(row[kind]);
      else part[distinctFields[row.kind!]] = Number(row.accounts);
      merge(into, groupKey(grouping, row), part);
    }
  }
}

/**
 * Placements active in the period (placed by its end, not recalled before its start), per agency (and month):
 * placed on or before the end minus recalled before the start. Each of the two prefix sums reads whole months from
 * MetricPlacementMonthly and only the days of the month the period's end or start cuts from MetricPlacementDaily
 * (splitPrefix), so it costs the same however many years of placements there are.
 */
async function placed(filters: MetricFilters, grouping: MetricGrouping, into: GroupedBases) {
  // Placements belong to agencies, not agents: agent rows have no placed accounts or balance.
  if (grouping === "agent" || filters.agentId !== undefined) return;
  const periods = (
    grouping === "agencyMonth"
      ? monthSlicesOf(filters.from, filters.to).map((slice) => ({ label: slice.month.slice(0, 7), from: slice.from, to: slice.to }))
      : [{ label: "", from: filters.from, to: filters.to }]
  ).map((period) => ({ ...period, placedBy: splitPrefix(period.to, "through"), recalledBefore: splitPrefix(period.from, "before") }));
  const where = new Where();
  const column = (values: string[]) => where.placeholder(values);
  const labels = column(periods.map((period) => period.label));
  const placedMonthsBefore = column(periods.map((period) => period.placedBy.monthsBefore));
  const tos = column(periods.map((period) => period.to));
  const recalledMonthsBefore = column(periods.map((period) => period.recalledBefore.monthsBefore));
  const froms = column(periods.map((period) => period.from));
  const lastMonth = where.placeholder(periods.reduce((latest, period) => (period.placedBy.monthsBefore > latest ? period.placedBy.monthsBefore : latest), ""));
  const days = column([...new Set(periods.flatMap((period) => [...period.placedBy.days, ...period.recalledBefore.days]))]);
  segmentFilters(where, filters, "t.");
  // Segments are summed per agency and month (or day) first, then each period adds up the ones its prefixes cover.
  const result = await getPool().query(
    `WITH period AS (
       SELECT * FROM unnest(${labels}::text[], ${placedMonthsBefore}::date[], ${tos}::date[], ${recalledMonthsBefore}::date[], ${froms}::date[])
         AS period(label, placed_months_before, "to", recalled_months_before, "from")
     ),
     monthly AS (
       SELECT t."agencyId", t.month AS at, sum(t."placedAccounts") AS placed, sum(t."placedBalance") AS placed_balance,
              sum(t."recalledAccounts") AS recalled, sum(t."recalledBalance") AS recalled_balance
       FROM "MetricPlacementMonthly" t WHERE t.month < ${lastMonth}::date AND ${where} GROUP BY 1, 2
     ),
     daily AS (
       SELECT t."agencyId", t.day AS at, sum(t."placedAccounts") AS placed, sum(t."placedBalance") AS placed_balance,
              sum(t."recalledAccounts") AS recalled, sum(t."recalledBalance") AS recalled_balance
       FROM "MetricPlacementDaily" t WHERE t.day = ANY(${days}::date[]) AND ${where} GROUP BY 1, 2
     ),
     parts AS (
       SELECT m."agencyId", p.label,
              coalesce(sum(m.placed) FILTER (WHERE m.at < p.placed_months_before), 0) - coalesce(sum(m.recalled) FILTER (WHERE m.at < p.recalled_months_before), 0) AS placed,
              coalesce(sum(m.placed_balance) FILTER (WHERE m.at < p.placed_months_before), 0) - coalesce(sum(m.recalled_balance) FILTER (WHERE m.at < p.recalled_months_before), 0) AS balance
       FROM period p JOIN monthly m ON m.at < greatest(p.placed_months_before, p.recalled_months_before) GROUP BY 1, 2
       UNION ALL
       SELECT d."agencyId", p.label,
              coalesce(sum(d.placed) FILTER (WHERE d.at >= p.placed_months_before AND d.at <= p."to"), 0) - coalesce(sum(d.recalled) FILTER (WHERE d.at >= p.recalled_months_before AND d.at < p."from"), 0),
              coalesce(sum(d.placed_balance) FILTER (WHERE d.at >= p.placed_months_before AND d.at <= p."to"), 0) - coalesce(sum(d.recalled_balance) FILTER (WHERE d.at >= p.recalled_months_before AND d.at < p."from"), 0)
       FROM period p CROSS JOIN daily d GROUP BY 1, 2
     )
     SELECT "agencyId", label AS month, sum(placed)::int8::text AS placed, sum(balance)::text AS balance FROM parts GROUP BY 1, 2`,
    where.values,
  );
  for (const row of result.rows as { agencyId: number; month: string; placed: string; balance: string }[]) {
    if (Number(row.placed) === 0 && Number(row.balance) === 0) continue;
    merge(into, groupKey(grouping === "total" ? "total" : grouping, row), { placedAccounts: Number(row.placed), placedBalance: roundToCents(Number(row.balance)) });
  }
}

/** The additive figures of the filter alone (no distinct accounts, no placements): outbound contacts for a rate. */
export async function queryAdditiveTotals(filters: MetricFilters): Promise<MetricBase> {
  const into: GroupedBases = new Map();
  await additive(filters, "total", into);
  return into.get("") ?? emptyMetricBase;
}

/** Base counts of the filter, grouped; groups with nothing at all are absent. */
export async function queryMetricBases(filters: MetricFilters, grouping: MetricGrouping): Promise<GroupedBases> {
  const parts: GroupedBases[] = [new Map(), new Map(), new Map()];
  const [, , , reconciled] = await Promise.all([
    additive(filters, grouping, parts[0]!),
    distinct(filters, grouping, parts[1]!),
    placed(filters, grouping, parts[2]!),
    filters.basis === "reconciled" ? queryReconciledMoney(filters, grouping) : null,
  ]);
  const merged: GroupedBases = new Map();
  for (const part of parts) for (const [key, base] of part) merge(merged, key === "" || grouping !== "total" ? key : "", base);
  let result = merged;
  if (grouping === "total") {
    // The distinct counts arrive per agency (to add account-agency pairs): fold them into the total.
    const total = [...merged.values()].reduce(addMetricBases, emptyMetricBase);
    result = new Map([["", total]]);
  }
  return reconciled ? withReconciledMoney(result, reconciled) : result;
}

/** The reconciled basis (ADR 044): collected and commission replaced by the reconciled figures of the same groups. */
function withReconciledMoney(bases: GroupedBases, reconciled: Map<string, ReconciledMoney>): GroupedBases {
  const result: GroupedBases = new Map();
  for (const [key, base] of bases) result.set(key, { ...base, collected: reconciled.get(key)?.collected ?? 0, commission: reconciled.get(key)?.commission ?? 0 });
  for (const [key, money] of reconciled) if (!result.has(key)) result.set(key, { ...emptyMetricBase, collected: money.collected, commission: money.commission });
  return result;
}

/** Earliest and latest day with any roll-up data (for the default period); null on an empty database. */
export async function getMetricDataRange(): Promise<{ first: string; last: string } | null> {
  const result = await getPool().query<{ first: string | null; last: string | null }>(
    `SELECT least((SELECT min(day) FROM "MetricDaily"), (SELECT min("placedAt") FROM "MetricPlacement"))::text AS first,
            greatest((SELECT max(day) FROM "MetricDaily"), (SELECT max("placedAt") FROM "MetricPlacement"))::text AS last`,
  );
  const row = result.rows[0];
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}
