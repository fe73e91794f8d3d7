import { Badge, Card, SimpleTable } from "~/components/ui";
import type { EvaluationDocument, EvaluationFigures } from "~/evaluations/evaluation-input";
import { useI18n } from "~/i18n/i18n-context";

/**
 * The agency register's documents the information-security and operations sections rest on, as they stood on the day
 * the figures were collected (frozen with them once signed).
 */
export function EvaluationDocumentsCard({ documents }: { documents: EvaluationFigures["documents"] }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!documents) return null;
  const state = (document: EvaluationDocument) =>
    document.valid ? "valid" : document.expiresOn !== null && document.expiresOn < documents.asOf ? "expired" : "notYetValid";
  return (
    <Card title={t("evaluations.documents.title", { date: i18n.date(documents.asOf) })}>
      <div className="grid gap-6 lg:grid-cols-2" data-testid="evaluation-documents">
        {(["infosec", "operations"] as const).map((section) => (
          <div key={section}>
            <h3 className="mb-2 text-sm font-semibold">{t(`evaluations.section.${section}`)}</h3>
            <SimpleTable
              columns={[
                { header: t("evaluations.documents.type"), cell: (row) => i18n.tEnum("register.documentType", row.type) },
                { header: t("evaluations.documents.version"), cell: (row) => `v${row.version}` },
                { header: t("evaluations.documents.expiresOn"), cell: (row) => (row.expiresOn ? i18n.date(row.expiresOn) : t("evaluations.documents.noExpiry")) },
                {
                  header: t("common.status"),
                  cell: (row) => (
                    <span data-testid={`evaluation-document-${row.type}`}>
                      <Badge tone={row.valid ? "good" : "bad"}>{t(`evaluations.documents.state.${state(row)}`)}</Badge>
                    </span>
                  ),
                },
              ]}
              rows={documents.items.filter((document) => document.section === section)}
              rowKey={(row) => row.type}
            />
          </div>
        ))}
      </div>
      {documents.missingRequired.length > 0 ? (
        <p className="mt-3 text-sm text-red-700" data-testid="evaluation-documents-missing">
          {t("evaluations.documents.missing", { types: documents.missingRequired.map((type) => i18n.tEnum("register.documentType", type)).join(", ") })}
        </p>
      ) : null}
    </Card>
  );
}
