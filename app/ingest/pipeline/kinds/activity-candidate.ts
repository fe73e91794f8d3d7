// A valid activity row as the parsing thread hands it to the import (parse-activities-worker.ts): pure, so that
// thread loads no database module.
import type { ActivityRow } from "../../rows/row-schemas";
import { utcMonthOf } from "../../../db/month-partitions";
import { copyField } from "../copy-text";

/** A valid row waiting for the database checks. */
export type ActivityCandidate = {
  rowNumber: number;
  eventId: string;
  accountNumber: string;
  agentId: string | null;
  agentName: string | null;
  contentHash: string;
  /** The event's UTC month, "YYYY-MM": its partition and its key's "occurredMonth". */
  occurredMonth: string;
  /** The row's "ActivityEvent" COPY line after the three ids the database resolves (agency, agent, account). */
  eventColumns: string;
};

/**
 * A rejected row. `values` (the row as the agency sent it) is known for rows the reader or validator rejected; rows the
 * database checks reject are rare, so their values are not held for every row in case: they are read again at the
 * end (the row numbers are kept in the tally).
 */
export type ActivityRejection = { rowNumber: number; field: string | null; message: string; values: Record<string, string> | null };

export type ActivityChunkItem = { candidate: ActivityCandidate } | { rejection: ActivityRejection };

export function activityCandidate(rowNumber: number, row: ActivityRow, contentHash: string, batchId: number): ActivityCandidate {
  // Joined, not concatenated: a template of forty pieces is kept as a rope of forty nodes until it is written, and
  // a chunk of those held twice the memory of the flat text.
  const eventColumns = [
    copyField(row.eventId), copyField(row.occurredAt), copyField(row.localTime), copyField(row.utcOffsetMinutes), copyField(row.type),
    copyField(row.direction), copyField(row.contactParty), copyField(row.outcome), copyField(row.phoneNumber), copyField(row.address),
    copyField(row.durationSeconds), copyField(row.messageText), copyField(row.amount), copyField(row.currency), copyField(row.promiseDueDate),
    copyField(row.visitors), copyField(row.recordingId), copyField(row.consentScope ?? null), copyField(row.restriction ?? null),
    copyField(row.place ?? null), copyField(row.restrictedHours ?? null), copyField(row.restrictedMedium ?? null), copyField(row.endsAt ?? null),
    copyField(row.disputeForm ?? null), copyField(row.voicemailContent ?? null), contentHash, `${batchId}\n`,
  ].join("\t");
  return { rowNumber, eventId: row.eventId, accountNumber: row.accountNumber, agentId: row.agentId, agentName: row.agentName, contentHash, occurredMonth: utcMonthOf(row.occurredAt), eventColumns };
}
