// Money as integer cents in BigInt: a placed balance of 12,345,678.90 summed over hundreds of payments must
// compare exactly with the total, which binary floating point cannot promise.
import { RuleInputError } from "./types";

const decimalText = /^([+-])?(\d+)(?:\.(\d{1,2}))?$/;

/** Exact cents of a decimal string with at most two fraction digits ("1234.5" → 123450n, "-0.01" → -1n). */
export function toCents(value: string, what: string): bigint {
  const match = decimalText.exec(value.trim());
  if (!match) throw new RuleInputError(`${what}: "${value}" is not a decimal amount with at most 2 decimals`);
  const [, sign, whole = "0", fraction = ""] = match;
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0") || "0");
  return sign === "-" ? -cents : cents;
}

/** Cents back to decimal text with two decimals ("123450n" → "1234.50"). */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const absolute = negative ? -cents : cents;
  const whole = absolute / 100n;
  const fraction = (absolute % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole.toString()}.${fraction}`;
}
