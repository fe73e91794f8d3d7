// Expiry reminders (the agency-register-schedule job, `oversight agency run-reminders`): 60, 30 and 7 days before a
// current document or a licence expires, and on the day, vendor managers and compliance are notified. Each
// (item, expiry day, stage) is recorded in AgencyExpiryReminder under a unique key in the same transaction as its
// notifications, so two runs at once, or a run repeated on a day, remind exactly once; a renewed expiry day starts
// its own reminders. `now` is the only clock: tests move it instead of waiting.
import { getPrisma } from "~/db/client.server";
import { notifyRecipients } from "~/notifications/notify-recipients.server";
import { dueReminderStage, type ReminderStage } from "./register-rules";
import { registerToday } from "./register.server";

export type ExpiryReminder = { subject: "DOCUMENT" | "LICENCE"; subjectId: number; agencyCode: string; item: string; expiresOn: string; stage: ReminderStage };

type Candidate = Omit<ExpiryReminder, "stage"> & { agencyId: number };

const day = (value: Date) => value.toISOString().slice(0, 10);

async function expiringItems(): Promise<Candidate[]> {
  const prisma = getPrisma();
  const liveAgency = { active: true, status: { not: "TERMINATED" as const } };
  const [documents, licences] = await Promise.all([
    // Current versions only: an older version's expiry no longer matters once a newer one is on file.
    prisma.agencyDocument.findMany({
      where: { agency: liveAgency },
      distinct: ["agencyId", "type"],
      orderBy: [{ agencyId: "asc" }, { type: "asc" }, { version: "desc" }],
      select: { id: true, agencyId: true, type: true, version: true, fileName: true, expiresOn: true, agency: { select: { code: true } } },
    }),
    prisma.agencyLicence.findMany({ where: { agency: liveAgency, validTo: { not: null } }, select: { id: true, agencyId: true, number: true, issuer: true, validTo: true, agency: { select: { code: true } } } }),
  ]);
  return [
    ...documents.flatMap((document) =>
      document.expiresOn === null
        ? []
        : [{ subject: "DOCUMENT" as const, subjectId: document.id, agencyId: document.agencyId, agencyCode: document.agency.code, item: `${document.type} v${document.version} (${document.fileName})`, expiresOn: day(document.expiresOn) }],
    ),
    ...licences.map((licence) => ({ subject: "LICENCE" as const, subjectId: licence.id, agencyId: licence.agencyId, agencyCode: licence.agency.code, item: `${licence.number} (${licence.issuer})`, expiresOn: day(licence.validTo!) })),
  ];
}

/** Sends the reminders due on `now`'s day (lender's zone) that were not sent before; returns those it sent. */
export async function runExpiryReminders(now: Date): Promise<{ today: string; sent: ExpiryReminder[] }> {
  const today = await registerToday(now);
  const prisma = getPrisma();
  const sent: ExpiryReminder[] = [];
  for (const item of await expiringItems()) {
    const stage = dueReminderStage(item.expiresOn, today);
    if (stage === null) continue;
    const recorded = await prisma.$transaction(async (tx) => {
      const inserted = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO "AgencyExpiryReminder" (subject, "subjectId", "agencyId", "expiresOn", stage, "sentAt")
        VALUES (${item.subject}, ${item.subjectId}::int, ${item.agencyId}::int, ${item.expiresOn}::date, ${stage}::int, ${now})
        ON CONFLICT (subject, "subjectId", "expiresOn", stage) DO NOTHING RETURNING id`;
      if (inserted.length === 0) return false;
      const params = { agency: item.agencyCode, item: item.item, expiresOn: item.expiresOn, days: stage };
      await notifyRecipients(
        { audience: { roles: ["VENDOR_MANAGER", "COMPLIANCE"] }, kind: stage === 0 ? "AGENCY_EXPIRES_TODAY" : "AGENCY_EXPIRY_REMINDER", params, link: `/agencies/${encodeURIComponent(item.agencyCode)}/register` },
        { db: tx, now },
      );
      return true;
    });
    if (recorded) sent.push({ subject: item.subject, subjectId: item.subjectId, agencyCode: item.agencyCode, item: item.item, expiresOn: item.expiresOn, stage });
  }
  return { today, sent };
}
