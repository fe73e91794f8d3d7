// SQL shared by the roll-up builder (refresh-rollups.server.ts). Every statement takes $1 = account ids (int[];
// NULL = every account) and $2 = the reporting time zone. Account 0 stands for complaints that name no account.
import { dpdBucketSql } from "./dpd-buckets";

/**
 * The tables the fact queries read. On one server the tables themselves; on a Citus cluster a refresh copies its
 * accounts' rows into temporary tables first and reads those (ADR 049): the fact queries' materialized CTEs and
 * correlated subqueries are plain PostgreSQL on local tables, and a cluster refuses them on distributed ones.
 */
export type RollupSources = { events: string; placements: string; accounts: string; violations: string; commissions: string; complaints: string };

export const sourceTables: RollupSources = {
  events: '"ActivityEvent"',
  placements: '"Placement"',
  accounts: '"Account"',
  violations: '"Violation"',
  commissions: '"PaymentCommission"',
  complaints: '"Complaint"',
};

/** Placed balance → band label, for the mix adjustment's segments. */
export const balanceBandSql = (column: string) =>
  `CASE WHEN ${column} < 5000 THEN '0-4999' WHEN ${column} < 20000 THEN '5000-19999' WHEN ${column} < 50000 THEN '20000-49999' ELSE '50000+' END`;

export const contactTypesSql = `('CALL','SMS','EMAIL','LETTER','VISIT')`;
export const thirdPartiesSql = `('FAMILY','THIRD_PARTY','EMPLOYER')`;
export const rightPartiesSql = `('DEBTOR','SPOUSE')`;

// The segment of an account with an agency in a month (its days-past-due bucket: segmentDpdBucketSql, also read by the
// reconciled figures): the agency's latest placement of the account placed by the
// month's last day, else its earliest one. Everything of that account-agency-month (payments, contacts, promises
// due, complaints, violations) shares it, so counts stay additive across segments.
export const segmentDpdBucketSql = (account: string, agency: string, month: string, placements = sourceTables.placements) => `
           coalesce((SELECT ${dpdBucketSql('p."dpdAtPlacement"')} FROM ${placements} p
                     WHERE p."accountId" = ${account} AND p."agencyId" = ${agency}
                     ORDER BY (p."placedAt" > (${month} + interval '1 month' - interval '1 day')::date),
                              CASE WHEN p."placedAt" <= (${month} + interval '1 month' - interval '1 day')::date THEN -(p."placedAt" - DATE '2000-01-01') ELSE p."placedAt" - DATE '2000-01-01' END
                     LIMIT 1), '')`;

/** The segment of each (account, agency, month) of `keys` (a relation with those three columns). */
const segmentsSql = (t: RollupSources, keys: string) => `
  segments AS MATERIALIZED (
    SELECT k."accountId", k."agencyId", k.month, coalesce(a.product, '') AS product,${segmentDpdBucketSql('k."accountId"', 'k."agencyId"', "k.month", t.placements)} AS "dpdBucket"
    FROM ${keys} k
    LEFT JOIN ${t.accounts} a ON a.id = k."accountId"
  )`;

const ofAccounts = (column: string) => `($1::int[] IS NULL OR ${column} = ANY($1::int[]))`;
const localDay = (column: string) => `(${column} AT TIME ZONE $2)::date`;

/**
 * Per account, agency, agent (0: none) and day: the additive figures, with the account-agency-month segment.
 * Wrong party: outcome WRONG_NUMBER, or a number that an earlier event on the account recorded as a wrong number
 * or a non-borrower complaint reported before the contact.
 *
 * An event counts in one way at most (a payment, an outbound contact or a promise, by its type), so the events are
 * read once; and the figures are summed per day before the segments are joined: a segment is the same for every day
 * of its month, and joining the day rows costs a fraction of joining every event.
 */
export const accountDaySqlOn = (t: RollupSources) => `
  WITH first_wrong AS (
    SELECT "accountId", "phoneNumber", min("occurredAt") AS at FROM ${t.events}
    WHERE outcome = 'WRONG_NUMBER' AND "phoneNumber" IS NOT NULL AND ${ofAccounts(`"accountId"`)} GROUP BY 1, 2
  ),
  first_complaint AS (
    SELECT "phoneNumber", min("receivedAt") AS at FROM ${t.complaints}
    WHERE source = 'NON_BORROWER' AND "phoneNumber" IS NOT NULL GROUP BY 1
  ),
  counted_events AS (
    -- The enums compared as they are: turning each into text costs a catalog look-up per row.
    SELECT e.id, e."accountId", e."agencyId", coalesce(e."agentId", 0) AS "agentId", e.type, e."occurredAt",
           CASE WHEN e.type = 'PROMISE' THEN e."promiseDueDate" ELSE ${localDay(`e."occurredAt"`)} END AS day,
           e."phoneNumber", e.amount, e."promiseDueDate", e.outcome, e."contactParty" AS party
    FROM ${t.events} e
    WHERE ${ofAccounts(`e."accountId"`)}
      AND ((e.direction = 'OUTBOUND' AND e.type IN ${contactTypesSql}) OR (e.type = 'PROMISE' AND e."promiseDueDate" IS NOT NULL) OR e.type = 'PAYMENT')
  ),
  contributions AS (
    SELECT e."accountId", e."agencyId", e."agentId", e.day,
           CASE WHEN e.type = 'PAYMENT' THEN coalesce(e.amount, 0) ELSE 0 END AS collected,
           -- Each payment's commission under the schedule in force on its day (PaymentCommission, written just before).
           CASE WHEN e.type = 'PAYMENT' THEN coalesce(pc.commission, 0) ELSE 0 END AS commission,
           (e.type IN ${contactTypesSql})::int AS outbound,
           CASE WHEN e.type IN ${contactTypesSql} THEN coalesce(e.outcome = 'WRONG_NUMBER' OR e."occurredAt" > fw.at OR e."occurredAt" > fc.at, false)::int ELSE 0 END AS wrong,
           CASE WHEN e.type IN ${contactTypesSql} THEN coalesce(e.party IN ${thirdPartiesSql}, false)::int ELSE 0 END AS third,
           (e.type = 'PROMISE')::int AS due,
           -- On the events table itself, through its (accountId, occurredAt) index.
           CASE WHEN e.type = 'PROMISE' THEN
             ((SELECT coalesce(sum(pay.amount), 0) FROM ${t.events} pay
               WHERE pay."accountId" = e."accountId" AND pay."occurredAt" >= e."occurredAt"
                 AND pay."occurredAt" < ((e."promiseDueDate" + 4)::timestamp AT TIME ZONE $2) AND pay.type = 'PAYMENT')
               >= coalesce(nullif(e.amount, 0), 0.01))::int
           ELSE 0 END AS kept,
           0 AS complaints, 0 AS upheld, 0 AS violations, 0 AS high, 0 AS open_high
    FROM counted_events e
    LEFT JOIN ${t.commissions} pc ON pc."eventId" = e.id
    LEFT JOIN first_wrong fw ON fw."accountId" = e."accountId" AND fw."phoneNumber" = e."phoneNumber"
    LEFT JOIN first_complaint fc ON fc."phoneNumber" = e."phoneNumber"
    -- A payment counts when a placement of the account with the agency covers its day.
    WHERE e.type <> 'PAYMENT' OR EXISTS (
      SELECT 1 FROM ${t.placements} p WHERE p."accountId" = e."accountId" AND p."agencyId" = e."agencyId"
        AND p."placedAt" <= e.day AND (p."recalledAt" IS NULL OR p."recalledAt" >= e.day))
    UNION ALL
    SELECT coalesce(c."accountId", 0), c."agencyId", coalesce(c."agentId", 0), ${localDay(`c."receivedAt"`)},
           0, 0, 0, 0, 0, 0, 0, 1, coalesce(c.outcome IN ('UPHELD', 'PARTLY_UPHELD'), false)::int, 0, 0, 0
    FROM ${t.complaints} c
    -- The regulator's public complaints are the agency's history with the regulator, not complaints about this
    -- lender's accounts: they never count per 1,000 accounts (ADR 035).
    WHERE c."agencyId" IS NOT NULL AND c.source <> 'REGULATOR_PUBLIC' AND ${ofAccounts(`coalesce(c."accountId", 0)`)}
    UNION ALL
    SELECT v."accountId", v."agencyId", coalesce(v."agentId", 0), ${localDay(`v."occurredAt"`)},
           0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (v.severity = 'HIGH')::int, (v.severity = 'HIGH' AND v.status = 'OPEN')::int
    FROM ${t.violations} v
    WHERE v.status <> 'DISMISSED' AND ${ofAccounts(`v."accountId"`)}
  ),
  daily AS (
    SELECT c."accountId", c."agencyId", c."agentId", c.day, date_trunc('month', c.day)::date AS month,
           sum(c.collected) AS collected, sum(c.commission) AS commission, sum(c.outbound)::int AS "outboundContacts",
           sum(c.wrong)::int AS "wrongPartyContacts", sum(c.third)::int AS "thirdPartyContacts", sum(c.due)::int AS "promisesDue",
           sum(c.kept)::int AS "promisesKept", sum(c.complaints)::int AS complaints, sum(c.upheld)::int AS "upheldComplaints", sum(c.violations)::int AS violations,
           sum(c.high)::int AS "violationsHigh", sum(c.open_high)::int AS "openHighViolations"
    FROM contributions c
    GROUP BY 1, 2, 3, 4
  ),
  ${segmentsSql(t, `(SELECT DISTINCT "accountId", "agencyId", month FROM daily)`)}
  SELECT d.*, s.product, s."dpdBucket"
  FROM daily d
  JOIN segments s ON s."accountId" = d."accountId" AND s."agencyId" = d."agencyId" AND s.month = d.month`;

/** The kinds of distinct-account activity, as MetricAccountMonth's `<kind>Days` masks and MetricMonthlyAccounts' `kind`. */
export const activityKinds = ["worked", "contacted", "rpc", "promise"] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** MetricAccountMonth's links to the nearest earlier and later month with the same kind of activity. */
export const monthLinks = activityKinds.flatMap((kind) =>
  (["previous", "next"] as const).flatMap((direction) =>
    [false, true].map((inBucket) => ({
      kind,
      direction,
      inBucket,
      column: `${direction}${kind[0]!.toUpperCase()}${kind.slice(1)}Month${inBucket ? "InBucket" : ""}`,
    })),
  ),
);

/** MetricAccountMonth's first active day of the month each next…Month link names (null with the link). */
export const nextFirstDayColumns = activityKinds.flatMap((kind) =>
  [false, true].map((inBucket) => ({ kind, inBucket, column: `next${kind[0]!.toUpperCase()}${kind.slice(1)}FirstDay${inBucket ? "InBucket" : ""}` })),
);

export function nextFirstDayColumn(kind: ActivityKind, inBucket: boolean): string {
  return nextFirstDayColumns.find((entry) => entry.kind === kind && entry.inBucket === inBucket)!.column;
}

/** The first (lowest) day 1–31 set in a day mask (an int with bit day − 1 per active day; not 0). */
export const firstDayOfMaskSql = (mask: string) => `(33 - length(rtrim((${mask})::bit(32)::text, '0')))`;
/** The last (highest) day 1–31 set in a day mask (not 0). */
export const lastDayOfMaskSql = (mask: string) => `length(ltrim((${mask})::bit(32)::text, '0'))`;

/** The column linking a row of `kind` to its neighbour month (in the same days-past-due bucket when filtering by one). */
export function monthLinkColumn(kind: ActivityKind, direction: "previous" | "next", inBucket: boolean): string {
  return monthLinks.find((link) => link.kind === kind && link.direction === direction && link.inBucket === inBucket)!.column;
}

/**
 * Per account, agency and month, for the agency as a whole (agentId -1) and for each agent: bit (day - 1) set in
 * workedDays when an outbound contact was attempted that day, contactedDays when one connected, rpcDays when one
 * connected with the debtor or spouse, promiseDays when a promise to pay was recorded; and for each kind the
 * nearest earlier and later months with it (monthLinks), over the account's whole history with the agency or agent,
 * and the first active day of that later month (nextFirstDayColumns).
 * `$1` must therefore name whole accounts (every refresh does), never a window of months.
 */
export const accountMonthSqlOn = (t: RollupSources) => `
  WITH flagged AS (
    SELECT "accountId", "agencyId", coalesce("agentId", 0) AS "agentId", ${localDay(`"occurredAt"`)} AS day,
           (direction = 'OUTBOUND' AND type IN ${contactTypesSql}) AS worked,
           (direction = 'OUTBOUND' AND type IN ${contactTypesSql} AND outcome = 'CONNECTED') AS contacted,
           (direction = 'OUTBOUND' AND type IN ${contactTypesSql} AND outcome = 'CONNECTED' AND "contactParty" IN ${rightPartiesSql}) AS rpc,
           (type = 'PROMISE') AS promise
    FROM ${t.events}
    WHERE ${ofAccounts(`"accountId"`)} AND ((direction = 'OUTBOUND' AND type IN ${contactTypesSql}) OR type = 'PROMISE')
  ),
  -- Per agent first (0: events without one), then the agency's row (-1) as the union of its agents' days: or-ing
  -- each agent's days and then the agents' gives the days of or-ing every event.
  per_agent AS (
    SELECT "accountId", "agencyId", "agentId", date_trunc('month', day)::date AS month,
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE worked), 0) AS "workedDays",
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE contacted), 0) AS "contactedDays",
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE rpc), 0) AS "rpcDays",
           coalesce(bit_or(1 << (extract(day FROM day)::int - 1)) FILTER (WHERE promise), 0) AS "promiseDays"
    FROM flagged GROUP BY 1, 2, 3, 4
  ),
  per_agency AS (
    SELECT "accountId", "agencyId", -1 AS "agentId", month,
           bit_or("workedDays") AS "workedDays", bit_or("contactedDays") AS "contactedDays", bit_or("rpcDays") AS "rpcDays", bit_or("promiseDays") AS "promiseDays"
    FROM per_agent GROUP BY 1, 2, 4
  ),
  ${segmentsSql(t, "per_agency")},
  monthly AS (
    SELECT u."accountId", u."agencyId", u."agentId", u.month, s.product, s."dpdBucket", u."workedDays", u."contactedDays", u."rpcDays", u."promiseDays"
    FROM (SELECT * FROM per_agency UNION ALL SELECT * FROM per_agent WHERE "agentId" <> 0) u
    JOIN segments s ON s."accountId" = u."accountId" AND s."agencyId" = u."agencyId" AND s.month = u.month
  )
  SELECT m.*, ${monthLinks
    .map(
      (link) =>
        `${link.direction === "previous" ? "max" : "min"}(m.month) FILTER (WHERE m."${link.kind}Days" <> 0) OVER ${link.direction}${link.inBucket ? "_in_bucket" : ""} AS "${link.column}"`,
    )
    .join(",\n         ")},
         ${nextFirstDayColumns
           // The smallest (month, first day) pair among the later active months: the next month's first day.
           .map(
             (entry) =>
               `(min((m.month - DATE '2000-01-01') * 32 + ${firstDayOfMaskSql(`m."${entry.kind}Days"`)}) FILTER (WHERE m."${entry.kind}Days" <> 0) OVER next${entry.inBucket ? "_in_bucket" : ""}) % 32 AS "${entry.column}"`,
           )
           .join(",\n         ")}
  FROM monthly m
  WINDOW previous AS (PARTITION BY m."accountId", m."agencyId", m."agentId" ORDER BY m.month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
         next AS (PARTITION BY m."accountId", m."agencyId", m."agentId" ORDER BY m.month ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
         previous_in_bucket AS (PARTITION BY m."accountId", m."agencyId", m."agentId", m."dpdBucket" ORDER BY m.month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
         next_in_bucket AS (PARTITION BY m."accountId", m."agencyId", m."agentId", m."dpdBucket" ORDER BY m.month ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)`;

/**
 * Per account, agency, agent (0: none), day, rule and severity: violations not dismissed, with the account-agency-
 * month segment (the same as the day facts'), for violations by rule from roll-ups rather than the violations table.
 */
export const accountRuleDaySqlOn = (t: RollupSources) => `
  WITH contributions AS (
    SELECT v."accountId", v."agencyId", coalesce(v."agentId", 0) AS "agentId", ${localDay(`v."occurredAt"`)} AS day,
           v."ruleCode", v.severity::text AS severity
    FROM ${t.violations} v
    WHERE v.status <> 'DISMISSED' AND ${ofAccounts(`v."accountId"`)}
  ),
  ${segmentsSql(t, `(SELECT DISTINCT "accountId", "agencyId", date_trunc('month', day)::date AS month FROM contributions)`)}
  SELECT c."accountId", c."agencyId", c."agentId", c.day, s.product, s."dpdBucket", c."ruleCode", c.severity, count(*)::int AS violations
  FROM contributions c
  JOIN segments s ON s."accountId" = c."accountId" AND s."agencyId" = c."agencyId" AND s.month = date_trunc('month', c.day)::date
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`;

export const placementSqlOn = (t: RollupSources) => `
  SELECT p.id AS "placementId", p."accountId", p."agencyId", p."placedAt", p."recalledAt", p."placedBalance",
         coalesce(a.product, '') AS product, ${dpdBucketSql('p."dpdAtPlacement"')} AS "dpdBucket", ${balanceBandSql('p."placedBalance"')} AS "balanceBand"
  FROM ${t.placements} p JOIN ${t.accounts} a ON a.id = p."accountId"
  WHERE ${ofAccounts(`p."accountId"`)}`;

/**
 * Payments under each placement by month since placement: the agency's placement of the account that covers the
 * payment's day (the latest placed, should two overlap); month 1 runs from the placement day to the day before the
 * same day of the next month.
 */
export const placementMonthSqlOn = (t: RollupSources) => `
  WITH ev AS (
    SELECT e."accountId", e."agencyId", ${localDay(`e."occurredAt"`)} AS day, e.amount
    FROM ${t.events} e
    WHERE e.type = 'PAYMENT' AND ${ofAccounts(`e."accountId"`)}
  )
  SELECT p.id AS "placementId",
         1 + 12 * extract(year FROM age(e.day, p."placedAt"))::int + extract(month FROM age(e.day, p."placedAt"))::int AS "monthsSince",
         e."accountId", sum(coalesce(e.amount, 0)) AS collected
  FROM ev e
  CROSS JOIN LATERAL (
    SELECT p.id, p."placedAt" FROM ${t.placements} p
    WHERE p."accountId" = e."accountId" AND p."agencyId" = e."agencyId" AND p."placedAt" <= e.day
      AND (p."recalledAt" IS NULL OR p."recalledAt" >= e.day)
    ORDER BY p."placedAt" DESC LIMIT 1
  ) p
  GROUP BY 1, 2, 3`;
