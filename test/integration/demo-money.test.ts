import { afterAll, beforeAll, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { seedDemoFeeSchedules, seedDemoStatements } from "~/demo/demo-money.server";
import { seedDemoOrganisation } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { getStatement } from "~/money/statements.server";

const window = { from: "2025-11-01", to: "2026-10-31" };
let agencyIds: Record<string, number>;

beforeAll(async () => {
  agencyIds = (await seedDemoOrganisation()).agencyIds;
}, 120_000);

afterAll(async () => {
  await stopQueue();
});

test("tiered schedules per agency, CROSSLINE's contract changing mid-year on the 16th; seeding twice adds nothing", async () => {
  expect(await seedDemoFeeSchedules({ window })).toBe("2026-05-16");
  const crossline = await getPrisma().feeSchedule.findMany({ where: { agencyId: agencyIds.CROSSLINE, supersededAt: null }, orderBy: { effectiveFrom: "asc" } });
  expect(crossline.map((schedule) => schedule.effectiveFrom.toISOString().slice(0, 10))).toEqual(["1970-01-01", "2026-05-16"]);
  expect(crossline[1]!.flatFeePerPlacement?.toFixed(2)).toBe("20.00");
  const blitz = await getPrisma().feeSchedule.findFirstOrThrow({ where: { agencyId: agencyIds.BLITZ, supersededAt: null } });
  expect((blitz.tiers as { tiers: unknown[] }).tiers).toHaveLength(5);
  expect(await seedDemoFeeSchedules({ window })).toBeNull();
});

test("BLITZ: one final statement and one whose invoice differs", async () => {
  const seeded = (await seedDemoStatements({ window }))!;
  expect((await getStatement(seeded.finalId))!.status).toBe("FINAL");
  const draft = (await getStatement(seeded.draftId))!;
  expect(draft).toMatchObject({ status: "DRAFT", month: "2026-09" });
  expect(draft.comparison.status).toBe("DIFFERS");
  expect(await seedDemoStatements({ window })).toBeNull();
});
