import { Form, Link } from "@remix-run/react";
import { isAgencyImportKind } from "~/ingest/pipeline/import-types";
import { useRef, useState, type DragEvent } from "react";
import type { ImportKind } from "~/generated/prisma/enums";
import { useI18n, type I18n } from "~/i18n/i18n-context";
import { AgencyOptions, Button, Field, inputClassName } from "./ui";

export type AgencyOption = { id: number; code: string; name: string };
export type ProfileOption = { id: number; name: string; kind: ImportKind; agencyId: number | null };

export const acceptedFileTypes = ".csv,.tsv,.txt,.xlsx,.xlsm,.jsonl,.ndjson,.json";

export function formatBytes(i18n: I18n, bytes: number | null | undefined): string {
  if (bytes == null) return i18n.t("common.none");
  if (bytes < 1024) return i18n.t("imports.size.bytes", { value: i18n.number(bytes) });
  if (bytes < 1024 * 1024) return i18n.t("imports.size.kb", { value: i18n.number(bytes / 1024, 1) });
  return i18n.t("imports.size.mb", { value: i18n.number(bytes / (1024 * 1024), 1) });
}

const kindIconPaths: Record<ImportKind, string> = {
  PLACEMENTS: "M3.75 9.776c.112-.017.227-.026.344-.026h15.812c.117 0 .232.009.344.026m-16.5 0a2.25 2.25 0 00-1.883 2.542l.857 6a2.25 2.25 0 002.227 1.932H19.05a2.25 2.25 0 002.227-1.932l.857-6a2.25 2.25 0 00-1.883-2.542m-16.5 0V6A2.25 2.25 0 016 3.75h3.879a1.5 1.5 0 011.06.44l2.122 2.12a1.5 1.5 0 001.06.44H18A2.25 2.25 0 0120.25 9v.776",
  ACTIVITIES: "M2.25 6.75c0 8.284 6.716 15 15 15h2.25a2.25 2.25 0 002.25-2.25v-1.372c0-.516-.351-.966-.852-1.091l-4.423-1.106c-.44-.11-.902.055-1.173.417l-.97 1.293c-.282.376-.769.542-1.21.38a12.035 12.035 0 01-7.143-7.143c-.162-.441.004-.928.38-1.21l1.293-.97c.363-.271.527-.734.417-1.173L6.963 3.102a1.125 1.125 0 00-1.091-.852H4.5A2.25 2.25 0 002.25 4.5v2.25z",
  COMPLAINTS: "M12 9v3.75m-9.303 3.376c-.866 1.5.217 3.374 1.948 3.374h14.71c1.73 0 2.813-1.874 1.948-3.374L13.949 3.378c-.866-1.5-3.032-1.5-3.898 0L2.697 16.126zM12 15.75h.007v.008H12v-.008z",
  PAYMENTS: "M2.25 18.75a60.07 60.07 0 0115.797 2.101c.727.198 1.453-.342 1.453-1.096V18.75M3.75 4.5v.75A.75.75 0 013 6h-.75m0 0v-.375c0-.621.504-1.125 1.125-1.125H20.25M2.25 6v9m18-10.5v.75c0 .414.336.75.75.75h.75m-1.5-1.5h.375c.621 0 1.125.504 1.125 1.125v9.75c0 .621-.504 1.125-1.125 1.125h-.375m1.5-1.5H21a.75.75 0 00-.75.75v.75m0 0H3.75m0 0h-.375a1.125 1.125 0 01-1.125-1.125V15m1.5 1.5v-.75A.75.75 0 003 15h-.75M15 10.5a3 3 0 11-6 0 3 3 0 016 0zm3 0h.008v.008H18V10.5zm-12 0h.008v.008H6V10.5z",
  AGENTS: "M15 19.128a9.38 9.38 0 002.625.372 9.337 9.337 0 004.121-.952 4.125 4.125 0 00-7.533-2.493M15 19.128v-.003c0-1.113-.285-2.16-.786-3.07M15 19.128v.106A12.318 12.318 0 018.624 21c-2.331 0-4.512-.645-6.374-1.766l-.001-.109a6.375 6.375 0 0111.964-3.07M12 6.375a3.375 3.375 0 11-6.75 0 3.375 3.375 0 016.75 0zm8.25 2.25a2.625 2.625 0 11-5.25 0 2.625 2.625 0 015.25 0z",
  ACKNOWLEDGMENTS: "M9 12.75L11.25 15 15 9.75M21 12a9 9 0 11-18 0 9 9 0 0118 0z",
};

function KindIcon({ kind }: { kind: ImportKind }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 text-brand-600" fill="none" stroke="currentColor" strokeWidth={1.5}>
      <path strokeLinecap="round" strokeLinejoin="round" d={kindIconPaths[kind]} />
    </svg>
  );
}

/** Step 1: what the file is, whose it is, which mapping to use, and the file itself (picker or drag and drop). */
export function ImportUploadForm({
  kinds,
  agencies,
  fixedAgencyId,
  profiles,
  errors,
  busy,
}: {
  kinds: readonly ImportKind[];
  agencies: AgencyOption[];
  fixedAgencyId: number | null;
  profiles: ProfileOption[];
  errors: Record<string, string>;
  busy: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<ImportKind>(kinds[0] ?? "ACTIVITIES");
  const [agencyId, setAgencyId] = useState<string>(fixedAgencyId === null ? "" : String(fixedAgencyId));
  const [file, setFile] = useState<{ name: string; size: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [layout, setLayout] = useState<"" | "cfpb">("");
  const layoutChosen = kind === "COMPLAINTS" && layout !== "";
  const input = useRef<HTMLInputElement>(null);
  const agencyNumber = agencyId === "" ? null : Number(agencyId);
  const usableProfiles = profiles.filter((profile) => profile.kind === kind && (!isAgencyImportKind(kind) || profile.agencyId === null || profile.agencyId === agencyNumber));

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files;
    const first = dropped[0];
    if (!first || !input.current) return;
    input.current.files = dropped;
    setFile({ name: first.name, size: first.size });
  }

  return (
    <Form method="post" encType="multipart/form-data" className="space-y-6" data-testid="import-upload-form">
      <input type="hidden" name="intent" value="preview" />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">{t("imports.upload.kind")}</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-3">
          {kinds.map((option) => (
            <label
              key={option}
              className={`flex cursor-pointer gap-3 rounded-lg border p-4 transition ${
                kind === option ? "border-brand-600 bg-brand-50 ring-1 ring-brand-600" : "border-slate-200 bg-white hover:border-slate-300"
              }`}
            >
              <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} className="mt-1 accent-brand-600" />
              <span>
                <span className="flex items-center gap-2 text-sm font-semibold text-slate-900">
                  <KindIcon kind={option} />
                  {i18n.tEnum("importKind", option)}
                </span>
                <span className="mt-1 block text-xs text-slate-600">{t(`imports.upload.kindHint.${option}`)}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.kind ? <p className="mt-1 text-xs text-red-700">{errors.kind}</p> : null}
      </fieldset>

      <div className="grid gap-4 md:grid-cols-2">
        {isAgencyImportKind(kind) ? (
          <Field label={t("common.agency")} hint={fixedAgencyId !== null ? t("imports.upload.agencyFixed") : undefined} error={errors.agencyId}>
            {fixedAgencyId !== null ? <input type="hidden" name="agencyId" value={fixedAgencyId} /> : null}
            <select
              name={fixedAgencyId !== null ? undefined : "agencyId"}
              value={agencyId}
              disabled={fixedAgencyId !== null}
              required
              onChange={(event) => setAgencyId(event.target.value)}
              className={inputClassName}
            >
              <option value="">{t("imports.upload.agencyPlaceholder")}</option>
              <AgencyOptions agencies={agencies} />
            </select>
          </Field>
        ) : (
          <div className="self-start rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-xs text-slate-600 md:mt-6">{t("imports.upload.lenderFile")}</div>
        )}
        {layoutChosen ? null : (
          <Field label={t("imports.upload.profile")} hint={t("imports.upload.profileHint")} error={errors.profileId}>
            <select name="profileId" key={`${kind}-${agencyId}`} defaultValue="" className={inputClassName} data-testid="profile-select">
              <option value="">{t("imports.upload.profileAuto")}</option>
              {usableProfiles.map((profile) => (
                <option key={profile.id} value={profile.id}>
                  {profile.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === "COMPLAINTS" ? (
          <Field label={t("imports.upload.layout")} hint={layoutChosen ? t("imports.upload.layoutHint") : undefined} error={errors.layout}>
            <select name="layout" value={layout} onChange={(event) => setLayout(event.target.value === "cfpb" ? "cfpb" : "")} className={inputClassName} data-testid="layout-select">
              <option value="">{t("imports.upload.layoutOwn")}</option>
              <option value="cfpb">{t("imports.upload.layoutCfpb")}</option>
            </select>
          </Field>
        ) : null}
      </div>

      <label
        htmlFor="import-file"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
        className={`flex cursor-pointer flex-col items-center justify-center rounded-xl border-2 border-dashed px-6 py-10 text-center transition ${
          dragging ? "border-brand-600 bg-brand-50" : errors.file ? "border-red-300 bg-red-50/40" : "border-slate-300 bg-slate-50 hover:border-brand-600 hover:bg-brand-50/50"
        }`}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-10 w-10 text-brand-600" fill="none" stroke="currentColor" strokeWidth={1.5}>
          <path strokeLinecap="round" strokeLinejoin="round" d="M3 16.5v2.25A2.25 2.25 0 005.25 21h13.5A2.25 2.25 0 0021 18.75V16.5m-13.5-9L12 3m0 0l4.5 4.5M12 3v13.5" />
        </svg>
        {file ? (
          <span className="mt-3 text-sm font-medium text-slate-900" data-testid="chosen-file">
            {t("imports.upload.chosen", { name: file.name, size: formatBytes(i18n, file.size) })}
          </span>
        ) : (
          <span className="mt-3 text-sm text-slate-700">
            {t("imports.upload.drop")} <span className="font-semibold text-brand-600 underline">{t("imports.upload.browse")}</span>
          </span>
        )}
        <span className="mt-1 text-xs text-slate-500">{t("imports.upload.formats")}</span>
        <input
          ref={input}
          id="import-file"
          type="file"
          name="file"
          accept={acceptedFileTypes}
          required
          className="sr-only"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            setFile(chosen ? { name: chosen.name, size: chosen.size } : null);
          }}
        />
      </label>
      {errors.file ? (
        <p className="-mt-4 text-sm text-red-700" role="alert">
          {errors.file}
        </p>
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-4">
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="strict" className="mt-0.5 accent-brand-600" />
          <span>
            <span className="font-medium">{t("imports.upload.strict")}</span>
            <span className="block text-xs text-slate-500">{t("imports.upload.strictHint")}</span>
          </span>
        </label>
        <div className="flex items-center gap-3">
          <span className="text-xs text-slate-500">
            {t("imports.upload.samples")}{" "}
            {kinds.map((option, index) => (
              <span key={option}>
                {index > 0 ? " · " : ""}
                <a href={`/samples/${option.toLowerCase()}.csv`} download className="text-brand-600 hover:underline">
                  {i18n.tEnum("importKind", option)}
                </a>
              </span>
            ))}
          </span>
          <Link to="/imports/mappings" className="text-xs text-brand-600 hover:underline">
            {t("imports.upload.manageProfiles")}
          </Link>
          <Button type="submit" disabled={busy}>
            {busy ? t("imports.upload.uploading") : t("imports.upload.submit")}
          </Button>
        </div>
      </div>
    </Form>
  );
}
