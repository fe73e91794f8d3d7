// Data completeness per agency for a month (ADR 036): the expected daily feed (late and missing business days), volume
// anomalies against each agency's and agent's own trailing baseline, placed accounts not worked in time, PAYMENT
// events with no contact before them, and agents with connected calls but no recording. The counting is SQL over
// the (agencyId, occurredAt) and (accountId, occurredAt) indexes; the judging is the pure modules beside this one.
// Nothing is stored: an item is open while the data shows it, and remembers the finding raised from it.
import { DateTime } from "luxon";
import { getPrisma } from "~/db/client.server";
import { getPool } from "~/db/pg.server";
import { getSetting } from "~/settings/settings.server";
import { addDays } from "~/metrics/metric-filters";
import { feedSettingOf, type DataHealthSettings } from "./data-health-settings";
import { getDataHealthSettings } from "./data-health-settings.server";
import type { DataHealthItemKind } from "./data-health-kinds";
import { businessDaysOfMonth, classifyFeedDay, feedDeadlineOf, runsOf, type FeedDayStatus } from "./feed-calendar";
import { judgeSeries, type VolumeMetric, type WeekCounts } from "./volume-anomaly";

export { dataHealthItemKinds, type DataHealthItemKind } from "./data-health-kinds";

/** Contact attempts: what "worked" means for an account and what a payment should follow. */
const CONTACT_TYPES = ["CALL", "SMS", "EMAIL", "LETTER", "VISIT"];
const SAMPLE_SIZE = 10;

export type DataHealthItem = {
  /** Stable while the data says the same: the finding raised from the item remembers it. */
  key: string;
  kind: DataHealthItemKind;
  agencyId: number;
  agencyCode: string;
  agentId: number | null;
  agentExternalId: string | null;
  /** The days the item covers (the agency's zone). */
  from: string;
  to: string;
  /** Language-neutral figures, rendered by the page and written by the CLI as they are. */
  figures: Record<string, string | number | null>;
  /** Account numbers (up to ten) of placement and payment items. */
  samples: string[];
  /** An open finding raised from this item. */
  findingId: number | null;
};

export type FeedDay = { day: string; status: FeedDayStatus; events: number; firstArrival: string | null; deadline: string };

export type AgencyDataHealth = {
  agencyId: number;
  code: string;
  name: string;
  timeZone: string;
  expectsDailyFeed: boolean;
  arrivalTrackedFrom: string | null;
  feedDays: FeedDay[];
  items: DataHealthItem[];
};

export type DataHealthReport = { month: string; generatedAt: string; settings: Omit<DataHealthSettings, "agencies">; agencies: AgencyDataHealth[] };

type AgencyRow = { id: number; code: string; name: string; timeZone: string };

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return monthPattern.test(value);
}

/** The month of an instant in a zone, "YYYY-MM". */
export function monthOf(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toFormat("yyyy-MM");
}

function lastDayOfMonth(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: "utc" }).endOf("month").toISODate()!;
}

function todayIn(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}

/** Mondays of the month whose week (Monday to Sunday, agency's zone) has ended by `now`. */
function completeWeeksOfMonth(month: string, timeZone: string, now: Date): string[] {
  const weeks: string[] = [];
  const first = DateTime.fromISO(`${month}-01`, { zone: timeZone });
  for (let cursor = first; cursor.month === first.month; cursor = cursor.plus({ days: 1 })) {
    if (cursor.weekday === 1 && cursor.plus({ days: 7 }).toMillis() <= now.getTime()) weeks.push(cursor.toISODate()!);
  }
  return weeks;
}

/** Every data-health item of a month for the agencies given (all active ones when none is). */
export async function computeDataHealth(options: { month: string; agencyIds?: readonly number[]; now: Date }): Promise<DataHealthReport> {
  if (!isMonth(options.month)) throw new Error(`Not a month (YYYY-MM): ${options.month}`);
  const settings = await getDataHealthSettings();
  const agencies: AgencyRow[] = await getPrisma().agency.findMany({
    where: options.agencyIds ? { id: { in: [...options.agencyIds] } } : { active: true },
    select: { id: true, code: true, name: true, timeZone: true },
    orderBy: { code: "asc" },
  });
  const ids = agencies.map((agency) => agency.id);
  const [feedRows, firstEvents, weekRows, unworked, payments, unrecorded, findings] = await Promise.all([
    queryFeedDays(ids, options.month),
    queryFirstEventDays(ids),
    queryWeekCounts(ids, options.month, settings.baselineWeeks),
    queryUnworkedPlacements(ids, options.month, settings.unworkedDays, options.now),
    queryPaymentsWithoutContact(ids, options.month, settings.paymentNoContactDays),
    queryAgentsWithoutRecordings(ids, options.month),
    queryOpenDataHealthFindings(ids),
  ]);
  const report: AgencyDataHealth[] = agencies.map((agency) => {
    const feed = feedSettingOf(settings, agency.code);
    const items: DataHealthItem[] = [];
    const item = (kind: DataHealthItemKind, part: Omit<DataHealthItem, "kind" | "agencyId" | "agencyCode" | "findingId" | "key" | "samples"> & { samples?: string[] }, keyParts: (string | number | null)[]) => {
      const key = [kind, agency.code, ...keyParts].filter((value) => value !== null).join(":");
      items.push({ key, kind, agencyId: agency.id, agencyCode: agency.code, findingId: findings.get(key) ?? null, samples: part.samples ?? [], ...part });
    };

    // The feed: business days of the month from the agency's first event on, up to the last one whose deadline passed.
    const firstDay = firstEvents.get(agency.id) ?? null;
    const byDay = new Map(feedRows.filter((row) => row.agencyId === agency.id).map((row) => [row.day, row]));
    const feedDays: FeedDay[] = businessDaysOfMonth(options.month)
      .filter((day) => firstDay !== null && day >= firstDay)
      .map((day) => {
        const row = byDay.get(day);
        const deadline = feedDeadlineOf(day, settings.feedDeadline, agency.timeZone);
        const status = classifyFeedDay({ day, events: row?.events ?? 0, firstArrival: row?.firstArrival ?? null, deadline, now: options.now, expectsDailyFeed: feed.expectsDailyFeed, arrivalTrackedFrom: feed.arrivalTrackedFrom });
        return { day, status, events: row?.events ?? 0, firstArrival: row?.firstArrival?.toISOString() ?? null, deadline: deadline.toISOString() };
      })
      .filter((day) => day.status !== "PENDING");
    for (const run of runsOf(feedDays, "MISSING")) item("FEED_MISSING", { agentId: null, agentExternalId: null, from: run.from, to: run.to, figures: { businessDays: run.days.length } }, [run.from]);
    for (const day of feedDays.filter((entry) => entry.status === "LATE")) {
      const hoursLate = (Date.parse(day.firstArrival!) - Date.parse(day.deadline)) / 3_600_000;
      item("FEED_LATE", { agentId: null, agentExternalId: null, from: day.day, to: day.day, figures: { deadline: day.deadline, firstArrival: day.firstArrival, hoursLate: Math.round(hoursLate * 10) / 10, events: day.events } }, [day.day]);
    }

    // Volume: the agency, then each agent, against their own trailing weeks.
    const weeks = completeWeeksOfMonth(options.month, agency.timeZone, options.now);
    const baselineOf = (week: string) => Array.from({ length: settings.baselineWeeks }, (_, index) => addDays(week, -7 * (settings.baselineWeeks - index)));
    const series = new Map<string, { agentId: number | null; agentExternalId: string | null; weeks: Map<string, WeekCounts> }>();
    for (const row of weekRows.filter((entry) => entry.agencyId === agency.id)) {
      if (!row.agencyLevel && row.agentId === null) continue;
      const seriesKey = row.agencyLevel ? "agency" : `agent:${row.agentId}`;
      const entry = series.get(seriesKey) ?? { agentId: row.agencyLevel ? null : row.agentId, agentExternalId: row.agencyLevel ? null : row.agentExternalId, weeks: new Map() };
      entry.weeks.set(row.week, row);
      series.set(seriesKey, entry);
    }
    for (const entry of series.values()) {
      for (const found of judgeSeries(entry.weeks, weeks, baselineOf, settings.controlSigma)) {
        const kind = found.judgement.direction === "DROP" ? "VOLUME_DROP" : "VOLUME_JUMP";
        item(
          kind,
          {
            agentId: entry.agentId,
            agentExternalId: entry.agentExternalId,
            from: found.week,
            to: addDays(found.week, 6),
            figures: volumeFigures(found.metric, found.judgement.value, found.judgement.limits),
          },
          [entry.agentId === null ? null : `agent${entry.agentId}`, found.week, found.metric],
        );
      }
    }

    const unworkedRow = unworked.get(agency.id);
    if (unworkedRow) {
      item("UNWORKED_PLACEMENTS", { agentId: null, agentExternalId: null, from: unworkedRow.from, to: unworkedRow.to, figures: { placements: unworkedRow.count, days: settings.unworkedDays }, samples: unworkedRow.samples }, [options.month]);
    }
    const paymentRow = payments.get(agency.id);
    if (paymentRow) {
      item("PAYMENT_WITHOUT_CONTACT", { agentId: null, agentExternalId: null, from: paymentRow.from, to: paymentRow.to, figures: { payments: paymentRow.count, days: settings.paymentNoContactDays }, samples: paymentRow.samples }, [options.month]);
    }
    for (const agent of unrecorded.filter((row) => row.agencyId === agency.id)) {
      item("AGENT_NO_RECORDINGS", { agentId: agent.agentId, agentExternalId: agent.externalId, from: agent.from, to: agent.to, figures: { connectedCalls: agent.connected } }, [`agent${agent.agentId}`, options.month]);
    }
    return { agencyId: agency.id, code: agency.code, name: agency.name, timeZone: agency.timeZone, expectsDailyFeed: feed.expectsDailyFeed, arrivalTrackedFrom: feed.arrivalTrackedFrom, feedDays, items };
  });
  const { agencies: _agencies, ...shown } = settings;
  return { month: options.month, generatedAt: options.now.toISOString(), settings: shown, agencies: report };
}

function volumeFigures(metric: VolumeMetric, value: number, limits: { mean: number; lower: number; upper: number; weeks: number }): Record<string, string | number> {
  const round = (figure: number) => Math.round(figure * 1000) / 1000;
  return { metric, value: round(value), baselineMean: round(limits.mean), lowerLimit: round(limits.lower), upperLimit: round(limits.upper), baselineWeeks: limits.weeks };
}

/** Open items of the current month (lender's zone) per agency code: the dashboard tile and the agencies grid. */
export async function countOpenDataHealthItems(options: { agencyIds?: readonly number[]; now: Date }): Promise<{ month: string; byCode: Map<string, number> }> {
  const month = monthOf(options.now, await getSetting("lender.timeZone"));
  const report = await computeDataHealth({ month, agencyIds: options.agencyIds, now: options.now });
  return { month, byCode: new Map(report.agencies.map((agency) => [agency.code, agency.items.length])) };
}

/** The dashboard tile: open items this month and the agencies they concern. */
export async function summariseDataHealth(options: { agencyIds?: readonly number[]; now: Date }): Promise<{ month: string; items: number; agencies: number }> {
  const { month, byCode } = await countOpenDataHealthItems(options);
  const counts = [...byCode.values()];
  return { month, items: counts.reduce((sum, count) => sum + count, 0), agencies: counts.filter((count) => count > 0).length };
}

// ---------------------------------------------------------------------------------------------------------------
// Counting

const monthStartSql = (param: string) => `(${param}::date::timestamp AT TIME ZONE a."timeZone")`;

async function queryFeedDays(agencyIds: number[], month: string): Promise<{ agencyId: number; day: string; events: number; firstArrival: Date | null }[]> {
  if (agencyIds.length === 0) return [];
  // A day either side in UTC, then each agency's own local day.
  const result = await getPool().query<{ agencyId: number; day: string; events: number; firstArrival: Date | null }>(
    `SELECT e."agencyId", to_char(e."occurredAt" AT TIME ZONE a."timeZone", 'YYYY-MM-DD') AS day, count(*)::int AS events, min(b."createdAt") AS "firstArrival"
     FROM "ActivityEvent" e JOIN "Agency" a ON a.id = e."agencyId" JOIN "ImportBatch" b ON b.id = e."importBatchId"
     WHERE e."agencyId" = ANY($1::int[]) AND e."occurredAt" >= $2::date - 1 AND e."occurredAt" < $3::date + 2
     GROUP BY 1, 2`,
    [agencyIds, `${month}-01`, lastDayOfMonth(month)],
  );
  return result.rows;
}

async function queryFirstEventDays(agencyIds: number[]): Promise<Map<number, string>> {
  if (agencyIds.length === 0) return new Map();
  const result = await getPool().query<{ agencyId: number; day: string }>(
    `SELECT a.id AS "agencyId", to_char((SELECT min(e."occurredAt") FROM "ActivityEvent" e WHERE e."agencyId" = a.id) AT TIME ZONE a."timeZone", 'YYYY-MM-DD') AS day
     FROM "Agency" a WHERE a.id = ANY($1::int[])`,
    [agencyIds],
  );
  return new Map(result.rows.filter((row) => row.day !== null).map((row) => [row.agencyId, row.day]));
}

type WeekRow = WeekCounts & { agencyId: number; agentId: number | null; agentExternalId: string | null; agencyLevel: boolean; week: string };

async function queryWeekCounts(agencyIds: number[], month: string, baselineWeeks: number): Promise<WeekRow[]> {
  if (agencyIds.length === 0) return [];
  const from = addDays(`${month}-01`, -7 * (baselineWeeks + 1));
  const result = await getPool().query<WeekRow>(
    `WITH e AS (
       SELECT e."agencyId", e."agentId", e."accountId", e.type, e.outcome, e."recordingId",
              to_char(date_trunc('week', e."occurredAt" AT TIME ZONE a."timeZone"), 'YYYY-MM-DD') AS week
       FROM "ActivityEvent" e JOIN "Agency" a ON a.id = e."agencyId"
       WHERE e."agencyId" = ANY($1::int[]) AND e."occurredAt" >= $2::date - 1 AND e."occurredAt" < $3::date + 8)
     SELECT e."agencyId", e."agentId", ag."externalId" AS "agentExternalId", GROUPING(e."agentId", ag."externalId") = 3 AS "agencyLevel", e.week,
            count(*)::int AS events,
            count(DISTINCT e."accountId") FILTER (WHERE e.type::text = ANY($4::text[]))::int AS "workedAccounts",
            count(*) FILTER (WHERE e.type = 'CALL')::int AS calls,
            count(*) FILTER (WHERE e.type = 'CALL' AND e.outcome = 'CONNECTED')::int AS connected,
            count(*) FILTER (WHERE e.type = 'CALL' AND e.outcome = 'CONNECTED' AND e."recordingId" IS NOT NULL)::int AS recorded,
            count(*) FILTER (WHERE e.type = 'SMS')::int AS sms
     FROM e LEFT JOIN "Agent" ag ON ag.id = e."agentId"
     GROUP BY GROUPING SETS ((e."agencyId", e.week), (e."agencyId", e."agentId", ag."externalId", e.week))`,
    [agencyIds, from, lastDayOfMonth(month), CONTACT_TYPES],
  );
  return result.rows;
}

type SampledCount = { count: number; samples: string[]; from: string; to: string };

async function queryUnworkedPlacements(agencyIds: number[], month: string, days: number, now: Date): Promise<Map<number, SampledCount>> {
  if (agencyIds.length === 0) return new Map();
  // Placements whose first-contact deadline (placement day + N) fell in the month and has passed, still placed then,
  // with no contact attempt by the agency between placement and deadline (the agency's zone).
  const result = await getPool().query<SampledCount & { agencyId: number }>(
    `SELECT p."agencyId", count(*)::int AS count, (array_agg(acc."accountNumber" ORDER BY p."placedAt", acc."accountNumber"))[1:${SAMPLE_SIZE}] AS samples,
            to_char(min(p."placedAt" + $3::int), 'YYYY-MM-DD') AS "from", to_char(max(p."placedAt" + $3::int), 'YYYY-MM-DD') AS "to"
     FROM "Placement" p JOIN "Agency" a ON a.id = p."agencyId" JOIN "Account" acc ON acc.id = p."accountId"
     WHERE p."agencyId" = ANY($1::int[])
       AND p."placedAt" + $3::int >= $2::date AND p."placedAt" + $3::int <= LEAST($4::date, (date_trunc('month', $2::date) + interval '1 month' - interval '1 day')::date)
       AND (p."recalledAt" IS NULL OR p."recalledAt" > p."placedAt" + $3::int)
       AND NOT EXISTS (
         SELECT 1 FROM "ActivityEvent" e
         WHERE e."accountId" = p."accountId" AND e."agencyId" = p."agencyId" AND e.type::text = ANY($5::text[])
           AND e."occurredAt" >= (p."placedAt"::timestamp AT TIME ZONE a."timeZone")
           AND e."occurredAt" < ((p."placedAt" + $3::int)::timestamp AT TIME ZONE a."timeZone"))
     GROUP BY p."agencyId"`,
    [agencyIds, `${month}-01`, days, addDays(todayIn(now, "UTC"), -1), CONTACT_TYPES],
  );
  return new Map(result.rows.map((row) => [row.agencyId, row]));
}

async function queryPaymentsWithoutContact(agencyIds: number[], month: string, days: number): Promise<Map<number, SampledCount>> {
  if (agencyIds.length === 0) return new Map();
  const result = await getPool().query<SampledCount & { agencyId: number }>(
    `SELECT e."agencyId", count(*)::int AS count, (array_agg(DISTINCT acc."accountNumber"))[1:${SAMPLE_SIZE}] AS samples,
            to_char(min(e."occurredAt" AT TIME ZONE a."timeZone"), 'YYYY-MM-DD') AS "from", to_char(max(e."occurredAt" AT TIME ZONE a."timeZone"), 'YYYY-MM-DD') AS "to"
     FROM "ActivityEvent" e JOIN "Agency" a ON a.id = e."agencyId" JOIN "Account" acc ON acc.id = e."accountId"
     WHERE e."agencyId" = ANY($1::int[]) AND e.type = 'PAYMENT'
       AND e."occurredAt" >= ${monthStartSql("$2")} AND e."occurredAt" < ${monthStartSql("($2::date + interval '1 month')")}
       AND NOT EXISTS (
         SELECT 1 FROM "ActivityEvent" c
         WHERE c."accountId" = e."accountId" AND c."agencyId" = e."agencyId" AND c.type::text = ANY($4::text[])
           AND c."occurredAt" < e."occurredAt" AND c."occurredAt" >= e."occurredAt" - make_interval(days => $3::int))
     GROUP BY e."agencyId"`,
    [agencyIds, `${month}-01`, days, CONTACT_TYPES],
  );
  return new Map(result.rows.map((row) => [row.agencyId, row]));
}

async function queryAgentsWithoutRecordings(agencyIds: number[], month: string): Promise<{ agencyId: number; agentId: number; externalId: string; connected: number; from: string; to: string }[]> {
  if (agencyIds.length === 0) return [];
  const result = await getPool().query<{ agencyId: number; agentId: number; externalId: string; connected: number; from: string; to: string }>(
    `SELECT e."agencyId", e."agentId", ag."externalId", count(*)::int AS connected,
            to_char(min(e."occurredAt" AT TIME ZONE a."timeZone"), 'YYYY-MM-DD') AS "from", to_char(max(e."occurredAt" AT TIME ZONE a."timeZone"), 'YYYY-MM-DD') AS "to"
     FROM "ActivityEvent" e JOIN "Agency" a ON a.id = e."agencyId" JOIN "Agent" ag ON ag.id = e."agentId"
     WHERE e."agencyId" = ANY($1::int[]) AND e.type = 'CALL' AND e.outcome = 'CONNECTED'
       AND e."occurredAt" >= ${monthStartSql("$2")} AND e."occurredAt" < ${monthStartSql("($2::date + interval '1 month')")}
     GROUP BY e."agencyId", e."agentId", ag."externalId"
     HAVING count(e."recordingId") = 0
     ORDER BY e."agencyId", ag."externalId"`,
    [agencyIds, `${month}-01`],
  );
  return result.rows;
}

async function queryOpenDataHealthFindings(agencyIds: number[]): Promise<Map<string, number>> {
  if (agencyIds.length === 0) return new Map();
  const result = await getPool().query<{ item: string; id: number }>(
    `SELECT DISTINCT ON (criteria->>'item') criteria->>'item' AS item, id FROM "Finding"
     WHERE "agencyId" = ANY($1::int[]) AND criteria->>'kind' = 'dataHealth' AND status <> 'CLOSED'
     ORDER BY criteria->>'item', id DESC`,
    [agencyIds],
  );
  return new Map(result.rows.map((row) => [row.item, row.id]));
}
