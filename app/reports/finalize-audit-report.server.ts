// Sign-off: compliance finalises a reviewed draft with a note. The row becomes FINAL at once (so nobody can
// regenerate it any more) and a job renders the final file, which must carry exactly the content of the draft that
// was reviewed; it is then stored with its SHA-256 and never written again.
import { getPrisma } from "~/db/client.server";
import type { Locale } from "~/i18n/locales";
import { AuditReportError, MAX_SIGN_OFF_NOTE } from "./audit-report-errors";
import { enqueueAuditReportJob } from "./audit-report-queue.server";

export type FinalizeRequest = {
  reportId: number;
  userId: number;
  note: string;
  /** The hash of the draft the person reviewed: a draft regenerated since then is not signed off blindly. */
  expectedSha256: string;
  locale: Locale;
};

export async function finalizeAuditReport(request: FinalizeRequest, options: { enqueue?: boolean } = {}): Promise<void> {
  const note = request.note.trim();
  if (note === "") throw new AuditReportError("NOTE_REQUIRED", "A sign-off note is required.");
  if (note.length > MAX_SIGN_OFF_NOTE) throw new AuditReportError("NOTE_TOO_LONG", `A sign-off note has at most ${MAX_SIGN_OFF_NOTE} characters.`);
  const prisma = getPrisma();
  const claimed = await prisma.auditReport.updateMany({
    where: { id: request.reportId, status: "DRAFT", jobState: "SUCCEEDED", fileSha256: request.expectedSha256 },
    data: { status: "FINAL", finalizedById: request.userId, finalizedAt: new Date(), signOffNote: note, jobState: "QUEUED", progress: 0, errorMessage: null },
  });
  if (claimed.count === 0) {
    const report = await prisma.auditReport.findUnique({ where: { id: request.reportId }, select: { status: true, jobState: true, fileSha256: true } });
    if (!report) throw new AuditReportError("NOT_FOUND", `No report ${request.reportId}.`);
    if (report.status === "FINAL") throw new AuditReportError("NOT_DRAFT", `Report ${request.reportId} is already final.`);
    if (report.jobState !== "SUCCEEDED" || report.fileSha256 === null) throw new AuditReportError("NOT_READY", `Report ${request.reportId} has no generated draft to sign off yet.`);
    throw new AuditReportError("STALE", `Report ${request.reportId} was regenerated since it was reviewed (hash ${report.fileSha256}).`);
  }
  if (options.enqueue !== false) await enqueueAuditReportJob({ reportId: request.reportId, mode: "final", locale: request.locale, userId: request.userId });
}
