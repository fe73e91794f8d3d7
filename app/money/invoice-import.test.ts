import { describe, expect, test } from "vitest";
import { mapInvoiceHeader, parseInvoiceAmount, parseInvoiceMonth, parseInvoiceRows } from "./invoice-import";

describe("invoice file values", () => {
  test.each([
    ["1234.56", "1234.56"],
    [" 1,234.5 ", "1234.50"],
    ["-20", "-20.00"],
    ["0007.1", "7.10"],
    ["12,00", null],
    ["1234.567", null],
    ["1e3", null],
    ["", null],
  ])("amount %j → %j", (value, expected) => {
    expect(parseInvoiceAmount(value)).toBe(expected);
  });

  test.each([
    ["2026-04", "2026-04"],
    ["2026-04-01", "2026-04"],
    ["2026-04-15", null],
    ["2026-13", null],
    ["04/2026", null],
  ])("month %j → %j", (value, expected) => {
    expect(parseInvoiceMonth(value)).toBe(expected);
  });
});

describe("the header", () => {
  test.each([
    ["the canonical columns", ["agency_code", "month", "invoice_ref", "invoice_total", "currency"], []],
    ["any case and spaces, a BOM, reference and currency left out", ["\uFEFFAgency Code", "MONTH", "Invoice-Total"], []],
    ["no total column", ["agency_code", "month", "invoice_ref"], ["invoice_total"]],
  ])("%s", (_name, headers, missing) => {
    expect(mapInvoiceHeader(headers).errors.map((error) => error.params.column)).toEqual(missing);
  });
});

describe("the rows", () => {
  const columns = mapInvoiceHeader(["agency_code", "month", "invoice_ref", "invoice_total", "currency"]).columns;
  const row = (rowNumber: number, values: [string, string, string, string, string]) => ({ rowNumber, values: { agency_code: values[0], month: values[1], invoice_ref: values[2], invoice_total: values[3], currency: values[4] } });

  test("good rows become invoices: codes upper-cased, amounts to the cent, blanks as null", () => {
    expect(parseInvoiceRows(columns, [row(2, ["blitz", "2026-09", "INV-9", "1,060", ""]), row(3, ["CROSSLINE", "2026-09-01", "", "0.5", "cny"])])).toEqual({
      rows: [
        { row: 2, agencyCode: "BLITZ", month: "2026-09", reference: "INV-9", total: "1060.00", currency: null },
        { row: 3, agencyCode: "CROSSLINE", month: "2026-09", reference: null, total: "0.50", currency: "CNY" },
      ],
      errors: [],
    });
  });

  test.each([
    ["no agency", ["", "2026-09", "", "10", ""], "agency_code", "invoiceImport.error.required"],
    ["a day that is not the first", ["BLITZ", "2026-09-15", "", "10", ""], "month", "invoiceImport.error.month"],
    ["no total", ["BLITZ", "2026-09", "", "", ""], "invoice_total", "invoiceImport.error.required"],
    ["a decimal comma", ["BLITZ", "2026-09", "", "12,00", ""], "invoice_total", "invoiceImport.error.amount"],
    ["a currency name", ["BLITZ", "2026-09", "", "10", "yuan"], "currency", "invoiceImport.error.currency"],
    ["a reference too long", ["BLITZ", "2026-09", "R".repeat(101), "10", ""], "invoice_ref", "invoiceImport.error.tooLong"],
  ] as const)("%s: the row's field and reason", (_name, values, field, key) => {
    const result = parseInvoiceRows(columns, [row(7, [...values])]);
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ row: 7, field, key })]);
  });

  test("the same agency and month twice: the second row names the first", () => {
    const result = parseInvoiceRows(columns, [row(2, ["BLITZ", "2026-09", "A", "1", ""]), row(3, ["blitz", "2026-09-01", "B", "2", ""])]);
    expect(result.errors).toEqual([{ row: 3, field: "month", key: "invoiceImport.error.duplicate", params: { row: 2 } }]);
  });

  test("an empty file is an error of the file", () => {
    expect(parseInvoiceRows(columns, []).errors).toEqual([{ row: null, field: null, key: "invoiceImport.error.empty", params: {} }]);
  });
});
