/**
 * The org config and waivers files: found in the current directory unless named, read as YAML
 * (or JSON by extension), validated by the engine. Every problem is one line naming the file.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type * as Yaml from "yaml";
import { inputError, usageError } from "./errors";
import { parseConfig, type OrgConfig } from "./config";
import { parseWaivers } from "./waivers";
import type { Waiver } from "./types";

export const CONFIG_NAMES = ["bulkhead.config.yaml", "bulkhead.config.yml", "bulkhead.config.json"];
export const WAIVER_NAMES = ["bulkhead.waivers.yaml", "bulkhead.waivers.yml", "bulkhead.waivers.json"];

/** The org config: the named file, else the one in `cwd`, else none ({}). */
export function loadConfig(named: string | undefined, cwd: string, ruleIds: readonly string[]): OrgConfig {
  const file = named ?? discover(cwd, CONFIG_NAMES);
  if (file === undefined) return {};
  return parseConfig(readDocument(file, cwd), { file, ruleIds });
}

/** The waivers: the named file, else the one in `cwd`, else none. */
export function loadWaivers(named: string | undefined, cwd: string, ruleIds: readonly string[]): Waiver[] {
  const file = named ?? discover(cwd, WAIVER_NAMES);
  if (file === undefined) return [];
  return parseWaivers(readDocument(file, cwd), { file, ruleIds });
}

/** The one of `names` that exists in `cwd`; two of them is an error (which one would count?). */
function discover(cwd: string, names: string[]): string | undefined {
  const found = names.filter((n) => existsSync(join(cwd, n)));
  if (found.length > 1) throw usageError(`both ${found[0]} and ${found[1]} exist here: keep one`);
  return found[0];
}

export function resolvePath(file: string, cwd: string): string {
  return isAbsolute(file) ? file : join(cwd, file);
}

/** A YAML (or, for *.json, JSON) document as plain data. */
function readDocument(file: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolvePath(file, cwd), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (code ?? (e as Error).message)}`);
  }
  if (/\.json$/i.test(file)) {
    try {
      return text.trim() === "" ? null : (JSON.parse(text) as unknown);
    } catch (e) {
      throw inputError(`${file}: not valid JSON (${(e as Error).message})`);
    }
  }
  // yaml (about 40 ms to load) only when there is a YAML file to read: not for every check, nor
  // for the synth-time guard of a project without bulkhead files.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseDocument } = require("yaml") as typeof Yaml;
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const [error] = doc.errors;
  if (error !== undefined) throw inputError(`${file}: ${error.message.split("\n")[0].replace(/:$/, "")}`);
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    throw inputError(`${file}: ${(e as Error).message}`);
  }
}
