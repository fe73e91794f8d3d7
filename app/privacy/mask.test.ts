import { describe, expect, test } from "vitest";
import { maskName, maskPersonalData, maskPhone } from "./mask";

describe("maskPhone", () => {
  test.each([
    ["13812345678", "138****5678"],
    ["+8613812345678", "+861****5678"],
    ["2125550143", "212****0143"],
    ["12345", "***45"],
    ["7", "*"],
    ["", ""],
    [null, null],
  ])("%s → %s", (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe("maskName", () => {
  test.each([
    ["张三", "张*"],
    ["欧阳娜娜", "欧***"],
    ["李", "*"],
    ["John Smith", "J*** S****"],
    ["Al", "A*"],
    ["X", "X*"],
    [null, null],
  ])("%s → %s", (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
});

test("maskPersonalData masks only the fields present and leaves others", () => {
  expect(maskPersonalData({ debtorName: "王小明", phoneNumber: "13900001111", accountNumber: "A1" }, "masked")).toEqual({
    debtorName: "王**",
    phoneNumber: "139****1111",
    accountNumber: "A1",
  });
  expect(maskPersonalData({ debtorName: "王小明" }, "unmasked")).toEqual({ debtorName: "王小明" });
});
