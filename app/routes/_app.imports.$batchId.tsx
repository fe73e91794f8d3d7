import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect } from "react";
import { z } from "zod";
import { notFound, requirePermission, scopeAgency } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { ImportStatusBadge } from "~/components/import-batches-grid";
import { BatchCounts, BatchFacts, BatchProgress, RowErrorsTable } from "~/components/import-batch-view";
import { Alert, Button, Card, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { batchOutcome, batchWarningKey } from "~/ingest/ui/batch-outcome";
import { getImportBatch, retryImportBatch } from "~/ingest/pipeline/import-batches.server";
import { getImportBatchView } from "~/ingest/ui/import-batches.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) =>
  pageTitle(matches, (t) => (loaded ? t("pageTitle.importBatch", { id: loaded.view.batch.id }) : t("nav.imports")));

const paramsSchema = z.object({ batchId: z.coerce.number().int().positive() });
const ROW_ERRORS_SHOWN = 200;
const POLL_MS = 1500;

function parseBatchId(params: unknown): number {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  return parsed.data.batchId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "imports.view");
  const batchId = parseBatchId(params);
  const view = await getImportBatchView(batchId, { agencyId: scopeAgency(user) }, { errorLimit: ROW_ERRORS_SHOWN, viewer: user });
  if (!view) throw notFound();
  return { view, canUpload: can(user.role, "imports.upload") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "imports.upload");
  const batchId = parseBatchId(params);
  const form = z.object({ intent: z.literal("retry") }).safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!form.success) throw new Response("Unknown intent", { status: 400 });
  const batch = await getImportBatch(batchId, { agencyId: scopeAgency(user) });
  if (!batch) throw notFound();
  if (batch.status !== "FAILED") return data({ ok: false as const, reason: "imports.batch.retryOnlyFailed" as const }, { status: 409 });
  const result = await retryImportBatch(batchId);
  if (result.status === "not-retryable") return data({ ok: false as const, reason: "imports.batch.retryRefused" as const, detail: result.reason }, { status: 409 });
  return data({ ok: true as const });
}

export default function ImportBatchPage() {
  const { view, canUpload } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const i18n = useI18n();
  const { t } = i18n;
  const { batch } = view;
  const active = batch.status === "QUEUED" || batch.status === "RUNNING";
  const { warning } = batchOutcome(batch);

  // Poll while the job works; each revalidation re-runs the loader (cheap: one batch and 200 error rows).
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [active, revalidator]);

  return (
    <div className="space-y-6">
      <Link to="/imports" className="text-sm font-medium text-brand-600 hover:underline">
        ← {t("imports.title")}
      </Link>
      <PageHeader
        title={t("imports.batch.title", { id: batch.id })}
        subtitle={batch.fileName}
        actions={
          <>
            <span data-testid="batch-status">
              <ImportStatusBadge batch={batch} />
            </span>
            {canUpload && batch.status === "FAILED" ? (
              <Form method="post">
                <Button type="submit" name="intent" value="retry" variant="secondary" disabled={navigation.state !== "idle"} data-testid="retry-batch">
                  {t("imports.batch.retry")}
                </Button>
              </Form>
            ) : null}
          </>
        }
      />
      {result?.ok ? <Alert tone="success">{t("imports.batch.retried")}</Alert> : null}
      {result && !result.ok ? <Alert tone="error">{t(result.reason, { reason: "detail" in result ? result.detail : "" })}</Alert> : null}
      {active ? <BatchProgress batch={batch} /> : null}
      {batch.errorMessage ? (
        <Alert tone="error">
          <span className="font-medium">{t("imports.batch.failedBecause")}</span> <span data-testid="batch-error">{batch.errorMessage}</span>
        </Alert>
      ) : null}
      {warning ? (
        <Alert tone="warning">
          <span data-testid="batch-outcome-warning">{t(batchWarningKey(warning.code), warning)}</span>
        </Alert>
      ) : null}
      <BatchCounts batch={batch} />
      {batch.warnings.length > 0 ? (
        <Alert tone="warning">
          <p className="font-medium">{t("imports.batch.warnings")}</p>
          <ul className="mt-1 list-disc pl-5">
            {batch.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <BatchFacts view={view} />
      {view.rowErrorCount > 0 ? (
        <Card title={t("imports.batch.rowErrors")}>
          <div className="-mt-2 mb-4 flex justify-end">
            <a href={`/imports/${batch.id}/rejects.csv`} download className="inline-flex items-center gap-2 rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700" data-testid="download-rejects">
              <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
                <path d="M10.75 2.75a.75.75 0 00-1.5 0v8.614L6.295 8.235a.75.75 0 10-1.09 1.03l4.25 4.5a.75.75 0 001.09 0l4.25-4.5a.75.75 0 00-1.09-1.03l-2.955 3.129V2.75z" />
                <path d="M3.5 12.75a.75.75 0 00-1.5 0v2.5A2.75 2.75 0 004.75 18h10.5A2.75 2.75 0 0018 15.25v-2.5a.75.75 0 00-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5z" />
              </svg>
              {t("imports.batch.downloadRejects")}
            </a>
          </div>
          {view.personalData === "masked" ? (
            <p className="mb-3 text-xs text-slate-500" data-testid="personal-data-masked">
              {t("imports.batch.personalDataMasked")}
            </p>
          ) : null}
          <RowErrorsTable errors={view.rowErrors} total={view.rowErrorCount} />
        </Card>
      ) : batch.status === "COMMITTED" && !warning ? (
        <Alert tone="success">{t("imports.batch.noRowErrors")}</Alert>
      ) : null}
    </div>
  );
}
