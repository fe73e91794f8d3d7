// Commission statements per agency and month (ADR 037): eligible payments with the tier and rate applied,
// adjustments for what changed in months already finalised, flat fees for the month's placements, the total due;
// finalised like audit reports (frozen lines and file with its SHA-256), compared with the agency's invoice.
import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import { getPrisma } from "~/db/client.server";
import { Prisma } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { listReconciledPayments } from "~/reconciliation/reconciliation-queries.server";
import { scheduleInForce } from "./fee-schedule";
import { describeTier, feeTermsSchema, type FeeTier } from "./fee-terms";
import { canonicalLines, compareInvoice, fromCents, statementTotals, toCents, type InvoiceComparison, type StatementLine } from "./statement-lines";
import { renderStatementWorkbook } from "./statement-workbook.server";

export class StatementError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "ALREADY_FINAL" | "NOT_DRAFT" | "STALE" | "BAD_INVOICE",
    message: string,
  ) {
    super(message);
  }
}

/** What counts toward a statement, in one place: reported PAYMENT events under a placement, for now. */
export type EligiblePayment = Omit<StatementLine, "kind" | "adjustsMonth" | "previously" | "placementId"> & { eventId: string; month: string };

const RECEIVED = new Set<string>(["MATCHED", "LATE_REMITTANCE", "AMOUNT_MISMATCH"]);
const monthStart = (month: string) => `${month}-01`;
const nextMonthStart = (month: string) => DateTime.fromISO(monthStart(month), { zone: "UTC" }).plus({ months: 1 }).toISODate()!;
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const isoDate = (value: Date) => value.toISOString().slice(0, 10);

async function tiersBySchedule(ids: readonly number[]): Promise<Map<number, readonly FeeTier[]>> {
  const rows = await getPrisma().feeSchedule.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, tiers: true } });
  return new Map(rows.map((row) => [row.id, feeTermsSchema.parse(row.tiers).tiers]));
}

/**
 * The payments a statement counts for the agency between two days (from inclusive, to exclusive, reporting zone):
 * the agency's reported PAYMENT events made under a placement, with the commission of the schedule in force on
 * their day (PaymentCommission). The one place that decides eligibility.
 */
export async function listEligiblePayments(agencyId: number, range: { from: string; to: string }): Promise<EligiblePayment[]> {
  const rows = await getPrisma().$queryRaw<{ eventId: string; accountNumber: string; day: string; amount: string; scheduleId: number; tierIndex: number | null; rate: string; commission: string }[]>`
    SELECT pc."eventId"::text AS "eventId", a."accountNumber", to_char(pc.day, 'YYYY-MM-DD') AS day, pc.amount::text AS amount,
           pc."scheduleId", pc."tierIndex", pc.rate::text AS rate, pc.commission::text AS commission
    FROM "PaymentCommission" pc JOIN "Account" a ON a.id = pc."accountId"
    WHERE pc."agencyId" = ${agencyId} AND pc.day >= ${asDate(range.from)}::date AND pc.day < ${asDate(range.to)}::date
    ORDER BY pc.day, a."accountNumber", pc."eventId"`;
  // Once the lender's ledger has been reconciled for a month, only payments it received count (matched, late or of
  // another amount); until then the agency's reported payments do.
  const months = [...new Set(rows.map((row) => row.day.slice(0, 7)))];
  const received = new Map<string, Set<string>>();
  for (const month of months) {
    const items = await listReconciledPayments(agencyId, month);
    if (items.length > 0) received.set(month, new Set(items.filter((item) => RECEIVED.has(item.status)).map((item) => item.eventId!)));
  }
  const eligible = rows.filter((row) => received.get(row.day.slice(0, 7))?.has(row.eventId) ?? true);
  const tiers = await tiersBySchedule(eligible.map((row) => row.scheduleId));
  return eligible.map((row) => {
    const tier = row.tierIndex === null ? undefined : tiers.get(row.scheduleId)?.[row.tierIndex];
    return {
      eventId: row.eventId,
      accountNumber: row.accountNumber,
      day: row.day,
      month: row.day.slice(0, 7),
      amount: new Prisma.Decimal(row.amount).toFixed(2),
      scheduleId: row.scheduleId,
      tierIndex: row.tierIndex,
      tierLabel: tier ? describeTier(tier, row.tierIndex!) : null,
      rate: new Prisma.Decimal(row.rate).toFixed(4),
      commission: new Prisma.Decimal(row.commission).toFixed(2),
    };
  });
}

/**
 * Ledger reversals in the month of payments made in earlier months (REVERSAL_OF_MATCHED, ADR 038): the payment keeps
 * its month, so the commission paid on it is taken back here, in proportion to the money reversed, as an ADJUSTMENT
 * without "previously" (what sets it apart from a correction of a finalised month).
 */
async function reversalAdjustments(agencyId: number, month: string): Promise<StatementLine[]> {
  const reversals = (await listReconciledPayments(agencyId, month)).filter((item) => item.rule === "REVERSAL_OF_MATCHED" && item.eventId !== null && item.receivedAmount !== null);
  if (reversals.length === 0) return [];
  const from = monthStart(month);
  const payments = await getPrisma().paymentCommission.findMany({
    where: { agencyId, eventId: { in: reversals.map((item) => BigInt(item.eventId!)) }, day: { lt: asDate(from) } },
    select: { eventId: true, day: true, amount: true, commission: true, rate: true, scheduleId: true, tierIndex: true },
  });
  const byEvent = new Map(payments.map((payment) => [payment.eventId.toString(), payment]));
  const tiers = await tiersBySchedule(payments.map((payment) => payment.scheduleId));
  const lines: StatementLine[] = [];
  for (const item of reversals) {
    const payment = byEvent.get(item.eventId!);
    if (!payment) continue;
    const paid = toCents(payment.amount.toFixed(2));
    if (paid === 0n) continue;
    const reversed = toCents(item.receivedAmount!);
    const commission = toCents(payment.commission.toFixed(2));
    // Rounded half away from zero, in whole cents.
    const numerator = commission * reversed * 2n;
    const taken = (numerator + (numerator < 0n ? -paid : paid)) / (2n * paid);
    const tier = payment.tierIndex === null ? undefined : tiers.get(payment.scheduleId)?.[payment.tierIndex];
    lines.push({
      kind: "ADJUSTMENT",
      eventId: item.eventId,
      placementId: null,
      accountNumber: item.accountNumber,
      day: item.day,
      amount: item.receivedAmount!,
      scheduleId: payment.scheduleId,
      tierIndex: payment.tierIndex,
      tierLabel: tier ? describeTier(tier, payment.tierIndex!) : null,
      rate: payment.rate.toFixed(4),
      commission: fromCents(taken),
      adjustsMonth: `${isoDate(payment.day).slice(0, 7)}-01`,
      previously: null,
    });
  }
  return lines;
}

/** Every line of the agency's statement for the month, as it would be made now. */
export async function computeStatementLines(agencyId: number, month: string): Promise<StatementLine[]> {
  const prisma = getPrisma();
  const from = monthStart(month);
  const payments = await listEligiblePayments(agencyId, { from, to: nextMonthStart(month) });
  const lines: StatementLine[] = payments.map(({ month: _month, ...payment }) => ({ ...payment, kind: "PAYMENT", placementId: null, adjustsMonth: null, previously: null }));

  // Adjustments: for the earlier months already finalised, what each payment earns now minus what finalised
  // statements gave for it (a reversal, a payment reported late, a rate corrected after the fact).
  const finalMonths = (await prisma.commissionStatement.findMany({ where: { agencyId, status: "FINAL", month: { lt: asDate(from) } }, select: { month: true } })).map((row) => isoDate(row.month).slice(0, 7));
  if (finalMonths.length > 0) {
    const finalised = await prisma.$queryRaw<{ eventId: string; accountNumber: string; day: string; amount: string; commission: string }[]>`
      SELECT l."eventId"::text AS "eventId", min(l."accountNumber") AS "accountNumber", to_char(min(l.day), 'YYYY-MM-DD') AS day,
             min(l.amount)::text AS amount, sum(l.commission)::text AS commission
      FROM "CommissionStatementLine" l JOIN "CommissionStatement" s ON s.id = l."statementId"
      WHERE s."agencyId" = ${agencyId} AND s.status = 'FINAL' AND l."eventId" IS NOT NULL AND l.kind IN ('PAYMENT', 'ADJUSTMENT')
        -- A ledger reversal's line (no "previously") takes back commission in its own month; the payment still counts.
        AND NOT (l.kind = 'ADJUSTMENT' AND l.previously IS NULL)
      GROUP BY l."eventId"`;
    const before = new Map(finalised.map((row) => [row.eventId, row]));
    const earliest = [...finalMonths].sort()[0]!;
    const now = new Map((await listEligiblePayments(agencyId, { from: monthStart(earliest), to: from })).filter((payment) => finalMonths.includes(payment.month)).map((payment) => [payment.eventId, payment]));
    const eventIds = [...new Set([...before.keys(), ...now.keys()])].sort((left, right) => (BigInt(left) < BigInt(right) ? -1 : 1));
    for (const eventId of eventIds) {
      const current = now.get(eventId);
      const previous = before.get(eventId);
      const previously = previous ? toCents(previous.commission) : 0n;
      const delta = (current ? toCents(current.commission) : 0n) - previously;
      if (delta === 0n) continue;
      const source = current ?? previous!;
      lines.push({
        kind: "ADJUSTMENT",
        eventId,
        placementId: null,
        accountNumber: source.accountNumber,
        day: source.day,
        amount: new Prisma.Decimal(source.amount).toFixed(2),
        scheduleId: current?.scheduleId ?? null,
        tierIndex: current?.tierIndex ?? null,
        tierLabel: current?.tierLabel ?? null,
        rate: current?.rate ?? null,
        commission: fromCents(delta),
        adjustsMonth: `${source.day.slice(0, 7)}-01`,
        previously: fromCents(previously),
      });
    }
  }

  lines.push(...(await reversalAdjustments(agencyId, month)));

  // Flat fees: each placement of the month under a schedule with a fee per placement on its placement day.
  const schedules = (await prisma.feeSchedule.findMany({ where: { agencyId, supersededAt: null }, select: { id: true, effectiveFrom: true, flatFeePerPlacement: true } })).map((row) => ({ ...row, effectiveFrom: isoDate(row.effectiveFrom) }));
  if (schedules.some((schedule) => schedule.flatFeePerPlacement !== null)) {
    const placements = await prisma.placement.findMany({
      where: { agencyId, placedAt: { gte: asDate(from), lt: asDate(nextMonthStart(month)) } },
      select: { id: true, placedAt: true, account: { select: { accountNumber: true } } },
      orderBy: [{ placedAt: "asc" }, { id: "asc" }],
    });
    for (const placement of placements) {
      const schedule = scheduleInForce(schedules, isoDate(placement.placedAt));
      if (!schedule?.flatFeePerPlacement) continue;
      lines.push({
        kind: "FLAT_FEE",
        eventId: null,
        placementId: placement.id,
        accountNumber: placement.account.accountNumber,
        day: isoDate(placement.placedAt),
        amount: "0.00",
        scheduleId: schedule.id,
        tierIndex: null,
        tierLabel: null,
        rate: null,
        commission: schedule.flatFeePerPlacement.toFixed(2),
        adjustsMonth: null,
        previously: null,
      });
    }
  }
  return lines;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

export type StatementSummary = {
  id: number;
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  month: string;
  status: "DRAFT" | "FINAL";
  basis: string;
  paymentsTotal: string;
  commissionTotal: string;
  adjustmentsTotal: string;
  flatFeesTotal: string;
  totalDue: string;
  contentSha256: string;
  fileSha256: string | null;
  generatedAt: string;
  finalizedAt: string | null;
  invoiceTotal: string | null;
  invoiceReference: string | null;
  comparison: InvoiceComparison;
};

export type StatementDetail = StatementSummary & { lines: (StatementLine & { position: number })[] };

type StatementRow = Prisma.CommissionStatementGetPayload<{ include: { agency: { select: { code: true; name: true } } } }>;

function summarise(row: StatementRow, comparison: InvoiceComparison): StatementSummary {
  return {
    id: row.id,
    agencyId: row.agencyId,
    agencyCode: row.agency.code,
    agencyName: row.agency.name,
    month: isoDate(row.month).slice(0, 7),
    status: row.status,
    basis: row.basis,
    paymentsTotal: row.paymentsTotal.toFixed(2),
    commissionTotal: row.commissionTotal.toFixed(2),
    adjustmentsTotal: row.adjustmentsTotal.toFixed(2),
    flatFeesTotal: row.flatFeesTotal.toFixed(2),
    totalDue: row.totalDue.toFixed(2),
    contentSha256: row.contentSha256,
    fileSha256: row.fileSha256,
    generatedAt: row.generatedAt.toISOString(),
    finalizedAt: row.finalizedAt?.toISOString() ?? null,
    invoiceTotal: row.invoiceTotal?.toFixed(2) ?? null,
    invoiceReference: row.invoiceReference,
    comparison,
  };
}

const withAgency = { agency: { select: { code: true, name: true } } } as const;

/** Statements, newest month first; `agencyId` limits them to one agency (an AGENCY user's own). */
export async function listStatements(options: { agencyId?: number } = {}): Promise<StatementSummary[]> {
  const rows = await getPrisma().commissionStatement.findMany({
    where: options.agencyId === undefined ? {} : { agencyId: options.agencyId },
    include: withAgency,
    orderBy: [{ month: "desc" }, { agencyId: "asc" }],
    take: 500,
  });
  return rows.map((row) =>
    summarise(row, row.invoiceTotal === null ? { status: "NO_INVOICE" } : row.invoiceTotal.equals(row.totalDue) ? { status: "MATCHES", difference: "0.00" } : { status: "DIFFERS", difference: row.invoiceTotal.minus(row.totalDue).toFixed(2), explaining: [] }),
  );
}

/** One statement with its lines and the invoice comparison; null when absent or outside `agencyId`. */
export async function getStatement(id: number, options: { agencyId?: number } = {}): Promise<StatementDetail | null> {
  const row = await getPrisma().commissionStatement.findUnique({ where: { id }, include: { ...withAgency, lines: { orderBy: { position: "asc" } } } });
  if (!row || (options.agencyId !== undefined && row.agencyId !== options.agencyId)) return null;
  const lines = row.lines.map((line) => ({
    position: line.position,
    kind: line.kind,
    eventId: line.eventId?.toString() ?? null,
    placementId: line.placementId,
    accountNumber: line.accountNumber,
    day: isoDate(line.day),
    amount: line.amount.toFixed(2),
    scheduleId: line.scheduleId,
    tierIndex: line.tierIndex,
    tierLabel: line.tierLabel,
    rate: line.rate?.toFixed(4) ?? null,
    commission: line.commission.toFixed(2),
    adjustsMonth: line.adjustsMonth ? isoDate(line.adjustsMonth) : null,
    previously: line.previously?.toFixed(2) ?? null,
  }));
  const comparison = compareInvoice(lines, row.totalDue.toFixed(2), row.invoiceTotal?.toFixed(2) ?? null);
  return { ...summarise(row, comparison), lines };
}

/**
 * Makes (or makes again) the agency's DRAFT statement for the month; refused once the month's statement is FINAL.
 * The draft's file is rendered in `locale`.
 */
export async function generateStatement(request: { agencyId: number; month: string; userId?: number | null; locale: Locale }): Promise<StatementDetail> {
  const prisma = getPrisma();
  const month = asDate(monthStart(request.month));
  if (await prisma.commissionStatement.findFirst({ where: { agencyId: request.agencyId, month, status: "FINAL" }, select: { id: true } })) {
    throw new StatementError("ALREADY_FINAL", `The statement of ${request.month} is already final.`);
  }
  const lines = await computeStatementLines(request.agencyId, request.month);
  const totals = statementTotals(lines);
  const basis = (await listReconciledPayments(request.agencyId, request.month)).length > 0 ? "RECONCILED" : "REPORTED";
  const agency = await prisma.agency.findUniqueOrThrow({ where: { id: request.agencyId }, select: { code: true, name: true } });
  const generatedAt = new Date();
  const kept = await prisma.commissionStatement.findFirst({ where: { agencyId: request.agencyId, month, status: "DRAFT" }, select: { invoiceTotal: true, invoiceReference: true } });
  const invoice = kept?.invoiceTotal ? { total: kept.invoiceTotal.toFixed(2), reference: kept.invoiceReference, comparison: compareInvoice(lines, totals.totalDue, kept.invoiceTotal.toFixed(2)) } : null;
  const file = await renderStatementWorkbook({ agency, month: request.month, status: "DRAFT", basis, totals, lines, generatedAt, locale: request.locale, invoice });
  const id = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "Agency" WHERE id = ${request.agencyId} FOR UPDATE`;
    const previous = await tx.commissionStatement.findFirst({ where: { agencyId: request.agencyId, month, status: "DRAFT" }, select: { invoiceTotal: true, invoiceReference: true, invoiceEnteredAt: true, invoiceEnteredById: true } });
    await tx.commissionStatement.deleteMany({ where: { agencyId: request.agencyId, month, status: "DRAFT" } });
    const created = await tx.commissionStatement.create({
      data: {
        agencyId: request.agencyId,
        month,
        basis,
        ...totals,
        contentSha256: sha256(canonicalLines(lines)),
        generatedAt,
        generatedById: request.userId ?? null,
        fileBytes: new Uint8Array(file),
        fileSha256: sha256(file),
        // An invoice already entered for the month stays with the regenerated draft.
        ...(previous ?? {}),
        lines: { create: lines.map((line, position) => ({ ...line, position, eventId: line.eventId === null ? null : BigInt(line.eventId), day: asDate(line.day), adjustsMonth: line.adjustsMonth ? asDate(line.adjustsMonth) : null })) },
      },
      select: { id: true },
    });
    return created.id;
  });
  return (await getStatement(id))!;
}

/**
 * Finalises a draft whose content is still what was reviewed: its lines are made again and must hash to the draft's
 * digest; then the file is rendered as FINAL and stored with its SHA-256, never to be written again.
 */
export async function finalizeStatement(request: { id: number; expectedContentSha256: string; userId?: number | null; locale: Locale }): Promise<StatementDetail> {
  const prisma = getPrisma();
  const draft = await prisma.commissionStatement.findUnique({ where: { id: request.id }, include: withAgency });
  if (!draft) throw new StatementError("NOT_FOUND", `No statement ${request.id}.`);
  if (draft.status !== "DRAFT") throw new StatementError("NOT_DRAFT", `Statement ${request.id} is already final.`);
  const month = isoDate(draft.month).slice(0, 7);
  const lines = await computeStatementLines(draft.agencyId, month);
  const digest = sha256(canonicalLines(lines));
  if (digest !== draft.contentSha256 || digest !== request.expectedContentSha256) {
    throw new StatementError("STALE", `The payments of ${month} changed since the draft was made (or reviewed): make the draft again and review it.`);
  }
  const finalizedAt = new Date();
  const totals = statementTotals(lines);
  // The invoice known when finalising is part of the final file; one recorded later is compared on demand.
  const invoice = draft.invoiceTotal ? { total: draft.invoiceTotal.toFixed(2), reference: draft.invoiceReference, comparison: compareInvoice(lines, totals.totalDue, draft.invoiceTotal.toFixed(2)) } : null;
  const file = await renderStatementWorkbook({ agency: draft.agency, month, status: "FINAL", basis: draft.basis, totals, lines, generatedAt: finalizedAt, locale: request.locale, invoice });
  const claimed = await prisma.commissionStatement.updateMany({
    where: { id: request.id, status: "DRAFT", contentSha256: digest },
    data: { status: "FINAL", finalizedAt, finalizedById: request.userId ?? null, fileBytes: new Uint8Array(file), fileSha256: sha256(file) },
  });
  if (claimed.count === 0) throw new StatementError("STALE", `Statement ${request.id} changed while it was being finalised.`);
  return (await getStatement(request.id))!;
}

/** Records the agency's invoice total for the statement (DRAFT or FINAL: the statement itself is not changed). */
export async function enterInvoice(request: { id: number; total: string; reference?: string | null; userId?: number | null; locale?: Locale }): Promise<StatementDetail> {
  if (!/^-?\d{1,13}(\.\d{1,2})?$/.test(request.total.trim())) throw new StatementError("BAD_INVOICE", `Invoice total "${request.total}" is not an amount such as 1234.56.`);
  await recordInvoiceTotals([{ statementId: request.id, total: request.total.trim(), reference: request.reference ?? null }], { userId: request.userId ?? null, locale: request.locale ?? "en" });
  return (await getStatement(request.id))!;
}

export type InvoiceEntry = { statementId: number; total: string; reference: string | null };

/**
 * Records invoice totals for statements, all in one transaction (a file of invoices is recorded whole or not at all).
 * A DRAFT's file is rendered again with the invoice sheet (a draft's file is not frozen); a FINAL statement's file
 * never changes, and its comparison with a later invoice is rendered on demand (renderStatementWithInvoice).
 */
export async function recordInvoiceTotals(entries: readonly InvoiceEntry[], options: { userId: number | null; locale: Locale }): Promise<void> {
  const prisma = getPrisma();
  const enteredAt = new Date();
  const files = new Map<number, { bytes: Buffer; contentSha256: string }>();
  for (const entry of entries) {
    const current = await getStatement(entry.statementId);
    if (!current) throw new StatementError("NOT_FOUND", `No statement ${entry.statementId}.`);
    if (current.status !== "DRAFT") continue;
    const bytes = await renderStatementFile(current, { total: entry.total, reference: entry.reference }, options.locale, new Date(current.generatedAt));
    files.set(entry.statementId, { bytes, contentSha256: current.contentSha256 });
  }
  await prisma.$transaction(async (tx) => {
    for (const entry of entries) {
      const updated = await tx.commissionStatement.updateMany({
        where: { id: entry.statementId },
        data: { invoiceTotal: entry.total, invoiceReference: entry.reference?.trim() || null, invoiceEnteredAt: enteredAt, invoiceEnteredById: options.userId },
      });
      if (updated.count === 0) throw new StatementError("NOT_FOUND", `No statement ${entry.statementId}.`);
      const file = files.get(entry.statementId);
      // Only the draft that was rendered: one made again meanwhile keeps its own file.
      if (file) await tx.commissionStatement.updateMany({ where: { id: entry.statementId, status: "DRAFT", contentSha256: file.contentSha256 }, data: { fileBytes: new Uint8Array(file.bytes), fileSha256: sha256(file.bytes) } });
    }
  });
}

/** The statement's workbook with an invoice sheet comparing `invoice` (null: none) with it. */
async function renderStatementFile(statement: StatementDetail, invoice: { total: string; reference: string | null } | null, locale: Locale, generatedAt: Date): Promise<Buffer> {
  const totals = { paymentsTotal: statement.paymentsTotal, commissionTotal: statement.commissionTotal, adjustmentsTotal: statement.adjustmentsTotal, flatFeesTotal: statement.flatFeesTotal, totalDue: statement.totalDue };
  return renderStatementWorkbook({
    agency: { code: statement.agencyCode, name: statement.agencyName },
    month: statement.month,
    status: statement.status,
    basis: statement.basis,
    totals,
    lines: statement.lines,
    generatedAt,
    locale,
    invoice: invoice ? { ...invoice, comparison: compareInvoice(statement.lines, statement.totalDue, invoice.total) } : null,
  });
}

/**
 * A FINAL statement compared with the invoice recorded after it was finalised: the statement's sheet and the invoice
 * sheet, rendered now (not the frozen file, whose bytes and SHA-256 stay what they were). Null without an invoice.
 */
export async function renderStatementWithInvoice(id: number, options: { agencyId?: number; locale: Locale }): Promise<{ bytes: Buffer; fileName: string } | null> {
  const statement = await getStatement(id, { agencyId: options.agencyId });
  if (!statement || statement.invoiceTotal === null) return null;
  const bytes = await renderStatementFile(statement, { total: statement.invoiceTotal, reference: statement.invoiceReference }, options.locale, new Date(statement.finalizedAt ?? statement.generatedAt));
  return { bytes, fileName: `commission-statement-${statement.agencyCode}-${statement.month}-invoice-comparison.xlsx` };
}

/** The stored file of a statement (null when absent or outside `agencyId`). */
export async function readStatementFile(id: number, options: { agencyId?: number } = {}): Promise<{ bytes: Buffer; sha256: string; fileName: string } | null> {
  const row = await getPrisma().commissionStatement.findUnique({ where: { id }, select: { agencyId: true, fileBytes: true, fileSha256: true, month: true, status: true, agency: { select: { code: true } } } });
  if (!row || !row.fileBytes || !row.fileSha256 || (options.agencyId !== undefined && row.agencyId !== options.agencyId)) return null;
  return { bytes: Buffer.from(row.fileBytes), sha256: row.fileSha256, fileName: `commission-statement-${row.agency.code}-${isoDate(row.month).slice(0, 7)}${row.status === "DRAFT" ? "-draft" : ""}.xlsx` };
}

export type PaymentCommissionView = { commission: string; rate: string; tierLabel: string | null; monthsSince: number };

/** The tier, rate and commission applied to each of an account's payments (the case page). */
export async function listAccountPaymentCommissions(accountId: number): Promise<Map<string, PaymentCommissionView>> {
  const rows = await getPrisma().paymentCommission.findMany({ where: { accountId }, select: { eventId: true, commission: true, rate: true, tierIndex: true, monthsSince: true, scheduleId: true } });
  const tiers = await tiersBySchedule(rows.map((row) => row.scheduleId));
  return new Map(
    rows.map((row) => {
      const tier = row.tierIndex === null ? undefined : tiers.get(row.scheduleId)?.[row.tierIndex];
      return [row.eventId.toString(), { commission: row.commission.toFixed(2), rate: row.rate.toFixed(4), tierLabel: tier ? describeTier(tier, row.tierIndex!) : null, monthsSince: row.monthsSince }];
    }),
  );
}
