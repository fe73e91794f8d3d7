import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { UserListItem } from "~/admin/users.server";
import { roles } from "~/auth/permissions";
import { useI18n } from "~/i18n/i18n-context";
import { locales } from "~/i18n/locales";
import { AgencyOptions, Badge, Button, Field, inputClassName } from "./ui";

type AgencyOption = { id: number; code: string; name: string };
export type FieldErrors = Partial<Record<string, string>>;

function AgencySelect({ agencies, defaultValue }: { agencies: AgencyOption[]; defaultValue?: number | null }) {
  const { t } = useI18n();
  return (
    <select name="agencyId" defaultValue={defaultValue ?? ""} className={inputClassName}>
      <option value="">{t("common.none")}</option>
      <AgencyOptions agencies={agencies} />
    </select>
  );
}

function RoleSelect({ defaultValue }: { defaultValue?: string }) {
  const { t } = useI18n();
  return (
    <select name="role" defaultValue={defaultValue ?? "VENDOR_MANAGER"} className={inputClassName}>
      {roles.map((role) => (
        <option key={role} value={role}>
          {t(`role.${role}`)}
        </option>
      ))}
    </select>
  );
}

/** `createdId` changes with each user created: the form then empties itself for the next one (an error keeps what was typed). */
export function NewUserForm({ agencies, errors, createdId }: { agencies: AgencyOption[]; errors: FieldErrors; createdId?: number }) {
  const { t } = useI18n();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (createdId !== undefined) formRef.current?.reset();
  }, [createdId]);
  return (
    <Form ref={formRef} method="post" className="grid gap-4 md:grid-cols-3" data-testid="new-user-form">
      <input type="hidden" name="intent" value="create" />
      <Field label={t("common.email")} error={errors.email}>
        <input name="email" type="email" required className={inputClassName} />
      </Field>
      <Field label={t("common.name")} error={errors.name}>
        <input name="name" required className={inputClassName} />
      </Field>
      <Field label={t("users.locale")} error={errors.locale}>
        <select name="locale" defaultValue="en" className={inputClassName}>
          {locales.map((locale) => (
            <option key={locale} value={locale}>
              {t(`language.${locale}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("common.role")} error={errors.role}>
        <RoleSelect />
      </Field>
      <Field label={t("common.agency")} error={errors.agencyId}>
        <AgencySelect agencies={agencies} />
      </Field>
      <div className="flex items-end">
        <Button type="submit">{t("common.create")}</Button>
      </div>
      <p className="text-xs text-slate-500 md:col-span-3">{t("users.newUserHint")}</p>
    </Form>
  );
}

/** A new invitation link, shown once: a read-only field to select and a copy button. */
export function InvitationLink({ email, url, expiresAt, emailed }: { email: string; url: string; expiresAt: string; emailed: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-lg border border-brand-600 bg-white p-4" data-testid="invitation">
      <p className="text-sm font-medium">{t("users.invitationTitle", { email })}</p>
      <div className="flex gap-2">
        <input readOnly value={url} aria-label={t("users.invitationTitle", { email })} data-testid="invitation-link" className={`${inputClassName} font-mono`} onFocus={(event) => event.currentTarget.select()} />
        <Button type="button" variant="secondary" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false))}>
          {copied ? t("users.copied") : t("users.copy")}
        </Button>
      </div>
      <p className="text-xs">{t("users.invitationHint", { expires: i18n.dateTime(expiresAt) })}</p>
      {emailed ? (
        <p className="text-xs" data-testid="invitation-emailed">
          {t("users.invitationEmailed", { email })}
        </p>
      ) : null}
    </div>
  );
}

export function UserRow({ user, agencies }: { user: UserListItem; agencies: AgencyOption[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <Form method="post" className="grid grid-cols-12 items-end gap-3 py-3 text-sm" data-testid={`user-${user.email}`}>
      <input type="hidden" name="userId" value={user.id} />
      <div className="col-span-3">
        <div className="font-medium">{user.name}</div>
        <div className="text-xs text-slate-500">{user.email}</div>
        <div className="mt-1 text-xs text-slate-500">
          {t("users.lastLogin")}: {i18n.dateTime(user.lastLoginAt)}
        </div>
      </div>
      <div className="col-span-2">
        <RoleSelect defaultValue={user.role} />
      </div>
      <div className="col-span-2">
        <AgencySelect agencies={agencies} defaultValue={user.agencyId} />
      </div>
      <div className="col-span-2">
        <input name="password" type="password" autoComplete="new-password" placeholder={t("users.resetPassword")} className={inputClassName} />
      </div>
      <div className="col-span-1">
        <select name="active" defaultValue={String(user.active)} className={inputClassName} aria-label={t("common.status")}>
          <option value="true">{t("common.active")}</option>
          <option value="false">{t("common.inactive")}</option>
        </select>
      </div>
      <div className="col-span-2 flex items-center gap-2">
        <Button type="submit" name="intent" value="update" variant="secondary">
          {t("common.save")}
        </Button>
        {!user.active ? <Badge tone="warn">{t("common.inactive")}</Badge> : null}
        {user.active ? (
          <Button type="submit" name="intent" value="invite" variant="secondary" formNoValidate>
            {t("users.issueLink")}
          </Button>
        ) : null}
      </div>
      <div className="col-span-12 flex gap-2">
        {!user.passwordSet ? <Badge tone="warn">{t("users.invitationPending")}</Badge> : null}
        {user.mustChangePassword ? <Badge>{t("users.mustChangePassword")}</Badge> : null}
      </div>
    </Form>
  );
}
