import { Form } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import type { AuditReportDetail } from "~/reports/list-audit-reports.server";
import { Button, Card, Field, inputClassName } from "./ui";

/** Who generated and finalised a report, when, its file's size and SHA-256. */
export function ReportFacts({ report }: { report: AuditReportDetail }) {
  const i18n = useI18n();
  const { t } = i18n;
  const facts: [string, string, string?][] = [
    [t("reports.detail.generatedBy"), report.generatedByName ?? t("reports.summary.system")],
    [t("reports.detail.generatedAt"), i18n.dateTime(report.generatedAt)],
    [t("reports.detail.personalData"), report.masked ? t("reports.detail.masked") : t("reports.detail.unmasked")],
    [t("reports.detail.fileSize"), report.fileSize === null ? t("common.none") : `${i18n.number(report.fileSize / 1024, 1)} KB`],
  ];
  if (report.status === "FINAL") {
    facts.push([t("reports.detail.finalizedBy"), report.finalizedByName ?? t("common.none"), "report-finalized-by"]);
    facts.push([t("reports.detail.finalizedAt"), i18n.dateTime(report.finalizedAt)]);
    facts.push([t("reports.detail.signOffNote"), report.signOffNote ?? "", "report-sign-off-note"]);
  }
  return (
    <Card>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {facts.map(([label, value, testId]) => (
          <div key={label}>
            <dt className="text-slate-500">{label}</dt>
            <dd className="whitespace-pre-wrap font-medium text-slate-900" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
        <div className="sm:col-span-2">
          <dt className="text-slate-500">{t("reports.detail.sha256")}</dt>
          <dd className="break-all font-mono text-xs text-slate-900" data-testid="report-sha256">
            {report.fileSha256 ?? t("common.none")}
          </dd>
        </div>
      </dl>
    </Card>
  );
}

/** Sign-off: a required note; the hash of the reviewed draft goes with it so a newer draft is not signed blindly. */
export function ReportFinalizeForm({ sha256, busy }: { sha256: string; busy: boolean }) {
  const { t } = useI18n();
  return (
    <Card title={t("reports.finalize.title")}>
      <p className="mb-3 text-sm text-slate-600">{t("reports.finalize.hint")}</p>
      <Form method="post" className="space-y-3" data-testid="finalize-form">
        <input type="hidden" name="intent" value="finalize" />
        <input type="hidden" name="sha256" value={sha256} />
        <Field label={t("reports.finalize.note")}>
          <textarea name="note" required maxLength={2000} rows={3} className={inputClassName} />
        </Field>
        <Button type="submit" disabled={busy} data-testid="finalize-report">
          {t("reports.finalize.submit")}
        </Button>
      </Form>
    </Card>
  );
}
