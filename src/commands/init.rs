//! `actionplan init`: a new records repository.

use std::process::ExitCode;

use super::new::write_new;
use super::{OK, console, could_not_run, failed};
use crate::cli::InitArgs;

/// `actionplan init DIR`: a new records repository that check and build accept.
pub(crate) fn run(args: &InitArgs) -> ExitCode {
    let dir = &args.dir;
    let non_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if dir.exists() && (!dir.is_dir() || non_empty) {
        return could_not_run(&format!(
            "`{}` already exists and is not empty; choose a new folder",
            dir.display()
        ));
    }
    let today = crate::model::Date::Day(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .date(),
    );
    for (path, text) in crate::commands::scaffold::repository(today) {
        let target = dir.join(&path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| write_new(&target, &text));
        if let Err(error) = written {
            return failed(&format!("could not write `{}`: {error}", target.display()));
        }
    }
    console::note(&format!(
        "created a records repository in `{}`: run `actionplan check` and `actionplan build` there",
        dir.display()
    ));
    ExitCode::from(OK)
}
