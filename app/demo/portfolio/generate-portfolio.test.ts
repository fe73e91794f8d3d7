import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { afterAll, describe, expect, test } from "vitest";
import { openRows } from "~/ingest/readers/read-rows";
import { createReadStream } from "node:fs";
import { generateDemoPortfolio, type DemoPortfolioFiles } from "./generate-portfolio";
import { DEMO_VIOLATION_ACCOUNT, showcaseAccounts } from "./facts";
import { behaviourOf, demoAgencyBehaviours } from "./behaviour";
import { planPortfolio } from "./plan";
import { portfolioStats, type AgencyPortfolioStats } from "./portfolio-stats";
import { simulatePortfolio } from "./simulate";

const anchorDate = new Date("2026-11-15T00:00:00Z");
const directories: string[] = [];
async function generate(seed: number, scale = 0.004): Promise<DemoPortfolioFiles> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), "demo-portfolio-test-"));
  directories.push(outDir);
  return generateDemoPortfolio({ seed, scale, outDir, anchorDate });
}
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

const sha = async (filePath: string) => createHash("sha256").update(await readFile(filePath)).digest("hex");
const csvFiles = (files: DemoPortfolioFiles) => [files.placements.path, files.complaints.path, ...files.activities.filter((file) => file.layout !== "xlsx").map((file) => file.path)];

/** The XLSX zip carries write times, so its rows are compared as the import pipeline reads them. */
async function xlsxRows(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  const rows = await openRows({ stream: createReadStream(filePath), fileName: path.basename(filePath), kind: "ACTIVITIES" });
  for await (const row of rows.rows) hash.update(JSON.stringify(row));
  return hash.digest("hex");
}

function readCsv(text: string): Record<string, string>[] {
  return parse(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** Every monthly activity file of one agency, as rows. */
async function agencyRows(files: DemoPortfolioFiles, code: string, encoding: "utf8" | "gbk" = "utf8"): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for (const file of files.activities.filter((candidate) => candidate.agencyCode === code)) {
    const bytes = await readFile(file.path);
    rows.push(...readCsv(encoding === "gbk" ? iconv.decode(bytes, "gbk") : bytes.toString("utf8")));
  }
  return rows;
}

describe("generateDemoPortfolio", () => {
  test("the same seed and anchor give the same files, another seed other files", async () => {
    const [first, second, other] = await Promise.all([generate(7), generate(7), generate(8)]);
    expect(await Promise.all(csvFiles(first).map(sha))).toEqual(await Promise.all(csvFiles(second).map(sha)));
    const xlsx = (files: DemoPortfolioFiles) => files.activities.find((file) => file.layout === "xlsx")?.path ?? "";
    expect(await xlsxRows(xlsx(first))).toBe(await xlsxRows(xlsx(second)));
    expect(await sha(first.placements.path)).not.toBe(await sha(other.placements.path));
    expect(first.counts).toEqual(second.counts);
  });

  test("scale sets the size: about 20,000 placements and 1,000,000 events per unit", async () => {
    const files = await generate(11, 0.01);
    // 200 planned; a re-placement of an account paid off in full is dropped.
    expect(files.counts.placements).toBeGreaterThan(190);
    expect(files.counts.placements).toBeLessThanOrEqual(200);
    expect(files.counts.events).toBeGreaterThan(7_000);
    expect(files.counts.events).toBeLessThan(13_000);
    expect(files.window).toEqual({ from: "2025-11-01", to: "2026-10-31" });
  });

  test("every file has deliberately bad rows and the scripted accounts are placed", async () => {
    const files = await generate(7);
    for (const file of [files.placements, files.complaints, ...files.activities]) expect(file.badRows).toBeGreaterThan(0);
    const placements = readCsv(await readFile(files.placements.path, "utf8"));
    for (const showcase of showcaseAccounts) expect(placements.some((row) => row.account_number === showcase.accountNumber && row.agency_code === showcase.agencyCode)).toBe(true);
    const blitz = await agencyRows(files, "BLITZ");
    const story = blitz.filter((row) => row.account_number === DEMO_VIOLATION_ACCOUNT);
    expect(story.some((row) => row.type === "PAYMENT")).toBe(true);
    expect(story.some((row) => row.type === "SMS" && row.message_text?.includes("坐牢"))).toBe(true);
  });

  test("each agency sends one file a month, KINLINK in GBK with Chinese headers and codes, IDLEWOOD as XLSX", async () => {
    const files = await generate(7);
    const kinlink = files.activities.find((file) => file.agencyCode === "KINLINK");
    expect(kinlink?.layout).toBe("gbk-csv");
    expect(kinlink?.mappingProfile?.profile.columnMap["账号"]).toBe("account_number");
    const bytes = await readFile(kinlink?.path ?? "");
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const text = iconv.decode(bytes, "gbk");
    expect(text.split("\r\n")[0]).toBe("流水号,账号,催收员工号,催收员,时间,方式,方向,对象,结果,号码,通话时长,内容,金额,币种,承诺日期,人数,录音编号,地址");
    expect(text).toContain(",电话,呼出,本人,");
    expect(files.activities.filter((file) => file.agencyCode === "ANCHOR").map((file) => path.basename(file.path))).toContain("demo-activities-anchor-2026-10.csv");
    const xlsx = files.activities.find((file) => file.agencyCode === "IDLEWOOD");
    expect((await readFile(xlsx?.path ?? "")).subarray(0, 2).toString("latin1")).toBe("PK");
  });
});

describe("agency behaviour in the generated rows", () => {
  const offHours = (row: Record<string, string>, start: number, end: number) => {
    const hour = Number(/[ T](\d{2}):/.exec(row.occurred_at ?? "")?.[1]);
    return hour < start || hour >= end;
  };
  test.each([
    ["BLITZ", 0.05, 1],
    ["ANCHOR", 0, 0.001],
  ])("%s: share of calls outside 08:00–22:00 between %f and %f", async (code, low, high) => {
    const files = await generate(21, 0.01);
    const rows = (await agencyRows(files, code)).filter((row) => row.type === "CALL" && !row.event_id?.includes("BAD"));
    const share = rows.filter((row) => offHours(row, 8, 22)).length / rows.length;
    expect(share).toBeGreaterThanOrEqual(low);
    expect(share).toBeLessThanOrEqual(high);
  });

  test("KINLINK texts family members about the debt, ANCHOR never does", async () => {
    const files = await generate(21, 0.01);
    const familyTexts = (await agencyRows(files, "KINLINK", "gbk")).filter((row) => row["方式"] === "短信" && ["家属", "父母", "子女", "配偶"].includes(row["对象"] ?? ""));
    expect(familyTexts.length).toBeGreaterThan(5);
    const anchor = await agencyRows(files, "ANCHOR");
    expect(anchor.filter((row) => row.type === "SMS" && row.contact_party !== "DEBTOR")).toHaveLength(0);
  });

  test("CROSSLINE's wrong numbers bring non-borrower complaints naming the number", async () => {
    const files = await generate(21, 0.01);
    const complaints = readCsv(await readFile(files.complaints.path, "utf8"));
    const nonBorrower = complaints.filter((row) => row.source === "NON_BORROWER");
    expect(nonBorrower.length).toBeGreaterThan(0);
    for (const row of nonBorrower) {
      expect(row.account_number).toBe("");
      expect(row.phone_number).not.toBe("");
    }
  });
});

// The figures a vendor manager reads, held to the ranges README.md cites (DOMAIN.md's public figures): a demo where
// nearly every account is reached and half the balance comes back in months is not believable.
describe("the portfolio looks like a real one", () => {
  const scale = 0.1;
  let cached: Map<string, AgencyPortfolioStats> | null = null;
  const stats = (code: string): AgencyPortfolioStats => {
    if (!cached) {
      const plan = planPortfolio({ seed: 20_260_101, scale, anchor: anchorDate });
      cached = new Map(portfolioStats(simulatePortfolio(plan, 20_260_101, scale), plan.window).map((row) => [row.agencyCode, row]));
    }
    const row = cached.get(code);
    if (!row) throw new Error(`no stats for ${code}`);
    return row;
  };
  const codes = demoAgencyBehaviours.map((behaviour) => [behaviour.code] as const);

  test.each(codes)("%s: right-party contact is a minority of call attempts, below any contact", (code) => {
    const row = stats(code);
    expect(row.rpcPerAttempt).toBeGreaterThan(0.03);
    expect(row.rpcPerAttempt).toBeLessThan(0.25);
    expect(row.contactPerAttempt).toBeLessThan(0.3);
    expect(row.rpcPerAttempt).toBeLessThan(row.contactPerAttempt);
  });

  test.each(codes)("%s: over six months, accounts contacted and reached stay well short of every account worked", (code) => {
    const row = stats(code);
    expect(row.contactRate).toBeLessThan(0.8);
    expect(row.rpcRate).toBeGreaterThan(0.1);
    expect(row.rpcRate).toBeLessThan(0.65);
    expect(row.rpcRate).toBeLessThan(row.contactRate);
  });

  test.each(codes)("%s: promises from 12–45%% of the debtors reached, 35–75%% of promises kept", (code) => {
    const row = stats(code);
    expect(row.promiseRate).toBeGreaterThan(0.12);
    expect(row.promiseRate).toBeLessThan(0.45);
    expect(row.promiseKeptRate).toBeGreaterThan(0.35);
    expect(row.promiseKeptRate).toBeLessThan(0.75);
  });

  test.each([
    // agency, lowest and highest share of the placed balance collected in the first six months
    ["ANCHOR", 0.05, 0.16],
    ["BLITZ", 0.07, 0.2],
    ["CROSSLINE", 0.01, 0.1],
    ["KINLINK", 0.02, 0.12],
    ["IDLEWOOD", 0.002, 0.05],
    ["MERIDIAN", 0.03, 0.14],
  ] as const)("%s: recovers between %f and %f of the balance in six months, at most 15%% on 180+ days past due", (code, low, high) => {
    const row = stats(code);
    expect(row.recovery6m).toBeGreaterThanOrEqual(low);
    expect(row.recovery6m).toBeLessThanOrEqual(high);
    expect(row.recovery6mOver180Dpd).toBeLessThanOrEqual(0.15);
  });

  test("BLITZ collects most, IDLEWOOD least", () => {
    const recoveries = demoAgencyBehaviours.map((behaviour) => stats(behaviour.code).recovery6m);
    expect(stats("BLITZ").recovery6m).toBe(Math.max(...recoveries));
    expect(stats("IDLEWOOD").recovery6m).toBe(Math.min(...recoveries));
  });

  test.each(codes)("%s: each collector works a book of their own, not a slice of every account", (code) => {
    const row = stats(code);
    const evenShare = row.accountsWorked / behaviourOf(code).agents;
    expect(row.accountsPerCollectorMedian).toBeLessThan(evenShare * 2);
    expect(row.accountsPerCollectorMax).toBeLessThan(evenShare * 2.5);
    expect(row.mainCollectorShare).toBeGreaterThan(0.9);
  });

  test.each(codes)("%s: has complaints, and a re-placement takes over what the account still owed", (code) => {
    const row = stats(code);
    expect(row.complaints).toBeGreaterThan(0);
    expect(row.replacementBalanceMismatches).toBe(0);
  });

  test("complaint rates follow the agencies' conduct", () => {
    const perAccount = (code: string) => stats(code).complaints / stats(code).accountsWorked;
    expect(perAccount("BLITZ")).toBeGreaterThan(perAccount("ANCHOR") * 3);
    expect(perAccount("CROSSLINE")).toBeGreaterThan(perAccount("ANCHOR") * 3);
  });

  test.each([
    // agency, last legal hour (worked), first hour after it (no contact unless the agency breaks the rule)
    ["ANCHOR", 21, 0],
    ["CROSSLINE", 21, 0.02],
    ["IDLEWOOD", 20, 0],
    ["MERIDIAN", 20, 0.02],
  ] as const)("%s: contacts run into the evening hour %i, at most a %f share after it", (code, lastHour, lateShare) => {
    const hours = stats(code).contactsByHour;
    const total = hours.reduce((sum, count) => sum + count, 0);
    expect((hours[lastHour] ?? 0) / total).toBeGreaterThan(0.01);
    // IDLEWOOD's scripted account has one 07:30 call the consumer asked for (consent, §1006.6(b)(4)(i)).
    const consented = code === "IDLEWOOD" ? 1 : 0;
    const after = hours.slice(lastHour + 1).reduce((sum, count) => sum + count, 0) + hours.slice(0, 8).reduce((sum, count) => sum + count, 0) - consented;
    expect(after / total).toBeLessThanOrEqual(lateShare);
  });

  test("no account is placed again at more than it owed, and none once paid off", async () => {
    const files = await generate(21, 0.05);
    const placements = readCsv(await readFile(files.placements.path, "utf8")).filter((row) => /^\d+$/.test(row.account_number ?? ""));
    const byAccount = new Map<string, number[]>();
    for (const row of placements) byAccount.set(row.account_number ?? "", [...(byAccount.get(row.account_number ?? "") ?? []), Number(row.placed_balance)]);
    const chains = [...byAccount.values()].filter((balances) => balances.length > 1);
    expect(chains.length).toBeGreaterThan(0);
    for (const balances of chains) for (let link = 1; link < balances.length; link++) {
      expect(balances[link]).toBeGreaterThan(0);
      expect(balances[link]).toBeLessThanOrEqual(balances[link - 1] ?? 0);
    }
  });
});
