/**
 * Links to the rule pages and the home page for SARIF (helpUri, informationUri), from
 * package.json: a rule's page is `<repository>/blob/v<version>/docs/rules/<id>.md`, the page of the
 * installed version, the same file `bulkhead rules` names inside the package; the home page is
 * `homepage`. Without a repository URL, or with the placeholder owner "OWNER" that package.json
 * holds until the project is published, there are no links (a link that does not work is worse).
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
  const m =
    raw === undefined || raw.includes("/OWNER/") ? null : /^(?:git\+)?(https:\/\/[^\s]+?)(?:\.git)?\/?$/.exec(raw);
  if (m === null) return {};
  const docsBaseUrl = pkg.version === undefined ? undefined : `${m[1]}/blob/v${pkg.version}/docs/rules/{id}.md`;
  return { docsBaseUrl, homepage: pkg.homepage ?? m[1] };
}

let cached: Links | undefined;

export function packageLinks(): Links {
  return (cached ??= linksOf(JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as PackageJson));
}
