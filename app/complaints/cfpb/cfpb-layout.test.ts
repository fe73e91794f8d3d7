import { describe, expect, test } from "vitest";
import { agencyNameIndex, closedWithRelief, companyKey, currentIssue, headerKey, matchCfpbHeader, parseCfpbDate, readCfpbRow } from "./cfpb-layout";

describe("CFPB header forms", () => {
  test.each([
    ["Date received", "date_received"],
    ["Sub-issue", "sub_issue"],
    ["Complaint ID", "complaint_id"],
    ["Consumer consent provided?", "consumer_consent_provided"],
    ["ZIP code", "zip_code"],
    ["date_received", "date_received"],
  ])("%s → %s", (header, key) => {
    expect(headerKey(header)).toBe(key);
  });
  test("official and snake_case headers name the same fields; missing required ones are named in the official form", () => {
    const official = matchCfpbHeader(["Date received", "Product", "Issue", "Sub-issue", "Company", "Complaint ID"]);
    const snake = matchCfpbHeader(["date_received", "product", "issue", "sub_issue", "company", "complaint_id", "complaint_what_happened"]);
    expect(official.ok && official.columns.subIssue).toBe("Sub-issue");
    expect(snake.ok && snake.columns.narrative).toBe("complaint_what_happened");
    const missing = matchCfpbHeader(["Date received", "Product"]);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && JSON.stringify(missing.errors)).toContain("Complaint ID");
  });
});

describe("dates", () => {
  test.each([
    ["03/07/2016", "2016-03-07"],
    ["2023-11-30", "2023-11-30"],
    ["2023-11-30T12:00:00-05:00", "2023-11-30"],
    ["2/29/2020", "2020-02-29"],
    ["02/30/2020", null],
    ["2023-13-01", null],
    ["30/11/2023", null],
    ["", null],
  ])("%s → %s", (text, day) => {
    expect(parseCfpbDate(text)).toBe(day);
  });
});

describe("taxonomy and responses", () => {
  test.each([
    ["Cont'd attempts collect debt not owed", "Attempts to collect debt not owed", "2013-2017"],
    ["Disclosure verification of debt", "Written notification about debt", "2013-2017"],
    ["Taking/threatening an illegal action", "Took or threatened to take negative or legal action", "2013-2017"],
    ["Communication tactics", "Communication tactics", "current"],
    ["Attempts to collect debt not owed", "Attempts to collect debt not owed", "current"],
  ])("%s → %s (%s)", (issue, current, taxonomy) => {
    expect(currentIssue(issue)).toEqual({ issue: current, taxonomy });
  });
  test.each([
    ["Closed with monetary relief", true],
    ["Closed with non-monetary relief", true],
    ["Closed with relief", true],
    ["Closed without relief", false],
    ["Closed with explanation", false],
    ["In progress", null],
    [null, null],
  ])("%s: closed with relief = %s", (response, relief) => {
    expect(closedWithRelief(response)).toBe(relief);
  });
});

describe("rows", () => {
  const columns = { complaintId: "Complaint ID", dateReceived: "Date received", product: "Product", issue: "Issue", subIssue: "Sub-issue", company: "Company", timelyResponse: "Timely response?" };
  const agencies = agencyNameIndex([
    { id: 1, code: "SUMMIT", name: "Summit Recovery", aliases: ["SUMMIT RECOVERY GROUP, LLC"] },
    { id: 2, code: "OTHER", name: "Other Agency", aliases: [] },
  ]);
  const row = (values: Record<string, string>) =>
    readCfpbRow({ "Complaint ID": "123", "Date received": "03/07/2016", Product: "Debt collection", Issue: "Communication tactics", Company: "Summit Recovery Group LLC", ...values }, columns, agencies);

  test("company names match an agency's alias without case, punctuation or legal suffix", () => {
    expect(companyKey("SUMMIT RECOVERY GROUP, LLC")).toBe(companyKey("Summit Recovery Group Inc."));
    const result = row({ "Sub-issue": "Frequent or repeated calls", "Timely response?": "No" });
    expect(result).toMatchObject({ disposition: "accepted", row: { complaintRef: "CFPB-123", agencyId: 1, dateReceived: "2016-03-07", category: "Frequent or repeated calls" } });
    expect(result.disposition === "accepted" && result.row.record.timelyResponse).toBe(false);
  });
  test.each([
    [{ Product: "Mortgage" }, "skipped"],
    [{ Company: "Encore Capital Group" }, "otherCompany"],
    [{ "Date received": "2016-02-30" }, "rejected"],
    [{ "Complaint ID": "" }, "rejected"],
    [{ "Complaint ID": "12a" }, "rejected"],
  ])("%j → %s", (values, disposition) => {
    expect(row(values).disposition).toBe(disposition);
  });
});
