// Which agencies are due for an evaluation (ADR 031): none signed yet, the last one signed 12 months ago or more, or
// a contract ending within its renewal notice period (the register's contract end and notice days, ADR 030). Pure,
// with the day passed in, so tests fix the clock.

export const EVALUATION_INTERVAL_MONTHS = 12;
/** Used when the agency's register profile gives no renewal notice period of its own. */
export const DEFAULT_NOTICE_DAYS = 90;

export type DueReason = "NEVER_EVALUATED" | "ANNUAL" | "CONTRACT_ENDING";

export type AgencyDueInput = {
  agencyId: number;
  /** YYYY-MM-DD of the latest signed evaluation's period end; null when none. */
  lastSignedOn: string | null;
  contractEnd: string | null;
  noticeDays: number | null;
};

export type AgencyDue = {
  agencyId: number;
  reasons: DueReason[];
  /** The earliest day a reason applied from (null when never evaluated and nothing else applies). */
  dueSince: string | null;
  /** ANNUAL: the day 12 months after the last signed evaluation. */
  annualDueOn: string | null;
  /** CONTRACT_ENDING: the contract's last day, the notice period applied and the day that period began. */
  contract: { endsOn: string; noticeDays: number; noticeFrom: string } | null;
};

const DAY_MS = 86_400_000;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function addMonths(day: string, months: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  // The same day of the month, or the month's last day (31 January + 1 month is 28/29 February).
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
}

/** Why the agency is due on `today`, or null when it is not. */
export function evaluationDue(input: AgencyDueInput, today: string): AgencyDue | null {
  const reasons: DueReason[] = [];
  let dueSince: string | null = null;
  let annualDueOn: string | null = null;
  let contract: AgencyDue["contract"] = null;
  if (input.lastSignedOn === null) reasons.push("NEVER_EVALUATED");
  else {
    const annual = addMonths(input.lastSignedOn, EVALUATION_INTERVAL_MONTHS);
    if (annual <= today) {
      reasons.push("ANNUAL");
      dueSince = annualDueOn = annual;
    }
  }
  if (input.contractEnd !== null && input.contractEnd >= today) {
    const noticeDays = input.noticeDays ?? DEFAULT_NOTICE_DAYS;
    const noticeStart = addDays(input.contractEnd, -noticeDays);
    // An evaluation signed inside the notice window already serves the renewal.
    const signedForRenewal = input.lastSignedOn !== null && input.lastSignedOn >= noticeStart;
    if (noticeStart <= today && !signedForRenewal) {
      reasons.push("CONTRACT_ENDING");
      contract = { endsOn: input.contractEnd, noticeDays, noticeFrom: noticeStart };
      if (dueSince === null || noticeStart < dueSince) dueSince = noticeStart;
    }
  }
  return reasons.length === 0 ? null : { agencyId: input.agencyId, reasons, dueSince, annualDueOn, contract };
}
