import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";

/** The one error boundary every route shares: translated, and never leaking a stack trace to the page. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  let status = 500;
  let message = t("error.unexpected");
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 403) message = t("error.forbidden");
    else if (error.status === 404) message = t("error.notFound");
    else if (error.status === 400) message = t("error.badRequest", { reason: typeof error.data === "string" ? error.data : error.statusText });
  } else {
    console.error(error);
  }
  return (
    <div className="mx-auto max-w-xl px-6 py-16 text-center" data-testid="error-page">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t("error.title")}</h1>
      <p className="mt-3 text-slate-600">{message}</p>
      <Link to="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        {t("error.goHome")}
      </Link>
    </div>
  );
}
