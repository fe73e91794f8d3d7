// The demo lender's ledger (ADR 038), written as a `payments` file from the PAYMENT events the agencies' files put in the
// database, so the demo load imports it through the same pipeline as a lender's upload. The same for every load of
// the same files: every choice comes from the agency's own event id, never from the database's id, which depends on
// which of the load's import lanes got there first. Stories: CROSSLINE remits a few payments short, BLITZ remits late (its
// contract allows 5 days), some debtors pay the lender directly (logged by the agency, or not at all), a few reported
// payments never arrive, and one remittance is reversed the next month.
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { getPool } from "~/db/pg.server";
import { getSetting } from "~/settings/settings.server";
import { dayNumber, fromCents, isoDay, toCents } from "~/reconciliation/reconcile";

export const DEMO_LEDGER_FILE_NAME = "demo-ledger.csv";
/** BLITZ's contract: remittances within 5 days (the others keep the default 10). */
export const DEMO_BLITZ_REMITTANCE_DAYS = 5;

type DemoPayment = { eventId: string; accountNumber: string; agencyCode: string; day: string; amount: string; currency: string };

export async function writeDemoLedger(filePath: string): Promise<{ rows: number }> {
  await getPool().query(`UPDATE "Agency" SET "remittanceDays" = $1 WHERE code = 'BLITZ'`, [DEMO_BLITZ_REMITTANCE_DAYS]);
  const zone = await getSetting("lender.timeZone");
  const { rows: payments } = await getPool().query<DemoPayment>(
    `SELECT e."eventId", a."accountNumber" AS "accountNumber", g.code AS "agencyCode",
            to_char(e."occurredAt" AT TIME ZONE $1, 'YYYY-MM-DD') AS day,
            e.amount::text AS amount, coalesce(e.currency, 'CNY') AS currency
       FROM "ActivityEvent" e JOIN "Account" a ON a.id = e."accountId" JOIN "Agency" g ON g.id = e."agencyId"
      WHERE e.type = 'PAYMENT' AND e.amount > 0 ORDER BY e."occurredAt", g.code, e."eventId"`,
    [zone],
  );
  // Identifiers, dates, codes and amounts only (no commas or quotes): plain CSV; a negative amount stays a number.
  const toCsvLine = (cells: readonly (string | null)[]) => `${cells.map((cell) => cell ?? "").join(",")}\n`;
  const lastDay = payments.reduce((last, payment) => Math.max(last, dayNumber(payment.day)), 0);
  const lines: string[] = [toCsvLine(["ledger_ref", "account_number", "received_at", "amount", "currency", "channel", "agency_code", "remittance_ref", "reverses_ledger_ref"])];
  let reversed = false;
  for (const payment of payments) {
    const k = createHash("sha256").update(`${payment.agencyCode}/${payment.eventId}`).digest().readUInt32BE(0) % 100;
    const day = dayNumber(payment.day);
    const cents = toCents(payment.amount);
    const ref = `DL-${payment.agencyCode}-${payment.eventId}`;
    const entry = (suffix: string, on: number, amount: number, channel: string, agency: string | null, reverses: string | null = null) => {
      if (on > lastDay) return;
      lines.push(toCsvLine([`${ref}${suffix}`, payment.accountNumber, isoDay(on), fromCents(amount), payment.currency, channel, agency, agency ? `RM-${agency}-${isoDay(on).slice(0, 7)}` : null, reverses]));
    };
    // A few reported payments never reach the lender.
    if (k === 7 || k === 57) continue;
    if (k % 20 === 3) {
      // The debtor paid the lender directly and the agency logged it.
      entry("", day, cents, "DIRECT", null);
    } else if (payment.agencyCode === "CROSSLINE" && k % 3 === 1 && cents > 1_000) {
      // Remitted short: a tenth kept back.
      entry("", day + 4, cents - Math.round(cents / 10), "AGENCY_REMITTANCE", payment.agencyCode);
    } else if (payment.agencyCode === "BLITZ" && k % 3 === 0) {
      entry("", day + DEMO_BLITZ_REMITTANCE_DAYS + 3 + (k % 10), cents, "AGENCY_REMITTANCE", payment.agencyCode);
    } else if (k % 25 === 11 && cents >= 2_000) {
      // Remitted in two transfers.
      const first = Math.round(cents / 2);
      entry("", day + 1, first, "AGENCY_REMITTANCE", payment.agencyCode);
      entry("-2", day + 3, cents - first, "AGENCY_REMITTANCE", payment.agencyCode);
    } else {
      entry("", day + 1 + (k % 6), cents, "AGENCY_REMITTANCE", payment.agencyCode);
    }
    // A debtor who also paid the lender directly, which no agency reported.
    if (k === 42) entry("-D", day + 9, 10_000, "BANK_TRANSFER", null);
    // One chargeback of a remittance, in the following month.
    if (!reversed && payment.agencyCode === "ANCHOR" && k % 20 !== 3 && k !== 7 && k !== 57 && day + 35 <= lastDay) {
      entry("-R", day + 35, -cents, "REVERSAL", null, ref);
      reversed = true;
    }
  }
  await writeFile(filePath, `\uFEFF${lines.join("")}`, "utf8");
  return { rows: lines.length - 1 };
}
