/**
 * What the README tells a new user about installing and prerequisites agrees with the package
 * and the scripts; the package is ready to publish; the README's waiver example still works when
 * copied. (npm run test:package checks the packed tarball itself, in CI.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { root } from "../helpers/engine";

const readme = readFileSync(join(root, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  license: string;
  version: string;
  engines: { node: string };
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  files: string[];
  scripts: Record<string, string>;
};

describe("the package is ready to publish", () => {
  test("repository, homepage and bugs name one GitHub repository, the one the README installs from", () => {
    const repo = /^git\+https:\/\/github\.com\/([^/]+\/[^/]+)\.git$/.exec(pkg.repository.url)?.[1];
    expect(repo).toBeDefined();
    expect(pkg.repository.type).toBe("git");
    expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
    expect(pkg.bugs.url).toBe(`https://github.com/${repo}/issues`);
    expect(readme).toContain(`github:${repo}#v${pkg.version}`);
    expect(readme).toContain(`./bulkhead-${pkg.version}.tgz`);
  });

  test("a LICENSE file with the licence package.json names", () => {
    expect(pkg.license).toBe("MIT");
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} bulkhead contributors\n/);
  });

  test("the rule pages `bulkhead rules` names and the semantics they link ship in the package", () => {
    expect(pkg.files).toEqual(expect.arrayContaining(["dist/", "policies/dist/", "docs/rules/", "docs/semantics.md"]));
  });

  test("no install-time build for consumers: only prepare (local installs, git installs) builds", () => {
    for (const hook of ["preinstall", "install", "postinstall"]) expect(pkg.scripts[hook]).toBeUndefined();
    expect(pkg.scripts.prepare).toBe("tsc -p tsconfig.build.json");
  });
});

describe("the README's prerequisites", () => {
  test("name the Node version of engines and the Go version the toolchain script asks for", () => {
    expect(pkg.engines.node).toBe(">=20");
    expect(readme).toContain("Node.js 20 or newer");
    const script = readFileSync(join(root, "scripts", "install-policy-tools.sh"), "utf8");
    const go = /install Go (1\.\d+) or newer/.exec(script)?.[1];
    expect(go).toBeDefined();
    expect(readme).toContain(`**Go ${go} or newer**`);
    const opa = /^OPA_VERSION=(v[\d.]+)$/m.exec(script)?.[1];
    expect(readme).toContain(`OPA ${opa}`);
  });
});

describe("the README's waiver example", () => {
  test("is valid for at least a year from today when copied", () => {
    const blocks = [...readme.matchAll(/```yaml\n(# bulkhead\.waivers\.yaml\n[\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    const inAYear = new Date(Date.now() + 366 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    for (const block of blocks) {
      for (const w of (parse(block) as { waivers: { expires: string | Date }[] }).waivers) {
        const expires = w.expires instanceof Date ? w.expires.toISOString().slice(0, 10) : String(w.expires);
        expect({ expires, laterThan: inAYear, ok: expires > inAYear }).toEqual({
          expires,
          laterThan: inAYear,
          ok: true,
        });
      }
    }
  });
});
