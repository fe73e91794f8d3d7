import { getPrisma } from "~/db/client.server";

// A violation names its trigger event by (triggerEventId, occurredAt), without a Prisma relation (ADR 054): tests that
// read violations with the agency's own event ids look the events up here.

/** The violations with their trigger event's own id (the agency's event_id). */
export async function withTriggerEvents<V extends { triggerEventId: bigint }>(violations: V[]): Promise<(V & { triggerEvent: { eventId: string } })[]> {
  const events = await getPrisma().activityEvent.findMany({ where: { id: { in: [...new Set(violations.map((violation) => violation.triggerEventId))] } }, select: { id: true, eventId: true } });
  const eventIdOf = new Map(events.map((event) => [event.id, event.eventId]));
  return violations.map((violation) => {
    const eventId = eventIdOf.get(violation.triggerEventId);
    if (eventId === undefined) throw new Error(`violation ${String(violation.triggerEventId)}: its trigger event is missing`);
    return { ...violation, triggerEvent: { eventId } };
  });
}

/** The internal ids of the events with these agency event ids, of these agencies. */
export async function eventRowIds(agencyIds: number[], eventIds: string[]): Promise<bigint[]> {
  return (await getPrisma().activityEvent.findMany({ where: { agencyId: { in: agencyIds }, eventId: { in: eventIds } }, select: { id: true } })).map((event) => event.id);
}
