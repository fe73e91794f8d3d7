import { Form } from "@remix-run/react";
import { isAgencyImportKind } from "~/ingest/pipeline/import-types";
import { useState } from "react";
import type { ImportKind } from "~/generated/prisma/enums";
import { useI18n } from "~/i18n/i18n-context";
import type { AgencyOption } from "./import-upload-form";
import { AgencyOptions, Button, Field, inputClassName } from "./ui";

export type FieldCatalog = Record<ImportKind, { fields: { name: string; required: boolean }[]; valueFields: { name: string; values: string[] | null }[] }>;

export type EditableProfile = {
  id: number;
  kind: ImportKind;
  agencyId: number | null;
  name: string;
  columnMap: Record<string, string | null>;
  valueMap: Record<string, Record<string, string>>;
  dateFormat: string | null;
  timeZone: string | null;
};

type ColumnRow = { key: number; from: string; to: string };
type ValueRow = { key: number; field: string; from: string; to: string };

let nextKey = 1;
const key = () => nextKey++;

function RemoveButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <button type="button" onClick={onClick} aria-label={label} title={label} className="rounded p-1.5 text-slate-400 hover:bg-red-50 hover:text-red-600">
      <svg viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor" aria-hidden="true">
        <path d="M6.28 5.22a.75.75 0 00-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 101.06 1.06L10 11.06l3.72 3.72a.75.75 0 101.06-1.06L11.06 10l3.72-3.72a.75.75 0 00-1.06-1.06L10 8.94 6.28 5.22z" />
      </svg>
    </button>
  );
}

/**
 * Create (profile undefined) or edit a mapping profile: file column → canonical field (or ignore), file value →
 * canonical value per field, date format and time zone. Rows are added and removed in the browser; the server
 * validates everything again.
 */
export function MappingProfileEditor({
  profile,
  catalog,
  kinds,
  agencies,
  fixedAgencyId,
  errors,
  busy,
  readOnly = false,
}: {
  profile?: EditableProfile;
  catalog: FieldCatalog;
  kinds: readonly ImportKind[];
  agencies: AgencyOption[];
  fixedAgencyId: number | null;
  errors: Record<string, string>;
  busy: boolean;
  readOnly?: boolean;
}) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ImportKind>(profile?.kind ?? kinds[0] ?? "ACTIVITIES");
  const [columns, setColumns] = useState<ColumnRow[]>(() => [
    ...Object.entries(profile?.columnMap ?? {}).map(([from, to]) => ({ key: key(), from, to: to ?? "" })),
    { key: key(), from: "", to: "" },
  ]);
  const [values, setValues] = useState<ValueRow[]>(() => [
    ...Object.entries(profile?.valueMap ?? {}).flatMap(([field, map]) => Object.entries(map).map(([from, to]) => ({ key: key(), field, from, to }))),
    { key: key(), field: "", from: "", to: "" },
  ]);
  const { fields, valueFields } = catalog[kind];
  const formId = profile ? String(profile.id) : "new";
  const updateColumn = (index: number, change: Partial<ColumnRow>) => setColumns((rows) => rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const updateValue = (index: number, change: Partial<ValueRow>) => setValues((rows) => rows.map((row, at) => (at === index ? { ...row, ...change } : row)));

  return (
    <Form method="post" className="space-y-5" data-testid={`profile-form-${formId}`}>
      <input type="hidden" name="formId" value={formId} />
      {profile ? <input type="hidden" name="profileId" value={profile.id} /> : null}
      <fieldset disabled={readOnly} className="space-y-5">
        {profile ? null : (
          <div className="grid gap-4 md:grid-cols-3">
            <Field label={t("imports.kind")} error={errors.kind}>
              <select name="kind" value={kind} onChange={(event) => setKind(event.target.value as ImportKind)} className={inputClassName}>
                {kinds.map((option) => (
                  <option key={option} value={option}>
                    {t(`importKind.${option}`)}
                  </option>
                ))}
              </select>
            </Field>
            {isAgencyImportKind(kind) ? (
              <Field label={t("common.agency")} error={errors.agencyId}>
                {fixedAgencyId !== null ? <input type="hidden" name="agencyId" value={fixedAgencyId} /> : null}
                <select name={fixedAgencyId !== null ? undefined : "agencyId"} defaultValue={fixedAgencyId ?? ""} disabled={fixedAgencyId !== null} className={inputClassName}>
                  <option value="">{t("imports.upload.agencyPlaceholder")}</option>
                  <AgencyOptions agencies={agencies} />
                </select>
              </Field>
            ) : (
              <p className="self-end pb-2 text-xs text-slate-500">{t("imports.profiles.lenderOwned")}</p>
            )}
            <Field label={t("imports.profiles.name")} error={errors.name}>
              <input name="name" maxLength={100} required className={inputClassName} placeholder={t("imports.preview.profileNamePlaceholder")} />
            </Field>
          </div>
        )}

        <div className="grid gap-6 lg:grid-cols-2">
          <section>
            <h4 className="text-sm font-semibold text-slate-800">{t("imports.profiles.columnMap")}</h4>
            <p className="mt-1 text-xs text-slate-500">{t("imports.profiles.columnMapHint")}</p>
            <div className="mt-3 space-y-2">
              {columns.map((row, index) => (
                <div key={row.key} className="flex items-start gap-2">
                  <div className="flex-1">
                    <input
                      name={`colFrom.${index}`}
                      value={row.from}
                      onChange={(event) => updateColumn(index, { from: event.target.value })}
                      placeholder={t("imports.profiles.fileColumn")}
                      aria-label={t("imports.profiles.fileColumn")}
                      className={`${inputClassName} ${errors[`colFrom.${index}`] ? "border-red-400" : ""}`}
                    />
                    {errors[`colFrom.${index}`] ? <p className="mt-1 text-xs text-red-700">{errors[`colFrom.${index}`]}</p> : null}
                  </div>
                  <span className="pt-2 text-slate-400" aria-hidden="true">
                    →
                  </span>
                  <div className="flex-1">
                    <select
                      name={`colTo.${index}`}
                      value={row.to}
                      onChange={(event) => updateColumn(index, { to: event.target.value })}
                      aria-label={t("imports.profiles.canonicalField")}
                      className={`${inputClassName} ${errors[`colTo.${index}`] ? "border-red-400" : ""}`}
                    >
                      <option value="">{t("imports.preview.ignore")}</option>
                      {fields.map((field) => (
                        <option key={field.name} value={field.name}>
                          {field.required ? `${field.name} *` : field.name}
                        </option>
                      ))}
                    </select>
                    {errors[`colTo.${index}`] ? <p className="mt-1 text-xs text-red-700">{errors[`colTo.${index}`]}</p> : null}
                  </div>
                  <RemoveButton label={t("imports.profiles.remove")} onClick={() => setColumns((rows) => rows.filter((_, at) => at !== index))} />
                </div>
              ))}
            </div>
            <button type="button" onClick={() => setColumns((rows) => [...rows, { key: key(), from: "", to: "" }])} className="mt-2 text-sm font-medium text-brand-600 hover:underline">
              + {t("imports.profiles.addColumn")}
            </button>
          </section>

          <section>
            <h4 className="text-sm font-semibold text-slate-800">{t("imports.profiles.valueMap")}</h4>
            <p className="mt-1 text-xs text-slate-500">{t("imports.profiles.valueMapHint")}</p>
            <div className="mt-3 space-y-2">
              {values.map((row, index) => {
                const allowed = valueFields.find((field) => field.name === row.field)?.values ?? null;
                const rowError = errors[`valField.${index}`] ?? errors[`valFrom.${index}`] ?? errors[`valTo.${index}`];
                return (
                  <div key={row.key}>
                    <div className="grid grid-cols-[9rem_1fr_auto_1fr_auto] items-center gap-2">
                      <select name={`valField.${index}`} value={row.field} onChange={(event) => updateValue(index, { field: event.target.value, to: "" })} aria-label={t("imports.profiles.canonicalField")} className={inputClassName}>
                        <option value="">{t("imports.profiles.chooseField")}</option>
                        {valueFields.map((field) => (
                          <option key={field.name} value={field.name}>
                            {field.name}
                          </option>
                        ))}
                      </select>
                      <input name={`valFrom.${index}`} value={row.from} onChange={(event) => updateValue(index, { from: event.target.value })} placeholder={t("imports.profiles.fileValue")} aria-label={t("imports.profiles.fileValue")} className={inputClassName} />
                      <span className="text-slate-400" aria-hidden="true">
                        →
                      </span>
                      {allowed ? (
                        <select name={`valTo.${index}`} value={row.to} onChange={(event) => updateValue(index, { to: event.target.value })} aria-label={t("imports.profiles.canonicalValue")} className={inputClassName}>
                          <option value="">{t("imports.profiles.chooseValue")}</option>
                          {allowed.map((value) => (
                            <option key={value} value={value}>
                              {value}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input name={`valTo.${index}`} value={row.to} onChange={(event) => updateValue(index, { to: event.target.value.toUpperCase() })} placeholder="CNY" aria-label={t("imports.profiles.canonicalValue")} className={inputClassName} />
                      )}
                      <RemoveButton label={t("imports.profiles.remove")} onClick={() => setValues((rows) => rows.filter((_, at) => at !== index))} />
                    </div>
                    {rowError ? <p className="mt-1 text-xs text-red-700">{rowError}</p> : null}
                  </div>
                );
              })}
            </div>
            <button type="button" onClick={() => setValues((rows) => [...rows, { key: key(), field: "", from: "", to: "" }])} className="mt-2 text-sm font-medium text-brand-600 hover:underline">
              + {t("imports.profiles.addValue")}
            </button>
          </section>
        </div>

        <div className="grid gap-4 md:grid-cols-3">
          <Field label={t("imports.profile.dateFormat")} hint={t("imports.profile.dateFormatHint")} error={errors.dateFormat}>
            <input name="dateFormat" defaultValue={profile?.dateFormat ?? ""} placeholder="yyyy/M/d H:mm" className={inputClassName} />
          </Field>
          <Field label={t("imports.profile.timeZone")} hint={t("imports.profiles.timeZoneHint")} error={errors.timeZone}>
            <input name="timeZone" defaultValue={profile?.timeZone ?? ""} placeholder="Asia/Shanghai" className={inputClassName} />
          </Field>
          <div className="flex items-end justify-end">
            {readOnly ? null : (
              <Button type="submit" name="intent" value="save" disabled={busy}>
                {profile ? t("common.save") : t("imports.profiles.create")}
              </Button>
            )}
          </div>
        </div>
        {errors.form ? <p className="text-sm text-red-700">{errors.form}</p> : null}
      </fieldset>
    </Form>
  );
}

/**
 * Rename and delete for one saved profile. Deleting asks first and says what happens to the batches that used it:
 * they stay as they are and keep the profile's name, marked as deleted.
 */
export function MappingProfileActions({ profile, batchCount, errors, busy }: { profile: { id: number; name: string }; batchCount: number; errors: Record<string, string>; busy: boolean }) {
  const { t } = useI18n();
  const confirmation = batchCount > 0 ? t("imports.profiles.deleteConfirmUsed", { name: profile.name, count: batchCount }) : t("imports.profiles.deleteConfirm", { name: profile.name });
  return (
    <div className="flex flex-wrap items-end justify-between gap-4 border-b border-slate-100 pb-5" data-testid={`profile-actions-${profile.id}`}>
      <Form method="post" className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="intent" value="rename" />
        <input type="hidden" name="formId" value={String(profile.id)} />
        <input type="hidden" name="profileId" value={String(profile.id)} />
        <div className="w-72">
          <Field label={t("imports.profiles.rename")} error={errors.name}>
            <input name="name" defaultValue={profile.name} maxLength={100} required className={inputClassName} />
          </Field>
        </div>
        <Button type="submit" variant="secondary" disabled={busy}>
          {t("imports.profiles.renameSubmit")}
        </Button>
      </Form>
      <Form
        method="post"
        onSubmit={(event) => {
          if (!window.confirm(confirmation)) event.preventDefault();
        }}
        className="flex flex-col items-end gap-1"
      >
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="formId" value={String(profile.id)} />
        <input type="hidden" name="profileId" value={String(profile.id)} />
        <Button type="submit" variant="danger" disabled={busy}>
          {t("imports.profiles.delete")}
        </Button>
        <span className="text-xs text-slate-500">{batchCount > 0 ? t("imports.profiles.usedBy", { count: batchCount }) : t("imports.profiles.unused")}</span>
      </Form>
    </div>
  );
}
