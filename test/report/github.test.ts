import { formatGithub } from "../../src/report/github";
import { REPORTS, RULES, withMessage } from "./reports";

const options = { color: false, rules: RULES };

describe("github format", () => {
  test("one workflow command per finding: error when blocking, notice when waived", () => {
    const lines = formatGithub(REPORTS.blocked, options).split("\n");
    expect(lines).toEqual([
      `::error file=plans/prod.plan.json,title=BH001 Admin with backup deletion::${REPORTS.blocked.findings[0].message} (aws_iam_user.ci_deployer)`,
      expect.stringMatching(
        /^::notice file=plans\/prod\.plan\.json,title=BH001 Admin with backup deletion::break-glass can .* \(aws_iam_role\.break_glass\) — waived: Break-glass role: MFA-only trust/,
      ),
      "",
    ]);
  });

  test("warning when neither blocking nor waived", () => {
    const [finding] = REPORTS.unknown.findings;
    const report = {
      ...REPORTS.unknown,
      findings: [{ ...finding, blocking: false }],
    };
    expect(formatGithub(report, options)).toMatch(/^::warning file=/);
  });

  test("nothing to say for an empty report", () => {
    expect(formatGithub(REPORTS.empty, options)).toBe("");
  });

  test("escapes the message: %, CR and LF; keeps : and ,", () => {
    const output = formatGithub(withMessage(REPORTS.unknown, "100% sure:\r\nyes, really"), options);
    expect(output).toContain("::100%25 sure:%0D%0Ayes, really (module.ops");
    const [finding, ...rest] = output.split("\n");
    expect(finding).toMatch(/^::error .*\(module\.ops\.aws_iam_role\.ops\["eu"\]\) — waiver expired 2025-06-30: /);
    expect(rest).toEqual([expect.stringMatching(/^::warning title=bulkhead waiver::waiver #1 .* expired /), ""]);
  });

  test("escapes properties: also : and ,", () => {
    const report = {
      ...REPORTS.bh002,
      source: { ...REPORTS.bh002.source, path: "C:\\plans\\a,b%.json" },
    };
    const [first] = formatGithub(report, options).split("\n");
    expect(first).toMatch(/^::error file=C%3A\\plans\\a%2Cb%25\.json,title=BH002 MFA requirement dropped::/);
  });
});
