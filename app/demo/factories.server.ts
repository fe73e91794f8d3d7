import { agencyInputSchema, type AgencyInput } from "~/agencies/agency-input";
import { upsertAgency } from "~/agencies/agencies.server";
import { newPasswordSchema, newUserSchema } from "~/admin/user-input";
import { createUser } from "~/admin/users.server";
import { getPrisma } from "~/db/client.server";
import { createActivityEvent } from "./activity-events.server";
import type { Role } from "~/generated/prisma/enums";
import { demoAgencies, demoPassword, demoUsers } from "./demo-users";

export { demoPassword };

// The demo command and the tests build their organisations from these functions, which go through the same
// validation and domain code as Settings does, so demo data can never hold what a user could not have entered.

export async function createAgency(input: Partial<AgencyInput> & { code: string }): Promise<number> {
  const parsed = agencyInputSchema.parse({ name: input.code, timeZone: "Asia/Shanghai", commissionRate: "0.18", ...input });
  return (await upsertAgency(parsed, { via: "demo" })).id;
}

/** Creates a user through the same checks as Settings → Users; returns the existing id if the email is taken. */
export async function ensureUser(options: { email: string; name: string; role: Role; agencyId?: number | null; password?: string; locale?: "en" | "zh-CN" }): Promise<number> {
  const input = newUserSchema.parse({ ...options, agencyId: options.agencyId ?? "" });
  // Demo and test users are created with their password already set: the published demo password keeps working.
  const result = await createUser(input, { password: newPasswordSchema.parse(options.password ?? demoPassword), mustChangePassword: false });
  if (result.status === "created") return result.id;
  const existing = await getPrisma().user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true } });
  return existing.id;
}

export type DemoOrganisation = { agencyIds: Record<string, number>; users: { email: string; role: Role; agencyCode?: string }[] };

export async function seedDemoOrganisation(): Promise<DemoOrganisation> {
  const agencyIds: Record<string, number> = {};
  for (const { profile: _profile, ...agency } of demoAgencies) {
    agencyIds[agency.code] = (await upsertAgency(agencyInputSchema.parse({ ...agency, active: true }), { via: "demo" })).id;
  }
  for (const user of demoUsers) {
    await ensureUser({ ...user, agencyId: user.agencyCode ? agencyIds[user.agencyCode] : null });
  }
  return { agencyIds, users: demoUsers.map(({ email, role, agencyCode }) => ({ email, role, agencyCode })) };
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}`;

/**
 * A placed account with a few events, for tests of pages that read cases. Written with Prisma directly because
 * it stands for data the import pipeline has already accepted.
 */
export async function createPlacedAccount(options: {
  agencyId: number;
  debtorName?: string;
  phoneNumber?: string;
  accountNumber?: string;
  timeZone?: string;
}): Promise<{ accountId: number; accountNumber: string; eventIds: bigint[] }> {
  const prisma = getPrisma();
  const accountNumber = options.accountNumber ?? unique("ACC");
  const phoneNumber = options.phoneNumber ?? "13812345678";
  const batch = await prisma.importBatch.create({
    data: { kind: "ACTIVITIES", agencyId: options.agencyId, source: "CLI", fileName: "factory.csv", fileSha256: unique("sha"), fileSize: 0n, status: "COMMITTED" },
  });
  const customer = await prisma.customer.create({ data: { customerRef: unique("CUST") } });
  const account = await prisma.account.create({
    data: {
      accountNumber,
      customerId: customer.id,
      debtorName: options.debtorName ?? "张三",
      phoneNumbers: [phoneNumber],
      product: "CONSUMER_LOAN",
      timeZone: options.timeZone ?? "Asia/Shanghai",
    },
  });
  await prisma.placement.create({
    data: { accountId: account.id, agencyId: options.agencyId, placedAt: new Date("2026-10-01T00:00:00Z"), placedBalance: "12000.50", currency: "CNY", dpdAtPlacement: 95, importBatchId: batch.id },
  });
  const agent = await prisma.agent.upsert({
    where: { agencyId_externalId: { agencyId: options.agencyId, externalId: "A001" } },
    create: { agencyId: options.agencyId, externalId: "A001", name: "王催收" },
    update: {},
  });
  const event = await createActivityEvent({
    agencyId: options.agencyId,
    agentId: agent.id,
    accountId: account.id,
    eventId: unique("EV"),
    occurredAt: new Date("2026-10-02T02:15:00Z"),
    localTime: "2026-10-02T10:15:00",
    utcOffsetMinutes: 480,
    type: "CALL",
    outcome: "CONNECTED",
    contactParty: "DEBTOR",
    phoneNumber,
    durationSeconds: 95,
    contentHash: unique("hash"),
    importBatchId: batch.id,
  });
  return { accountId: account.id, accountNumber, eventIds: [event.id] };
}
