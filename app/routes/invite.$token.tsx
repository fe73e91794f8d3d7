import { readFormData } from "~/http/read-body.server";
import { Form, Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { acceptInvitation, findInvitation } from "~/admin/invitations.server";
import { minimumPasswordLengthForUsers } from "~/admin/password-policy";
import { passwordChoiceSchema } from "~/admin/user-input";
import { logAccess } from "~/audit/log-access.server";
import { createUserSession } from "~/auth/session.server";
import { SignedOutPage } from "~/components/signed-out-page";
import { Alert, Button, Field, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { fieldMessages, type FieldMessage } from "~/i18n/validation";
import { pageTitle } from "~/i18n/page-title";

// /invite/:token — a public page: the one-time token in the path is its guard (findInvitation). The invitee chooses
// a password under the policy and is signed in.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches);

// The token is in the URL: no Referer may carry it to another site, and no cache may keep the page.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await findInvitation(params.token ?? "");
  if (invitation.status !== "valid") return data({ status: invitation.status, name: "", email: "" }, { status: invitation.status === "unknown" ? 404 : 410 });
  return { status: invitation.status, name: invitation.name, email: invitation.email };
}

type ActionResult = { errors: Record<string, FieldMessage> } | { gone: Exclude<Awaited<ReturnType<typeof acceptInvitation>>["status"], "accepted"> };

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  // The invitation is this page's sign-in check: a body is read only for a link that is still valid, and capped.
  const found = await findInvitation(token);
  if (found.status !== "valid") return data<ActionResult>({ gone: found.status }, { status: 410 });
  const parsed = passwordChoiceSchema.safeParse(Object.fromEntries(await readFormData(request, null)));
  if (!parsed.success) return data<ActionResult>({ errors: fieldMessages(parsed.error) }, { status: 400 });
  const result = await acceptInvitation(token, parsed.data.password);
  if (result.status !== "accepted") return data<ActionResult>({ gone: result.status }, { status: 410 });
  await logAccess({ userId: result.userId, action: "INVITATION_ACCEPTED", resourceType: "user", resourceId: result.userId, request });
  const setCookie = await createUserSession(result.userId, request);
  await logAccess({ userId: result.userId, action: "SIGN_IN", resourceType: "session", request });
  throw redirect("/", { headers: { "Set-Cookie": setCookie } });
}

const goneMessages = { expired: "invite.expired", used: "invite.used", revoked: "invite.revoked", unknown: "invite.unknown" } as const;

export default function Invite() {
  const invitation = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useI18n();
  const gone = actionData && "gone" in actionData ? actionData.gone : invitation.status !== "valid" ? invitation.status : null;
  const errors = actionData && "errors" in actionData ? actionData.errors : {};
  const error = (field: string) => (errors[field] ? t(errors[field].key, errors[field].params) : undefined);
  return (
    <SignedOutPage title={t("invite.title")} testId="invite-page">
      {gone ? (
        <div className="mt-4 space-y-4">
          <Alert tone="error">{t(goneMessages[gone])}</Alert>
          <Link to="/login" className="text-sm text-brand-600 underline">
            {t("invite.goToSignIn")}
          </Link>
        </div>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">{t("invite.subtitle", { name: invitation.name, email: invitation.email })}</p>
          <Form method="post" className="mt-6 space-y-4">
            {/* Lets password managers file the new password under the right account. */}
            <input type="hidden" name="username" autoComplete="username" value={invitation.email} />
            <Field label={t("invite.password")} hint={t("invite.passwordHint", { minimum: minimumPasswordLengthForUsers })} error={error("password")}>
              <input name="password" type="password" autoComplete="new-password" required minLength={minimumPasswordLengthForUsers} className={inputClassName} />
            </Field>
            <Field label={t("invite.confirmPassword")} error={error("confirmPassword")}>
              <input name="confirmPassword" type="password" autoComplete="new-password" required className={inputClassName} />
            </Field>
            <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
              {t("invite.submit")}
            </Button>
          </Form>
        </>
      )}
    </SignedOutPage>
  );
}
