// Delivers what finding-notifications.ts maps to the notification centre, inside the caller's transaction: a
// transition, reminder or contest decision that rolls back notifies nobody, and one that commits has its
// notifications committed with it (ADR 023, ADR 024).
import type { Prisma } from "~/generated/prisma/client";
import { notifyRecipients } from "~/notifications/notify-recipients.server";
import { findingNotifications, type FindingNotificationEvent, type NotifiedFinding } from "./finding-notifications";

type Tx = Prisma.TransactionClient;

const dayOf = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));

/** The finding as notifications name it, read in the transaction (so a due day just set is the one sent). */
export async function notifiedFinding(tx: Tx, findingId: number): Promise<NotifiedFinding> {
  const finding = await tx.finding.findUniqueOrThrow({ where: { id: findingId }, select: { id: true, agencyId: true, title: true, responseDueOn: true, agency: { select: { code: true } } } });
  return { id: finding.id, agencyId: finding.agencyId, agencyCode: finding.agency.code, title: finding.title, responseDueOn: dayOf(finding.responseDueOn) };
}

export async function notifyFindingEvent(tx: Tx, event: FindingNotificationEvent, now: Date): Promise<void> {
  for (const notification of findingNotifications(event)) await notifyRecipients(notification, { db: tx, now });
}

/** A life-cycle transition (findings.server.ts's runTransition), after its change and event are written. */
export async function notifyFindingTransition(
  tx: Tx,
  input: { findingId: number; transition: Extract<FindingNotificationEvent, { type: "transition" }>["transition"]; from: string | null; to: string; detail: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const event: FindingNotificationEvent = { type: "transition", transition: input.transition, from: input.from, to: input.to, finding: await notifiedFinding(tx, input.findingId), detail: input.detail };
  if (findingNotifications(event).length === 0) return;
  await notifyFindingEvent(tx, event, now);
}
