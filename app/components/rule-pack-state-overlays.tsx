import { useI18n } from "~/i18n/i18n-context";
import { STATE_OVERLAY_FAMILY, STATE_REVIEWS, STATE_RULES, type StateReview, type StateRule } from "~/rules/state-overlays";
import type { WhatIfStateRow } from "~/rules/what-if.server";
import { usStateName } from "~/rules/us-states";
import { formatParameterValue, useRuleName } from "./rule-pack-labels";
import { Badge, Card, SimpleTable } from "./ui";

type Parameters = Record<string, Record<string, unknown> | undefined>;

function useStateName(): (code: string) => string {
  const { locale } = useI18n();
  return (code) => `${usStateName(code, locale === "zh-CN" ? "zh-CN" : "en")} (${code})`;
}

/**
 * The state rules over a US pack, read-only: which state, which rule, each state figure beside the pack's own,
 * the provision (linked to where it was read) and whether it applies with this version's switches; then the
 * states reviewed without a rule, and why. Nothing for other families.
 */
export function RulePackStateOverlays({ code, parameters }: { code: string; parameters: Parameters }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ruleName = useRuleName();
  const stateName = useStateName();
  if (code !== STATE_OVERLAY_FAMILY) return null;
  const none = t("common.none");
  return (
    <Card title={t("stateOverlays.title")}>
      <div className="space-y-4" data-testid="state-overlays">
        <p className="text-sm text-slate-600">{t("stateOverlays.hint")}</p>
        <SimpleTable<StateRule>
          rowKey={(rule) => rule.id}
          rows={[...STATE_RULES]}
          columns={[
            { header: t("stateOverlays.state"), cell: (rule) => stateName(rule.state) },
            { header: t("stateOverlays.rule"), cell: (rule) => ruleName(rule.ruleCode) },
            {
              header: t("stateOverlays.changes"),
              cell: (rule) => (
                <ul className="space-y-0.5">
                  {Object.entries(rule.parameters).map(([name, value]) => (
                    <li key={name}>
                      <span className="text-slate-600">{i18n.tEnum("rulePacks.param", name)}:</span>{" "}
                      <span className="break-all">{formatParameterValue(parameters[rule.ruleCode]?.[name], none)}</span> →{" "}
                      <span className="font-medium">{formatParameterValue(value, none)}</span>
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              header: t("stateOverlays.provision"),
              cell: (rule) => (
                <a href={rule.source} target="_blank" rel="noreferrer" className="text-brand-600 hover:underline">
                  {rule.citation}
                </a>
              ),
            },
            {
              header: t("stateOverlays.status"),
              cell: (rule) =>
                parameters[rule.ruleCode]?.enabled === true ? <Badge tone="good">{t("stateOverlays.applies")}</Badge> : <Badge tone="neutral">{t("stateOverlays.off")}</Badge>,
            },
          ]}
        />
        <h3 className="text-sm font-semibold text-slate-800">{t("stateOverlays.reviewedTitle")}</h3>
        <SimpleTable<StateReview>
          rowKey={(review) => `${review.state}:${review.citation}`}
          rows={[...STATE_REVIEWS]}
          columns={[
            { header: t("stateOverlays.state"), cell: (review) => stateName(review.state) },
            {
              header: t("stateOverlays.provision"),
              cell: (review) => (
                <a href={review.source} target="_blank" rel="noreferrer" className="text-brand-600 hover:underline">
                  {review.citation}
                </a>
              ),
            },
            { header: t("stateOverlays.status"), cell: (review) => t(`stateOverlays.finding.${review.finding}`) },
          ]}
        />
      </div>
    </Card>
  );
}

/** The what-if's findings made by state rules, by state, rule and provision (already part of its totals). */
export function WhatIfStateRows({ rows }: { rows: readonly WhatIfStateRow[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ruleName = useRuleName();
  const stateName = useStateName();
  if (rows.length === 0) return null;
  return (
    <div className="space-y-2" data-testid="whatif-state-rows">
      <h3 className="text-sm font-semibold text-slate-800">{t("stateOverlays.whatIfTitle")}</h3>
      <p className="text-xs text-slate-500">{t("stateOverlays.whatIfHint")}</p>
      <SimpleTable<WhatIfStateRow>
        rowKey={(row) => `${row.state}:${row.ruleCode}:${row.citation}`}
        rows={[...rows]}
        columns={[
          { header: t("stateOverlays.state"), cell: (row) => stateName(row.state) },
          { header: t("stateOverlays.rule"), cell: (row) => ruleName(row.ruleCode) },
          { header: t("stateOverlays.provision"), cell: (row) => row.citation },
          { header: t("rulePacks.whatIf.current"), cell: (row) => i18n.number(row.current), align: "right" },
          { header: t("rulePacks.whatIf.draft"), cell: (row) => i18n.number(row.draft), align: "right" },
          { header: t("rulePacks.whatIf.delta"), cell: (row) => i18n.number(row.delta), align: "right" },
        ]}
      />
    </div>
  );
}
