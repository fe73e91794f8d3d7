import { Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listAgencies } from "~/agencies/agencies.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can, isAgencyScoped } from "~/auth/permissions";
import { ImportBatchesGrid } from "~/components/import-batches-grid";
import { ImportOutcomeAlert, ImportPreviewStep } from "~/components/import-preview";
import { ImportUploadForm } from "~/components/import-upload-form";
import { Card, EmptyState, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { fieldMessages, type FieldMessage } from "~/i18n/validation";
import { agencyImportKinds, importKinds, type SubmitImportResult } from "~/ingest/pipeline/import-types";
import { listMappingProfiles } from "~/ingest/pipeline/mapping-profiles.server";
import { listImportBatchRows } from "~/ingest/ui/import-batches.server";
import * as wizard from "~/ingest/ui/import-wizard.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.imports");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "imports.view");
  const agencyId = scopeAgency(user);
  const canUpload = can(user.role, "imports.upload");
  const [batches, agencies, profiles] = await Promise.all([
    listImportBatchRows({ agencyId, limit: 500 }),
    canUpload ? listAgencies({ agencyId }) : [],
    canUpload ? listMappingProfiles(agencyId === undefined ? {} : { agencyId }) : [],
  ]);
  return {
    batches,
    canUpload,
    kinds: isAgencyScoped(user.role) ? agencyImportKinds : importKinds,
    fixedAgencyId: isAgencyScoped(user.role) ? (agencyId ?? null) : null,
    agencies: agencies.map(({ id, code, name }) => ({ id, code, name })),
    profiles: profiles.map(({ id, name, kind, agencyId: owner }) => ({ id, name, kind, agencyId: owner })),
  };
}

type Errors = Record<string, FieldMessage>;
type ActionResult =
  | { step: "upload"; errors: Errors }
  | { step: "preview"; preview: wizard.ImportPreview; errors: Errors }
  | { step: "outcome"; result: Exclude<SubmitImportResult, { status: "queued" }> };

const intentSchema = z.enum(["preview", "remap", "confirm"]);
const uploadStep = (errors: Errors, status = 400) => data<ActionResult>({ step: "upload", errors }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "imports.upload");
  const upload = wizard.isMultipart(request)
    ? await wizard.readUploadForm(request, user.id)
    : { fields: Object.fromEntries([...(await readFormData(request, user))].map(([key, value]) => [key, String(value)])), file: null };
  if ("tooLargeBytes" in upload) return uploadStep({ file: { key: "imports.validation.fileTooLarge", params: { megabytes: Math.floor(upload.tooLargeBytes / 1024 ** 2) } } }, 413);
  const { fields, file } = upload;
  const intent = intentSchema.safeParse(fields.intent);
  if (!intent.success) throw new Response("Unknown intent", { status: 400 });
  const targetInput = wizard.uploadTargetSchema.safeParse(fields);
  if (!targetInput.success) return uploadStep(fieldMessages(targetInput.error));
  const stored = intent.data === "preview" ? file : (wizard.storedFileSchema.safeParse(fields).data ?? null);
  if (!stored) return uploadStep({ file: { key: "imports.validation.fileRequired" } });
  const resolved = await wizard.resolveUploadTarget(user, targetInput.data);
  if (!resolved.ok) return uploadStep(resolved.errors);
  const { target } = resolved;
  if (target.layout !== null) {
    // A built-in layout has fixed columns: nothing to map, so the upload is imported straight away.
    const submitted = await wizard.submitLayoutImport({ user, file: stored, target: { ...target, layout: target.layout } });
    if (submitted.status === "invalid") return uploadStep(submitted.errors, 410);
    return outcome(submitted.result);
  }

  const previewed = await wizard.buildImportPreview(stored, resolved.target, intent.data === "preview" ? null : fields, user);
  if (previewed.status === "unreadable") return uploadStep({ file: { key: "imports.validation.unreadable", params: { message: previewed.message } } }, 422);
  if (previewed.status === "missing-upload") return uploadStep({ file: { key: "imports.validation.uploadMissing" } }, 410);
  if (previewed.status === "invalid") throw new Response("Invalid mapping form", { status: 400 });
  if (intent.data !== "confirm") return data<ActionResult>({ step: "preview", preview: previewed.preview, errors: previewed.errors });

  const profileName = wizard.profileNameSchema.safeParse(fields);
  if (!profileName.success) return data<ActionResult>({ step: "preview", preview: previewed.preview, errors: fieldMessages(profileName.error) }, { status: 400 });
  const confirmed = await wizard.confirmImport({ user, file: stored, target: resolved.target, previewed, profileName: profileName.data.profileName });
  if (confirmed.status === "invalid") return data<ActionResult>({ step: "preview", preview: previewed.preview, errors: confirmed.errors }, { status: 400 });
  return outcome(confirmed.result);
}

function outcome(result: SubmitImportResult) {
  if (result.status === "queued") return redirect(`/imports/${result.batchId}`);
  return data<ActionResult>({ step: "outcome", result }, { status: result.status === "rejected" ? 422 : 200 });
}

export default function Imports() {
  const { batches, canUpload, kinds, fixedAgencyId, agencies, profiles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors: Record<string, string> =
    result && result.step !== "outcome" ? Object.fromEntries(Object.entries(result.errors).map(([field, message]) => [field, t(message.key, message.params)])) : {};
  const busyIntent = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("imports.title")}
        subtitle={t("imports.subtitle")}
        actions={
          canUpload ? (
            <Link to="/imports/mappings" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50">
              {t("imports.profiles.title")}
            </Link>
          ) : null
        }
      />
      {result?.step === "outcome" ? <ImportOutcomeAlert result={result.result} /> : null}
      {canUpload ? (
        <Card title={result?.step === "preview" ? t("imports.preview.title") : t("imports.upload.title")}>
          <Steps current={result?.step === "preview" ? 2 : 1} />
          {result?.step === "preview" ? (
            <ImportPreviewStep preview={result.preview} errors={errors} busyIntent={busyIntent} />
          ) : (
            <ImportUploadForm kinds={kinds} agencies={agencies} fixedAgencyId={fixedAgencyId} profiles={profiles} errors={errors} busy={busyIntent === "preview"} />
          )}
        </Card>
      ) : null}
      <Card title={t("imports.history")}>{batches.length === 0 ? <EmptyState title={t("imports.none")} hint={t("imports.noneHint")} /> : <ImportBatchesGrid rows={batches} />}</Card>
    </div>
  );
}

function Steps({ current }: { current: 1 | 2 }) {
  const { t } = useI18n();
  const steps = [t("imports.steps.upload"), t("imports.steps.preview"), t("imports.steps.import")];
  return (
    <ol className="mb-6 flex items-center gap-2 text-xs font-medium" aria-label={t("imports.steps.label")}>
      {steps.map((label, index) => (
        <li key={label} className="flex items-center gap-2" aria-current={index + 1 === current ? "step" : undefined}>
          {index > 0 ? <span className="h-px w-8 bg-slate-300" aria-hidden="true" /> : null}
          <span className={`flex h-6 w-6 items-center justify-center rounded-full ${index + 1 <= current ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-600"}`}>{index + 1}</span>
          <span className={index + 1 === current ? "text-slate-900" : "text-slate-500"}>{label}</span>
        </li>
      ))}
    </ol>
  );
}
