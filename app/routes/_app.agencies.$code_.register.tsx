import { currentTime } from "~/clock/clock.server";
import { Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { licenceFromForm, profileFromForm } from "~/agency-register/register-form";
import { registerActor, registerFailureResponse, requireRegisterAgency } from "~/agency-register/register-route.server";
import { getAgencyRegister, saveAgencyLicence, saveAgencyProfile, setAgencyStatus } from "~/agency-register/register.server";
import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { RegisterDocuments } from "~/components/agency-register/register-documents";
import { RegisterLicences } from "~/components/agency-register/register-licences";
import { RegisterProfile } from "~/components/agency-register/register-profile";
import { RegisterStatus, StatusBadge } from "~/components/agency-register/register-status";
import { ActionRequiredNotice } from "~/components/agency-register/action-required";
import { Alert, PageHeader } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import { pageTitle } from "~/i18n/page-title";

// /agencies/:code/register: the agency's due-diligence register (ADR 030). Everyone who sees the agency reads it (an
// AGENCY user only their own); vendor managers, compliance and administrators keep it. Documents are uploaded to
// and downloaded from /agencies/:code/register/documents.
export const meta: MetaFunction = ({ matches, params }) => pageTitle(matches, (t) => t("pageTitle.agencyRegister", { code: params.code ?? "" }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "agencies.view");
  const agency = await requireRegisterAgency(user, params.code);
  const register = await getAgencyRegister(agency.id, registerActor(user, request), currentTime());
  return { register, canManage: can(user.role, "register.manage") };
}

const intentSchema = z.enum(["profile", "licence", "status"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "register.manage");
  const agency = await requireRegisterAgency(user, params.code);
  const form = await readFormData(request, user);
  const intent = intentSchema.safeParse(form.get("intent"));
  if (!intent.success) return data({ ok: false as const, reason: "INVALID", field: "intent", message: "unknown form" }, { status: 400 });
  const actor = registerActor(user, request);
  try {
    if (intent.data === "profile") await saveAgencyProfile(agency.id, profileFromForm(form), actor);
    else if (intent.data === "licence") await saveAgencyLicence(agency.id, licenceFromForm(form), actor);
    else await setAgencyStatus(agency.id, { status: form.get("status"), reason: form.get("reason") }, actor, currentTime());
    return { ok: true as const, intent: intent.data };
  } catch (error) {
    return registerFailureResponse(error);
  }
}

export default function AgencyRegisterPage() {
  const { register, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const { agency } = register;
  const failure = result && !result.ok ? result : null;
  const doneIntent = result && result.ok ? result.intent : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("register.title")}
        subtitle={t("register.subtitle", { code: agency.code, name: agency.name })}
        actions={
          <>
            <StatusBadge status={agency.status} />
            <Link to={`/agencies/${encodeURIComponent(agency.code)}`} className="text-sm text-brand-600 hover:underline">
              {t("register.backToAgency")}
            </Link>
          </>
        }
      />
      <ActionRequiredNotice missingTypes={register.missingTypes} showAllClear />
      {canManage ? null : <Alert tone="info">{t("register.readOnly")}</Alert>}
      <RegisterStatus register={register} canManage={canManage} failure={failure} done={doneIntent === "status"} />
      <RegisterLicences register={register} canManage={canManage} failure={failure} done={doneIntent === "licence"} />
      <RegisterDocuments register={register} canManage={canManage} />
      <RegisterProfile register={register} canManage={canManage} failure={failure} done={doneIntent === "profile"} />
    </div>
  );
}
