// The demo's placement life cycle (ADR 039), made through the product's own paths: placement terms on the agencies
// (the agency page's setting), agencies' acknowledgments imported as the ACKNOWLEDGMENTS kind (BLITZ and CROSSLINE
// reject a few placements with their reasons), reasons added to the portfolio's recalls by a placements file, and the
// paid-in-full placements recalled through the due-for-recall list's own recall file. What stays on the list (past the
// term, not worked, rejected) is what a visitor finds on the "Due for recall" page. Idempotent: a database whose
// placements already carry acknowledgments is left alone.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { toCsvLine } from "~/csv/write-csv";
import { getPool } from "~/db/pg.server";
import { getPrisma } from "~/db/client.server";
import type { RecallReason } from "~/generated/prisma/enums";
import { setPlacementTerm } from "~/placements/agency-placements.server";
import { buildRecallFile, listDueForRecall } from "~/placements/recall-due.server";
import { importDemoFile } from "./portfolio/load-portfolio.server";

/** Contract terms in days: BLITZ's short contract leaves many of its placements past their term. */
const placementTerms: Record<string, number | null> = { ANCHOR: 365, BLITZ: 120, CROSSLINE: 180, KINLINK: 270, IDLEWOOD: 180, MERIDIAN: null };
/** Every how-many-th open placement of an agency it rejects, and why (in the agency's own words). */
const rejections: Record<string, { every: number; reasons: string[] }> = {
  BLITZ: { every: 9, reasons: ["债务人已移居境外", "地址与电话均无效", "案件超出本机构服务区域"] },
  CROSSLINE: { every: 13, reasons: ["联系方式全部失效", "债务人已进入破产程序"] },
};
/** Reasons given to the portfolio's recalls, in turn. */
const laterReasons: RecallReason[] = ["SETTLED", "END_OF_TERM", "PERFORMANCE", "DISPUTE", "CEASE_REQUEST", "LENDER_REQUEST", "BANKRUPTCY", "DECEASED"];

export type DemoLifeCycleResult = { acknowledged: number; rejected: number; reasonsAdded: number; recalledPaidInFull: number; dueForRecall: number };

export async function seedDemoPlacementLifeCycle(options: { now: Date; log?: (line: string) => void }): Promise<DemoLifeCycleResult | null> {
  const prisma = getPrisma();
  if ((await prisma.placementAcknowledgment.count()) > 0) return null;
  const log = options.log ?? (() => undefined);
  const agencies = await prisma.agency.findMany({ where: { code: { in: Object.keys(placementTerms) } }, select: { id: true, code: true } });
  for (const agency of agencies) await setPlacementTerm(agency.id, placementTerms[agency.code] ?? null);
  const directory = await mkdtemp(path.join(os.tmpdir(), "oversight-demo-life-cycle-"));
  const result: DemoLifeCycleResult = { acknowledged: 0, rejected: 0, reasonsAdded: 0, recalledPaidInFull: 0, dueForRecall: 0 };
  // Answers and reasons for recalls already recorded change no rule's judgement and no figure: their batches skip the
  // stages (rules, roll-ups) and are marked done below; the recall file recalls placements and runs them.
  const withoutStages: number[] = [];
  try {
    // BLITZ and CROSSLINE answer their latest placements; the others' placements stay unanswered.
    for (const agency of agencies.filter((candidate) => candidate.code in rejections)) {
      const { rows } = await getPool().query<{ account_number: string; placed_at: string }>(
        `SELECT a."accountNumber" AS account_number, p."placedAt"::text AS placed_at FROM "Placement" p JOIN "Account" a ON a.id = p."accountId"
          WHERE p."agencyId" = $1 ORDER BY p."placedAt" DESC, p.id LIMIT 400`,
        [agency.id],
      );
      if (rows.length === 0) continue;
      const rule = rejections[agency.code];
      const lines = [toCsvLine(["account_number", "placed_at", "status", "reason", "acknowledged_at"])];
      rows.forEach((row, index) => {
        const rejected = rule !== undefined && index % rule.every === 3;
        const reason = rejected ? (rule.reasons[index % rule.reasons.length] ?? null) : null;
        lines.push(toCsvLine([row.account_number, row.placed_at, rejected ? "拒绝" : "接受", reason, row.placed_at]));
        if (rejected) result.rejected++;
      });
      const filePath = path.join(directory, `${agency.code.toLowerCase()}-回执.csv`);
      await writeFile(filePath, lines.join(""));
      const batch = await importDemoFile({ kind: "ACKNOWLEDGMENTS", agencyId: agency.id, filePath, deferStages: true });
      withoutStages.push(batch.id);
      result.acknowledged += batch.acceptedRows;
    }
    // One placements file: the due list's own recall file for what is paid in full (the rest stays due), and reasons for
    // the portfolio's recalls, which were sent without them. Both are lines of the recall file's format.
    const query = { scopeAgencyId: undefined, sort: { column: "placedAt", direction: "asc" } as const, now: options.now };
    const paid = await buildRecallFile({ ...query, filters: { reason: "PAID_IN_FULL" } });
    const { rows: recalled } = await getPool().query<{ account_number: string; customer_ref: string; agency_code: string; placed_at: string; placed_balance: string; currency: string; dpd: number | null; recalled_at: string }>(
      `SELECT a."accountNumber" AS account_number, c."customerRef" AS customer_ref, g.code AS agency_code, p."placedAt"::text AS placed_at,
              p."placedBalance"::text AS placed_balance, p.currency, p."dpdAtPlacement" AS dpd, p."recalledAt"::text AS recalled_at
         FROM "Placement" p JOIN "Account" a ON a.id = p."accountId" JOIN "Customer" c ON c.id = a."customerId" JOIN "Agency" g ON g.id = p."agencyId"
        WHERE p."recalledAt" IS NOT NULL AND p."recallReason" IS NULL ORDER BY p.id LIMIT 300`,
    );
    const reasonLines = recalled.map((row, index) =>
      toCsvLine([row.account_number, row.customer_ref, row.agency_code, row.placed_at, row.placed_balance, row.currency, row.recalled_at, laterReasons[index % laterReasons.length], row.dpd]),
    );
    if (paid.rows + reasonLines.length > 0) {
      const filePath = path.join(directory, paid.fileName);
      await writeFile(filePath, paid.csv + reasonLines.join(""));
      const batch = await importDemoFile({ kind: "PLACEMENTS", agencyId: null, filePath, deferStages: false });
      result.reasonsAdded = reasonLines.length;
      result.recalledPaidInFull = paid.rows;
      if (batch.updatedRows !== paid.rows + reasonLines.length) throw new Error(`the demo's recall file updated ${batch.updatedRows} placements, not ${paid.rows + reasonLines.length}`);
    }
    result.dueForRecall = (await listDueForRecall({ ...query, filters: {} })).rows.length;
    await prisma.importBatch.updateMany({ where: { id: { in: withoutStages }, stagesCompletedAt: null }, data: { stagesCompletedAt: new Date() } });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  log(`${result.acknowledged} acknowledgments (${result.rejected} rejected), ${result.reasonsAdded} recall reasons, ${result.recalledPaidInFull} paid-in-full placements recalled, ${result.dueForRecall} due for recall`);
  return result;
}
