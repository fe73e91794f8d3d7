import { Form, useSearchParams } from "@remix-run/react";
import { DpdBucketSelect } from "~/components/dashboard/dpd-bucket-select";
import { Button, Field, inputClassName } from "~/components/ui";

export type GridFilterField =
  /** `defaultValue`: what the page shows when the URL names nothing (e.g. the month it chose), so the form says it. */
  | { name: string; label: string; kind: "text" | "date" | "month"; defaultValue?: string }
  /** `any`: the label of the empty choice (no filter); without it one of the options is always chosen. */
  | { name: string; label: string; kind: "select"; any?: string; options: readonly { value: string; label: string }[] }
  /** The dashboards' days-past-due bucket (its parameter is always `dpd`). */
  | { name: "dpd"; label: string; kind: "dpd" };

// Whole class names, so Tailwind finds them: one column per field on wide screens; a form of few fields keeps them a
// sixth of the row each (a select too narrow for its label helps nobody) with the buttons beside them.
const fewFieldsColumns = 6;
const wideColumns: Record<number, string> = { 6: "lg:grid-cols-6", 7: "lg:grid-cols-7", 8: "lg:grid-cols-8", 9: "lg:grid-cols-9", 10: "lg:grid-cols-10", 11: "lg:grid-cols-11", 12: "lg:grid-cols-12" };
const wideSpan: Record<number, string> = { 1: "lg:col-span-1", 2: "lg:col-span-2", 3: "lg:col-span-3", 4: "lg:col-span-4", 5: "lg:col-span-5", 6: "lg:col-span-6", 7: "lg:col-span-7", 8: "lg:col-span-8", 9: "lg:col-span-9", 10: "lg:col-span-10", 11: "lg:col-span-11", 12: "lg:col-span-12" };

/** A grid's filter form: a GET of the page itself, so the filters live in the URL (shareable, linked into). */
export function GridFilterForm({
  fields,
  testId,
  clearHref,
  labels,
  hint,
}: {
  fields: readonly GridFilterField[];
  testId: string;
  /** The page without filters. */
  clearHref: string;
  labels: { apply: string; clear: string };
  hint?: string;
}) {
  const [searchParams] = useSearchParams();
  const value = (name: string, fallback = "") => searchParams.get(name) ?? fallback;
  const columns = fields.length < fewFieldsColumns ? fewFieldsColumns : Math.min(fields.length, 12);
  const buttonsSpan = fields.length < fewFieldsColumns ? fewFieldsColumns - fields.length : columns;
  return (
    <Form method="get" className={`grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4 ${wideColumns[columns] ?? "lg:grid-cols-12"}`} data-testid={testId}>
      {fields.map((field) => (
        <Field key={field.name} label={field.label}>
          {field.kind === "select" ? (
            <select name={field.name} defaultValue={value(field.name)} className={inputClassName}>
              {field.any !== undefined ? <option value="">{field.any}</option> : null}
              {field.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          ) : field.kind === "dpd" ? (
            <DpdBucketSelect defaultValue={value("dpd")} className={inputClassName} />
          ) : (
            <input type={field.kind === "text" ? undefined : field.kind} name={field.name} defaultValue={value(field.name, field.defaultValue)} className={inputClassName} />
          )}
        </Field>
      ))}
      <div className={`col-span-2 flex items-end gap-2 sm:col-span-4 ${wideSpan[buttonsSpan] ?? "lg:col-span-12"}`}>
        <Button type="submit">{labels.apply}</Button>
        <a href={clearHref} className="rounded-md px-3 py-2 text-sm text-brand-600 hover:underline">
          {labels.clear}
        </a>
        {hint ? <span className="ml-auto text-xs text-slate-500">{hint}</span> : null}
      </div>
    </Form>
  );
}
