import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { seedDemoPlacementLifeCycle, type DemoLifeCycleResult } from "~/demo/demo-placement-life-cycle.server";
import { seedDemoOrganisation } from "~/demo/factories.server";
import { generateDemoPortfolio } from "~/demo/portfolio/generate-portfolio";
import { loadDemoPortfolio } from "~/demo/portfolio/load-portfolio.server";
import { listDueForRecall } from "~/placements/recall-due.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { useOwnDatabase } from "../support/own-database";

// The demo's placement life cycle (ADR 039) on a small demo portfolio loaded as `npm run demo` loads it.
let restoreDatabase: () => Promise<void>;
let directory: string;
let seeded: DemoLifeCycleResult | null;
const anchor = new Date("2026-11-15T00:00:00Z");

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("demo_life_cycle");
  await ensureDefaultRulePacks();
  await seedDemoOrganisation();
  directory = await mkdtemp(path.join(os.tmpdir(), "demo-life-cycle-it-"));
  const files = await generateDemoPortfolio({ seed: 42, scale: 0.01, outDir: directory, anchorDate: anchor });
  await loadDemoPortfolio({ files });
  seeded = await seedDemoPlacementLifeCycle({ now: anchor });
}, 300_000);

afterAll(async () => {
  await restoreDatabase();
  await rm(directory, { recursive: true, force: true });
});

test("rejected acknowledgments, recalls with reasons and placements still due for recall", async () => {
  expect(seeded).not.toBeNull();
  expect(seeded?.rejected).toBeGreaterThan(0);
  const rejected = await getPrisma().placementAcknowledgment.findMany({ where: { status: "REJECTED" }, include: { placement: { include: { agency: true } } } });
  expect(new Set(rejected.map((row) => row.placement.agency.code))).toEqual(new Set(["BLITZ", "CROSSLINE"]));
  expect(rejected.every((row) => row.reason !== null)).toBe(true);
  expect(seeded?.reasonsAdded).toBeGreaterThan(0);
  expect(await getPrisma().placement.count({ where: { recallReason: { not: null } } })).toBeGreaterThanOrEqual(seeded?.reasonsAdded ?? 1);
  const due = await listDueForRecall({ scopeAgencyId: undefined, filters: {}, sort: { column: "placedAt", direction: "asc" }, now: anchor });
  expect(due.rows.length).toBe(seeded?.dueForRecall);
  const reasons = new Set(due.rows.flatMap((row) => row.reasons));
  expect(reasons.has("REJECTED")).toBe(true);
  expect(reasons.has("PAST_TERM")).toBe(true);
  // The paid-in-full ones were recalled through the recall file.
  expect(reasons.has("PAID_IN_FULL")).toBe(false);
});

test("a second run changes nothing", async () => {
  expect(await seedDemoPlacementLifeCycle({ now: anchor })).toBeNull();
});
