import { Form } from "@remix-run/react";
import type { AgencyRegister } from "~/agency-register/register.server";
import { agencyStatuses, type AgencyStatusCode } from "~/agency-register/register-rules";
import { Alert, Badge, Button, Card, Field, SimpleTable, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { RegisterFailureAlert, type RegisterFormFailure } from "./register-failure";

const statusTone = { APPROVED: "good", PROBATION: "warn", SUSPENDED: "bad", TERMINATED: "bad" } as const;

export function StatusBadge({ status }: { status: AgencyStatusCode }) {
  const { t } = useI18n();
  return (
    <span data-testid="agency-status">
      <Badge tone={statusTone[status]}>{t(`register.status.${status}`)}</Badge>
    </span>
  );
}

/** The status, what it means for placements, the form that changes it (with a reason) and the history. */
export function RegisterStatus({ register, canManage, failure, done }: { register: AgencyRegister; canManage: boolean; failure: RegisterFormFailure | null; done: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const status = register.agency.status;
  return (
    <Card title={t("register.statusCard")}>
      <div className="mb-4 flex flex-wrap items-center gap-3 text-sm">
        <StatusBadge status={status} />
        {status === "APPROVED" ? null : <span className="text-slate-700">{t(`register.statusEffect.${status}`)}</span>}
      </div>
      {done ? <Alert tone="success">{t("register.statusChanged")}</Alert> : null}
      {canManage ? (
        <Form method="post" className="mb-4 grid gap-3 md:grid-cols-[12rem_1fr_auto] md:items-end">
          <input type="hidden" name="intent" value="status" />
          <Field label={t("register.statusChange")}>
            <select name="status" defaultValue={status} className={inputClassName}>
              {agencyStatuses.map((code) => (
                <option key={code} value={code}>
                  {t(`register.status.${code}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("register.statusReason")}>
            <input name="reason" required minLength={3} maxLength={1000} className={inputClassName} />
          </Field>
          <Button type="submit">{t("common.save")}</Button>
          <div className="md:col-span-3">
            <RegisterFailureAlert failure={failure} fields={["status", "reason"]} />
          </div>
        </Form>
      ) : null}
      {register.statusHistory.length === 0 ? (
        <p className="text-sm text-slate-600">{t("register.statusHistory.none")}</p>
      ) : (
        <SimpleTable
          rowKey={(row) => row.id}
          rows={register.statusHistory}
          columns={[
            { header: t("register.statusHistory.when"), cell: (row) => i18n.dateTime(row.createdAt) },
            { header: t("register.statusHistory.from"), cell: (row) => (row.fromStatus ? t(`register.status.${row.fromStatus}`) : t("common.none")) },
            { header: t("register.statusHistory.to"), cell: (row) => t(`register.status.${row.toStatus}`) },
            { header: t("register.statusReason"), cell: (row) => row.reason },
            { header: t("register.statusHistory.by"), cell: (row) => row.changedBy ?? t("common.none") },
          ]}
        />
      )}
    </Card>
  );
}
