// The demo's money (ADR 037): a tiered fee schedule per agency (by days past due at placement, CROSSLINE on a new
// contract from the middle of the year) saved before the portfolio is imported, and afterwards BLITZ's statements —
// one month finalised, the next a draft with an invoice that differs from it — all through the product's functions.
import { DateTime } from "luxon";
import { getPrisma } from "~/db/client.server";
import { saveFeeSchedule } from "~/money/fee-schedules.server";
import { FROM_THE_START, type FeeTier } from "~/money/fee-terms";
import { importInvoiceTotals } from "~/money/invoice-import.server";
import { finalizeStatement, generateStatement } from "~/money/statements.server";
import { fromCents, toCents } from "~/money/statement-lines";
import { demoAgencies } from "./demo-users";

const rateOf = (base: string, plus: number) => (Number(base) + plus).toFixed(4);

function tiersFor(base: string): FeeTier[] {
  return [
    { dpdBuckets: ["0-89"], rate: rateOf(base, 0), minFee: "5" },
    { dpdBuckets: ["90-179"], rate: rateOf(base, 0.03) },
    { dpdBuckets: ["180-359"], rate: rateOf(base, 0.06) },
    // Old debt: more after a year with the agency.
    { dpdBuckets: ["360+"], monthsFrom: 12, rate: rateOf(base, 0.12) },
    { rate: rateOf(base, 0.08) },
  ];
}

/** The fee schedules; returns the day CROSSLINE's new contract starts (null when they were there already). */
export async function seedDemoFeeSchedules(input: { window: { from: string; to: string } }): Promise<string | null> {
  const prisma = getPrisma();
  if ((await prisma.feeSchedule.count({ where: { createdVia: "demo", revision: { gt: 1 } } })) > 0) return null;
  const agencies = await prisma.agency.findMany({ where: { code: { in: demoAgencies.map((agency) => agency.code) } }, select: { id: true, code: true } });
  for (const agency of agencies) {
    const base = demoAgencies.find((demo) => demo.code === agency.code)!.commissionRate;
    await saveFeeSchedule({ agencyId: agency.id, effectiveFrom: FROM_THE_START, terms: { tiers: tiersFor(base) }, note: "Contract tiers by days past due at placement", by: { via: "demo" } });
  }
  // CROSSLINE renegotiated half-way through the year, on the 16th: lower rates, a cap per payment, a fee per placement.
  const switchDay = DateTime.fromISO(input.window.from, { zone: "UTC" }).plus({ months: 6 }).set({ day: 16 }).toISODate()!;
  const crossline = agencies.find((agency) => agency.code === "CROSSLINE");
  if (crossline) {
    await saveFeeSchedule({
      agencyId: crossline.id,
      effectiveFrom: switchDay,
      terms: { tiers: tiersFor("0.15").map((tier) => ({ ...tier, maxFee: "2000" })) },
      flatFeePerPlacement: "20.00",
      note: "Renegotiated contract after the mid-year review",
      by: { via: "demo" },
    });
  }
  return switchDay;
}

/** BLITZ: the window's last whole month but one finalised, the last a draft whose invoice bills one payment twice. */
export async function seedDemoStatements(input: { window: { from: string; to: string } }): Promise<{ finalId: number; draftId: number } | null> {
  const prisma = getPrisma();
  const blitz = await prisma.agency.findUnique({ where: { code: "BLITZ" }, select: { id: true } });
  if (!blitz || (await prisma.commissionStatement.count({ where: { agencyId: blitz.id } })) > 0) return null;
  const last = DateTime.fromISO(input.window.to, { zone: "UTC" }).startOf("month").minus({ months: 1 });
  const finalMonth = last.minus({ months: 1 }).toFormat("yyyy-MM");
  const draft = await generateStatement({ agencyId: blitz.id, month: finalMonth, userId: null, locale: "en" });
  await finalizeStatement({ id: draft.id, expectedContentSha256: draft.contentSha256, userId: null, locale: "en" });
  const next = await generateStatement({ agencyId: blitz.id, month: last.toFormat("yyyy-MM"), userId: null, locale: "en" });
  const doubled = next.lines.find((line) => line.kind === "PAYMENT");
  const invoice = toCents(next.totalDue) + (doubled ? toCents(doubled.commission) : 1234n);
  // The agency's invoice arrives as a file, imported as the statements page and `oversight invoices import` do.
  const file = `agency_code,month,invoice_ref,invoice_total,currency\nBLITZ,${last.toFormat("yyyy-MM")},BLITZ-${last.toFormat("yyyyMM")},${fromCents(invoice)},\n`;
  const imported = await importInvoiceTotals({ fileName: "blitz-invoice.csv", bytes: Buffer.from(file, "utf8"), agencyId: blitz.id, userId: null, locale: "en" });
  if (imported.status !== "RECORDED") throw new Error(`The demo invoice was not recorded: ${JSON.stringify(imported)}`);
  return { finalId: draft.id, draftId: next.id };
}
