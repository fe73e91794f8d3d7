import type { ReactNode } from "react";
import type { ImportBatchView } from "~/ingest/ui/import-batches.server";
import { useI18n } from "~/i18n/i18n-context";
import { delimiterLabel } from "./import-preview";
import { formatBytes } from "./import-upload-form";
import { Card, KpiTile } from "./ui";
import { fieldLabel } from "~/ingest/rows/import-message";

const indeterminateKeyframes = `@keyframes import-progress-slide { 0% { transform: translateX(-100%); } 100% { transform: translateX(350%); } }`;

/**
 * While a batch is queued or running: the share of the file read so far (rows are not known until the end, bytes
 * are), the rows read and the invalid rows found so far. Before the first progress report the bar is indeterminate.
 */
export function BatchProgress({ batch }: { batch: ImportBatchView["batch"] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const status = batch.status;
  const known = batch.progress > 0;
  const summary = `${known ? `${i18n.percent(batch.progress, 0)} · ` : ""}${t("imports.batch.processedSoFar", { count: i18n.number(batch.processedRows) })} · ${t("imports.batch.invalidSoFar", { count: i18n.number(batch.rejectedRows) })}`;
  return (
    <Card className="border-brand-100">
      <style>{indeterminateKeyframes}</style>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm font-semibold text-slate-800">{status === "QUEUED" ? t("imports.batch.queued") : t("imports.batch.running")}</p>
        <p className="text-sm tabular-nums text-slate-600" data-testid="processed-rows">
          {summary}
        </p>
      </div>
      <div
        role="progressbar"
        aria-label={t("imports.batch.progress")}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(known ? { "aria-valuenow": Math.round(batch.progress * 100) } : {})}
        aria-valuetext={summary}
        className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        {known ? (
          <div className="h-full rounded-full bg-brand-600 transition-[width] duration-700" style={{ width: `${Math.max(2, batch.progress * 100)}%` }} />
        ) : (
          <div className="h-full w-1/4 rounded-full bg-brand-600" style={{ animation: "import-progress-slide 1.4s ease-in-out infinite" }} />
        )}
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {batch.startedAt ? t("imports.batch.startedAt", { time: i18n.dateTime(batch.startedAt) }) : t("imports.batch.waiting")} · {t("imports.batch.countsFinalHint")}
      </p>
    </Card>
  );
}

export function BatchCounts({ batch }: { batch: ImportBatchView["batch"] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const final = batch.status === "COMMITTED" || batch.status === "FAILED";
  const show = (value: number) => (final ? i18n.number(value) : "…");
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-5">
      <KpiTile label={t("imports.batch.totalRows")} value={show(batch.totalRows)} testId="count-total" />
      <KpiTile label={t("imports.accepted")} value={show(batch.acceptedRows)} testId="count-accepted" />
      <KpiTile label={t("imports.duplicates")} value={show(batch.duplicateRows)} testId="count-duplicates" />
      <KpiTile label={t("imports.grid.updated")} value={show(batch.updatedRows)} testId="count-updated" />
      <KpiTile label={t("imports.rejected")} value={show(batch.rejectedRows)} testId="count-rejected" />
      {batch.layout === "cfpb" ? (
        <>
          <KpiTile label={t("imports.cfpb.skipped")} value={show(batch.skippedRows)} testId="count-skipped" />
          <KpiTile label={t("imports.cfpb.otherCompany")} value={show(batch.otherCompanyRows)} testId="count-other-company" />
        </>
      ) : null}
    </div>
  );
}

function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2 lg:col-span-3" : ""}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

export function BatchFacts({ view }: { view: ImportBatchView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { batch, sourceDetails } = view;
  const uploader = view.createdBy ? `${view.createdBy.name} (${view.createdBy.email})` : view.apiTokenName ? t("imports.batch.viaToken", { name: view.apiTokenName }) : t("common.none");
  const format = [sourceDetails.format?.toUpperCase(), sourceDetails.encoding, sourceDetails.sheetName, delimiterLabel(i18n, sourceDetails.delimiter)]
    .filter(Boolean)
    .join(" · ");
  return (
    <Card title={t("imports.batch.details")}>
      <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
        <Fact label={t("imports.kind")}>{i18n.tEnum("importKind", batch.kind)}</Fact>
        <Fact label={t("common.agency")}>{batch.agencyCode ?? t("imports.grid.lender")}</Fact>
        <Fact label={t("imports.batch.source")}>{t(`imports.source.${batch.source}`)}</Fact>
        <Fact label={t("imports.batch.uploadedBy")}>{uploader}</Fact>
        <Fact label={t("common.createdAt")}>{i18n.dateTime(batch.createdAt)}</Fact>
        <Fact label={t("imports.batch.finishedAt")}>{i18n.dateTime(batch.finishedAt)}</Fact>
        <Fact label={t("imports.file")}>
          <span data-testid="batch-file-name">{batch.fileName}</span> <span className="text-slate-500">· {formatBytes(i18n, batch.fileSize)}</span>
        </Fact>
        <Fact label={t("imports.batch.format")}>{format || t("common.none")}</Fact>
        <Fact label={t("imports.upload.profile")}>
          {view.mappingProfileName === null ? t("imports.upload.profileAuto") : view.mappingProfileDeleted ? t("imports.profiles.deletedName", { name: view.mappingProfileName }) : view.mappingProfileName}
        </Fact>
        <Fact label={t("imports.batch.mode")}>{batch.strict ? t("imports.batch.strict") : t("imports.batch.lenient")}</Fact>
        <Fact label="SHA-256" wide>
          <span className="font-mono text-xs break-all text-slate-700" data-testid="batch-sha">
            {batch.fileSha256}
          </span>
        </Fact>
      </dl>
    </Card>
  );
}

export function RowErrorsTable({ errors, total }: { errors: ImportBatchView["rowErrors"]; total: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div>
      <p className="mb-3 text-xs text-slate-500">
        {total > errors.length ? t("imports.batch.errorsShown", { shown: i18n.number(errors.length), total: i18n.number(total) }) : t("imports.batch.errorsAll", { total: i18n.number(total) })}
      </p>
      <div className="max-h-[32rem] overflow-auto rounded-lg border border-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="row-errors">
          <thead className="sticky top-0 bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th className="w-20 px-4 py-2 text-right">{t("imports.preview.row")}</th>
              <th className="w-48 px-4 py-2">{t("imports.batch.field")}</th>
              <th className="px-4 py-2">{t("imports.batch.message")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {errors.map((error) => (
              <tr key={error.id} className="hover:bg-slate-50">
                <td className="px-4 py-2 text-right tabular-nums text-slate-600">{error.rowNumber}</td>
                <td className="px-4 py-2 text-xs text-slate-800">{error.field ? fieldLabel(error.field, i18n.locale) : t("common.none")}</td>
                <td className="px-4 py-2 text-slate-900">{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
