// The demo's agency register, made through the register's own functions: every agency with a profile, licences and
// the documents its country requires (small one-page PDFs), expiries relative to the demo's clock so that BLITZ's
// collection licence expires within 30 days, CROSSLINE's information-security attestation has expired ("action
// required"), IDLEWOOD is on PROBATION with the reason recorded, and MERIDIAN's contract ends 45 days after the anchor
// day with a 60-day renewal notice, so it is due for an evaluation because its contract ends soon. Idempotent: an
// agency with documents is skipped.
import { getPrisma } from "~/db/client.server";
import { addAgencyDocument, saveAgencyLicence, saveAgencyProfile, setAgencyStatus, type RegisterActor } from "~/agency-register/register.server";
import { defaultRequiredDocuments, type DocumentType } from "~/agency-register/register-rules";
import { addDays } from "~/metrics/metric-filters";
import { demoAgencies, demoUsers } from "./demo-users";

/** A one-page PDF whose page shows `title` (ASCII), with a correct cross-reference table. */
export function onePagePdf(title: string): Uint8Array {
  const text = title.replace(/[^\x20-\x7e]/g, "?").replace(/([()\\])/g, "\\$1");
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

type DemoAgencyRegister = {
  country: "CN" | "US";
  legalName: string;
  registrationNumber: string;
  licence: { number: string; issuer: string; scope: string; validToDays: number };
  /** Days from the demo's "today" on which a document type expires (absent: one year on). */
  expiries?: Partial<Record<DocumentType, number>>;
  status?: { status: "PROBATION"; reason: string };
  /** A contract ending this many days after the demo's "today", with its renewal notice days (else demo-users' dates, 90 days). */
  contract?: { endsInDays: number; noticeDays: number };
};

const registers: Record<string, DemoAgencyRegister> = {
  ANCHOR: { country: "CN", legalName: "安可资产管理有限公司", registrationNumber: "91310000MA1ANCHOR1", licence: { number: "SH-CL-2025-0101", issuer: "上海市地方金融管理局", scope: "个人贷款逾期催收", validToDays: 400 } },
  BLITZ: { country: "CN", legalName: "闪电催收服务有限公司", registrationNumber: "91440300MA5BLITZ2", licence: { number: "SZ-CL-2024-0233", issuer: "深圳市地方金融监督管理局", scope: "个人贷款逾期催收", validToDays: 21 } },
  CROSSLINE: { country: "CN", legalName: "交叉线信用管理有限公司", registrationNumber: "91110000MA0CROSS3", licence: { number: "BJ-CL-2025-0078", issuer: "北京市地方金融管理局", scope: "个人贷款逾期催收", validToDays: 180 }, expiries: { INFOSEC_ATTESTATION: -12 } },
  KINLINK: { country: "CN", legalName: "亲联信息咨询有限公司", registrationNumber: "91330100MA2KINLK4", licence: { number: "HZ-CL-2025-0310", issuer: "浙江省地方金融管理局", scope: "信用卡逾期催收", validToDays: 250 } },
  IDLEWOOD: {
    country: "US",
    legalName: "Idlewood Receivables LLC",
    registrationNumber: "NY-DOS-5512093",
    licence: { number: "NYC-DCWP-2091122", issuer: "NYC Department of Consumer and Worker Protection", scope: "Debt collection agency", validToDays: 300 },
    status: { status: "PROBATION", reason: "Recovery below the portfolio for two quarters; remediation plan agreed at the quarterly review." },
  },
  MERIDIAN: {
    country: "US",
    legalName: "Meridian Collection Partners Inc.",
    registrationNumber: "DE-7781023",
    licence: { number: "NY-DFS-CA-44810", issuer: "New York State Department of Financial Services", scope: "Debt collection", validToDays: 330 },
    contract: { endsInDays: 45, noticeDays: 60 },
  },
};

/** The demo's documents and statuses as of `now` (the demo's anchor day). */
export async function seedDemoRegister(options: { now: Date; log?: (line: string) => void }): Promise<{ agencies: number; documents: number }> {
  const prisma = getPrisma();
  const today = options.now.toISOString().slice(0, 10);
  const vendor = demoUsers.find((user) => user.role === "VENDOR_MANAGER")!;
  const vendorId = (await prisma.user.findUniqueOrThrow({ where: { email: vendor.email }, select: { id: true } })).id;
  const actor: RegisterActor = { userId: vendorId, role: "VENDOR_MANAGER", agencyId: null };
  let agencies = 0;
  let documents = 0;
  for (const demo of demoAgencies) {
    const register = registers[demo.code];
    const agency = await prisma.agency.findUnique({ where: { code: demo.code }, select: { id: true, _count: { select: { documents: true } } } });
    if (!register || !agency || agency._count.documents > 0) continue;
    agencies += 1;
    await saveAgencyProfile(
      agency.id,
      {
        country: register.country,
        legalName: register.legalName,
        registrationNumber: register.registrationNumber,
        insurer: register.country === "CN" ? "中国平安财产保险" : "Hartford Financial",
        insurancePolicy: `PI-${demo.code}-2026`,
        insuranceValidTo: addDays(today, 200),
        contractStart: demo.contractStart,
        contractEnd: register.contract ? addDays(today, register.contract.endsInDays) : demo.contractEnd,
        renewalNoticeDays: register.contract?.noticeDays ?? 90,
        dpaSignedOn: demo.contractStart,
        dpaReference: `DPA-${demo.code}-01`,
        infosecAttestation: register.country === "CN" ? "等保二级测评报告" : "SOC 2 Type II",
        infosecAttestedOn: addDays(today, -120),
        complaintPolicy: "Complaints acknowledged within 1 working day, resolved within 15; escalations to the lender's compliance team.",
        trainingPolicy: "Annual conduct and data-protection training for every collector; refresher after any upheld complaint.",
        subcontractors: demo.code === "BLITZ" ? [{ name: "Speedy Dialer Co.", service: "outbound dialling platform" }] : [],
      },
      actor,
    );
    await saveAgencyLicence(agency.id, { number: register.licence.number, issuer: register.licence.issuer, scope: register.licence.scope, validFrom: addDays(today, -400), validTo: addDays(today, register.licence.validToDays) }, actor);
    const types = new Set<DocumentType>([...(defaultRequiredDocuments[register.country] ?? []), register.country === "CN" ? "BUSINESS_LICENCE" : "COLLECTION_LICENCE", "INSURANCE", "INFOSEC_ATTESTATION"]);
    for (const type of types) {
      const isLicence = type === "BUSINESS_LICENCE" || type === "COLLECTION_LICENCE";
      const expiresIn = register.expiries?.[type] ?? (isLicence ? register.licence.validToDays : type === "CONTRACT" || type === "DPA" || type.endsWith("_POLICY") ? null : 365);
      await addAgencyDocument(
        {
          agencyId: agency.id,
          fileName: `${demo.code}-${type.toLowerCase().replaceAll("_", "-")}.pdf`,
          bytes: onePagePdf(`${demo.code} ${type} (demo)`),
          type,
          validFrom: addDays(today, -380),
          expiresOn: expiresIn === null ? "" : addDays(today, expiresIn),
          note: isLicence ? register.licence.number : "",
        },
        actor,
        options.now,
      );
      documents += 1;
    }
    if (register.status) await setAgencyStatus(agency.id, register.status, actor, options.now);
  }
  options.log?.(`register: ${agencies} agencies, ${documents} documents`);
  return { agencies, documents };
}
