import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { DEMO_MAPPING_PROFILE_NAME, DEMO_VIOLATION_ACCOUNT, DEMO_WRONG_NUMBER, showcaseAccounts } from "~/demo/portfolio/facts";
import { generateDemoPortfolio, type DemoPortfolioFiles } from "~/demo/portfolio/generate-portfolio";
import { DEMO_LAPSED_AGENTS } from "~/demo/portfolio/rosters";
import { hasDemoPortfolio, loadDemoPortfolio, type DemoPortfolioLoadResult } from "~/demo/portfolio/load-portfolio.server";
import { IDLEWOOD_EARLY_CALL_NOTE } from "~/demo/portfolio/simulate";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { importFile } from "../support/import-harness";
import { useOwnDatabase } from "../support/own-database";

// The demo uses fixed agency codes, account numbers and user emails, so it loads into a database of its own.
let restoreDatabase: () => Promise<void>;
let directory: string;
let files: DemoPortfolioFiles;
let loaded: DemoPortfolioLoadResult;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("demo_portfolio");
  await ensureDefaultRulePacks();
  directory = await mkdtemp(path.join(os.tmpdir(), "demo-portfolio-it-"));
  files = await generateDemoPortfolio({ seed: 42, scale: 0.005, outDir: directory, anchorDate: new Date("2026-11-15T00:00:00Z") });
  expect(await hasDemoPortfolio()).toBe(false);
  loaded = await loadDemoPortfolio({ files });
}, 180_000);

afterAll(async () => {
  // Also stops pg-boss, which submitImport started on this database.
  await restoreDatabase();
  await rm(directory, { recursive: true, force: true });
});

const violationsByAgency = async () => {
  const rows = await getPrisma().$queryRaw<{ code: string; ruleCode: string; count: number }[]>`
    SELECT a.code, v."ruleCode", count(*)::int AS count FROM "Violation" v JOIN "Agency" a ON a.id = v."agencyId" GROUP BY 1, 2`;
  const byAgency = new Map<string, Map<string, number>>();
  for (const row of rows) byAgency.set(row.code, (byAgency.get(row.code) ?? new Map()).set(row.ruleCode, row.count));
  return byAgency;
};

describe("the demo portfolio loaded through the import pipeline", () => {
  test("every file committed; every good row accepted and exactly the bad rows rejected", async () => {
    // Placements, activities, rosters, complaints and the lender's ledger written from the reported payments.
    expect(loaded.batches).toHaveLength(3 + files.activities.length + files.rosters.length);
    expect(loaded.batches.at(-1)).toMatchObject({ kind: "PAYMENTS", rejectedRows: 0 });
    for (const batch of loaded.batches) expect(batch.status).toBe("COMMITTED");
    const expected = [files.placements, ...files.activities, ...files.rosters, files.complaints];
    for (const [index, file] of expected.entries()) {
      const batch = loaded.batches[index];
      expect(batch?.fileName).toBe(path.basename(file.path));
      expect(batch?.rejectedRows).toBe(file.badRows);
      expect(batch?.acceptedRows).toBe(file.rows - file.badRows);
    }
    const prisma = getPrisma();
    expect(await prisma.placement.count()).toBe(files.counts.placements);
    expect(await prisma.activityEvent.count()).toBe(files.counts.events);
    expect(await prisma.complaint.count()).toBe(files.counts.complaints);
    expect(await prisma.importRowError.count()).toBeGreaterThan(0);
    expect(await hasDemoPortfolio()).toBe(true);
  });

  test("the ledger tells its stories: CROSSLINE remits short, BLITZ late, debtors pay directly (ADR 038)", async () => {
    const items = await getPrisma().reconciliationItem.findMany({ select: { status: true, rule: true, agencyId: true } });
    const agencies = new Map((await getPrisma().agency.findMany({ select: { id: true, code: true } })).map((agency) => [agency.id, agency.code]));
    const has = (status: string, code?: string, rule?: string) =>
      items.some((item) => item.status === status && (code === undefined || agencies.get(item.agencyId) === code) && (rule === undefined || item.rule === rule));
    expect(has("AMOUNT_MISMATCH", "CROSSLINE")).toBe(true);
    expect(has("LATE_REMITTANCE", "BLITZ")).toBe(true);
    expect(has("RECEIVED_NOT_REPORTED")).toBe(true);
    expect(has("REPORTED_NOT_RECEIVED")).toBe(true);
    expect(items.filter((item) => item.status === "MATCHED").length).toBeGreaterThan(items.length / 2);
  });

  test("KINLINK's GBK file went through its saved mapping profile; the US agencies are judged by the US pack", async () => {
    const prisma = getPrisma();
    const profile = await prisma.mappingProfile.findFirst({ where: { name: DEMO_MAPPING_PROFILE_NAME }, include: { agency: true } });
    expect(profile?.agency?.code).toBe("KINLINK");
    const batch = await prisma.importBatch.findFirst({ where: { agency: { code: "KINLINK" } } });
    expect(batch?.mappingProfileId).toBe(profile?.id);
    expect((batch?.sourceDetails as { encoding?: string } | null)?.encoding).toMatch(/GB/i);
    const packs = await prisma.agency.findMany({ where: { code: { in: ["IDLEWOOD", "MERIDIAN", "BLITZ"] } }, select: { code: true, rulePackCode: true }, orderBy: { code: "asc" } });
    expect(packs).toEqual([{ code: "BLITZ", rulePackCode: null }, { code: "IDLEWOOD", rulePackCode: "us" }, { code: "MERIDIAN", rulePackCode: "us" }]);
  });

  test("US placements carry the debtor's state, and Massachusetts' two calls in seven days (209 CMR 18.16(1)(d)) find what the federal pack does not", async () => {
    const prisma = getPrisma();
    const states = await prisma.account.groupBy({ by: ["state"], where: { placements: { some: { agency: { code: { in: ["IDLEWOOD", "MERIDIAN"] } } } } }, _count: true });
    const byState = new Map(states.map((row) => [row.state, row._count]));
    for (const state of ["MA", "NY", "WA", "CA"]) expect(byState.get(state), state).toBeGreaterThan(0);
    expect(await prisma.account.count({ where: { state: { not: null }, placements: { every: { agency: { code: { notIn: ["IDLEWOOD", "MERIDIAN"] } } } } } })).toBe(0);
    const stateFindings = await prisma.violation.count({ where: { ruleCode: "CALL_FREQUENCY_7IN7", account: { state: "MA" }, explanation: { path: ["params", "stateRule"], equals: "209 CMR 18.16(1)(d)" } } });
    expect(stateFindings).toBeGreaterThan(0);
  });

  test("the bad agencies have their typical violations and the strong one (almost) none", async () => {
    const byAgency = await violationsByAgency();
    expect(byAgency.get("BLITZ")?.get("CONTACT_HOURS")).toBeGreaterThan(0);
    expect(byAgency.get("BLITZ")?.get("ABUSIVE_LANGUAGE")).toBeGreaterThan(0);
    expect(byAgency.get("CROSSLINE")?.get("WRONG_PARTY_REPEAT")).toBeGreaterThan(0);
    expect(byAgency.get("KINLINK")?.get("THIRD_PARTY_DISCLOSURE")).toBeGreaterThan(0);
    const anchorEvents = await getPrisma().activityEvent.count({ where: { agency: { code: "ANCHOR" } } });
    const anchorViolations = [...(byAgency.get("ANCHOR")?.values() ?? [])].reduce((sum, count) => sum + count, 0);
    expect(anchorViolations / anchorEvents).toBeLessThan(0.002);
    const blitzEvents = await getPrisma().activityEvent.count({ where: { agency: { code: "BLITZ" } } });
    const blitzViolations = [...(byAgency.get("BLITZ")?.values() ?? [])].reduce((sum, count) => sum + count, 0);
    expect(blitzViolations / blitzEvents).toBeGreaterThan(0.05);
  });

  test("every agency sent a roster; only BLITZ's collectors with lapsed certificates are untrained (ADR 031)", async () => {
    expect(files.rosters.map((roster) => roster.agencyCode).sort()).toEqual(["ANCHOR", "BLITZ", "CROSSLINE", "IDLEWOOD", "KINLINK", "MERIDIAN"]);
    const rows = await getPrisma().$queryRaw<{ code: string; agent: string; count: number }[]>`
      SELECT a.code, g."externalId" AS agent, count(*)::int AS count FROM "Violation" v JOIN "Agency" a ON a.id = v."agencyId" JOIN "Agent" g ON g.id = v."agentId"
       WHERE v."ruleCode" = 'UNTRAINED_AGENT' GROUP BY 1, 2 ORDER BY 1, 2`;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.code))).toEqual(new Set(["BLITZ"]));
    expect(rows.length).toBeLessThanOrEqual(DEMO_LAPSED_AGENTS);
  });

  test("the scripted accounts of facts.ts hold what they promise", async () => {
    const prisma = getPrisma();
    for (const showcase of showcaseAccounts) {
      const account = await prisma.account.findUniqueOrThrow({ where: { accountNumber: showcase.accountNumber } });
      const rules = new Set((await prisma.violation.findMany({ where: { accountId: account.id }, select: { ruleCode: true } })).map((row) => row.ruleCode));
      for (const rule of showcase.violations) expect(rules, `${showcase.accountNumber} ${rule}`).toContain(rule);
      if (showcase.agencyCode === "ANCHOR") expect(rules.size).toBe(0);
      const payments = await prisma.activityEvent.count({ where: { accountId: account.id, type: "PAYMENT" } });
      if (showcase.hasPayment) expect(payments).toBeGreaterThan(0);
    }
    const blitz = await prisma.account.findUniqueOrThrow({ where: { accountNumber: DEMO_VIOLATION_ACCOUNT } });
    expect(await prisma.complaint.count({ where: { accountId: blitz.id } })).toBeGreaterThan(0);
    expect(await prisma.complaint.count({ where: { source: "NON_BORROWER", phoneNumber: DEMO_WRONG_NUMBER } })).toBe(1);
  });
});

describe("Regulation F stories of the US agencies (consent, STOP replies, attorneys), through the same activity files", () => {
  const showcaseOf = (code: string) => showcaseAccounts.find((showcase) => showcase.agencyCode === code)!;
  const rulesOn = async (accountNumber: string) => {
    const account = await getPrisma().account.findUniqueOrThrow({ where: { accountNumber } });
    return (await getPrisma().violation.findMany({ where: { accountId: account.id }, select: { ruleCode: true, triggerEventId: true } })).map((row) => row.ruleCode);
  };

  test("IDLEWOOD honours them: the 07:30 call the consumer asked for (§1006.6(b)(4)(i)), the STOP reply and the attorney's notice break no rule", async () => {
    const prisma = getPrisma();
    const idlewood = showcaseOf("IDLEWOOD");
    const account = await prisma.account.findUniqueOrThrow({ where: { accountNumber: idlewood.accountNumber } });
    const facts = await prisma.activityEvent.findMany({ where: { accountId: account.id, type: { in: ["CONSENT", "ATTORNEY_NOTICE"] } }, select: { type: true, consentScope: true } });
    expect(facts).toEqual(expect.arrayContaining([{ type: "CONSENT", consentScope: "INCONVENIENT_TIME" }, { type: "ATTORNEY_NOTICE", consentScope: null }]));
    const early = await prisma.activityEvent.findFirstOrThrow({ where: { accountId: account.id, messageText: IDLEWOOD_EARLY_CALL_NOTE } });
    expect(await prisma.violation.count({ where: { triggerEventId: early.id } })).toBe(0);
    const rules = await rulesOn(idlewood.accountNumber);
    expect(rules).not.toContain("CONSUMER_RESTRICTION");
    expect(rules).not.toContain("ATTORNEY_REPRESENTED");
    expect(rules).not.toContain("CONTACT_HOURS");
  });

  test("MERIDIAN does not: it texts after the STOP reply and calls the consumer its attorney represents", async () => {
    const rules = await rulesOn(showcaseOf("MERIDIAN").accountNumber);
    expect(rules).toContain("CONSUMER_RESTRICTION");
    expect(rules).toContain("ATTORNEY_REPRESENTED");
  });
});

describe("the public sample files of the Imports page", () => {
  const sample = (name: string) => readFileSync(new URL(`../../public/samples/${name}`, import.meta.url));

  // A first-day user downloads a sample and uploads it unchanged: every row must land in the demo organisation.
  test.each([
    ["placements.csv", "PLACEMENTS", null],
    ["activities.csv", "ACTIVITIES", "BLITZ"],
    ["complaints.csv", "COMPLAINTS", null],
    ["agents.csv", "AGENTS", "BLITZ"],
    ["payments.csv", "PAYMENTS", null],
  ] as const)("%s imports into the demo without a rejected row", async (name, kind, agencyCode) => {
    const agency = agencyCode ? await getPrisma().agency.findUniqueOrThrow({ where: { code: agencyCode } }) : null;
    const { batch } = await importFile({ kind, agencyId: agency?.id ?? null, fileName: `sample-${name}`, content: sample(name) });
    expect(batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0, duplicateRows: 0 });
    expect(batch?.acceptedRows).toBe(batch?.totalRows);
    expect(batch?.acceptedRows).toBeGreaterThanOrEqual(5);
  });

  test("acknowledgments.csv answers BLITZ's placements of placements.csv without a rejected row", async () => {
    const blitz = await getPrisma().agency.findUniqueOrThrow({ where: { code: "BLITZ" } });
    const { batch } = await importFile({ kind: "ACKNOWLEDGMENTS", agencyId: blitz.id, fileName: "sample-acknowledgments.csv", content: sample("acknowledgments.csv") });
    expect(batch).toMatchObject({ status: "COMMITTED", rejectedRows: 0, duplicateRows: 0, acceptedRows: 2 });
  });
});

