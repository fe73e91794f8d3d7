// The signed evaluation as an Excel workbook (ExcelJS), written once at signing and stored with its SHA-256: the file
// is the record, so it is built only from what the evaluation stored (figures, sections, decision, signatures), never
// from live data. Labels are in English and Chinese side by side, so one frozen file serves every reader. Lender notes
// are in it only when they were shared with the agency (the agency may download it). Text cells are escaped against
// formula injection like every workbook the product writes.
import ExcelJS from "exceljs";
import { createHash } from "node:crypto";
import { neutraliseFormula } from "~/csv/write-csv";
import type { EvaluationFigures } from "./evaluation-figures.server";
import { questionnaire, sectionKeys, type EvaluationCondition, type EvaluationSections } from "./evaluation-input";
import { documentTypeLabel, figureRows, label, round } from "./evaluation-labels";

const text = (value: string) => neutraliseFormula(value);

export type SignedEvaluationRecord = {
  id: number;
  agencyCode: string;
  agencyName: string;
  periodFrom: string;
  periodTo: string;
  figures: EvaluationFigures;
  sections: EvaluationSections;
  overallRating: number;
  decision: string;
  conditions: EvaluationCondition[];
  /** Only when shared. */
  sharedNotes: string | null;
  vendorSigner: { name: string; at: string };
  complianceSigner: { name: string; at: string };
};

export async function renderEvaluationWorkbook(record: SignedEvaluationRecord): Promise<{ bytes: Buffer; sha256: string }> {
  const workbook = new ExcelJS.Workbook();
  // Fixed metadata: the file says when it was signed, not when it was rendered.
  const signedAt = new Date(record.complianceSigner.at > record.vendorSigner.at ? record.complianceSigner.at : record.vendorSigner.at);
  workbook.created = signedAt;
  workbook.modified = signedAt;
  workbook.creator = "agency-oversight";

  const summary = workbook.addWorksheet("Evaluation");
  summary.columns = [{ width: 42 }, { width: 18 }, { width: 70 }];
  summary.addRow([text(`${label("title")} #${record.id}`)]).font = { bold: true, size: 14 };
  summary.addRow([label("agency"), text(record.agencyCode), text(record.agencyName)]);
  summary.addRow([label("period"), record.periodFrom, record.periodTo]);
  summary.addRow([]);
  summary.addRow([label("section"), label("score"), label("comment")]).font = { bold: true };
  for (const key of sectionKeys) summary.addRow([label(key), record.sections[key].score, text(record.sections[key].comment)]);
  summary.addRow([]);
  summary.addRow([label("overall"), record.overallRating]);
  summary.addRow([label("decision"), text(record.decision)]);
  for (const condition of record.conditions) summary.addRow([label("conditions"), text(condition.ruleCode), text(condition.text)]);
  if (record.sharedNotes) summary.addRow([label("notes"), "", text(record.sharedNotes)]);
  summary.addRow([]);
  summary.addRow([label("vendorSigner"), text(record.vendorSigner.name), record.vendorSigner.at]);
  summary.addRow([label("complianceSigner"), text(record.complianceSigner.name), record.complianceSigner.at]);

  const figures = workbook.addWorksheet("Figures");
  figures.columns = [{ width: 48 }, { width: 20 }, { width: 20 }];
  figures.addRow([label("figure"), label("value")]).font = { bold: true };
  const { performance, compliance } = record.figures;
  for (const row of figureRows(record.figures)) figures.addRow(row);
  figures.addRow([]);
  figures.addRow([label("rule"), label("count"), label("per1000")]).font = { bold: true };
  for (const rule of compliance.byRule) figures.addRow([text(rule.ruleCode), rule.count, round(rule.per1000Contacts)]);
  figures.addRow([]);
  figures.addRow([label("month"), "Recovery rate / 回收率", "Violations per 1,000 / 每千次违规"]).font = { bold: true };
  for (const point of performance.trend) figures.addRow([point.month, round(point.recoveryRate, 4), round(point.violationsPer1000Contacts)]);

  const questions = workbook.addWorksheet("Questionnaire");
  questions.columns = [{ width: 30 }, { width: 40 }, { width: 12 }];
  questions.addRow([label("section"), label("question"), label("answer")]).font = { bold: true };
  for (const section of ["infosec", "operations"] as const) {
    const answers = record.sections[section].answers as Record<string, string | undefined>;
    for (const question of questionnaire[section]) questions.addRow([label(section), question, answers[question] ?? ""]);
  }

  // The register's documents as they stood when the figures were collected: part of the signed record.
  const documents = record.figures.documents;
  if (documents) {
    const sheet = workbook.addWorksheet("Documents");
    sheet.columns = [{ width: 30 }, { width: 48 }, { width: 12 }, { width: 14 }, { width: 14 }, { width: 22 }, { width: 40 }];
    sheet.addRow([label("documents"), documents.asOf]).font = { bold: true };
    sheet.addRow([label("section"), label("document"), label("version"), label("validFrom"), label("expiresOn"), label("state"), "SHA-256"]).font = { bold: true };
    for (const section of ["infosec", "operations"] as const) {
      for (const document of documents.items.filter((item) => item.section === section)) {
        sheet.addRow([label(section), text(documentTypeLabel(document.type)), document.version, document.validFrom ?? "", document.expiresOn ?? "", label(document.valid ? "valid" : "invalid"), document.sha256]);
      }
    }
    if (documents.missingRequired.length > 0) sheet.addRow([label("missing"), text(documents.missingRequired.map(documentTypeLabel).join("; "))]);
  }

  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
