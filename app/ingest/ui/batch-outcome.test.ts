import { describe, expect, test } from "vitest";
import { batchOutcome, batchWarningText, everyRowRejected, type BatchCounts, type BatchOutcomeState, type BatchWarningCode } from "./batch-outcome";

const counts = (status: BatchCounts["status"], totalRows: number, acceptedRows: number, rejectedRows: number, duplicateRows = 0, updatedRows = 0): BatchCounts => ({
  status,
  totalRows,
  acceptedRows,
  rejectedRows,
  duplicateRows,
  updatedRows,
});

describe("batchOutcome", () => {
  test.each<[string, BatchCounts, BatchOutcomeState, BatchWarningCode | null]>([
    ["queued", counts("QUEUED", 0, 0, 0), "QUEUED", null],
    ["running", counts("RUNNING", 10, 0, 9), "RUNNING", null],
    ["failed", counts("FAILED", 10, 0, 10), "FAILED", null],
    ["every row accepted", counts("COMMITTED", 5, 5, 0), "COMMITTED", null],
    ["a few rejected", counts("COMMITTED", 5, 4, 1), "COMMITTED", null],
    ["exactly half rejected is not most", counts("COMMITTED", 4, 2, 2), "COMMITTED", null],
    ["every row rejected", counts("COMMITTED", 5, 0, 5), "WARNING", "ALL_REJECTED"],
    ["most rows rejected", counts("COMMITTED", 5, 2, 3), "WARNING", "MOSTLY_REJECTED"],
    ["duplicates are not counted: 2 of 3 new rows rejected", counts("COMMITTED", 10, 1, 2, 7), "WARNING", "MOSTLY_REJECTED"],
    ["duplicates are not counted: 1 of 3 new rows rejected", counts("COMMITTED", 10, 2, 1, 7), "COMMITTED", null],
    ["a resend: every row a duplicate", counts("COMMITTED", 5, 0, 0, 5), "WARNING", "NOTHING_NEW"],
    ["a resend that only adds recall dates", counts("COMMITTED", 5, 0, 0, 3, 2), "COMMITTED", null],
    ["rejected and duplicates, nothing accepted", counts("COMMITTED", 5, 0, 2, 3), "WARNING", "NONE_ACCEPTED"],
    ["no data rows", counts("COMMITTED", 0, 0, 0), "WARNING", "EMPTY"],
  ])("%s", (_name, batch, state, code) => {
    const outcome = batchOutcome(batch);
    expect(outcome.state).toBe(state);
    expect(outcome.warning?.code ?? null).toBe(code);
  });

  test("the warning carries the counts its reason names", () => {
    const outcome = batchOutcome(counts("COMMITTED", 10, 1, 2, 7));
    expect(outcome.warning).toEqual({ code: "MOSTLY_REJECTED", rejected: 2, considered: 3, total: 10 });
    expect(outcome.warning && batchWarningText(outcome.warning)).toBe("2 of 3 rows were rejected (duplicates not counted). See the rejected rows for the reasons.");
  });
});

describe("everyRowRejected", () => {
  test.each<[string, BatchCounts, boolean]>([
    ["all rejected", counts("COMMITTED", 5, 0, 5), true],
    ["all rejected but one duplicate", counts("COMMITTED", 5, 0, 4, 1), false],
    ["a resend", counts("COMMITTED", 5, 0, 0, 5), false],
    ["most rejected", counts("COMMITTED", 5, 1, 4), false],
    ["failed", counts("FAILED", 5, 0, 5), false],
  ])("%s", (_name, batch, expected) => {
    expect(everyRowRejected(batch)).toBe(expected);
  });
});
