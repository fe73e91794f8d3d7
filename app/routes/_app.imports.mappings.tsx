import { Form, Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { listAgencies } from "~/agencies/agencies.server";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { can, isAgencyScoped } from "~/auth/permissions";
import { MappingProfileActions, MappingProfileEditor, type FieldCatalog } from "~/components/mapping-profile-editor";
import { AgencyOptions, Alert, Badge, Button, Card, EmptyState, inputClassName, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import type { FieldMessage } from "~/i18n/validation";
import { fieldsFor } from "~/ingest/rows/canonical-fields";
import { countBatchesByMappingProfile, listMappingProfiles } from "~/ingest/pipeline/mapping-profiles.server";
import { agencyImportKinds, importKinds } from "~/ingest/pipeline/import-types";
import { deleteProfileFromForm, profileFilterSchema, renameProfileFromForm, saveProfileFromForm, valueMappableFields } from "~/ingest/ui/mapping-profiles.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.profiles.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "imports.view");
  const filter = profileFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const scoped = isAgencyScoped(user.role);
  const agencyFilter = scoped ? scopeAgency(user) : filter.agency === "" ? undefined : filter.agency === "lender" ? null : filter.agency;
  const [profiles, agencies] = await Promise.all([
    listMappingProfiles({ agencyId: agencyFilter, ...(filter.kind ? { kind: filter.kind } : {}) }),
    listAgencies({ agencyId: scopeAgency(user), includeInactive: true }),
  ]);
  const batchCounts = await countBatchesByMappingProfile(profiles.map((profile) => profile.id));
  const catalog = Object.fromEntries(
    importKinds.map((kind) => [kind, { fields: fieldsFor(kind).map(({ name, required }) => ({ name, required })), valueFields: valueMappableFields(kind) }]),
  ) as FieldCatalog;
  return {
    filter,
    profiles: profiles.map(({ id, kind, agencyId, name, updatedAt, profile }) => ({
      ...{ id, kind, agencyId, name, updatedAt, batchCount: batchCounts.get(id) ?? 0 },
      ...{ ...profile, dateFormat: profile.dateFormat ?? null, timeZone: profile.timeZone ?? null },
    })),
    agencies: agencies.map(({ id, code, name }) => ({ id, code, name })),
    canEdit: can(user.role, "imports.upload"),
    kinds: scoped ? agencyImportKinds : importKinds,
    allKinds: importKinds,
    fixedAgencyId: scoped ? (user.agencyId ?? null) : null,
    catalog,
  };
}

type ActionResult =
  | { ok: true; intent: "save" | "rename" | "delete"; formId: string; name: string; id: number; batchesKept?: number }
  | { ok: false; intent: "save" | "rename"; formId: string; errors: Record<string, FieldMessage> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "imports.upload");
  const form = Object.fromEntries([...(await readFormData(request, user))].map(([name, value]) => [name, String(value)]));
  const formId = String(form.formId ?? "new");
  if (form.intent === "delete") {
    const deleted = await deleteProfileFromForm(user, form);
    return data<ActionResult>({ ok: true, intent: "delete", formId, name: deleted.name, id: Number(form.profileId), batchesKept: deleted.batchesKept });
  }
  if (form.intent !== "save" && form.intent !== "rename") throw new Response("Unknown intent", { status: 400 });
  const intent = form.intent;
  const outcome = intent === "save" ? await saveProfileFromForm(user, form) : await renameProfileFromForm(user, form);
  if (outcome.status === "invalid") return data<ActionResult>({ ok: false, intent, formId, errors: outcome.errors }, { status: 400 });
  return data<ActionResult>({ ok: true, intent, formId, name: outcome.name, id: outcome.id });
}

function outcomeMessage(t: ReturnType<typeof useI18n>["t"], result: Extract<ActionResult, { ok: true }>): string {
  if (result.intent === "delete") return t("imports.profiles.deleted", { name: result.name, count: result.batchesKept ?? 0 });
  return result.intent === "rename" ? t("imports.profiles.renamed", { name: result.name }) : t("imports.profiles.saved", { name: result.name });
}

export default function MappingProfiles() {
  const { filter, profiles, agencies, canEdit, kinds, allKinds, fixedAgencyId, catalog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const i18n = useI18n();
  const { t } = i18n;
  const busy = navigation.state === "submitting";
  const errorsFor = (formId: string): Record<string, string> =>
    result && !result.ok && result.formId === formId ? Object.fromEntries(Object.entries(result.errors).map(([field, message]) => [field, t(message.key, message.params)])) : {};
  const agencyCode = (id: number | null) => (id === null ? t("imports.grid.lender") : (agencies.find((agency) => agency.id === id)?.code ?? `#${id}`));
  const editorProps = { catalog, kinds, agencies, fixedAgencyId, busy, readOnly: !canEdit };
  return (
    <div className="space-y-6">
      <Link to="/imports" className="text-sm font-medium text-brand-600 hover:underline">
        ← {t("imports.title")}
      </Link>
      <PageHeader title={t("imports.profiles.title")} subtitle={t("imports.profiles.subtitle")} />
      {result?.ok ? <Alert tone="success">{outcomeMessage(t, result)}</Alert> : null}
      {result && !result.ok ? <Alert tone="error">{t("imports.profiles.notSaved")}</Alert> : null}
      {canEdit ? (
        <Card title={t("imports.profiles.new")}>
          <MappingProfileEditor key={result?.ok && result.formId === "new" ? `new-${result.id}` : "new"} {...editorProps} errors={errorsFor("new")} />
        </Card>
      ) : null}
      <Form method="get" className="flex flex-wrap items-end gap-3" data-testid="profile-filter">
        {fixedAgencyId === null ? (
          <div className="w-64">
            <select name="agency" defaultValue={String(filter.agency)} aria-label={t("common.agency")} className={inputClassName}>
              <option value="">{t("common.allAgencies")}</option>
              <option value="lender">{t("imports.grid.lender")}</option>
              <AgencyOptions agencies={agencies} />
            </select>
          </div>
        ) : null}
        <div className="w-48">
          <select name="kind" defaultValue={filter.kind} aria-label={t("imports.kind")} className={inputClassName}>
            <option value="">{t("imports.profiles.allKinds")}</option>
            {allKinds.map((kind) => (
              <option key={kind} value={kind}>
                {i18n.tEnum("importKind", kind)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          {t("imports.profiles.filter")}
        </Button>
      </Form>
      {profiles.length === 0 ? <EmptyState title={t("imports.profiles.none")} hint={t("imports.profiles.noneHint")} /> : null}
      {profiles.map((profile) => (
        <details key={profile.id} className="group rounded-lg border border-slate-200 bg-white shadow-sm" open={!result?.ok && result?.formId === String(profile.id)} data-testid={`profile-${profile.id}`}>
          <summary className="flex cursor-pointer list-none flex-wrap items-center justify-between gap-3 px-5 py-4">
            <span className="flex items-center gap-3">
              <span className="text-base font-semibold text-slate-900">{profile.name}</span>
              <Badge>{i18n.tEnum("importKind", profile.kind)}</Badge>
              <Badge tone={profile.agencyId === null ? "neutral" : "good"}>{agencyCode(profile.agencyId)}</Badge>
            </span>
            <span className="flex items-center gap-4 text-xs text-slate-500">
              {t("imports.profiles.summary", { columns: Object.keys(profile.columnMap).length, values: Object.values(profile.valueMap).reduce((sum, map) => sum + Object.keys(map).length, 0) })}
              <span>{t("imports.profiles.updated", { time: i18n.dateTime(profile.updatedAt) })}</span>
              <span className="font-medium text-brand-600 group-open:hidden">{canEdit ? t("common.edit") : t("imports.profiles.show")}</span>
            </span>
          </summary>
          <div className="space-y-5 border-t border-slate-100 px-5 py-5">
            {canEdit ? <MappingProfileActions profile={profile} batchCount={profile.batchCount} errors={result?.intent === "rename" ? errorsFor(String(profile.id)) : {}} busy={busy} /> : null}
            <MappingProfileEditor {...editorProps} profile={profile} errors={result?.intent === "save" ? errorsFor(String(profile.id)) : {}} />
          </div>
        </details>
      ))}
    </div>
  );
}
