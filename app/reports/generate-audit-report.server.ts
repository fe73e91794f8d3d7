// Generating a monthly audit: a DRAFT row is created (or an existing draft of the same month and scope reused),
// a job renders the workbook, and the bytes, their SHA-256, the Summary's figures and the rule packs in force are
// stored on the row. A FINAL row is never written by a draft job: every store is conditional on the row's status.
import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { getPrisma } from "~/db/client.server";
import { getEnv } from "~/env.server";
import type { Prisma } from "~/generated/prisma/client";
import type { Locale } from "~/i18n/locales";
import { getDefaultPackCode } from "~/rules/rule-packs.server";
import { getSetting } from "~/settings/settings.server";
import { parseAuditSummary, type AuditSummary } from "./audit-summary";
import { AuditReportError } from "./audit-report-errors";
import { enqueueAuditReportJob, startAuditReportWorker, type AuditReportJob } from "./audit-report-queue.server";
import { buildAuditWorkbook, type AuditWorkbookReport } from "./build-audit-workbook.server";
import { loadReportMetrics } from "./load-report-metrics.server";
import { isReportMonth, periodMonthDate, reportPeriod } from "./report-period";
import { countReportRows, loadRulePacksInForce } from "./report-rows.server";

export type AuditReportRequest = {
  /** "YYYY-MM" */
  month: string;
  /** null: all agencies. */
  agencyId: number | null;
  masked: boolean;
  userId: number | null;
  locale: Locale;
};

/** A stored report as the workbook needs it, with the month ("YYYY-MM") and the language to write it in. */
export type StoredAuditReport = AuditWorkbookReport & { month: string; locale: Locale };

export type RenderedAuditReport = { bytes: Buffer; sha256: string; summary: AuditSummary; rulePacks: AuditSummary["rulePacks"] };

/**
 * Creates the DRAFT (or takes the idle draft of the same month, scope and masking) and queues its generation.
 * `enqueue: false` leaves the running to the caller (the CLI runs it inline with runAuditReportJob).
 */
export async function requestAuditReport(request: AuditReportRequest, options: { enqueue?: boolean } = {}): Promise<{ id: number }> {
  if (!isReportMonth(request.month)) throw new AuditReportError("INVALID_MONTH", `A report month is YYYY-MM, got "${request.month}".`);
  const prisma = getPrisma();
  if (request.agencyId !== null) {
    const agency = await prisma.agency.findUnique({ where: { id: request.agencyId }, select: { id: true } });
    if (!agency) throw new AuditReportError("UNKNOWN_AGENCY", `No agency with id ${request.agencyId}.`);
  }
  const periodMonth = periodMonthDate(request.month);
  const existing = await prisma.auditReport.findFirst({
    where: { periodMonth, agencyId: request.agencyId, masked: request.masked, status: "DRAFT", jobState: { in: ["SUCCEEDED", "FAILED"] } },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  let id: number;
  if (existing) {
    const claimed = await prisma.auditReport.updateMany({
      where: { id: existing.id, status: "DRAFT", jobState: { in: ["SUCCEEDED", "FAILED"] } },
      // The requester is the author from now on, not only once the job has run: the page shows it while queued.
      data: { jobState: "QUEUED", progress: 0, errorMessage: null, generatedById: request.userId },
    });
    id = claimed.count === 1 ? existing.id : (await createRow(request, periodMonth)).id;
  } else {
    id = (await createRow(request, periodMonth)).id;
  }
  if (options.enqueue !== false) await enqueueAuditReportJob({ reportId: id, mode: "draft", locale: request.locale, userId: request.userId });
  return { id };
}

function createRow(request: AuditReportRequest, periodMonth: Date) {
  return getPrisma().auditReport.create({
    data: { periodMonth, agencyId: request.agencyId, masked: request.masked, status: "DRAFT", jobState: "QUEUED", progress: 0, createdById: request.userId, generatedById: request.userId },
    select: { id: true },
  });
}

/** Renders a DRAFT again with today's data. Refused for a FINAL report, and while a generation is under way. */
export async function regenerateAuditReport(input: { reportId: number; userId: number | null; locale: Locale }): Promise<void> {
  const prisma = getPrisma();
  const claimed = await prisma.auditReport.updateMany({
    where: { id: input.reportId, status: "DRAFT", jobState: { in: ["SUCCEEDED", "FAILED"] } },
    data: { jobState: "QUEUED", progress: 0, errorMessage: null, generatedById: input.userId },
  });
  if (claimed.count === 0) {
    const report = await prisma.auditReport.findUnique({ where: { id: input.reportId }, select: { status: true } });
    if (!report) throw new AuditReportError("NOT_FOUND", `No report ${input.reportId}.`);
    if (report.status === "FINAL") throw new AuditReportError("NOT_DRAFT", `Report ${input.reportId} is final and cannot be regenerated.`);
    throw new AuditReportError("NOT_READY", `Report ${input.reportId} is being generated right now.`);
  }
  await enqueueAuditReportJob({ reportId: input.reportId, mode: "draft", locale: input.locale, userId: input.userId });
}

/** Renders the workbook of a report row as it stands (status, sign-off), collecting the bytes and their hash. */
export async function renderAuditReport(
  report: StoredAuditReport,
  options: { onProgress?: (percent: number) => void | Promise<void>; baseUrl?: string } = {},
): Promise<RenderedAuditReport> {
  const timeZone = await getSetting("lender.timeZone");
  const period = reportPeriod(report.month, timeZone);
  const scope = { startUtc: period.startUtc, endUtc: period.endUtc, agencyId: report.scope?.agencyId ?? null, lenderTimeZone: timeZone };
  const [metrics, packs, counts] = await Promise.all([
    loadReportMetrics({ period, agencyId: scope.agencyId, locale: report.locale, now: report.generatedAt }),
    getDefaultPackCode().then((code) => loadRulePacksInForce(scope, code)),
    countReportRows(scope),
  ]);
  const output = new PassThrough();
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => {
    hash.update(chunk);
    chunks.push(chunk);
  });
  const summary = await buildAuditWorkbook(
    {
      report,
      locale: report.locale,
      period,
      baseUrl: options.baseUrl ?? getEnv().PUBLIC_BASE_URL,
      metrics,
      packs,
      expectedRows: counts.violations + counts.complaints,
      onProgress: options.onProgress,
    },
    output,
  );
  return { bytes: Buffer.concat(chunks), sha256: hash.digest("hex"), summary, rulePacks: summary.rulePacks };
}

/** The workbook's view of a stored row. */
export async function workbookReportOf(reportId: number, locale: Locale): Promise<StoredAuditReport | null> {
  const row = await getPrisma().auditReport.findUnique({
    where: { id: reportId },
    include: { agency: { select: { id: true, code: true, name: true } }, generatedBy: { select: { name: true } }, finalizedBy: { select: { name: true } } },
  });
  if (!row) return null;
  return {
    id: row.id,
    month: row.periodMonth.toISOString().slice(0, 7),
    scope: row.agency ? { agencyId: row.agency.id, agencyCode: row.agency.code, agencyName: row.agency.name } : null,
    masked: row.masked,
    status: row.status,
    generatedAt: row.generatedAt ?? new Date(),
    generatedByName: row.generatedBy?.name ?? null,
    finalizedByName: row.finalizedBy?.name ?? null,
    finalizedAt: row.finalizedAt,
    signOffNote: row.signOffNote,
    locale,
  };
}

/** Writes progress at most every half second, so a fast render does not spend its time on UPDATEs. */
function progressWriter(reportId: number, extra?: (percent: number) => void) {
  let lastWrite = 0;
  return async (percent: number) => {
    extra?.(percent);
    const now = Date.now();
    if (now - lastWrite < 500) return;
    lastWrite = now;
    await getPrisma().auditReport.updateMany({ where: { id: reportId, jobState: "RUNNING" }, data: { progress: percent } });
  };
}

/**
 * The job: renders a draft (mode "draft") or the final file of a report being finalised (mode "final"). A final
 * render must have exactly the content of the draft that was signed off (same content digest); if the data changed
 * in between, the sign-off is withdrawn and the draft kept as it was.
 */
export async function runAuditReportJob(job: AuditReportJob, options: { onProgress?: (percent: number) => void; baseUrl?: string } = {}): Promise<void> {
  const prisma = getPrisma();
  const wanted = job.mode === "final" ? "FINAL" : "DRAFT";
  const generatedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const claimed = await prisma.auditReport.updateMany({
    where: { id: job.reportId, status: wanted, jobState: { in: ["QUEUED", "RUNNING"] } },
    data: job.mode === "draft" ? { jobState: "RUNNING", progress: 0, generatedAt, generatedById: job.userId } : { jobState: "RUNNING", progress: 0 },
  });
  // Nothing to do: the row was finalised meanwhile, or another worker already finished it.
  if (claimed.count === 0) return;
  const previous = await prisma.auditReport.findUniqueOrThrow({ where: { id: job.reportId }, select: { summary: true } });
  const draftSummary = parseAuditSummary(previous.summary);
  const locale = job.mode === "final" ? (draftSummary?.locale ?? job.locale) : job.locale;
  try {
    const report = await workbookReportOf(job.reportId, locale);
    if (!report) return;
    const rendered = await renderAuditReport(report, { onProgress: progressWriter(job.reportId, options.onProgress), baseUrl: options.baseUrl });
    if (job.mode === "final" && rendered.summary.contentSha256 !== draftSummary?.contentSha256) {
      await prisma.auditReport.updateMany({
        where: { id: job.reportId, status: "FINAL", jobState: "RUNNING" },
        data: {
          status: "DRAFT",
          finalizedById: null,
          finalizedAt: null,
          signOffNote: null,
          jobState: "SUCCEEDED",
          progress: 100,
          errorMessage: "DATA_CHANGED: the data changed since the draft was generated; regenerate it and review it again.",
        },
      });
      return;
    }
    await prisma.auditReport.updateMany({
      where: { id: job.reportId, status: wanted, jobState: "RUNNING" },
      data: {
        fileBytes: new Uint8Array(rendered.bytes),
        fileSha256: rendered.sha256,
        fileSize: rendered.bytes.length,
        summary: rendered.summary as unknown as Prisma.InputJsonValue,
        rulePacks: rendered.rulePacks as unknown as Prisma.InputJsonValue,
        jobState: "SUCCEEDED",
        progress: 100,
        errorMessage: null,
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[reports] report ${job.reportId} failed:`, error);
    await prisma.auditReport.updateMany({
      where: { id: job.reportId, jobState: "RUNNING" },
      // A failed final render leaves the signed-off draft in place as a draft: nothing final was stored.
      data: job.mode === "final" ? { status: "DRAFT", finalizedById: null, finalizedAt: null, signOffNote: null, jobState: "SUCCEEDED", errorMessage: message.slice(0, 2000) } : { jobState: "FAILED", errorMessage: message.slice(0, 2000) },
    });
    if (job.mode === "draft") throw error;
  }
}

/** The server's worker for the audit-report queue. A failed draft is recorded on its row, not retried blindly. */
export async function startAuditReportWorkers(): Promise<void> {
  await startAuditReportWorker(async (job) => {
    await runAuditReportJob(job).catch(() => undefined);
  });
}
