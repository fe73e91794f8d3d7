// A commission statement's lines and totals, and the comparison with the agency's invoice (ADR 037): pure, money as
// decimal strings computed in whole cents (bigint), never as floats.

export type StatementLineKind = "PAYMENT" | "ADJUSTMENT" | "FLAT_FEE";

export type StatementLine = {
  kind: StatementLineKind;
  eventId: string | null;
  placementId: number | null;
  accountNumber: string;
  day: string;
  amount: string;
  scheduleId: number | null;
  tierIndex: number | null;
  tierLabel: string | null;
  rate: string | null;
  commission: string;
  /** Adjustments: the month (YYYY-MM-01) of the payment and what finalised statements gave for it before. */
  adjustsMonth: string | null;
  previously: string | null;
};

export type StatementTotals = { paymentsTotal: string; commissionTotal: string; adjustmentsTotal: string; flatFeesTotal: string; totalDue: string };

/** "123.45" / "-0.5" → cents. */
export function toCents(value: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new Error(`Not an amount: ${value}`);
  const cents = BigInt(match[2]!) * 100n + BigInt((match[3] ?? "0").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

export function statementTotals(lines: readonly StatementLine[]): StatementTotals {
  let payments = 0n;
  let commission = 0n;
  let adjustments = 0n;
  let flatFees = 0n;
  for (const line of lines) {
    if (line.kind === "PAYMENT") {
      payments += toCents(line.amount);
      commission += toCents(line.commission);
    } else if (line.kind === "ADJUSTMENT") adjustments += toCents(line.commission);
    else flatFees += toCents(line.commission);
  }
  return {
    paymentsTotal: fromCents(payments),
    commissionTotal: fromCents(commission),
    adjustmentsTotal: fromCents(adjustments),
    flatFeesTotal: fromCents(flatFees),
    totalDue: fromCents(commission + adjustments + flatFees),
  };
}

/** The lines in a canonical text (what the content digest covers: a regenerated draft with other lines differs). */
export function canonicalLines(lines: readonly StatementLine[]): string {
  return lines
    .map((line) => [line.kind, line.eventId ?? "", line.placementId ?? "", line.accountNumber, line.day, line.amount, line.scheduleId ?? "", line.tierIndex ?? "", line.rate ?? "", line.commission, line.adjustsMonth ?? "", line.previously ?? ""].join("\t"))
    .join("\n");
}

export type InvoiceComparison =
  | { status: "NO_INVOICE" }
  | { status: "MATCHES"; difference: "0.00" }
  /** `explaining`: positions of the lines whose commission makes up the difference; empty when none does. */
  | { status: "DIFFERS"; difference: string; explaining: number[] };

/** Lines searched for the difference: one line, then pairs (enough for a missed or doubled payment or two). */
const MAX_PAIR_SEARCH = 2_000;

/**
 * Compares the agency's invoice with the statement. A difference is explained by the lines whose commission equals
 * it (invoice higher: what the agency charged that the statement does not owe — usually an adjustment or a line it
 * counted twice; lower: what it left off): one line whose commission is ± the difference, else a pair.
 */
export function compareInvoice(lines: readonly StatementLine[], totalDue: string, invoiceTotal: string | null): InvoiceComparison {
  if (invoiceTotal === null) return { status: "NO_INVOICE" };
  const difference = toCents(invoiceTotal) - toCents(totalDue);
  if (difference === 0n) return { status: "MATCHES", difference: "0.00" };
  const target = difference < 0n ? -difference : difference;
  const cents = lines.map((line) => {
    const value = toCents(line.commission);
    return value < 0n ? -value : value;
  });
  const single = cents.findIndex((value) => value === target);
  if (single >= 0) return { status: "DIFFERS", difference: fromCents(difference), explaining: [single] };
  const limit = Math.min(cents.length, MAX_PAIR_SEARCH);
  const seen = new Map<bigint, number>();
  for (let index = 0; index < limit; index += 1) {
    const partner = seen.get(target - cents[index]!);
    if (partner !== undefined) return { status: "DIFFERS", difference: fromCents(difference), explaining: [partner, index] };
    if (!seen.has(cents[index]!)) seen.set(cents[index]!, index);
  }
  return { status: "DIFFERS", difference: fromCents(difference), explaining: [] };
}
