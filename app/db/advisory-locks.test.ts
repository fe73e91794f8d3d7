import { describe, expect, test } from "vitest";
import { lockNamespaces, locks, textLockKey, type AdvisoryLock } from "./advisory-locks";

// One sample of every registered lock; a kind added to `locks` without a sample here fails the first test.
const samples: Record<keyof typeof locks, AdvisoryLock> = {
  importBatch: locks.importBatch(7),
  importFile: locks.importFile("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
  ruleEvaluation: locks.ruleEvaluation,
  ruleRunQueue: locks.ruleRunQueue,
  ruleRunner: locks.ruleRunner,
  rulePackFamily: locks.rulePackFamily("cn"),
  metricsRollup: locks.metricsRollup,
  loginAccount: locks.loginAccount("someone@example.com"),
  loginAddress: locks.loginAddress("127.0.0.1"),
  notificationDigest: locks.notificationDigest(42),
  reconciliation: locks.reconciliation,
  importAgency: locks.importAgency(3),
  jobQueueSetup: locks.jobQueueSetup,
  uploadStore: locks.uploadStore,
  retentionPurge: locks.retentionPurge,
  monthPartitions: locks.monthPartitions,
  citusDistribution: locks.citusDistribution,
};

describe("advisory lock registry", () => {
  test("every registered lock has a kind of its own", () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(locks).sort());
    expect(Object.values(samples).map((lock) => lock.kind).sort()).toEqual(Object.keys(lockNamespaces).sort());
  });

  test("no two kinds share a namespace, so no two registered names can share a key", () => {
    const namespaces = Object.values(lockNamespaces);
    expect(new Set(namespaces).size).toBe(namespaces.length);
    for (const [kind, lock] of Object.entries(samples)) {
      expect(lock.kind).toBe(kind);
      expect(lock.keys[0]).toBe(lockNamespaces[lock.kind]);
    }
  });

  test.each(Object.entries(samples))("%s is a pair of 32-bit integers", (_kind, lock) => {
    for (const key of lock.keys) {
      expect(Number.isInteger(key)).toBe(true);
      expect(key).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(key).toBeLessThan(2 ** 31);
    }
  });

  test.each([
    ["", -2128831035],
    ["a", -468965076],
  ])("text key of %j is FNV-1a as a signed int", (text, expected) => {
    expect(textLockKey(text)).toBe(expected);
  });

  test("an id beyond int4 is refused rather than silently sharing a key", () => {
    expect(() => locks.importBatch(2 ** 31)).toThrow(RangeError);
    expect(() => locks.importBatch(1.5)).toThrow(RangeError);
  });

  test("distinct ids of one kind are distinct keys", () => {
    expect(locks.importBatch(1).keys).not.toEqual(locks.importBatch(2).keys);
    expect(locks.loginAccount("a@example.com").keys).not.toEqual(locks.loginAccount("b@example.com").keys);
  });
});
