import { currentTime } from "~/clock/clock.server";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { AppShell } from "~/components/app-shell";
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { countUnreadNotifications } from "~/notifications/notification-centre.server";
import { actorFromUser } from "~/findings/findings.server";
import { summariseAgencyInbox } from "~/findings/finding-queries.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Every page's header shows the unread count; Remix reloads it after each action (marking read included).
  // AGENCY users see beside "Findings" how many findings wait for their agency (answers and open actions).
  const [unreadNotifications, inbox] = await Promise.all([countUnreadNotifications(user.id), user.role === "AGENCY" ? summariseAgencyInbox(actorFromUser(user), currentTime()) : null]);
  return { user, unreadNotifications, navBadges: inbox ? { "/findings": inbox.awaitingResponse + inbox.openActions } : {} };
}

export default function AppLayout() {
  const { user, unreadNotifications, navBadges } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} unreadNotifications={unreadNotifications} navBadges={navBadges}>
      <Outlet />
    </AppShell>
  );
}

/** A page's error (403, 404, a crash) keeps the navigation around it, so the user is never stranded. */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/_app");
  if (!data) return <RouteErrorBoundary />;
  return (
    <AppShell user={data.user} unreadNotifications={data.unreadNotifications} navBadges={data.navBadges}>
      <RouteErrorBoundary />
    </AppShell>
  );
}
