/**
 * The browser tests (`npm run test:browser`): the HTML report in a real Chromium. Not part of
 * `npm test` (whose testMatch is *.test.ts); they fail, never skip, when Chromium is missing.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require("./jest.config.js"),
  roots: ["<rootDir>/test/browser"],
  testMatch: ["**/*.browser.ts"],
  testTimeout: 120000,
};
