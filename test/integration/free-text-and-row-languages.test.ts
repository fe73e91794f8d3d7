import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency, ensureUser } from "~/demo/factories.server";
import { createRuleTestCustomer, insertActivityEvents } from "~/demo/rule-factories.server";
import { rejectsCsv } from "~/ingest/pipeline/import-batches.server";
import { getImportBatchView } from "~/ingest/ui/import-batches.server";
import { stopQueue } from "~/jobs/queue.server";
import { loader as caseLoader } from "~/routes/_app.cases.$accountNumber";
import { loader as complaintRowsLoader } from "~/routes/complaints.rows";
import { csv, importFile } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
const agencyCode = `FT${suffix}`;
let agencyId: number;
let accountNumber: string;
let vendorManagerId: number;
let complianceId: number;

const sms = "张伟您好，您尾号0002的借款已逾期，我们已联系您的家人刘强（13900001111），请致电021-66668888。";
const maskedSms = "张*您好，您尾号****的借款已逾期，我们已联系您的家人刘*（139****1111），请致电021-****8888。";
const complaintText = "Debtor 张伟 says the agent called his colleague at 13812345678 about the card ending in 4321.";
const maskedComplaintText = "Debtor 张* says the agent called his colleague at 138****5678 about the card ending in ****.";

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  agencyId = await createAgency({ code: agencyCode, name: "Free text agency" });
  const customer = await createRuleTestCustomer({ accounts: [{ agencyId, placedAt: "2026-02-01", phoneNumbers: ["13800000002"] }] });
  const account = customer.accounts[0]!;
  accountNumber = account.accountNumber;
  await getPrisma().account.update({ where: { id: account.accountId }, data: { debtorName: "张伟" } });
  await insertActivityEvents([{ agencyId, accountId: account.accountId, occurredAt: "2026-03-05T12:00:00+08:00", type: "SMS", messageText: sms, eventId: `FT-SMS-${suffix}` }]);
  await getPrisma().complaint.create({
    data: { complaintRef: `FT-C-${suffix}`, accountId: account.accountId, agencyId, receivedAt: new Date("2026-03-06T02:00:00Z"), source: "DEBTOR", category: "频繁致电", description: complaintText },
  });
  vendorManagerId = await ensureUser({ email: `ft-vm-${suffix}@free-text.test`, name: "FT Vendor manager", role: "VENDOR_MANAGER", locale: "zh-CN" });
  complianceId = await ensureUser({ email: `ft-compliance-${suffix}@free-text.test`, name: "FT Compliance", role: "COMPLIANCE", locale: "en" });
});

afterAll(async () => {
  await stopQueue();
});

describe("free text for roles without personal-data rights", () => {
  type CaseBody = { detail: { debtorName: string; events: { messageText: string | null }[]; complaints: { description: string | null }[] } };

  test.each([
    ["VENDOR_MANAGER", () => vendorManagerId, "张*", maskedSms, maskedComplaintText],
    ["COMPLIANCE", () => complianceId, "张伟", sms, complaintText],
  ])("case page as %s", async (_role, userId, name, messageText, description) => {
    const outcome = await runRoute(caseLoader, buildRequest(`/cases/${accountNumber}`, { cookie: await sessionCookieFor(userId()) }), { accountNumber });
    expect(outcome.status).toBe(200);
    const { detail } = outcome.body as CaseBody;
    expect(detail.debtorName).toBe(name);
    expect(detail.events.map((event) => event.messageText)).toEqual([messageText]);
    expect(detail.complaints.map((complaint) => complaint.description)).toEqual([description]);
  });

  test.each([
    ["VENDOR_MANAGER", () => vendorManagerId, maskedComplaintText],
    ["COMPLIANCE", () => complianceId, complaintText],
  ])("complaints grid rows as %s", async (_role, userId, description) => {
    const outcome = await runRoute(complaintRowsLoader, buildRequest(`/complaints/rows?agency=${agencyCode}&startRow=0&endRow=50`, { cookie: await sessionCookieFor(userId()) }));
    expect(outcome.status).toBe(200);
    const { rows } = JSON.parse(String(outcome.body)) as { rows: { complaintRef: string; description: string | null }[] };
    expect(rows.find((row) => row.complaintRef === `FT-C-${suffix}`)?.description).toBe(description);
  });
});

describe("row errors in the reader's language", () => {
  let batchId: number;

  beforeAll(async () => {
    const content = csv([
      ["event_id", "account_number", "agent_id", "occurred_at", "type", "amount", "phone_number", "message_text"],
      [`FT-1-${suffix}`, accountNumber, "A1", "2026-03-10 10:00", "CALL", "-5", "138-12ab", ""],
      [`FT-2-${suffix}`, accountNumber, "A1", "2026-03-10 11:00", "SMS", "", "", sms],
      [`FT-3-${suffix}`, "NOT-PLACED", "A1", "2026-03-10 12:00", "CALL", "", "", ""],
    ]);
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId, fileName: "ft.csv", content });
    expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1, rejectedRows: 2 });
    batchId = batch?.id ?? 0;
  });

  test("the batch page: Chinese for a zh-CN user (personal values masked for a vendor manager), English for an English one", async () => {
    const chinese = await getImportBatchView(batchId, {}, { errorLimit: 10, viewer: { id: vendorManagerId, role: "VENDOR_MANAGER", locale: "zh-CN" } });
    expect(chinese?.rowErrors.map((error) => [error.rowNumber, error.message])).toEqual([
      [2, "电话号码（phone_number）“138****12ab”不是有效的电话号码：只能包含数字，可在开头加 +；金额（amount）“-5”必须是不小于 0 的数字"],
      [4, `账号（account_number）“NOT-PLACED”从未委案给机构 ${agencyCode}`],
    ]);
    const english = await getImportBatchView(batchId, {}, { errorLimit: 10, viewer: { id: complianceId, role: "COMPLIANCE", locale: "en" } });
    expect(english?.rowErrors.map((error) => [error.rowNumber, error.message])).toEqual([
      [2, "phone_number '138-12ab' is not a valid phone number: use digits with an optional leading +; amount '-5' must be a number ≥ 0"],
      [4, `account_number 'NOT-PLACED' was never placed with agency ${agencyCode}`],
    ]);
  });

  test("the rejects CSV in the downloading user's language", async () => {
    const chinese = await rejectsCsv(batchId, { viewer: { id: vendorManagerId, role: "VENDOR_MANAGER", locale: "zh-CN" } });
    const chineseLines = (await streamText(chinese?.stream ?? process.stdin)).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(chineseLines[1]).toContain("第 2 行：电话号码（phone_number）“138****12ab”不是有效的电话号码");
    expect(chineseLines[1]).toContain("138****12ab");
    expect(chineseLines[2]).toContain(`第 4 行：账号（account_number）“NOT-PLACED”从未委案给机构 ${agencyCode}`);
    const english = await rejectsCsv(batchId, { viewer: { id: complianceId, role: "COMPLIANCE", locale: "en" } });
    const englishLines = (await streamText(english?.stream ?? process.stdin)).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(englishLines[1]).toContain("row 2: phone_number '138-12ab' is not a valid phone number: use digits with an optional leading +; amount '-5' must be a number ≥ 0");
  });

  test("a reason stored as English text before reasons were keys still shows, in every language", async () => {
    await getPrisma().importRowError.create({ data: { batchId, rowNumber: 9, field: "type", message: "type 'PHONE' is not one of CALL, SMS", rawRow: { type: "PHONE" } } });
    const view = await getImportBatchView(batchId, {}, { errorLimit: 10, viewer: { id: vendorManagerId, role: "VENDOR_MANAGER", locale: "zh-CN" } });
    expect(view?.rowErrors.at(-1)).toMatchObject({ rowNumber: 9, message: "type 'PHONE' is not one of CALL, SMS" });
  });
});
