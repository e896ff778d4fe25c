/**
 * Run before every test file (jest.config.js setupFilesAfterEnv): every directory made with
 * fs.mkdtempSync under the system's temporary directory while the file runs — by the tests, by
 * cdktf's Testing.app() / Testing.synthScope(), by the code under test — is removed after the
 * file's tests, so `npm test` leaves nothing behind. Core modules are shared by the test files of a
 * worker: mkdtempSync is wrapped once per worker, and each file removes what was made during it.
 */
// The module object itself (an `import * as` namespace is a copy: patching it would change nothing).
import fs from "node:fs";
import { tmpdir } from "node:os";
import { resolve, sep } from "node:path";

interface Tracked {
  made: string[];
}

const KEY = Symbol.for("bulkhead.test.mkdtemp");
const holder = fs as unknown as Record<symbol, Tracked | undefined>;

if (holder[KEY] === undefined) {
  const tracked: Tracked = { made: [] };
  const original = fs.mkdtempSync;
  const wrapped = function (this: unknown, prefix: string, options?: unknown): string {
    const dir = (original as (p: string, o?: unknown) => string).call(fs, prefix, options);
    if (resolve(dir).startsWith(resolve(tmpdir()) + sep)) tracked.made.push(dir);
    return dir;
  };
  (fs as { mkdtempSync: unknown }).mkdtempSync = wrapped;
  holder[KEY] = tracked;
}

afterAll(() => {
  const tracked = holder[KEY];
  for (const dir of tracked?.made.splice(0) ?? []) fs.rmSync(dir, { recursive: true, force: true });
});
