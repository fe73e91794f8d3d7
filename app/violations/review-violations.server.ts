// Bulk review from the violations grid (and single review from the case page): each violation is decided through
// reviewViolation, which is conditional on OPEN and writes its own access-log entry, so a batch where some rows were
// already decided by someone else reports those rows and decides the rest.
import { getPrisma } from "~/db/client.server";
import { MAX_REVIEW_NOTE, ViolationReviewError, reviewViolation, type ViolationReviewErrorReason } from "~/rules/violations.server";

export const MAX_BULK_REVIEW = 500;

export type ReviewFailure = { id: string; reason: ViolationReviewErrorReason };

export type BulkReviewResult = {
  decision: "CONFIRMED" | "DISMISSED";
  reviewed: string[];
  failures: ReviewFailure[];
  /** Accounts whose violations changed, for refreshing figures that count them. */
  accountIds: number[];
};

/**
 * Reviews every id with the same decision and note. A note that is empty or too long fails the whole batch up front
 * (ViolationReviewError), since every row would fail the same way.
 */
export async function reviewViolations(input: {
  ids: readonly string[];
  decision: "CONFIRMED" | "DISMISSED";
  note: string;
  userId: number;
  request?: Request;
}): Promise<BulkReviewResult> {
  const note = input.note.trim();
  if (note === "") throw new ViolationReviewError("NOTE_REQUIRED", "A review note is required.");
  if (note.length > MAX_REVIEW_NOTE) throw new ViolationReviewError("NOTE_TOO_LONG", `A review note has at most ${MAX_REVIEW_NOTE} characters.`);
  const ids = [...new Set(input.ids)];
  const reviewed: string[] = [];
  const failures: ReviewFailure[] = [];
  for (const id of ids) {
    try {
      await reviewViolation({ violationId: id, decision: input.decision, note, userId: input.userId, request: input.request });
      reviewed.push(id);
    } catch (error) {
      if (!(error instanceof ViolationReviewError)) throw error;
      failures.push({ id, reason: error.reason });
    }
  }
  const accounts =
    reviewed.length === 0
      ? []
      : await getPrisma().violation.findMany({ where: { id: { in: reviewed.map((id) => BigInt(id)) } }, select: { accountId: true }, distinct: ["accountId"] });
  return { decision: input.decision, reviewed, failures, accountIds: accounts.map((account) => account.accountId) };
}
