import { getPrisma } from "~/db/client.server";
import type { Severity, ViolationStatus } from "~/generated/prisma/enums";

export type ViolationListItem = {
  id: string;
  ruleCode: string;
  severity: Severity;
  status: ViolationStatus;
  agencyCode: string;
  agentExternalId: string | null;
  accountNumber: string;
  occurredAt: string;
};

export async function listViolations(options: { agencyId?: number; limit: number }): Promise<{ rows: ViolationListItem[]; total: number }> {
  const prisma = getPrisma();
  const where = options.agencyId === undefined ? {} : { agencyId: options.agencyId };
  const [rows, total] = await Promise.all([
    prisma.violation.findMany({
      where,
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: options.limit,
      include: { agency: { select: { code: true } }, agent: { select: { externalId: true } }, account: { select: { accountNumber: true } } },
    }),
    prisma.violation.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id.toString(),
      ruleCode: row.ruleCode,
      severity: row.severity,
      status: row.status,
      agencyCode: row.agency.code,
      agentExternalId: row.agent?.externalId ?? null,
      accountNumber: row.account.accountNumber,
      occurredAt: row.occurredAt.toISOString(),
    })),
  };
}
