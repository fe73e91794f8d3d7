import { Form, Link } from "@remix-run/react";
import type { DataHealthItem, FeedDay } from "~/data-health/data-health.server";
import { useI18n } from "~/i18n/i18n-context";
import { Badge, Button, SimpleTable } from "../ui";

const feedTone = { ON_TIME: "good", LATE: "warn", MISSING: "bad", PENDING: "neutral", NOT_TRACKED: "neutral" } as const;

/** The month's business days as badges: on time, late, missing (a missing week reads at a glance). */
export function FeedCalendar({ days }: { days: readonly FeedDay[] }) {
  const { tEnum, date } = useI18n();
  return (
    <ol className="flex flex-wrap gap-1" data-testid="feed-calendar">
      {days.map((day) => (
        <li key={day.day} data-testid={`feed-day-${day.day}`} data-status={day.status} title={`${date(day.day)} · ${tEnum("dataHealth.feedStatus", day.status)}`}>
          <Badge tone={feedTone[day.status]}>
            {day.day.slice(8)} {tEnum("dataHealth.feedStatus", day.status)}
          </Badge>
        </li>
      ))}
    </ol>
  );
}

/** An item's figures in the reader's language: instants as local times, the volume metric by name, numbers formatted. */
export function ItemFigures({ item, timeZone }: { item: DataHealthItem; timeZone: string }) {
  const { t, tEnum, number, dateTime } = useI18n();
  const parts = Object.entries(item.figures).map(([name, value]) => {
    let shown: string;
    if (value === null) shown = "—";
    else if (name === "metric") shown = tEnum("dataHealth.metric", String(value));
    else if (name === "deadline" || name === "firstArrival") shown = dateTime(String(value), timeZone);
    else shown = typeof value === "number" ? number(value, Number.isInteger(value) ? 0 : 3) : value;
    return `${tEnum("dataHealth.figure", name)}: ${shown}`;
  });
  return <span className="text-sm">{parts.join(" · ") || t("common.none")}</span>;
}

export function DataHealthItemsTable({ items, month, timeZone, canRaise }: { items: DataHealthItem[]; month: string; timeZone: string; canRaise: boolean }) {
  const { t, tEnum } = useI18n();
  return (
    <div data-testid="data-health-items">
      <SimpleTable
        rowKey={(item) => item.key}
        rows={items}
        columns={[
          { header: t("dataHealth.kind"), cell: (item) => <span data-testid={`item-${item.kind}`}>{tEnum("dataHealth.kind", item.kind)}</span> },
          { header: t("dataHealth.period"), cell: (item) => (item.from === item.to ? item.from : `${item.from} – ${item.to}`) },
          { header: t("dataHealth.agent"), cell: (item) => item.agentExternalId ?? "—" },
          { header: t("dataHealth.figures"), cell: (item) => <ItemFigures item={item} timeZone={timeZone} /> },
          { header: t("dataHealth.accounts"), cell: (item) => (item.samples.length === 0 ? "—" : <span className="font-mono text-xs">{item.samples.join(", ")}</span>) },
          {
            header: t("dataHealth.finding"),
            cell: (item) =>
              item.findingId !== null ? (
                <Link to={`/findings/${item.findingId}`} className="text-brand-600 hover:underline">
                  {t("dataHealth.viewFinding", { id: item.findingId })}
                </Link>
              ) : canRaise ? (
                <Form method="post" action="/findings/raise">
                  <input type="hidden" name="intent" value="dataHealth" />
                  <input type="hidden" name="agency" value={item.agencyCode} />
                  <input type="hidden" name="month" value={month} />
                  <input type="hidden" name="key" value={item.key} />
                  <Button type="submit" variant="secondary" data-testid={`raise-${item.key}`}>
                    {t("dataHealth.raise")}
                  </Button>
                </Form>
              ) : (
                "—"
              ),
          },
        ]}
      />
    </div>
  );
}
