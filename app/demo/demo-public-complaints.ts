import { officialHeaders } from "../complaints/cfpb/cfpb-layout";
import { demoPublicComplaintCompanies } from "./demo-users";
import { seededRandom } from "./seeded-random";

// The demo's copy of the US CFPB's public complaint data (ADR 035): a CSV in the official export form with
// complaints against the demo's US agencies under the names they registered (their aliases), plus the rows a real
// download carries that are not the lender's concern: other products, and collectors that are none of its agencies.
// Pure: the same seed and anchor always give the same file.

const otherCollectors = ["HARBOR POINT CREDIT SERVICES, LLC", "Lakeshore Account Resolution Inc."];
const otherProducts: readonly [string, string, string][] = [
  ["Mortgage", "Conventional home mortgage", "Trouble during payment process"],
  ["Credit card or prepaid card", "General-purpose credit card or charge card", "Problem with a purchase shown on your statement"],
  ["Checking or savings account", "Checking account", "Managing an account"],
];
const issues: readonly [string, string][] = [
  ["Communication tactics", "Frequent or repeated calls"],
  ["Communication tactics", "Called before 8am or after 9pm"],
  ["Communication tactics", "Used obscene, profane, or other abusive language"],
  ["Attempts to collect debt not owed", "Debt is not yours"],
  ["Took or threatened to take negative or legal action", "Threatened or suggested your credit would be damaged"],
  ["False statements or representation", "Attempted to collect wrong amount"],
  ["Written notification about debt", "Didn't receive enough information to verify debt"],
];
const narratives = [
  "They called my cell, my work, and my mother's house, sometimes five times a day.",
  "The agent said I would be arrested if I did not pay today.\nI asked for the debt to be validated, in writing, and never got anything.",
  "I told them, twice, that this is not my debt.\nThey kept calling anyway.",
  "Calls at 7:15am, before I leave for work, and again late at night.",
];
const responses = ["Closed with explanation", "Closed with explanation", "Closed with non-monetary relief", "Closed with monetary relief", "In progress"];
const states = ["NY", "NJ", "PA", "OH", "FL", "GA", "NC"];
const header = Object.values(officialHeaders);

export type DemoPublicComplaintFile = { csv: string; counts: { debtCollection: number; otherProducts: number; otherCompanies: number } };

function usDate(day: Date): string {
  return `${String(day.getUTCMonth() + 1).padStart(2, "0")}/${String(day.getUTCDate()).padStart(2, "0")}/${day.getUTCFullYear()}`;
}

function quoted(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `perAgency` complaints for each US agency over the 12 months before the anchor, plus a few rows set aside on import. */
export function generateDemoPublicComplaints(options: { seed: number; anchorDate: Date; perAgency?: number }): DemoPublicComplaintFile {
  const random = seededRandom(options.seed ^ 0x0cf9b);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const perAgency = options.perAgency ?? 12;
  let nextId = 7_100_000 + Math.floor(random() * 100_000);
  const rows: string[][] = [];
  const row = (company: string, product: string, subProduct: string, issue: string, subIssue: string) => {
    const received = new Date(options.anchorDate.getTime() - (1 + Math.floor(random() * 364)) * 86_400_000);
    const sent = new Date(received.getTime() + Math.floor(random() * 3) * 86_400_000);
    const narrative = random() < 0.5 ? pick(narratives) : "";
    const response = pick(responses);
    rows.push([
      usDate(received), product, subProduct, issue, subIssue, narrative, narrative ? "" : "Company has responded to the consumer and the CFPB and chooses not to provide a public response",
      company, pick(states), `${String(10_000 + Math.floor(random() * 89_999)).slice(0, 3)}XX`, random() < 0.15 ? "Older American" : "",
      narrative ? "Consent provided" : "Consent not provided", random() < 0.8 ? "Web" : "Phone", usDate(sent), response,
      response === "In progress" || random() < 0.85 ? "Yes" : "No", "N/A", String(nextId++),
    ]);
  };
  for (const names of Object.values(demoPublicComplaintCompanies)) {
    for (let index = 0; index < perAgency; index++) {
      const [issue, subIssue] = pick(issues);
      row(pick(names), "Debt collection", pick(["Medical debt", "Credit card debt", "I do not know", "Other debt"]), issue, subIssue);
    }
  }
  for (const [product, subProduct, issue] of otherProducts) row(pick(demoPublicComplaintCompanies.IDLEWOOD), product, subProduct, issue, "");
  for (const company of otherCollectors) {
    for (let index = 0; index < 2; index++) {
      const [issue, subIssue] = pick(issues);
      row(company, "Debt collection", "Other debt", issue, subIssue);
    }
  }
  // The export is newest first.
  rows.sort((a, b) => toIso(b[0]!).localeCompare(toIso(a[0]!)) || b[17]!.localeCompare(a[17]!));
  const csv = [header, ...rows].map((cells) => cells.map(quoted).join(",")).join("\r\n") + "\r\n";
  const agencies = Object.keys(demoPublicComplaintCompanies).length;
  return { csv, counts: { debtCollection: agencies * perAgency, otherProducts: otherProducts.length, otherCompanies: otherCollectors.length * 2 } };
}

function toIso(usDay: string): string {
  const [month, day, year] = usDay.split("/");
  return `${year}-${month}-${day}`;
}
