//! `actionplan requests --out DIR`: for each owner with open AFIs, a letter
//! (Markdown and HTML), a return workbook (or CSV file) and a reminder, as
//! at a date, written into DIR. Never sends anything.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::editing::plural;
use super::{OK, checked_records, console, could_not_run, failed, repository};
use crate::cli::RequestsArgs;
use crate::owners;

pub(crate) fn run(args: &RequestsArgs) -> ExitCode {
    let root = match repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let checked = match checked_records(&root, "before asking for updates") {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    if let Err(message) = check_out(&root, &args.out) {
        return could_not_run(&message);
    }
    let owners_named: Vec<&str> = checked
        .model
        .afis
        .iter()
        .filter_map(|a| a.owner.as_deref())
        .collect();
    for owner in &args.owner {
        if !owners_named.contains(&owner.as_str()) {
            let hint = crate::diag::suggest::did_you_mean(owner, owners_named.iter().copied())
                .map_or_else(String::new, |near| format!("; did you mean `{near}`?"));
            return could_not_run(&format!("no AFI has the owner `{owner}`{hint}"));
        }
    }
    let as_at = args.as_at.unwrap_or(checked.as_at);
    let requests = owners::requests(
        &checked.model,
        &checked.config,
        &checked.sources,
        as_at,
        &args.owner,
    );
    let files = match owners::files(&requests, args.csv) {
        Ok(files) => files,
        Err(message) => return failed(&message),
    };
    for (path, bytes) in &files {
        if let Err(error) = write_file(&args.out.join(path), bytes) {
            return failed(&format!("could not write `{path}`: {error}"));
        }
    }
    let afis: usize = requests.packs.iter().map(|p| p.items.len()).sum();
    let due = match requests.packs.first() {
        Some(pack) => format!(
            "; replies are due by {}",
            owners::day_in_words(pack.reply_by)
        ),
        None => String::new(),
    };
    console::note(&format!(
        "wrote requests to {} about {} into {}{due}",
        plural(requests.packs.len(), "owner"),
        plural(afis, "open AFI"),
        args.out.display()
    ));
    // Not a confirmation: AFIs nobody was asked about, shown even with
    // --quiet.
    let mut stderr = anstream::stderr();
    if !requests.unowned.is_empty() {
        let which = match requests.unowned.len() {
            ..=5 => requests.unowned.join(", "),
            _ => format!("{} lists them", args.out.join("index.md").display()),
        };
        let _ = writeln!(
            stderr,
            "note: {} no owner and no request: {which}",
            match requests.unowned.len() {
                1 => "1 open AFI has".to_owned(),
                n => format!("{n} open AFIs have"),
            },
        );
    }
    ExitCode::from(OK)
}

/// The requests go anywhere but into the records, the templates or the
/// repository's root itself.
fn check_out(root: &Path, out: &Path) -> Result<(), String> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (root, out) = (absolute(root), absolute(out));
    let out_real = out.canonicalize().unwrap_or_else(|_| out.clone());
    for protected in ["records", "templates"] {
        let folder = root.join(protected);
        let folder_real = folder.canonicalize().unwrap_or_else(|_| folder.clone());
        if out.starts_with(&folder) || out_real.starts_with(&folder_real) {
            return Err(format!(
                "the requests may not be written inside `{protected}/`; choose another folder, such as `requests`"
            ));
        }
    }
    if out == root {
        return Err("give the requests a folder of their own, such as `requests`".to_owned());
    }
    if out.exists() && !out.is_dir() {
        return Err(format!("`{}` is a file, not a folder", out.display()));
    }
    Ok(())
}

/// Write `bytes` to `path` whole: a temporary file beside it, then a rename.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    if std::fs::symlink_metadata(folder).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other(format!(
            "`{}` is a link; remove it, so that nothing is written elsewhere",
            folder.display()
        )));
    }
    std::fs::create_dir_all(folder)?;
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        std::fs::remove_file(path)?;
    }
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
