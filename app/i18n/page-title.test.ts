import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { localeOfMatches, pageTitle } from "./page-title";

const root = (locale: unknown) => ({ id: "root", data: { locale } });
const page = { id: "routes/_app.cases._index", data: { agencies: [] } };

test.each([
  [[root("zh-CN"), page], "zh-CN"],
  [[root("en"), page], "en"],
  // An error page may have no root data; an unknown value is not trusted.
  [[{ id: "root", data: undefined }, page], "en"],
  [[root("fr"), page], "en"],
  [[page], "en"],
])("the locale of %j is %s", (matches, locale) => {
  expect(localeOfMatches(matches)).toBe(locale);
});

test.each([
  ["en", "Cases · Agency Oversight"],
  ["zh-CN", "案件 · 催收机构监管平台"],
])("a page title by key in %s", (locale, title) => {
  expect(pageTitle([root(locale), page], "nav.cases")).toEqual([{ title }]);
});

test("a title built with data, and the application's name alone", () => {
  expect(pageTitle([root("zh-CN")], (t) => t("pageTitle.importBatch", { id: 12 }))).toEqual([{ title: "数据导入 #12 · 催收机构监管平台" }]);
  expect(pageTitle([root("en")], (t) => t("pageTitle.rulePackDraft", { code: "us" }))).toEqual([{ title: "us draft · Rules · Agency Oversight" }]);
  expect(pageTitle([root("zh-CN")])).toEqual([{ title: "催收机构监管平台" }]);
});

// Every page's title goes through the dictionaries: a literal English title would stay English for Chinese readers.
const routesDir = join(__dirname, "../routes");
const pages = readdirSync(routesDir).filter((file) => readFileSync(join(routesDir, file), "utf8").includes("export const meta"));

test.each(pages)("%s builds its title with pageTitle", (file) => {
  const source = readFileSync(join(routesDir, file), "utf8");
  const meta = source.slice(source.indexOf("export const meta"), source.indexOf(";", source.indexOf("export const meta")));
  expect(meta).toContain("pageTitle(matches");
  expect(meta).not.toMatch(/title:/);
});
