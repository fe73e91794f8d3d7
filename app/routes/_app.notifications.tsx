import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { Badge, Button, EmptyState, PageHeader } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { safeRedirectPath } from "~/http/safe-redirect";
import { useI18n } from "~/i18n/i18n-context";
import { listNotifications, markAllNotificationsRead, markNotificationRead } from "~/notifications/notification-centre.server";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

const querySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.coerce.number().int().positive(), page: z.coerce.number().int().min(1).catch(1) }),
  z.object({ intent: z.literal("open"), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("readAll") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  // Every role has a notification centre; it only ever lists the signed-in user's own notifications.
  const user = await requireUser(request);
  const { page } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return listNotifications(user.id, user.locale, page);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const form = parsed.data;
  if (form.intent === "readAll") {
    await markAllNotificationsRead(user.id);
    return redirect("/notifications");
  }
  const marked = await markNotificationRead(user.id, form.id);
  if (!marked) throw new Response("Not Found", { status: 404 });
  // Opening a notification reads it and follows its link (an app path, checked again on the way out).
  if (form.intent === "open") return redirect(safeRedirectPath(marked.link, "/notifications"));
  return redirect(form.page > 1 ? `/notifications?page=${form.page}` : "/notifications");
}

export default function Notifications() {
  const { items, page, pages, unread } = useLoaderData<typeof loader>();
  const { t, dateTime, number } = useI18n();
  return (
    <div className="space-y-4">
      <PageHeader
        title={t("notifications.title")}
        subtitle={t("notifications.subtitle")}
        actions={
          unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="readAll" />
              <Button type="submit" variant="secondary" data-testid="mark-all-read">
                {t("notifications.markAllRead")}
              </Button>
            </Form>
          ) : null
        }
      />
      {items.length === 0 ? (
        <EmptyState title={t("notifications.none")} hint={t("notifications.noneHint")} />
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="unread-total">
            {t("notifications.unreadCount", { count: number(unread) })}
          </p>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="notification-list">
            {items.map((item) => (
              <li key={item.id} className={`flex flex-wrap items-start gap-3 px-4 py-3 ${item.read ? "" : "bg-brand-50"}`} data-testid="notification" data-read={item.read}>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                    {item.read ? null : <Badge tone="warn">{t("notifications.unread")}</Badge>}
                    <span className="break-words">{item.title}</span>
                  </p>
                  <p className="mt-1 text-sm break-words text-slate-700">{item.body}</p>
                  <p className="mt-1 text-xs text-slate-500">{dateTime(item.createdAt)}</p>
                </div>
                <div className="flex gap-2">
                  <Form method="post">
                    <input type="hidden" name="id" value={item.id} />
                    <Button type="submit" name="intent" value="open" variant="secondary">
                      {t("notifications.open")}
                    </Button>
                  </Form>
                  {item.read ? null : (
                    <Form method="post">
                      <input type="hidden" name="id" value={item.id} />
                      <input type="hidden" name="page" value={page} />
                      <Button type="submit" name="intent" value="read" variant="secondary" data-testid="mark-read">
                        {t("notifications.markRead")}
                      </Button>
                    </Form>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav className="flex items-center justify-between text-sm" aria-label={t("notifications.pageOf", { page: number(page), pages: number(pages) })}>
              {page > 1 ? <Link to={`?page=${page - 1}`} className="text-brand-700 underline">{t("notifications.previous")}</Link> : <span />}
              <span className="text-slate-600">{t("notifications.pageOf", { page: number(page), pages: number(pages) })}</span>
              {page < pages ? <Link to={`?page=${page + 1}`} className="text-brand-700 underline">{t("notifications.next")}</Link> : <span />}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
