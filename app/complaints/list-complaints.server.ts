import { getPrisma } from "~/db/client.server";
import type { ComplaintSource, ComplaintStatus, Severity } from "~/generated/prisma/enums";

export type ComplaintListItem = {
  id: number;
  complaintRef: string;
  receivedAt: string;
  source: ComplaintSource;
  category: string;
  severity: Severity;
  status: ComplaintStatus;
  agencyCode: string | null;
  accountNumber: string | null;
};

export async function listComplaints(options: { agencyId?: number; limit: number }): Promise<{ rows: ComplaintListItem[]; total: number }> {
  const prisma = getPrisma();
  const where = options.agencyId === undefined ? {} : { agencyId: options.agencyId };
  const [rows, total] = await Promise.all([
    prisma.complaint.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: options.limit,
      include: { agency: { select: { code: true } }, account: { select: { accountNumber: true } } },
    }),
    prisma.complaint.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id,
      complaintRef: row.complaintRef,
      receivedAt: row.receivedAt.toISOString(),
      source: row.source,
      category: row.category,
      severity: row.severity,
      status: row.status,
      agencyCode: row.agency?.code ?? null,
      accountNumber: row.account?.accountNumber ?? null,
    })),
  };
}
