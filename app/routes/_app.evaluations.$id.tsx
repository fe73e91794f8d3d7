import { useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { currentTime } from "~/clock/clock.server";
import { EvaluationDocumentsCard } from "~/components/evaluations/evaluation-documents";
import { EvaluationFiguresCard } from "~/components/evaluations/evaluation-figures";
import { EvaluationForm } from "~/components/evaluations/evaluation-form";
import { ProblemList } from "~/components/evaluations/problem-list";
import { Alert, Badge, Card, PageHeader } from "~/components/ui";
import { evaluationEditFromForm } from "~/evaluations/evaluation-form";
import { EvaluationError, getEvaluation, signEvaluation, updateEvaluation } from "~/evaluations/evaluations.server";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ matches, data: loaded }) =>
  pageTitle(matches, (t) => (loaded ? t("pageTitle.evaluation", { id: loaded.evaluation.id }) : t("nav.evaluations")));

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

async function evaluationOr404(user: Parameters<typeof getEvaluation>[0], id: number) {
  try {
    return await getEvaluation(user, id);
  } catch (error) {
    if (error instanceof EvaluationError && error.code === "NOT_FOUND") throw notFound();
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "evaluations.view");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const evaluation = await evaluationOr404(user, parsed.data.id);
  return { evaluation, canEdit: can(user.role, "evaluations.manage") && evaluation.status === "DRAFT", canSign: user.role === "VENDOR_MANAGER" || user.role === "COMPLIANCE" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "evaluations.manage");
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  await evaluationOr404(user, parsed.data.id);
  const form = await readFormData(request, user);
  const version = Number(form.get("version"));
  try {
    if (form.get("intent") === "sign") {
      const outcome = await signEvaluation(parsed.data.id, version, user, currentTime());
      return { done: outcome.status === "frozen" ? "evaluations.frozen" : "evaluations.signedOnce", problems: [] as string[] };
    }
    await updateEvaluation(parsed.data.id, evaluationEditFromForm(form), version, user, currentTime());
    return { done: "evaluations.saved", problems: [] as string[] };
  } catch (error) {
    if (error instanceof EvaluationError && error.code !== "NOT_FOUND") return data({ done: null, problems: error.problems.length > 0 ? error.problems : ["error.forbidden"] }, { status: error.code === "FORBIDDEN" ? 403 : 400 });
    throw error;
  }
}

export default function EvaluationPage() {
  const { evaluation, canEdit, canSign } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const i18n = useI18n();
  const { t } = i18n;
  const signature = (name: string | null, at: string | null) => (name && at ? t("evaluations.signedBy", { name, at: i18n.dateTime(at) }) : t("evaluations.signature.pending"));
  const ruleCodes = evaluation.figures.compliance.byRule.filter((rule) => rule.count > 0).map((rule) => rule.ruleCode);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${t("pageTitle.evaluation", { id: evaluation.id })} · ${evaluation.agencyCode}`}
        subtitle={`${evaluation.agencyName} · ${evaluation.periodFrom} – ${evaluation.periodTo}`}
        actions={<Badge tone={evaluation.status === "SIGNED" ? "good" : "neutral"}>{i18n.tEnum("evaluations.status", evaluation.status)}</Badge>}
      />
      {result?.done ? <Alert tone="success">{i18n.tEnum(result.done.slice(0, result.done.lastIndexOf(".")), result.done.slice(result.done.lastIndexOf(".") + 1))}</Alert> : null}
      {result ? <ProblemList problems={result.problems} /> : null}
      <Card>
        <dl className="grid gap-2 text-sm md:grid-cols-2">
          <dt className="text-slate-600">{t("evaluations.signature.vendor")}</dt>
          <dd data-testid="evaluation-vendor-signature">{signature(evaluation.vendorSigner, evaluation.vendorSignedAt)}</dd>
          <dt className="text-slate-600">{t("evaluations.signature.compliance")}</dt>
          <dd data-testid="evaluation-compliance-signature">{signature(evaluation.complianceSigner, evaluation.complianceSignedAt)}</dd>
          {evaluation.workbookSha256 ? (
            <>
              <dt className="text-slate-600">{t("evaluations.sha256")}</dt>
              <dd className="break-all font-mono text-xs">{evaluation.workbookSha256}</dd>
            </>
          ) : null}
        </dl>
        {evaluation.status === "SIGNED" ? (
          <div className="mt-3 flex gap-4 text-sm font-medium">
            <a href={`/evaluations/${evaluation.id}/download`} className="text-brand-600 hover:underline" data-testid="evaluation-download">
              {t("evaluations.download")}
            </a>
            {evaluation.pdfSha256 ? (
              <a href={`/evaluations/${evaluation.id}/pdf`} className="text-brand-600 hover:underline" data-testid="evaluation-download-pdf" title={evaluation.pdfSha256}>
                {t("evaluations.downloadPdf")}
              </a>
            ) : null}
          </div>
        ) : null}
      </Card>
      <EvaluationFiguresCard figures={evaluation.figures} />
      <EvaluationDocumentsCard documents={evaluation.figures.documents} />
      {canEdit ? (
        <EvaluationForm values={{ ...evaluation, lenderNotes: evaluation.lenderNotes ?? "" }} ruleCodes={ruleCodes} canSign={canSign} busy={navigation.state !== "idle"} />
      ) : (
        <Card>
          <dl className="grid gap-2 text-sm md:grid-cols-4">
            {(["performance", "compliance", "infosec", "operations"] as const).map((key) => (
              <div key={key} className="contents">
                <dt className="font-medium">{t(`evaluations.section.${key}`)}</dt>
                <dd>{evaluation.sections[key].score ?? t("common.none")}</dd>
                <dd className="md:col-span-2">{evaluation.sections[key].comment}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-sm">
            {t("evaluations.overallRating")}: {evaluation.overallRating ?? t("common.none")} · {t("evaluations.decision")}: {i18n.tEnum("evaluations.decision", evaluation.decision)}
          </p>
          {evaluation.conditions.length > 0 ? (
            <ul className="mt-2 list-disc pl-5 text-sm">
              {evaluation.conditions.map((condition, index) => (
                <li key={index}>
                  {condition.text} ({i18n.tEnum("rules", `${condition.ruleCode}.name`)})
                  {evaluation.conditionFindingIds[index] ? (
                    <a href={`/findings/${evaluation.conditionFindingIds[index]}`} className="ml-2 text-brand-600 hover:underline">
                      #{evaluation.conditionFindingIds[index]}
                    </a>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="mt-3 text-sm" data-testid="evaluation-notes">
            {evaluation.lenderNotes === null ? t("evaluations.notesHidden") : evaluation.lenderNotes}
          </p>
        </Card>
      )}
    </div>
  );
}
