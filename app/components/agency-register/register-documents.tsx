import { useFetcher } from "@remix-run/react";
import type { AgencyRegister } from "~/agency-register/register.server";
import { documentTypes } from "~/agency-register/register-rules";
import { Alert, Badge, Button, Card, Field, SimpleTable, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { useDocumentTypeLabel } from "./action-required";
import { useRegisterFailureText, type RegisterFormFailure } from "./register-failure";
import { ExpiryNote } from "./register-licences";

type UploadAnswer = { ok: true; document: { version: number } } | RegisterFormFailure;

/** Every version of every document (current first within its type), each a logged download; the upload form. */
export function RegisterDocuments({ register, canManage }: { register: AgencyRegister; canManage: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const label = useDocumentTypeLabel();
  const fetcher = useFetcher<UploadAnswer>();
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const failureText = useRegisterFailureText(answer && !answer.ok ? answer : null);
  const base = `/agencies/${encodeURIComponent(register.agency.code)}/register/documents`;
  return (
    <Card title={t("register.documents")}>
      {register.documents.length === 0 ? (
        <p className="text-sm text-slate-600">{t("register.documents.none")}</p>
      ) : (
        <div data-testid="register-documents">
          <SimpleTable
            rowKey={(row) => row.id}
            rows={register.documents}
            columns={[
              {
                header: t("register.documents.type"),
                cell: (row) => (
                  <span className={row.current ? "" : "pl-4 text-slate-500"}>
                    {row.current ? label(row.type) : t("register.documents.older")}
                    {row.current && register.requiredTypes.includes(row.type) ? (
                      <span className="ml-2">
                        <Badge>{t("register.documents.required")}</Badge>
                      </span>
                    ) : null}
                  </span>
                ),
              },
              { header: t("register.documents.version"), cell: (row) => `v${row.version}` },
              {
                header: t("register.documents.file"),
                cell: (row) => (
                  <a href={`${base}/${row.id}`} className="text-brand-600 hover:underline" download>
                    {row.fileName}
                  </a>
                ),
              },
              { header: t("register.documents.validFrom"), cell: (row) => (row.validFrom ? i18n.date(row.validFrom) : t("common.none")) },
              {
                header: t("register.documents.expiresOn"),
                cell: (row) => (
                  <span className="flex items-center gap-2">
                    {row.expiresOn ? i18n.date(row.expiresOn) : t("approved.noExpiry")} {row.current ? <ExpiryNote expiresOn={row.expiresOn} today={register.today} /> : null}
                  </span>
                ),
              },
              { header: t("register.documents.uploaded"), cell: (row) => `${i18n.dateTime(row.createdAt)}${row.uploadedBy ? ` · ${row.uploadedBy}` : ""}` },
              { header: t("register.documents.note"), cell: (row) => row.note },
            ]}
          />
        </div>
      )}
      {canManage ? (
        <fetcher.Form method="post" action={base} encType="multipart/form-data" className="mt-4 space-y-3 border-t border-slate-100 pt-4">
          <h3 className="text-sm font-medium text-slate-800">{t("register.documents.upload")}</h3>
          <p className="text-xs text-slate-500">{t("register.documents.uploadHint")}</p>
          {answer?.ok ? <Alert tone="success">{t("register.uploaded", { version: answer.document.version })}</Alert> : null}
          {failureText ? <Alert tone="error">{failureText}</Alert> : null}
          <div className="grid gap-3 md:grid-cols-2">
            <Field label={t("register.documents.type")}>
              <select name="type" className={inputClassName}>
                {documentTypes.map((type) => (
                  <option key={type} value={type}>
                    {label(type)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("register.documents.file")}>
              <input name="file" type="file" required className={inputClassName} />
            </Field>
            <Field label={t("register.documents.validFrom")}>
              <input name="validFrom" type="date" className={inputClassName} />
            </Field>
            <Field label={t("register.documents.expiresOn")}>
              <input name="expiresOn" type="date" className={inputClassName} />
            </Field>
            <Field label={t("register.documents.note")}>
              <input name="note" maxLength={500} className={inputClassName} />
            </Field>
          </div>
          <Button type="submit" disabled={fetcher.state !== "idle"}>
            {t("register.documents.upload")}
          </Button>
        </fetcher.Form>
      ) : null}
    </Card>
  );
}
