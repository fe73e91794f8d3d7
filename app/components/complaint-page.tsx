import { Form, Link } from "@remix-run/react";
import { FactsList } from "./facts-list";
import type { ReactNode } from "react";
import type { ComplaintDetail } from "~/complaints/complaint-queries.server";
import { defaultRootCauses } from "~/complaints/complaint-settings";
import { useI18n } from "~/i18n/i18n-context";
import { corroborationTone } from "./complaints-grid";
import { Badge, Button, Card, Field, PageHeader, SimpleTable, inputClassName } from "./ui";

type Props = { complaint: ComplaintDetail };


/** A root cause as shown: the default codes translated, those compliance added as written. */
export function useRootCauseLabel() {
  const { tEnum } = useI18n();
  return (value: string | null) => (value && (defaultRootCauses as readonly string[]).includes(value) ? tEnum("complaintRootCause", value) : (value ?? "—"));
}

export function ComplaintHeader({ complaint }: Props) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  return (
    <div className="space-y-4">
      <PageHeader title={`${complaint.complaintRef} · ${complaint.category}`} subtitle={t("complaints.title")} />
      <div className="flex flex-wrap gap-2" data-testid="complaint-status">
        <Badge tone={complaint.status === "CLOSED" ? "neutral" : "warn"}>{tEnum("complaintStatus", complaint.status)}</Badge>
        {complaint.outcome ? <Badge tone={complaint.outcome === "NOT_UPHELD" ? "neutral" : "bad"}>{tEnum("complaintOutcome", complaint.outcome)}</Badge> : null}
        <Badge tone={corroborationTone(complaint.corroboration)}>{complaint.corroboration ? tEnum("complaintCorroboration", complaint.corroboration) : t("complaintCorroboration.none")}</Badge>
        {complaint.overdue ? <Badge tone="bad">{t("complaintWork.overdue")}</Badge> : null}
        {complaint.escalatedAt ? <Badge tone="bad">{t("complaintWork.escalated")}</Badge> : null}
      </div>
      <Card>
        <FactsList
          items={[
            [t("complaints.receivedAt"), i18n.dateTime(complaint.receivedAt, complaint.timeZone ?? undefined)],
            [t("complaints.source"), tEnum("complaintSource", complaint.source)],
            [t("complaints.severity"), tEnum("severity", complaint.severity)],
            [t("common.agency"), complaint.agencyCode ? <Link to={`/agencies/${complaint.agencyCode}`} className="text-brand-600 hover:underline">{complaint.agencyCode}</Link> : t("common.none")],
            [t("complaints.account"), complaint.accountNumber ? <Link to={`/cases/${encodeURIComponent(complaint.accountNumber)}`} className="font-mono text-brand-600 hover:underline">{complaint.accountNumber}</Link> : t("common.none")],
            [t("complaints.agent"), complaint.agentExternalId ?? t("common.none")],
            [t("complaints.form.phoneNumber"), complaint.phoneNumber ?? t("common.none")],
            [t("complaintWork.assignee"), complaint.assignedTo?.name ?? t("complaintWork.unassigned")],
          ]}
        />
        {complaint.description ? <p className="mt-3 whitespace-pre-line text-sm text-slate-700">{complaint.description}</p> : null}
      </Card>
    </div>
  );
}

export function ComplaintCorroborationCard({ complaint }: Props) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  const detail = complaint.corroborationDetail;
  return (
    <Card title={t("complaintWork.corroboration")}>
      <div className="space-y-3 text-sm" data-testid="complaint-corroboration" data-status={complaint.corroboration ?? ""}>
        {complaint.corroboration ? (
          <p>
            {t(`complaintWork.corroboration.explain.${complaint.corroboration}`)} {detail?.reason ? tEnum("complaintWork.corroboration.reason", detail.reason) : null}
          </p>
        ) : (
          <p>{t("complaintCorroboration.none")}</p>
        )}
        {detail && detail.ruleCodes.length > 0 ? (
          <FactsList
            items={[
              [t("complaintWork.corroboration.rules"), detail.ruleCodes.join(", ")],
              [t("complaintWork.corroboration.window"), detail.window ? `${i18n.dateTime(detail.window.from, complaint.timeZone ?? undefined)} – ${i18n.dateTime(detail.window.to, complaint.timeZone ?? undefined)}` : "—"],
              [t("complaintWork.corroboration.checkedAt"), i18n.dateTime(complaint.corroboratedAt)],
            ]}
          />
        ) : null}
        {complaint.events.length > 0 ? (
          <div className="space-y-2">
            <h3 className="font-medium text-slate-700">{t("complaintWork.corroboration.events", { count: i18n.number(detail?.eventCount ?? complaint.events.length) })}</h3>
            <SimpleTable
              rowKey={(event) => event.id}
              rows={complaint.events}
              columns={[
                { header: t("complaints.receivedAt"), cell: (event) => i18n.dateTime(event.occurredAt, complaint.timeZone ?? undefined) },
                { header: t("cases.event.type"), cell: (event) => tEnum("activityType", event.type) },
                { header: t("cases.event.outcome"), cell: (event) => tEnum("outcome", event.outcome) },
                { header: t("complaints.agent"), cell: (event) => event.agentExternalId ?? "—" },
                { header: t("complaints.form.phoneNumber"), cell: (event) => event.phoneNumber ?? "—" },
              ]}
            />
          </div>
        ) : null}
        {complaint.can.operations.includes("corroborate") ? (
          <Form method="post">
            <input type="hidden" name="intent" value="corroborate" />
            <Button type="submit" variant="secondary">
              {t("complaintWork.corroboration.recheck")}
            </Button>
          </Form>
        ) : null}
      </div>
    </Card>
  );
}

export function ComplaintLinks({ complaint }: Props) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title={t("complaintWork.violations")}>
        {complaint.violations.length === 0 ? (
          <p className="text-sm text-slate-500">{t("complaintWork.violations.none")}</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="complaint-violations">
            {complaint.violations.map((violation) => (
              <li key={violation.id}>
                <Link to={`/violations?rule=${violation.ruleCode}&agency=${complaint.agencyCode ?? ""}`} className="text-brand-600 hover:underline">
                  #{violation.id} {violation.ruleCode}
                </Link>{" "}
                <span className="text-slate-500">
                  {violation.occurredAt ? i18n.dateTime(violation.occurredAt, complaint.timeZone ?? undefined) : ""} · {tEnum("complaintWork.violations.linkedBy", violation.linkedBy)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {complaint.can.operations.includes("linkViolation") ? (
          <Form method="post" className="mt-3 flex items-end gap-2">
            <input type="hidden" name="intent" value="linkViolation" />
            <Field label={t("complaintWork.violations.id")}>
              <input name="violationId" inputMode="numeric" className={inputClassName} required />
            </Field>
            <Button type="submit" variant="secondary">
              {t("complaintWork.violations.link")}
            </Button>
          </Form>
        ) : null}
      </Card>
      <Card title={t("complaintWork.findings")}>
        {complaint.findings.length === 0 ? (
          <p className="text-sm text-slate-500">{t("complaintWork.findings.none")}</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="complaint-findings">
            {complaint.findings.map((finding) => (
              <li key={finding.id}>
                <Link to={`/findings/${finding.id}`} className="text-brand-600 hover:underline">
                  #{finding.id} {finding.title}
                </Link>{" "}
                <span className="text-slate-500">{tEnum("findings.status", finding.status)}</span>
              </li>
            ))}
          </ul>
        )}
        {complaint.can.operations.includes("raiseFinding") && complaint.agencyId !== null ? (
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="raiseFinding" />
            <Button type="submit" data-testid="raise-finding">
              {t("complaintWork.findings.raise")}
            </Button>
          </Form>
        ) : null}
      </Card>
    </div>
  );
}

function NoteField({ name = "note", label, required = false }: { name?: string; label: string; required?: boolean }) {
  return (
    <Field label={label}>
      <textarea name={name} rows={3} maxLength={4000} required={required} className={inputClassName} />
    </Field>
  );
}

export function ComplaintWork({ complaint }: Props) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  const rootCauseLabel = useRootCauseLabel();
  const transitions = complaint.can.transitions;
  const officers = (
    <Field label={t("complaintWork.assignee")}>
      <select name="assigneeId" className={inputClassName} required defaultValue={complaint.assignedTo?.id ?? ""}>
        <option value="" disabled>
          —
        </option>
        {complaint.officers.map((officer) => (
          <option key={officer.id} value={officer.id}>
            {officer.name}
          </option>
        ))}
      </select>
    </Field>
  );
  const form = (intent: string, title: string, children: ReactNode, testId?: string) => (
    <Form method="post" className="space-y-2 rounded-md border border-slate-200 p-3" key={intent} data-testid={testId}>
      <input type="hidden" name="intent" value={intent} />
      <h3 className="text-sm font-medium text-slate-700">{title}</h3>
      {children}
      <Button type="submit">{title}</Button>
    </Form>
  );
  return (
    <Card title={t("complaintWork.work")}>
      <div className="space-y-4">
        <FactsList
          items={[
            [t("complaintWork.dueOn"), complaint.responseDueOn ? i18n.date(complaint.responseDueOn) : "—"],
            [t("complaintWork.outcome"), complaint.outcome ? tEnum("complaintOutcome", complaint.outcome) : "—"],
            [t("complaintWork.rootCause"), rootCauseLabel(complaint.rootCause)],
            [t("complaintWork.resolution"), complaint.resolution ?? "—"],
          ]}
        />
        {complaint.agencyResponse ? (
          <div className="rounded-md bg-slate-50 p-3 text-sm">
            <div className="font-medium text-slate-700">
              {t("complaintWork.agencyResponse")} · {i18n.dateTime(complaint.respondedAt)}
            </div>
            <p className="mt-1 whitespace-pre-line text-slate-700" data-testid="agency-response">
              {complaint.agencyResponse}
            </p>
          </div>
        ) : null}
        <div className="grid gap-3 lg:grid-cols-2">
          {transitions.includes("investigate")
            ? form(
                "investigate",
                t("complaintWork.form.investigate"),
                <>
                  {officers}
                  <Field label={t("complaintWork.dueOn")} hint={t("complaintWork.form.dueHint", { days: complaint.replyDueDays })}>
                    <input type="date" name="responseDueOn" className={inputClassName} />
                  </Field>
                  <NoteField label={t("complaintWork.note")} />
                </>,
                "complaint-investigate",
              )
            : null}
          {complaint.can.operations.includes("reassign") ? form("reassign", t("complaintWork.form.reassign"), <>{officers}</>) : null}
          {transitions.includes("respond") ? form("respond", t("complaintWork.form.respond"), <NoteField name="response" label={t("complaintWork.form.response")} required />, "complaint-respond") : null}
          {transitions.includes("close")
            ? form(
                "close",
                t("complaintWork.form.close"),
                <>
                  <Field label={t("complaintWork.outcome")}>
                    <select name="outcome" className={inputClassName} required defaultValue="">
                      <option value="" disabled>
                        —
                      </option>
                      {(["UPHELD", "PARTLY_UPHELD", "NOT_UPHELD"] as const).map((outcome) => (
                        <option key={outcome} value={outcome}>
                          {tEnum("complaintOutcome", outcome)}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field label={t("complaintWork.rootCause")}>
                    <select name="rootCause" className={inputClassName} required defaultValue="">
                      <option value="" disabled>
                        —
                      </option>
                      {complaint.rootCauses.map((cause) => (
                        <option key={cause} value={cause}>
                          {rootCauseLabel(cause)}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <NoteField label={t("complaintWork.resolution")} />
                </>,
                "complaint-close",
              )
            : null}
          {transitions.includes("reopen") ? form("reopen", t("complaintWork.form.reopen"), <NoteField label={t("complaintWork.note")} required />) : null}
          {complaint.can.operations.includes("escalate") ? form("escalate", t("complaintWork.form.escalate"), <NoteField label={t("complaintWork.note")} />) : null}
        </div>
      </div>
    </Card>
  );
}

export function ComplaintFiles({ complaint }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Card title={t("complaintWork.attachments")}>
      {complaint.attachments.length === 0 ? (
        <p className="text-sm text-slate-500">{t("complaintWork.attachments.none")}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {complaint.attachments.map((file) => (
            <li key={file.id}>
              <a href={`/complaints/${complaint.id}/attachments/${file.id}`} className="text-brand-600 hover:underline">
                {file.fileName}
              </a>{" "}
              <span className="text-slate-500">
                {i18n.number(Math.ceil(file.size / 1024))} KB · {file.uploadedBy ?? "—"} · {i18n.dateTime(file.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {complaint.can.operations.includes("attach") ? (
        <form method="post" action={`/complaints/${complaint.id}/attachments`} encType="multipart/form-data" className="mt-3 flex flex-wrap items-end gap-2">
          <input type="file" name="file" required className="text-sm" />
          <Button type="submit" variant="secondary">
            {t("complaintWork.form.attach")}
          </Button>
        </form>
      ) : null}
    </Card>
  );
}

export function ComplaintHistory({ complaint }: Props) {
  const i18n = useI18n();
  const { t, tEnum } = i18n;
  return (
    <Card title={t("complaintWork.history")}>
      <ol className="space-y-2 text-sm" data-testid="complaint-history">
        {complaint.changes.map((change) => (
          <li key={change.id} className="border-l-2 border-slate-200 pl-3">
            <div>
              <span className="font-medium">{tEnum("complaintWork.action", change.action)}</span>{" "}
              <span className="text-slate-500">
                {i18n.dateTime(change.createdAt)} · {change.user ?? t("complaintWork.history.system")}
                {change.fromStatus !== change.toStatus ? ` · ${tEnum("complaintStatus", change.fromStatus)} → ${tEnum("complaintStatus", change.toStatus)}` : ""}
              </span>
            </div>
            {change.note ? <p className="whitespace-pre-line text-slate-700">{change.note}</p> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
