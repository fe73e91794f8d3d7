// Read models for the Imports pages: the batch history grid and the batch page. They add to the domain's
// ImportBatchDetail what only the UI needs (who uploaded, detected source format, the first row errors).
import { getPrisma } from "~/db/client.server";
import type { ImportKind, ImportSource, ImportStatus, Role } from "~/generated/prisma/enums";
import type { PersonalDataView } from "~/privacy/mask";
import type { Locale } from "~/i18n/locales";
import { getImportBatch } from "../pipeline/import-batches.server";
import { readRunningProgress } from "../pipeline/import-progress.server";
import { renderStoredImportText } from "../rows/import-message";
import { renderRowError, rejectedRowsView } from "../rows/mask-rejected-rows";
import type { ImportBatchDetail } from "../pipeline/import-types";

export type ImportBatchRow = {
  id: number;
  kind: ImportKind;
  status: ImportStatus;
  source: ImportSource;
  fileName: string;
  agencyCode: string | null;
  processedRows: number;
  totalRows: number;
  acceptedRows: number;
  duplicateRows: number;
  updatedRows: number;
  rejectedRows: number;
  createdAt: string;
  createdByName: string | null;
};

/** The latest batches, newest first; agencyId restricts them to one agency (AGENCY users). */
export async function listImportBatchRows(options: { agencyId?: number; limit: number }): Promise<ImportBatchRow[]> {
  const batches = await getPrisma().importBatch.findMany({
    where: options.agencyId === undefined ? {} : { agencyId: options.agencyId },
    orderBy: { id: "desc" },
    take: options.limit,
    select: {
      id: true,
      kind: true,
      status: true,
      source: true,
      fileName: true,
      processedRows: true,
      totalRows: true,
      acceptedRows: true,
      duplicateRows: true,
      updatedRows: true,
      rejectedRows: true,
      createdAt: true,
      agency: { select: { code: true } },
      createdBy: { select: { name: true } },
    },
  });
  const progress = await readRunningProgress(batches);
  return batches.map(({ agency, createdBy, createdAt, ...batch }) => ({
    ...batch,
    processedRows: progress.get(batch.id)?.processedRows ?? batch.processedRows,
    agencyCode: agency?.code ?? null,
    createdAt: createdAt.toISOString(),
    createdByName: createdBy?.name ?? null,
  }));
}

export type ImportSourceDetails = { format: string | null; encoding: string | null; delimiter: string | null; sheetName: string | null };
export type ImportRowErrorItem = { id: string; rowNumber: number; field: string | null; message: string };

export type ImportBatchView = {
  batch: ImportBatchDetail;
  createdBy: { name: string; email: string } | null;
  apiTokenName: string | null;
  mappingProfileName: string | null;
  /** The profile was deleted after this batch ran (its name is kept on the batch). */
  mappingProfileDeleted: boolean;
  sourceDetails: ImportSourceDetails;
  rowErrors: ImportRowErrorItem[];
  rowErrorCount: number;
  /** Whether the row errors (and the rejects download) show personal data as sent or masked. */
  personalData: PersonalDataView;
};

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** The batch page's data, or null when the batch does not exist or (agencyId given) belongs to another agency. */
export async function getImportBatchView(
  batchId: number,
  scope: { agencyId?: number },
  options: { errorLimit: number; viewer: { id: number; role: Role; locale: Locale } },
): Promise<ImportBatchView | null> {
  const batch = await getImportBatch(batchId, scope);
  if (!batch) return null;
  const prisma = getPrisma();
  const [extra, rowErrors, rowErrorCount] = await Promise.all([
    prisma.importBatch.findUnique({
      where: { id: batchId },
      select: {
        sourceDetails: true,
        createdById: true,
        createdBy: { select: { name: true, email: true } },
        apiToken: { select: { name: true } },
        mappingProfile: { select: { name: true } },
      },
    }),
    prisma.importRowError.findMany({
      where: { batchId },
      orderBy: [{ rowNumber: "asc" }, { id: "asc" }],
      take: options.errorLimit,
      select: { id: true, rowNumber: true, field: true, message: true },
    }),
    prisma.importRowError.count({ where: { batchId } }),
  ]);
  const personalData = rejectedRowsView(options.viewer, { createdById: extra?.createdById ?? null });
  const details = extra?.sourceDetails && typeof extra.sourceDetails === "object" && !Array.isArray(extra.sourceDetails) ? (extra.sourceDetails as Record<string, unknown>) : {};
  return {
    batch: {
      ...batch,
      errorMessage: batch.errorMessage === null ? null : renderStoredImportText(batch.errorMessage, options.viewer.locale),
      warnings: batch.warnings.map((warning) => renderStoredImportText(warning, options.viewer.locale)),
    },
    createdBy: extra?.createdBy ?? null,
    apiTokenName: extra?.apiToken?.name ?? null,
    mappingProfileName: extra?.mappingProfile?.name ?? text(details.deletedMappingProfile),
    mappingProfileDeleted: !extra?.mappingProfile && text(details.deletedMappingProfile) !== null,
    sourceDetails: { format: text(details.format), encoding: text(details.encoding), delimiter: text(details.delimiter), sheetName: text(details.sheetName) },
    rowErrors: rowErrors.map((error) => ({
      id: error.id.toString(),
      rowNumber: error.rowNumber,
      field: error.field,
      message: renderRowError(error.message, error.field, batch.kind, options.viewer.locale, personalData),
    })),
    rowErrorCount,
    personalData,
  };
}
