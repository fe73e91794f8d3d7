import { Form, useActionData, useLoaderData, useNavigation, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { minimumPasswordLengthForUsers } from "~/admin/password-policy";
import { passwordChoiceSchema } from "~/admin/user-input";
import { logAccess } from "~/audit/log-access.server";
import { changeOwnPassword } from "~/auth/change-password.server";
import { requireUserForPasswordChange } from "~/auth/guards.server";
import { SignedOutPage } from "~/components/signed-out-page";
import { Alert, Button, Field, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { fieldMessages, type FieldMessage } from "~/i18n/validation";
import { pageTitle } from "~/i18n/page-title";

// /change-password: outside the app shell, because a user whose password was set by someone else is sent here
// by every other page (requireUser) until they choose their own. Anyone signed in may use it to change theirs.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches);

/** Only same-site paths, as on the sign-in page. */
function safeRedirect(target: unknown): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/";
  return target;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserForPasswordChange(request);
  return { forced: user.mustChangePassword, email: user.email };
}

const formSchema = z.object({ currentPassword: z.string().min(1).max(1024) }).and(passwordChoiceSchema);

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireUserForPasswordChange(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = formSchema.safeParse(form);
  if (!parsed.success) return data({ errors: fieldMessages(parsed.error) }, { status: 400 });
  const result = await changeOwnPassword({ userId: user.id, sessionId, currentPassword: parsed.data.currentPassword, newPassword: parsed.data.password });
  if (result.status === "wrong-current-password") return data({ errors: { currentPassword: { key: "changePassword.wrongCurrent" } } as Record<string, FieldMessage> }, { status: 400 });
  if (result.status === "unchanged") return data({ errors: { password: { key: "validation.passwordUnchanged" } } as Record<string, FieldMessage> }, { status: 400 });
  await logAccess({ userId: user.id, action: "PASSWORD_CHANGED", resourceType: "user", resourceId: user.id, detail: { forced: user.mustChangePassword }, request });
  throw redirect(safeRedirect(form.redirectTo));
}

export default function ChangePassword() {
  const { forced, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errors: Record<string, FieldMessage> = actionData?.errors ?? {};
  const error = (field: string) => (errors[field] ? t(errors[field].key, errors[field].params) : undefined);
  return (
    <SignedOutPage title={t("changePassword.title")} testId="change-password-page">
      {forced ? (
        <div className="mt-4">
          <Alert tone="warning">{t("changePassword.required")}</Alert>
        </div>
      ) : null}
      <Form method="post" className="mt-6 space-y-4">
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <input type="hidden" name="username" autoComplete="username" value={email} />
        <Field label={t("changePassword.current")} error={error("currentPassword")}>
          <input name="currentPassword" type="password" autoComplete="current-password" required className={inputClassName} />
        </Field>
        <Field label={t("changePassword.new")} hint={t("invite.passwordHint", { minimum: minimumPasswordLengthForUsers })} error={error("password")}>
          <input name="password" type="password" autoComplete="new-password" required minLength={minimumPasswordLengthForUsers} className={inputClassName} />
        </Field>
        <Field label={t("changePassword.confirm")} error={error("confirmPassword")}>
          <input name="confirmPassword" type="password" autoComplete="new-password" required className={inputClassName} />
        </Field>
        <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
          {t("changePassword.submit")}
        </Button>
      </Form>
    </SignedOutPage>
  );
}
