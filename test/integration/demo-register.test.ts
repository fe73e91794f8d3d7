import { beforeAll, expect, test } from "vitest";
import { listActionRequired, listApprovedAgencies } from "~/agency-register/register-lists.server";
import { seedDemoRegister } from "~/demo/demo-register.server";
import { seedDemoOrganisation } from "~/demo/factories.server";
import { demoAgencies } from "~/demo/demo-users";
import { getPrisma } from "~/db/client.server";
import { listAgenciesDue } from "~/evaluations/evaluations.server";

// The demo's register through the register's own functions: documents for every agency, one licence expiring within
// 30 days, IDLEWOOD on PROBATION, CROSSLINE action required; a second run changes nothing.
const now = new Date("2026-11-15T04:00:00Z");
let agencyIds: Record<string, number>;

beforeAll(async () => {
  agencyIds = (await seedDemoOrganisation()).agencyIds;
  await seedDemoRegister({ now });
});

test("every demo agency has documents; BLITZ's licence expires within 30 days; IDLEWOOD is on PROBATION", async () => {
  for (const agency of demoAgencies) expect(await getPrisma().agencyDocument.count({ where: { agencyId: agencyIds[agency.code] } })).toBeGreaterThan(3);
  const rows = await listApprovedAgencies(now);
  const demoRows = rows.filter((row) => demoAgencies.some((agency) => agency.code === row.code));
  expect(demoRows.filter((row) => row.licences.some((licence) => licence.daysLeft !== null && licence.daysLeft >= 0 && licence.daysLeft <= 30)).map((row) => row.code)).toEqual(["BLITZ"]);
  expect(demoRows.find((row) => row.code === "IDLEWOOD")?.status).toBe("PROBATION");
  const missing = await listActionRequired(now);
  expect(missing.get(agencyIds.CROSSLINE!)).toEqual(["INFOSEC_ATTESTATION"]);
  expect(missing.has(agencyIds.ANCHOR!)).toBe(false);
  const file = await getPrisma().agencyDocument.findFirstOrThrow({ where: { agencyId: agencyIds.BLITZ! }, include: { file: true } });
  expect(Buffer.from(file.file.bytes).subarray(0, 5).toString()).toBe("%PDF-");
  expect(await seedDemoRegister({ now })).toEqual({ agencies: 0, documents: 0 });
});

test("MERIDIAN is due for an evaluation because its contract ends within the register's 60-day notice period", async () => {
  const due = await listAgenciesDue({ id: 0, role: "VENDOR_MANAGER", agencyId: null }, now);
  const meridian = due.find((row) => row.agencyCode === "MERIDIAN");
  expect(meridian?.reasons).toContain("CONTRACT_ENDING");
  expect(meridian?.contract).toEqual({ endsOn: "2026-12-30", noticeDays: 60, noticeFrom: "2026-10-31" });
  // ANCHOR's contract runs to the end of 2027: it is due only for never having been evaluated here.
  expect(due.find((row) => row.agencyCode === "ANCHOR")?.reasons).toEqual(["NEVER_EVALUATED"]);
});
