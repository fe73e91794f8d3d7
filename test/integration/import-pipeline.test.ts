import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { rejectsCsv, retryImportBatch } from "~/ingest/pipeline/import-batches.server";
import { stopQueue } from "~/jobs/queue.server";
import { csv, importFile } from "../support/import-harness";
import { inEnglish } from "../support/row-errors";
import { renderStoredImportText } from "~/ingest/rows/import-message";

const sample = (name: string) => readFileSync(new URL(`../fixtures/ingest/hz01-samples/${name}`, import.meta.url));
let hz01: number;

beforeAll(async () => {
  hz01 = await createAgency({ code: "HZ01", name: "杭州催收", timeZone: "Asia/Shanghai" });
  await createAgency({ code: "SZ02", name: "深圳催收", timeZone: "Asia/Shanghai" });
  await createAgency({ code: "NY01", name: "New York Recovery", timeZone: "America/New_York" });
});

afterAll(async () => {
  await stopQueue();
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

// The public samples target the demo organisation (test/integration/demo-portfolio.test.ts); these HZ01 files keep
// the older layout examples, including a row for another agency's account.
describe("a placement file with its activities and complaints", () => {
  test("placements import: customers, accounts and placements are created", async () => {
    const { submitted, batch } = await importFile({ kind: "PLACEMENTS", fileName: "placements.csv", content: sample("placements.csv") });
    expect(submitted.status).toBe("queued");
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: 5, acceptedRows: 5, rejectedRows: 0, duplicateRows: 0 });
    const account = await getPrisma().account.findUniqueOrThrow({ where: { accountNumber: "6222020000000002" }, include: { customer: true, placements: true } });
    expect(account).toMatchObject({ debtorName: "李娟", phoneNumbers: ["+8613900002222"], timeZone: "Asia/Shanghai", product: "信用卡" });
    expect(account.customer.customerRef).toBe("C100002");
    expect(account.placements[0]?.placedBalance.toFixed(2)).toBe("8250.50");
  });

  test("activities import for HZ01: the row for an account placed with SZ02 is rejected with a clear reason", async () => {
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: hz01, fileName: "activities.csv", content: sample("activities.csv") });
    expect(batch).toMatchObject({ status: "COMMITTED", rejectedRows: 1, duplicateRows: 0 });
    expect(batch?.acceptedRows).toBe((batch?.totalRows ?? 0) - 1);
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id } }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ rowNumber: 6, field: "account_number", message: "account_number '6222020000000003' was never placed with agency HZ01" });
    // The rejected row keeps the agency's own layout for the rejects file.
    expect(errors[0]?.rawRow).toMatchObject({ event_id: "E20260304-0001", account_number: "6222020000000003" });
    const event = await getPrisma().activityEvent.findFirstOrThrow({ where: { agencyId: hz01, eventId: "E20260302-0001" }, include: { agent: true } });
    // 09:05 in Shanghai is 01:05 UTC; the local text and offset are kept as sent.
    expect(event.occurredAt.toISOString()).toBe("2026-03-02T01:05:00.000Z");
    expect(event).toMatchObject({ localTime: "2026-03-02 09:05:00", utcOffsetMinutes: 480, type: "CALL", outcome: "CONNECTED" });
    expect(event.agent?.externalId).toBe("A007");
    expect(event.agent?.name).toBe("李娜");
  });

  test("the same file again is recognised and not imported twice", async () => {
    const { submitted } = await importFile({ kind: "ACTIVITIES", agencyId: hz01, fileName: "activities-again.csv", content: sample("activities.csv") });
    expect(submitted.status).toBe("already-imported");
  });

  test("complaints import", async () => {
    const { batch } = await importFile({ kind: "COMPLAINTS", fileName: "complaints.csv", content: sample("complaints.csv") });
    expect(batch?.status).toBe("COMMITTED");
    expect(batch?.rejectedRows).toBe(0);
    expect(await getPrisma().complaint.count({ where: { importBatchId: batch?.id } })).toBe(batch?.acceptedRows);
  });
});

describe("resends", () => {
  const header = ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome", "message_text"];

  test("identical rows are duplicates, changed rows are conflicts naming the earlier batch, new rows are accepted", async () => {
    const first = await importFile({
      kind: "ACTIVITIES",
      agencyId: hz01,
      fileName: "day1.csv",
      content: csv([header, ["R-1", "6222020000000001", "A007", "2026-03-10 10:00", "CALL", "NO_ANSWER", null], ["R-2", "6222020000000001", "A007", "2026-03-10 11:00", "SMS", "DELIVERED", "=HYPERLINK(\"http://x\",\"pay\")"]]),
    });
    expect(first.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2 });
    const second = await importFile({
      kind: "ACTIVITIES",
      agencyId: hz01,
      fileName: "day1-resend.csv",
      content: csv([header, ["R-1", "6222020000000001", "A007", "2026-03-10 10:00:00", "CALL", "NO_ANSWER", null], ["R-2", "6222020000000001", "A007", "2026-03-10 11:00", "SMS", "DELIVERED", "changed"], ["R-3", "6222020000000001", "A007", "2026-03-10 12:00", "CALL", "BUSY", null]]),
    });
    expect(second.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1, duplicateRows: 1, rejectedRows: 1 });
    const conflict = await inEnglish(getPrisma().importRowError.findFirstOrThrow({ where: { batchId: second.batch?.id } }));
    expect(conflict.message).toBe(`event_id 'R-2' was already imported in batch #${first.batch?.id} with different content; an imported event cannot be changed by resending it`);
    // The earlier row is untouched and formula-like text is stored as plain text.
    const stored = await getPrisma().activityEvent.findFirstOrThrow({ where: { agencyId: hz01, eventId: "R-2" } });
    expect(stored.messageText).toBe('=HYPERLINK("http://x","pay")');
  });

  test("a duplicate event_id inside one file: the first is imported, the repeat is rejected naming the first row", async () => {
    const { batch } = await importFile({
      kind: "ACTIVITIES",
      agencyId: hz01,
      fileName: "dup.csv",
      content: csv([header, ["D-1", "6222020000000001", "A007", "2026-03-11 10:00", "CALL", "BUSY", null], ["D-1", "6222020000000001", "A007", "2026-03-11 10:05", "CALL", "BUSY", null]]),
    });
    expect(batch).toMatchObject({ acceptedRows: 1, rejectedRows: 1 });
    const error = await inEnglish(getPrisma().importRowError.findFirstOrThrow({ where: { batchId: batch?.id } }));
    expect(error).toMatchObject({ rowNumber: 3, message: "event_id 'D-1' appears more than once in this file (first at row 2)" });
  });
});

describe("bad rows and strict mode", () => {
  const header = ["event_id", "account_number", "agent_id", "occurred_at", "type", "amount"];
  const rows = [
    header,
    ["B-1", "6222020000000001", "A007", "2026-13-01 25:00", "CALL", null],
    ["B-2", "6222020000000001", null, "2026-03-12 10:00", "PAYMENT", "-5"],
    ["B-3", "6222020000000001", "A007", "2026-03-12 10:00", "TELEGRAM", null],
    ["B-4", "6222020000000001", "A007", "2026-03-12 11:00", "CALL", null],
  ];

  test("default policy: valid rows are imported and each invalid row gets its field and a plain reason", async () => {
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: hz01, fileName: "bad-rows.csv", content: csv(rows) });
    expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1, rejectedRows: 3 });
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id }, orderBy: { rowNumber: "asc" } }));
    expect(errors.map((error) => [error.rowNumber, error.field])).toEqual([
      [2, "occurred_at"],
      [3, "amount"],
      [4, "type"],
    ]);
    expect(errors[0]?.message).toContain("'2026-13-01 25:00'");
    expect(errors[2]?.message).toContain("'TELEGRAM'");

    const rejects = await rejectsCsv(batch?.id ?? 0, { agencyId: hz01, viewer: { id: 0, role: "AGENCY", locale: "en" } });
    const text = await streamText(rejects?.stream ?? process.stdin);
    const lines = text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("event_id,account_number,agent_id,occurred_at,type,amount,error");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^B-2,6222020000000001,,2026-03-12 10:00,PAYMENT,-5,"?row 3: /);
    // Another agency cannot download them.
    expect(await rejectsCsv(batch?.id ?? 0, { agencyId: hz01 + 100_000, viewer: { id: 0, role: "AGENCY", locale: "en" } })).toBeNull();
  });

  test("strict: one invalid row rejects the whole file, but the reasons are kept", async () => {
    const strictRows = rows.map((row, index) => (index === 0 ? row : [`S${row[0]}`, ...row.slice(1)]));
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: hz01, fileName: "strict.csv", content: csv(strictRows), strict: true });
    expect(batch).toMatchObject({ status: "FAILED", acceptedRows: 0, rejectedRows: 3 });
    expect(renderStoredImportText(batch?.errorMessage ?? "", "en")).toContain("Strict import");
    expect(await getPrisma().activityEvent.count({ where: { agencyId: hz01, eventId: "SB-4" } })).toBe(0);
  });
});

describe("files that cannot be imported", () => {
  test.each([
    ["empty.csv", "", "FILE_UNREADABLE", /empty/],
    ["header-only.csv", "event_id,account_number,occurred_at,type\n", "FILE_UNREADABLE", /no data rows/],
    ["missing.csv", "event_id,account_number,type\nX,1,CALL\n", "HEADER_INVALID", /occurred_at/],
    ["binary.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "FILE_UNREADABLE", /PNG/i],
  ] as const)("%s is rejected at once with a specific message", async (fileName, content, code, message) => {
    const before = await getPrisma().activityEvent.count();
    const { submitted, batch } = await importFile({ kind: "ACTIVITIES", agencyId: hz01, fileName, content });
    expect(submitted).toMatchObject({ status: "rejected", code });
    if (submitted.status === "rejected") expect(submitted.message).toMatch(message);
    expect(batch?.status).toBe("FAILED");
    expect(await getPrisma().activityEvent.count()).toBe(before);
  });

  test("an activity file needs an agency; a placement file must not name one", async () => {
    expect((await importFile({ kind: "ACTIVITIES", fileName: "a.csv", content: "x" })).submitted).toMatchObject({ status: "rejected", code: "AGENCY_REQUIRED" });
    expect((await importFile({ kind: "PLACEMENTS", agencyId: hz01, fileName: "p.csv", content: "x" })).submitted).toMatchObject({ status: "rejected", code: "AGENCY_NOT_ALLOWED" });
  });

  test("an unterminated quote fails the batch with the row where it opened, and stores nothing of it", async () => {
    const content = 'event_id,account_number,agent_id,occurred_at,type\nQ-1,6222020000000001,A007,2026-03-13 10:00,CALL\nQ-2,6222020000000001,A007,"2026-03-13 11:00,CALL\n';
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId: hz01, fileName: "quote.csv", content });
    expect(batch?.status).toBe("FAILED");
    expect(renderStoredImportText(batch?.errorMessage ?? "", "en")).toMatch(/quote/i);
    expect(renderStoredImportText(batch?.errorMessage ?? "", "zh-CN")).toContain("引号");
    expect(await getPrisma().activityEvent.count({ where: { agencyId: hz01, eventId: "Q-1" } })).toBe(0);
    // A failed batch can be retried (it fails the same way: the file is the problem).
    expect(await retryImportBatch(batch?.id ?? 0)).toEqual({ status: "queued" });
  });
});

describe("placements", () => {
  const header = ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "recalled_at"];

  test("a resend may add the recall date; other changes are conflicts; one agency at a time", async () => {
    const first = await importFile({ kind: "PLACEMENTS", fileName: "p1.csv", content: csv([header, ["P-100", "CP-100", "HZ01", "2026-04-01", "1000.00", null]]) });
    expect(first.batch?.acceptedRows).toBe(1);
    const overlapping = await importFile({ kind: "PLACEMENTS", fileName: "p2.csv", content: csv([header, ["P-100", "CP-100", "SZ02", "2026-05-01", "900.00", null]]) });
    expect(overlapping.batch?.rejectedRows).toBe(1);
    expect((await inEnglish(getPrisma().importRowError.findFirstOrThrow({ where: { batchId: overlapping.batch?.id } }))).message).toBe(
      "account 'P-100' is placed with HZ01 from 2026-04-01 (not recalled); an account is placed with one agency at a time",
    );
    // Recall from HZ01 and place with SZ02 in one file.
    const moved = await importFile({
      kind: "PLACEMENTS",
      fileName: "p3.csv",
      content: csv([header, ["P-100", "CP-100", "HZ01", "2026-04-01", "1000.00", "2026-05-01"], ["P-100", "CP-100", "SZ02", "2026-05-01", "900.00", null]]),
    });
    expect(moved.batch).toMatchObject({ acceptedRows: 1, updatedRows: 1, rejectedRows: 0 });
    const conflict = await importFile({ kind: "PLACEMENTS", fileName: "p4.csv", content: csv([header, ["P-100", "CP-100", "HZ01", "2026-04-01", "1200.00", "2026-05-01"]]) });
    expect(conflict.batch?.rejectedRows).toBe(1);
    const wrongCustomer = await importFile({ kind: "PLACEMENTS", fileName: "p5.csv", content: csv([header, ["P-100", "CP-999", "NY01", "2026-07-01", "5.00", null]]) });
    expect((await inEnglish(getPrisma().importRowError.findFirstOrThrow({ where: { batchId: wrongCustomer.batch?.id } }))).message).toBe("account_number 'P-100' belongs to customer 'CP-100', not 'CP-999'");
  });
});
