import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The package root (where package.json is), from the sources or from their compiled copy in dist/. */
export const packageRoot: string = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "policies", "dist"))) return dir;
  }
  throw new Error(`bulkhead: cannot find the package root above ${__dirname}`);
})();

export const packageVersion: string = (
  JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }
).version;
