// Lets plain `node` require the TypeScript sources (src/, scripts/*.ts) without a build, the way
// jest runs them: each .ts file is compiled by @swc/core (a devDependency) when first required.
// For development scripts and tests only; the published package runs the compiled dist/.
"use strict";
const swc = require("@swc/core");

require.extensions[".ts"] = (module, filename) => {
  const { code } = swc.transformFileSync(filename, {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
    sourceMaps: "inline",
  });
  module._compile(code, filename);
};
