import { Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { EmailPreferencePanel } from "~/components/email-preference-panel";
import { getEnv } from "~/env.server";
import { readFormData } from "~/http/read-body.server";
import { emailPreferences, getEmailPreference, setEmailPreference } from "~/notifications/notification-centre.server";
import { LanguageSwitcherPanel } from "~/components/language-panel";
import { Card, PageHeader } from "~/components/ui";
import { useI18n } from "~/i18n/i18n-context";
import { measureStoredUploads } from "~/ingest/pipeline/prune-uploads.server";
import type { MessageKey } from "~/i18n/messages.en";
import { pageTitle } from "~/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.settings");

export async function loader({ request }: LoaderFunctionArgs) {
  // Every signed-in user has preferences; the administrative sections depend on permissions.
  const user = await requireUser(request);
  // Administrators see how much personal data the stored uploads hold and how long it stays.
  const storage = can(user.role, "settings.users") ? await measureStoredUploads() : null;
  return {
    storage,
    email: { ...(await getEmailPreference(user.id)), configured: getEnv().SMTP_URL !== undefined },
    sections: {
      users: can(user.role, "settings.users"),
      agencies: can(user.role, "settings.agencies"),
      feeSchedules: can(user.role, "settings.feeSchedules"),
      accessLog: can(user.role, "accessLog.view"),
      apiTokens: can(user.role, "settings.apiTokens"),
      scorecard: can(user.role, "settings.scorecard"),
      findingsPolicy: can(user.role, "findings.policy"),
      agencyRegister: can(user.role, "register.settings"),
      complaints: can(user.role, "complaints.manage"),
      dataHealth: can(user.role, "settings.agencies"),
      retention: can(user.role, "retention.manage"),
      apiDocs: can(user.role, "api.docs"),
      password: true,
    },
  };
}

const preferenceForm = z.object({ intent: z.literal("emailPreference"), emailPreference: z.enum(emailPreferences) });

export async function action({ request }: ActionFunctionArgs) {
  // Each user sets only their own preference: the id comes from the session, never from the form.
  const user = await requireUser(request);
  const parsed = preferenceForm.safeParse(Object.fromEntries(await readFormData(request, user)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  await setEmailPreference(user.id, parsed.data.emailPreference);
  return { saved: true };
}

const sectionLinks: { key: "users" | "agencies" | "feeSchedules" | "accessLog" | "apiTokens" | "scorecard" | "findingsPolicy" | "agencyRegister" | "complaints" | "dataHealth" | "retention" | "apiDocs" | "password"; to: string; title: MessageKey; hint: MessageKey }[] = [
  { key: "users", to: "/settings/users", title: "settings.users", hint: "settings.usersHint" },
  { key: "agencies", to: "/settings/agencies", title: "settings.agencies", hint: "settings.agenciesHint" },
  { key: "feeSchedules", to: "/settings/fee-schedules", title: "settings.feeSchedules", hint: "settings.feeSchedulesHint" },
  { key: "accessLog", to: "/settings/access-log", title: "settings.accessLog", hint: "settings.accessLogHint" },
  { key: "apiTokens", to: "/settings/api-tokens", title: "apiTokens.title", hint: "apiTokens.settingsHint" },
  { key: "scorecard", to: "/settings/scorecard", title: "agencies.weights.title", hint: "agencies.weights.settingsHint" },
  { key: "findingsPolicy", to: "/settings/findings-policy", title: "findings.policy.title", hint: "findings.policy.settingsHint" },
  { key: "agencyRegister", to: "/settings/agency-register", title: "register.settings.title", hint: "register.settings.subtitle" },
  { key: "complaints", to: "/settings/complaints", title: "complaintWork.settings.title", hint: "complaintWork.settings.subtitle" },
  { key: "dataHealth", to: "/settings/data-health", title: "dataHealth.settings.title", hint: "dataHealth.settings.subtitle" },
  { key: "retention", to: "/settings/retention", title: "retention.title", hint: "retention.settingsHint" },
  { key: "apiDocs", to: "/help/api", title: "apiDocs.title", hint: "apiDocs.subtitle" },
  { key: "password", to: "/change-password?redirectTo=%2Fsettings", title: "settings.changePassword", hint: "settings.changePasswordHint" },
];

export default function Settings() {
  const { sections, storage, email } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>()?.saved === true;
  const { t, number } = useI18n();
  return (
    <div className="space-y-6">
      <PageHeader title={t("settings.title")} subtitle={t("settings.subtitle")} />
      <Card title={t("settings.preferences")}>
        <div className="space-y-6">
          <LanguageSwitcherPanel />
          <EmailPreferencePanel preference={email.preference} email={email.email} emailConfigured={email.configured} saved={saved} />
        </div>
      </Card>
      <div className="grid gap-4 md:grid-cols-3">
        {sectionLinks
          .filter((section) => sections[section.key])
          .map((section) => (
            <Link key={section.key} to={section.to} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600">
              <h2 className="font-semibold text-slate-900">{t(section.title)}</h2>
              <p className="mt-1 text-sm text-slate-600">{t(section.hint)}</p>
            </Link>
          ))}
      </div>
      {storage ? (
        <Card title={t("settings.storage")}>
          <p className="text-sm text-slate-700" data-testid="stored-uploads">
            {t("settings.storageUsage", { files: number(storage.files), megabytes: number(storage.bytes / 1_048_576, 1) })}
          </p>
          <p className="mt-1 text-sm text-slate-600">{t("settings.storageRetention", { days: number(storage.retentionDays) })}</p>
        </Card>
      ) : null}
    </div>
  );
}
