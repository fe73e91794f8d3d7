import { Form, Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requirePermission } from "~/auth/guards.server";
import { RulePackEditor, useFieldError } from "~/components/rule-pack-editor";
import { RulePackRunProgress } from "~/components/rule-pack-run-progress";
import { RulePackStateOverlays } from "~/components/rule-pack-state-overlays";
import { RulePackWhatIf } from "~/components/rule-pack-whatif";
import { Alert, Badge, Button, Card, Field, PageHeader, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { getLatestRuleEvaluationRun } from "~/rules/rule-evaluation-runs.server";
import { publishRulePackFromEditor } from "~/rules/rule-pack-changes.server";
import { formToParameters, validateRulePackForm, type RulePackFieldError } from "~/rules/rule-pack-form";
import { getRulePackEditorState, saveRulePackDraft } from "~/rules/rule-packs.server";
import { whatIfPeriod, whatIfPeriodSchema } from "~/rules/what-if-period";
import { whatIfRulePack } from "~/rules/what-if.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) =>
  pageTitle(matches, (t) => t("pageTitle.rulePackDraft", { code: loaded?.code ?? "" }));

const paramsSchema = z.object({ code: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/) });
const intentSchema = z.enum(["save", "whatif", "publish"]);
const MAX_NOTE = 2000;

async function loadState(params: unknown) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const state = await getRulePackEditorState(parsed.data.code);
  if (!state) throw notFound();
  return state;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "rulePacks.edit");
  const [state, latestRun] = await Promise.all([loadState(params), getLatestRuleEvaluationRun()]);
  const source = state.draft ?? state.published;
  return {
    code: state.code,
    name: state.name,
    draftVersion: state.draft?.version ?? null,
    draftSavedAt: state.draft?.createdAt ?? null,
    draftNote: state.draft?.changeNote ?? "",
    publishedVersion: state.published?.version ?? null,
    parameters: (source?.parameters ?? {}) as Record<string, Record<string, unknown> | undefined>,
    period: whatIfPeriod.defaultPeriod(new Date()),
    latestRun,
  };
}

type Errors = Record<string, RulePackFieldError>;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "rulePacks.edit");
  const state = await loadState(params);
  const form = await readFormData(request, user);
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) throw new Response("Unknown intent", { status: 400 });
  const validation = validateRulePackForm(formToParameters(form.entries()));
  const note = String(form.get("changeNote") ?? "").trim();
  const errors: Errors = validation.success ? {} : { ...validation.errors };
  if (note.length > MAX_NOTE) errors.changeNote = { key: "validation.tooLong", params: { maximum: MAX_NOTE } };
  if (intent.data === "publish" && note === "") errors.changeNote = { key: "rulePacks.validation.noteRequired" };
  const period = intent.data === "whatif" ? whatIfPeriodSchema.safeParse({ from: form.get("from"), to: form.get("to") }) : null;
  if (period && !period.success) errors[String(period.error.issues[0]?.path[0] ?? "from")] = { key: (period.error.issues[0]?.message ?? "validation.date") as RulePackFieldError["key"] };
  if (!validation.success || Object.keys(errors).length > 0) return data({ intent: intent.data, ok: false as const, errors }, { status: 400 });

  if (intent.data === "save") {
    const version = await saveRulePackDraft({ code: state.code, parameters: validation.data, changeNote: note, userId: user.id });
    return { intent: "save" as const, ok: true as const, version: version.version };
  }
  if (intent.data === "whatif" && period?.success) {
    const result = await whatIfRulePack({ code: state.code, draftParameters: validation.data, ...whatIfPeriod.toInstants(period.data) });
    return { intent: "whatif" as const, ok: true as const, whatIf: result, period: period.data };
  }
  const published = await publishRulePackFromEditor({ code: state.code, parameters: validation.data, changeNote: note, userId: user.id });
  return { intent: "publish" as const, ok: true as const, version: published.version.version, run: published.run };
}

export default function RulePackDraft() {
  const { code, name, draftVersion, draftSavedAt, draftNote, publishedVersion, parameters, period, latestRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const i18n = useI18n();
  const { t } = i18n;
  const describe = useFieldError();
  const errors: Errors = result && !result.ok ? result.errors : {};
  const busy = navigation.state !== "idle" ? String(navigation.formData?.get("intent") ?? "") : null;
  const run = result?.ok && "run" in result ? result.run : null;
  return (
    <div className="space-y-6">
      <Link to={`/rules/${code}`} className="text-sm font-medium text-brand-600 hover:underline">
        ← {t("rulePacks.historyTitle", { code })}
      </Link>
      <PageHeader
        title={t("rulePacks.draftTitle", { code })}
        subtitle={name}
        actions={
          <>
            {publishedVersion !== null ? <Badge tone="good">{t("rulePacks.inForce", { version: publishedVersion })}</Badge> : null}
            {draftVersion !== null ? <Badge tone="warn">{t("rulePacks.draftVersion", { version: draftVersion, at: i18n.dateTime(draftSavedAt) })}</Badge> : null}
          </>
        }
      />
      {result && !result.ok ? <Alert tone="error">{t("rulePacks.validation.summary", { count: Object.keys(result.errors).length })}</Alert> : null}
      {result?.ok && result.intent === "save" ? <Alert tone="success">{t("rulePacks.saved", { version: result.version })}</Alert> : null}
      {result?.ok && result.intent === "publish" ? <Alert tone="success">{t("rulePacks.publishedNow", { version: result.version })}</Alert> : null}
      {run ? (
        <Card title={t("rulePacks.run.afterPublish")}>
          <RulePackRunProgress key={run.id} run={run} />
        </Card>
      ) : null}
      <Form method="post" className="space-y-6" data-testid="rule-pack-draft-form">
        <Card title={t("rulePacks.whatIf.title")}>
          <p className="mb-4 text-sm text-slate-600">{t("rulePacks.whatIf.hint")}</p>
          <div className="flex flex-wrap items-end gap-3">
            <Field label={t("rulePacks.whatIf.from")} error={describe(errors.from)}>
              <input type="date" name="from" defaultValue={period.from} className={inputClassName} />
            </Field>
            <Field label={t("rulePacks.whatIf.to")} error={describe(errors.to)}>
              <input type="date" name="to" defaultValue={period.to} className={inputClassName} />
            </Field>
            <Button type="submit" name="intent" value="whatif" variant="secondary" disabled={busy !== null} data-testid="run-whatif">
              {busy === "whatif" ? t("rulePacks.whatIf.running") : t("rulePacks.whatIf.run")}
            </Button>
          </div>
          {result?.ok && result.intent === "whatif" ? (
            <div className="mt-6">
              <RulePackWhatIf result={result.whatIf} />
            </div>
          ) : null}
        </Card>
        <Card title={t("rulePacks.parameters")}>
          <RulePackEditor parameters={parameters} errors={errors} />
        </Card>
        <RulePackStateOverlays code={code} parameters={parameters} />
        <Card title={t("rulePacks.publishTitle")}>
          <div className="space-y-4">
            <Field label={t("rulePacks.changeNote")} hint={t("rulePacks.changeNoteHint")} error={describe(errors.changeNote)}>
              <textarea name="changeNote" defaultValue={draftNote} rows={3} className={inputClassName} />
            </Field>
            <div className="flex flex-wrap gap-3">
              <Button type="submit" name="intent" value="save" variant="secondary" disabled={busy !== null} data-testid="save-draft">
                {t("rulePacks.saveDraft")}
              </Button>
              <Button type="submit" name="intent" value="publish" disabled={busy !== null} data-testid="publish-draft">
                {t("rulePacks.publish")}
              </Button>
            </div>
            <p className="text-xs text-slate-500">{t("rulePacks.publishHint")}</p>
          </div>
        </Card>
      </Form>
      {!run && latestRun ? (
        <Card title={t("rulePacks.run.latest")}>
          <RulePackRunProgress key={latestRun.id} run={latestRun} />
        </Card>
      ) : null}
    </div>
  );
}
