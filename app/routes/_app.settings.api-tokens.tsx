import { Form, Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { listAgencies } from "~/agencies/agencies.server";
import { apiTokenExpiry, apiTokenScopes, defaultTokenLifetimeDays, maxTokenLifetimeDays } from "~/api-tokens/api-token-input";
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenListItem } from "~/api-tokens/api-tokens.server";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { AgencyOptions, Alert, Badge, Button, Card, type Column, EmptyState, Field, inputClassName, PageHeader, SimpleTable } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { fieldMessages, type FieldMessage } from "~/i18n/validation";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apiTokens.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.apiTokens");
  const [tokens, agencies] = await Promise.all([listApiTokens(), listAgencies()]);
  const today = new Date().toISOString().slice(0, 10);
  return { tokens, agencies: agencies.map(({ id, code, name }) => ({ id, code, name })), today };
}

const maxNameLength = 100;
const newTokenSchema = z.object({
  agencyId: z.coerce.number().int().positive(),
  name: z.string().trim().min(1).max(maxNameLength),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  scopes: z.array(z.enum(apiTokenScopes)).min(1),
});
const revokeSchema = z.object({ tokenId: z.coerce.number().int().positive() });

type ActionResult =
  | { ok: true; intent: "create"; token: string; name: string; agencyCode: string }
  | { ok: true; intent: "revoke"; name: string }
  | { ok: false; errors: Record<string, FieldMessage> };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "settings.apiTokens");
  const formData = await readFormData(request, admin);
  const form = Object.fromEntries(formData);
  if (form.intent === "create") {
    const parsed = newTokenSchema.safeParse({ ...form, scopes: formData.getAll("scopes") });
    const errors: Record<string, FieldMessage> = parsed.success ? {} : fieldMessages(parsed.error);
    if (errors.scopes) errors.scopes = { key: "apiTokens.scopeRequired" };
    const expiresAt = parsed.success ? apiTokenExpiry(parsed.data.expiresOn, new Date()) : null;
    if (errors.expiresOn || (parsed.success && !expiresAt)) errors.expiresOn = { key: "apiTokens.expiresInvalid", params: { days: maxTokenLifetimeDays } };
    // Only active agencies get tokens (an inactive agency's token would be refused anyway).
    const agencyId = newTokenSchema.shape.agencyId.safeParse(form.agencyId);
    const agency = agencyId.success ? (await listAgencies({ agencyId: agencyId.data }))[0] : undefined;
    if (!agency) errors.agencyId = { key: "apiTokens.agencyRequired" };
    if (!parsed.success || !agency || !expiresAt) return data<ActionResult>({ ok: false, errors }, { status: 400 });
    const created = await createApiToken({ agencyId: agency.id, name: parsed.data.name, createdById: admin.id, scopes: parsed.data.scopes, expiresAt });
    await logAccess({
      userId: admin.id,
      action: "API_TOKEN_CREATED",
      resourceType: "apiToken",
      resourceId: created.id,
      detail: { agencyId: agency.id, agencyCode: agency.code, name: parsed.data.name, tokenPrefix: created.tokenPrefix, scopes: parsed.data.scopes, expiresAt: expiresAt.toISOString() },
      request,
    });
    return data<ActionResult>({ ok: true, intent: "create", token: created.token, name: parsed.data.name, agencyCode: agency.code });
  }
  if (form.intent === "revoke") {
    const parsed = revokeSchema.safeParse(form);
    if (!parsed.success) throw new Response("Invalid token id", { status: 400 });
    const result = await revokeApiToken(parsed.data.tokenId);
    if (result.status === "not-found") throw new Response("Not Found", { status: 404 });
    if (result.status === "already-revoked") return data<ActionResult>({ ok: false, errors: { tokenId: { key: "apiTokens.alreadyRevoked" } } }, { status: 409 });
    await logAccess({
      userId: admin.id,
      action: "API_TOKEN_REVOKED",
      resourceType: "apiToken",
      resourceId: result.id,
      detail: { agencyId: result.agencyId, agencyCode: result.agencyCode, name: result.name, tokenPrefix: result.tokenPrefix },
      request,
    });
    return data<ActionResult>({ ok: true, intent: "revoke", name: result.name });
  }
  throw new Response("Unknown intent", { status: 400 });
}

/** The new token, shown once: a read-only field to select and a copy button. */
function NewToken({ token }: { token: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-3 space-y-2">
      <div className="flex gap-2">
        <input readOnly value={token} aria-label={t("apiTokens.tokenLabel")} data-testid="new-api-token" className={`${inputClassName} font-mono`} onFocus={(event) => event.currentTarget.select()} />
        <Button type="button" variant="secondary" onClick={() => void navigator.clipboard?.writeText(token).then(() => setCopied(true), () => setCopied(false))}>
          {copied ? t("apiTokens.copied") : t("apiTokens.copy")}
        </Button>
      </div>
      <p className="text-xs">{t("apiTokens.copyHint")}</p>
    </div>
  );
}

function RevokeButton({ token }: { token: ApiTokenListItem }) {
  const { t } = useI18n();
  const confirmRevoke = (event: FormEvent) => {
    if (!window.confirm(t("apiTokens.revokeConfirm", { name: token.name }))) event.preventDefault();
  };
  return (
    <Form method="post" onSubmit={confirmRevoke}>
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="tokenId" value={token.id} />
      <Button type="submit" variant="danger">
        {t("apiTokens.revoke")}
      </Button>
    </Form>
  );
}

function addDays(isoDay: string, days: number): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export default function ApiTokens() {
  const { tokens, agencies, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const i18n = useI18n();
  const { t } = i18n;
  const errors: Record<string, string> = result && !result.ok ? Object.fromEntries(Object.entries(result.errors).map(([field, message]) => [field, t(message.key, message.params)])) : {};
  const columns: Column<ApiTokenListItem>[] = [
    { header: t("apiTokens.agency"), cell: (token) => (token.agencyActive ? token.agencyCode : <>{token.agencyCode} <Badge tone="warn">{t("apiTokens.agencyInactive")}</Badge></>) },
    { header: t("apiTokens.name"), cell: (token) => token.name },
    { header: t("apiTokens.prefix"), cell: (token) => <code className="font-mono text-xs">{token.tokenPrefix}…</code> },
    { header: t("apiTokens.createdBy"), cell: (token) => token.createdByName ?? t("common.none") },
    { header: t("common.createdAt"), cell: (token) => i18n.dateTime(token.createdAt) },
    { header: t("apiTokens.lastUsed"), cell: (token) => (token.lastUsedAt ? i18n.dateTime(token.lastUsedAt) : t("apiTokens.neverUsed")) },
    { header: t("apiTokens.scopes"), cell: (token) => token.scopes.map((scope) => t(`apiTokens.scopeShort.${scope}`)).join(", ") },
    { header: t("apiTokens.expires"), cell: (token) => (token.expiresAt ? i18n.dateTime(token.expiresAt) : t("apiTokens.neverExpires")) },
    {
      header: t("common.status"),
      cell: (token) =>
        token.revokedAt ? (
          <Badge tone="bad">{t("apiTokens.revokedOn", { date: i18n.dateTime(token.revokedAt) })}</Badge>
        ) : token.expiresAt && token.expiresAt <= new Date().toISOString() ? (
          <Badge tone="warn">{t("apiTokens.expiredOn", { date: i18n.dateTime(token.expiresAt) })}</Badge>
        ) : (
          <Badge tone="good">{t("apiTokens.active")}</Badge>
        ),
    },
    { header: t("common.actions"), cell: (token) => (token.revokedAt ? null : <RevokeButton token={token} />) },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t("apiTokens.title")} subtitle={t("apiTokens.subtitle")} />
      {result?.ok && result.intent === "create" ? (
        <Alert tone="success">
          {t("apiTokens.created", { name: result.name, agency: result.agencyCode })}
          <NewToken key={result.token} token={result.token} />
        </Alert>
      ) : null}
      {result?.ok && result.intent === "revoke" ? <Alert tone="success">{t("apiTokens.revokedNotice", { name: result.name })}</Alert> : null}
      {result && !result.ok ? <Alert tone="error">{Object.values(errors).join(" ")}</Alert> : null}
      <Card title={t("apiTokens.new")}>
        <Form method="post" className="grid gap-4 md:grid-cols-3" data-testid="new-api-token-form">
          <input type="hidden" name="intent" value="create" />
          <Field label={t("apiTokens.agency")} error={errors.agencyId}>
            <select name="agencyId" required defaultValue="" className={inputClassName}>
              <option value="">{t("apiTokens.chooseAgency")}</option>
              <AgencyOptions agencies={agencies} />
            </select>
          </Field>
          <Field label={t("apiTokens.name")} hint={t("apiTokens.nameHint")} error={errors.name}>
            <input name="name" required maxLength={maxNameLength} className={inputClassName} />
          </Field>
          <Field label={t("apiTokens.expires")} hint={t("apiTokens.expiresHint")} error={errors.expiresOn}>
            <input type="date" name="expiresOn" required min={today} defaultValue={addDays(today, defaultTokenLifetimeDays)} max={addDays(today, maxTokenLifetimeDays)} className={inputClassName} />
          </Field>
          <fieldset className="md:col-span-2">
            <legend className="text-sm font-medium">{t("apiTokens.scopes")}</legend>
            {apiTokenScopes.map((scope) => (
              <label key={scope} className="mr-6 inline-flex items-center gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "UPLOAD"} />
                {t(`apiTokens.scope.${scope}`)}
              </label>
            ))}
            {errors.scopes ? <p className="text-sm text-red-700">{errors.scopes}</p> : null}
          </fieldset>
          <div className="flex items-end">
            <Button type="submit">{t("apiTokens.create")}</Button>
          </div>
        </Form>
        <p className="mt-4 text-xs text-slate-500">
          <Link to="/help/api" className="underline">
            {t("apiTokens.docsLink")}
          </Link>
        </p>
      </Card>
      <Card title={t("apiTokens.list")}>
        {tokens.length === 0 ? <EmptyState title={t("apiTokens.none")} hint={t("apiTokens.noneHint")} /> : <SimpleTable columns={columns} rows={tokens} rowKey={(token) => token.id} />}
      </Card>
    </div>
  );
}
