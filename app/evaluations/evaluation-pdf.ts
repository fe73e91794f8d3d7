// The signed evaluation as a PDF (pdfkit), rendered once at signing from the same stored record as the workbook and
// kept with its SHA-256: labels in English and Chinese, set in a font that covers Chinese (ADR 031). The file's
// metadata carries the signing instant, so the same record and font always give the same bytes.
import { createHash } from "node:crypto";
import PDFDocument from "pdfkit";
import { questionnaire, sectionKeys } from "./evaluation-input";
import { documentTypeLabel, figureRows, label } from "./evaluation-labels";
import type { SignedEvaluationRecord } from "./evaluation-workbook";
import type { PdfFont } from "./pdf-font";

export async function renderEvaluationPdf(record: SignedEvaluationRecord, font: PdfFont): Promise<{ bytes: Buffer; sha256: string }> {
  const signedAt = new Date(record.complianceSigner.at > record.vendorSigner.at ? record.complianceSigner.at : record.vendorSigner.at);
  const doc = new PDFDocument({
    size: "A4",
    margin: 48,
    info: { Title: `${label("title")} #${record.id}`, Creator: "agency-oversight", Producer: "agency-oversight", CreationDate: signedAt, ModDate: signedAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  if (font.family === undefined) doc.font(font.path);
  else doc.font(font.path, font.family);

  const heading = (value: string) => doc.moveDown(0.6).fontSize(12).text(value).fontSize(9).moveDown(0.2);
  const line = (name: string, value: string | number) => doc.text(`${name}: ${value}`);

  doc.fontSize(16).text(`${label("title")} #${record.id}`).fontSize(9).moveDown(0.4);
  line(label("agency"), `${record.agencyCode} · ${record.agencyName}`);
  line(label("period"), `${record.periodFrom} – ${record.periodTo}`);

  heading(`${label("section")} · ${label("score")}`);
  for (const key of sectionKeys) {
    line(label(key), record.sections[key].score ?? "");
    if (record.sections[key].comment) doc.text(record.sections[key].comment, { indent: 12 });
  }
  doc.moveDown(0.4);
  line(label("overall"), record.overallRating);
  line(label("decision"), record.decision);
  for (const condition of record.conditions) line(label("conditions"), `${condition.ruleCode} · ${condition.text}`);
  if (record.sharedNotes) line(label("notes"), record.sharedNotes);

  heading(`${label("figure")} · ${label("value")}`);
  for (const [name, value] of figureRows(record.figures)) line(name, value);
  for (const rule of record.figures.compliance.byRule) line(`${label("rule")} ${rule.ruleCode}`, `${rule.count} (${rule.per1000Contacts?.toFixed(2) ?? "—"} ‰)`);

  heading(`${label("question")} · ${label("answer")}`);
  for (const section of ["infosec", "operations"] as const) {
    const answers = record.sections[section].answers as Record<string, string | undefined>;
    for (const question of questionnaire[section]) line(`${label(section)} · ${question}`, answers[question] ?? "");
  }

  const documents = record.figures.documents;
  if (documents) {
    heading(`${label("documents")} ${documents.asOf}`);
    for (const section of ["infosec", "operations"] as const) {
      for (const document of documents.items.filter((item) => item.section === section)) {
        line(
          `${label(section)} · ${documentTypeLabel(document.type)} v${document.version}`,
          `${document.validFrom ?? "—"} – ${document.expiresOn ?? "—"} · ${label(document.valid ? "valid" : "invalid")}`,
        );
      }
    }
    if (documents.missingRequired.length > 0) line(label("missing"), documents.missingRequired.map(documentTypeLabel).join("; "));
  }

  heading(label("vendorSigner"));
  doc.text(`${record.vendorSigner.name} · ${record.vendorSigner.at}`);
  heading(label("complianceSigner"));
  doc.text(`${record.complianceSigner.name} · ${record.complianceSigner.at}`);

  doc.end();
  await finished;
  const bytes = Buffer.concat(chunks);
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
