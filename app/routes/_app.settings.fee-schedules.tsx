import { Form, useActionData, useLoaderData, useNavigation, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { listAgencyChoices } from "~/agencies/agencies.server";
import { requirePermission } from "~/auth/guards.server";
import { logAccess } from "~/audit/log-access.server";
import { Alert, Button, Card, Field, inputClassName, PageHeader, SimpleTable, type Column } from "~/components/ui";
import { readFormData } from "~/http/read-body.server";
import { useI18n } from "~/i18n/i18n-context";
import type { MessageKey } from "~/i18n/messages.en";
import { pageTitle } from "~/i18n/page-title";
import { parseFeeScheduleForm, TIER_ROWS, tierAsFormRow, tierFields, type TierField } from "~/money/fee-schedule-form";
import { listFeeSchedules, reportingToday, saveFeeSchedule, type FeeScheduleView } from "~/money/fee-schedules.server";
import { describeTier, type FeeTier } from "~/money/fee-terms";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "pageTitle.feeSchedules");

const query = z.object({ agency: z.string().max(40).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "settings.feeSchedules");
  const { agency: code } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const agencies = await listAgencyChoices();
  const selected = agencies.find((agency) => agency.code === code) ?? agencies[0] ?? null;
  return { agencies, selected, schedules: selected ? await listFeeSchedules(selected.id) : [], today: await reportingToday() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "settings.feeSchedules");
  const form = Object.fromEntries(await readFormData(request, user));
  const agencyId = z.coerce.number().int().positive().safeParse(form.agencyId);
  if (!agencyId.success) throw new Response("Bad request", { status: 400 });
  const parsed = parseFeeScheduleForm(form);
  if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors, submitted: form as Record<string, string> }, { status: 400 });
  const saved = await saveFeeSchedule({ agencyId: agencyId.data, effectiveFrom: parsed.effectiveFrom, terms: parsed.terms, flatFeePerPlacement: parsed.flatFeePerPlacement, note: parsed.note, by: { userId: user.id } });
  await logAccess({ userId: user.id, action: "AGENCY_SAVED", resourceType: "FeeSchedule", resourceId: saved.id, detail: { agencyId: agencyId.data, effectiveFrom: parsed.effectiveFrom, revision: saved.revision }, request });
  return { ok: true as const, from: parsed.effectiveFrom };
}

function TierTable({ tiers }: { tiers: readonly FeeTier[] }) {
  const { t, percent } = useI18n();
  const any = t("feeSchedules.any");
  const span = (from?: string | number, to?: string | number) => (from === undefined && to === undefined ? any : `${from ?? 0} – ${to ?? "∞"}`);
  const columns: Column<{ tier: FeeTier; index: number }>[] = [
    { header: "#", cell: ({ index }) => describeTier(tiers[index]!, index).split(" · ")[0] },
    { header: t("feeSchedules.col.dpd"), cell: ({ tier }) => tier.dpdBuckets?.join(", ") || any },
    { header: t("feeSchedules.col.months"), cell: ({ tier }) => span(tier.monthsFrom, tier.monthsTo) },
    { header: t("feeSchedules.col.product"), cell: ({ tier }) => tier.products?.join(", ") || any },
    { header: t("feeSchedules.col.balance"), cell: ({ tier }) => span(tier.balanceFrom, tier.balanceTo) },
    { header: t("feeSchedules.col.rate"), cell: ({ tier }) => percent(Number(tier.rate), 2), align: "right" },
    { header: t("feeSchedules.col.min"), cell: ({ tier }) => tier.minFee ?? "—", align: "right" },
    { header: t("feeSchedules.col.max"), cell: ({ tier }) => tier.maxFee ?? "—", align: "right" },
  ];
  return <SimpleTable columns={columns} rows={tiers.map((tier, index) => ({ tier, index }))} rowKey={(row) => row.index} />;
}

function ScheduleCard({ schedule }: { schedule: FeeScheduleView }) {
  const { t, dateTime } = useI18n();
  const from = schedule.fromTheStart ? t("feeSchedules.fromTheStart") : schedule.effectiveFrom;
  return (
    <Card title={`${t("feeSchedules.effectiveFrom")} ${from} · ${t("feeSchedules.revision", { revision: schedule.revision })}`}>
      <p className="mb-2 text-sm text-slate-600">
        {t("feeSchedules.by", { who: schedule.createdBy, when: dateTime(schedule.createdAt) })}
        {schedule.flatFeePerPlacement ? ` · ${t("feeSchedules.flatFee")}: ${schedule.flatFeePerPlacement}` : ""}
        {schedule.note ? ` · ${schedule.note}` : ""}
      </p>
      <TierTable tiers={schedule.terms.tiers} />
    </Card>
  );
}

export default function FeeSchedules() {
  const { agencies, selected, schedules, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const current = schedules.filter((schedule) => !schedule.superseded);
  const history = schedules.filter((schedule) => schedule.superseded);
  const errors = result && !result.ok ? result.errors : {};
  const submitted = result && !result.ok ? result.submitted : undefined;
  const latest = current[0];
  const initial = (field: TierField, row: number) => submitted?.[`${field}_${row}`] ?? (latest?.terms.tiers[row] ? tierAsFormRow(latest.terms.tiers[row]!)[field] : "");
  const error = (key: string) => (errors[key] ? t(errors[key] as MessageKey) : undefined);
  return (
    <div className="space-y-6">
      <PageHeader title={t("feeSchedules.title")} subtitle={t("feeSchedules.subtitle")} />
      <Form method="get" className="flex items-end gap-2">
        <Field label={t("feeSchedules.agency")}>
          <select name="agency" defaultValue={selected?.code ?? params.get("agency") ?? ""} className={inputClassName}>
            {agencies.map((agency) => (
              <option key={agency.id} value={agency.code}>
                {agency.code} · {agency.name}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="secondary">
          {t("feeSchedules.show")}
        </Button>
      </Form>
      {result?.ok ? <Alert tone="success">{t("feeSchedules.saved", { from: result.from })}</Alert> : null}
      <h2 className="text-lg font-semibold">{t("feeSchedules.current")}</h2>
      {current.length === 0 ? <p className="text-sm text-slate-600">{t("feeSchedules.none")}</p> : current.map((schedule) => <ScheduleCard key={schedule.id} schedule={schedule} />)}
      {selected ? (
        <Card title={t("feeSchedules.new")}>
          <p className="mb-3 text-sm text-slate-600">{t("feeSchedules.newHint")}</p>
          <Form method="post" className="space-y-3" key={result?.ok ? `saved-${result.from}` : "editing"}>
            <input type="hidden" name="agencyId" value={selected.id} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field label={t("feeSchedules.effectiveFrom")} error={error("effectiveFrom")}>
                <input name="effectiveFrom" type="date" required defaultValue={submitted?.effectiveFrom ?? today} className={inputClassName} />
              </Field>
              <Field label={t("feeSchedules.flatFee")} error={error("flatFee")}>
                <input name="flatFee" inputMode="decimal" defaultValue={submitted?.flatFee ?? latest?.flatFeePerPlacement ?? ""} className={inputClassName} />
              </Field>
              <Field label={t("feeSchedules.note")}>
                <input name="note" maxLength={500} defaultValue={submitted?.note ?? ""} className={inputClassName} />
              </Field>
            </div>
            {errors.tiers ? <Alert tone="error">{t(errors.tiers as MessageKey)}</Alert> : null}
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm">
                <thead>
                  <tr>
                    <th className="px-1 text-left font-medium text-slate-600">#</th>
                    {tierFields.map((field) => (
                      <th key={field} className="px-1 text-left font-medium text-slate-600">
                        {t(`feeSchedules.col.${({ dpd: "dpd", months: "months", product: "product", balance: "balance", rate: "rate", min: "min", max: "max" } as const)[field]}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {Array.from({ length: TIER_ROWS }, (_, row) => (
                    <tr key={row}>
                      <td className="px-1 text-slate-500">{row + 1}</td>
                      {tierFields.map((field) => (
                        <td key={field} className="px-1 py-1 align-top">
                          <input name={`${field}_${row}`} aria-label={`${field} ${row + 1}`} defaultValue={initial(field, row)} className={inputClassName} />
                          {error(`${field}_${row}`) ? <p className="text-xs text-red-700">{error(`${field}_${row}`)}</p> : null}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Button type="submit" disabled={navigation.state === "submitting"}>
              {t("feeSchedules.save")}
            </Button>
          </Form>
        </Card>
      ) : null}
      {history.length > 0 ? (
        <>
          <h2 className="text-lg font-semibold">{t("feeSchedules.history")}</h2>
          {history.map((schedule) => (
            <ScheduleCard key={schedule.id} schedule={schedule} />
          ))}
        </>
      ) : null}
    </div>
  );
}
