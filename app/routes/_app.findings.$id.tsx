import { useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { currentTime } from "~/clock/clock.server";
import { FindingActionForms, FindingAttachments, FindingContests, FindingDraftEditor, FindingEvidence, FindingHeader, FindingHistory, FindingRefusal, FindingResponses, FindingVerificationCard } from "~/components/finding-page";
import { Alert } from "~/components/ui";
import { performFindingPageAction } from "~/findings/finding-page-actions.server";
import { EVIDENCE_PAGE_SIZE, getFinding, listFindingEvidence } from "~/findings/finding-queries.server";
import { findingActor, findingFailureResponse } from "~/findings/finding-route.server";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => pageTitle(matches, loaded ? (t) => `#${loaded.finding.id} ${loaded.finding.title} · ${t("findings.list.title")}` : "findings.list.title");

// One finding: header, evidence (a page of 50 at a time: a finding may cover thousands), contests, the agency's
// answers and plan, verification, history, files, and the forms the life cycle allows the viewer's role now.
// Another agency's finding is a 404; a refused action shows the domain's reason in the reader's language. "Now" is
// the findings clock (app/clock), which browser tests move.
const paramsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const evidencePageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "findings.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const viewer = findingActor(user, request);
  const requestedPage = evidencePageSchema.parse(new URL(request.url).searchParams.get("evidence") ?? 1);
  try {
    const finding = await getFinding(viewer, parsed.data.id, currentTime());
    const lastPage = Math.max(1, Math.ceil(finding.violationCount / EVIDENCE_PAGE_SIZE));
    const page = Math.min(requestedPage, lastPage);
    const evidence = await listFindingEvidence(viewer, parsed.data.id, { offset: (page - 1) * EVIDENCE_PAGE_SIZE, limit: EVIDENCE_PAGE_SIZE });
    return { finding, evidence: { ...evidence, page, pageSize: EVIDENCE_PAGE_SIZE } };
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
    const { intent, status } = await performFindingPageAction(parsed.data.id, form, findingActor(user, request), currentTime());
    return data({ ok: true as const, intent, status });
  } catch (error) {
    return findingFailureResponse(error);
  }
}

export default function FindingPage() {
  const { finding, evidence } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="space-y-6">
      <FindingHeader finding={finding} />
      {result && result.ok ? <Alert tone="success">{t("findings.form.done")}</Alert> : null}
      {result && !result.ok ? (
        <Alert tone="error">
          <FindingRefusal failure={result} testId="finding-refusal" />
        </Alert>
      ) : null}
      <FindingActionForms finding={finding} />
      <FindingDraftEditor finding={finding} />
      <FindingEvidence finding={finding} evidence={evidence} />
      <FindingContests finding={finding} />
      <FindingResponses finding={finding} />
      <FindingVerificationCard finding={finding} />
      <FindingAttachments finding={finding} />
      <FindingHistory finding={finding} />
    </div>
  );
}
