import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { insertActivityEvents } from "~/demo/rule-factories.server";
import { actorFromUser, decidePlan, escalateFinding, issueFinding, raiseFindingByRules, respondToFinding, systemActor } from "~/findings/findings.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import type { AuditSummary } from "~/reports/audit-summary";
import { buildAuditWorkbook, type AuditWorkbookInput, type AuditWorkbookReport } from "~/reports/build-audit-workbook.server";
import { loadReportMetrics } from "~/reports/load-report-metrics.server";
import { reportPeriod } from "~/reports/report-period";
import { countReportRows, loadRulePacksInForce } from "~/reports/report-rows.server";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks, getDefaultPackCode } from "~/rules/rule-packs.server";
import { reviewViolation } from "~/violations/review-violations.server";
import { useOwnDatabase } from "../support/own-database";

// The workbook's whole content (every cell's value and number format, each sheet's columns, views, filters,
// conditional formats and validations) for a fixed month of data, kept in reviewed files: a change to how the
// workbook is written shows up as a diff of these files, and a refactor of the writer is proven neutral by leaving
// them untouched. Its own database, so ids, account numbers and pack versions are the same on every run.

const injection = '=HYPERLINK("http://evil.example","click")';
const period = reportPeriod("2026-10", "Asia/Shanghai");
const generatedAt = new Date("2026-11-02T01:30:00Z");
const accountIds: number[] = [];
let restoreDatabase: () => Promise<void>;
let xId: number;

async function account(agencyId: number, accountNumber: string, phone: string): Promise<number> {
  const prisma = getPrisma();
  const customer = await prisma.customer.create({ data: { customerRef: `C-${accountNumber}` } });
  const created = await prisma.account.create({
    data: { accountNumber, customerId: customer.id, debtorName: "张三丰", phoneNumbers: [phone], product: "CONSUMER_LOAN", timeZone: "Asia/Shanghai" },
  });
  await prisma.placement.create({ data: { accountId: created.id, agencyId, placedAt: new Date("2026-01-01T00:00:00Z"), placedBalance: "12000.00", currency: "CNY" } });
  accountIds.push(created.id);
  return created.id;
}

async function nightCalls(agencyId: number, accountId: number, count: number, day: string, prefix: string, agentExternalId = "R001") {
  await insertActivityEvents(
    Array.from({ length: count }, (_, index) => ({ agencyId, accountId, agentExternalId, occurredAt: `${day}T23:${String(10 + index).padStart(2, "0")}:00+08:00`, eventId: `${prefix}-${index}` })),
  );
}

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("audit_workbook_content");
  await ensureDefaultRulePacks();
  xId = await createAgency({ code: "WBX", name: "工作簿测试机构" });
  const yId = await createAgency({ code: "WBY", name: "Workbook agency Y" });
  const complianceId = await ensureUser({ email: "wb-compliance@workbook.test", name: "Carla Compliance", role: "COMPLIANCE" });
  const x1 = await account(xId, "WB-ACC-001", "13812345678");
  const x2 = await account(xId, "WB-ACC-002", "13900000002");
  const y1 = await account(yId, "WB-ACC-101", "13700000101");
  await nightCalls(xId, x1, 3, "2026-10-05", "WX1");
  await nightCalls(xId, x2, 2, "2026-10-12", "WX2", "R002");
  await nightCalls(yId, y1, 2, "2026-10-07", "WY1");
  await evaluateRulesForAccounts({ accountIds });
  const first = await getPrisma().violation.findFirstOrThrow({ where: { agencyId: xId }, orderBy: { id: "asc" } });
  await reviewViolation({ violationId: first.id, decision: "CONFIRMED", note: `${injection} 张三丰 13812345678`, userId: complianceId });
  await getPrisma().complaint.create({
    data: {
      complaintRef: "WB-C-1",
      accountId: x1,
      agencyId: xId,
      receivedAt: new Date("2026-10-08T03:00:00Z"),
      source: "DEBTOR",
      category: "骚扰",
      description: `${injection} 催收员深夜来电给张三丰，态度恶劣`,
      resolution: "已致电 13812345678 道歉",
      phoneNumber: "13812345678",
    },
  });
  await refreshRollupsForAccounts(accountIds);
  // Findings: X's escalated for an unanswered finding (a phone number in its title, masked in masked files), X's with
  // an accepted plan, and Y's awaiting an answer (outside X's workbook).
  const compliance = actorFromUser({ id: complianceId, role: "COMPLIANCE", agencyId: null });
  const xUser = await ensureUser({ email: "wb-agency-x@workbook.test", name: "Xavier Agency", role: "AGENCY", agencyId: xId });
  const at = (iso: string) => new Date(iso);
  const raise = async (agencyId: number, title: string) =>
    (await raiseFindingByRules({ agencyId, ruleCodes: ["CONTACT_HOURS"], from: "2026-10-01", to: "2026-10-15", title }, compliance, at("2026-10-19T02:00:00Z"))).findingId;
  const unanswered = await raise(xId, "Late calls to 13812345678");
  await issueFinding({ findingId: unanswered, responseDueOn: "2026-10-25" }, compliance, at("2026-10-20T02:00:00Z"));
  await escalateFinding({ findingId: unanswered, reason: "RESPONSE_OVERDUE" }, systemActor, at("2026-10-26T02:00:00Z"));
  const planned = await raise(xId, "Dialler curfew");
  await issueFinding({ findingId: planned, responseDueOn: "2026-10-28" }, compliance, at("2026-10-20T02:00:00Z"));
  const answer = await respondToFinding(
    { findingId: planned, response: { kind: "ACCEPTED", explanation: "Agreed.", actions: [{ description: "Block calls after 21:00", owner: "Ops lead", dueOn: "2026-11-30" }] } },
    actorFromUser({ id: xUser, role: "AGENCY", agencyId: xId }),
    at("2026-10-22T02:00:00Z"),
  );
  await decidePlan({ findingId: planned, responseId: answer.responseId, decision: "ACCEPT" }, compliance, at("2026-10-23T02:00:00Z"));
  const yFinding = await raise(yId, "Late calls (Y)");
  await issueFinding({ findingId: yFinding, responseDueOn: "2026-11-20" }, compliance, at("2026-10-20T02:00:00Z"));
});

afterAll(async () => {
  await restoreDatabase?.();
});

async function render(report: AuditWorkbookReport, locale: AuditWorkbookInput["locale"], adjust: (input: AuditWorkbookInput) => AuditWorkbookInput = (input) => input) {
  const scope = { startUtc: period.startUtc, endUtc: period.endUtc, agencyId: report.scope?.agencyId ?? null, lenderTimeZone: period.timeZone };
  const [metrics, packs, counts] = await Promise.all([loadReportMetrics({ period, agencyId: scope.agencyId, locale, now: generatedAt }), loadRulePacksInForce(scope, await getDefaultPackCode()), countReportRows(scope)]);
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const progress: number[] = [];
  const summary = await buildAuditWorkbook(
    adjust({ report, locale, period, baseUrl: "https://oversight.test/", metrics, packs, expectedRows: counts.violations + counts.complaints, onProgress: (percent) => void progress.push(percent) }),
    output,
  );
  return { bytes: Buffer.concat(chunks), summary, progress };
}

type CellDump = unknown;

function dumpValue(value: ExcelJS.CellValue): unknown {
  if (value instanceof Date) return `date:${value.toISOString()}`;
  return value ?? null;
}

function dumpCell(cell: ExcelJS.Cell): CellDump {
  const value = dumpValue(cell.value);
  const numFmt = cell.numFmt;
  const bold = cell.font?.bold === true;
  if (!numFmt && !bold) return value;
  return { v: value, ...(numFmt ? { f: numFmt } : {}), ...(bold ? { b: true } : {}) };
}

/** One readable text per workbook: per sheet its layout, then one JSON line per row. */
async function dumpWorkbook(bytes: Buffer, summary: AuditSummary): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const lines: string[] = [];
  for (const sheet of workbook.worksheets) {
    lines.push(`== ${sheet.name}`);
    lines.push(`columns: ${JSON.stringify(Array.from({ length: sheet.columnCount }, (_, index) => sheet.getColumn(index + 1).width ?? null))}`);
    lines.push(`views: ${JSON.stringify((sheet.views ?? []).map((view) => ({ state: view.state, xSplit: (view as { xSplit?: number }).xSplit, ySplit: (view as { ySplit?: number }).ySplit })))}`);
    lines.push(`pageSetup: ${JSON.stringify({ orientation: sheet.pageSetup.orientation, fitToPage: sheet.pageSetup.fitToPage, fitToWidth: sheet.pageSetup.fitToWidth, fitToHeight: sheet.pageSetup.fitToHeight, paperSize: sheet.pageSetup.paperSize })}`);
    lines.push(`autoFilter: ${JSON.stringify(sheet.autoFilter ?? null)}`);
    const formatting = (sheet as unknown as { conditionalFormattings?: unknown[] }).conditionalFormattings ?? [];
    for (const entry of formatting) lines.push(`conditionalFormatting: ${JSON.stringify(entry)}`);
    const validations = (sheet as unknown as { dataValidations?: { model?: Record<string, unknown> } }).dataValidations?.model ?? {};
    for (const [address, validation] of Object.entries(validations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`dataValidation ${address}: ${JSON.stringify(validation)}`);
    for (let index = 1; index <= sheet.rowCount; index++) {
      const row = sheet.getRow(index);
      const cells: CellDump[] = [];
      for (let column = 1; column <= row.cellCount; column++) cells.push(dumpCell(row.getCell(column)));
      lines.push(`${index}: ${JSON.stringify(cells)}`);
    }
    lines.push("");
  }
  lines.push("== summary returned");
  lines.push(JSON.stringify(summary, null, 2));
  return `${lines.join("\n")}\n`;
}

const baseReport: AuditWorkbookReport = {
  id: 7001,
  scope: null,
  masked: false,
  status: "DRAFT",
  generatedAt,
  generatedByName: "Carla Compliance",
  finalizedByName: null,
  finalizedAt: null,
  signOffNote: null,
};

describe("the audit workbook's content", () => {
  test("all agencies, English, unmasked draft", async () => {
    const { bytes, summary, progress } = await render(baseReport, "en");
    await expect(await dumpWorkbook(bytes, summary)).toMatchFileSnapshot("__snapshots__/audit-workbook.all-en-draft.txt");
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeLessThan(100);
  });

  test("one agency, Chinese, masked, final, with an outlier agent and no high-severity rule", async () => {
    const report: AuditWorkbookReport = {
      ...baseReport,
      id: 7002,
      scope: { agencyId: xId, agencyCode: "WBX", agencyName: "工作簿测试机构" },
      masked: true,
      status: "FINAL",
      finalizedByName: "Fiona Final",
      finalizedAt: new Date("2026-11-03T09:15:00Z"),
      signOffNote: "=1+1 签核",
    };
    const { bytes, summary } = await render(report, "zh-CN", (input) => ({
      ...input,
      metrics: {
        ...input.metrics,
        agents: input.metrics.agents.map((agent, index) => (index === 0 ? { ...agent, violationOutlier: true, violationZScore: 2.75 } : agent)),
        violationsByRule: input.metrics.violationsByRule.map((entry) => ({ ...entry, severity: "LOW" as const })),
      },
    }));
    await expect(await dumpWorkbook(bytes, summary)).toMatchFileSnapshot("__snapshots__/audit-workbook.wbx-zh-masked-final.txt");
    // Only X's findings, the title's phone number masked, the link built like the case links.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("检查发现")!;
    const rows = sheet.getSheetValues().slice(2).filter(Boolean) as ExcelJS.CellValue[][];
    expect(rows.map((row) => row[2])).toEqual(["WBX", "WBX"]);
    expect(JSON.stringify(rows)).not.toContain("13812345678");
    expect(rows[0]![1]).toMatchObject({ hyperlink: expect.stringMatching(/^https:\/\/oversight\.test\/findings\/\d+$/) });
  });

  test("the findings a workbook reports: its agencies' issued findings, overdue judged at generation", async () => {
    const scopeAll = await loadReportMetrics({ period, agencyId: null, locale: "en", now: generatedAt });
    expect(scopeAll.findings.map((finding) => [finding.agencyCode, finding.status, finding.overdue])).toEqual([
      ["WBX", "ESCALATED", true],
      ["WBX", "PLAN_ACCEPTED", false],
      ["WBY", "ISSUED", false],
    ]);
    expect(scopeAll.findings[1]!.plan.map((action) => [action.owner, action.dueOn])).toEqual([["Ops lead", "2026-11-30"]]);
    const later = await loadReportMetrics({ period, agencyId: xId, locale: "en", now: new Date("2026-12-05T02:00:00Z") });
    expect(later.findings.map((finding) => [finding.agencyCode, finding.overdue])).toEqual([["WBX", true], ["WBX", true]]);
  });
});
