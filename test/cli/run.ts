/** Runs the CLI in-process with a given stdin, working directory and environment. */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main, type Io } from "../../src/cli/main";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: Buffer | string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export async function run(argv: string[], options: RunOptions = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Buffer.from(options.stdin ?? ""),
    env: options.env ?? {},
    stdoutIsTTY: false,
    cwd: options.cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The one line an error exit (2) prints: "bulkhead: …", nothing on stdout. */
export function expectOneLineError(r: Run, message: string | RegExp): void {
  expect(r.stdout).toBe("");
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(typeof message === "string" ? `bulkhead: ${message}` : message);
  expect(r.code).toBe(2);
}

/**
 * A fake `terraform` (or `tofu`) in `dir`, for machines without one:
 * - `plan [-out=FILE | -out FILE] …` writes a small zip-headed file to FILE, prints a plan
 *   summary, and logs its arguments to $FAKE_TF_LOG; with FAKE_TF_FAIL=plan it fails like
 *   terraform does (exit 1, "Error: …" in a box on stderr);
 * - `show -json [-no-color] FILE` prints $FAKE_TF_JSON when FILE starts with "PK", else fails;
 * - `init` and `version` succeed.
 */
export function fakeTerraform(dir: string, name = "terraform"): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(
    file,
    `#!/usr/bin/env bash
# fake ${name} for bulkhead's tests (no terraform binary exists on the test machines)
[ -n "$FAKE_TF_LOG" ] && echo "${name} $*" >> "$FAKE_TF_LOG"
fail() { printf '╷\\n│ Error: %s\\n│\\n╵\\n' "$1" >&2; exit 1; }
case "$1" in
  version) echo "Terraform v1.9.8 (fake)" ;;
  init) echo "Terraform has been successfully initialized! (fake)" ;;
  plan)
    shift
    out=""
    while [ $# -gt 0 ]; do
      case "$1" in
        -out=*) out="\${1#-out=}" ;;
        -out) shift; out="$1" ;;
      esac
      shift
    done
    [ "$FAKE_TF_FAIL" = "plan" ] && fail "No configuration files"
    [ -n "$out" ] || fail "fake ${name}: plan without -out"
    printf 'PK\\003\\004fake plan file\\n' > "$out"
    echo "Plan: 2 to add, 0 to change, 0 to destroy."
    echo "Saved the plan to: $out"
    ;;
  show)
    [ "$2" = "-json" ] || fail "fake ${name}: only show -json"
    file="$3"
    [ "$3" = "-no-color" ] && file="$4"
    [ -f "$file" ] || fail "Failed to read the given file as a state or plan file"
    [ "$(head -c 2 "$file")" = "PK" ] || fail "Failed to read the given file as a state or plan file"
    cat "$FAKE_TF_JSON"
    ;;
  *) fail "fake ${name}: unsupported command $1" ;;
esac
`,
  );
  chmodSync(file, 0o755);
  return file;
}
