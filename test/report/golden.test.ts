/**
 * Every formatter over every hand-built report (and every set formatter over every hand-built
 * set of reports), compared byte for byte with test/report/golden/<report>.<format>. Regenerate
 * after an intended change with `UPDATE_GOLDEN=1 npx jest test/report/golden`, then read the diff.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatters, setFormatters, type FormatName } from "../../src/report";
import { REPORTS, RULES, SETS, type ReportName, type SetName } from "./reports";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const OPTIONS = {
  color: false,
  rules: RULES,
  docsBaseUrl: "https://bulkhead.example/rules/",
};
const FORMATS = Object.keys(formatters) as FormatName[];

function compare(name: string, output: string): void {
  const file = join(__dirname, "golden", name);
  if (UPDATE) writeFileSync(file, output);
  expect(output).toBe(readFileSync(file, "utf8"));
}

const cases = (Object.keys(REPORTS) as ReportName[]).flatMap((report) =>
  FORMATS.map((format) => [report, format] as const),
);

test.each(cases)("%s report as %s matches its golden file", (report, format) => {
  compare(`${report}.${format}`, formatters[format](REPORTS[report], OPTIONS));
});

const setCases = (Object.keys(SETS) as SetName[]).flatMap((set) => FORMATS.map((format) => [set, format] as const));

test.each(setCases)("%s set as %s matches its golden file", (set, format) => {
  compare(`set-${set}.${format}`, setFormatters[format](SETS[set], OPTIONS));
});
