/** Links to the rule pages: from package.json's repository, the same in SARIF and `bulkhead rules`. */
import { linksOf } from "../../src/cli/links";
import { formatSarif } from "../../src/report/sarif";
import { REPORTS, RULES } from "../report/reports";

describe("rule page links", () => {
  test("from the repository URL: the pages of the installed version", () => {
    expect(linksOf({ version: "1.2.3", repository: { url: "git+https://github.com/acme/bulkhead.git" } })).toEqual({
      docsBaseUrl: "https://github.com/acme/bulkhead/blob/v1.2.3/docs/rules/{id}.md",
      homepage: "https://github.com/acme/bulkhead",
    });
    expect(
      linksOf({ version: "1.2.3", repository: "https://gitlab.example/a/b", homepage: "https://b.example" }),
    ).toEqual({
      docsBaseUrl: "https://gitlab.example/a/b/blob/v1.2.3/docs/rules/{id}.md",
      homepage: "https://b.example",
    });
    expect(linksOf({ version: "1.2.3" })).toEqual({});
    // package.json's placeholder until the project is published: no link rather than a broken one
    expect(linksOf({ version: "0.1.0", repository: { url: "git+https://github.com/OWNER/bulkhead.git" } })).toEqual({});
  });

  test("SARIF: helpUri per rule and informationUri", () => {
    const links = linksOf({ version: "1.2.3", repository: "git+https://github.com/acme/bulkhead.git" });
    const log = JSON.parse(formatSarif(REPORTS.blocked, { color: false, rules: RULES, ...links }));
    const driver = log.runs[0].tool.driver;
    expect(driver.informationUri).toBe("https://github.com/acme/bulkhead");
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(`https://github.com/acme/bulkhead/blob/v1.2.3/docs/rules/${rule.id}.md`);
    }
  });
});
