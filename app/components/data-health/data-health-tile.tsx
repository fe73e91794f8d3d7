import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/i18n-context";
import { KpiTile } from "../ui";

/** The dashboard's Data health tile: open items this month and how many agencies they concern; opens the page. */
export function DataHealthTile({ items, agencies, month }: { items: number; agencies: number; month: string }) {
  const { t, number } = useI18n();
  return (
    <Link to={`/data-health?month=${month}`} className="block rounded-lg hover:ring-2 hover:ring-brand-600/40 md:max-w-xs" data-testid="data-health-tile" aria-label={t("dataHealth.tile.link")}>
      <KpiTile label={t("dataHealth.tile.title")} value={number(items, 0)} detail={<span className={items > 0 ? "text-amber-800" : undefined}>{t("dataHealth.tile.hint", { agencies: number(agencies, 0) })}</span>} />
    </Link>
  );
}
