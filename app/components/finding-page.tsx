import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { FactsList } from "./facts-list";
import { useState } from "react";
import { findingRefusalText, type FindingRefusalData } from "~/findings/finding-refusal";
import type { FindingDetail, FindingMeasurement } from "~/findings/finding-types";
import { useI18n } from "~/i18n/i18n-context";
import { getMessages } from "~/i18n/translate";
import { FindingStatusBadges } from "./finding-badges";
import { Alert, Button, Card, Field, PageHeader, SimpleTable, inputClassName } from "./ui";

export { FindingContests, FindingEvidence } from "./finding-evidence";

/** A refused action in the reader's language (reason, field, detail); never the domain's English sentence. */
export function FindingRefusal({ failure, testId }: { failure: FindingRefusalData; testId?: string }) {
  const { locale } = useI18n();
  return <span data-testid={testId}>{findingRefusalText(failure, getMessages(locale))}</span>;
}

type Props = { finding: FindingDetail };


export function FindingHeader({ finding }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="space-y-3" data-testid="finding-header">
      <PageHeader title={`#${finding.id} ${finding.title}`} subtitle={i18n.tEnum("findings.origin", finding.origin)} />
      <FindingStatusBadges status={finding.status} overdue={finding.overdue} repeatOfId={finding.repeatOfId} />
      <FactsList
        items={[
          [t("findings.list.agency"), `${finding.agencyCode} · ${finding.agencyName}`],
          [t("findings.page.agent"), finding.agentExternalId ?? t("common.none")],
          [t("findings.col.period"), `${i18n.date(finding.periodFrom)} – ${i18n.date(finding.periodTo)}`],
          [t("findings.col.rules"), [...finding.ruleCodes, ...finding.complaintCategories].join(", ") || t("common.none")],
          [t("findings.col.severity"), i18n.tEnum("severity", finding.severity)],
          [t("findings.list.status"), i18n.tEnum("findings.status", finding.status)],
          [t("findings.col.due"), i18n.date(finding.responseDueOn)],
          [t("findings.repeat"), finding.repeatOf ? <a href={`/findings/${finding.repeatOf.id}`} className="text-brand-600 hover:underline">{t("findings.repeatOf", { id: finding.repeatOf.id })}</a> : t("common.none")],
        ]}
      />
      {finding.escalationReason ? <Alert tone="error">{i18n.tEnum("findings.escalationReason", finding.escalationReason)}</Alert> : null}
      {finding.description ? <p className="text-sm whitespace-pre-line text-slate-700">{finding.description}</p> : null}
    </div>
  );
}

export function FindingResponses({ finding }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Card title={t("findings.page.responses")}>
      {finding.responses.length === 0 ? <p className="text-sm text-slate-600">{t("findings.page.noResponse")}</p> : null}
      <div className="space-y-4" data-testid="finding-responses">
        {finding.responses.map((response) => (
          <div key={response.id} className="rounded-md border border-slate-200 p-3 text-sm">
            <p className="font-medium">
              {i18n.tEnum("findings.response", response.kind)} · {response.userName ?? "API"} · {i18n.dateTime(response.createdAt)}
              {response.late ? ` · ${t("findings.response.late")}` : ""}
            </p>
            <p className="mt-1 whitespace-pre-line text-slate-700">{response.explanation}</p>
            {response.decision ? (
              <p className="mt-1 text-slate-600">
                {t(response.decision === "ACCEPTED" ? "findings.page.planAccepted" : "findings.page.planRejected")}
                {response.decisionNote ? `: ${response.decisionNote}` : ""}
              </p>
            ) : null}
            {response.actions.length > 0 ? (
              <div className="mt-2">
                <SimpleTable
                  rows={response.actions}
                  rowKey={(action) => action.id}
                  columns={[
                    { header: t("findings.page.action"), cell: (action) => action.description },
                    { header: t("findings.page.owner"), cell: (action) => action.owner },
                    { header: t("findings.page.actionDue"), cell: (action) => i18n.date(action.dueOn) },
                    { header: t("findings.page.actionStatus"), cell: (action) => (action.doneAt ? t("findings.page.done", { at: i18n.dateTime(action.doneAt) }) : action.overdue ? t("findings.overdue") : t("findings.page.open")) },
                  ]}
                />
              </div>
            ) : null}
          </div>
        ))}
      </div>
    </Card>
  );
}

function MeasurementLine({ label, measurement, testId }: { label: string; measurement: FindingMeasurement; testId: string }) {
  const i18n = useI18n();
  return (
    <p className="text-sm" data-testid={testId} data-violations={measurement.violations} data-contacts={measurement.outboundContacts} data-per1000={measurement.per1000Contacts ?? ""} data-from={measurement.from} data-to={measurement.to}>
      <span className="text-slate-600">{label}: </span>
      <span className="font-medium tabular-nums">
        {i18n.number(measurement.violations)} / {i18n.number(measurement.outboundContacts)} · {measurement.per1000Contacts === null ? i18n.t("common.none") : i18n.number(measurement.per1000Contacts, 2)} ‰
      </span>
    </p>
  );
}

export function FindingVerificationCard({ finding }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const verification = finding.verification;
  return (
    <Card title={t("findings.page.verification")}>
      {verification ? (
        <div className="space-y-1" data-testid="finding-verification">
          <MeasurementLine label={t("findings.page.before", { from: i18n.date(verification.before.from), to: i18n.date(verification.before.to) })} measurement={verification.before} testId="verification-before" />
          {verification.after ? <MeasurementLine label={t("findings.page.after", { from: i18n.date(verification.window.from), to: i18n.date(verification.after.to) })} measurement={verification.after} testId="verification-after" /> : null}
          <p className="text-sm font-medium" data-testid="verification-outcome" data-outcome={verification.outcome}>
            {i18n.tEnum("findings.verification", verification.outcome)}
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-600">{t("findings.page.notVerified")}</p>
      )}
    </Card>
  );
}

/** An "edit" event's changes, by field label (values are in the event's detail: title, severity, due day…). */
function EditedFields({ detail }: { detail: unknown }) {
  const { t, tEnum } = useI18n();
  const changes = (detail as { changes?: Record<string, unknown> } | null)?.changes;
  if (!changes || Object.keys(changes).length === 0) return null;
  return <span className="block text-slate-700">{t("findings.history.changed", { fields: Object.keys(changes).map((field) => tEnum("findings.field", field)).join(", ") })}</span>;
}

export function FindingHistory({ finding }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Card title={t("findings.page.history")}>
      <ol className="space-y-2 text-sm" data-testid="finding-history">
        {finding.events.map((event) => (
          <li key={event.id}>
            <span className="text-slate-500">{i18n.dateTime(event.createdAt)}</span> · <span className="font-medium">{i18n.tEnum("findings.transition", event.action)}</span>
            {event.fromStatus ? ` (${i18n.tEnum("findings.status", event.fromStatus)} → ${i18n.tEnum("findings.status", event.toStatus)})` : ""} · {event.userName ?? t("findings.page.system")}
            {event.action === "edit" ? <EditedFields detail={event.detail} /> : null}
            {event.note ? <span className="block whitespace-pre-line text-slate-700">{event.note}</span> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}

/** The app's file picker (the input hidden, a labelled button and the chosen file's name), as on the Imports page. */
function AttachmentPicker() {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <label className="flex cursor-pointer flex-wrap items-center gap-3 rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-2 text-sm hover:border-brand-600" data-testid="attachment-picker">
      <span className="rounded-md border border-slate-300 bg-white px-3 py-1 font-medium text-brand-600 shadow-sm">{t("findings.attach.choose")}</span>
      <span className={chosen ? "font-medium text-slate-900" : "text-slate-500"} data-testid="attachment-chosen">
        {chosen ?? t("findings.attach.none")}
      </span>
      <span className="text-xs text-slate-500">{t("findings.attach.formats")}</span>
      <input type="file" name="file" required aria-label={t("findings.page.upload")} className="sr-only" onChange={(event) => setChosen(event.target.files?.[0]?.name ?? null)} />
    </label>
  );
}

export function FindingAttachments({ finding }: Props) {
  const { t, number, dateTime } = useI18n();
  const fetcher = useFetcher<{ ok: true } | ({ ok: false } & FindingRefusalData)>();
  return (
    <Card title={t("findings.page.attachments")}>
      {finding.attachments.length === 0 ? <p className="text-sm text-slate-600">{t("findings.page.noAttachments")}</p> : null}
      <ul className="space-y-1 text-sm" data-testid="finding-attachments">
        {finding.attachments.map((file) => (
          <li key={file.id}>
            <a href={`/findings/${finding.id}/attachments/${file.id}`} className="text-brand-600 hover:underline">
              {file.fileName}
            </a>{" "}
            · {number(Math.ceil(file.size / 1024))} KB · {file.uploadedBy ?? t("findings.page.system")} · {dateTime(file.createdAt)}
          </li>
        ))}
      </ul>
      {finding.can.operations.includes("attach") ? (
        <fetcher.Form method="post" action={`/findings/${finding.id}/attachments`} encType="multipart/form-data" className="mt-3 flex flex-wrap items-center gap-2">
          <AttachmentPicker />
          <Button type="submit" variant="secondary" disabled={fetcher.state !== "idle"}>
            {t("findings.page.upload")}
          </Button>
          {fetcher.data ? (
            <span className={`text-sm ${fetcher.data.ok ? "text-emerald-700" : "text-red-700"}`} data-testid="attachment-result">
              {fetcher.data.ok ? t("findings.page.uploaded") : <FindingRefusal failure={fetcher.data} />}
            </span>
          ) : null}
        </fetcher.Form>
      ) : null}
    </Card>
  );
}

/** Compliance edits a draft's title, description, severity and response due day (each change logged). */
export function FindingDraftEditor({ finding }: Props) {
  const { t, tEnum } = useI18n();
  const busy = useNavigation().state !== "idle";
  if (!finding.can.operations.includes("edit")) return null;
  return (
    <Card title={t("findings.edit.title")}>
      <Form method="post" className="grid gap-3 md:grid-cols-2" data-testid="draft-editor">
        <p className="text-sm text-slate-600 md:col-span-2">{t("findings.edit.hint")}</p>
        <div className="md:col-span-2">
          <Field label={t("findings.field.title")}>
            <input name="title" required maxLength={200} defaultValue={finding.title} className={inputClassName} />
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field label={t("findings.field.description")}>
            <textarea name="description" maxLength={4000} rows={3} defaultValue={finding.description} className={inputClassName} />
          </Field>
        </div>
        <Field label={t("findings.field.severity")}>
          <select name="severity" defaultValue={finding.severity} className={inputClassName}>
            {(["LOW", "MEDIUM", "HIGH"] as const).map((severity) => (
              <option key={severity} value={severity}>
                {tEnum("severity", severity)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("findings.field.responseDueOn")} hint={t("findings.edit.dueHint")}>
          <input type="date" name="responseDueOn" defaultValue={finding.responseDueOn ?? ""} className={inputClassName} />
        </Field>
        <div className="md:col-span-2">
          <Button type="submit" name="intent" value="edit" disabled={busy} data-testid="finding-edit">
            {t("findings.edit.save")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function NoteField({ required = false }: { required?: boolean }) {
  const { t } = useI18n();
  return (
    <Field label={t("findings.form.note")}>
      <textarea name="note" required={required} maxLength={2000} rows={2} className={inputClassName} />
    </Field>
  );
}

function DueField() {
  const { t } = useI18n();
  return (
    <Field label={t("findings.form.dueOn")} hint={t("findings.form.dueOnHint")}>
      <input type="date" name="responseDueOn" className={inputClassName} />
    </Field>
  );
}

/** One form per action the life cycle allows the viewer now; the domain checks again when it is sent. */
export function FindingActionForms({ finding }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const busy = useNavigation().state !== "idle";
  const transitions = finding.can.transitions;
  const latest = finding.responses[finding.responses.length - 1];
  const openActions = finding.can.operations.includes("markActionDone") ? finding.plan.filter((action) => action.status === "OPEN") : [];
  const submit = (intent: string, label?: string) => (
    <Button type="submit" name="intent" value={intent} disabled={busy} data-testid={`finding-${intent}`}>
      {label ?? i18n.tEnum("findings.transition", intent)}
    </Button>
  );
  const simple = (intent: "startVerification" | "escalate" | "close" | "reopen", noteRequired: boolean, withDue = false) =>
    transitions.includes(intent) ? (
      <Form method="post" className="space-y-2 rounded-md border border-slate-200 p-3" key={intent}>
        <NoteField required={noteRequired} />
        {withDue ? <DueField /> : null}
        {submit(intent)}
      </Form>
    ) : null;
  const nothing = transitions.length === 0 && openActions.length === 0;
  return (
    <Card title={t("findings.page.actions")}>
      {nothing ? <p className="text-sm text-slate-600">{t("findings.page.nothingToDo")}</p> : null}
      <div className="grid gap-3 lg:grid-cols-2" data-testid="finding-action-forms">
        {transitions.includes("issue") ? (
          <Form method="post" className="space-y-2 rounded-md border border-slate-200 p-3">
            <DueField />
            <NoteField />
            {submit("issue")}
          </Form>
        ) : null}
        {transitions.includes("respond") ? (
          <Form method="post" className="space-y-2 rounded-md border border-slate-200 p-3 lg:col-span-2" data-testid="respond-form">
            <Field label={t("findings.form.kind")}>
              <select name="kind" className={inputClassName}>
                <option value="ACCEPTED">{t("findings.response.ACCEPTED")}</option>
                <option value="DISPUTED">{t("findings.response.DISPUTED")}</option>
              </select>
            </Field>
            <Field label={t("findings.form.explanation")}>
              <textarea name="explanation" required maxLength={4000} rows={3} className={inputClassName} />
            </Field>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">{t("findings.form.planActions")}</legend>
              {[0, 1, 2].map((index) => (
                <div key={index} className="grid gap-2 md:grid-cols-3">
                  <input name={`actions.${index}.description`} placeholder={t("findings.form.actionDescription", { n: index + 1 })} aria-label={t("findings.form.actionDescription", { n: index + 1 })} className={inputClassName} />
                  <input name={`actions.${index}.owner`} placeholder={t("findings.page.owner")} aria-label={`${t("findings.page.owner")} ${index + 1}`} className={inputClassName} />
                  <input name={`actions.${index}.dueOn`} type="date" aria-label={`${t("findings.page.actionDue")} ${index + 1}`} className={inputClassName} />
                </div>
              ))}
            </fieldset>
            {submit("respond")}
          </Form>
        ) : null}
        {latest && (transitions.includes("acceptPlan") || transitions.includes("rejectPlan")) ? (
          <Form method="post" className="space-y-2 rounded-md border border-slate-200 p-3">
            <input type="hidden" name="responseId" value={latest.id} />
            <NoteField />
            <DueField />
            <div className="flex gap-2">
              {transitions.includes("acceptPlan") ? submit("acceptPlan") : null}
              {transitions.includes("rejectPlan") ? submit("rejectPlan") : null}
            </div>
          </Form>
        ) : null}
        {openActions.map((action) => (
          <Form method="post" key={action.id} className="space-y-2 rounded-md border border-slate-200 p-3">
            <input type="hidden" name="actionId" value={action.id} />
            <p className="text-sm font-medium">
              {action.description} · {action.owner} · {i18n.date(action.dueOn)}
            </p>
            <NoteField />
            {submit("markActionDone", t("findings.form.markDone"))}
          </Form>
        ))}
        {simple("startVerification", false)}
        {simple("escalate", true)}
        {simple("close", true)}
        {simple("reopen", true, true)}
      </div>
    </Card>
  );
}
