// A report covers one calendar month in the lender's reporting time zone: the same days the metrics module counts
// (MetricFilters.from/to), and the same instants for violations and complaints, so every sheet agrees.
import { DateTime } from "luxon";

export type ReportPeriod = {
  /** "YYYY-MM" */
  month: string;
  /** First and last day, "YYYY-MM-DD", inclusive. */
  from: string;
  to: string;
  previous: { month: string; from: string; to: string };
  timeZone: string;
  /** [start, end) as instants: midnight of the first day to midnight after the last, in timeZone. */
  startUtc: Date;
  endUtc: Date;
};

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isReportMonth(value: string): boolean {
  const match = monthPattern.exec(value);
  return match !== null && Number(match[1]) >= 2000 && Number(match[1]) <= 2100;
}

/** The period of "YYYY-MM" in an IANA zone; throws RangeError for a malformed month or an unknown zone. */
export function reportPeriod(month: string, timeZone: string): ReportPeriod {
  if (!isReportMonth(month)) throw new RangeError(`A report month is YYYY-MM (2000-2100), got "${month}".`);
  const start = DateTime.fromISO(`${month}-01T00:00:00`, { zone: timeZone });
  if (!start.isValid) throw new RangeError(`Unknown time zone "${timeZone}".`);
  const end = start.plus({ months: 1 });
  const previousStart = start.minus({ months: 1 });
  return {
    month,
    from: start.toISODate() ?? "",
    to: end.minus({ days: 1 }).toISODate() ?? "",
    previous: { month: previousStart.toFormat("yyyy-MM"), from: previousStart.toISODate() ?? "", to: start.minus({ days: 1 }).toISODate() ?? "" },
    timeZone,
    startUtc: start.toUTC().toJSDate(),
    endUtc: end.toUTC().toJSDate(),
  };
}

/** The first day of the month as the Date stored in AuditReport.periodMonth (a DATE column, read as UTC midnight). */
export function periodMonthDate(month: string): Date {
  if (!isReportMonth(month)) throw new RangeError(`A report month is YYYY-MM, got "${month}".`);
  return new Date(`${month}-01T00:00:00.000Z`);
}
