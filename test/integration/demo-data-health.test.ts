import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { computeDataHealth } from "~/data-health/data-health.server";
import { getPrisma } from "~/db/client.server";
import { seedDemoDataHealth } from "~/demo/demo-data-health.server";
import type { DemoPortfolioFiles } from "~/demo/portfolio/generate-portfolio";
import { demoFeedGap } from "~/demo/portfolio/log-gaps";
import { useLoadedDemoDatabase } from "../support/demo-database";

// The demo's data-completeness story on a small portfolio loaded as `npm run demo` loads it: IDLEWOOD's missing
// week on its Data health page, and complaints of every corroboration status (CROSSLINE's non-borrower complaints
// corroborated, BLITZ's unlogged contacts finding no matching log).
let restoreDatabase: () => Promise<void>;
let files: DemoPortfolioFiles;
const anchor = new Date("2026-11-15T00:00:00Z");

beforeAll(async () => {
  // The portfolio loaded once per run and copied for each file that asks for it (test/support/demo-database.ts).
  ({ files, restore: restoreDatabase } = await useLoadedDemoDatabase("demo_data_health", { seed: 42, scale: 0.01, anchorDate: anchor }));
  await seedDemoDataHealth({ now: anchor });
}, 900_000);

afterAll(async () => {
  await restoreDatabase();
});

describe("the demo's data health", () => {
  test("IDLEWOOD's feed is missing for a working week, flagged as one item", async () => {
    const gap = demoFeedGap({ startMs: Date.parse(`${files.window.from}T00:00:00Z`), days: 0, from: files.window.from, to: files.window.to });
    const idlewood = await getPrisma().agency.findUniqueOrThrow({ where: { code: "IDLEWOOD" } });
    const report = await computeDataHealth({ month: gap.from.slice(0, 7), agencyIds: [idlewood.id], now: anchor });
    const health = report.agencies[0]!;
    const gapDays = health.feedDays.filter((day) => day.day >= gap.from && day.day <= gap.to);
    expect(gapDays).toHaveLength(5);
    expect(gapDays.every((day) => day.status === "MISSING" && day.events === 0)).toBe(true);
    const missing = health.items.filter((item) => item.kind === "FEED_MISSING" && item.from <= gap.from && item.to >= gap.to);
    expect(missing).toHaveLength(1);
    // Arrival times are judged from the demo's go-live (the anchor): the backfilled year is not "late".
    expect(health.items.filter((item) => item.kind === "FEED_LATE")).toEqual([]);
  });

  test("complaints of every corroboration status; CROSSLINE's non-borrower complaints corroborated, BLITZ's without a matching log", async () => {
    const rows = await getPrisma().complaint.groupBy({ by: ["corroboration"], _count: { _all: true } });
    expect(new Set(rows.map((row) => row.corroboration))).toEqual(new Set(["CORROBORATED", "LOGGED_NO_VIOLATION", "NO_MATCHING_LOG", "NOT_CHECKABLE"]));
    const crossline = await getPrisma().complaint.findMany({ where: { agency: { code: "CROSSLINE" }, source: "NON_BORROWER" }, select: { corroboration: true } });
    expect(crossline.length).toBeGreaterThan(0);
    expect(crossline.some((complaint) => complaint.corroboration === "CORROBORATED")).toBe(true);
    const blitzUnlogged = await getPrisma().complaint.count({ where: { agency: { code: "BLITZ" }, corroboration: "NO_MATCHING_LOG" } });
    expect(blitzUnlogged).toBeGreaterThan(0);
  });
});
