import { useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { performComplaintPageAction } from "~/complaints/complaint-page-actions.server";
import { getComplaintDetail } from "~/complaints/complaint-queries.server";
import { complaintActor, complaintFailureResponse } from "~/complaints/complaint-route.server";
import { ComplaintCorroborationCard, ComplaintFiles, ComplaintHeader, ComplaintHistory, ComplaintLinks, ComplaintWork } from "~/components/complaint-page";
import { Alert } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) => pageTitle(matches, loaded ? (t) => t("pageTitle.complaint", { ref: loaded.complaint.complaintRef }) : "complaints.title");

// One complaint: what was reported, what the agency's log says (corroboration), its investigation, links to
// violations and findings, files and history, with the forms the life cycle allows the viewer now. Another agency's
// complaint is a 404; a refused action shows the domain's reason.
const paramsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaints.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  try {
    return { complaint: await getComplaintDetail(complaintActor(user, request), parsed.data.id, new Date()) };
  } catch (error) {
    complaintFailureResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "complaints.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const form = await readFormData(request, user);
  try {
    const result = await performComplaintPageAction(parsed.data.id, form, complaintActor(user, request), new Date());
    // A finding raised here opens at once: its page is where it is issued.
    if (result.findingId !== undefined) return redirect(`/findings/${result.findingId}`);
    return data({ ok: true as const, intent: result.intent });
  } catch (error) {
    return complaintFailureResponse(error);
  }
}

export default function ComplaintPage() {
  const { complaint } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="space-y-6">
      <ComplaintHeader complaint={complaint} />
      {result && result.ok ? <Alert tone="success">{t("complaintWork.form.done")}</Alert> : null}
      {result && !result.ok ? (
        <Alert tone="error">
          <span data-testid="complaint-refusal">
            {t("complaintWork.refusal")} {result.message}
          </span>
        </Alert>
      ) : null}
      <ComplaintCorroborationCard complaint={complaint} />
      <ComplaintWork complaint={complaint} />
      <ComplaintLinks complaint={complaint} />
      <ComplaintFiles complaint={complaint} />
      <ComplaintHistory complaint={complaint} />
    </div>
  );
}
