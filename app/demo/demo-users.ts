import type { AgencyInput } from "../agencies/agency-input";
import type { Role } from "../generated/prisma/enums";

// The demo organisation: pure data (no database), so browser tests can import the sign-ins too.
// Relative imports only: Playwright's loader does not know the "~" alias.

export const demoPassword = "oversight-demo-2026";

/** The names the regulator's data gives the demo's US agencies; the demo keeps them as the agencies' aliases. */
export const demoPublicComplaintCompanies = {
  IDLEWOOD: ["IDLEWOOD RECEIVABLES, LLC", "Idlewood Receivables Management Inc."],
  MERIDIAN: ["MERIDIAN COLLECTION PARTNERS, INC."],
} as const satisfies Record<string, readonly string[]>;

export const demoAgencies: readonly (Omit<AgencyInput, "active"> & { profile: string })[] = [
  { code: "ANCHOR", name: "Anchor Recovery Services", timeZone: "Asia/Shanghai", commissionRate: "0.1500", contractStart: "2025-01-01", contractEnd: "2027-12-31", profile: "strong, compliant" },
  { code: "BLITZ", name: "Blitz Collections", timeZone: "Asia/Shanghai", commissionRate: "0.2500", contractStart: "2025-03-01", contractEnd: "2026-12-31", profile: "aggressive" },
  { code: "CROSSLINE", name: "Crossline Credit Management", timeZone: "Asia/Shanghai", commissionRate: "0.1800", contractStart: "2025-01-01", contractEnd: "2026-12-31", profile: "wrong-number problem" },
  { code: "KINLINK", name: "亲联信息咨询有限公司", timeZone: "Asia/Shanghai", commissionRate: "0.2000", contractStart: "2025-06-01", contractEnd: "2027-05-31", profile: "texts family and reveals the debt" },
  { code: "IDLEWOOD", name: "Idlewood Receivables", timeZone: "America/New_York", commissionRate: "0.1600", contractStart: "2025-01-01", contractEnd: "2026-12-31", aliases: [...demoPublicComplaintCompanies.IDLEWOOD], profile: "lazy" },
  { code: "MERIDIAN", name: "Meridian Collection Partners", timeZone: "America/New_York", commissionRate: "0.1800", contractStart: "2025-01-01", contractEnd: "2027-12-31", aliases: [...demoPublicComplaintCompanies.MERIDIAN], profile: "average" },
];

export const demoUsers: readonly { email: string; name: string; role: Role; agencyCode?: string; locale: "en" | "zh-CN" }[] = [
  { email: "admin@oversight.demo", name: "Alex Admin", role: "ADMIN", locale: "en" },
  { email: "vendor@oversight.demo", name: "Vera Vendor", role: "VENDOR_MANAGER", locale: "en" },
  { email: "compliance@oversight.demo", name: "陈合规", role: "COMPLIANCE", locale: "zh-CN" },
  { email: "executive@oversight.demo", name: "Erin Executive", role: "EXECUTIVE", locale: "en" },
  { email: "agency@oversight.demo", name: "Blitz Supervisor", role: "AGENCY", agencyCode: "BLITZ", locale: "en" },
];

