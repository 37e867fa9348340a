//! `actionplan serve`: a live preview of the site on 127.0.0.1.
//!
//! The site is built into memory (nothing is written anywhere) and served by
//! tiny_http. A background thread watches `records/`, `templates/` and
//! `actionplan.toml`, rebuilds on a change and swaps the new files in; a build
//! that fails keeps the last good site and shows its diagnostics in a banner.
//! Every HTML page carries a few lines of inline script that poll
//! `/__actionplan/version` and reload when it changes.
//!
//! `watch` follows the files and rebuilds, `rebuild` builds the site in memory
//! remaking only what a change touches, and `http` answers the requests.

mod http;
mod rebuild;
mod watch;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, mpsc};

use crate::cli::ServeArgs;
use rebuild::Preview;
use watch::{Change, Watcher};

/// Threads answering requests, so one slow client does not stall the others.
const WORKERS: usize = 4;

/// The files of a built site, by path relative to its root. Shared, so that
/// a rebuild keeps the files it does not make again without copying them.
type Files = BTreeMap<String, Arc<[u8]>>;

/// What the server shows: the last good site, the problems of the last build
/// if it failed, and a counter bumped whenever either changes.
struct State {
    files: Option<Arc<Files>>,
    problems: Option<String>,
    version: u64,
}

/// A consistent copy of the state for answering one request.
#[derive(Clone)]
struct Snapshot {
    files: Option<Arc<Files>>,
    problems: Option<String>,
    version: u64,
}

impl State {
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            files: self.files.clone(),
            problems: self.problems.clone(),
            version: self.version,
        }
    }

    /// Replace some files that no page shows (the report and the exports)
    /// without making the pages reload.
    fn add_quietly(&mut self, files: Files) {
        if let Some(current) = &mut self.files {
            Arc::make_mut(current).extend(files);
        }
    }

    /// Take in the outcome of a build; true when the pages must reload.
    fn update(&mut self, outcome: Result<Files, String>) -> bool {
        let changed = match outcome {
            Ok(files) => {
                let new_files = self.files.as_deref() != Some(&files);
                if new_files {
                    self.files = Some(Arc::new(files));
                }
                let was_failing = self.problems.take().is_some();
                new_files || was_failing
            }
            Err(problems) => {
                let new_problems = self.problems.as_deref() != Some(problems.as_str());
                self.problems = Some(problems);
                new_problems
            }
        };
        if changed {
            self.version = self.version.saturating_add(1);
        }
        changed
    }
}

pub(crate) fn run(args: &ServeArgs) -> ExitCode {
    let root = match crate::commands::repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let mut state = State {
        files: None,
        problems: None,
        version: 0,
    };
    let mut preview = Preview::new(&root, args.as_at);
    let first = preview.build(&Change::Everything);
    let built = first.is_ok();
    // From nothing, either outcome is a change: the version starts at 1.
    state.update(first.map(|built| built.files));
    if !built {
        say("error: the site could not be built; it will be served once the errors are fixed");
    }
    let state = Mutex::new(state);

    let server = match tiny_http::Server::http(("127.0.0.1", args.port)) {
        Ok(server) => server,
        Err(error) => return crate::commands::could_not_run(&cannot_listen(args.port, &*error)),
    };
    let port = server
        .server_addr()
        .to_ip()
        .map_or(args.port, |address| address.port());

    // Watch before announcing the address, so that no change made after the
    // announcement is missed.
    let (sender, events) = mpsc::channel();
    let watcher = match Watcher::start(&root, sender) {
        Ok(watcher) => Some(watcher),
        Err(message) => {
            say(&format!(
                "warning: {message}; the site will not be rebuilt on changes"
            ));
            None
        }
    };

    say(&format!(
        "serving the site on http://127.0.0.1:{port}/ (Ctrl-C to stop)"
    ));

    std::thread::scope(|scope| {
        if let Some(watcher) = watcher {
            let state = &state;
            scope.spawn(move || watch::rebuild_loop(preview, watcher, events, state));
        }
        for _ in 0..WORKERS {
            scope.spawn(|| http::answer_loop(&server, &state));
        }
    });
    ExitCode::SUCCESS
}

/// Why the server could not start, with what to do about a port in use.
fn cannot_listen(port: u16, error: &(dyn std::error::Error + 'static)) -> String {
    let in_use = error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|error| error.kind() == std::io::ErrorKind::AddrInUse);
    match in_use {
        true => format!(
            "could not listen on 127.0.0.1:{port}: another program is using the port; \
             stop it, or choose another port with --port (--port 0 picks any free one)"
        ),
        false => format!("could not listen on 127.0.0.1:{port}: {error}"),
    }
}

/// One line to the terminal.
fn say(line: &str) {
    let _ = writeln!(anstream::stderr(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_moves_only_when_the_site_or_its_problems_change() {
        let files =
            |text: &str| -> Files { [("index.html".to_owned(), text.as_bytes().into())].into() };
        let mut state = State {
            files: None,
            problems: None,
            version: 1,
        };
        assert!(state.update(Ok(files("a"))));
        assert!(!state.update(Ok(files("a"))));
        assert!(state.update(Err("broken".to_owned())));
        assert!(!state.update(Err("broken".to_owned())));
        assert_eq!(state.version, 3);
        assert!(state.files.is_some());
        assert!(state.update(Ok(files("a"))));
        assert!(state.problems.is_none());
        assert!(state.update(Ok(files("b"))));
        assert_eq!(state.version, 5);
    }
}
