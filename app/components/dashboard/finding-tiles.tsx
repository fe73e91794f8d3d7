import { Link } from "@remix-run/react";
import { KpiTile } from "~/components/ui";
import type { AgencyFindingCounts } from "~/findings/finding-types";
import { useI18n } from "~/i18n/i18n-context";
import type { MessageKey } from "~/i18n/messages.en";

const tiles: { key: "open" | "overdue" | "escalated"; label: MessageKey; query: string; alarm: boolean }[] = [
  { key: "open", label: "findingList.tiles.open", query: "status=OPEN", alarm: false },
  { key: "overdue", label: "findingList.tiles.overdue", query: "overdue=1", alarm: true },
  { key: "escalated", label: "findingList.tiles.escalated", query: "status=ESCALATED", alarm: true },
];

/**
 * The dashboard's findings: open, overdue and escalated ones over the agencies in view, each opening the findings
 * list filtered to it (and to the one agency when the dashboard shows one).
 */
export function FindingTiles({ totals, agencyCode }: { totals: Pick<AgencyFindingCounts, "open" | "overdue" | "escalated">; agencyCode: string | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section aria-label={t("findingList.tiles.title")} title={t("findingList.tiles.hint")} className="grid grid-cols-3 gap-4 md:max-w-2xl" data-testid="finding-tiles">
      {tiles.map(({ key, label, query, alarm }) => (
        <Link key={key} to={`/findings?${query}${agencyCode ? `&agency=${encodeURIComponent(agencyCode)}` : ""}`} className="block rounded-lg hover:ring-2 hover:ring-brand-600/40" data-testid={`finding-tile-${key}`}>
          <KpiTile label={`${t("findingList.tiles.title")} · ${t(label)}`} value={i18n.number(totals[key], 0)} detail={alarm && totals[key] > 0 ? <span className="text-red-700">{t("findingList.tiles.attention")}</span> : undefined} />
        </Link>
      ))}
    </section>
  );
}
