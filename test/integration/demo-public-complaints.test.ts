import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPublicComplaintHistory } from "~/complaints/public-complaint-history.server";
import { getPrisma } from "~/db/client.server";
import { generateDemoPublicComplaints } from "~/demo/demo-public-complaints";
import { seedDemoPublicComplaints } from "~/demo/demo-public-complaints.server";
import { createPlacedAccount, seedDemoOrganisation } from "~/demo/factories.server";
import { rebuildAllRollups } from "~/metrics/refresh-rollups.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { useOwnDatabase } from "../support/own-database";

// The demo's CFPB-layout file, imported as `npm run demo` imports it, against the demo organisation (fixed codes:
// its own database). Small: a handful of complaints per agency.
let restoreDatabase: () => Promise<void>;
let directory: string;
const anchor = new Date("2026-11-15T00:00:00Z");

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("demo_public_complaints");
  await seedDemoOrganisation();
  directory = await mkdtemp(path.join(os.tmpdir(), "demo-cfpb-it-"));
}, 120_000);

afterAll(async () => {
  await restoreDatabase();
  await rm(directory, { recursive: true, force: true });
});

describe("the demo's public complaint data", () => {
  test("the file is the same for a seed, in the official form, with narratives holding commas and newlines", () => {
    const first = generateDemoPublicComplaints({ seed: 42, anchorDate: anchor, perAgency: 5 });
    expect(generateDemoPublicComplaints({ seed: 42, anchorDate: anchor, perAgency: 5 }).csv).toBe(first.csv);
    expect(generateDemoPublicComplaints({ seed: 43, anchorDate: anchor, perAgency: 5 }).csv).not.toBe(first.csv);
    expect(first.csv.startsWith("Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,")).toBe(true);
    expect(first.csv).toMatch(/^\d\d\/\d\d\/\d{4},/m);
    expect(first.csv).toMatch(/"[^"]*,[^"]*\n[^"]*"/);
  });

  test("the US agencies get REGULATOR_PUBLIC complaints by their aliases; other products and collectors are set aside; none count per 1,000", async () => {
    const expected = generateDemoPublicComplaints({ seed: 42, anchorDate: anchor, perAgency: 5 }).counts;
    const batch = await seedDemoPublicComplaints({ seed: 42, now: anchor, directory, perAgency: 5 });
    expect(batch).toMatchObject({ status: "COMMITTED", layout: "cfpb", acceptedRows: expected.debtCollection, skippedRows: expected.otherProducts, otherCompanyRows: expected.otherCompanies, rejectedRows: 0 });

    const agencies = await getPrisma().agency.findMany({ where: { code: { in: ["IDLEWOOD", "MERIDIAN"] } }, select: { id: true, code: true, aliases: true } });
    expect(agencies.every((agency) => agency.aliases.length > 0)).toBe(true);
    for (const agency of agencies) {
      const bySource = await getPrisma().complaint.groupBy({ by: ["source"], where: { agencyId: agency.id }, _count: true });
      expect(bySource).toEqual([{ source: "REGULATOR_PUBLIC", _count: 5 }]);
      expect((await getPublicComplaintHistory(agency.id)).total).toBe(5);
    }
    // One placed account each, so the agencies have a scorecard: its complaints per 1,000 must not see the public ones.
    for (const agency of agencies) await createPlacedAccount({ agencyId: agency.id, timeZone: "America/New_York" });
    await rebuildAllRollups();
    const cards = await getAgencyScorecards({ from: "2025-11-01", to: "2026-11-30", agencyIds: agencies.map((agency) => agency.id) });
    expect(cards).toHaveLength(2);
    expect(cards.map((card) => card.metrics.complaints)).toEqual([0, 0]);

    // Loading the demo again adds nothing: the same bytes answer with the batch that imported them.
    const again = await seedDemoPublicComplaints({ seed: 42, now: anchor, directory, perAgency: 5 });
    expect(await getPrisma().complaint.count({ where: { source: "REGULATOR_PUBLIC" } })).toBe(expected.debtCollection);
    expect(again.id).toBe(batch.id);
  });
});
