import { startAgencyRegisterSchedule } from "../app/agency-register/register-schedule-queue.server";
import { startAuthHousekeeping } from "../app/auth/auth-housekeeping-queue.server";
import { startComplaintsSchedule } from "../app/complaints/complaints-schedule-queue.server";
import { startFindingsSchedule } from "../app/findings/findings-schedule-queue.server";
import { startImportWorkers } from "../app/ingest/pipeline/import-batches.server";
import { startRetentionPurge } from "../app/retention/purge-retention-queue.server";
import { startAuditReportWorkers } from "../app/reports/generate-audit-report.server";
import { startNotificationEmailWorkers } from "../app/notifications/notification-email-queue.server";
import { startRuleEvaluationWorkers } from "../app/rules/rule-evaluation-runs.server";

/**
 * Makes this process a worker for every pg-boss queue, and picks up what a dead worker left: imports (a batch its
 * worker died on twice is failed), rule re-evaluation runs and report renders; it also sends notification e-mail
 * and daily digests, sends the agency register's expiry reminders and purges what is past its retention. Only worker processes call this (server/worker.ts): the web server never runs a job (ADR 012).
 */
export async function startWorkers(): Promise<void> {
  await startImportWorkers();
  await startAuditReportWorkers();
  await startRuleEvaluationWorkers();
  await startAuthHousekeeping();
  await startNotificationEmailWorkers();
  await startFindingsSchedule();
  await startAgencyRegisterSchedule();
  await startComplaintsSchedule();
  await startRetentionPurge();
}
