import { getPrisma } from "~/db/client.server";
import type { ImportKind, ImportStatus } from "~/generated/prisma/enums";

export type ImportBatchListItem = {
  id: number;
  kind: ImportKind;
  status: ImportStatus;
  fileName: string;
  agencyCode: string | null;
  totalRows: number;
  acceptedRows: number;
  duplicateRows: number;
  rejectedRows: number;
  createdAt: string;
  errorMessage: string | null;
};

export async function listImportBatches(options: { agencyId?: number; limit: number }): Promise<ImportBatchListItem[]> {
  const batches = await getPrisma().importBatch.findMany({
    where: options.agencyId === undefined ? {} : { agencyId: options.agencyId },
    orderBy: { id: "desc" },
    take: options.limit,
    include: { agency: { select: { code: true } } },
  });
  return batches.map((batch) => ({
    id: batch.id,
    kind: batch.kind,
    status: batch.status,
    fileName: batch.fileName,
    agencyCode: batch.agency?.code ?? null,
    totalRows: batch.totalRows,
    acceptedRows: batch.acceptedRows,
    duplicateRows: batch.duplicateRows,
    rejectedRows: batch.rejectedRows,
    createdAt: batch.createdAt.toISOString(),
    errorMessage: batch.errorMessage,
  }));
}
