/**
 * Every formatter over every hand-built report, compared byte for byte with
 * test/report/golden/<report>.<format>. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx jest test/report/golden`, then read the diff.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatters, type FormatName } from "../../src/report";
import { REPORTS, RULES, type ReportName } from "./reports";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const OPTIONS = {
  color: false,
  rules: RULES,
  docsBaseUrl: "https://bulkhead.example/rules/",
};

const cases = (Object.keys(REPORTS) as ReportName[]).flatMap((report) =>
  (Object.keys(formatters) as FormatName[]).map((format) => [report, format] as const),
);

test.each(cases)("%s report as %s matches its golden file", (report, format) => {
  const output = formatters[format](REPORTS[report], OPTIONS);
  const file = join(__dirname, "golden", `${report}.${format}`);
  if (UPDATE) writeFileSync(file, output);
  expect(output).toBe(readFileSync(file, "utf8"));
});
