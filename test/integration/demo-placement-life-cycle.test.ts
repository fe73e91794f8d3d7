import { afterAll, beforeAll, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { seedDemoPlacementLifeCycle, type DemoLifeCycleResult } from "~/demo/demo-placement-life-cycle.server";
import { listDueForRecall } from "~/placements/recall-due.server";
import { useLoadedDemoDatabase } from "../support/demo-database";

// The demo's placement life cycle (ADR 039) on a small demo portfolio loaded as `npm run demo` loads it.
let restoreDatabase: () => Promise<void>;
let seeded: DemoLifeCycleResult | null;
const anchor = new Date("2026-11-15T00:00:00Z");

beforeAll(async () => {
  // The portfolio loaded once per run and copied for each file that asks for it (test/support/demo-database.ts).
  ({ restore: restoreDatabase } = await useLoadedDemoDatabase("demo_life_cycle", { seed: 42, scale: 0.01, anchorDate: anchor }));
  seeded = await seedDemoPlacementLifeCycle({ now: anchor });
}, 900_000);

afterAll(async () => {
  await restoreDatabase();
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
