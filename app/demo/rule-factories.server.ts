// Builders for rule-engine tests and demos: customers with accounts placed at several agencies, and activity
// written straight into ActivityEvent, as if the import pipeline had accepted it. Every value not under test takes
// a compliant default (daytime is up to the caller, but calls are recorded and reach the debtor's own number), so
// a test sees only the violations it sets out to cause.
import { randomUUID } from "node:crypto";
import { getPrisma } from "~/db/client.server";
import { createActivityEvent } from "./activity-events.server";
import type { ActivityType, ContactParty, Direction, Outcome } from "~/generated/prisma/enums";

let sequence = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}${randomUUID().slice(0, 4)}`;

export type FactoryAccount = {
  agencyId: number;
  /** null: the debtor's zone is unknown and the agency's applies. */
  timeZone?: string | null;
  phoneNumbers?: string[];
  /** "yyyy-MM-dd" */
  placedAt?: string;
  recalledAt?: string | null;
  placedBalance?: string;
  thirdPartyConsent?: boolean;
};

export type FactoryCustomer = {
  customerId: number;
  customerRef: string;
  accounts: { accountId: number; accountNumber: string; agencyId: number; phoneNumbers: string[] }[];
};

/** A customer with one account per entry, each placed with its agency. Phone numbers default to a unique mobile. */
export async function createRuleTestCustomer(options: { accounts: FactoryAccount[] }): Promise<FactoryCustomer> {
  const prisma = getPrisma();
  const customer = await prisma.customer.create({ data: { customerRef: unique("RCUST") } });
  const accounts: FactoryCustomer["accounts"] = [];
  for (const input of options.accounts) {
    const phoneNumbers = input.phoneNumbers ?? [`139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`];
    const account = await prisma.account.create({
      data: {
        accountNumber: unique("RACC"),
        customerId: customer.id,
        debtorName: "测试债务人",
        phoneNumbers,
        product: "CONSUMER_LOAN",
        timeZone: input.timeZone === undefined ? "Asia/Shanghai" : input.timeZone,
        thirdPartyConsent: input.thirdPartyConsent ?? false,
      },
    });
    await prisma.placement.create({
      data: {
        accountId: account.id,
        agencyId: input.agencyId,
        placedAt: new Date(`${input.placedAt ?? "2026-01-01"}T00:00:00Z`),
        recalledAt: input.recalledAt ? new Date(`${input.recalledAt}T00:00:00Z`) : null,
        placedBalance: input.placedBalance ?? "10000.00",
        currency: "CNY",
      },
    });
    accounts.push({ accountId: account.id, accountNumber: account.accountNumber, agencyId: input.agencyId, phoneNumbers });
  }
  return { customerId: customer.id, customerRef: customer.customerRef, accounts };
}

export type FactoryEvent = {
  agencyId: number;
  accountId: number;
  /** An instant: a Date or an ISO string with offset ("2026-03-02T22:30:00+08:00"). */
  occurredAt: Date | string;
  type?: ActivityType;
  direction?: Direction;
  contactParty?: ContactParty | null;
  /** Defaults: CALL → NO_ANSWER, SMS/EMAIL → DELIVERED, others none. */
  outcome?: Outcome | null;
  /** Defaults to the account's first number for calls and texts. */
  phoneNumber?: string | null;
  messageText?: string | null;
  amount?: string | null;
  visitors?: number | null;
  /** Defaults to a recording for calls and visits. */
  recordingId?: string | null;
  /** The collector's id at the agency; created on first use. Default "R001". */
  agentExternalId?: string | null;
  /** The agency's own event id; unique by default. */
  eventId?: string;
};

export type InsertedEvent = { id: bigint; eventId: string; importBatchId: number; occurredAt: Date };

/** Writes the events in one import batch per agency, in the order given; returns their ids in the same order. */
export async function insertActivityEvents(events: FactoryEvent[]): Promise<InsertedEvent[]> {
  const prisma = getPrisma();
  const batchOf = new Map<number, number>();
  const agentOf = new Map<string, number>();
  const phonesOf = new Map<number, string[]>();
  const inserted: InsertedEvent[] = [];
  for (const event of events) {
    let batchId = batchOf.get(event.agencyId);
    if (batchId === undefined) {
      const batch = await prisma.importBatch.create({
        data: { kind: "ACTIVITIES", agencyId: event.agencyId, source: "CLI", fileName: "rule-factory.csv", fileSha256: unique("sha"), fileSize: 0n, status: "COMMITTED" },
      });
      batchId = batch.id;
      batchOf.set(event.agencyId, batchId);
    }
    const externalId = event.agentExternalId === undefined ? "R001" : event.agentExternalId;
    let agentId: number | null = null;
    if (externalId !== null) {
      const key = `${event.agencyId}:${externalId}`;
      agentId = agentOf.get(key) ?? null;
      if (agentId === null) {
        const agent = await prisma.agent.upsert({
          where: { agencyId_externalId: { agencyId: event.agencyId, externalId } },
          create: { agencyId: event.agencyId, externalId, name: `Collector ${externalId}` },
          update: {},
        });
        agentId = agent.id;
        agentOf.set(key, agentId);
      }
    }
    let phones = phonesOf.get(event.accountId);
    if (!phones) {
      phones = (await prisma.account.findUniqueOrThrow({ where: { id: event.accountId }, select: { phoneNumbers: true } })).phoneNumbers;
      phonesOf.set(event.accountId, phones);
    }
    const type = event.type ?? "CALL";
    const messaging = type === "SMS" || type === "EMAIL";
    const eventId = event.eventId ?? unique("REV");
    const row = await createActivityEvent({
      agencyId: event.agencyId,
      agentId,
      accountId: event.accountId,
      eventId,
      occurredAt: new Date(event.occurredAt),
      type,
      direction: event.direction ?? "OUTBOUND",
      contactParty: event.contactParty === undefined ? "DEBTOR" : event.contactParty,
      outcome: event.outcome === undefined ? (type === "CALL" ? "NO_ANSWER" : messaging ? "DELIVERED" : null) : event.outcome,
      phoneNumber: event.phoneNumber === undefined ? (type === "CALL" || type === "SMS" ? (phones[0] ?? null) : null) : event.phoneNumber,
      messageText: event.messageText ?? null,
      amount: event.amount ?? null,
      visitors: event.visitors ?? null,
      recordingId: event.recordingId === undefined ? (type === "CALL" || type === "VISIT" ? `rec-${eventId}` : null) : event.recordingId,
      contentHash: unique("hash"),
      importBatchId: batchId,
    });
    inserted.push({ id: row.id, eventId, importBatchId: batchId, occurredAt: row.occurredAt });
  }
  return inserted;
}

/** A non-borrower's report that a number is not the debtor's (the complaint channel the lender offers). */
export async function createWrongNumberComplaint(options: {
  phoneNumber: string;
  receivedAt: Date | string;
  accountId?: number | null;
  agencyId?: number | null;
  importBatchId?: number | null;
}): Promise<{ id: number; complaintRef: string }> {
  const complaint = await getPrisma().complaint.create({
    data: {
      importBatchId: options.importBatchId ?? null,
      complaintRef: unique("RCMP"),
      accountId: options.accountId ?? null,
      agencyId: options.agencyId ?? null,
      receivedAt: new Date(options.receivedAt),
      source: "NON_BORROWER",
      category: "WRONG_NUMBER",
      phoneNumber: options.phoneNumber,
      description: "Not the debtor's number",
    },
    select: { id: true, complaintRef: true },
  });
  return complaint;
}
