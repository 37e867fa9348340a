//! The CI recipes users copy or reuse: the two GitHub Actions workflows and the
//! pre-commit hook. Each file must parse, and keep what docs/ci.md promises.

use serde_json::Value;

use crate::{actionplan, repo_root};

/// A YAML file of the repository, parsed into a generic value.
fn load(path: &str) -> Value {
    let file = repo_root().join(path);
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|error| panic!("{} can be read: {error}", file.display()));
    serde_saphyr::from_str::<Value>(&text)
        .unwrap_or_else(|error| panic!("{path} is valid YAML: {error}"))
}

/// Every step of every job, in order, with the name of its job.
fn steps(workflow: &Value) -> Vec<(&str, &Value)> {
    let jobs = workflow["jobs"].as_object().expect("the workflow has jobs");
    assert!(!jobs.is_empty(), "the workflow has at least one job");
    jobs.iter()
        .flat_map(|(name, job)| {
            job["steps"]
                .as_array()
                .unwrap_or_else(|| panic!("job `{name}` has steps"))
                .iter()
                .map(move |step| (name.as_str(), step))
        })
        .collect()
}

fn run_of(step: &Value) -> &str {
    step["run"].as_str().unwrap_or("")
}

fn uses_of(step: &Value) -> &str {
    step["uses"].as_str().unwrap_or("")
}

/// The position of the one step whose `run` script contains `needle`.
fn step_running(steps: &[(&str, &Value)], needle: &str) -> usize {
    let found: Vec<usize> = steps
        .iter()
        .enumerate()
        .filter(|(_, (_, step))| run_of(step).contains(needle))
        .map(|(index, _)| index)
        .collect();
    assert_eq!(found.len(), 1, "exactly one step runs `{needle}`");
    found[0]
}

/// The workflow's trigger (`on`), which YAML 1.1 readers would turn into `true`.
fn triggers(workflow: &Value) -> &Value {
    let on = &workflow["on"];
    assert!(on.is_object(), "the workflow has an `on:` map: {workflow}");
    on
}

fn branches(trigger: &Value) -> Vec<&str> {
    trigger["branches"]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Permissions as granted to a job: its own, else the workflow's.
fn permission<'a>(workflow: &'a Value, job: &str, scope: &str) -> Option<&'a str> {
    let own = &workflow["jobs"][job]["permissions"];
    let granted = if own.is_object() {
        own
    } else {
        &workflow["permissions"]
    };
    granted[scope].as_str()
}

#[test]
fn check_workflow_runs_on_pull_requests_and_on_main_with_read_only_contents() {
    let workflow = load(".github/workflows/check.yml");
    let on = triggers(&workflow);
    assert!(on.get("pull_request").is_some(), "pull requests: {on}");
    assert!(
        branches(&on["push"]).contains(&"main"),
        "pushes to main: {on}"
    );
    assert_eq!(workflow["permissions"]["contents"], "read");
    for (name, job) in workflow["jobs"].as_object().expect("jobs") {
        if let Some(permissions) = job["permissions"].as_object() {
            for (scope, level) in permissions {
                assert_ne!(level, "write", "job `{name}` may not write `{scope}`");
            }
        }
    }
}

#[test]
fn check_workflow_checks_out_the_full_history() {
    let workflow = load(".github/workflows/check.yml");
    let steps = steps(&workflow);
    let checkouts: Vec<&Value> = steps
        .iter()
        .map(|(_, step)| *step)
        .filter(|step| uses_of(step).starts_with("actions/checkout@"))
        .collect();
    assert!(
        !checkouts.is_empty(),
        "the workflow checks out the repository"
    );
    for checkout in checkouts {
        let depth = &checkout["with"]["fetch-depth"];
        assert!(
            depth == 0 || depth == "0",
            "`actionplan diff` needs the base commit: fetch-depth must be 0, not {depth}"
        );
    }
}

#[test]
fn check_workflow_annotates_then_summarises_then_fails() {
    let workflow = load(".github/workflows/check.yml");
    let steps = steps(&workflow);

    let check = step_running(&steps, "actionplan check --format github");
    let diff = step_running(&steps, "actionplan diff");

    // The check keeps its exit code instead of stopping the job, so that the
    // summary is still written when the records have errors.
    let check_step = steps[check].1;
    let check_id = check_step["id"].as_str().expect("the check step has an id");
    let kept = run_of(check_step).contains("||") || check_step["continue-on-error"] == true;
    assert!(kept, "the check step does not stop the job: {check_step}");

    // The diff: on pull requests, as Markdown, into the run's summary,
    // against the base branch.
    let diff_step = steps[diff].1;
    assert!(check < diff, "the summary comes after the check");
    let script = run_of(diff_step);
    assert!(script.contains("--format markdown"), "{script}");
    assert!(script.contains(">> \"$GITHUB_STEP_SUMMARY\""), "{script}");
    assert!(script.contains("origin/"), "{script}");
    let base_ref = script.contains("github.base_ref")
        || diff_step["env"]
            .as_object()
            .is_some_and(|env| env.values().any(|value| value == "${{ github.base_ref }}"));
    assert!(
        base_ref,
        "the diff compares with the base branch: {diff_step}"
    );
    let condition = diff_step["if"].as_str().unwrap_or("");
    assert!(
        condition.contains("pull_request"),
        "only on pull requests: {condition}"
    );

    // A later step fails the job when the check failed.
    let fails = steps[diff + 1..].iter().any(|(_, step)| {
        let condition = step["if"].as_str().unwrap_or("");
        condition.contains(&format!("steps.{check_id}.")) && !run_of(step).is_empty()
    });
    assert!(
        fails,
        "a step after the summary fails the job when the check failed"
    );
}

#[test]
fn check_workflow_builds_the_tool_from_this_repository() {
    let workflow = load(".github/workflows/check.yml");
    let steps = steps(&workflow);
    let build = steps
        .iter()
        .position(|(_, step)| {
            let script = run_of(step);
            script.contains("cargo build") || script.contains("cargo install")
        })
        .expect("a step builds actionplan");
    assert!(
        run_of(steps[build].1).contains("--locked"),
        "the build uses Cargo.lock"
    );
    let check = step_running(&steps, "actionplan check --format github");
    assert!(build < check, "the tool is built before it is used");
}

#[test]
fn the_workflows_check_command_works_on_this_repository() {
    // The command the workflow runs: on the repository's own records it
    // passes, and every line it prints is a workflow command.
    let run = actionplan(&["check", "--format", "github"], &repo_root());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::warning ") || line.starts_with("::error "),
            "{line}"
        );
    }
}

#[test]
fn pages_workflow_builds_the_site_and_deploys_it() {
    let workflow = load(".github/workflows/pages.yml");
    let on = triggers(&workflow);
    assert!(
        branches(&on["push"]).contains(&"main"),
        "pushes to main: {on}"
    );
    assert!(
        on.get("workflow_dispatch").is_some(),
        "can be run by hand: {on}"
    );
    assert_eq!(workflow["concurrency"]["group"], "pages");

    let steps = steps(&workflow);
    let build = step_running(&steps, "actionplan build --out _site");
    let upload = steps
        .iter()
        .position(|(_, step)| uses_of(step).starts_with("actions/upload-pages-artifact@"))
        .expect("the site is uploaded as the Pages artifact");
    assert!(build < upload);
    assert_eq!(steps[upload].1["with"]["path"], "_site");

    let (deploy_job, _) = steps
        .iter()
        .find(|(_, step)| uses_of(step).starts_with("actions/deploy-pages@"))
        .expect("the site is published with actions/deploy-pages");
    assert_eq!(permission(&workflow, deploy_job, "pages"), Some("write"));
    assert_eq!(permission(&workflow, deploy_job, "id-token"), Some("write"));
    let environment = &workflow["jobs"][*deploy_job]["environment"];
    assert!(
        environment == "github-pages" || environment["name"] == "github-pages",
        "the deployment goes to the github-pages environment: {environment}"
    );
}

#[test]
fn pre_commit_hooks_check_the_records() {
    let manifest = load(".pre-commit-hooks.yaml");
    let hooks = manifest.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, ["actionplan-check", "actionplan-check-download"]);
    for hook in hooks {
        assert!(hook["name"].is_string(), "pre-commit requires a name");
        assert_eq!(hook["pass_filenames"], false);
        assert_eq!(
            hook["files"], r"^(records/|actionplan\.toml$|templates/)",
            "the hook runs when records, the configuration or templates change"
        );
    }
    let (built, downloaded) = (&hooks[0], &hooks[1]);
    assert_eq!(built["language"], "rust");
    assert_eq!(built["entry"], "actionplan check");
    // The downloading hook runs a script of this repository, which is
    // executable and runs the same command.
    assert_eq!(downloaded["language"], "script");
    assert_eq!(downloaded["entry"], "hooks/download-and-run check");
    let script = repo_root().join("hooks/download-and-run");
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(&script)
        .expect("the script exists")
        .permissions()
        .mode();
    assert_ne!(mode & 0o111, 0, "pre-commit runs the script directly");

    // The entry is a command the binary accepts, and it passes on this
    // repository's own records.
    let entry = built["entry"].as_str().expect("entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("actionplan"));
    let args: Vec<&str> = words.collect();
    let run = actionplan(&args, &repo_root());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn release_workflow_builds_every_platform_and_publishes_checksums() {
    let workflow = load(".github/workflows/release.yml");
    let on = triggers(&workflow);
    let tags = on["push"]["tags"]
        .as_array()
        .expect("tags trigger the release");
    assert!(
        tags.iter()
            .any(|t| t.as_str().is_some_and(|t| t.starts_with('v')))
    );
    assert_eq!(workflow["permissions"]["contents"], "read");

    let targets: Vec<&str> = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("a matrix of targets")
        .iter()
        .filter_map(|entry| entry["target"].as_str())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    let steps = steps(&workflow);
    let build = step_running(&steps, "cargo build --release --locked --target");
    assert!(
        run_of(steps[build].1).contains("+crt-static"),
        "static Linux builds"
    );
    let sums = step_running(&steps, "sha256sum actionplan-* > SHA256SUMS");
    let publish = step_running(&steps, "gh release create");
    assert!(sums < publish);
    assert_eq!(steps[publish].0, "release");
    // Only the job that publishes may write.
    assert_eq!(permission(&workflow, "release", "contents"), Some("write"));
    assert_eq!(permission(&workflow, "build", "contents"), Some("read"));
    // The archive names are the ones install.sh and install.ps1 download.
    let package = run_of(steps[step_running(&steps, "tar -czf")].1);
    assert!(package.contains("name=\"actionplan-$TARGET\""), "{package}");
    let install = std::fs::read_to_string(repo_root().join("install.sh")).expect("install.sh");
    assert!(install.contains("archive=\"actionplan-$target.tar.gz\""));
    assert!(install.contains("archive=\"actionplan-$target.zip\""));
    let ps1 = std::fs::read_to_string(repo_root().join("install.ps1")).expect("install.ps1");
    assert!(ps1.contains("$Archive = \"actionplan-$Target.zip\""));
    // The scripts attached to the release name its repository.
    assert!(install.contains("\nrepository=\"OWNER/actionplan\"\n"));
    assert!(ps1.contains("'OWNER/actionplan'"));
}

#[test]
fn the_action_takes_a_command_root_and_arguments_and_installs_a_checked_release() {
    let action = load("action.yml");
    for input in ["command", "root", "args", "version"] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "input {input}"
        );
    }
    assert_eq!(action["inputs"]["command"]["default"], "check");
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    for step in steps {
        if step.get("run").is_some() {
            assert!(
                step["shell"].is_string(),
                "a composite step names its shell: {step}"
            );
        }
    }
    let scripts: Vec<&str> = steps.iter().map(run_of).collect();
    let uses_script = |needle: &str| scripts.iter().any(|s| s.contains(needle));
    assert!(
        uses_script("install.sh\" --repo"),
        "downloads with install.sh"
    );
    assert!(uses_script("install.ps1"), "and install.ps1 on Windows");
    assert!(
        uses_script("cargo install --locked --path"),
        "or builds from source"
    );
    // Inputs reach the scripts through the environment, never pasted into
    // them, so no input can inject shell code.
    for script in scripts {
        assert!(!script.contains("${{"), "{script}");
    }
}

#[test]
fn the_container_is_a_static_build_on_an_empty_image() {
    let dockerfile = std::fs::read_to_string(repo_root().join("Dockerfile")).expect("Dockerfile");
    let froms: Vec<&str> = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert_eq!(froms.len(), 2, "a build stage and the image: {froms:?}");
    assert!(froms[0].ends_with(" AS build"), "{}", froms[0]);
    assert_eq!(
        froms[1], "FROM scratch",
        "nothing but the program in the image"
    );
    assert!(dockerfile.contains("cargo build --release --locked"));
    assert!(
        dockerfile.contains("ENTRYPOINT [\"/usr/local/bin/actionplan\"]"),
        "exec form: no shell needed to start it"
    );
    // Every file the build stage copies is let into the build context.
    let ignore = std::fs::read_to_string(repo_root().join(".dockerignore")).expect(".dockerignore");
    for line in dockerfile
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
    {
        let sources: Vec<&str> = line.split_whitespace().skip(1).collect();
        for source in &sources[..sources.len() - 1] {
            let allowed = format!("!{}", source.trim_end_matches('/'));
            assert!(
                ignore.lines().any(|l| l.trim_end_matches('/') == allowed),
                "{source} is in the build context"
            );
            assert!(repo_root().join(source).exists(), "{source}");
        }
    }
    // Every file the build reads is copied: the sources, the files they
    // include, and the targets Cargo.toml names.
    let copied: Vec<String> = dockerfile
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
        .flat_map(|l| {
            let words: Vec<&str> = l.split_whitespace().skip(1).collect();
            words[..words.len() - 1]
                .iter()
                .map(|w| w.trim_end_matches('/').to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    let is_copied = |path: &str| {
        copied
            .iter()
            .any(|c| path == c || path.starts_with(&format!("{c}/")))
    };
    for needed in files_the_build_reads() {
        assert!(
            is_copied(&needed),
            "the container build needs {needed}, which it does not copy"
        );
    }
}

/// Paths (from the repository root) of the files `cargo build --release`
/// reads besides Cargo.toml: every `include_str!`/`include_bytes!` of the
/// sources, and every target path Cargo.toml names.
fn files_the_build_reads() -> Vec<String> {
    let root = repo_root();
    let mut needed = vec!["src/main.rs".to_owned()];
    for entry in walkdir::WalkDir::new(root.join("src"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("source");
        for macro_name in ["include_str!(\"", "include_bytes!(\""] {
            for (at, _) in text.match_indices(macro_name) {
                let rest = &text[at + macro_name.len()..];
                let relative = &rest[..rest.find('"').expect("closing quote")];
                let mut path = entry.path().parent().expect("folder").to_path_buf();
                for part in relative.split('/') {
                    match part {
                        ".." => {
                            path.pop();
                        }
                        part => path.push(part),
                    }
                }
                let path = path.strip_prefix(&root).expect("inside the repository");
                needed.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    for line in manifest.lines() {
        if let Some(path) = line.strip_prefix("path = \"") {
            needed.push(path.trim_end_matches('"').to_owned());
        }
    }
    needed.sort();
    needed.dedup();
    needed
}

#[test]
fn every_yaml_recipe_in_the_docs_is_valid_yaml() {
    // The CI recipes to copy (other pages show records, or broken YAML on
    // purpose).
    let mut count = 0;
    let recipes = crate::docs::fenced_blocks(&["yaml", "yml"])
        .into_iter()
        .filter(|(file, _)| file == "docs/ci.md");
    for (file, block) in recipes {
        serde_saphyr::from_str::<Value>(&block.text)
            .unwrap_or_else(|error| panic!("{file}:{}: not valid YAML: {error}", block.line));
        count += 1;
    }
    assert!(count >= 5, "docs/ci.md alone shows several: {count}");
}
