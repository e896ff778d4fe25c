import { formatMarkdown } from "../../src/report/markdown";
import { REPORTS, RULES, withMessage } from "./reports";

const options = { color: false, rules: RULES };

function rows(markdown: string): string[] {
  return markdown.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Rule") && !l.startsWith("| ---"));
}

/** Cell separators: pipes not escaped by a backslash. */
function separators(row: string): number {
  return (row.match(/(?<!\\)\|/g) ?? []).length;
}

describe("markdown format", () => {
  test("status heading and closing summary line", () => {
    const blocked = formatMarkdown(REPORTS.blocked, options);
    expect(blocked.startsWith("### ❌ bulkhead: blocked\n")).toBe(true);
    expect(blocked.endsWith("\n2 findings (1 blocking, 1 waived) in 34 resources, 6 principals — BLOCKED\n")).toBe(
      true,
    );
    const passed = formatMarkdown(REPORTS.empty, options);
    expect(passed.startsWith("### ✅ bulkhead: passed\n")).toBe(true);
    expect(passed).not.toContain("| Rule");
    expect(passed).not.toContain("<details>");
  });

  test("one table row and one collapsed section per finding", () => {
    const output = formatMarkdown(REPORTS.bh002, options);
    expect(output).toContain("| Rule | Principal | Verdict | Status | Message |");
    expect(rows(output)).toHaveLength(3);
    expect(output.match(/<details>/g)).toHaveLength(3);
    expect(output.match(/<\/details>/g)).toHaveLength(3);
  });

  test("marks waived findings and shows the waiver", () => {
    const output = formatMarkdown(REPORTS.blocked, options);
    const [blocking, waived] = rows(output);
    expect(blocking).toContain("| violation | new, **blocking** |");
    expect(waived).toContain("| violation | existing, waived |");
    expect(output).toContain("\nwaived: Break-glass role: MFA-only trust, used under incident procedure IR-7");
  });

  test("escapes pipes, line breaks and HTML so a message stays in its cell", () => {
    const output = formatMarkdown(withMessage(REPORTS.unknown, "a | b\nc <img src=x> *d* & _e_"), options);
    const [row] = rows(output);
    expect(separators(row)).toBe(6);
    expect(row).toContain("| a \\| b<br>c &lt;img src=x&gt; \\*d\\* &amp; \\_e\\_ |");
  });

  test("links rule ids to their pages when docsBaseUrl is given", () => {
    const output = formatMarkdown(REPORTS.unknown, {
      ...options,
      docsBaseUrl: "https://bulkhead.example/rules/",
    });
    expect(rows(output)[0]).toMatch(
      /^\| \[BH001\]\(https:\/\/bulkhead\.example\/rules\/BH001\) Admin with backup deletion \|/,
    );
    expect(rows(formatMarkdown(REPORTS.unknown, options))[0]).toMatch(/^\| BH001 Admin with backup deletion \|/);
  });

  test("the details hold the evidence and the fix", () => {
    const output = formatMarkdown(REPORTS.unknown, options);
    expect(output).toContain('<summary>BH001 · ops-eu (module.ops.aws_iam_role.ops["eu"])</summary>');
    expect(output).toContain('- unknown: module.ops.aws_iam_role_policy_attachment.backup\\["eu"].policy_arn via ');
    expect(output).toContain(
      "**Fix:** Split the duty: keep IAM administration and backup deletion on different principals.",
    );
  });
});
