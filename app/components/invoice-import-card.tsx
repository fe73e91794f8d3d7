import { Link, useFetcher } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import type { MessageKey } from "~/i18n/messages.en";
import type { InvoiceRowError } from "~/money/invoice-import";
import type { RecordedInvoice } from "~/money/invoice-import.server";
import { Alert, Button, Card, Field, inputClassName } from "./ui";

type InvoiceUploadAnswer = { status: "RECORDED"; recorded: RecordedInvoice[] } | { status: "REJECTED"; errors: InvoiceRowError[] } | { status: "FILE_ERROR"; message: string } | { status: "NO_FILE" };

/** The statements page's upload of invoice totals (POST /statements/invoices): what was recorded, or each row in error. */
export function InvoiceImportCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const fetcher = useFetcher<InvoiceUploadAnswer>();
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  return (
    <Card title={t("statements.invoiceImport.title")}>
      <p className="mb-3 text-sm text-slate-600">{t("statements.invoiceImport.hint")}</p>
      <fetcher.Form method="post" action="/statements/invoices" encType="multipart/form-data" className="flex flex-wrap items-end gap-3" data-testid="invoice-import-form">
        <Field label={t("statements.invoiceImport.file")}>
          <input name="file" type="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" className={inputClassName} />
        </Field>
        <Button type="submit" variant="secondary" disabled={fetcher.state !== "idle"}>
          {t("statements.invoiceImport.submit")}
        </Button>
      </fetcher.Form>
      <div className="mt-3 space-y-2" data-testid="invoice-import-result" data-status={answer?.status ?? ""}>
        {answer?.status === "NO_FILE" ? <Alert tone="error">{t("validation.required")}</Alert> : null}
        {answer?.status === "FILE_ERROR" ? <Alert tone="error">{t("statements.invoiceImport.fileError", { reason: answer.message })}</Alert> : null}
        {answer?.status === "REJECTED" ? (
          <>
            <Alert tone="error">{t("statements.invoiceImport.failed", { count: i18n.number(answer.errors.length) })}</Alert>
            <table className="min-w-full text-sm" data-testid="invoice-import-errors">
              <thead>
                <tr className="text-left text-slate-600">
                  <th className="py-1 pr-3">{t("statements.invoiceImport.col.row")}</th>
                  <th className="py-1 pr-3">{t("statements.invoiceImport.col.field")}</th>
                  <th className="py-1">{t("statements.invoiceImport.col.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {answer.errors.map((error, index) => (
                  <tr key={index} className="border-t border-slate-100">
                    <td className="py-1 pr-3 tabular-nums">{error.row ?? t("common.none")}</td>
                    <td className="py-1 pr-3 font-mono text-xs">{error.field ?? t("common.none")}</td>
                    <td className="py-1">{t(error.key as MessageKey, error.params)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        {answer?.status === "RECORDED" ? (
          <>
            <Alert tone="success">{t("statements.invoiceImport.done", { count: i18n.number(answer.recorded.length) })}</Alert>
            <ul className="text-sm" data-testid="invoice-import-recorded">
              {answer.recorded.map((entry) => (
                <li key={entry.statementId}>
                  <Link to={`/statements/${entry.statementId}`} className="text-sky-700 hover:underline">
                    {entry.agencyCode} · {entry.month}
                  </Link>{" "}
                  · {entry.comparison.status === "DIFFERS" ? t("invoiceImport.result.DIFFERS", { difference: entry.comparison.difference }) : t("invoiceImport.result.MATCHES")}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </Card>
  );
}
