import type { Report } from "../../src/engine/types";
import { formatText } from "../../src/report/text";
import { REPORTS, RULES, withMessage } from "./reports";

const plain = { color: false, rules: RULES };
const coloured = { color: true, rules: RULES };
const ESC = "\x1b";

/** The text without its SGR sequences (ESC [ … m). */
function withoutSgr(text: string): string {
  return text
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, "")))
    .join("");
}

function lastLine(output: string): string {
  expect(output.endsWith("\n")).toBe(true);
  return output.trimEnd().split("\n").pop() ?? "";
}

describe("text format", () => {
  test.each(Object.values(REPORTS))("has no escape sequences without color", (report) => {
    expect(formatText(report, plain)).not.toContain(ESC);
  });

  test.each(Object.values(REPORTS))("with color, only adds escape sequences", (report) => {
    const output = formatText(report, coloured);
    expect(output).toContain(ESC);
    expect(withoutSgr(output)).toBe(formatText(report, plain));
  });

  test("colours blocking findings red, waived ones dim, the verdict red or green", () => {
    const blocked = formatText(REPORTS.blocked, coloured);
    expect(blocked).toContain(`  ${ESC}[31mBH001 Admin with backup deletion: violation, new, blocking`);
    expect(blocked).toContain(`  ${ESC}[2mBH001 Admin with backup deletion: violation, existing, waived`);
    expect(lastLine(blocked)).toBe(`${ESC}[31m${lastLine(withoutSgr(blocked))}${ESC}[0m`);
    expect(formatText(REPORTS.empty, coloured)).toBe(
      `${ESC}[32mno findings in 12 resources, 3 principals — passed${ESC}[0m\n`,
    );
  });

  test("ends with one summary line", () => {
    expect(lastLine(formatText(REPORTS.blocked, plain))).toBe(
      "2 findings (1 blocking, 1 waived) in 34 resources, 6 principals — BLOCKED",
    );
    expect(formatText(REPORTS.empty, plain)).toBe("no findings in 12 resources, 3 principals — passed\n");
    expect(lastLine(formatText(REPORTS.unknown, plain))).toBe(
      "1 finding (1 blocking, 1 unknown) in 21 resources, 4 principals, 2 unverifiable policy documents — BLOCKED",
    );
  });

  test("groups the findings of one principal under one heading", () => {
    const output = formatText(REPORTS.bh002, plain);
    expect(output.split("\n").filter((l) => l === "deploy (aws_iam_policy.deploy)")).toHaveLength(1);
    expect(output.match(/^ {2}BH002 /gm)).toHaveLength(3);
  });

  test("says verdict, status, waiver and evidence", () => {
    const output = formatText(REPORTS.blocked, plain);
    expect(output).toContain("  BH001 Admin with backup deletion: violation, existing, waived\n");
    expect(output).toContain(
      "    waived: Break-glass role: MFA-only trust, used under incident procedure IR-7 (approved by security@example.com, expires 2026-12-31)\n",
    );
    expect(output).toContain(
      "      admin: statement IamManage of aws_iam_policy.deploy via aws_iam_user_policy_attachment.ci_deploy: iam:AttachUserPolicy, iam:CreateAccessKey, iam:PutUserPolicy\n",
    );
    const unknown = formatText(REPORTS.unknown, plain);
    expect(unknown).toContain("BH001 Admin with backup deletion: unknown, new, blocking\n");
    expect(unknown).toContain("    waiver expired 2025-06-30: ");
    expect(unknown).toContain(
      '      unknown: module.ops.aws_iam_role_policy_attachment.backup["eu"].policy_arn via module.ops.aws_iam_role_policy_attachment.backup["eu"] — policy ARN unknown until apply and not joined to a policy of the plan\n',
    );
  });

  test("shows the first paragraph of the fix, unwrapped", () => {
    const rules = [
      {
        ...RULES[0],
        fix: "Split the duty:\nkeep them apart.\n\nLonger story.",
      },
    ];
    const output = formatText(REPORTS.blocked, { color: false, rules });
    expect(output).toContain("    fix: Split the duty: keep them apart.\n");
    expect(output).not.toContain("Longer story");
  });

  test("a finding of a rule not in the list still shows, without a fix", () => {
    const output = formatText(REPORTS.blocked, { color: false, rules: [] });
    expect(output).toContain("BH001 Admin with backup deletion: violation, new, blocking");
    expect(output).not.toContain("fix:");
  });

  test("keeps plan values from driving the terminal", () => {
    const report: Report = withMessage(REPORTS.blocked, "evil\x1b[2J\r\nsecond\u009b line");
    const output = formatText(report, plain);
    expect(output).not.toContain(ESC);
    expect(output).not.toContain("\u009b");
    expect(output).toContain("    evil\ufffd[2J second\ufffd line\n");
  });
});
