import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { stopQueue } from "~/jobs/queue.server";
import { csv, importFile } from "../support/import-harness";
import { inEnglish } from "../support/row-errors";

// An agency's roster through the import pipeline, and the rule UNTRAINED_AGENT judging the agency's contacts by it.
let rz01: number;
let rz02: number;

const placements = csv([
  ["account_number", "customer_id", "agency_code", "placed_at", "placed_balance"],
  ["RZ-ACC-1", "RZ-C1", "RZ01", "2026-01-01", "1000.00"],
  ["RZ-ACC-2", "RZ-C2", "RZ02", "2026-01-01", "1000.00"],
]);
// A007 trained until 2026-03-10; A008's certificate expired on 2026-02-10; A009 is on no roster.
const activities = csv([
  ["event_id", "account_number", "agent_id", "agent_name", "occurred_at", "type", "outcome"],
  ["RZ-E1", "RZ-ACC-1", "A007", "李娜", "2026-03-02 10:00", "CALL", "NO_ANSWER"],
  ["RZ-E2", "RZ-ACC-1", "A008", "王强", "2026-03-02 11:00", "CALL", "NO_ANSWER"],
  ["RZ-E3", "RZ-ACC-1", "A009", "赵六", "2026-03-02 12:00", "CALL", "NO_ANSWER"],
]);
const roster = (rows: (string | null)[][]) => csv([["工号", "催收员姓名", "入职日期", "离职日期", "培训课程", "培训日期", "成绩", "证书有效期"], ...rows]);

async function untrainedViolations(agencyId: number) {
  const rows = await getPrisma().violation.findMany({ where: { agencyId, ruleCode: "UNTRAINED_AGENT" }, include: { agent: true }, orderBy: { occurredAt: "asc" } });
  return rows.map((row) => ({ agent: row.agent?.externalId, key: (row.explanation as { key: string }).key }));
}

beforeAll(async () => {
  rz01 = await createAgency({ code: "RZ01", name: "名单机构", timeZone: "Asia/Shanghai" });
  rz02 = await createAgency({ code: "RZ02", name: "无名单机构", timeZone: "Asia/Shanghai" });
  await importFile({ kind: "PLACEMENTS", fileName: "rz-placements.csv", content: placements });
  await importFile({ kind: "ACTIVITIES", agencyId: rz01, fileName: "rz01-activities.csv", content: activities });
  await importFile({ kind: "ACTIVITIES", agencyId: rz02, fileName: "rz02-activities.csv", content: activities.replaceAll("RZ-ACC-1", "RZ-ACC-2").replaceAll("RZ-E", "RZ2-E") });
});

afterAll(async () => {
  await stopQueue();
});

describe("the agents import kind", () => {
  test("before any roster, the agency's contacts are not judged by UNTRAINED_AGENT", async () => {
    expect(await untrainedViolations(rz01)).toEqual([]);
  });

  test("a roster with Chinese headers is stored, and the agency's contacts are judged by it at once", async () => {
    const { batch } = await importFile({
      kind: "AGENTS",
      agencyId: rz01,
      fileName: "名单.csv",
      content: roster([
        ["A007", "李娜", "2025-09-01", null, "催收合规培训", "2026-01-15", "86.5", "2026-03-10"],
        ["A008", "王强", "2025-09-01", null, "催收合规培训", "2025-02-11", "90", "2026-02-10"],
      ]),
    });
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: 2, acceptedRows: 2, rejectedRows: 0 });
    const a007 = await getPrisma().agent.findFirstOrThrow({ where: { agencyId: rz01, externalId: "A007" }, include: { trainings: true } });
    expect(a007.startDate?.toISOString().slice(0, 10)).toBe("2025-09-01");
    expect(a007.trainings).toHaveLength(1);
    expect(a007.trainings[0]).toMatchObject({ course: "催收合规培训" });
    expect(a007.trainings[0]?.score?.toFixed(2)).toBe("86.50");
    expect(a007.trainings[0]?.certificateExpiresOn.toISOString().slice(0, 10)).toBe("2026-03-10");
    expect(await untrainedViolations(rz01)).toEqual([
      { agent: "A008", key: "rules.UNTRAINED_AGENT.expired" },
      { agent: "A009", key: "rules.UNTRAINED_AGENT.notOnRoster" },
    ]);
    // The agency that never sent a roster is left alone (ADR 031).
    expect(await untrainedViolations(rz02)).toEqual([]);
  });

  test("a corrected roster renews A008's training: the old record stays, the violation goes", async () => {
    const { batch } = await importFile({
      kind: "AGENTS",
      agencyId: rz01,
      fileName: "roster-2.csv",
      content: roster([
        ["A007", "李娜", "2025-09-01", null, "催收合规培训", "2026-01-15", "86.5", "2026-03-10"],
        ["A008", "王强", "2025-09-01", null, "催收合规培训", "2026-02-20", "75", "2027-02-19"],
      ]),
    });
    expect(batch).toMatchObject({ status: "COMMITTED", duplicateRows: 1, updatedRows: 1, rejectedRows: 0 });
    expect(await getPrisma().agentTraining.count({ where: { agent: { agencyId: rz01, externalId: "A008" } } })).toBe(2);
    // The call on 2026-03-02 falls after the renewal on 2026-02-20.
    expect(await untrainedViolations(rz01)).toEqual([{ agent: "A009", key: "rules.UNTRAINED_AGENT.notOnRoster" }]);
  });

  test("duplicate agent ids and an end before the start are row errors; nothing of those rows is stored", async () => {
    const before = await getPrisma().agent.findFirstOrThrow({ where: { agencyId: rz01, externalId: "A007" } });
    const { batch } = await importFile({
      kind: "AGENTS",
      agencyId: rz01,
      fileName: "roster-bad.csv",
      content: roster([
        ["A007", "李娜", "2025-09-01", "2026-06-30", null, null, null, null],
        ["A010", "钱七", "2026-03-01", "2026-02-01", null, null, null, null],
        ["A007", "李娜", "2025-10-01", null, null, null, null, null],
        ["A011", "孙八", "2026-01-01", null, "催收合规培训", "2026-01-05", "120", null],
        ["A012", "周九", "2026-01-01", null, null, null, null, null],
      ]),
    });
    expect(batch).toMatchObject({ status: "COMMITTED", totalRows: 5, acceptedRows: 1, rejectedRows: 4 });
    const errors = await inEnglish(getPrisma().importRowError.findMany({ where: { batchId: batch?.id }, orderBy: { rowNumber: "asc" } }));
    expect(errors.map((error) => [error.rowNumber, error.field, error.message])).toEqual([
      [2, "agent_id", "agent_id 'A007' appears 2 times in this file (rows 2, 4): a roster has one row per agent, so none of them is imported"],
      [3, "end_date", "end_date 2026-02-01 is before start_date 2026-03-01"],
      [4, "agent_id", "agent_id 'A007' appears 2 times in this file (rows 2, 4): a roster has one row per agent, so none of them is imported"],
      [5, "certificate_expiry", "certificate_expiry is required when training_course is given; score '120.00' must be between 0 and 100"],
    ]);
    const after = await getPrisma().agent.findFirstOrThrow({ where: { agencyId: rz01, externalId: "A007" } });
    expect(after.endDate).toEqual(before.endDate);
    expect(after.startDate).toEqual(before.startDate);
    expect(await getPrisma().agent.count({ where: { agencyId: rz01, externalId: { in: ["A010", "A011"] } } })).toBe(0);
    expect(await getPrisma().agent.count({ where: { agencyId: rz01, externalId: "A012" } })).toBe(1);
  });

  test("a roster must be uploaded for an agency", async () => {
    const { submitted } = await importFile({ kind: "AGENTS", fileName: "no-agency.csv", content: roster([["A1", "X", "2026-01-01", null, null, null, null, null]]) });
    expect(submitted).toMatchObject({ status: "rejected", code: "AGENCY_REQUIRED" });
  });
});
