import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { zipOf } from "../../../test/support/generated-workbook";
import { renderStoredImportText } from "../rows/import-message";
import { describeMemoryFailure } from "./describe-memory-failure.server";

const memoryFailureAdvice = "Its worker process died twice while importing it, so it is not tried again: save the sheet as CSV UTF-8, or split the file, and upload that instead.";

async function describedInEnglish(batch: { fileName: string; storedFilePath: string | null }): Promise<string> {
  return renderStoredImportText(await describeMemoryFailure(batch), "en");
}
import { uploadDirectory } from "./uploads.server";

const MB = 1024 * 1024;

// Only the directory is read, so a part may declare any size: the test files are a few hundred bytes.
async function stored(name: string, bytes: Buffer | string): Promise<string> {
  await mkdir(uploadDirectory(), { recursive: true });
  const relativePath = `memory-failure-${name}`;
  await writeFile(path.join(uploadDirectory(), relativePath), bytes);
  return relativePath;
}

const workbook = (sharedStringsBytes: number) =>
  zipOf([
    { name: "xl/workbook.xml", content: "<workbook/>" },
    { name: "xl/sharedStrings.xml", content: "<sst/>", declaredSize: sharedStringsBytes },
  ]);

test.each([
  ["a workbook whose shared strings expand to 120 MB", "hostile.xlsx", () => workbook(120 * MB), "The file needs more memory than an import may use: its shared-strings table expands to 120 MB."],
  ["a workbook with a small shared-strings table", "small.xlsx", () => workbook(2 * MB), "The file needs more memory than an import may use."],
  ["a CSV file", "big.csv", () => "a,b\n1,2\n", "The file needs more memory than an import may use."],
  ["a damaged workbook", "damaged.xlsx", () => "not a zip", "The file needs more memory than an import may use."],
])("%s", async (_name, fileName, bytes, expected) => {
  const storedFilePath = await stored(fileName, bytes());
  expect(await describedInEnglish({ fileName, storedFilePath })).toBe(`${expected} ${memoryFailureAdvice}`);
});

test("the reason reads in the batch page reader's language", async () => {
  const storedFilePath = await stored("hostile.xlsx", workbook(120 * MB));
  expect(renderStoredImportText(await describeMemoryFailure({ fileName: "hostile.xlsx", storedFilePath }), "zh-CN")).toContain("共享字符串表解压后达 120 MB");
});

test("a batch whose file is no longer stored gets the generic reason", async () => {
  expect(await describedInEnglish({ fileName: "gone.xlsx", storedFilePath: "no-such-file" })).toBe(`The file needs more memory than an import may use. ${memoryFailureAdvice}`);
  expect(await describedInEnglish({ fileName: "gone.xlsx", storedFilePath: null })).toBe(`The file needs more memory than an import may use. ${memoryFailureAdvice}`);
});
