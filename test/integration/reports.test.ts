import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { getKpiSummary } from "~/metrics/metrics.server";
import { refreshRollupsForAccounts } from "~/metrics/refresh-rollups.server";
import { AuditReportError } from "~/reports/audit-report-errors";
import { parseAuditSummary } from "~/reports/audit-summary";
import { finalizeAuditReport } from "~/reports/finalize-audit-report.server";
import { regenerateAuditReport, renderAuditReport, requestAuditReport, runAuditReportJob, workbookReportOf } from "~/reports/generate-audit-report.server";
import { sampleSize } from "~/reports/sample-size";
import { evaluateRulesForAccounts } from "~/rules/evaluate-rules.server";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";
import { reviewViolation } from "~/violations/review-violations.server";
import { loader as downloadLoader } from "~/routes/reports.$id.download";
import * as reportPage from "~/routes/_app.reports.$id";
import * as reportsPage from "~/routes/_app.reports._index";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

// Shares the run's database with other files, which may add October data at any time: exact figures are checked
// on reports scoped to this file's own agencies.
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const baseUrl = "https://oversight.test";
const injection = '=HYPERLINK("http://evil.example","click")';
let xId: number;
let yId: number;
let xCode: string;
let complianceId: number;
const accountIds: number[] = [];
let xAccount: string;
const cookies: Record<string, string> = {};

async function nightCalls(agencyId: number, count: number, day: string, prefix: string) {
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId, phoneNumbers: ["13812345678"] }] });
  const account = customer.accounts[0]!;
  await insertActivityEvents(
    Array.from({ length: count }, (_, index) => ({ agencyId, accountId: account.accountId, occurredAt: `${day}T23:${String(10 + index).padStart(2, "0")}:00+08:00`, eventId: `${prefix}-${index}-${suffix}` })),
  );
  accountIds.push(account.accountId);
  return account;
}

async function generate(options: { agencyId: number | null; masked: boolean; locale?: "en" | "zh-CN" }): Promise<number> {
  const { id } = await requestAuditReport({ month: "2026-10", agencyId: options.agencyId, masked: options.masked, userId: complianceId, locale: options.locale ?? "en" }, { enqueue: false });
  await runAuditReportJob({ reportId: id, mode: "draft", locale: options.locale ?? "en", userId: complianceId }, { baseUrl });
  return id;
}

async function storedReport(id: number) {
  return getPrisma().auditReport.findUniqueOrThrow({ where: { id } });
}

async function workbookOf(id: number): Promise<ExcelJS.Workbook> {
  const report = await storedReport(id);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(report.fileBytes!) as unknown as ArrayBuffer);
  return workbook;
}

function rowOf(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  for (let index = 1; index <= sheet.rowCount; index++) if (sheet.getRow(index).getCell(1).value === label) return sheet.getRow(index);
  throw new Error(`no row "${label}" in ${sheet.name}`);
}

function headerIndex(sheet: ExcelJS.Worksheet, header: string): number {
  const values = sheet.getRow(1).values as unknown[];
  const index = values.indexOf(header);
  if (index < 1) throw new Error(`no column "${header}" in ${sheet.name}`);
  return index;
}

beforeAll(async () => {
  await ensureDefaultRulePacks();
  xCode = `RPX${suffix}`;
  xId = await createAgency({ code: xCode, name: "报告测试机构" });
  yId = await createAgency({ code: `RPY${suffix}`, name: "Report agency Y" });
  complianceId = await ensureUser({ email: `rpt-compliance-${suffix}@reports.test`.toLowerCase(), name: "Carla Compliance", role: "COMPLIANCE" });
  const vendorId = await ensureUser({ email: `rpt-vendor-${suffix}@reports.test`.toLowerCase(), name: "Vic Vendor", role: "VENDOR_MANAGER" });
  const agencyUserId = await ensureUser({ email: `rpt-agency-${suffix}@reports.test`.toLowerCase(), name: "Xavier Agency", role: "AGENCY", agencyId: xId });
  cookies.COMPLIANCE = await sessionCookieFor(complianceId);
  cookies.VENDOR_MANAGER = await sessionCookieFor(vendorId);
  cookies.AGENCY = await sessionCookieFor(agencyUserId);

  const x1 = await nightCalls(xId, 3, "2026-10-05", "RX1");
  await nightCalls(xId, 2, "2026-10-12", "RX2");
  await nightCalls(yId, 2, "2026-10-07", "RY1");
  xAccount = x1.accountNumber;
  await evaluateRulesForAccounts({ accountIds });
  const first = await getPrisma().violation.findFirstOrThrow({ where: { agencyId: xId }, orderBy: { id: "asc" } });
  await reviewViolation({ violationId: first.id, decision: "CONFIRMED", note: injection, userId: complianceId });
  await getPrisma().complaint.create({
    data: {
      complaintRef: `RC-${suffix}`,
      accountId: x1.accountId,
      agencyId: xId,
      receivedAt: new Date("2026-10-08T03:00:00Z"),
      source: "DEBTOR",
      category: "骚扰",
      description: `${injection} 催收员深夜来电，态度恶劣`,
      phoneNumber: "13812345678",
    },
  });
  await refreshRollupsForAccounts(accountIds);
});

describe("the workbook", () => {
  let id: number;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    id = await generate({ agencyId: xId, masked: false });
    workbook = await workbookOf(id);
  });

  test("is stored with its SHA-256, size and summary", async () => {
    const report = await storedReport(id);
    expect(report.jobState).toBe("SUCCEEDED");
    expect(report.progress).toBe(100);
    expect(report.fileSha256).toBe(createHash("sha256").update(report.fileBytes!).digest("hex"));
    expect(report.fileSize).toBe(report.fileBytes!.length);
    const summary = parseAuditSummary(report.summary);
    expect(summary?.rowCounts.violations).toBe(await getPrisma().violation.count({ where: { agencyId: xId } }));
    expect(summary?.rowCounts.complaints).toBe(1);
  });

  test("has the eight sheets in order", () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Summary", "Agency KPIs", "Agent KPIs", "Violations", "Complaints", "Findings", "Case sample", "Method"]);
  });

  test("the Summary names the period, scope, packs, author, id and status, and its KPIs are the metrics module's", async () => {
    const sheet = workbook.getWorksheet("Summary")!;
    expect(rowOf(sheet, "Period").getCell(2).value).toBe("2026-10 (2026-10-01 to 2026-10-31, Asia/Shanghai)");
    expect(rowOf(sheet, "Scope").getCell(2).value).toBe(`${xCode} 报告测试机构`);
    expect(String(rowOf(sheet, "Rule packs in force").getCell(2).value)).toMatch(new RegExp(`^${xCode}: cn v\\d+$`));
    expect(rowOf(sheet, "Generated by").getCell(2).value).toBe("Carla Compliance");
    expect(rowOf(sheet, "Report id").getCell(2).value).toBe(id);
    expect(rowOf(sheet, "Status").getCell(2).value).toBe("Draft");
    const kpis = await getKpiSummary({ from: "2026-10-01", to: "2026-10-31", agencyIds: [xId] });
    const violations = rowOf(sheet, "Violations");
    expect(violations.getCell(2).value).toBe(kpis.current.violations);
    expect(violations.getCell(2).numFmt).toBe("#,##0");
    expect(kpis.current.violations).toBeGreaterThan(0);
    const complaintsPer1000 = rowOf(sheet, "Complaints per 1,000 accounts");
    expect(complaintsPer1000.getCell(2).value).toBeCloseTo(kpis.current.complaintsPer1000Accounts ?? Number.NaN, 9);
    expect(complaintsPer1000.getCell(2).numFmt).toBe("0.00");
    expect(rowOf(sheet, "Outbound contacts").getCell(2).value).toBe(kpis.current.outboundContacts);
    expect(rowOf(sheet, "Wrong-party contacts").getCell(2).value).toBe(kpis.current.wrongPartyContacts);
  });

  test("Agency KPIs hold the scorecards as numbers with formats, frozen, filtered and colour-scaled", async () => {
    const sheet = workbook.getWorksheet("Agency KPIs")!;
    const [card] = await getAgencyScorecards({ from: "2026-10-01", to: "2026-10-31", agencyIds: [xId] });
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(xCode);
    const violations = row.getCell(headerIndex(sheet, "Violations"));
    expect(violations.value).toBe(card!.metrics.violations);
    expect(typeof violations.value).toBe("number");
    const contactRate = row.getCell(headerIndex(sheet, "Contact rate"));
    expect(contactRate.numFmt).toBe("0.0%");
    expect(contactRate.value).toBe(card!.metrics.contactRate);
    // The period's effective rate under the fee schedules (commission ÷ collected; nothing collected here: empty), not the flat 0.18.
    expect(row.getCell(3).value).toBe(card!.commissionRate);
    expect(card!.commissionRate).toBe(card!.metrics.collected === 0 ? null : Math.round((card!.metrics.commission / card!.metrics.collected) * 10_000) / 10_000);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const formatting = (sheet as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] }).conditionalFormattings;
    expect(formatting.length).toBeGreaterThan(0);
    expect(formatting[0]!.rules[0]!.type).toBe("colorScale");
    expect(sheet.pageSetup.orientation).toBe("landscape");
    expect(sheet.pageSetup.fitToPage).toBe(true);
  });

  test("Agent KPIs: placements belong to agencies, so an agent's placed accounts, balance and recovery rate read —, not 0", () => {
    const sheet = workbook.getWorksheet("Agent KPIs")!;
    expect(sheet.rowCount).toBeGreaterThan(1);
    const row = sheet.getRow(2);
    for (const header of ["Placements", "Placed balance", "Recovery rate"]) expect(row.getCell(headerIndex(sheet, header)).value, header).toBe("—");
    expect(typeof row.getCell(headerIndex(sheet, "Outbound contacts")).value).toBe("number");
  });

  test("Violations: one row each, case hyperlinks, unmasked for compliance, formula text escaped, local time as a date", async () => {
    const sheet = workbook.getWorksheet("Violations")!;
    const count = await getPrisma().violation.count({ where: { agencyId: xId } });
    expect(sheet.rowCount).toBe(count + 1);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const accountColumn = headerIndex(sheet, "Account");
    const links = new Set<string>();
    let escapedNote = false;
    for (let index = 2; index <= sheet.rowCount; index++) {
      const row = sheet.getRow(index);
      const account = row.getCell(accountColumn).value as { text: string; hyperlink: string };
      expect(account.hyperlink).toBe(`${baseUrl}/cases/${encodeURIComponent(account.text)}`);
      links.add(account.text);
      expect(row.getCell(headerIndex(sheet, "Debtor")).value).toBe("测试债务人");
      expect(String(row.getCell(headerIndex(sheet, "Explanation")).value)).toMatch(/outside the allowed hours/);
      expect(row.getCell(headerIndex(sheet, "Local time")).value).toBeInstanceOf(Date);
      const note = row.getCell(headerIndex(sheet, "Review note"));
      if (note.value) {
        expect(note.value).toBe(`'${injection}`);
        expect(note.formula).toBeUndefined();
        escapedNote = true;
      }
    }
    expect(escapedNote).toBe(true);
    expect(links.has(xAccount)).toBe(true);
  });

  test("Complaints keep Chinese text and escape formulas", () => {
    const sheet = workbook.getWorksheet("Complaints")!;
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(`RC-${suffix}`);
    expect(row.getCell(headerIndex(sheet, "Description")).value).toBe(`'${injection} 催收员深夜来电，态度恶劣`);
    expect(row.getCell(headerIndex(sheet, "Category")).value).toBe("骚扰");
    expect(row.getCell(headerIndex(sheet, "Phone")).value).toBe("13812345678");
    expect((row.getCell(headerIndex(sheet, "Account")).value as { hyperlink: string }).hyperlink).toBe(`${baseUrl}/cases/${xAccount}`);
  });

  test("the case sample has the 95% ±5% size for the accounts worked, and the same cases on every render", async () => {
    const sheet = workbook.getWorksheet("Case sample")!;
    expect(sheet.rowCount - 1).toBe(sampleSize(2));
    expect(sheet.getRow(1).values).toContain("Reviewer's verdict");
    const again = await renderAuditReport((await workbookReportOf(id, "en"))!, { baseUrl });
    expect(again.summary.sampling).toEqual(parseAuditSummary((await storedReport(id)).summary)!.sampling);
  });

  test("the Method sheet lists rule parameters and metric definitions", () => {
    const sheet = workbook.getWorksheet("Method")!;
    const texts = sheet.getColumn(4).values.map(String);
    expect(texts).toContain("CONTACT_HOURS");
    expect(sheet.getColumn(1).values.map(String)).toContain("Recovery rate");
  });

  test("rendering the same report twice gives identical bytes", async () => {
    const report = (await workbookReportOf(id, "en"))!;
    const [first, second] = [await renderAuditReport(report, { baseUrl }), await renderAuditReport(report, { baseUrl })];
    expect(second.sha256).toBe(first.sha256);
  });
});

describe("masking and access", () => {
  test("a masked report masks debtor names and phones; a Chinese one speaks Chinese", async () => {
    const id = await generate({ agencyId: xId, masked: true, locale: "zh-CN" });
    const workbook = await workbookOf(id);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["摘要", "机构指标", "催收员指标", "违规", "投诉", "检查发现", "案件抽样", "方法说明"]);
    const violations = workbook.getWorksheet("违规")!;
    expect(violations.getRow(2).getCell(headerIndex(violations, "债务人")).value).toBe("测****");
    expect(String(violations.getRow(2).getCell(headerIndex(violations, "说明")).value)).toMatch(/不在允许时段/);
    const complaints = workbook.getWorksheet("投诉")!;
    expect(complaints.getRow(2).getCell(headerIndex(complaints, "电话")).value).toBe("138****5678");
  });

  test("downloads follow visibility and are logged", async () => {
    const unmasked = await generate({ agencyId: xId, masked: false });
    const maskedX = await generate({ agencyId: xId, masked: true });
    const maskedY = await generate({ agencyId: yId, masked: true });
    const download = async (role: string, reportId: number) => {
      try {
        return await downloadLoader({ request: buildRequest(`/reports/${reportId}/download`, { cookie: cookies[role] }), params: { id: String(reportId) }, context: {} });
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const response = await download("COMPLIANCE", unmasked);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe((await storedReport(unmasked)).fileSha256);
    expect(response.headers.get("content-disposition")).toContain(`audit-2026-10-${xCode}-r${unmasked}-draft.xlsx`);
    expect((await download("VENDOR_MANAGER", unmasked)).status).toBe(404);
    expect((await download("VENDOR_MANAGER", maskedY)).status).toBe(200);
    expect((await download("AGENCY", unmasked)).status).toBe(404);
    expect((await download("AGENCY", maskedY)).status).toBe(404);
    expect((await download("AGENCY", maskedX)).status).toBe(200);
    const logged = await getPrisma().accessLog.findMany({ where: { action: "EXPORT", resourceType: "AuditReport", resourceId: { in: [String(unmasked), String(maskedX), String(maskedY)] } } });
    expect(logged).toHaveLength(3);
  });
});

describe("finalisation", () => {
  test("a FINAL report never changes: regeneration refused, new data imported, same bytes", async () => {
    const id = await generate({ agencyId: yId, masked: false });
    const draft = await storedReport(id);
    await expect(finalizeAuditReport({ reportId: id, userId: complianceId, note: "  ", expectedSha256: draft.fileSha256!, locale: "en" }, { enqueue: false })).rejects.toMatchObject({ reason: "NOTE_REQUIRED" });
    await expect(finalizeAuditReport({ reportId: id, userId: complianceId, note: "ok", expectedSha256: "0".repeat(64), locale: "en" }, { enqueue: false })).rejects.toMatchObject({ reason: "STALE" });
    await finalizeAuditReport({ reportId: id, userId: complianceId, note: "Reviewed with the agency on 3 Nov. 已复核。", expectedSha256: draft.fileSha256!, locale: "en" }, { enqueue: false });
    await expect(regenerateAuditReport({ reportId: id, userId: complianceId, locale: "en" })).rejects.toMatchObject({ reason: "NOT_DRAFT" });
    await runAuditReportJob({ reportId: id, mode: "final", locale: "en", userId: complianceId }, { baseUrl });
    const final = await storedReport(id);
    expect(final.status).toBe("FINAL");
    expect(final.jobState).toBe("SUCCEEDED");
    expect(final.fileSha256).not.toBe(draft.fileSha256);
    const workbook = await workbookOf(id);
    const summary = workbook.getWorksheet("Summary")!;
    expect(rowOf(summary, "Status").getCell(2).value).toBe("Final");
    expect(rowOf(summary, "Sign-off note").getCell(2).value).toBe("Reviewed with the agency on 3 Nov. 已复核。");
    expect(parseAuditSummary(final.summary)!.contentSha256).toBe(parseAuditSummary(draft.summary)!.contentSha256);

    const more = await nightCalls(yId, 2, "2026-10-20", "RY2");
    await evaluateRulesForAccounts({ accountIds: [more.accountId] });
    await refreshRollupsForAccounts([more.accountId]);
    // A job for the final row, even if one were queued by mistake, changes nothing.
    await runAuditReportJob({ reportId: id, mode: "draft", locale: "en", userId: complianceId }, { baseUrl });
    const after = await storedReport(id);
    expect(after.fileSha256).toBe(final.fileSha256);
    expect(Buffer.from(after.fileBytes!).equals(Buffer.from(final.fileBytes!))).toBe(true);
  });

  test("a sign-off is withdrawn when the data changed since the draft", async () => {
    const id = await generate({ agencyId: yId, masked: true });
    const draft = await storedReport(id);
    const more = await nightCalls(yId, 1, "2026-10-21", "RY3");
    await evaluateRulesForAccounts({ accountIds: [more.accountId] });
    await finalizeAuditReport({ reportId: id, userId: complianceId, note: "Signed", expectedSha256: draft.fileSha256!, locale: "en" }, { enqueue: false });
    await runAuditReportJob({ reportId: id, mode: "final", locale: "en", userId: complianceId }, { baseUrl });
    const after = await storedReport(id);
    expect(after.status).toBe("DRAFT");
    expect(after.signOffNote).toBeNull();
    expect(after.errorMessage).toMatch(/^DATA_CHANGED/);
    expect(after.fileSha256).toBe(draft.fileSha256);
  });

  test("bad requests are refused with a reason", async () => {
    await expect(requestAuditReport({ month: "2026-13", agencyId: null, masked: false, userId: null, locale: "en" }, { enqueue: false })).rejects.toBeInstanceOf(AuditReportError);
    await expect(requestAuditReport({ month: "2026-10", agencyId: 99_999_999, masked: false, userId: null, locale: "en" }, { enqueue: false })).rejects.toMatchObject({ reason: "UNKNOWN_AGENCY" });
  });
});

describe("attribution", () => {
  test("a report requested from the page is the requester's from the start, and its workbook names them", async () => {
    const requested = await runRoute(reportsPage.action, buildRequest("/reports", { cookie: cookies.COMPLIANCE, form: { month: "2026-09", agencyId: String(yId) } }));
    expect(requested.status).toBe(302);
    const id = Number(/\/reports\/(\d+)$/.exec(requested.location ?? "")?.[1]);
    // Still queued (no worker in this test): the page already names the person who asked for it.
    const page = await runRoute(reportPage.loader, buildRequest(`/reports/${id}`, { cookie: cookies.COMPLIANCE }), { id: String(id) });
    expect((page.body as { report: { generatedByName: string | null } }).report.generatedByName).toBe("Carla Compliance");
    await runAuditReportJob({ reportId: id, mode: "draft", locale: "en", userId: complianceId }, { baseUrl });
    expect(rowOf((await workbookOf(id)).getWorksheet("Summary")!, "Generated by").getCell(2).value).toBe("Carla Compliance");
  });
});
