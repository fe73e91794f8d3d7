import { expect, test } from "vitest";
import { parseSubcontractorLines, requiredDocumentsFromForm, subcontractorLines } from "./register-form";

test.each([
  ["", []],
  ["Acme Print: letters", [{ name: "Acme Print", service: "letters" }]],
  ["某某印务：信函\n\n  Dial Co  ", [{ name: "某某印务", service: "信函" }, { name: "Dial Co", service: "" }]],
])("subcontractor lines %j", (text, rows) => {
  expect(parseSubcontractorLines(text)).toEqual(rows);
  expect(parseSubcontractorLines(subcontractorLines(rows))).toEqual(rows);
});

test("the settings form keeps known types per country and adds a new country", () => {
  const form = new FormData();
  form.append("required.CN", "DPA");
  form.append("required.CN", "PASSPORT");
  form.append("newCountry", "hk");
  form.append("required.HK", "CONTRACT");
  expect(requiredDocumentsFromForm(form, ["CN", "US"])).toEqual({ CN: ["DPA"], US: [], HK: ["CONTRACT"] });
});
