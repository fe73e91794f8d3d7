import { useI18n } from "~/i18n/i18n-context";
import { dpdBuckets } from "~/metrics/metric-types";

/** The days-past-due bucket filter (URL parameter `dpd`) of the dashboards and every grid they drill into. */
export function DpdBucketSelect({ defaultValue, className }: { defaultValue: string | undefined; className: string }) {
  const { t } = useI18n();
  return (
    <select name="dpd" defaultValue={defaultValue ?? ""} className={className}>
      <option value="">{t("dashboard.filters.allBuckets")}</option>
      {dpdBuckets.map((bucket) => (
        <option key={bucket} value={bucket}>
          {t("dashboard.filters.dpdBucket", { bucket })}
        </option>
      ))}
    </select>
  );
}
