import { Form, useSubmit } from "@remix-run/react";
import { useRef, useState } from "react";
import { Button, inputClassName } from "~/components/ui";
import { matchPreset, periodPresets, presetRange, type PeriodPreset } from "~/dashboard/period-presets";
import { useI18n } from "~/i18n/i18n-context";
import type { DpdBucket } from "~/metrics/metric-types";
import type { MoneyBasis } from "~/metrics/money-basis";
import { DpdBucketSelect } from "./dpd-bucket-select";
import { MoneyBasisSelect } from "./money-basis";

export type FilterBarValues = { from: string; to: string; agencyCodes: string[]; product?: string; dpdBucket?: DpdBucket; basis?: MoneyBasis };

type FilterBarProps = {
  values: FilterBarValues;
  agencies: readonly { code: string; name: string }[];
  products: readonly string[];
  /** The day presets count back from (the first day after the latest month with data). */
  presetAnchor: string;
  /** False on pages of one agency and for AGENCY users, whose agency is fixed. */
  agencyChoice: boolean;
};

const selectClassName = `${inputClassName} w-auto`;

/**
 * The period and filter bar. Its state lives in the URL only (a GET form), so every view can be shared as a link
 * and the back button steps through earlier filters. Choosing a preset submits at once.
 */
export function FilterBar({ values, agencies, products, presetAnchor, agencyChoice }: FilterBarProps) {
  const { t } = useI18n();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const [range, setRange] = useState({ from: values.from, to: values.to });
  const preset = matchPreset(range, presetAnchor);

  function choosePreset(choice: PeriodPreset | "custom") {
    if (choice === "custom") return;
    const next = presetRange(choice, presetAnchor);
    setRange(next);
    // The inputs are controlled, so the form is submitted after React has written the new dates into them.
    requestAnimationFrame(() => {
      if (formRef.current) submit(formRef.current, { replace: false });
    });
  }

  return (
    <Form ref={formRef} method="get" className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="filter-bar" key={`${values.from}|${values.to}|${values.basis ?? ""}`}>
      <label className="text-sm">
        <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.period")}</span>
        <select className={selectClassName} value={preset} onChange={(event) => choosePreset(event.target.value as PeriodPreset | "custom")} data-testid="period-preset" aria-label={t("dashboard.filters.period")}>
          {periodPresets.map((option) => (
            <option key={option} value={option}>
              {t(`dashboard.preset.${option}`)}
            </option>
          ))}
          <option value="custom">{t("dashboard.preset.custom")}</option>
        </select>
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.from")}</span>
        <input type="date" name="from" required className={selectClassName} value={range.from} max={range.to} onChange={(event) => setRange({ ...range, from: event.target.value })} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.to")}</span>
        <input type="date" name="to" required className={selectClassName} value={range.to} min={range.from} onChange={(event) => setRange({ ...range, to: event.target.value })} />
      </label>
      {agencyChoice ? <AgencyPicker agencies={agencies} selected={values.agencyCodes} /> : null}
      <label className="text-sm">
        <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.product")}</span>
        <select name="product" defaultValue={values.product ?? ""} className={selectClassName}>
          <option value="">{t("dashboard.filters.allProducts")}</option>
          {products.map((product) => (
            <option key={product} value={product}>
              {product}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium text-slate-700">{t("dashboard.filters.dpd")}</span>
        <DpdBucketSelect defaultValue={values.dpdBucket} className={selectClassName} />
      </label>
      <MoneyBasisSelect value={values.basis} className={selectClassName} />
      <Button type="submit">{t("dashboard.filters.apply")}</Button>
    </Form>
  );
}

function AgencyPicker({ agencies, selected }: { agencies: readonly { code: string; name: string }[]; selected: readonly string[] }) {
  const { t } = useI18n();
  const summary = selected.length === 0 ? t("common.allAgencies") : selected.length <= 2 ? selected.join(", ") : t("dashboard.filters.agenciesSelected", { count: selected.length });
  return (
    <div className="text-sm">
      <span className="mb-1 block font-medium text-slate-700">{t("common.agency")}</span>
      <details className="relative" data-testid="agency-picker">
        <summary className={`${inputClassName} w-56 cursor-pointer list-none truncate`}>{summary}</summary>
        <div className="absolute z-20 mt-1 max-h-72 w-72 overflow-auto rounded-md border border-slate-200 bg-white p-2 shadow-lg">
          <p className="px-2 pb-2 text-xs text-slate-500">{t("dashboard.filters.agencyHint")}</p>
          {agencies.map((agency) => (
            <label key={agency.code} className="flex items-center gap-2 rounded px-2 py-1 hover:bg-slate-50">
              <input type="checkbox" name="agency" value={agency.code} defaultChecked={selected.includes(agency.code)} />
              <span className="font-mono text-xs">{agency.code}</span>
              <span className="truncate text-slate-600">{agency.name}</span>
            </label>
          ))}
        </div>
      </details>
    </div>
  );
}
