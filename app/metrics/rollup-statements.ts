// The roll-ups' statements, as data: the fact queries of rollup-sql.ts wrapped into the steps a refresh and a
// rebuild run, and each aggregate's delta statements. refresh-rollups.server.ts runs these steps and nothing else,
// so rollup-statements.test.ts can print every final statement into app/metrics/__snapshots__/ for review.
import {
  accountDaySqlOn,
  accountMonthSqlOn,
  accountRuleDaySqlOn,
  activityKinds,
  firstDayOfMaskSql,
  lastDayOfMaskSql,
  monthLinkColumn,
  monthLinks,
  nextFirstDayColumn,
  nextFirstDayColumns,
  placementMonthSqlOn,
  placementSqlOn,
  sourceTables,
  type ActivityKind,
  type RollupSources,
} from "./rollup-sql";

// The commission is each payment's, under the fee schedule in force on its day (PaymentCommission, ADR 037).
const dayMeasures = [
  "collected",
  "commission",
  "outboundContacts",
  "wrongPartyContacts",
  "thirdPartyContacts",
  "promisesDue",
  "promisesKept",
  "complaints",
  "upheldComplaints",
  "violations",
  "violationsHigh",
  "openHighViolations",
] as const;

export const q = (name: string) => `"${name}"`;
const list = (names: readonly string[], prefix = "") => names.map((name) => `${prefix}${q(name)}`).join(", ");
const signed = (names: readonly string[]) => names.map((name) => `sign * ${q(name)} AS ${q(name)}`).join(", ");

/**
 * An aggregate table and how a set of fact rows contributes to it. `contributions(source)` selects the key and
 * measure columns from `source`, a relation with the fact table's columns plus `sign` (+1 added, −1 removed), so the
 * same SQL builds an aggregate from scratch and moves it by the difference of a refresh.
 */
/** `onCluster`: the statements' shape for a Citus cluster (ADR 049); the same figures. */
type AggregateOptions = { fromScratch: boolean; onCluster?: boolean };

export type Aggregate = { table: string; key: readonly string[]; measures: readonly string[]; contributions: (source: string) => string };

// MetricDaily and MetricMonthlySums also hold each agency's total (agentId -1), so agency and portfolio figures
// read a few rows per day or month instead of one per agent.
const dayContributions = (source: string, period: string) => `
  SELECT ${period}, "agentId", "agencyId", product, "dpdBucket", ${signed(dayMeasures)} FROM ${source} f
  UNION ALL
  SELECT ${period}, -1, "agencyId", product, "dpdBucket", ${signed(dayMeasures)} FROM ${source} f`;

const aggregatesOfDays: Aggregate[] = [
  { table: "MetricDaily", key: ["day", "agentId", "agencyId", "product", "dpdBucket"], measures: dayMeasures, contributions: (source) => dayContributions(source, "day") },
  {
    table: "MetricMonthlySums",
    key: ["month", "agentId", "agencyId", "product", "dpdBucket"],
    measures: dayMeasures,
    contributions: (source) => dayContributions(source, "date_trunc('month', day)::date"),
  },
];

const ruleKey = ["agentId", "agencyId", "product", "dpdBucket", "ruleCode", "severity"] as const;
const ruleContributions = (source: string, period: string) => `
  SELECT ${period}, "agentId", "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM ${source} f
  UNION ALL
  SELECT ${period}, -1, "agencyId", product, "dpdBucket", "ruleCode", severity, sign * violations FROM ${source} f`;
const aggregatesOfRuleDays: Aggregate[] = [
  { table: "MetricRuleDaily", key: ["day", ...ruleKey], measures: ["violations"], contributions: (source) => ruleContributions(source, "day") },
  { table: "MetricRuleMonthly", key: ["month", ...ruleKey], measures: ["violations"], contributions: (source) => ruleContributions(source, "date_trunc('month', day)::date") },
];

/**
 * One row per kind of activity an account-month row has (days <> 0), with that kind's columns of the row: `k.kind`,
 * `k.days` and, per name, the column `columnOf(kind)` as `k.<name>`.
 */
const perKind = (source: string, columns: Record<string, (kind: ActivityKind) => string>) => {
  const names = Object.keys(columns);
  const values = activityKinds.map((kind) => `('${kind}', f."${kind}Days", ${names.map((name) => `f."${columns[name]!(kind)}"`).join(", ")})`);
  return `FROM ${source} f CROSS JOIN LATERAL (VALUES ${values.join(", ")}) AS k(kind, days, ${names.join(", ")}) WHERE k.days <> 0`;
};
const previousLinks = { previous: (kind: ActivityKind) => monthLinkColumn(kind, "previous", false), previous_in_bucket: (kind: ActivityKind) => monthLinkColumn(kind, "previous", true) };

const aggregatesOfMonths: Aggregate[] = [
  {
    table: "MetricMonthlyAccounts",
    key: ["month", "agentId", "agencyId", "product", "dpdBucket", "kind", "previousMonth", "previousMonthInBucket"],
    measures: ["accounts"],
    contributions: (source) => `
      SELECT f.month, f."agentId", f."agencyId", f.product, f."dpdBucket", k.kind,
             coalesce(k.previous, '-infinity'::date), coalesce(k.previous_in_bucket, '-infinity'::date), f.sign
      ${perKind(source, previousLinks)}`,
  },
  // The months a custom period cuts (ADR 011): at its start by last active day and the next active month with its
  // first day, at its end by first active day and the previous active month.
  {
    table: "MetricMonthLastDays",
    key: ["month", "agentId", "lastDay", "agencyId", "product", "dpdBucket", "kind", "nextMonth", "nextFirstDay", "nextMonthInBucket", "nextFirstDayInBucket"],
    measures: ["accounts"],
    contributions: (source) => `
      SELECT f.month, f."agentId", ${lastDayOfMaskSql("k.days")}, f."agencyId", f.product, f."dpdBucket", k.kind,
             coalesce(k.next, 'infinity'::date), coalesce(k.next_first_day, 0),
             coalesce(k.next_in_bucket, 'infinity'::date), coalesce(k.next_first_day_in_bucket, 0), f.sign
      ${perKind(source, {
        next: (kind) => monthLinkColumn(kind, "next", false),
        next_first_day: (kind) => nextFirstDayColumn(kind, false),
        next_in_bucket: (kind) => monthLinkColumn(kind, "next", true),
        next_first_day_in_bucket: (kind) => nextFirstDayColumn(kind, true),
      })}`,
  },
  {
    table: "MetricMonthFirstDays",
    key: ["month", "agentId", "agencyId", "product", "dpdBucket", "kind", "firstDay", "previousMonth", "previousMonthInBucket"],
    measures: ["accounts"],
    contributions: (source) => `
      SELECT f.month, f."agentId", f."agencyId", f.product, f."dpdBucket", k.kind, ${firstDayOfMaskSql("k.days")},
             coalesce(k.previous, '-infinity'::date), coalesce(k.previous_in_bucket, '-infinity'::date), f.sign
      ${perKind(source, previousLinks)}`,
  },
];

// Placements by the day (or month) they were placed, and by the day (or month) they were recalled.
const placementContributions = (source: string, period: (column: string) => string) => `
  SELECT ${period(`"placedAt"`)}, "agencyId", product, "dpdBucket", sign, sign * "placedBalance", 0, 0 FROM ${source} f
  UNION ALL
  SELECT ${period(`"recalledAt"`)}, "agencyId", product, "dpdBucket", 0, 0, sign, sign * "placedBalance" FROM ${source} f WHERE "recalledAt" IS NOT NULL`;
const placementMeasures = ["placedAccounts", "placedBalance", "recalledAccounts", "recalledBalance"] as const;
const aggregatesOfPlacements: Aggregate[] = [
  { table: "MetricPlacementDaily", key: ["day", "agencyId", "product", "dpdBucket"], measures: placementMeasures, contributions: (source) => placementContributions(source, (column) => column) },
  {
    table: "MetricPlacementMonthly",
    key: ["month", "agencyId", "product", "dpdBucket"],
    measures: placementMeasures,
    contributions: (source) => placementContributions(source, (column) => `date_trunc('month', ${column})::date`),
  },
];

/** Vintage collections join each placement month to its placement (for the vintage and segment). */
const vintageAggregate = (placements: string): Aggregate => ({
  table: "MetricVintageMonth",
  key: ["vintage", "agencyId", "product", "dpdBucket", "monthsSince"],
  measures: ["collected"],
  contributions: (source) => `
    SELECT date_trunc('month', p."placedAt")::date, p."agencyId", p.product, p."dpdBucket", f."monthsSince", f.sign * f.collected
    FROM ${source} f JOIN ${placements} p ON p."placementId" = f."placementId"`,
});

/**
 * Adds the contributions of `sources` (each "(SELECT …, sign)" or a table with a sign column) to the aggregate,
 * and deletes the rows the change left at zero, so aggregates stay as small as the data they describe. Only the
 * first statement reads the step's parameters. From scratch (a rebuild, the table empty) one statement inserts the
 * sums.
 */
export function aggregateStatements(aggregate: Aggregate, sources: string[], options: AggregateOptions = { fromScratch: false }): string[] {
  const { table, key, measures } = aggregate;
  const sums = `SELECT ${list(key)}, ${measures.map((name) => `sum(${q(name)}) AS ${q(name)}`).join(", ")}
     FROM (${sources.map((source) => aggregate.contributions(source)).join("\n UNION ALL \n")}) AS contribution (${list([...key, ...measures])})
     GROUP BY ${list(key)}
     HAVING ${measures.map((name) => `sum(${q(name)}) <> 0`).join(" OR ")}`;
  if (options.fromScratch) {
    // The table was emptied in the same transaction: the sums go straight in, in key order (appended to the key's
    // index rather than scattered through it), with no change table and no conflict to arbitrate.
    return [`INSERT INTO ${q(table)} (${list(key)}, ${list(measures)})\n     ${sums}\n     ORDER BY ${list(key)}`];
  }
  const createDelta = `CREATE TEMP TABLE metric_delta ON COMMIT DROP AS\n     ${sums}`;
  const upsert = `INSERT INTO ${q(table)} (${list(key)}, ${list(measures)}) SELECT ${list(key)}, ${list(measures)} FROM metric_delta
     ON CONFLICT (${list(key)}) DO UPDATE SET ${measures.map((name) => `${q(name)} = ${q(table)}.${q(name)} + EXCLUDED.${q(name)}`).join(", ")}`;
  const zero = measures.map((name) => `t.${q(name)} = 0`).join(" AND ");
  // A cluster refuses a DELETE of a reference table joined to a local table, but reads the local table in a
  // subquery first and deletes by its result (ADR 049).
  const deleteZeros = options.onCluster
    ? `DELETE FROM ${q(table)} t WHERE (${list(key, "t.")}) IN (SELECT ${list(key)} FROM metric_delta) AND ${zero}`
    : `DELETE FROM ${q(table)} t USING metric_delta d
     WHERE ${key.map((name) => `t.${q(name)} = d.${q(name)}`).join(" AND ")} AND ${zero}`;
  const drop = `DROP TABLE metric_delta`;
  return [createDelta, upsert, deleteZeros, drop];
}

const accountMonthColumns = list(["accountId", "agencyId", "agentId", "month", "product", "dpdBucket", "workedDays", "contactedDays", "rpcDays", "promiseDays", ...monthLinks.map((link) => link.column), ...nextFirstDayColumns.map((entry) => entry.column)]);
const accountDayColumns = list(["accountId", "agencyId", "agentId", "day", "product", "dpdBucket", ...dayMeasures]);
const placementColumns = list(["placementId", "accountId", "agencyId", "placedAt", "recalledAt", "placedBalance", "product", "dpdBucket", "balanceBand"]);
const placementMonthColumns = list(["placementId", "monthsSince", "accountId", "collected"]);
const accountRuleDayColumns = list(["accountId", "agencyId", "agentId", "day", "product", "dpdBucket", "ruleCode", "severity", "violations"]);

const factsOn = (t: RollupSources) =>
  [
    { table: "MetricAccountDay", columns: accountDayColumns, sql: accountDaySqlOn(t), temp: "metric_new_day", aggregates: aggregatesOfDays },
    { table: "MetricAccountMonth", columns: accountMonthColumns, sql: accountMonthSqlOn(t), temp: "metric_new_month", aggregates: aggregatesOfMonths },
    { table: "MetricAccountRuleDay", columns: accountRuleDayColumns, sql: accountRuleDaySqlOn(t), temp: "metric_new_rule_day", aggregates: aggregatesOfRuleDays },
    { table: "MetricPlacement", columns: placementColumns, sql: placementSqlOn(t), temp: "metric_new_placement", aggregates: aggregatesOfPlacements },
    { table: "MetricPlacementMonth", columns: placementMonthColumns, sql: placementMonthSqlOn(t), temp: "metric_new_placement_month", aggregates: [] },
  ] as const;

export const facts = factsOn(sourceTables);

export const rollupTables = [
  ...facts.map((fact) => fact.table),
  ...[...aggregatesOfDays, ...aggregatesOfRuleDays, ...aggregatesOfMonths, ...aggregatesOfPlacements].map((aggregate) => aggregate.table),
  "MetricVintageMonth",
];

/**
 * One statement of a refresh or rebuild and the parameters it takes: "accounts" is [$1 = account ids (null in a
 * rebuild: every account)], "accountsAndZone" adds $2 = the reporting time zone.
 */
export type RollupStep = { what: string; sql: string; params: "none" | "accounts" | "accountsAndZone" };

/** The step whose single row says whether the chunk's placements or the payments under them changed. */
export const PLACEMENTS_CHANGED = "whether placements or payments under them changed";

type Fact = (typeof facts)[number];
const factParams = (fact: Fact) => (fact.sql.includes("$2") ? "accountsAndZone" : "accounts");

const aggregateSteps = (aggregate: Aggregate, sources: string[], params: "none" | "accounts", options: AggregateOptions = { fromScratch: false }, of = ""): RollupStep[] => {
  const names = options.fromScratch ? ["summed in"] : ["change computed", "change added", "rows left at zero deleted", "change dropped"];
  return aggregateStatements(aggregate, sources, options).map((sql, index) => ({ what: `${aggregate.table}${of}: ${names[index]}`, sql, params: index === 0 ? params : "none" }));
};

/**
 * A refresh of one chunk of accounts: new facts into temporary tables, the placement check, the aggregates moved by
 * (new facts − stored facts) before the stored facts are replaced, then the facts replaced.
 */
export function refreshChunkSteps(options: { onCluster?: boolean } = {}): RollupStep[] {
  const onCluster = options.onCluster ?? false;
  const facts = factsOn(onCluster ? localSources : sourceTables);
  const aggregateOptions = { fromScratch: false, onCluster };
  const steps: RollupStep[] = onCluster ? localSourceSteps() : [];
  for (const fact of facts) {
    steps.push({ what: `${fact.table}: new facts`, sql: `CREATE TEMP TABLE ${fact.temp} ON COMMIT DROP AS SELECT ${fact.columns}, 1 AS sign FROM (${fact.sql}) f`, params: factParams(fact) });
  }
  const stored = (table: string) => `(SELECT *, -1 AS sign FROM ${q(table)} WHERE "accountId" = ANY($1::int[]))`;
  const differs = (fact: Fact) =>
    `(EXISTS (SELECT ${fact.columns} FROM ${fact.temp} EXCEPT SELECT ${fact.columns} FROM ${q(fact.table)} WHERE "accountId" = ANY($1::int[]))
      OR EXISTS (SELECT ${fact.columns} FROM ${q(fact.table)} WHERE "accountId" = ANY($1::int[]) EXCEPT SELECT ${fact.columns} FROM ${fact.temp}))`;
  const placementFacts = facts.filter((fact) => fact.table === "MetricPlacement" || fact.table === "MetricPlacementMonth");
  steps.push({ what: PLACEMENTS_CHANGED, sql: `SELECT ${placementFacts.map(differs).join(" OR ")} AS changed`, params: "accounts" });
  for (const fact of facts) {
    for (const aggregate of fact.aggregates) steps.push(...aggregateSteps(aggregate, [fact.temp, stored(fact.table)], "accounts", aggregateOptions));
  }
  steps.push(...aggregateSteps(vintageAggregate("metric_new_placement"), ["metric_new_placement_month"], "none", aggregateOptions, " (new placement months)"));
  steps.push(...aggregateSteps(vintageAggregate(`(SELECT * FROM "MetricPlacement" WHERE "accountId" = ANY($1::int[]))`), [stored("MetricPlacementMonth")], "accounts", aggregateOptions, " (stored placement months)"));
  for (const fact of facts) {
    steps.push(
      { what: `${fact.table}: stored facts removed`, sql: `DELETE FROM ${q(fact.table)} WHERE "accountId" = ANY($1::int[])`, params: "accounts" },
      { what: `${fact.table}: new facts stored`, sql: `INSERT INTO ${q(fact.table)} (${fact.columns}) SELECT ${fact.columns} FROM ${fact.temp}`, params: "none" },
      { what: `${fact.table}: temporary table dropped`, sql: `DROP TABLE ${fact.temp}`, params: "none" },
    );
  }
  if (onCluster) steps.push({ what: "copies dropped", sql: `DROP TABLE ${Object.values(localSources).join(", ")}`, params: "none" });
  return steps;
}

const factsStep = (fact: Fact): RollupStep => ({ what: `${fact.table}: facts`, sql: `INSERT INTO ${q(fact.table)} (${fact.columns}) SELECT ${fact.columns} FROM (${fact.sql}) f`, params: factParams(fact) });
const allFacts = (table: string) => `(SELECT *, 1 AS sign FROM ${q(table)})`;
const aggregatesFromScratch = (fact: Fact): RollupStep[] => fact.aggregates.flatMap((aggregate) => aggregateSteps(aggregate, [allFacts(fact.table)], "none", { fromScratch: true }));
const vintageFromScratch = (): RollupStep[] => aggregateSteps(vintageAggregate(`"MetricPlacement"`), [allFacts("MetricPlacementMonth")], "none", { fromScratch: true });
const emptied = (tables: readonly string[], what: string): RollupStep => ({ what, sql: `TRUNCATE ${tables.map(q).join(", ")}`, params: "none" });

/** A rebuild from the source tables: everything truncated, the facts of every account, the aggregates from scratch. */
export function rebuildSteps(): RollupStep[] {
  return [emptied(rollupTables, "every roll-up emptied"), ...facts.map(factsStep), ...facts.flatMap(aggregatesFromScratch), ...vintageFromScratch()];
}

export type RebuildGroup = { tables: string[]; steps: RollupStep[] };

/**
 * The same rebuild as groups that share no table: a fact table with the aggregates read only from it, and the
 * placements' two fact tables with theirs and the vintage aggregate both feed. Each group empties and fills its
 * own tables, so groups can be rebuilt in transactions of their own at once; together they send the statements
 * of rebuildSteps.
 */
export function rebuildStepGroups(): RebuildGroup[] {
  const group = (members: readonly Fact[], vintage: boolean): RebuildGroup => {
    const tables = [...members.map((fact) => fact.table), ...members.flatMap((fact) => fact.aggregates.map((aggregate) => aggregate.table)), ...(vintage ? ["MetricVintageMonth"] : [])];
    return { tables, steps: [emptied(tables, `${tables[0]}: group emptied`), ...members.map(factsStep), ...members.flatMap(aggregatesFromScratch), ...(vintage ? vintageFromScratch() : [])] };
  };
  const ofPlacements = (fact: Fact) => fact.table === "MetricPlacement" || fact.table === "MetricPlacementMonth";
  return [...facts.filter((fact) => !ofPlacements(fact)).map((fact) => group([fact], false)), group(facts.filter(ofPlacements), true)];
}

/**
 * On a Citus cluster (ADR 049) the fact queries read the chunk's rows from temporary tables on the coordinator
 * (their CTEs and correlated subqueries are then plain PostgreSQL): one fan-out read per table fills them, and they
 * are indexed and analysed as the fact queries probe them.
 */
const localSources: RollupSources = {
  events: "rollup_events",
  placements: "rollup_placements",
  accounts: "rollup_accounts",
  violations: "rollup_violations",
  commissions: "rollup_commissions",
  complaints: "rollup_complaints",
};

function localSourceSteps(): RollupStep[] {
  const ofAccounts = (column: string) => `$1::int[] IS NULL OR ${column} = ANY($1::int[])`;
  const copies: [keyof RollupSources, string][] = [
    ["events", `SELECT * FROM ${sourceTables.events} WHERE ${ofAccounts(`"accountId"`)}`],
    ["placements", `SELECT * FROM ${sourceTables.placements} WHERE ${ofAccounts(`"accountId"`)}`],
    ["accounts", `SELECT * FROM ${sourceTables.accounts} WHERE ${ofAccounts("id")}`],
    ["violations", `SELECT * FROM ${sourceTables.violations} WHERE ${ofAccounts(`"accountId"`)}`],
    ["commissions", `SELECT * FROM ${sourceTables.commissions} WHERE ${ofAccounts(`"accountId"`)}`],
    // Non-borrowers' reports name numbers, not accounts: every one of them is read (first_complaint).
    ["complaints", `SELECT * FROM ${sourceTables.complaints} WHERE ${ofAccounts(`coalesce("accountId", 0)`)} OR (source = 'NON_BORROWER' AND "phoneNumber" IS NOT NULL)`],
  ];
  const steps: RollupStep[] = copies.map(([source, select]) => ({ what: `${localSources[source]}: copied`, sql: `CREATE TEMP TABLE ${localSources[source]} ON COMMIT DROP AS ${select}`, params: "accounts" }));
  steps.push(
    { what: `${localSources.events}: indexed`, sql: `CREATE INDEX ON ${localSources.events} ("accountId", "occurredAt")`, params: "none" },
    { what: `${localSources.placements}: indexed`, sql: `CREATE INDEX ON ${localSources.placements} ("accountId", "agencyId")`, params: "none" },
    { what: "copies analysed", sql: `ANALYZE ${Object.values(localSources).join(", ")}`, params: "none" },
  );
  return steps;
}
