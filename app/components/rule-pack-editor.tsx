import { RULE_CODES, type RuleCode } from "~/rules/rule-pack";
import { EXTRA_SMS_REQUIREMENTS, fieldsOf, severities, type FieldKind, type RulePackFieldError } from "~/rules/rule-pack-form";
import { useI18n } from "~/i18n/i18n-context";
import { useRuleName } from "./rule-pack-labels";
import { Badge, inputClassName } from "./ui";

type Parameters = Record<string, Record<string, unknown> | undefined>;
type Errors = Partial<Record<string, RulePackFieldError>>;

/** Translates a field error; errors on one line of a one-per-line field say which line. */
export function useFieldError(): (error: RulePackFieldError | undefined) => string | undefined {
  const { t } = useI18n();
  return (error) => {
    if (!error) return undefined;
    const message = t(error.key, error.params);
    return error.line === undefined ? message : t("rulePacks.validation.onLine", { line: error.line, message });
  };
}

function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="mt-1 block text-xs text-red-700" role="alert">
      {message}
    </span>
  );
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * Inputs for every parameter of every rule, named "RULE.key" (see formToParameters). Uncontrolled, so edits
 * survive an action's round trip (save, what-if) without being reset to what is stored.
 */
export function RulePackEditor({ parameters, errors }: { parameters: Parameters; errors: Errors }) {
  const ruleName = useRuleName();
  const i18n = useI18n();
  const { t } = i18n;
  const describe = useFieldError();
  return (
    <div className="space-y-3">
      {RULE_CODES.map((code) => {
        const rule = parameters[code];
        const hasError = Object.keys(errors).some((field) => field === code || field.startsWith(`${code}.`));
        return (
          <details key={code} open={hasError} className="rounded-lg border border-slate-200 bg-white shadow-sm" data-testid={`rule-${code}`}>
            <summary className="flex cursor-pointer flex-wrap items-center gap-3 px-4 py-3 text-sm">
              <span className="font-medium text-slate-900">{ruleName(code)}</span>
              <code className="text-xs text-slate-500">{code}</code>
              {rule?.enabled ? <Badge tone="good">{t("rulePacks.enabled")}</Badge> : <Badge>{t("rulePacks.disabled")}</Badge>}
              {hasError ? <Badge tone="bad">{t("rulePacks.hasErrors")}</Badge> : null}
            </summary>
            <div className="grid gap-4 border-t border-slate-100 px-4 py-4 md:grid-cols-2">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name={`${code}.enabled`} defaultChecked={Boolean(rule?.enabled)} className="h-4 w-4" />
                <span className="font-medium text-slate-700">{t("rulePacks.param.enabled")}</span>
              </label>
              <label className="block text-sm">
                <span className="font-medium text-slate-700">{t("rulePacks.param.severity")}</span>
                <select name={`${code}.severity`} defaultValue={String(rule?.severity ?? "MEDIUM")} className={`${inputClassName} mt-1`}>
                  {severities.map((severity) => (
                    <option key={severity} value={severity}>
                      {i18n.tEnum("severity", severity)}
                    </option>
                  ))}
                </select>
                <FieldError message={describe(errors[`${code}.severity`])} />
              </label>
              {fieldsOf(code).map(([key, kind]) => (
                <ParameterInput key={key} code={code} name={key} kind={kind} value={rule?.[key]} errors={errors} />
              ))}
            </div>
          </details>
        );
      })}
    </div>
  );
}

function ParameterInput({ code, name: key, kind, value, errors }: { code: RuleCode; name: string; kind: FieldKind; value: unknown; errors: Errors }) {
  const i18n = useI18n();
  const { t } = i18n;
  const describe = useFieldError();
  const name = `${code}.${key}`;
  const label = i18n.tEnum("rulePacks.param", key);
  const error = describe(errors[name]);
  const wide = kind.type === "checkboxes" || kind.type === "lines" || kind.type === "smsRequirements";
  const wrapper = `block text-sm ${wide ? "md:col-span-2" : ""}`;
  switch (kind.type) {
    case "boolean":
      return (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name={name} defaultChecked={value === true} className="h-4 w-4" />
          <span className="font-medium text-slate-700">{label}</span>
        </label>
      );
    case "severity":
    case "choice": {
      const options = kind.type === "choice" ? kind.options : [];
      return (
        <label className={wrapper}>
          <span className="font-medium text-slate-700">{label}</span>
          <select name={name} defaultValue={String(value ?? "")} className={`${inputClassName} mt-1`}>
            {options.map((option) => (
              <option key={option} value={option}>
                {kind.type === "choice" ? i18n.tEnum(kind.enumPrefix, option) : option}
              </option>
            ))}
          </select>
          <FieldError message={error} />
        </label>
      );
    }
    case "time":
    case "integer":
      return (
        <label className={wrapper}>
          <span className="font-medium text-slate-700">{label}</span>
          <input
            name={name}
            defaultValue={value === undefined || value === null ? "" : String(value)}
            inputMode={kind.type === "integer" ? "numeric" : undefined}
            placeholder={kind.type === "time" ? "HH:mm" : undefined}
            aria-invalid={error ? true : undefined}
            className={`${inputClassName} mt-1`}
          />
          <FieldError message={error} />
        </label>
      );
    case "checkboxes": {
      const selected = asStrings(value);
      return (
        <fieldset className={wrapper}>
          <legend className="font-medium text-slate-700">{label}</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {kind.nullable ? (
              <label className="flex items-center gap-1.5">
                <input type="checkbox" name={`${name}.any`} defaultChecked={value === null} className="h-4 w-4" />
                <span className="italic">{t("rulePacks.anyValue")}</span>
              </label>
            ) : null}
            {kind.options.map((option) => (
              <label key={option} className="flex items-center gap-1.5">
                <input type="checkbox" name={name} value={option} defaultChecked={selected.includes(option)} className="h-4 w-4" />
                <span>{i18n.tEnum(kind.enumPrefix, option)}</span>
              </label>
            ))}
          </div>
          <FieldError message={error} />
        </fieldset>
      );
    }
    case "lines":
      return (
        <label className={wrapper}>
          <span className="font-medium text-slate-700">{label}</span>
          <textarea name={name} defaultValue={asStrings(value).join("\n")} rows={8} lang="zh-CN" aria-invalid={error ? true : undefined} className={`${inputClassName} mt-1 font-mono`} />
          <span className="mt-1 block text-xs text-slate-500">{t("rulePacks.onePerLine")}</span>
          <FieldError message={error} />
        </label>
      );
    case "smsRequirements": {
      const requirements = Array.isArray(value) ? (value as { label?: unknown; patterns?: unknown }[]) : [];
      const slots = [...requirements, ...Array.from({ length: EXTRA_SMS_REQUIREMENTS }, () => ({ label: "", patterns: [] }))];
      return (
        <fieldset className={wrapper}>
          <legend className="font-medium text-slate-700">{label}</legend>
          <p className="mb-2 text-xs text-slate-500">{t("rulePacks.smsHint")}</p>
          <FieldError message={error} />
          <div className="space-y-3">
            {slots.map((requirement, index) => (
              <div key={index} className="grid gap-2 rounded-md border border-slate-200 p-3 md:grid-cols-3">
                <label className="block text-sm">
                  <span className="text-slate-700">{t("rulePacks.smsLabel")}</span>
                  <input name={`${name}.${index}.label`} defaultValue={typeof requirement.label === "string" ? requirement.label : ""} className={`${inputClassName} mt-1`} />
                  <FieldError message={describe(errors[`${name}.${index}.label`])} />
                </label>
                <label className="block text-sm md:col-span-2">
                  <span className="text-slate-700">{t("rulePacks.smsPatterns")}</span>
                  <textarea name={`${name}.${index}.patterns`} defaultValue={asStrings(requirement.patterns).join("\n")} rows={3} className={`${inputClassName} mt-1 font-mono text-xs`} />
                  <FieldError message={describe(errors[`${name}.${index}.patterns`])} />
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      );
    }
  }
}
