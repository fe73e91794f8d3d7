import { useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listAgencies } from "~/agencies/agencies.server";
import { issueInvitation, type IssuedInvitation } from "~/admin/invitations.server";
import { enqueueInvitationEmail } from "~/notifications/notification-email-queue.server";
import { newUserSchema, userChangeSchema } from "~/admin/user-input";
import { createUser, listUsers, updateUser } from "~/admin/users.server";
import { logAccess } from "~/audit/log-access.server";
import { requirePermission } from "~/auth/guards.server";
import { InvitationLink, NewUserForm, UserRow } from "~/components/user-forms";
import { Alert, Card, PageHeader } from "~/components/ui";
import { getPrisma } from "~/db/client.server";
import { useI18n } from "~/i18n/i18n-context";
import type { MessageKey } from "~/i18n/messages.en";
import { fieldMessages, type FieldMessage } from "~/i18n/validation";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.users");
  const [users, agencies] = await Promise.all([listUsers(), listAgencies({ includeInactive: true })]);
  return { users, agencies: agencies.map(({ id, code, name }) => ({ id, code, name })) };
}

type Invitation = Pick<IssuedInvitation, "url" | "expiresAt"> & { emailed: boolean };
type ActionResult =
  | { ok: true; messageKey: MessageKey; email?: string; invitation?: Invitation; createdId?: number }
  | { ok: false; errors: Record<string, FieldMessage> };

function failure(errors: Record<string, FieldMessage>, status: number) {
  return data<ActionResult>({ ok: false, errors }, { status });
}

const inviteSchema = z.object({ userId: z.coerce.number().int().positive() });

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "settings.users");
  const form = Object.fromEntries(await readFormData(request, admin));
  if (form.intent === "create") {
    const parsed = newUserSchema.safeParse(form);
    if (!parsed.success) return failure(fieldMessages(parsed.error), 400);
    // No password typed by the administrator: the new user chooses one through the invitation link.
    const result = await createUser(parsed.data, null);
    if (result.status === "email-taken") return failure({ email: { key: "validation.emailTaken" } }, 409);
    if (result.status === "unknown-agency") return failure({ agencyId: { key: "validation.agencyRequired" } }, 400);
    await logAccess({ userId: admin.id, action: "USER_CREATED", resourceType: "user", resourceId: result.id, detail: { email: parsed.data.email, role: parsed.data.role, locale: parsed.data.locale }, request });
    const { invitationId, token, url, expiresAt } = await issueInvitation({ userId: result.id, createdById: admin.id });
    // Sent by the worker when the server has SMTP_URL; the administrator still sees the link either way.
    const emailed = await enqueueInvitationEmail({ invitationId, token });
    await logAccess({ userId: admin.id, action: "USER_INVITED", resourceType: "user", resourceId: result.id, detail: { email: parsed.data.email, expiresAt, emailed }, request });
    return data<ActionResult>({ ok: true, messageKey: "users.created", email: parsed.data.email, invitation: { url, expiresAt, emailed }, createdId: result.id });
  }
  if (form.intent === "invite") {
    const parsed = inviteSchema.safeParse(form);
    if (!parsed.success) throw new Response("Invalid user", { status: 400 });
    const user = await getPrisma().user.findUnique({ where: { id: parsed.data.userId }, select: { id: true, email: true, active: true } });
    if (!user) throw new Response("Not Found", { status: 404 });
    if (!user.active) return failure({ active: { key: "validation.userInactive" } }, 400);
    const { invitationId, token, url, expiresAt } = await issueInvitation({ userId: user.id, createdById: admin.id });
    const emailed = await enqueueInvitationEmail({ invitationId, token });
    await logAccess({ userId: admin.id, action: "USER_INVITED", resourceType: "user", resourceId: user.id, detail: { email: user.email, expiresAt, emailed }, request });
    return data<ActionResult>({ ok: true, messageKey: "users.linkIssued", email: user.email, invitation: { url, expiresAt, emailed } });
  }
  if (form.intent === "update") {
    const parsed = userChangeSchema.safeParse(form);
    if (!parsed.success) return failure(fieldMessages(parsed.error), 400);
    const result = await updateUser(parsed.data, admin.id);
    if (result.status === "not-found") throw new Response("Not Found", { status: 404 });
    if (result.status === "cannot-deactivate-self") return failure({ active: { key: "validation.cannotDeactivateSelf" } }, 400);
    await logAccess({
      userId: admin.id,
      action: "USER_UPDATED",
      resourceType: "user",
      resourceId: parsed.data.userId,
      detail: { role: parsed.data.role, agencyId: parsed.data.agencyId, active: parsed.data.active, passwordReset: Boolean(parsed.data.password) },
      request,
    });
    return data<ActionResult>({ ok: true, messageKey: "common.saved" });
  }
  throw new Response("Unknown intent", { status: 400 });
}

export default function Users() {
  const { users, agencies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const errors: Record<string, string> =
    result && !result.ok ? Object.fromEntries(Object.entries(result.errors).map(([field, message]) => [field, t(message.key, message.params)])) : {};
  return (
    <div className="space-y-6">
      <PageHeader title={t("users.title")} />
      {result?.ok ? <Alert tone="success">{t(result.messageKey, { email: result.email ?? "" })}</Alert> : null}
      {result?.ok && result.invitation && result.email ? <InvitationLink email={result.email} {...result.invitation} /> : null}
      {result && !result.ok ? <Alert tone="error">{Object.values(errors).join(" ")}</Alert> : null}
      <Card title={t("users.new")}>
        <NewUserForm agencies={agencies} errors={errors} createdId={result?.ok ? result.createdId : undefined} />
      </Card>
      <Card title={t("settings.users")}>
        <p className="pb-2 text-xs text-slate-500">{t("users.resetNote")}</p>
        <div className="divide-y divide-slate-100">
          {users.map((user) => (
            <UserRow key={user.id} user={user} agencies={agencies} />
          ))}
        </div>
      </Card>
    </div>
  );
}
