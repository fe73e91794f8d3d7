import type { ImportStatus } from "~/generated/prisma/enums";

// What a batch's status means to the person who sent the file. COMMITTED only says the transaction went through; a
// committed batch that imported nothing, or turned most of its rows away, is a warning, not a success. One pure
// function decides this for the batch page, the batches grid, the imports API and the CLI, so they never disagree.

export type BatchOutcomeState = "QUEUED" | "RUNNING" | "COMMITTED" | "WARNING" | "FAILED";

export type BatchWarningCode =
  /** The file had no data rows. */
  | "EMPTY"
  /** Every row was rejected: nothing was imported. */
  | "ALL_REJECTED"
  /** Nothing was imported: some rows were rejected, the others had been imported before. */
  | "NONE_ACCEPTED"
  /** Every row had been imported before (or was a resend): nothing new. */
  | "NOTHING_NEW"
  /** More than half of the rows that were not duplicates were rejected. */
  | "MOSTLY_REJECTED";

export type BatchOutcome = {
  state: BatchOutcomeState;
  warning: { code: BatchWarningCode; rejected: number; considered: number; total: number } | null;
};

export type BatchCounts = {
  status: ImportStatus;
  totalRows: number;
  acceptedRows: number;
  duplicateRows: number;
  rejectedRows: number;
  updatedRows: number;
  /** A layout's rows set aside on purpose (other products, other companies): like duplicates, neither success nor rejection. */
  skippedRows?: number;
  otherCompanyRows?: number;
};

export function batchOutcome(batch: BatchCounts): BatchOutcome {
  if (batch.status !== "COMMITTED") return { state: batch.status, warning: null };
  const total = batch.totalRows;
  const rejected = batch.rejectedRows;
  // Duplicates (rows imported before, unchanged) are neither a success nor a rejection; they are left out.
  const considered = Math.max(total - batch.duplicateRows - (batch.skippedRows ?? 0) - (batch.otherCompanyRows ?? 0), 0);
  const warn = (code: BatchWarningCode): BatchOutcome => ({ state: "WARNING", warning: { code, rejected, considered, total } });
  if (total === 0) return warn("EMPTY");
  if (rejected >= total) return warn("ALL_REJECTED");
  if (batch.acceptedRows + batch.updatedRows === 0) return warn(rejected > 0 ? "NONE_ACCEPTED" : "NOTHING_NEW");
  if (rejected * 2 > considered) return warn("MOSTLY_REJECTED");
  return { state: "COMMITTED", warning: null };
}

/** The message key of a warning's reason; its parameters are the warning's counts. */
export function batchWarningKey(code: BatchWarningCode): `imports.outcome.${BatchWarningCode}` {
  return `imports.outcome.${code}`;
}

/** True when every row of the file was rejected: the CLI's distinct exit code. Duplicates and resends are not rejections. */
export function everyRowRejected(batch: BatchCounts): boolean {
  return batchOutcome(batch).warning?.code === "ALL_REJECTED";
}

/** The English reason, for the API and the CLI (the UI uses the translated message of batchWarningKey). */
export function batchWarningText(warning: NonNullable<BatchOutcome["warning"]>): string {
  switch (warning.code) {
    case "EMPTY":
      return "The file had no data rows: nothing was imported.";
    case "ALL_REJECTED":
      return `All ${warning.rejected} rows were rejected: nothing was imported. See the rejected rows for the reasons.`;
    case "NONE_ACCEPTED":
      return `Nothing was imported: ${warning.rejected} rows were rejected and the other ${warning.total - warning.rejected} had been imported before.`;
    case "NOTHING_NEW":
      return "Nothing new was imported: every row had been imported before.";
    case "MOSTLY_REJECTED":
      return `${warning.rejected} of ${warning.considered} rows were rejected (duplicates not counted). See the rejected rows for the reasons.`;
  }
}
