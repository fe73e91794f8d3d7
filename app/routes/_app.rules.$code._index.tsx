import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { RulePackDiff } from "~/components/rule-pack-diff";
import { Badge, Button, Card, PageHeader, SimpleTable, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { diffRulePackParameters } from "~/rules/rule-pack-form";
import { listRulePackVersions } from "~/rules/rule-packs.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) =>
  pageTitle(matches, (t) => t("pageTitle.rulePack", { code: loaded?.code ?? "" }));

const paramsSchema = z.object({ code: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/) });
const versionParam = z.coerce.number().int().positive().optional().catch(undefined);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "rulePacks.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const versions = await listRulePackVersions(parsed.data.code);
  if (versions.length === 0) throw notFound();
  const url = new URL(request.url);
  // By default: the newest version against the one before it.
  const to = versions.find((version) => version.version === versionParam.parse(url.searchParams.get("to") ?? undefined)) ?? versions[0]!;
  const from = versions.find((version) => version.version === versionParam.parse(url.searchParams.get("from") ?? undefined)) ?? versions.find((version) => version.version < to.version) ?? null;
  return {
    code: parsed.data.code,
    name: versions[0]!.name,
    canEdit: can(user.role, "rulePacks.edit"),
    versions: versions.map(({ parameters: _parameters, ...version }) => version),
    compare: { from: from?.version ?? null, to: to.version, changes: from ? diffRulePackParameters(from.parameters, to.parameters) : [] },
  };
}

export default function RulePackHistory() {
  const { code, name, canEdit, versions, compare } = useLoaderData<typeof loader>();
  const i18n = useI18n();
  const { t } = i18n;
  const statusTone = { PUBLISHED: "good", DRAFT: "warn", ARCHIVED: "neutral" } as const;
  return (
    <div className="space-y-6">
      <Link to="/rules" className="text-sm font-medium text-brand-600 hover:underline">
        ← {t("rulePacks.title")}
      </Link>
      <PageHeader
        title={t("rulePacks.historyTitle", { code })}
        subtitle={name}
        actions={
          canEdit ? (
            <Link to={`/rules/${code}/draft`} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
              {t("rulePacks.editDraft")}
            </Link>
          ) : null
        }
      />
      <Card title={t("rulePacks.versions")}>
        <SimpleTable
          rowKey={(version) => version.id}
          rows={versions}
          columns={[
            { header: t("rulePacks.version"), cell: (version) => <span className="font-medium">v{version.version}</span> },
            { header: t("common.status"), cell: (version) => <Badge tone={statusTone[version.status]}>{t(`rulePacks.status.${version.status}`)}</Badge> },
            { header: t("rulePacks.changeNote"), cell: (version) => version.changeNote ?? t("common.none") },
            { header: t("rulePacks.author"), cell: (version) => version.createdByName ?? t("rulePacks.builtIn") },
            { header: t("common.createdAt"), cell: (version) => i18n.dateTime(version.createdAt) },
            { header: t("rulePacks.publishedAt"), cell: (version) => (version.publishedAt ? i18n.dateTime(version.publishedAt) : t("common.none")) },
          ]}
        />
      </Card>
      <Card title={t("rulePacks.diff.title")}>
        <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
          <VersionSelect name="from" label={t("rulePacks.diff.from")} value={compare.from} versions={versions} />
          <VersionSelect name="to" label={t("rulePacks.diff.to")} value={compare.to} versions={versions} />
          <Button type="submit" variant="secondary">
            {t("rulePacks.diff.compare")}
          </Button>
        </Form>
        {compare.from === null ? <p className="text-sm text-slate-600">{t("rulePacks.diff.onlyOne")}</p> : <RulePackDiff changes={compare.changes} />}
      </Card>
    </div>
  );
}

function VersionSelect({ name, label, value, versions }: { name: string; label: string; value: number | null; versions: readonly { version: number }[] }) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <select name={name} defaultValue={value ?? undefined} key={value ?? "none"} className={`${inputClassName} mt-1 w-32`}>
        {versions.map((version) => (
          <option key={version.version} value={version.version}>
            v{version.version}
          </option>
        ))}
      </select>
    </label>
  );
}
