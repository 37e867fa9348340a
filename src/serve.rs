//! `actionplan serve`: a live preview of the site on 127.0.0.1.

use std::process::ExitCode;

use crate::cli::ServeArgs;

pub(crate) fn serve(args: &ServeArgs) -> ExitCode {
    let _ = args;
    ExitCode::from(2)
}
