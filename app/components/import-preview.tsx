import { Form, Link } from "@remix-run/react";
import type { SubmitImportResult } from "~/ingest/pipeline/import-types";
import type { ImportPreview, PreviewField } from "~/ingest/ui/import-wizard.server";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { formatBytes } from "./import-upload-form";
import { Alert, Badge, Button, Field, inputClassName } from "./ui";
import type { Locale } from "~/i18n/locales";
import { fieldLabel } from "~/ingest/rows/import-message";

/** Enum fields whose values have translated labels. */
const enumLabelPrefix: Record<string, string> = {
  type: "activityType",
  direction: "direction",
  contact_party: "contactParty",
  outcome: "outcome",
  source: "complaintSource",
  severity: "severity",
};

export function delimiterLabel(i18n: I18n, delimiter: string | null): string | null {
  if (delimiter === null) return null;
  if (delimiter === ",") return i18n.t("imports.delimiter.comma");
  if (delimiter === ";") return i18n.t("imports.delimiter.semicolon");
  if (delimiter === "\t") return i18n.t("imports.delimiter.tab");
  if (delimiter === "|") return i18n.t("imports.delimiter.pipe");
  return delimiter;
}

function Fact({ label, value, mono = false }: { label: string; value: string | null; mono?: boolean }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-0.5 text-sm text-slate-900 ${mono ? "font-mono break-all" : ""}`}>{value ?? "—"}</dd>
    </div>
  );
}

function fieldOptionLabel(field: PreviewField, locale: Locale): string {
  const label = fieldLabel(field.name, locale);
  return field.required ? `${label} *` : label;
}

/** Step 2: what was detected, the header check, the editable mapping, the first rows as they would import, confirm. */
export function ImportPreviewStep({ preview, errors, busyIntent }: { preview: ImportPreview; errors: Record<string, string>; busyIntent: string | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { file, target, source, header } = preview;
  const mappedColumns = preview.columns.filter((column) => column.field !== null);
  const problemRows = preview.rows.filter((row) => row.problems.length > 0).length;
  return (
    <Form method="post" key={preview.revision} className="space-y-6" data-testid="import-preview">
      <input type="hidden" name="sha256" value={file.sha256} />
      <input type="hidden" name="fileName" value={file.fileName} />
      <input type="hidden" name="kind" value={target.kind} />
      <input type="hidden" name="agencyId" value={target.agencyId ?? ""} />
      <input type="hidden" name="profileId" value={target.profileId ?? ""} />

      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-slate-50 p-4">
        <dl className="grid flex-1 grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Fact label={t("imports.file")} value={`${file.fileName} · ${formatBytes(i18n, file.size)}`} />
          <Fact label={t("imports.kind")} value={`${i18n.tEnum("importKind", target.kind)}${target.agencyCode ? ` · ${target.agencyCode}` : ""}`} />
          <Fact label={t("imports.preview.format")} value={source.format.toUpperCase()} />
          <Fact label={t("imports.preview.encoding")} value={source.encoding} />
          <Fact label={source.sheetName ? t("imports.preview.sheet") : t("imports.preview.delimiter")} value={source.sheetName ?? delimiterLabel(i18n, source.delimiter)} />
          <Fact label={t("imports.upload.profile")} value={target.profileName ?? t("imports.upload.profileAuto")} />
        </dl>
        <Link to="/imports" className="text-sm font-medium text-brand-600 hover:underline" data-testid="start-over">
          {t("imports.preview.startOver")}
        </Link>
      </div>

      <div className="space-y-2" data-testid="header-check">
        {header.ok ? <Alert tone="success">{t("imports.preview.headerOk", { count: mappedColumns.length })}</Alert> : null}
        {header.missingRequired.length > 0 ? (
          <Alert tone="error">
            <p className="font-medium">{t("imports.preview.missingRequired", { fields: header.missingRequired.join(", ") })}</p>
            <p className="mt-1 text-xs">{t("imports.preview.columnsFound", { columns: preview.columns.map((column) => column.header).join(", ") })}</p>
          </Alert>
        ) : null}
        {header.duplicates.map((duplicate) => (
          <Alert key={duplicate.field} tone="error">
            {t("imports.preview.duplicateField", { field: duplicate.field, columns: duplicate.columns.join(", ") })}
          </Alert>
        ))}
        {!header.ok && header.missingRequired.length === 0 && header.duplicates.length === 0 ? <Alert tone="error">{header.errors.join(" ")}</Alert> : null}
        {preview.agencyNotices.map((notice) => (
          <Alert key={notice.agencyCode} tone={notice.status === "PROBATION" ? "warning" : "error"}>
            <span data-testid={`preview-agency-notice-${notice.agencyCode}`}>{notice.message}</span>
          </Alert>
        ))}
        {header.ignoredColumns.length > 0 ? <Alert tone="warning">{t("imports.preview.ignoredColumns", { columns: header.ignoredColumns.join(", ") })}</Alert> : null}
        {errors.form ? <Alert tone="error">{errors.form}</Alert> : null}
      </div>

      <div className="grid gap-6 xl:grid-cols-5">
        <section className="xl:col-span-3">
          <h3 className="text-sm font-semibold text-slate-800">{t("imports.preview.columnMapping")}</h3>
          <p className="mt-1 text-xs text-slate-500">{t("imports.preview.columnMappingHint")}</p>
          <div className="mt-3 overflow-hidden rounded-lg border border-slate-200">
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="column-mapping">
              <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2">{t("imports.preview.fileColumn")}</th>
                  <th className="px-3 py-2">{t("imports.preview.firstValue")}</th>
                  <th className="px-3 py-2">{t("imports.preview.importedAs")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {preview.columns.map((column, index) => (
                  <tr key={column.header} className={column.field === null ? "bg-slate-50/60" : ""}>
                    <td className="px-3 py-2 font-medium text-slate-900">{column.header}</td>
                    <td className="max-w-48 truncate px-3 py-2 text-slate-600" title={column.sample ?? ""}>
                      {column.sample || <span className="text-slate-400">{t("common.none")}</span>}
                    </td>
                    <td className="px-3 py-1.5">
                      <select name={`col.${index}`} defaultValue={column.field ?? ""} aria-label={t("imports.preview.mapColumn", { column: column.header })} className={`${inputClassName} py-1.5`}>
                        <option value="">{t("imports.preview.ignore")}</option>
                        {preview.fields.map((field) => (
                          <option key={field.name} value={field.name}>
                            {fieldOptionLabel(field, i18n.locale)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-2 text-xs text-slate-500">{t("imports.preview.requiredLegend")}</p>
        </section>

        <section className="space-y-5 xl:col-span-2">
          <div>
            <h3 className="text-sm font-semibold text-slate-800">{t("imports.preview.valueMapping")}</h3>
            <p className="mt-1 text-xs text-slate-500">{t("imports.preview.valueMappingHint")}</p>
            {preview.valueMappings.length === 0 ? <p className="mt-3 text-sm text-slate-500">{t("imports.preview.noValueMapping")}</p> : null}
            <div className="mt-3 space-y-4" data-testid="value-mapping">
              {preview.valueMappings.map((group) => (
                <div key={group.field} className="rounded-lg border border-slate-200 bg-white">
                  <div className="border-b border-slate-100 px-3 py-2 text-xs font-medium text-slate-600">
                    {t("imports.preview.valueGroup", { field: group.field, column: group.column })}
                  </div>
                  <ul className="divide-y divide-slate-100">
                    {group.values.map((value, index) => (
                      <li key={value.from} className="grid grid-cols-2 items-center gap-3 px-3 py-1.5">
                        <span className="truncate text-sm text-slate-900" title={value.from}>
                          {value.from} <span className="text-xs text-slate-400">×{i18n.number(value.count)}</span>
                          <input type="hidden" name={`valfrom.${group.field}.${index}`} value={value.from} />
                        </span>
                        <select
                          name={`val.${group.field}.${index}`}
                          defaultValue={value.to ?? ""}
                          aria-label={t("imports.preview.mapValue", { value: value.from })}
                          className={`${inputClassName} py-1 ${value.to === null ? "border-amber-400 bg-amber-50" : ""}`}
                        >
                          <option value="">{t("imports.preview.notRecognised")}</option>
                          {group.allowed.map((allowed) => (
                            <option key={allowed} value={allowed}>
                              {enumLabelPrefix[group.field] ? `${allowed} · ${i18n.tEnum(enumLabelPrefix[group.field] ?? "", allowed)}` : allowed}
                            </option>
                          ))}
                        </select>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("imports.profile.dateFormat")} hint={t("imports.profile.dateFormatHint")} error={errors.dateFormat}>
              <input name="dateFormat" defaultValue={preview.dateFormat ?? ""} placeholder="yyyy/M/d H:mm" className={inputClassName} />
            </Field>
            <Field label={t("imports.profile.timeZone")} hint={t("imports.preview.timeZoneHint", { zone: preview.effectiveTimeZone })} error={errors.timeZone}>
              <input name="timeZone" defaultValue={preview.timeZone ?? ""} placeholder={preview.effectiveTimeZone} className={inputClassName} />
            </Field>
          </div>
          <Button type="submit" name="intent" value="remap" variant="secondary" disabled={busyIntent !== null} data-testid="refresh-preview">
            {busyIntent === "remap" ? t("imports.preview.refreshing") : t("imports.preview.refresh")}
          </Button>
        </section>
      </div>

      <section>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 className="text-sm font-semibold text-slate-800">{t("imports.preview.rows", { count: preview.rows.length })}</h3>
          <p className="text-xs text-slate-600" data-testid="sample-summary">
            {preview.sample.rowsWithProblems === 0
              ? t("imports.preview.sampleClean", { count: preview.sample.rowsRead })
              : t("imports.preview.sampleProblems", { problems: preview.sample.rowsWithProblems, count: preview.sample.rowsRead })}
          </p>
        </div>
        <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm" data-testid="preview-rows">
            <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
              <tr>
                <th className="sticky left-0 bg-slate-50 px-3 py-2">{t("imports.preview.row")}</th>
                {mappedColumns.map((column) => (
                  <th key={column.header} className="whitespace-nowrap px-3 py-2">
                    <span className="font-mono text-slate-700">{column.field}</span>
                    <span className="block font-normal text-slate-400">{column.header}</span>
                  </th>
                ))}
              </tr>
            </thead>
            {preview.rows.map((row) => {
              const bad = row.problems.length > 0;
              const badFields = new Set(row.problems.map((problem) => problem.field));
              return (
                <tbody key={row.rowNumber} className="border-t border-slate-100" data-testid={`preview-row-${row.rowNumber}`}>
                  <tr className={bad ? "bg-red-50/50" : ""}>
                    <td className="sticky left-0 whitespace-nowrap bg-inherit px-3 py-2 tabular-nums text-slate-500">
                      <span className="inline-flex items-center gap-1.5">
                        <span aria-hidden="true" className={`h-2 w-2 rounded-full ${bad ? "bg-red-500" : "bg-emerald-500"}`} />
                        {row.rowNumber}
                      </span>
                    </td>
                    {mappedColumns.map((column) => (
                      <td
                        key={column.header}
                        className={`max-w-64 truncate whitespace-nowrap px-3 py-2 ${badFields.has(column.field) ? "font-medium text-red-700" : "text-slate-800"}`}
                        title={row.record[column.field ?? ""] ?? ""}
                      >
                        {row.record[column.field ?? ""] ?? ""}
                      </td>
                    ))}
                  </tr>
                  {bad ? (
                    <tr className="bg-red-50/50">
                      <td />
                      <td colSpan={Math.max(mappedColumns.length, 1)} className="px-3 pb-2">
                        <ul className="space-y-0.5 text-xs text-red-800" role="list">
                          {row.problems.map((problem, index) => (
                            <li key={index}>
                              {problem.field && !problem.message.includes(problem.field) ? <span className="font-medium">{fieldLabel(problem.field, i18n.locale)}: </span> : null}
                              {problem.message}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              );
            })}
          </table>
        </div>
        {problemRows > 0 ? <p className="mt-2 text-xs text-slate-500">{t("imports.preview.rowsNote")}</p> : null}
      </section>

      <section className="rounded-lg border border-brand-100 bg-brand-50/60 p-4">
        <div className="grid items-end gap-4 md:grid-cols-[1fr_auto_auto]">
          <Field
            label={t("imports.preview.saveProfile")}
            hint={preview.edited ? t("imports.preview.saveProfileEdited") : t("imports.preview.saveProfileHint")}
            error={errors.profileName}
          >
            <input name="profileName" defaultValue={target.profileName ?? ""} maxLength={100} placeholder={t("imports.preview.profileNamePlaceholder")} className={inputClassName} />
          </Field>
          <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
            <input type="checkbox" name="strict" defaultChecked={target.strict} className="accent-brand-600" />
            {t("imports.preview.strict")}
          </label>
          <Button type="submit" name="intent" value="confirm" disabled={busyIntent !== null || !header.ok} data-testid="confirm-import" className="px-5">
            {busyIntent === "confirm" ? t("imports.preview.confirming") : t("imports.preview.confirm")}
          </Button>
        </div>
        {preview.edited ? (
          <div className="mt-3">
            <Badge tone="warn">{t("imports.preview.editedBadge")}</Badge>
          </div>
        ) : null}
      </section>
    </Form>
  );
}

/** What submitImport said when it did not queue a new batch: a resend, a file being imported, or a rejection. */
export function ImportOutcomeAlert({ result }: { result: Exclude<SubmitImportResult, { status: "queued" }> }) {
  const { t } = useI18n();
  const link =
    result.batchId !== null ? (
      <Link to={`/imports/${result.batchId}`} className="ml-1 font-semibold underline" data-testid="outcome-batch-link">
        {t("imports.outcome.openBatch", { id: result.batchId })}
      </Link>
    ) : null;
  if (result.status === "already-imported") {
    return (
      <Alert tone="warning">
        <span data-testid="import-outcome">{t("imports.outcome.alreadyImported", { id: result.batchId })}</span>
        {link}
      </Alert>
    );
  }
  if (result.status === "in-progress") {
    return (
      <Alert tone="info">
        <span data-testid="import-outcome">{t("imports.outcome.inProgress", { id: result.batchId })}</span>
        {link}
      </Alert>
    );
  }
  return (
    <Alert tone="error">
      <p className="font-medium" data-testid="import-outcome">
        {t("imports.outcome.rejected", { reason: t(`imports.rejection.${result.code}`) })}
      </p>
      <p className="mt-1">{result.message}</p>
      {link ? <p className="mt-1">{link}</p> : null}
    </Alert>
  );
}
