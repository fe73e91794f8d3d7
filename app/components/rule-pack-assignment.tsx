import { Form, useNavigation } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import { Button, inputClassName } from "./ui";

export type AssignablePack = { code: string; name: string };

export function PackOptions({ packs }: { packs: readonly AssignablePack[] }) {
  return (
    <>
      {packs.map((pack) => (
        <option key={pack.code} value={pack.code}>
          {pack.code} · {pack.name}
        </option>
      ))}
    </>
  );
}

/** The lender's default pack; posts intent "setDefaultPack" to the page's own action. */
export function DefaultPackForm({ packs, defaultPackCode }: { packs: readonly AssignablePack[]; defaultPackCode: string }) {
  const { t } = useI18n();
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" className="flex flex-wrap items-end gap-3" data-testid="default-pack-form">
      <input type="hidden" name="intent" value="setDefaultPack" />
      <label className="block text-sm">
        <span className="font-medium text-slate-700">{t("rulePacks.assign.default")}</span>
        <select name="packCode" defaultValue={defaultPackCode} className={`${inputClassName} mt-1 min-w-64`} key={defaultPackCode}>
          <PackOptions packs={packs} />
        </select>
      </label>
      <Button type="submit" disabled={busy}>
        {t("common.save")}
      </Button>
    </Form>
  );
}

/** One agency's pack ("default" follows the lender's default); posts intent "assignPack". */
export function AgencyPackForm({ agency, packs, defaultPackCode }: { agency: { code: string; rulePackCode: string | null }; packs: readonly AssignablePack[]; defaultPackCode: string }) {
  const { t } = useI18n();
  const busy = useNavigation().state !== "idle";
  const current = agency.rulePackCode ?? "default";
  return (
    <Form method="post" className="flex flex-wrap items-end gap-3" data-testid={`agency-pack-form-${agency.code}`}>
      <input type="hidden" name="intent" value="assignPack" />
      <input type="hidden" name="agencyCode" value={agency.code} />
      <label className="block text-sm">
        <span className="font-medium text-slate-700">{t("rulePacks.assign.agencyPack")}</span>
        <select name="packCode" defaultValue={current} key={current} className={`${inputClassName} mt-1 min-w-64`}>
          <option value="default">{t("rulePacks.assign.followDefault", { code: defaultPackCode })}</option>
          <PackOptions packs={packs} />
        </select>
      </label>
      <Button type="submit" variant="secondary" disabled={busy}>
        {t("rulePacks.assign.apply")}
      </Button>
    </Form>
  );
}
