import { Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, scopeAgency } from "~/auth/guards.server";
import { isAgencyScoped } from "~/auth/permissions";
import { complaintInputSchema } from "~/complaints/complaint-input";
import { createComplaint } from "~/complaints/create-complaint.server";
import { ComplaintForm } from "~/components/complaint-form";
import { Card, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { fieldMessages, type FieldMessage } from "~/i18n/validation";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pageTitle.newComplaint");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaints.create");
  const agencyId = scopeAgency(user);
  return { agencies: await listAgencyChoices({ agencyId }), fixedAgencyId: isAgencyScoped(user.role) ? (agencyId ?? null) : null };
}

type ActionResult = { errors: Record<string, FieldMessage>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "complaints.create");
  const values = Object.fromEntries([...(await readFormData(request, user))].map(([key, value]) => [key, String(value)]));
  const parsed = complaintInputSchema.safeParse(values);
  if (!parsed.success) return data<ActionResult>({ errors: fieldMessages(parsed.error), values }, { status: 400 });
  const result = await createComplaint(parsed.data, { scopeAgencyId: scopeAgency(user) });
  if (!result.ok) return data<ActionResult>({ errors: result.errors, values }, { status: 400 });
  return redirect(`/complaints?created=${encodeURIComponent(result.complaintRef)}`);
}

export default function NewComplaint() {
  const { agencies, fixedAgencyId } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("complaints.newTitle")}
        subtitle={t("complaints.newSubtitle")}
        actions={
          <Link to="/complaints" className="text-sm text-brand-600 hover:underline">
            {t("common.back")}
          </Link>
        }
      />
      <Card>
        <ComplaintForm agencies={agencies} fixedAgencyId={fixedAgencyId} errors={outcome?.errors ?? {}} values={outcome?.values ?? {}} busy={navigation.state !== "idle"} />
      </Card>
    </div>
  );
}
