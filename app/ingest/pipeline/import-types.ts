import type { ImportKind, ImportSource, ImportStatus } from "~/generated/prisma/enums";
import type { ByteSource } from "../readers/byte-source";
import type { ImportMessage } from "../rows/import-message";

/** The kinds of file the product imports, in the order the pages offer them: the one list the pages, forms and API take. */
export const importKinds = ["PLACEMENTS", "ACTIVITIES", "COMPLAINTS", "AGENTS", "PAYMENTS"] as const satisfies readonly ImportKind[];
/**
 * Kinds an agency sends about itself: uploaded for one agency (AGENCY users may send them), rows never name an agency.
 * The others are the lender's own files, each row naming its agency.
 */
export const agencyImportKinds = ["ACTIVITIES", "AGENTS"] as const satisfies readonly ImportKind[];
export type AgencyImportKind = (typeof agencyImportKinds)[number];

export function isAgencyImportKind(kind: ImportKind): kind is AgencyImportKind {
  return (agencyImportKinds as readonly ImportKind[]).includes(kind);
}
/** Fails to compile when the schema gains a kind this list lacks. */
const _everyKindListed: [Exclude<ImportKind, (typeof importKinds)[number]>] extends [never] ? true : never = true;
/** The same kinds in lower case, as the API's ?kind= takes them. */
export const importKindParams = importKinds.map((kind) => kind.toLowerCase() as Lowercase<(typeof importKinds)[number]>);

/** One upload, from the UI, the API or the CLI. The agency comes from the upload's context, never from the file. */
export type ImportRequest = {
  kind: ImportKind;
  /** Required for the agency kinds (ACTIVITIES, AGENTS: the agency that sent them); null for the lender's placements and complaints. */
  agencyId: number | null;
  source: ImportSource;
  fileName: string;
  body: ByteSource;
  /** Reject the whole file if any row is invalid. */
  strict?: boolean;
  mappingProfileId?: number | null;
  createdById?: number | null;
  apiTokenId?: number | null;
  /**
   * false: the caller runs the batch itself (runImportBatch) and no job is queued. The demo loader does this: 74
   * jobs left queued for batches it had already run kept a server's worker busy skipping them, a second each, while
   * real uploads waited behind them.
   */
  enqueue?: boolean;
  /**
   * true: the header is read in this process. Only for files the caller made itself (the demo loader, the benchmark,
   * tests); an upload's header is read in a child process with its own heap limit (ADR 012).
   */
  readHeaderInProcess?: boolean;
};

export const submitRejectionCodes = [
  "AGENCY_REQUIRED",
  "AGENCY_NOT_ALLOWED",
  "UNKNOWN_AGENCY",
  "UNKNOWN_MAPPING",
  "FILE_UNREADABLE",
  "HEADER_INVALID",
] as const;
export type SubmitRejectionCode = (typeof submitRejectionCodes)[number];

export type SubmitImportResult =
  /** Stored and queued: a background job imports it. */
  | { status: "queued"; batchId: number }
  /** The same bytes (SHA-256) were already imported for this kind and agency: nothing is imported again. */
  | { status: "already-imported"; batchId: number }
  /** The same bytes are being imported right now. */
  | { status: "in-progress"; batchId: number }
  /** The file cannot be imported at all (no rows were read); batchId is set when a FAILED batch records it. */
  | {
      status: "rejected";
      code: SubmitRejectionCode;
      /** In English (API, CLI). */
      message: string;
      batchId: number | null;
      /** The same as message keys, for a page to show in its reader's language (absent for refusals of the request itself). */
      reasons?: ImportMessage[];
    };

export type ImportBatchDetail = {
  id: number;
  kind: ImportKind;
  status: ImportStatus;
  source: ImportSource;
  agencyId: number | null;
  agencyCode: string | null;
  fileName: string;
  fileSha256: string;
  fileSize: number;
  strict: boolean;
  processedRows: number;
  /** Bytes read so far; with fileSize, the progress percentage while the job runs. */
  processedBytes: number;
  /** Share of the file read, 0 to 1 (1 once finished). */
  progress: number;
  totalRows: number;
  acceptedRows: number;
  duplicateRows: number;
  rejectedRows: number;
  updatedRows: number;
  errorMessage: string | null;
  warnings: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  stagesCompletedAt: string | null;
};
