/**
 * `bulkhead reach PLAN --from NAME|ADDRESS`: everything one credential reaches, the shortest path
 * to each principal and what it may do, in text and JSON; the question after a BH006 finding.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/tmp";
import { expectOneLineError, run } from "./run";

const root = join(__dirname, "..", "..");
const examples = join(root, "policies/rules/bh006_credential_reach/examples");
const ci = join(examples, "bad/ci_role_assumes_iam_admin_and_snapshot_deleter.json");
const mints = join(examples, "bad/iam_admin_mints_backup_users_key.json");
const denied = join(examples, "good/ci_denied_the_deleter.json");

describe("bulkhead reach", () => {
  it("follows a CI role into the IAM admin and the snapshot deleter (text)", async () => {
    const r = await run(["reach", ci, "--from", "ci"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("ci (aws_iam_role.ci)\n  reaches 2 other principals:");
    expect(r.stdout).toContain(
      "iam-admin (aws_iam_role.iam-admin): IAM admin\n    aws_iam_role.ci → assumes aws_iam_role.iam-admin (",
    );
    expect(r.stdout).toContain("trust #0 of aws_iam_role.deleter");
    expect(r.stdout).toMatch(/ci reaches IAM administration and backup deletion/);
  });

  it("gives the same by address, and every step in JSON", async () => {
    const r = await run(["reach", mints, "--from", "aws_iam_user.admin", "-f", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.source).toMatchObject({ node: "aws_iam_user.admin", admin: { certain: true } });
    expect(out.reached.map((x: { node: string }) => x.node)).toEqual(["aws_iam_user.backup-ops"]);
    expect(out.reached[0].backup.certain).toBe(true);
    expect(out.reached[0].steps).toEqual([
      expect.objectContaining({
        edge: "mint",
        from: "aws_iam_user.admin",
        to: "aws_iam_user.backup-ops",
        certain: true,
      }),
    ]);
    expect(out.both).toEqual({ certain: true, worst: true });
  });

  it("says when a Deny keeps the credential from reaching both", async () => {
    const r = await run(["reach", denied, "--from", "ci"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("aws_iam_role.deleter");
    expect(r.stdout).toContain("ci does not reach both IAM administration and backup deletion");
  });

  it("writes -o FILE whole", async () => {
    const dir = tempDir("reach");
    const r = await run(["reach", ci, "--from", "ci", "-f", "json", "-o", join(dir, "reach.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "reach.json"), "utf8")).reached).toHaveLength(2);
  });

  it("refuses a missing --from, an unknown name, a second plan and a bad format in one line", async () => {
    expectOneLineError(await run(["reach", ci]), /reach needs --from/);
    expectOneLineError(await run(["reach", ci, "--from", "nobody"]), /--from nobody: no principal/);
    expectOneLineError(await run(["reach", ci, ci, "--from", "ci"]), /reach needs one plan file/);
    expectOneLineError(await run(["reach", ci, "--from", "ci", "-f", "sarif"]), /reach --format takes text or json/);
  });

  it("has help of its own", async () => {
    const r = await run(["reach", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("reach [options] PLAN --from NAME|ADDRESS");
  });
});
