/**
 * The CI recipes of docs/ci run as written: every `run:` step of the GitHub workflow and every
 * `script:` line of the GitLab jobs is executed by bash, in order, exactly as the file says, in a
 * scratch repository holding a package.json and lockfile. What only exists on the CI service is
 * simulated, and nothing else:
 * - `terraform` is a fake on PATH (test/cli/run.ts): `plan -out` writes a plan file, `show -json`
 *   prints the fixture plan;
 * - `npm ci` is a fake that installs this working copy of bulkhead as node_modules/.bin/bulkhead
 *   (the real `npx --no-install` then finds it);
 * - `gh` is a fake that records its arguments and the comment body;
 * - `uses:` actions are not run: upload-sarif is checked to receive a valid SARIF file, the
 *   others (checkout, setup, credentials) have nothing to do here;
 * - `if:` conditions and `${{ }}` expressions are evaluated for the few forms the recipes use; an
 *   unknown form fails the test, so the recipes cannot drift away from what is tested.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import sarifSchema from "../../schemas/sarif-2.1.0.json";
import { fakeTerraform } from "../cli/run";
import { realPlansDir, root } from "../helpers/engine";
import { parseXml } from "../report/xml";
import { tempDir } from "../helpers/tmp";

const violating = join(root, "examples", "code-spaces.plan.json");
const clean = join(realPlansDir, "snyk-cli__tf-plan-update.json");
const githubRecipe = readFileSync(join(root, "docs", "ci", "github-actions.yml"), "utf8");
const gitlabRecipe = readFileSync(join(root, "docs", "ci", "gitlab-ci.yml"), "utf8");

const validateSarif = new Ajv({
  strict: false,
  formats: {
    uri: (s: string) => URL.canParse(s),
    "uri-reference": (s: string) => /^(?:[^\s<>"{}|\\^`%]|%[0-9A-Fa-f]{2})*$/.test(s),
    "date-time": (s: string) => !Number.isNaN(Date.parse(s)),
  },
}).compile(sarifSchema);

interface Repo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  ghLog: string;
  ghBody: string;
}

/** A scratch repository with the fake tools first on PATH; `fixture` is what terraform shows. */
function repo(fixture: string): Repo {
  const cwd = tempDir("ci");
  const bin = join(cwd, ".fake-bin");
  fakeTerraform(bin);
  writeFileSync(join(cwd, "main.tf"), "# the configuration the fake terraform pretends to plan\n");
  writeFileSync(join(cwd, "package.json"), JSON.stringify({ private: true, devDependencies: { bulkhead: "0.1.0" } }));
  writeFileSync(join(cwd, "package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages: {} }));
  tool(
    bin,
    "npm",
    `[ "$1" = ci ] || { echo "fake npm: only ci" >&2; exit 1; }
[ -f package-lock.json ] || { echo "npm ci needs a package-lock.json" >&2; exit 1; }
mkdir -p node_modules/.bin
cat > node_modules/.bin/bulkhead <<'SHIM'
#!/usr/bin/env node
require(${JSON.stringify(join(root, "scripts", "register-ts.js"))});
require(${JSON.stringify(join(root, "src", "cli", "main.ts"))})
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; });
SHIM
chmod +x node_modules/.bin/bulkhead
echo "added 1 package (fake npm ci)"`,
  );
  const ghLog = join(cwd, ".gh-args");
  const ghBody = join(cwd, ".gh-body");
  tool(
    bin,
    "gh",
    `printf '%s\\n' "$*" >> ${JSON.stringify(ghLog)}
while [ $# -gt 0 ]; do
  if [ "$1" = --body-file ]; then cp "$2" ${JSON.stringify(ghBody)}; fi
  shift
done`,
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [bin, process.env.PATH].join(delimiter),
    FAKE_TF_JSON: fixture,
  };
  delete env.NO_COLOR;
  return { cwd, env, ghLog, ghBody };
}

function tool(bin: string, name: string, body: string): void {
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

interface Ran {
  name: string;
  outcome: "success" | "failure" | "skipped";
  code?: number;
  stdout: string;
}

// --- GitHub Actions ---------------------------------------------------------------------------

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

const EXPRESSIONS: Record<string, string> = {
  "github.token": "fake-token",
  "github.event.pull_request.number": "42",
  "steps.report.outputs.artifact-url": "https://github.com/OWNER/REPO/actions/runs/1/artifacts/2",
};

/** `${{ github.token }}` → its test value; any other expression is unknown here. */
function expand(value: string): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) => {
    if (!(expr in EXPRESSIONS)) throw new Error(`the recipe test does not know the expression ${expr}`);
    return EXPRESSIONS[expr];
  });
}

/** `success()`, `always()`, `!cancelled()`, `hashFiles('f') != ''`, joined by &&. */
function condition(expr: string | undefined, failed: boolean, cwd: string): boolean {
  const body = (expr ?? "success()").replace(/^\$\{\{\s*|\s*\}\}$/g, "");
  return body.split("&&").every((term) => {
    const t = term.trim();
    if (t === "success()") return !failed;
    if (t === "always()" || t === "!cancelled()") return true;
    const hash = /^hashFiles\('([^']+)'\) != ''$/.exec(t);
    if (hash) return existsSync(join(cwd, hash[1]));
    throw new Error(`the recipe test does not know the condition ${t}`);
  });
}

const GITHUB_SHELL = ["--noprofile", "--norc", "-eo", "pipefail", "-c"];

function runGithub(fixture: string): { repo: Repo; steps: Ran[]; conclusion: "success" | "failure" } {
  const r = repo(fixture);
  const workflow = parse(githubRecipe) as { jobs: Record<string, { steps: Step[] }> };
  const jobs = Object.values(workflow.jobs);
  expect(jobs).toHaveLength(1);
  const steps: Ran[] = [];
  let failed = false;
  for (const step of jobs[0].steps) {
    const name = step.name ?? step.uses ?? "";
    if (!condition(step.if, failed, r.cwd)) {
      steps.push({ name, outcome: "skipped", stdout: "" });
      continue;
    }
    if (step.uses !== undefined) {
      steps.push({ name, outcome: simulateAction(step, r.cwd), stdout: "" });
      continue;
    }
    const script = step.run ?? "";
    expect(script).not.toContain("${{"); // expressions go through env:, never into the script text
    const env = { ...r.env, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)])) };
    const p = spawnSync("bash", [...GITHUB_SHELL, script], { cwd: r.cwd, env, encoding: "utf8" });
    const code = p.status ?? 1;
    failed ||= code !== 0;
    steps.push({ name, outcome: code === 0 ? "success" : "failure", code, stdout: p.stdout });
  }
  return { repo: r, steps, conclusion: failed ? "failure" : "success" };
}

function simulateAction(step: Step, cwd: string): "success" | "failure" {
  const action = (step.uses ?? "").replace(/@.*$/, "");
  switch (action) {
    case "actions/checkout":
    case "hashicorp/setup-terraform":
    case "actions/setup-node":
    case "aws-actions/configure-aws-credentials":
      return "success";
    case "github/codeql-action/upload-sarif": {
      const file = join(cwd, String(step.with?.sarif_file));
      return existsSync(file) && validateSarif(JSON.parse(readFileSync(file, "utf8"))) ? "success" : "failure";
    }
    case "actions/upload-artifact": {
      // One HTML file, uploaded as it is: a whole page.
      const file = join(cwd, String(step.with?.path));
      const html = existsSync(file) ? readFileSync(file, "utf8") : "";
      return step.with?.archive === false && html.startsWith("<!doctype html>") && html.endsWith("</html>\n")
        ? "success"
        : "failure";
    }
    default:
      throw new Error(`the recipe test does not know the action ${action}`);
  }
}

const outcomes = (steps: Ran[]): string[] => steps.map((s) => `${s.name}: ${s.outcome}`);

describe("GitHub Actions recipe (docs/ci/github-actions.yml)", () => {
  test("a plan that breaks BH001: the job fails, SARIF is uploaded, annotations and a PR comment say why", () => {
    const { repo: r, steps, conclusion } = runGithub(violating);
    expect(outcomes(steps)).toEqual([
      "actions/checkout@v5: success",
      "hashicorp/setup-terraform@v3: success",
      "actions/setup-node@v5: success",
      "aws-actions/configure-aws-credentials@v4: success",
      "terraform plan: success",
      "bulkhead: failure",
      "upload SARIF: success",
      "upload the HTML report: success",
      "comment on the pull request: success",
    ]);
    expect(conclusion).toBe("failure");
    const bulkhead = steps.find((s) => s.name === "bulkhead");
    expect(bulkhead?.code).toBe(1);
    expect(bulkhead?.stdout).toMatch(/^::error file=plan\.json,title=BH001 Admin with backup deletion::/m);
    expect(readFileSync(r.ghLog, "utf8")).toBe("pr comment 42 --edit-last --create-if-none --body-file bulkhead.md\n");
    const body = readFileSync(r.ghBody, "utf8");
    expect(body.startsWith("### ❌ bulkhead: blocked\n\nPlan: plan.json\n")).toBe(true);
    expect(body).toContain("| Rule | Principal | Verdict | Status | Message |");
    expect(
      body.endsWith("\n[The HTML report, with the graphs](https://github.com/OWNER/REPO/actions/runs/1/artifacts/2)\n"),
    ).toBe(true);
    expect(readFileSync(join(r.cwd, "bulkhead.html"), "utf8")).toContain("<h1>bulkhead: BLOCKED</h1>");
    const sarif = JSON.parse(readFileSync(join(r.cwd, "bulkhead.sarif"), "utf8")) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  test("a clean plan: every step succeeds and the comment says passed", () => {
    const { repo: r, steps, conclusion } = runGithub(clean);
    expect(conclusion).toBe("success");
    expect(steps.every((s) => s.outcome === "success")).toBe(true);
    expect(steps.find((s) => s.name === "bulkhead")?.code).toBe(0);
    expect(readFileSync(r.ghBody, "utf8").startsWith("### ✅ bulkhead: passed\n")).toBe(true);
  });

  test("bulkhead cannot read the plan: exit 2, no files, upload and comment skipped", () => {
    const garbage = join(tempDir("ci-garbage"), "plan.txt");
    writeFileSync(garbage, "this is not a plan\n");
    const { repo: r, steps, conclusion } = runGithub(garbage);
    expect(conclusion).toBe("failure");
    expect(steps.find((s) => s.name === "bulkhead")?.code).toBe(2);
    expect(outcomes(steps.slice(-3))).toEqual([
      "upload SARIF: skipped",
      "upload the HTML report: skipped",
      "comment on the pull request: skipped",
    ]);
    expect(existsSync(join(r.cwd, "bulkhead.html"))).toBe(false);
    expect(existsSync(join(r.cwd, "bulkhead.sarif"))).toBe(false);
    expect(existsSync(r.ghLog)).toBe(false);
  });
});

// --- GitLab CI ------------------------------------------------------------------------------

interface Job {
  stage: string;
  script: string[];
  needs?: string[];
  artifacts?: { when?: string; expose_as?: string; paths?: string[]; reports?: { junit?: string } };
}

function runGitlab(fixture: string): { repo: Repo; jobs: Ran[] } {
  const r = repo(fixture);
  const pipeline = parse(gitlabRecipe) as { stages: string[] } & Record<string, unknown>;
  const jobs = Object.entries(pipeline).filter(([name]) => name !== "stages") as [string, Job][];
  const ran: Ran[] = [];
  let failed = false;
  for (const stage of pipeline.stages) {
    for (const [name, job] of jobs.filter(([, j]) => j.stage === stage)) {
      for (const need of job.needs ?? []) expect(ran.find((x) => x.name === need)?.outcome).toBe("success");
      if (failed) {
        ran.push({ name, outcome: "skipped", stdout: "" });
        continue;
      }
      const p = spawnSync("bash", ["-eo", "pipefail", "-c", job.script.join("\n")], {
        cwd: r.cwd,
        env: r.env,
        encoding: "utf8",
      });
      const code = p.status ?? 1;
      const outcome = code === 0 ? "success" : "failure";
      if (job.artifacts !== undefined && (outcome === "success" || job.artifacts.when === "always")) {
        for (const file of [...(job.artifacts.paths ?? []), ...Object.values(job.artifacts.reports ?? {})]) {
          expect(`${name}: ${file} ${existsSync(join(r.cwd, file)) ? "collected" : "missing"}`).toBe(
            `${name}: ${file} collected`,
          );
        }
      }
      failed ||= code !== 0;
      ran.push({ name, outcome, code, stdout: p.stdout });
    }
  }
  return { repo: r, jobs: ran };
}

function junitCounts(cwd: string): { tests: number; failures: number } {
  const root = parseXml(readFileSync(join(cwd, "bulkhead.junit.xml"), "utf8"));
  return { tests: Number(root.attributes.tests), failures: Number(root.attributes.failures) };
}

describe("GitLab CI recipe (docs/ci/gitlab-ci.yml)", () => {
  test("a plan that breaks BH001: the bulkhead job fails, the JUnit report lists the failures", () => {
    const { repo: r, jobs } = runGitlab(violating);
    expect(jobs.map((j) => `${j.name}: ${j.outcome} ${j.code}`)).toEqual([
      "terraform-plan: success 0",
      "bulkhead: failure 1",
    ]);
    expect(jobs[1].stdout.trimEnd().split("\n").pop()).toMatch(/ — BLOCKED$/);
    expect(junitCounts(r.cwd).failures).toBeGreaterThan(0);
    expect(readFileSync(join(r.cwd, "bulkhead.html"), "utf8")).toContain("<h1>bulkhead: BLOCKED</h1>");
    // expose_as links the merge request to the artifact; with one file, straight to that page.
    const job = (parse(gitlabRecipe) as Record<string, Job>).bulkhead;
    expect([job.artifacts?.expose_as, job.artifacts?.paths]).toEqual(["bulkhead report", ["bulkhead.html"]]);
  });

  test("a clean plan: both jobs pass, the JUnit report has passing testcases only", () => {
    const { repo: r, jobs } = runGitlab(clean);
    expect(jobs.map((j) => j.outcome)).toEqual(["success", "success"]);
    const counts = junitCounts(r.cwd);
    expect(counts.failures).toBe(0);
    expect(counts.tests).toBeGreaterThan(0);
  });
});

describe("the README shows the recipe", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");

  test("its GitHub workflow is docs/ci/github-actions.yml, verbatim", () => {
    const block = /<!-- ci-recipe: docs\/ci\/github-actions\.yml -->\n\n?```yaml\n([\s\S]*?)```\n/.exec(readme);
    expect(block?.[1]).toBe(githubRecipe);
  });

  test("it links both recipes", () => {
    expect(readme).toContain("(docs/ci/github-actions.yml)");
    expect(readme).toContain("(docs/ci/gitlab-ci.yml)");
    expect(readme).toContain("(docs/ci/README.md)");
  });
});
