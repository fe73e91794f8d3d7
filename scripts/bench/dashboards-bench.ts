// Dashboard loaders against whatever the database holds (the bench runner loads 1M or 10M events first): the
// Remix loaders of the dashboard pages and grids themselves (session check, filters, every figure of the page),
// called as Remix calls them with a signed-in demo user, each with the periods and filters people use: the pages'
// default (6 months), the presets, custom ranges that cut months at both ends (early and late in the month, and inside
// one month), a segment filter. Timed over `runs` calls after one warm-up call. The recovery index is also timed cold (as the first request for a filter
// that nobody has asked for since the last import pays it), by forgetting it before each call: with the placements
// read from their tables (the first filter after an import), from their kept snapshot (any other process's first
// filter) and already in the process.
import { getPrisma } from "../../app/db/client.server";
import { demoUsers } from "../../app/demo/demo-users";
import { presetRange } from "../../app/dashboard/period-presets";
import { computeRecoveryIndex, forgetPlacementColumns } from "../../app/metrics/get-agency-scorecards.server";
import { addDays, defaultPeriod } from "../../app/metrics/metric-filters";
import { getMetricDataRange } from "../../app/metrics/query-metrics.server";
import { getPool } from "../../app/db/pg.server";
import * as dashboard from "../../app/routes/_app._index";
import * as agencies from "../../app/routes/_app.agencies._index";
import * as agency from "../../app/routes/_app.agencies.$code";
import * as agent from "../../app/routes/_app.agencies.$code_.agents.$agentId";
import * as cases from "../../app/routes/cases[.json]";
import * as violationRows from "../../app/routes/violations.rows";
import * as complaintRows from "../../app/routes/complaints.rows";
import { buildRequest, runRoute, sessionCookieFor } from "../../test/support/route-harness";

/** `error`: the loader failed (only with `continueOnError`); its times are NaN. */
export type DashboardBenchRow = { loader: string; p50Ms: number; p95Ms: number; error?: string };

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

type Loader = Parameters<typeof runRoute>[0];

/** `continueOnError`: a loader that fails is reported with its error and the others are still timed (the cluster section). */
export async function benchDashboards(options: { databaseUrl: string; runs: number; continueOnError?: boolean }): Promise<DashboardBenchRow[]> {
  if (process.env.DATABASE_URL !== options.databaseUrl) process.env.DATABASE_URL = options.databaseUrl;
  const prisma = getPrisma();
  const range = await getMetricDataRange();
  if (!range) throw new Error("the dashboard benchmark needs a loaded portfolio");
  const anchor = addDays(defaultPeriod({ today: new Date().toISOString().slice(0, 10), months: 1, dataRange: range }).to, 1);
  const lastMonth = presetRange("lastMonth", anchor);
  const year = presetRange("last12Months", anchor);
  const six = presetRange("last6Months", anchor);
  // A custom range cutting its first and last month, and a period whose index nobody precomputed.
  const cut = { from: addDays(six.from, 9), to: addDays(six.to, -12) };
  // A start late in its month reads most of that month's rows by last active day; a period inside one month reads
  // that month account by account (ADR 011).
  const lateStart = { from: addDays(six.from, 24), to: addDays(six.to, -3) };
  const withinMonth = { from: addDays(lastMonth.from, 6), to: addDays(lastMonth.from, 20) };
  const query = (period: { from: string; to: string }, extra = "") => `from=${period.from}&to=${period.to}${extra}`;

  const userIds = new Map<string, number>();
  for (const user of demoUsers) {
    const row = await prisma.user.findUnique({ where: { email: user.email }, select: { id: true } });
    if (!row) throw new Error(`the demo user ${user.email} is missing: load the demo portfolio first`);
    userIds.set(user.role, row.id);
  }
  const cookie = async (role: string) => sessionCookieFor(userIds.get(role)!);
  const executive = await cookie("EXECUTIVE");
  const vendor = await cookie("VENDOR_MANAGER");
  const compliance = await cookie("COMPLIANCE");
  const agencyUser = await cookie("AGENCY");
  const busiest = await prisma.agency.findFirstOrThrow({ where: { code: "BLITZ" }, select: { id: true, code: true } });
  const topAgent = await getPool().query<{ agentId: number }>(
    `SELECT "agentId" FROM "MetricMonthlySums" WHERE "agencyId" = $1 AND "agentId" > 0 GROUP BY 1 ORDER BY sum("outboundContacts") DESC LIMIT 1`,
    [busiest.id],
  );
  const agentId = String(topAgent.rows[0]?.agentId ?? 0);

  const page = (loader: Loader, path: string, session: string, params: Record<string, string> = {}) => async () => {
    const outcome = await runRoute(loader, buildRequest(path, { cookie: session }), params);
    if (outcome.status !== 200) throw new Error(`${path} answered ${outcome.status}`);
  };
  const code = { code: busiest.code };
  const loaders: [string, () => Promise<unknown>][] = [
    ["/ executive dashboard (default: 6 months)", page(dashboard.loader, "/", executive)],
    ["/ executive dashboard (last month)", page(dashboard.loader, `/?${query(lastMonth)}`, executive)],
    ["/ executive dashboard (12 months)", page(dashboard.loader, `/?${query(year)}`, executive)],
    ["/ executive dashboard (custom range cutting both end months)", page(dashboard.loader, `/?${query(cut)}`, executive)],
    ["/ executive dashboard (custom range starting on the 25th)", page(dashboard.loader, `/?${query(lateStart)}`, executive)],
    ["/ executive dashboard (15 days inside one month)", page(dashboard.loader, `/?${query(withinMonth)}`, executive)],
    ["/ executive dashboard (6 months, dpd 90-179)", page(dashboard.loader, `/?${query(six, "&dpd=90-179")}`, executive)],
    ["/ executive dashboard (agency user, own agency)", page(dashboard.loader, "/", agencyUser)],
    ["/agencies comparison (default: 6 months)", page(agencies.loader, "/agencies", vendor)],
    ["/agencies comparison (12 months)", page(agencies.loader, `/agencies?${query(year)}`, vendor)],
    [`/agencies/${busiest.code} agency page (default)`, page(agency.loader, `/agencies/${busiest.code}`, vendor, code)],
    [`/agencies/${busiest.code}/agents/… agent page (default)`, page(agent.loader, `/agencies/${busiest.code}/agents/${agentId}`, vendor, { ...code, agentId })],
    ["/cases.json first page (6 months)", page(cases.loader, `/cases.json?${query(six)}`, executive)],
    ["/violations/rows first block (newest first)", page(violationRows.loader, "/violations/rows?startRow=0&endRow=100", compliance)],
    ["/complaints/rows first block (newest first)", page(complaintRows.loader, "/complaints/rows?startRow=0&endRow=100", compliance)],
  ];
  const rows: DashboardBenchRow[] = [];
  const time = async (loader: string, run: () => Promise<unknown>, before?: () => Promise<unknown>) => {
    await before?.();
    try {
      await run();
    } catch (error) {
      if (!options.continueOnError) throw error;
      rows.push({ loader, p50Ms: Number.NaN, p95Ms: Number.NaN, error: (error instanceof Error ? error.message : String(error)).trim().split("\n").at(-1) ?? "" });
      return;
    }
    const times: number[] = [];
    for (let index = 0; index < options.runs; index++) {
      await before?.();
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((left, right) => left - right);
    rows.push({ loader, p50Ms: Math.round(percentile(times, 0.5) * 10) / 10, p95Ms: Math.round(percentile(times, 0.95) * 10) / 10 });
  };
  for (const [loader, run] of loaders) await time(loader, run);
  // Cold: what the first request for a filter pays once placements or payments changed (the placements read into
  // the process, then the index computed), and what any further new filter pays (computed from what was read).
  const forget = () => getPool().query(`DELETE FROM "MetricRecoveryIndex"`);
  await time("recovery index, cold: first filter after an import (placements read, then computed)", () => computeRecoveryIndex(six), async () => {
    await forgetPlacementColumns({ snapshot: true });
    await forget();
  });
  // What any other process's first new filter pays once the first one (the warm-up after an import) kept the
  // placements' snapshot (ADR 053).
  await time("recovery index, cold: a process's first filter (placements from their snapshot, then computed)", () => computeRecoveryIndex(six), async () => {
    await forgetPlacementColumns();
    await forget();
  });
  await time("recovery index, cold: another filter (6 months, every agency)", () => computeRecoveryIndex(six), forget);
  await time("recovery index, cold: another filter (custom range, product filter)", () => computeRecoveryIndex({ ...cut, product: "PERSONAL_LOAN" }), forget);
  return rows;
}
