import { Link } from "@remix-run/react";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { useI18n } from "~/i18n/i18n-context";

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm text-slate-600">{subtitle}</p> : null}
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export function Card({ title, children, className = "" }: { title?: string; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm ${className}`}>
      {title ? <h2 className="mb-4 text-base font-semibold text-slate-800">{title}</h2> : null}
      {children}
    </section>
  );
}

export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: { to: string; label: string } }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center" data-testid="empty-state">
      <p className="text-base font-medium text-slate-800">{title}</p>
      {hint ? <p className="mx-auto mt-2 max-w-xl text-sm text-slate-600">{hint}</p> : null}
      {action ? (
        <Link to={action.to} className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {action.label}
        </Link>
      ) : null}
    </div>
  );
}

/** The "No data imported yet — go to Imports" state every data page shows before the first import. */
export function NoDataYet() {
  const { t } = useI18n();
  return <EmptyState title={t("empty.noData")} hint={t("empty.noDataHint")} action={{ to: "/imports", label: t("empty.goToImports") }} />;
}

type ButtonProps = ComponentPropsWithoutRef<"button"> & { variant?: "primary" | "secondary" | "danger" };

export function Button({ variant = "primary", className = "", ...props }: ButtonProps) {
  const styles = {
    primary: "bg-brand-600 text-white hover:bg-brand-700 disabled:bg-slate-400",
    secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
    danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
  }[variant];
  return <button className={`rounded-md px-3 py-2 text-sm font-medium shadow-sm ${styles} ${className}`} {...props} />;
}

export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <div className="mt-1">{children}</div>
      {hint && !error ? <span className="mt-1 block text-xs text-slate-500">{hint}</span> : null}
      {error ? (
        <span className="mt-1 block text-xs text-red-700" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}

export const inputClassName =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-1 focus:ring-brand-600 focus:outline-none";

export function Alert({ tone = "info", children }: { tone?: "info" | "success" | "error" | "warning"; children: ReactNode }) {
  const styles = {
    info: "border-sky-200 bg-sky-50 text-sky-900",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
    error: "border-red-200 bg-red-50 text-red-900",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${styles}`}>
      {children}
    </div>
  );
}

export function Badge({ tone = "neutral", children }: { tone?: "neutral" | "good" | "bad" | "warn"; children: ReactNode }) {
  const styles = {
    neutral: "bg-slate-100 text-slate-700",
    good: "bg-emerald-100 text-emerald-800",
    bad: "bg-red-100 text-red-800",
    warn: "bg-amber-100 text-amber-800",
  }[tone];
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${styles}`}>{children}</span>;
}

export type Column<Row> = { header: string; cell: (row: Row) => ReactNode; align?: "left" | "right" };

/** A plain table for short lists (settings, small histories); large data sets use AG Grid. */
export function SimpleTable<Row>({ columns, rows, rowKey }: { columns: Column<Row>[]; rows: Row[]; rowKey: (row: Row) => string | number }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={`px-4 py-2 font-medium text-slate-600 ${column.align === "right" ? "text-right" : "text-left"}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="hover:bg-slate-50">
              {columns.map((column) => (
                <td key={column.header} className={`px-4 py-2 align-top ${column.align === "right" ? "text-right tabular-nums" : ""}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * exactValue: the full figure, on hover, when `value` is a short form ("CN¥402.89M"). The figure wraps rather than being
 * cut with an ellipsis: two tiles side by side on a phone leave about 140 px for it.
 */
export function KpiTile({ label, value, exactValue, testId, detail }: { label: string; value: string; exactValue?: string; testId?: string; detail?: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-2 break-words text-xl font-semibold leading-tight tabular-nums text-slate-900 sm:text-2xl" title={exactValue !== undefined && exactValue !== value ? exactValue : undefined}>
        {value}
      </div>
      {detail ? <div className="mt-1 text-xs tabular-nums">{detail}</div> : null}
    </div>
  );
}

/** The agencies of a <select>, labelled the same everywhere ("CODE · Name"); the caller adds its own empty option. */
export function AgencyOptions({ agencies }: { agencies: readonly { id: number; code: string; name: string }[] }) {
  return (
    <>
      {agencies.map((agency) => (
        <option key={agency.id} value={agency.id}>
          {agency.code} · {agency.name}
        </option>
      ))}
    </>
  );
}
