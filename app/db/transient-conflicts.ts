// Deadlocks and serialization failures end a transaction that did nothing wrong: PostgreSQL (or, on a Citus cluster,
// a worker or the distributed deadlock detector) chose it as the victim, and its work, run again, usually goes
// through. On a cluster they are expected, not rare: every write of a reference table takes a lock on the whole
// table's shard on every node, so two imports that write the same reference tables in another order can deadlock
// where one server would only have locked different rows (ADR 049).

/** SQLSTATEs of a transaction rolled back as a victim: deadlock_detected, serialization_failure. */
const victimCodes = new Set(["40P01", "40001"]);

export function isTransientConflict(error: unknown): boolean {
  return typeof error === "object" && error !== null && victimCodes.has(String((error as { code?: unknown }).code));
}

export type ConflictRetryOptions = {
  /** Runs in all, the first included. */
  attempts?: number;
  /** Before each new run, after the failed one rolled back (e.g. to reset progress shown to users). */
  onRetry?: (error: unknown, attempt: number) => Promise<void> | void;
  /** Waits before a new run (milliseconds, by attempt); none by default, the victim's rival has usually finished. */
  pause?: (attempt: number) => Promise<void>;
};

/**
 * Runs `work` (one whole transaction) again when it was rolled back as a deadlock or serialization victim, up to
 * `attempts` runs; any other error, or the last victim's, is thrown as it came.
 */
export async function withConflictRetries<T>(work: (attempt: number) => Promise<T>, options: ConflictRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!isTransientConflict(error) || attempt >= attempts) throw error;
      await options.onRetry?.(error, attempt);
      await options.pause?.(attempt);
    }
  }
}
