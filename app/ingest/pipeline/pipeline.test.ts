// The front half of an import end to end, as the import job runs it: open the upload, check the header,
// map each row, validate it. Also checks that the committed fixtures and public sample files stay valid.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { buildFixtures } from "../../../test/fixtures/ingest/generate-fixtures";
import { fixtureBytes, streamOf } from "../../../test/support/ingest-readers";
import { type ReadRowsInput, openRows } from "../readers/read-rows";
import { renderStoredRowError } from "../rows/import-message";
import { type MappingProfile, applyMapping, validateHeader } from "../rows/mapping";
import { type RowContext, createRowValidator, formatRowErrors } from "../rows/row-schemas";

type Kind = "PLACEMENTS" | "ACTIVITIES" | "COMPLAINTS";

async function importRows(kind: Kind, input: ReadRowsInput, context: RowContext, profile?: Partial<MappingProfile>) {
  const source = await openRows({ ...input, kind });
  const header = validateHeader(source.headers, kind, profile);
  expect(header.errors).toEqual([]);
  const validate = createRowValidator(kind, { ...context, dateFormat: header.mapping.dateFormat, timeZone: header.mapping.timeZone ?? context.timeZone });
  const accepted: unknown[] = [];
  const rejected: { rowNumber: number; error: string }[] = [];
  for await (const row of source.rows) {
    if (row.error) {
      rejected.push({ rowNumber: row.rowNumber, error: renderStoredRowError(row.error, "en") });
      continue;
    }
    const result = validate(applyMapping(row.values, header.mapping));
    if (result.ok) accepted.push(result.row);
    else rejected.push({ rowNumber: row.rowNumber, error: formatRowErrors(result.errors) });
  }
  return { header, accepted, rejected };
}

const shanghai: RowContext = { timeZone: "Asia/Shanghai", defaultCurrency: "CNY" };

describe("public sample files pass validation", () => {
  const samplesDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../public/samples");

  test.each([
    ["placements.csv", "PLACEMENTS"],
    ["activities.csv", "ACTIVITIES"],
    ["complaints.csv", "COMPLAINTS"],
  ] as const)("%s", async (name, kind) => {
    const bytes = readFileSync(path.join(samplesDirectory, name));
    // Samples are opened in Excel by agencies, so they carry a BOM for the Chinese text.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { header, accepted, rejected } = await importRows(kind, { stream: streamOf(bytes), fileName: name }, shanghai);
    expect(header.unknownColumns).toEqual([]);
    expect(header.warnings).toEqual([]);
    expect(rejected).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(5);
  });
});

describe("agency files in their own layout", () => {
  test("a GBK export with Chinese headers and codes imports without a mapping profile", async () => {
    const { header, accepted, rejected } = await importRows(
      "ACTIVITIES",
      { stream: streamOf(fixtureBytes("activities-gbk.csv")), fileName: "催收记录.csv" },
      shanghai,
    );
    expect(header.mapping.columnMap).toEqual({
      事件编号: "event_id",
      账号: "account_number",
      催收员工号: "agent_id",
      催收员姓名: "agent_name",
      催收时间: "occurred_at",
      催收方式: "type",
      联系对象: "contact_party",
      通话结果: "outcome",
      联系电话: "phone_number",
      时长: "duration_seconds",
      金额: "amount",
      内容: "message_text",
    });
    expect(rejected).toEqual([]);
    expect(accepted).toEqual([
      expect.objectContaining({ eventId: "E001", type: "CALL", contactParty: "DEBTOR", outcome: "CONNECTED", phoneNumber: "13812345678", occurredAt: "2026-03-02T01:05:00.000Z", localTime: "2026/3/2 9:05", durationSeconds: 125 }),
      expect.objectContaining({ eventId: "E002", type: "SMS", outcome: "DELIVERED", messageText: "您好，请尽快还款。" }),
      expect.objectContaining({ eventId: "E003", type: "VISIT", contactParty: "SPOUSE", agentName: "张伟" }),
      expect.objectContaining({ eventId: "E004", type: "PAYMENT", amount: "1500.00", currency: "CNY", agentId: null }),
    ]);
  });

  test("an XLSX with a formula, merged cells and dates imports through the same path", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("催收记录");
    sheet.addRow(["事件编号", "账号", "催收员工号", "催收时间", "催收方式", "金额", "内容"]);
    sheet.addRow(["E1", "6222", "A7", new Date(Date.UTC(2026, 2, 2, 9, 5)), "电话", null, "通话记录"]);
    sheet.addRow(["E2", "6222", "", new Date(Date.UTC(2026, 2, 3, 10, 0)), "还款", { formula: "1000+500", result: 1500 }, "合并说明"]);
    sheet.addRow(["E3", "6222", "", new Date(Date.UTC(2026, 2, 3, 11, 0)), "备注", null, null]);
    sheet.mergeCells("G3:G4");
    for (const address of ["D2", "D3", "D4"]) sheet.getCell(address).numFmt = "yyyy-mm-dd hh:mm";
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    const { accepted, rejected } = await importRows("ACTIVITIES", { stream: streamOf(bytes), fileName: "催收记录.xlsx" }, shanghai);
    expect(rejected).toEqual([]);
    expect(accepted).toEqual([
      expect.objectContaining({ eventId: "E1", type: "CALL", occurredAt: "2026-03-02T01:05:00.000Z", messageText: "通话记录" }),
      expect.objectContaining({ eventId: "E2", type: "PAYMENT", amount: "1500.00", messageText: "合并说明" }),
      // The merged note's lower cell is empty: merged values live in the top-left cell only.
      expect.objectContaining({ eventId: "E3", type: "NOTE", messageText: null }),
    ]);
  });

  test("a mapping profile supplies column names, codes, a date format and a time zone", async () => {
    const csv = "ID;Acct;When;Kind;Result\r\nX-1;A1;02.03.2026 09:05;T;OK\r\nX-2;A1;31.02.2026 09:05;T;OK\r\nX-3;A1;02.03.2026 10:00;Q;OK\r\n";
    const profile: Partial<MappingProfile> = {
      columnMap: { ID: "event_id", Acct: "account_number", When: "occurred_at", Kind: "type", Result: "outcome" },
      valueMap: { type: { T: "NOTE" }, outcome: { OK: "CONNECTED" } },
      dateFormat: "dd.MM.yyyy HH:mm",
      timeZone: "Europe/Berlin",
    };
    const { accepted, rejected } = await importRows("ACTIVITIES", { stream: streamOf(csv), fileName: "export.csv" }, shanghai, profile);
    expect(accepted).toEqual([expect.objectContaining({ eventId: "X-1", type: "NOTE", outcome: "CONNECTED", occurredAt: "2026-03-02T08:05:00.000Z", utcOffsetMinutes: 60 })]);
    expect(rejected).toEqual([
      { rowNumber: 3, error: "occurred_at '31.02.2026 09:05' is not a valid time" },
      { rowNumber: 4, error: "type 'Q' is not one of CALL, SMS, EMAIL, LETTER, VISIT, PAYMENT, PROMISE, DISPUTE, CEASE_REQUEST, NOTE, CONSENT, CONSENT_REVOKED, ATTORNEY_NOTICE, CONTACT_RESTRICTION, VALIDATION_NOTICE, VERIFICATION_SENT" },
    ]);
  });

  test("JSON Lines keys that first appear late in the file are still imported", async () => {
    const line = (index: number, extra: Record<string, string> = {}) =>
      JSON.stringify({ event_id: `E${index}`, account_number: "A1", occurred_at: "2026-03-02T09:05:00+08:00", type: "NOTE", ...extra });
    const jsonl = [...Array.from({ length: 1_200 }, (_, index) => line(index)), line(1_200, { agent_name: "李娜", outcome: "已接通" })].join("\n");
    const { accepted, rejected } = await importRows("ACTIVITIES", { stream: streamOf(jsonl), fileName: "feed.jsonl" }, shanghai);
    expect(rejected).toEqual([]);
    expect(accepted).toHaveLength(1_201);
    expect(accepted.at(-1)).toMatchObject({ eventId: "E1200", agentName: "李娜", outcome: "CONNECTED" });
  });

  test("ragged rows are rejected with the reader's reason and do not stop the rest", async () => {
    const { accepted, rejected } = await importRows("ACTIVITIES", { stream: streamOf(fixtureBytes("ragged-rows.csv")), fileName: "ragged.csv" }, shanghai);
    expect(accepted).toHaveLength(1);
    expect(rejected).toEqual([
      { rowNumber: 2, error: "agent_id is required when type is CALL" },
      { rowNumber: 3, error: "row has 3 fields but the header has 4 columns" },
      { rowNumber: 4, error: "row has 5 fields but the header has 4 columns" },
    ]);
  });
});

test("committed fixtures match their generator", () => {
  for (const [name, content] of Object.entries(buildFixtures())) {
    expect(fixtureBytes(name).equals(content), `${name} is out of date: run npx tsx test/fixtures/ingest/generate-fixtures.ts`).toBe(true);
  }
});
