/**
 * Temporary directories for a test file, removed when its tests are done: `npm test` leaves
 * nothing behind in the system's temporary directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the system's temporary directory, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bulkhead-${prefix}-`));
  made.push(dir);
  return dir;
}
