import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { getPrisma } from "~/db/client.server";
import { getPool } from "~/db/pg.server";
import { createAgency, createPlacedAccount } from "~/demo/factories.server";
import { uploadDirectory } from "~/ingest/pipeline/uploads.server";
import { stopQueue } from "~/jobs/queue.server";
import { clearLegalHold, LegalHoldError, listLegalHolds, setLegalHold } from "~/retention/legal-holds.server";
import { getQueue } from "~/jobs/queue.server";
import { RETENTION_PURGE_CRON, RETENTION_PURGE_QUEUE, runRetentionPurge, startRetentionPurge } from "~/retention/purge-retention-queue.server";
import { purgeExpiredRecords } from "~/retention/purge-expired-records.server";
import { getRetentionPolicy, setRetentionPolicy } from "~/retention/retention-settings.server";
import { csv, importFile } from "../support/import-harness";
import { buildRequest, runRoute, sessionCookieFor } from "../support/route-harness";
import * as retentionPage from "~/routes/_app.settings.retention";
import { ensureUser } from "~/demo/factories.server";
import { oversight } from "../support/oversight-cli";
import { inEnglish } from "../support/row-errors";
import { useOwnDatabase } from "../support/own-database";
import { eventRowIds } from "../support/trigger-events";
import { ensureDefaultRulePacks } from "~/rules/rule-packs.server";

// The retention purge (ADR 041). Its rows are dated in the 1990s and "now" is injected in 2006. The file has a
// database of its own: dropping a month takes every table lock it needs at once or none, and other files' imports
// beside it could keep refusing that long enough for the purge to fall back to batches, which the tests tell apart.
const NOW = new Date("2006-12-15T08:00:00Z"); // 5 years: kept from 2001-12-01
const header = ["event_id", "account_number", "agent_id", "occurred_at", "type", "outcome"];

let purgeAgency: number;
let heldAgency: number;
let plain: Awaited<ReturnType<typeof createPlacedAccount>>;
let held: Awaited<ReturnType<typeof createPlacedAccount>>;
let other: Awaited<ReturnType<typeof createPlacedAccount>>;
let oldBatch: number;
let mixedBatch: number;
let heldAgencyBatch: number;
let oldFile: string;

// The rule engine may find violations of its own on these events: counted from the database, not guessed.
const violationsOn = async (eventIds: string[]) => getPrisma().violation.count({ where: { triggerEventId: { in: await eventRowIds([purgeAgency, heldAgency], eventIds) } } });
const eventsOf = (accountId: number) => getPrisma().activityEvent.findMany({ where: { accountId }, orderBy: { occurredAt: "asc" }, select: { eventId: true, occurredAt: true } });

const partitionsOf = async (month: string) =>
  (
    await getPool().query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent IN ('"ActivityEvent"'::regclass, '"Violation"'::regclass) AND c.relname LIKE $1 ORDER BY 1`,
      [`%_p${month.replace("-", "_")}`],
    )
  ).rows.map((row) => row.name);
const keysOf = async (eventIds: string[]) =>
  (await getPrisma().activityEventKey.findMany({ where: { agencyId: { in: [purgeAgency, heldAgency] }, eventId: { in: eventIds } }, select: { eventId: true } })).map((row) => row.eventId);

async function backdate(batchId: number): Promise<void> {
  await getPool().query(`UPDATE "ImportBatch" SET "createdAt" = '1997-03-01T00:00:00Z', "finishedAt" = '1997-03-01T00:01:00Z' WHERE id = $1`, [batchId]);
}

let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  restoreDatabase = await useOwnDatabase("retention");
  await ensureDefaultRulePacks();
  purgeAgency = await createAgency({ code: "RETPURGE", name: "Retention purge", timeZone: "UTC" });
  heldAgency = await createAgency({ code: "RETHELD", name: "Retention held", timeZone: "UTC" });
  plain = await createPlacedAccount({ agencyId: purgeAgency, accountNumber: "RET-PLAIN-1" });
  held = await createPlacedAccount({ agencyId: purgeAgency, accountNumber: "RET-HELD-1" });
  other = await createPlacedAccount({ agencyId: heldAgency, accountNumber: "RET-OTHER-1" });
  // The factory's own events are of 2026: kept whatever happens.

  // An upload all of whose events are past retention, with a rejected row (as sent).
  const old = await importFile({
    kind: "ACTIVITIES",
    agencyId: purgeAgency,
    fileName: "old.csv",
    content: csv([header, ["OLD-1", "RET-PLAIN-1", "A001", "1996-01-10 10:00", "CALL", "NO_ANSWER"], ["OLD-2", "RET-PLAIN-1", "A001", "1996-02-11 10:00", "CALL", "NO_ANSWER"], ["OLD-3", "NOT-PLACED-ANYWHERE", "A001", "1996-02-11 11:00", "CALL", "NO_ANSWER"]]),
  });
  expect(old.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2, rejectedRows: 1 });
  oldBatch = old.batch!.id;
  oldFile = (await getPrisma().importBatch.findUniqueOrThrow({ where: { id: oldBatch } })).storedFilePath!;
  expect(existsSync(path.join(uploadDirectory(), oldFile))).toBe(true);

  // An upload with old events of a held account and an event still within the period.
  const mixed = await importFile({
    kind: "ACTIVITIES",
    agencyId: purgeAgency,
    fileName: "mixed.csv",
    content: csv([header, ["MIX-1", "RET-HELD-1", "A001", "1996-01-12 10:00", "CALL", "NO_ANSWER"], ["MIX-2", "RET-PLAIN-1", "A001", "1996-01-20 10:00", "CALL", "CONNECTED"], ["MIX-3", "RET-PLAIN-1", "A001", "2002-03-01 10:00", "CALL", "NO_ANSWER"]]),
  });
  expect(mixed.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 3 });
  mixedBatch = mixed.batch!.id;

  const heldAgencyUpload = await importFile({ kind: "ACTIVITIES", agencyId: heldAgency, fileName: "held-agency.csv", content: csv([header, ["HA-1", "RET-OTHER-1", "A001", "1996-01-15 10:00", "CALL", "NO_ANSWER"]]) });
  expect(heldAgencyUpload.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1 });
  heldAgencyBatch = heldAgencyUpload.batch!.id;
  for (const batchId of [oldBatch, mixedBatch, heldAgencyBatch]) await backdate(batchId);

  // A violation on an old event of each account, and a complaint linked to a purged event.
  const pack = await getPrisma().rulePack.findFirstOrThrow({ where: { code: "cn", status: "PUBLISHED" } });
  for (const eventId of ["OLD-1", "MIX-1", "HA-1"]) {
    const event = await getPrisma().activityEvent.findFirstOrThrow({ where: { eventId, agencyId: { in: [purgeAgency, heldAgency] } } });
    await getPrisma().violation.create({
      data: { ruleCode: "ABUSIVE_LANGUAGE", severity: "HIGH", agencyId: event.agencyId, accountId: event.accountId, triggerEventId: event.id, evidenceEventIds: [event.id], rulePackId: pack.id, occurredAt: event.occurredAt, explanation: { key: "rules.ABUSIVE_LANGUAGE.explanation", params: {} } },
    });
  }
  const purgedEvent = await getPrisma().activityEvent.findFirstOrThrow({ where: { eventId: "OLD-2", agencyId: purgeAgency } });
  await getPrisma().complaint.create({ data: { complaintRef: "RET-COMPLAINT-1", accountId: plain.accountId, agencyId: purgeAgency, receivedAt: new Date("1996-02-20T00:00:00Z"), source: "DEBTOR", category: "HARASSMENT", events: { create: [{ eventId: purgedEvent.id, eventOccurredAt: purgedEvent.occurredAt }] } } });

  await setLegalHold({ target: { accountNumber: "RET-HELD-1" }, reason: "Litigation 96-CV-001", userId: null });
  await setLegalHold({ target: { agencyCode: "retheld" }, reason: "Regulator's inquiry", userId: null });
});

afterAll(async () => {
  await stopQueue();
  await restoreDatabase();
});

describe("retention period", () => {
  test("five years by default; under three years is refused citing Regulation F, and nothing is stored", async () => {
    expect(await getRetentionPolicy()).toEqual({ years: 5 });
    const refused = await setRetentionPolicy({ years: 2 }, null).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ZodError);
    expect((refused as ZodError).issues[0]?.message).toMatch(/Regulation F \(12 CFR 1006\.100\)/);
    expect(await getRetentionPolicy()).toEqual({ years: 5 });
  });

  test("a longer period keeps the old months: nothing is past it", async () => {
    await setRetentionPolicy({ years: 12 }, null);
    try {
      const result = await purgeExpiredRecords({ now: NOW, dryRun: true });
      expect(result.cutoff).toBe("1994-12-01T00:00:00.000Z");
      expect(result.totals.events).toBe(0);
    } finally {
      await setRetentionPolicy({ years: 5 }, null);
    }
    const changes = await getPrisma().accessLog.findMany({ where: { action: "RETENTION_CHANGED" }, orderBy: { id: "asc" } });
    expect(changes.map((row) => row.detail)).toEqual(expect.arrayContaining([{ fromYears: 5, toYears: 12 }, { fromYears: 12, toYears: 5 }]));
  });
});

describe("legal holds", () => {
  test("one active hold per account or agency, a reason each time, an unknown account is named", async () => {
    await expect(setLegalHold({ target: { accountNumber: "RET-HELD-1" }, reason: "again", userId: null })).rejects.toMatchObject({ code: "ALREADY_HELD" });
    await expect(setLegalHold({ target: { accountNumber: "NO-SUCH" }, reason: "litigation", userId: null })).rejects.toThrow(LegalHoldError);
    await expect(setLegalHold({ target: { accountNumber: "RET-PLAIN-1" }, reason: "", userId: null })).rejects.toThrow(ZodError);
    const active = await listLegalHolds();
    expect(active.filter((hold) => hold.label.startsWith("RET"))).toEqual([
      expect.objectContaining({ target: "AGENCY", label: "RETHELD", reason: "Regulator's inquiry", clearedAt: null }),
      expect.objectContaining({ target: "ACCOUNT", label: "RET-HELD-1", reason: "Litigation 96-CV-001", clearedAt: null }),
    ]);
    const logged = await getPrisma().accessLog.findMany({ where: { action: "LEGAL_HOLD_SET", resourceId: { in: ["RET-HELD-1", "RETHELD"] } } });
    expect(logged).toHaveLength(2);
  });
});

describe("the purge", () => {
  test("a dry run counts per month and removes nothing", async () => {
    const result = await purgeExpiredRecords({ now: NOW, dryRun: true });
    expect(result.cutoff).toBe("2001-12-01T00:00:00.000Z");
    const months = Object.fromEntries(result.months.map((month) => [month.month, month]));
    // January: OLD-1 and MIX-2 go (OLD-1's violation with it); MIX-1 (held account) and HA-1 (held agency) stay.
    expect(await violationsOn(["OLD-1"])).toBe(1);
    expect(months["1996-01"]).toEqual({ month: "1996-01", events: 2, violations: await violationsOn(["OLD-1", "MIX-2"]), complaintLinks: 0, heldEventsKept: 2 });
    expect(months["1996-02"]).toEqual({ month: "1996-02", events: 1, violations: await violationsOn(["OLD-2"]), complaintLinks: 1, heldEventsKept: 0 });
    expect(result.uploads).toEqual([]);
    expect(await eventsOf(plain.accountId)).toHaveLength(5);
  });

  test("removes the months past retention except held rows, then the uploads left without events, and logs it", async () => {
    const expiredViolations = await violationsOn(["OLD-1", "MIX-2", "OLD-2"]);
    const heldViolations = (await getPrisma().violation.findMany({ where: { triggerEventId: { in: await eventRowIds([purgeAgency, heldAgency], ["MIX-1", "HA-1"]) } }, select: { id: true } })).map((row) => row.id);
    const result = await runRetentionPurge(NOW);
    expect(result.totals).toMatchObject({ events: 3, violations: expiredViolations, complaintLinks: 1, heldEventsKept: 2 });
    expect(await violationsOn(["OLD-1", "MIX-2", "OLD-2"])).toBe(0);

    // February 1996, which no hold touches, went whole: its partitions are dropped. January's held rows kept its
    // partitions, and its other rows went in batches.
    expect(await partitionsOf("1996-02")).toEqual([]);
    expect(await partitionsOf("1996-01")).toEqual(["ActivityEvent_p1996_01", "Violation_p1996_01"]);
    // The purged events' keys went with them; the held ones' stay.
    expect((await keysOf(["OLD-1", "OLD-2", "MIX-1", "MIX-2"])).sort()).toEqual(["MIX-1"]);

    // The plain account keeps only what is within the period (and the factory's 2026 event).
    expect((await eventsOf(plain.accountId)).map((event) => event.eventId).filter((id) => !id.startsWith("EV"))).toEqual(["MIX-3"]);
    // Held: the account's and the agency's old events and their violations stay.
    expect((await eventsOf(held.accountId)).map((event) => event.eventId)).toContain("MIX-1");
    expect((await eventsOf(other.accountId)).map((event) => event.eventId)).toContain("HA-1");
    expect(await getPrisma().violation.count({ where: { id: { in: heldViolations } } })).toBe(heldViolations.length);
    expect(await violationsOn(["MIX-1", "HA-1"])).toBeGreaterThanOrEqual(2);
    // The complaint stays; its link to the purged event is gone.
    const complaint = await getPrisma().complaint.findUniqueOrThrow({ where: { complaintRef: "RET-COMPLAINT-1" }, include: { events: true } });
    expect(complaint.events).toEqual([]);

    // The upload whose every event is gone loses its stored file and its rejected rows; the others keep theirs.
    expect(result.uploads).toEqual([{ batchId: oldBatch, fileName: "old.csv", storedFile: oldFile, rejectedRows: 1 }]);
    expect(existsSync(path.join(uploadDirectory(), oldFile))).toBe(false);
    expect(await getPrisma().importRowError.count({ where: { batchId: oldBatch } })).toBe(0);
    expect((await getPrisma().importBatch.findUniqueOrThrow({ where: { id: oldBatch } })).storedFilePath).toBeNull();
    expect((await getPrisma().importBatch.findUniqueOrThrow({ where: { id: mixedBatch } })).storedFilePath).not.toBeNull();
    expect((await getPrisma().importBatch.findUniqueOrThrow({ where: { id: heldAgencyBatch } })).storedFilePath).not.toBeNull();

    // The access log says what went: months, counts, files.
    const log = await getPrisma().accessLog.findFirstOrThrow({ where: { action: "RETENTION_PURGED" }, orderBy: { id: "desc" } });
    expect(log.detail).toMatchObject({
      years: 5,
      cutoff: "2001-12-01T00:00:00.000Z",
      months: [
        { month: "1996-01", events: 2, heldEventsKept: 2 },
        { month: "1996-02", events: 1, complaintLinks: 1 },
      ],
      uploads: [{ batchId: oldBatch, fileName: "old.csv", rejectedRows: 1, fileDeleted: true }],
    });

    // No violation is left naming an event that is gone (violations name their trigger event without a foreign key).
    const orphans = await getPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Violation" v WHERE NOT EXISTS (SELECT 1 FROM "ActivityEvent" e WHERE e.id = v."triggerEventId" AND e."occurredAt" = v."occurredAt")`,
    );
    expect(orphans.rows[0]!.n).toBe(0);

    // Run again: nothing left to remove, nothing logged.
    const again = await purgeExpiredRecords({ now: NOW });
    expect(again.totals).toMatchObject({ events: 0, violations: 0, uploads: 0, heldEventsKept: 2 });
    expect(await getPrisma().accessLog.count({ where: { action: "RETENTION_PURGED" } })).toBe(1);
  });

  test("a cleared hold lets the next purge remove what it kept", async () => {
    const mix1Violations = await violationsOn(["MIX-1"]);
    await clearLegalHold({ target: { accountNumber: "RET-HELD-1" }, reason: "Case settled", userId: null });
    await expect(clearLegalHold({ target: { accountNumber: "RET-HELD-1" }, reason: "Case settled", userId: null })).rejects.toMatchObject({ code: "NOT_HELD" });
    const result = await purgeExpiredRecords({ now: NOW });
    expect(result.totals).toMatchObject({ events: 1, violations: mix1Violations, heldEventsKept: 1 });
    expect((await eventsOf(held.accountId)).map((event) => event.eventId)).not.toContain("MIX-1");
    const cleared = (await listLegalHolds({ includeCleared: true })).find((hold) => hold.label === "RET-HELD-1");
    expect(cleared).toMatchObject({ clearReason: "Case settled" });
    expect(cleared?.clearedAt).not.toBeNull();
  });

  test("a purged event sent again is imported as new (its key went with it), in a dropped month and a batched one", async () => {
    const resend = await importFile({
      kind: "ACTIVITIES",
      agencyId: purgeAgency,
      fileName: "resend.csv",
      content: csv([header, ["OLD-1", "RET-PLAIN-1", "A001", "1996-01-10 10:00", "CALL", "NO_ANSWER"], ["OLD-2", "RET-PLAIN-1", "A001", "1996-02-11 10:00", "CALL", "NO_ANSWER"]]),
    });
    expect(resend.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2, duplicateRows: 0, rejectedRows: 0 });
    // February's partitions came back for it.
    expect(await partitionsOf("1996-02")).toEqual(["ActivityEvent_p1996_02", "Violation_p1996_02"]);
    await backdate(resend.batch!.id);
    const result = await purgeExpiredRecords({ now: NOW });
    expect(result.totals).toMatchObject({ events: 2, heldEventsKept: 1 });
    expect(await keysOf(["OLD-1", "OLD-2"])).toEqual([]);
  });
});

describe("the keys of a dropped month", () => {
  test("go after the drop by whether their event is gone: a stopped run's left-overs by the next run, a held event's key stays", async () => {
    // A run stopped between a month's drop and its keys leaves keys without events: made here by hand, in a month
    // without partitions (March 1996) and in one whose partitions stay for held rows (January 1996).
    await getPool().query(
      `INSERT INTO "ActivityEventKey" ("agencyId", "eventId", "contentHash", "importBatchId", "occurredMonth")
       VALUES ($1, 'STALE-1', 'h', $2, '1996-03-01'), ($1, 'STALE-2', 'h', $2, '1996-01-01')`,
      [purgeAgency, oldBatch],
    );
    // While such a key stays, the event counts as imported before: a resend of it is a conflict naming the purged batch.
    const meanwhile = await importFile({ kind: "ACTIVITIES", agencyId: purgeAgency, fileName: "stale.csv", content: csv([header, ["STALE-1", "RET-PLAIN-1", "A001", "1996-03-05 10:00", "CALL", "NO_ANSWER"]]) });
    expect(meanwhile.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 0, rejectedRows: 1 });
    const phases: string[] = [];
    const result = await purgeExpiredRecords({ now: NOW, timing: (phase) => phases.push(phase) });
    expect(result.totals).toMatchObject({ events: 0, keysAfterDrop: 2, heldEventsKept: 1 });
    expect(await keysOf(["STALE-1", "STALE-2"])).toEqual([]);
    // The held agency's event keeps its key (its month has keys every run looks at, and its event).
    expect(await keysOf(["HA-1"])).toEqual(["HA-1"]);
    expect(phases).toEqual(expect.arrayContaining(["policy and holds", "plan", "1996-01: keys of purged events", "1996-03: keys of purged events"]));
    // Now the event is new again (sent in another file: the same bytes again would be refused as a file already imported).
    const resend = await importFile({ kind: "ACTIVITIES", agencyId: purgeAgency, fileName: "stale-again.csv", content: csv([header, ["STALE-1", "RET-PLAIN-1", "A001", "1996-03-05 10:00:00", "CALL", "NO_ANSWER"]]) });
    expect(resend.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1, duplicateRows: 0 });
    // The next purge removes it, its dropped month's key after the drop.
    await backdate(resend.batch!.id);
    const again = await purgeExpiredRecords({ now: NOW });
    expect(again.totals).toMatchObject({ events: 1, keysAfterDrop: 1 });
    expect(await keysOf(["STALE-1"])).toEqual([]);
  });
});

describe("the idempotency key across months", () => {
  test("the same event id sent again with a time in another month is a conflict naming the first batch", async () => {
    const first = await importFile({ kind: "ACTIVITIES", agencyId: purgeAgency, fileName: "march.csv", content: csv([header, ["XM-1", "RET-PLAIN-1", "A001", "2026-03-10 10:00", "CALL", "NO_ANSWER"]]) });
    expect(first.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 1 });
    const resend = await importFile({ kind: "ACTIVITIES", agencyId: purgeAgency, fileName: "may.csv", content: csv([header, ["XM-1", "RET-PLAIN-1", "A001", "2026-05-10 10:00", "CALL", "NO_ANSWER"]]) });
    expect(resend.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 0, rejectedRows: 1 });
    const conflict = await inEnglish(getPrisma().importRowError.findFirstOrThrow({ where: { batchId: resend.batch?.id } }));
    expect(conflict.message).toBe(`event_id 'XM-1' was already imported in batch #${first.batch?.id} with different content; an imported event cannot be changed by resending it`);
    const same = await importFile({ kind: "ACTIVITIES", agencyId: purgeAgency, fileName: "march-again.csv", content: csv([header, ["XM-1", "RET-PLAIN-1", "A001", "2026-03-10 10:00:00", "CALL", "NO_ANSWER"]]) });
    expect(same.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 0, duplicateRows: 1 });
  });
});

describe("the daily job", () => {
  test("the worker registers the daily schedule (a fired run is runRetentionPurge with the clock's now, tested above)", async () => {
    await startRetentionPurge({ pollingIntervalSeconds: 3600 });
    const boss = await getQueue();
    expect((await boss.getSchedules()).map(({ name, cron }) => ({ name, cron }))).toContainEqual({ name: RETENTION_PURGE_QUEUE, cron: RETENTION_PURGE_CRON });
  });
});

describe("Settings → Retention", () => {
  test("compliance refuses a period under three years, sets and clears a hold with a reason; the page lists it", async () => {
    const cookie = await sessionCookieFor(await ensureUser({ email: "retention-compliance@example.test", name: "Retention compliance", role: "COMPLIANCE" }));
    const tooShort = await runRoute(retentionPage.action, buildRequest("/settings/retention", { cookie, form: { intent: "period", years: "2" } }));
    expect(tooShort).toMatchObject({ status: 400, body: { status: "error", key: "retention.error.tooShort" } });
    const noReason = await runRoute(retentionPage.action, buildRequest("/settings/retention", { cookie, form: { intent: "hold", target: "ACCOUNT", label: "RET-PLAIN-1", reason: "" } }));
    expect(noReason).toMatchObject({ status: 400, body: { key: "retention.error.reason" } });
    const held = await runRoute(retentionPage.action, buildRequest("/settings/retention", { cookie, form: { intent: "hold", target: "ACCOUNT", label: "RET-PLAIN-1", reason: "Complaint escalated to the regulator" } }));
    expect(held).toMatchObject({ status: 200, body: { status: "held" } });
    const page = await runRoute(retentionPage.loader, buildRequest("/settings/retention", { cookie }));
    expect((page.body as { holds: { label: string; setBy: string | null; clearedAt: string | null }[] }).holds).toContainEqual(expect.objectContaining({ label: "RET-PLAIN-1", setBy: "retention-compliance@example.test", clearedAt: null }));
    const released = await runRoute(retentionPage.action, buildRequest("/settings/retention", { cookie, form: { intent: "release", target: "ACCOUNT", label: "RET-PLAIN-1", reason: "Regulator closed the case" } }));
    expect(released).toMatchObject({ status: 200, body: { status: "released" } });
  });
});

describe("the command line", () => {
  test("hold set and clear need a reason; retention status lists the holds; set refuses under three years", async () => {
    const missingReason = await oversight(["hold", "set", "--agency", "RETPURGE"]);
    expect(missingReason.code).toBe(2);
    expect(missingReason.stderr).toContain("--reason is required");
    const set = await oversight(["hold", "set", "--agency", "RETPURGE", "--reason", "Audit of 1996"]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("Legal hold set on agency RETPURGE.");
    const status = await oversight(["retention", "status"]);
    expect(status.stdout).toContain("Retention: 5 years");
    expect(status.stdout).toContain("agency RETPURGE since");
    const tooShort = await oversight(["retention", "set", "--years", "2"]);
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toContain("Regulation F (12 CFR 1006.100)");
    await clearLegalHold({ target: { agencyCode: "RETPURGE" }, reason: "Audit closed", userId: null });
  }, 300_000);
});
