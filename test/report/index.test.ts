import type { Report } from "../../src/engine/types";
import { formatters, isFormatName } from "../../src/report";
import { REPORTS, RULES } from "./reports";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe("formatters", () => {
  test("one per format name", () => {
    expect(Object.keys(formatters).sort()).toEqual(["github", "html", "json", "junit", "markdown", "sarif", "text"]);
  });

  test("isFormatName knows exactly those", () => {
    for (const name of Object.keys(formatters)) expect(isFormatName(name)).toBe(true);
    for (const name of ["HTML", "TEXT", "", "toString", "__proto__", "constructor"]) {
      expect(isFormatName(name)).toBe(false);
    }
  });

  test("are pure: no mutation, no printing, same output twice", () => {
    const write = jest.spyOn(process.stdout, "write");
    const report: Report = deepFreeze(structuredClone(REPORTS.blocked));
    const rules = deepFreeze(structuredClone(RULES));
    for (const format of Object.values(formatters)) {
      const options = { color: true, rules };
      expect(format(report, options)).toBe(format(report, options));
    }
    expect(write).not.toHaveBeenCalled();
    write.mockRestore();
  });
});
