import { useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderApiDocumentation } from "~/api-tokens/render-api-docs.server";
import { requirePermission } from "~/auth/guards.server";
import { Card, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

// /help/api: the agencies' API documentation (docs/API.md) inside the app, for the people who wire an agency's
// systems to it: agency users and the administrators who issue the tokens.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pageTitle.apiDocs");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "api.docs");
  return renderApiDocumentation();
}

export default function ApiDocumentationPage() {
  const { html } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-6">
      <PageHeader title={t("apiDocs.title")} subtitle={t("apiDocs.subtitle")} />
      <Card>
        <article className="api-docs max-w-none text-sm leading-6" data-testid="api-docs" lang="en" dangerouslySetInnerHTML={{ __html: html }} />
      </Card>
    </div>
  );
}
