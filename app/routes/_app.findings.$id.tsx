import { useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { FindingActionForms, FindingAttachments, FindingEvidence, FindingHeader, FindingHistory, FindingResponses, FindingVerificationCard } from "~/components/finding-page";
import { Alert } from "~/components/ui";
import { performFindingPageAction } from "~/findings/finding-page-actions.server";
import { getFinding } from "~/findings/finding-queries.server";
import { findingActor, findingFailureResponse } from "~/findings/finding-route.server";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => pageTitle(matches, loaded ? (t) => `#${loaded.finding.id} ${loaded.finding.title} · ${t("findings.list.title")}` : "findings.list.title");

// One finding: header, evidence, the agency's answers and plan, verification, history, files, and the forms the life
// cycle allows the viewer's role now. Another agency's finding is a 404; a refused action shows the domain's reason.
const paramsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  try {
    return { finding: await getFinding(findingActor(user, request), parsed.data.id, new Date()) };
  } catch (error) {
    findingFailureResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const form = await readFormData(request, user);
  try {
    const { intent, outcome } = await performFindingPageAction(parsed.data.id, form, findingActor(user, request), new Date());
    return data({ ok: true as const, intent, status: outcome.to });
  } catch (error) {
    return findingFailureResponse(error);
  }
}

export default function FindingPage() {
  const { finding } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tEnum } = useI18n();
  return (
    <div className="space-y-6">
      <FindingHeader finding={finding} />
      {result && result.ok ? <Alert tone="success">{t("findings.form.done")}</Alert> : null}
      {result && !result.ok ? (
        <Alert tone="error">
          <span data-testid="finding-refusal">
            {tEnum("findings.refusal", result.reason)} {result.message}
          </span>
        </Alert>
      ) : null}
      <FindingActionForms finding={finding} />
      <FindingEvidence finding={finding} />
      <FindingResponses finding={finding} />
      <FindingVerificationCard finding={finding} />
      <FindingAttachments finding={finding} />
      <FindingHistory finding={finding} />
    </div>
  );
}
