import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "~/db/client.server";
import { createAgency } from "~/demo/factories.server";
import { getPublicComplaintHistory } from "~/complaints/public-complaint-history.server";
import { getAgencyScorecards } from "~/metrics/get-agency-scorecards.server";
import { csv, importFile } from "../support/import-harness";

// The regulator's public complaint data through the import pipeline (ADR 035), in files this test writes itself.
let summitId = 0;

beforeAll(async () => {
  summitId = await createAgency({ code: "CFPBSUM", name: "Summit Collections", aliases: ["SUMMIT RECOVERY GROUP, LLC", "Summit Rcvy"] });
});

const officialHeader = ["Date received", "Product", "Sub-product", "Issue", "Sub-issue", "Consumer complaint narrative", "Company", "State", "Company response to consumer", "Timely response?", "Complaint ID"];

describe("CFPB layout", () => {
  test("official headers, US dates, quoted commas and newlines; other products skipped, other companies counted; resend adds nothing", async () => {
    const file = csv([
      officialHeader,
      ["03/07/2016", "Debt collection", "I do not know", "Cont'd attempts collect debt not owed", "Debt is not mine", "They called, and called again,\nat night", "Summit Recovery Group LLC", "TX", "Closed with monetary relief", "Yes", "9000001"],
      ["04/11/2016", "Debt collection", "Medical", "Communication tactics", "Frequent or repeated calls", null, "SUMMIT RCVY", "TX", "Closed with explanation", "No", "9000002"],
      ["04/12/2016", "Mortgage", null, "Loan servicing", null, null, "Summit Recovery Group LLC", "TX", "Closed with explanation", "Yes", "9000003"],
      ["04/13/2016", "Debt collection", null, "Communication tactics", null, null, "Encore Capital Group", "CA", "Closed with explanation", "Yes", "9000004"],
      ["04/31/2016", "Debt collection", null, "Communication tactics", null, null, "Summit Recovery Group LLC", "TX", "Closed with explanation", "Yes", "9000005"],
    ]);
    const { batch } = await importFile({ kind: "COMPLAINTS", fileName: "complaints.csv", content: file, layout: "cfpb" });
    expect(batch).toMatchObject({ status: "COMMITTED", layout: "cfpb", acceptedRows: 2, skippedRows: 1, otherCompanyRows: 1, rejectedRows: 1, totalRows: 5 });
    const stored = await getPrisma().complaint.findMany({ where: { agencyId: summitId }, orderBy: { complaintRef: "asc" } });
    expect(stored.map((complaint) => [complaint.complaintRef, complaint.source, complaint.category])).toEqual([
      ["CFPB-9000001", "REGULATOR_PUBLIC", "Debt is not mine"],
      ["CFPB-9000002", "REGULATOR_PUBLIC", "Frequent or repeated calls"],
    ]);
    expect(stored[0]?.description).toBe("They called, and called again,\nat night");
    expect((stored[0]?.regulatorRecord as { issue: string; taxonomy: string }).issue).toBe("Attempts to collect debt not owed");

    // The same complaints in the snake_case form with ISO dates (another copy of the data): nothing new.
    const snake = csv([
      ["date_received", "product", "issue", "sub_issue", "company", "complaint_id", "timely_response"],
      ["2016-03-07", "Debt collection", "Attempts to collect debt not owed", "Debt is not mine", "Summit Collections", "9000001", "Yes"],
    ]);
    const resend = await importFile({ kind: "COMPLAINTS", fileName: "copy.csv", content: snake, layout: "cfpb" });
    expect(resend.batch).toMatchObject({ status: "COMMITTED", acceptedRows: 0, duplicateRows: 1 });
  });

  test("a JSON export (wrapped in _source) imports; public complaints never count per 1,000 accounts but make the public history", async () => {
    const json = JSON.stringify([
      { _source: { date_received: "2023-05-02T12:00:00-05:00", product: "Debt collection", issue: "Written notification about debt", company: "Summit Collections", complaint_id: "9100001", company_response: "Closed with non-monetary relief", timely: "No" } },
      { _source: { date_received: "2023-06-09", product: "Debt collection", issue: "Communication tactics", company: "Summit Collections", complaint_id: 9100002, company_response: "Closed with explanation", timely: "Yes" } },
    ]);
    const { batch } = await importFile({ kind: "COMPLAINTS", fileName: "complaints.json", content: json, layout: "cfpb" });
    expect(batch).toMatchObject({ status: "COMMITTED", acceptedRows: 2 });
    const history = await getPublicComplaintHistory(summitId);
    expect(history.total).toBe(4);
    expect(history.byMonth.map((row) => row.month)).toEqual(["2016-03", "2016-04", "2023-05", "2023-06"]);
    expect(history.closedWithRelief).toBe(2);
    expect(history.reliefShare).toBeCloseTo(0.5, 6);
    expect(history.untimely).toBe(2);
    const cards = await getAgencyScorecards({ from: "2016-01-01", to: "2023-12-31", agencyIds: [summitId] });
    expect(cards.find((card) => card.agencyId === summitId)?.metrics.complaints ?? 0).toBe(0);
  });

  test("a file without the layout's required columns is refused with them named", async () => {
    const { submitted } = await importFile({ kind: "COMPLAINTS", fileName: "bad.csv", content: csv([["Date received", "Product"], ["03/07/2016", "Debt collection"]]), layout: "cfpb" });
    expect(submitted).toMatchObject({ status: "rejected", code: "HEADER_INVALID" });
    expect("message" in submitted ? submitted.message : "").toContain("Complaint ID");
  });
});
