import type { Report } from "../../src/engine/types";
import { formatJunit } from "../../src/report/junit";
import { REPORTS, RULES, withMessage } from "./reports";
import { parseXml, type XmlElement } from "./xml";

const options = { color: false, rules: RULES };

function junit(report: Report): XmlElement {
  const xml = formatJunit(report, options);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  return parseXml(xml);
}

function counts(e: XmlElement): Record<string, number> {
  const { tests, failures, errors, skipped } = e.attributes;
  return {
    tests: Number(tests),
    failures: Number(failures),
    errors: Number(errors),
    skipped: Number(skipped),
  };
}

function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c) => c.name === name);
}

describe("junit format", () => {
  test("the well-formedness check is not vacuous", () => {
    for (const bad of ["<a><b></a>", "<a>x & y</a>", "<a>\u0001</a>", "<a>", "<a/><b/>", '<a x="1" x="2"/>']) {
      expect(() => parseXml(bad)).toThrow();
    }
    expect(parseXml('<a x="&lt;&#10;"><b/>t &amp; u</a>')).toEqual({
      name: "a",
      attributes: { x: "<\n" },
      children: [{ name: "b", attributes: {}, children: [], text: "" }],
      text: "t & u",
    });
  });

  test.each(Object.entries(REPORTS))("%s: well-formed, counts match the testcases", (_name, report) => {
    const root = junit(report);
    expect(root.name).toBe("testsuites");
    const suites = root.children;
    expect(suites.map((s) => s.attributes.name)).toEqual([
      "BH001 Admin with backup deletion",
      "BH002 MFA requirement dropped",
      ...(report.waivers.length > 0 ? ["bulkhead waivers"] : []),
    ]);
    for (const suite of suites) {
      const cases = suite.children;
      expect(cases.every((c) => c.name === "testcase")).toBe(true);
      expect(counts(suite)).toEqual({
        tests: cases.length,
        failures: cases.filter((c) => child(c, "failure")).length,
        errors: 0,
        skipped: cases.filter((c) => child(c, "skipped")).length,
      });
    }
    const sum = (key: string) => suites.reduce((n, s) => n + counts(s)[key], 0);
    expect(counts(root)).toEqual({
      tests: sum("tests"),
      failures: sum("failures"),
      errors: 0,
      skipped: sum("skipped"),
    });
  });

  test("blocked: a failure for the blocking finding, skipped for the waived one, a pass for BH002", () => {
    const [bh001, bh002] = junit(REPORTS.blocked).children;
    expect(counts(bh001)).toEqual({
      tests: 2,
      failures: 1,
      errors: 0,
      skipped: 1,
    });
    const [failing, skipped] = bh001.children;
    expect(failing.attributes.name).toBe("BH001 — ci-deployer (aws_iam_user.ci_deployer)");
    expect(child(failing, "failure")?.attributes.message).toBe(REPORTS.blocked.findings[0].message);
    expect(child(skipped, "skipped")?.attributes.message).toContain("waived: Break-glass role");
    expect(bh002.children.map((c) => c.attributes.name)).toEqual(["BH002 — no finding"]);
    expect(bh002.children[0].children).toEqual([]);
  });

  test("an empty report passes one testcase per rule", () => {
    expect(counts(junit(REPORTS.empty))).toEqual({
      tests: 2,
      failures: 0,
      errors: 0,
      skipped: 0,
    });
  });

  test("one testcase per rule × principal, listing every finding", () => {
    const [, bh002] = junit(REPORTS.bh002).children;
    expect(bh002.children.map((c) => c.attributes.name)).toEqual([
      "BH002 — developers (aws_iam_group.developers)",
      "BH002 — deploy (aws_iam_policy.deploy)",
    ]);
    const text = child(bh002.children[1], "failure")?.text ?? "";
    expect(text).toContain("statement Deploy of aws_iam_policy.deploy");
    expect(text).toContain("statement Rollback of aws_iam_policy.deploy");
  });

  test("a non-blocking unknown finding passes, with the finding in system-out", () => {
    const [finding] = REPORTS.unknown.findings;
    const report: Report = {
      ...REPORTS.unknown,
      findings: [{ ...finding, blocking: false }],
      summary: { ...REPORTS.unknown.summary, blocked: false, blocking: 0 },
    };
    const [bh001] = junit(report).children;
    expect(counts(bh001)).toEqual({
      tests: 1,
      failures: 0,
      errors: 0,
      skipped: 0,
    });
    const [testcase] = bh001.children;
    expect(testcase.children.map((c) => c.name)).toEqual(["system-out"]);
    expect(child(testcase, "system-out")?.text).toContain("unknown, new: ops-eu may");
  });

  test("escapes markup and drops characters XML forbids", () => {
    const message = `<script>alert("x")</script> & 'quotes'\u0007\nline two\ttab`;
    const [bh001] = junit(withMessage(REPORTS.blocked, message)).children;
    const failure = child(bh001.children[0], "failure");
    expect(failure?.attributes.message).toBe(`<script>alert("x")</script> & 'quotes'\ufffd\nline two\ttab`);
    expect(failure?.text).toContain(`violation, new: <script>alert("x")</script> & 'quotes'\ufffd\nline two\ttab`);
  });
});
