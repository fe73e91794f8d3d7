// When an activity import analyses the idempotency key table inside its own transaction (ADR 008, ADR 041).
//
// The probe for earlier events must keep using the key table's (agency, event id) index as the import adds keys
// that autovacuum cannot see yet: with statistics of a much smaller table the planner walked every key of the
// agency instead. Analysing costs a sample of the whole table (about half a second at a million keys), so it is
// worth it only when this import's keys change the table's size noticeably: into an empty or small table, as the
// table doubles; into a table the statistics already count many times over (the demo's seventy files, a daily
// upload into years of keys), not at all.

/**
 * Whether to analyse before the next chunk: `written` keys added by this transaction since the statistics were
 * last taken, `counted` the keys those statistics count (pg_class.reltuples; negative or zero when never taken).
 */
export function shouldAnalyseKeys(written: number, counted: number): boolean {
  return written > 0 && written * 2 > Math.max(counted, 0);
}
