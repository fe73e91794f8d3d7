import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { csv, importFile } from "../support/import-harness";
import { inEnglish } from "../support/row-errors";

// Activity files are checked and written 20,000 rows at a time; these files span several chunks so that every check
// has to look across chunk boundaries (repeats, agents named late, rejected rows whose values are read again).
const rowsPerFile = 45_000;
const header = ["event_id", "account_number", "agent_id", "agent_name", "occurred_at", "type", "outcome"];
let agencyId: number;

beforeAll(async () => {
  agencyId = await createAgency({ code: "CHK01", name: "分块测试", timeZone: "Asia/Shanghai" });
  await importFile({
    kind: "PLACEMENTS",
    fileName: "chunk-placements.csv",
    content: csv([
      ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"],
      ["CHK-A", "CHK-C1", "CHK01", "2026-01-01", "100.00"],
      ["CHK-B", "CHK-C2", "CHK01", "2026-01-01", "200.00"],
    ]),
  });
});

afterAll(async () => {
  await stopQueue();
});

function activityRows(prefix: string, edit: (index: number, row: (string | null)[]) => (string | null)[] = (_, row) => row): (string | null)[][] {
  const rows: (string | null)[][] = [header];
  for (let index = 0; index < rowsPerFile; index++) {
    const minute = String(index % 60).padStart(2, "0");
    rows.push(edit(index, [`${prefix}-${index}`, index % 2 === 0 ? "CHK-A" : "CHK-B", `AG-${index % 7}`, null, `2026-02-01 10:${minute}`, "CALL", "NO_ANSWER"]));
  }
  return rows;
}

describe("activity files of several chunks", () => {
  test("repeats across chunks, an unplaced account and late agent names are decided as in one piece", async () => {
    const rows = activityRows("M", (index, row) => {
      // Row numbers are index + 2 (the header is row 1).
      if (index === 30_000) return ["M-5", ...row.slice(1)]; // repeats row 7, two chunks earlier
      if (index === 41_000) return ["M-5", ...row.slice(1)]; // again: still named after the first accepted row
      if (index === 25_000) return [row[0] ?? null, "CHK-NOWHERE", ...row.slice(2)];
      if (index === 44_000) return [row[0] ?? null, row[1] ?? null, "AG-3", "王芳", ...row.slice(4)];
      return row;
    });
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId, fileName: "multi-chunk.csv", content: csv(rows) });
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: rowsPerFile, acceptedRows: rowsPerFile - 3, rejectedRows: 3, duplicateRows: 0 });
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id }, orderBy: { rowNumber: "asc" } }));
    expect(errors.map((error) => [error.rowNumber, error.field, error.message])).toEqual([
      [25_002, "account_number", "account_number 'CHK-NOWHERE' was never placed with agency CHK01"],
      [30_002, "event_id", "event_id 'M-5' appears more than once in this file (first at row 7)"],
      [41_002, "event_id", "event_id 'M-5' appears more than once in this file (first at row 7)"],
    ]);
    // The sender's own values of rows the database rejected are read back from the file for the rejects download.
    expect(errors[0]?.rawRow).toMatchObject({ event_id: "M-25000", account_number: "CHK-NOWHERE", agent_id: "AG-3" });
    expect(errors[1]?.rawRow).toMatchObject({ event_id: "M-5", occurred_at: "2026-02-01 10:00" });
    const agent = await getPrisma().agent.findUniqueOrThrow({ where: { agencyId_externalId: { agencyId, externalId: "AG-3" } } });
    expect(agent.name).toBe("王芳");
    expect(await getPrisma().activityEvent.count({ where: { importBatchId: batch?.id, agentId: agent.id } })).toBeGreaterThan(6_000);
  });

  test("a resend spanning chunks: unchanged rows are duplicates, a changed one a conflict, a new one accepted", async () => {
    const first = await getPrisma().importBatch.findFirstOrThrow({ where: { fileName: "multi-chunk.csv" } });
    const rows = activityRows("M", (index, row) => (index === 35_000 ? [...row.slice(0, 6), "BUSY"] : row));
    rows.push(["M-NEW", "CHK-A", "AG-1", null, "2026-02-02 09:00", "CALL", "BUSY"]);
    const { batch } = await importFile({ kind: "ACTIVITIES", agencyId, fileName: "multi-chunk-resend.csv", content: csv(rows) });
    // New: M-25000 (its account was unplaced the first time), M-30000 and M-41000 (those rows carried M-5 then), M-NEW.
    // Conflicts: M-35000 (outcome changed) and M-44000 (sent with agent AG-3 the first time).
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: rowsPerFile + 1, acceptedRows: 4, rejectedRows: 2, duplicateRows: rowsPerFile - 5 });
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id }, orderBy: { rowNumber: "asc" } }));
    const conflict = (eventId: string) =>
      `event_id '${eventId}' was already imported in batch #${first.id} with different content; an imported event cannot be changed by resending it`;
    expect(errors.map((error) => [error.rowNumber, error.message])).toEqual([
      [35_002, conflict("M-35000")],
      [44_002, conflict("M-44000")],
    ]);
    expect(errors[0]?.rawRow).toMatchObject({ event_id: "M-35000", outcome: "BUSY" });
    expect(await getPrisma().activityEvent.count({ where: { importBatchId: batch?.id } })).toBe(4);
  });

  test("strict: a bad row in the third chunk writes nothing; a clean file of several chunks writes everything", async () => {
    const before = await getPrisma().activityEvent.count({ where: { agencyId } });
    const bad = activityRows("S", (index, row) => {
      if (index === 1_000) return [row[0] ?? null, row[1] ?? null, "AG-NEW", "不该出现", ...row.slice(4)];
      return index === 42_000 ? [...row.slice(0, 5), "TELEGRAM", null] : row;
    });
    const failed = await importFile({ kind: "ACTIVITIES", agencyId, fileName: "strict-bad.csv", content: csv(bad), strict: true });
    expect(failed.batch).toMatchObject({ status: "FAILED", acceptedRows: 0, rejectedRows: 1 });
    expect(await getPrisma().activityEvent.count({ where: { agencyId } })).toBe(before);
    expect(await getPrisma().agent.count({ where: { agencyId, externalId: "AG-NEW" } })).toBe(0);

    const good = activityRows("T", (index, row) => (index === 43_000 ? [row[0] ?? null, row[1] ?? null, "AG-NEW", "新人", ...row.slice(4)] : row));
    const committed = await importFile({ kind: "ACTIVITIES", agencyId, fileName: "strict-good.csv", content: csv(good), strict: true });
    expect(committed.batch).toMatchObject({ status: "COMMITTED", acceptedRows: rowsPerFile, rejectedRows: 0, duplicateRows: 0 });
    expect(await getPrisma().activityEvent.count({ where: { importBatchId: committed.batch?.id } })).toBe(rowsPerFile);
    expect(await getPrisma().agent.findUniqueOrThrow({ where: { agencyId_externalId: { agencyId, externalId: "AG-NEW" } } })).toMatchObject({ name: "新人" });
  });
});
