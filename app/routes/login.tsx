import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { createAdministratorCommand } from "~/admin/first-admin";
import { hasActiveAdministrator } from "~/admin/users.server";
import { getOptionalUser } from "~/auth/guards.server";
import { signIn } from "~/auth/sign-in.server";
import { SignedOutPage } from "~/components/signed-out-page";
import { safeRedirectPath } from "~/http/safe-redirect";
import { Alert, Button, Field, inputClassName } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { readFormData } from "~/http/read-body.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches);

export async function loader({ request }: LoaderFunctionArgs) {
  // The sign-in page is public; a signed-in visitor goes straight on.
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  // A new installation: tell whoever opens it how the first administrator is made (npm start never makes one).
  return { noAdministrator: !(await hasActiveAdministrator()) };
}

const signInForm = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
  redirectTo: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const parsed = signInForm.safeParse(Object.fromEntries(await readFormData(request, null)));
  if (!parsed.success) return data({ error: "invalid-credentials" as const, retryAfterMinutes: 0 }, { status: 400 });
  const result = await signIn({ email: parsed.data.email, password: parsed.data.password, request });
  switch (result.status) {
    case "signed-in":
      throw redirect(safeRedirectPath(parsed.data.redirectTo), { headers: { "Set-Cookie": result.setCookie } });
    case "throttled":
      return data({ error: "throttled" as const, retryAfterMinutes: result.retryAfterMinutes }, { status: 429 });
    case "inactive":
      return data({ error: "inactive" as const, retryAfterMinutes: 0 }, { status: 403 });
    case "agency-inactive":
      return data({ error: "agency-inactive" as const, retryAfterMinutes: 0 }, { status: 403 });
    case "invalid-credentials":
      return data({ error: "invalid-credentials" as const, retryAfterMinutes: 0 }, { status: 401 });
  }
}

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useI18n();
  const errorMessage =
    actionData?.error === "throttled"
      ? t("login.throttled", { minutes: actionData.retryAfterMinutes })
      : actionData?.error === "inactive"
        ? t("login.inactive")
        : actionData?.error === "agency-inactive"
          ? t("login.agencyInactive")
          : actionData?.error === "invalid-credentials"
            ? t("login.invalidCredentials")
            : null;
  const reason = searchParams.get("reason");
  return (
    <SignedOutPage title={t("login.title")}>
      <p className="mt-1 text-sm text-slate-600">{t("login.subtitle")}</p>
      <div className="mt-4 space-y-2">
        {loaderData.noAdministrator ? (
          <Alert tone="warning">
            <span data-testid="no-administrator">{t("login.noAdministrator", { command: createAdministratorCommand })}</span>
          </Alert>
        ) : null}
        {errorMessage ? <Alert tone="error">{errorMessage}</Alert> : null}
        {!errorMessage && reason === "expired" ? <Alert tone="warning">{t("login.sessionExpired")}</Alert> : null}
        {!errorMessage && reason === "signed-out" ? <Alert tone="success">{t("login.signedOut")}</Alert> : null}
      </div>
      <Form method="post" className="mt-6 space-y-4">
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field label={t("login.email")}>
          {/* The only thing to do on this page is to type an address, so the cursor starts there. */}
          <input name="email" type="email" autoComplete="username" required autoFocus className={inputClassName} />
        </Field>
        <Field label={t("login.password")}>
          <input name="password" type="password" autoComplete="current-password" required className={inputClassName} />
        </Field>
        <Button type="submit" className="w-full" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </Button>
      </Form>
    </SignedOutPage>
  );
}
