/**
 * Launches the system's Chromium (Debian's `chromium` package) through playwright-core: no
 * browser download. BULKHEAD_CHROMIUM names another binary. Missing: a one-line error, so the
 * browser test fails instead of skipping.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BULKHEAD_CHROMIUM !== undefined && env.BULKHEAD_CHROMIUM !== "") return env.BULKHEAD_CHROMIUM;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    for (const name of NAMES) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    "no chromium on PATH: install it (apt-get install -y chromium) or set BULKHEAD_CHROMIUM to a Chromium binary",
  );
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI and these machines run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
}
