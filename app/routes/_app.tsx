import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { AppShell } from "~/components/app-shell";
import { RouteErrorBoundary } from "~/components/route-error-boundary";

export async function loader({ request }: LoaderFunctionArgs) {
  return { user: await requireUser(request) };
}

export default function AppLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user}>
      <Outlet />
    </AppShell>
  );
}

/** A page's error (403, 404, a crash) keeps the navigation around it, so the user is never stranded. */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/_app");
  if (!data) return <RouteErrorBoundary />;
  return (
    <AppShell user={data.user}>
      <RouteErrorBoundary />
    </AppShell>
  );
}
