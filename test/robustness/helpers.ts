import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../helpers/engine";
import { tempDir } from "../helpers/tmp";

export { root };
export const bin = join(root, "bin", "bulkhead.js");
const distMain = join(root, "dist", "src", "cli", "main.js");

/** The newest modification time of the .ts files under a directory. */
function newestTs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The CLI tests run bin/bulkhead.js, which loads dist/. CI builds it (npm ci runs `prepare`); in
 * a working tree where src/ changed since, this rebuilds it (npm run build) so that the CLI under
 * test is the source under test.
 */
export function ensureBuilt(): void {
  const fresh = (): boolean => existsSync(distMain) && statSync(distMain).mtimeMs >= newestTs(join(root, "src"));
  if (fresh()) return;
  // Several test files may ask at once (jest workers): one builds, the others wait for it.
  const lock = join(tmpdir(), "bulkhead-robustness-build.lock");
  const sleep = (ms: number): void =>
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void;
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (fresh()) return;
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
    utimesSync(distMain, new Date(), new Date());
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** An empty working directory: no bulkhead.config.yaml or waivers file of the repository applies. */
let emptyCwd: string | undefined;
export const cleanCwd = (): string => (emptyCwd ??= tempDir("robustness"));

/** Runs `node [nodeArgs] bin/bulkhead.js args` in a child process (empty cwd, bare env) with a time bound. */
export function runCli(
  args: string[],
  opts: { input?: Buffer; env?: NodeJS.ProcessEnv; nodeArgs?: string[]; timeoutMs?: number; cwd?: string } = {},
): CliRun {
  const start = Date.now();
  const r: SpawnSyncReturns<Buffer> = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), bin, ...args], {
    cwd: opts.cwd ?? cleanCwd(),
    input: opts.input,
    env: { PATH: process.env.PATH, ...(opts.env ?? {}) },
    timeout: opts.timeoutMs ?? 30_000,
    killSignal: "SIGKILL",
    maxBuffer: 256 * 2 ** 20,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  return {
    code: r.status,
    signal: r.signal,
    stdout: r.stdout ?? Buffer.alloc(0),
    stderr: (r.stderr ?? Buffer.alloc(0)).toString("utf8"),
    timedOut,
    ms: Date.now() - start,
  };
}

/** Asserts the CLI's error contract: exit 2, nothing on stdout, one line on stderr, no stack trace. */
export function expectCleanError(r: CliRun): void {
  expect(r.timedOut).toBe(false);
  expect(r.code).toBe(2);
  expect(r.stdout.length).toBe(0);
  expect(r.stderr).toMatch(/^bulkhead: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** Asserts the CLI's report contract for `-f json`: exit 0/1 matching summary.blocked, one JSON report. */
export function expectReport(r: CliRun): { schemaVersion: number; findings: unknown[]; summary: { blocked: boolean } } {
  expect(r.timedOut).toBe(false);
  expect(r.stderr).toBe("");
  expect([0, 1]).toContain(r.code);
  const report = JSON.parse(r.stdout.toString("utf8"));
  expect(report.schemaVersion).toBe(1);
  expect(report.summary.blocked).toBe(r.code === 1);
  return report;
}

export const realPlansDir = join(root, "test", "fixtures", "real");
