import { getPrisma } from "~/db/client.server";
import { clientAddress } from "~/auth/session.server";
import type { Prisma } from "~/generated/prisma/client";

export const accessActions = [
  "CASE_VIEW_UNMASKED",
  "CASE_LIST_UNMASKED",
  "EXPORT",
  "SIGN_IN",
  "SIGN_OUT",
  "USER_CREATED",
  "USER_UPDATED",
  "USER_INVITED",
  "INVITATION_ACCEPTED",
  "PASSWORD_CHANGED",
  "PASSWORD_RESET",
  "USER_DEACTIVATED",
  "AGENCY_SAVED",
  "VIOLATION_REVIEWED",
  "RULE_PACK_PUBLISHED",
  "RULE_PACK_ASSIGNED",
  "API_TOKEN_CREATED",
  "API_TOKEN_REVOKED",
  "FINDING_ATTACHMENT_DOWNLOADED",
  "AGENCY_DOCUMENT_DOWNLOADED",
  "AGENCY_STATUS_CHANGED",
  "COMPLAINT_ATTACHMENT_DOWNLOADED",
  "LEGAL_HOLD_SET",
  "LEGAL_HOLD_CLEARED",
  "RETENTION_CHANGED",
  "RETENTION_PURGED",
] as const;
export type AccessAction = (typeof accessActions)[number];

export type AccessLogInput = {
  userId: number | null;
  action: AccessAction;
  resourceType: string;
  resourceId?: string | number | null;
  detail?: Prisma.InputJsonValue;
  request?: Request;
};

export async function logAccess(entry: AccessLogInput): Promise<void> {
  await getPrisma().accessLog.create({
    data: {
      userId: entry.userId,
      action: entry.action,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId == null ? null : String(entry.resourceId),
      detail: entry.detail,
      ipAddress: entry.request ? clientAddress(entry.request) : null,
    },
  });
}

export type AccessLogRow = {
  id: string;
  createdAt: string;
  userEmail: string | null;
  userName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  detail: unknown;
  ipAddress: string | null;
};

export async function listAccessLog(options: { page: number; pageSize: number; action?: AccessAction }): Promise<{ rows: AccessLogRow[]; total: number }> {
  const prisma = getPrisma();
  const where = options.action ? { action: options.action } : {};
  const [rows, total] = await Promise.all([
    prisma.accessLog.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
      include: { user: { select: { email: true, name: true } } },
    }),
    prisma.accessLog.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((row) => ({
      id: row.id.toString(),
      createdAt: row.createdAt.toISOString(),
      userEmail: row.user?.email ?? null,
      userName: row.user?.name ?? null,
      action: row.action,
      resourceType: row.resourceType,
      resourceId: row.resourceId,
      detail: row.detail,
      ipAddress: row.ipAddress,
    })),
  };
}
