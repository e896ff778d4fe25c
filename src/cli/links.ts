/**
 * Links to the rule pages and the home page, from package.json: a rule's page is
 * `<repository>/blob/v<version>/docs/rules/<id>.md` (the pages of the installed version), the home
 * page is `homepage`. Without a GitHub-style repository URL there are no links, and `bulkhead rules`
 * names the page inside the package (docs/rules/<id>.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../engine/paths";

export interface Links {
  /** ".../docs/rules/{id}.md" (FormatOptions.docsBaseUrl) */
  docsBaseUrl?: string;
  homepage?: string;
}

interface PackageJson {
  version?: string;
  homepage?: string;
  repository?: string | { url?: string };
}

/** The links a package.json gives: repository "git+https://host/o/r.git" → https://host/o/r/blob/vX/docs/rules/{id}.md. */
export function linksOf(pkg: PackageJson): Links {
  const raw = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  const m = raw === undefined ? null : /^(?:git\+)?(https:\/\/[^\s]+?)(?:\.git)?\/?$/.exec(raw);
  const docsBaseUrl =
    m === null || pkg.version === undefined ? undefined : `${m[1]}/blob/v${pkg.version}/docs/rules/{id}.md`;
  return { docsBaseUrl, homepage: pkg.homepage ?? (m === null ? undefined : m[1]) };
}

let cached: Links | undefined;

export function packageLinks(): Links {
  return (cached ??= linksOf(JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as PackageJson));
}
