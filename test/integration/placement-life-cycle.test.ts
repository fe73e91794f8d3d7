import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getCase } from "~/cases/cases.server";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { getAgencyPlacementSummary, setPlacementTerm } from "~/placements/agency-placements.server";
import { buildRecallFile, listDueForRecall } from "~/placements/recall-due.server";
import { csv, importFile } from "../support/import-harness";
import { inEnglish } from "../support/row-errors";

// The placement life cycle (ADR 039) through the import pipeline: recall reasons in the placements file, agencies'
// acknowledgments, the due-for-recall list on an injected day, and its recall file imported back as placements.
let lc01: number;
let lc02: number;
// 12:00 in Shanghai on 2026-05-10: the lender's reporting day.
const now = new Date("2026-05-10T04:00:00Z");
const sortByAccount = { column: "accountNumber", direction: "asc" } as const;

const placementHeader = ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance", "recalled_at", "recall_reason"];

async function placement(accountNumber: string) {
  return getPrisma().placement.findFirstOrThrow({ where: { account: { accountNumber } }, orderBy: { placedAt: "desc" } });
}

async function due(scopeAgencyId?: number) {
  const { rows } = await listDueForRecall({ scopeAgencyId, filters: {}, sort: sortByAccount, now });
  return rows.filter((row) => row.accountNumber.startsWith("LC-")).map((row) => [row.accountNumber, row.reasons.join("+"), row.recallReason]);
}

beforeAll(async () => {
  lc01 = await createAgency({ code: "LC01", name: "期限机构", timeZone: "Asia/Shanghai" });
  lc02 = await createAgency({ code: "LC02", name: "无期限机构", timeZone: "Asia/Shanghai" });
  await setPlacementTerm(lc01, 90);
  const { batch } = await importFile({
    kind: "PLACEMENTS",
    fileName: "lc-placements.csv",
    content: csv([
      placementHeader,
      ["LC-1", "LC-C1", "LC01", "2026-01-01", "1000.00", null, null],
      ["LC-2", "LC-C2", "LC01", "2026-01-01", "2000.00", null, null],
      ["LC-3", "LC-C3", "LC01", "2026-05-01", "3000.00", null, null],
      ["LC-4", "LC-C4", "LC01", "2026-05-01", "4000.00", null, null],
      ["LC-5", "LC-C5", "LC02", "2026-01-01", "5000.00", null, null],
      ["LC-6", "LC-C6", "LC01", "2026-01-01", "6000.00", "2026-02-01", "结清"],
    ]),
  });
  expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 6, rejectedRows: 0 });
  await importFile({
    kind: "ACTIVITIES",
    agencyId: lc01,
    fileName: "lc01-activities.csv",
    content: csv([
      ["event_id", "account_number", "agent_id", "occurred_at", "type", "direction", "amount"],
      ["LC-E1", "LC-1", null, "2026-04-20 10:00", "PAYMENT", "INBOUND", "600.00"],
      ["LC-E2", "LC-1", null, "2026-04-28 10:00", "PAYMENT", "INBOUND", "400.00"],
      ["LC-E3", "LC-2", "A1", "2026-05-01 10:00", "CALL", "OUTBOUND", null],
      ["LC-E4", "LC-4", "A1", "2026-05-05 10:00", "CALL", "OUTBOUND", null],
    ]),
  });
});

afterAll(async () => {
  await stopQueue();
});

describe("recall reasons in the placements file", () => {
  test("a Chinese reason is stored as its code", async () => {
    expect(await placement("LC-6")).toMatchObject({ recallReason: "PAID_IN_FULL" });
  });

  test("a reason without a recall, or one that is no reason, is refused with the row and field", async () => {
    const { batch } = await importFile({
      kind: "PLACEMENTS",
      fileName: "lc-bad-reasons.csv",
      content: csv([placementHeader, ["LC-7", "LC-C7", "LC02", "2026-05-01", "100.00", null, "DISPUTE"], ["LC-8", "LC-C8", "LC02", "2026-05-01", "100.00", "2026-05-02", "BORED"]]),
    });
    expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 0, rejectedRows: 2 });
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id }, orderBy: { rowNumber: "asc" } }));
    expect(errors.map((error) => [error.rowNumber, error.field])).toEqual([
      [2, "recall_reason"],
      [3, "recall_reason"],
    ]);
    expect(errors[0]?.message).toContain("recall_reason 'DISPUTE' is given without recalled_at");
    expect(errors[1]?.message).toContain("BORED");
    expect(errors[1]?.message).toContain("LENDER_REQUEST");
  });

  test("a recall sent without a reason takes one later; a different reason afterwards is a conflict", async () => {
    // The balance written differently makes each file's bytes new (the same bytes again are recognised as a resend).
    const send = (reason: string | null, balance = "900.00") =>
      importFile({ kind: "PLACEMENTS", fileName: `lc-recall-${reason ?? "none"}.csv`, content: csv([placementHeader, ["LC-9", "LC-C9", "LC02", "2026-03-01", balance, "2026-03-20", reason]]) });
    expect((await send(null)).batch).toMatchObject({ acceptedRows: 1 });
    expect((await send("DECEASED")).batch).toMatchObject({ updatedRows: 1, rejectedRows: 0 });
    expect(await placement("LC-9")).toMatchObject({ recallReason: "DECEASED" });
    expect((await send(null, "900.0")).batch).toMatchObject({ duplicateRows: 1, rejectedRows: 0 });
    const { batch } = await send("BANKRUPTCY");
    expect(batch).toMatchObject({ rejectedRows: 1 });
    const [error] = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id } }));
    expect(error).toMatchObject({ field: "recall_reason" });
    expect(error?.message).toContain("with reason DECEASED");
    expect(await placement("LC-9")).toMatchObject({ recallReason: "DECEASED" });
  });
});

describe("acknowledgments from agencies", () => {
  const header = ["账号", "委案日期", "回执", "拒绝原因"];

  test("an agency answers its own placements; rows it cannot answer are refused with the reason", async () => {
    const { batch } = await importFile({
      kind: "ACKNOWLEDGMENTS",
      agencyId: lc01,
      fileName: "回执.csv",
      content: csv([
        header,
        ["LC-3", "2026-05-01", "拒绝", "债务人已移居境外"],
        ["LC-4", "2026-05-01", "接受", null],
        ["LC-5", "2026-01-01", "ACCEPTED", null],
        ["LC-2", "2026-01-01", "REJECTED", null],
        ["LC-3", "2026-05-01", "ACCEPTED", null],
      ]),
    });
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: 5, acceptedRows: 2, rejectedRows: 3 });
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id }, orderBy: { rowNumber: "asc" } }));
    expect(errors.map((error) => [error.rowNumber, error.field, error.message])).toEqual([
      // LC-5 is placed with LC02: to LC01 it is no placement at all.
      [4, "placed_at", "account 'LC-5' was not placed with your agency on 2026-01-01: check account_number and placed_at against the lender's placements"],
      [5, "reason", "reason is required when status is REJECTED"],
      [6, "placed_at", "the placement of account 'LC-3' on 2026-05-01 is answered more than once in this file (first at row 2)"],
    ]);
    const acknowledgments = await getPrisma().placementAcknowledgment.findMany({ where: { agencyId: lc01 }, include: { placement: { include: { account: true } } } });
    expect(acknowledgments.map((row) => [row.placement.account.accountNumber, row.status, row.reason]).sort()).toEqual([
      ["LC-3", "REJECTED", "债务人已移居境外"],
      ["LC-4", "ACCEPTED", null],
    ]);
  });

  test("a resend is a duplicate; a changed answer replaces the earlier one", async () => {
    const resend = await importFile({ kind: "ACKNOWLEDGMENTS", agencyId: lc01, fileName: "ack-again.csv", content: csv([header, ["LC-4", "2026-05-01", "接受", null]]) });
    expect(resend.batch).toMatchObject({ duplicateRows: 1, acceptedRows: 0 });
    const changed = await importFile({ kind: "ACKNOWLEDGMENTS", agencyId: lc01, fileName: "ack-change.csv", content: csv([header, ["LC-1", "2026-01-01", "接受", null], ["LC-4", "2026-05-01", "接受", null]]) });
    expect(changed.batch).toMatchObject({ acceptedRows: 1, duplicateRows: 1 });
  });

  test("acknowledgments are an agency's own file", async () => {
    const { submitted } = await importFile({ kind: "ACKNOWLEDGMENTS", fileName: "no-agency.csv", content: csv([header, ["LC-4", "2026-05-01", "接受", null]]) });
    expect(submitted).toMatchObject({ status: "rejected", code: "AGENCY_REQUIRED" });
  });

  test("the agency page counts placements the agency rejected or has not answered", async () => {
    // Open with LC01: LC-1, LC-2, LC-3, LC-4. Answered: LC-1 and LC-4 accepted, LC-3 rejected.
    expect(await getAgencyPlacementSummary(lc01, now)).toEqual({ open: 4, rejected: 1, unanswered: 1, dueForRecall: 3, placementTermDays: 90 });
  });

  test("the case page shows the placement history with reasons and answers", async () => {
    const lookup = await getCase({ accountNumber: "LC-3", view: "unmasked" });
    expect(lookup.found).toBe(true);
    if (!lookup.found) return;
    expect(lookup.detail.placements).toEqual([
      expect.objectContaining({ agencyCode: "LC01", termEndsOn: "2026-07-30", recallReason: null, acknowledgment: expect.objectContaining({ status: "REJECTED", reason: "债务人已移居境外" }) }),
    ]);
    const recalled = await getCase({ accountNumber: "LC-6", view: "unmasked" });
    expect(recalled.found && recalled.detail.placements[0]).toMatchObject({ recalledAt: "2026-02-01", recallReason: "PAID_IN_FULL" });
  });
});

describe("due for recall", () => {
  test("paid in full, past the term, rejected and not worked, on the injected day", async () => {
    expect(await due()).toEqual([
      ["LC-1", "PAID_IN_FULL+PAST_TERM", "PAID_IN_FULL"],
      ["LC-2", "PAST_TERM", "END_OF_TERM"],
      ["LC-3", "REJECTED", "LENDER_REQUEST"],
      ["LC-5", "NOT_WORKED", "PERFORMANCE"],
    ]);
    // An agency sees its own placements only.
    expect(await due(lc02)).toEqual([["LC-5", "NOT_WORKED", "PERFORMANCE"]]);
    const rejected = await listDueForRecall({ scopeAgencyId: undefined, filters: { reason: "REJECTED", agency: "LC01" }, sort: sortByAccount, now });
    expect(rejected.rows.map((row) => row.accountNumber)).toEqual(["LC-3"]);
  });

  test("the recall file is a placements file: imported back, it records every recall with its reason", async () => {
    const file = await buildRecallFile({ scopeAgencyId: lc01, filters: {}, sort: sortByAccount, now });
    expect(file.rows).toBe(3);
    expect(file.fileName).toBe("recall-2026-05-10.csv");
    const { batch } = await importFile({ kind: "PLACEMENTS", fileName: file.fileName, content: file.csv });
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: 3, updatedRows: 3, rejectedRows: 0, acceptedRows: 0 });
    for (const [account, reason] of [["LC-1", "PAID_IN_FULL"], ["LC-2", "END_OF_TERM"], ["LC-3", "LENDER_REQUEST"]] as const) {
      const recalled = await placement(account);
      expect(recalled.recalledAt?.toISOString().slice(0, 10)).toBe("2026-05-10");
      expect(recalled.recallReason).toBe(reason);
    }
    expect(await due(lc01)).toEqual([]);
    // The same recalls again (in other bytes: LF line ends) change nothing.
    const again = await importFile({ kind: "PLACEMENTS", fileName: "again.csv", content: file.csv.replaceAll("\r\n", "\n") });
    expect(again.batch).toMatchObject({ duplicateRows: 3, rejectedRows: 0 });
  });
});
