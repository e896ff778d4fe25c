/**
 * The examples of the documentation are true: every waivers and config file shown in
 * docs/waivers-and-config.md and the README validates, and the README's library example
 * type-checks against the sources and runs.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "@swc/core";
import ts from "typescript";
import Ajv from "ajv";
import { parse } from "yaml";
import schema from "../../schemas/report.schema.json";
import { parseConfig } from "../../src/engine/config";
import { parseWaivers } from "../../src/engine/waivers";
import { root, sharedEngine } from "../helpers/engine";
import { tempDir } from "../helpers/tmp";

const ruleIds = sharedEngine()
  .rules()
  .map((r) => r.id);
const docs = ["README.md", "docs/waivers-and-config.md"].map((file) => ({
  file,
  text: readFileSync(join(root, file), "utf8"),
}));

/** Fenced blocks of a language, with the file they are in. */
function blocks(language: string): { file: string; code: string }[] {
  return docs.flatMap(({ file, text }) =>
    [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => ({ file, code: m[1] })),
  );
}

describe("waivers and config examples", () => {
  const yaml = blocks("yaml");
  const waivers = yaml.filter((b) => b.code.startsWith("# bulkhead.waivers.yaml\n"));
  const configs = yaml.filter((b) => b.code.startsWith("# bulkhead.config.yaml\n"));

  test("there are examples of both files in both documents", () => {
    for (const { file } of docs) {
      expect(waivers.filter((b) => b.file === file).length).toBeGreaterThan(0);
      expect(configs.filter((b) => b.file === file).length).toBeGreaterThan(0);
    }
  });

  test.each(waivers.map((b, i) => [`${b.file} #${i + 1}`, b.code]))("waivers %s validate", (_name, code) => {
    expect(parseWaivers(parse(code), { file: "example", ruleIds }).length).toBeGreaterThan(0);
  });

  test.each(configs.map((b, i) => [`${b.file} #${i + 1}`, b.code]))("config %s validates", (_name, code) => {
    expect(Object.keys(parseConfig(parse(code), { file: "example", ruleIds })).length).toBeGreaterThan(0);
  });
});

test("the README's JSON output example is valid against the schema", () => {
  const json = blocks("json").filter((b) => b.file === "README.md");
  expect(json).toHaveLength(1);
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
  const example: unknown = JSON.parse(json[0].code);
  expect(validate(example) ? [] : validate.errors).toEqual([]);
});

describe("the README's library example", () => {
  const example = /## Library API\n\n```ts\n([\s\S]*?)```/.exec(docs[0].text)?.[1] ?? "";
  const source = example.replace('from "bulkhead"', `from ${JSON.stringify(join(root, "src", "index"))}`);

  test("is about ten lines", () => {
    expect(example.trimEnd().split("\n").length).toBeLessThanOrEqual(10);
    expect(example).toContain('from "bulkhead"');
  });

  test("type-checks against the library's types", () => {
    const dir = tempDir("readme");
    const file = join(dir, "example.ts");
    writeFileSync(file, `${source}\nexport {};\n`);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ["node"],
      typeRoots: [join(root, "node_modules", "@types")],
      skipLibCheck: true,
      esModuleInterop: true,
      resolveJsonModule: true,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  test("runs: prints the findings and sets the exit code", async () => {
    const cwd = tempDir("readme");
    copyFileSync(join(root, "examples", "code-spaces.plan.json"), join(cwd, "plan.json"));
    const imports = source.split("\n").filter((l) => l.startsWith("import "));
    const body = source.split("\n").filter((l) => !l.startsWith("import "));
    const { code } = transformSync(`${imports.join("\n")}\nexports.done = (async () => {\n${body.join("\n")}\n})();`, {
      jsc: { parser: { syntax: "typescript" }, target: "es2022" },
      module: { type: "commonjs" },
    });
    const logged: string[] = [];
    const fakeConsole = { log: (s: string) => logged.push(s), warn: (s: string) => logged.push(`warn: ${s}`) };
    const fakeProcess = { exitCode: undefined as number | undefined };
    const exports: { done?: Promise<void> } = {};
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      new Function("require", "exports", "console", "process", code)(require, exports, fakeConsole, fakeProcess);
      await exports.done;
    } finally {
      process.chdir(previous);
    }
    expect(fakeProcess.exitCode).toBe(1);
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BH001 violation operators: operators can change IAM permissions/),
      ]),
    );
  });
});
