// Every PostgreSQL advisory lock the application takes, in one table. A lock is always the two-key form
// (namespace, key): the namespace says which kind of lock it is, the key which one of that kind (0 for a lock of
// which there is only one). Two kinds can therefore never collide, whatever their keys. PostgreSQL keeps the
// one-key (bigint) form in a separate key space, and that is the form the other takers of advisory locks in the
// same database use (Prisma's migration engine, pg-boss), so they cannot collide with ours either.
//
// Keys made from text (an e-mail address, a file's hash, a pack family's code) are a 32-bit hash: two texts that
// share a hash only wait for each other, which is always safe.
//
// Advisory locks belong to the database, not to a schema, and installations may share a database in schemas of
// their own (`?schema=`). Their locks must not meet: a batch id of one is a batch id of the other, and a worker that
// finds "its" batch's lock held skips the batch as running elsewhere. So pg.server.ts takes every lock with a
// namespace that, outside "public", also carries 19 bits of a hash of the connection's own schema (never 0; kinds
// keep the low 12 bits, so their numbers stay below 4096); in "public" the numbers below are the keys.

/** One namespace per kind of lock. Add a kind here, with a new number, never by reusing one. */
export const lockNamespaces = {
  importBatch: 1,
  importFile: 2,
  ruleEvaluation: 3,
  ruleRunQueue: 4,
  ruleRunner: 5,
  rulePackFamily: 6,
  metricsRollup: 7,
  loginAccount: 8,
  loginAddress: 9,
  notificationDigest: 10,
  /** 38: numbered after its ADR, so engineers adding kinds in parallel do not collide. */
  reconciliation: 38,
  /** 42 and 421: numbered after their ADR (several machines). */
  importAgency: 42,
  jobQueueSetup: 421,
  /** 41 and 411: numbered after their ADR. */
  retentionPurge: 41,
  monthPartitions: 411,
  /** 422: with the several-machines kinds (ADR 042). */
  uploadStore: 422,
  /** 49: numbered after its ADR (Citus). */
  citusDistribution: 49,
} as const;

export type LockKind = keyof typeof lockNamespaces;

export type AdvisoryLock = { readonly kind: LockKind; readonly keys: readonly [namespace: number, key: number] };

function lock(kind: LockKind, key: number): AdvisoryLock {
  if (!Number.isInteger(key) || key < -2_147_483_648 || key > 2_147_483_647) throw new RangeError(`advisory lock ${kind}: key ${key} is not a 32-bit integer`);
  return { kind, keys: [lockNamespaces[kind], key] };
}

/** FNV-1a over the UTF-8 bytes, as a signed 32-bit integer (what PostgreSQL's int4 key takes). */
export function textLockKey(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export const locks = {
  /** Held (session) by the worker running an import batch: a free lock on a RUNNING batch means its worker died. */
  importBatch: (batchId: number) => lock("importBatch", batchId),
  /** Taken (transaction) while an upload looks for an earlier import of the same bytes. */
  importFile: (sha256: string) => lock("importFile", textLockKey(sha256)),
  /** Held (session) by every rule evaluation that writes violations, for its whole run. */
  ruleEvaluation: lock("ruleEvaluation", 0),
  /** Taken (transaction) while a request or a claim decides which full re-evaluation run is queued. */
  ruleRunQueue: lock("ruleRunQueue", 0),
  /** Held (session) by the one process that runs queued re-evaluations. */
  ruleRunner: lock("ruleRunner", 0),
  /** Taken (transaction) while a rule-pack family gets a new version. */
  rulePackFamily: (code: string) => lock("rulePackFamily", textLockKey(code)),
  /** Held (session) by the one retention purge running (the daily job or the CLI). */
  retentionPurge: lock("retentionPurge", 0),
  /** Taken (transaction) by every refresh and rebuild of the metric roll-ups. */
  metricsRollup: lock("metricsRollup", 0),
  /** Taken (transaction) while a sign-in attempt on this account is counted; before loginAddress. */
  loginAccount: (normalisedEmail: string) => lock("loginAccount", textLockKey(normalisedEmail)),
  /** Taken (transaction) while a sign-in attempt from this address is counted; after loginAccount. */
  loginAddress: (ipAddress: string) => lock("loginAddress", textLockKey(ipAddress)),
  /** Taken (transaction) while one user's digest of a day is sent, so overlapping runs send it once. */
  notificationDigest: (userId: number) => lock("notificationDigest", userId),
  /** Taken (transaction) while reconciliation items are recomputed, so two recomputations never interleave their deletes and inserts. */
  reconciliation: lock("reconciliation", 0),
  /**
   * Taken (transaction) by an import batch's transaction for its agency: two files of one agency are checked and
   * written one after the other, so an event id both carry is a duplicate of the committed one, never a race.
   */
  importAgency: (agencyId: number) => lock("importAgency", agencyId),
  /** Taken (transaction) while a pg-boss queue is created: pg-boss's create_queue() deadlocks with a concurrent one. */
  jobQueueSetup: lock("jobQueueSetup", 0),
  /** Taken (transaction) while a starting process checks, or names, the upload store its directory must be. */
  uploadStore: lock("uploadStore", 0),
  /** Taken (transaction) while monthly partitions are created (and rows moved out of DEFAULT), one creator at a time. */
  monthPartitions: lock("monthPartitions", 0),
  /** Taken (transaction) while the tables are distributed on a Citus cluster after migrations (ADR 049). */
  citusDistribution: lock("citusDistribution", 0),
} as const;
