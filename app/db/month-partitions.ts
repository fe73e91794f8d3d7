// Names and bounds of the monthly partitions of "ActivityEvent" and "Violation" (ADR 041): pure, so the import's
// parsing thread can compute a row's month without loading the database modules.

export const partitionedTables = ["ActivityEvent", "Violation"] as const;
export type PartitionedTable = (typeof partitionedTables)[number];

const monthPattern = /^(\d{4})-(\d{2})$/;

/** "2026-01" for any instant of January 2026 UTC (an ISO string in UTC or a Date). */
export function utcMonthOf(instant: Date | string): string {
  return (typeof instant === "string" ? instant : instant.toISOString()).slice(0, 7);
}

export function partitionName(table: PartitionedTable, month: string): string {
  return `${table}_p${month.replace("-", "_")}`;
}

export function defaultPartitionName(table: PartitionedTable): string {
  return `${table}_default`;
}

/** The month's first instant and the next month's, as UTC ISO strings (the partition's bounds). */
export function monthBounds(month: string): { start: string; end: string } {
  const match = monthPattern.exec(month);
  if (!match) throw new RangeError(`${JSON.stringify(month)} is not a month (YYYY-MM)`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  if (index < 0 || index > 11) throw new RangeError(`${JSON.stringify(month)} is not a month (YYYY-MM)`);
  return { start: new Date(Date.UTC(year, index, 1)).toISOString(), end: new Date(Date.UTC(year, index + 1, 1)).toISOString() };
}
