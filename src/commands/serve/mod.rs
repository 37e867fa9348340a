//! `actionplan serve`: a live preview of the site on 127.0.0.1.
//!
//! The site is built into memory (nothing is written anywhere) and served by
//! tiny_http. A background thread watches `records/`, `templates/` and
//! `actionplan.toml`, rebuilds on a change and swaps the new files in; a build
//! that fails keeps the last good site and shows its diagnostics in a banner.
//! Every HTML page carries a few lines of inline script that poll
//! `/__actionplan/version` and reload when it changes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::cli::ServeArgs;
use crate::commands::checked::{Checked, check_reading};
use crate::config::CONFIG_FILE;
use crate::load::{self, Loaded};
use crate::render::site::{self, Touched};
use crate::rollup::Rollup;
use crate::validate::ReadCache;

/// The path the pages poll for the site's version.
const VERSION_PATH: &str = "/__actionplan/version";
/// How long the file system must be quiet before a rebuild.
const DEBOUNCE: Duration = Duration::from_millis(200);
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

pub(crate) fn serve(args: &ServeArgs) -> ExitCode {
    if let Err(message) = crate::commands::require_records(&args.root) {
        return crate::commands::could_not_run(&message);
    }
    let mut state = State {
        files: None,
        problems: None,
        version: 0,
    };
    let mut preview = Preview::new(&args.root, args.as_at);
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
        Err(error) => {
            return crate::commands::could_not_run(&format!(
                "could not listen on 127.0.0.1:{}: {error}",
                args.port
            ));
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map_or(args.port, |address| address.port());

    // Watch before announcing the address, so that no change made after the
    // announcement is missed.
    let (sender, events) = mpsc::channel();
    let watcher = match Watcher::start(&args.root, sender) {
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
            scope.spawn(move || rebuild_loop(preview, watcher, events, state));
        }
        for _ in 0..WORKERS {
            scope.spawn(|| answer_loop(&server, &state));
        }
    });
    ExitCode::SUCCESS
}

/// One line to the terminal.
fn say(line: &str) {
    let _ = writeln!(anstream::stderr(), "{line}");
}

/// What changed: some record files (relative paths), or anything else
/// (the configuration, the templates, or what the watcher may have missed).
#[derive(Debug, PartialEq, Eq)]
enum Change {
    Records(BTreeSet<String>),
    Everything,
}

/// Builds the site in memory and remembers what it read and made: after a
/// change to some records, only those files are read again and only the
/// pages that show them are made again.
struct Preview<'a> {
    root: &'a Path,
    as_at: Option<jiff::civil::Date>,
    /// The record files as last read, good or not, and what validating
    /// each gave.
    loaded: Option<Loaded>,
    validated: ReadCache,
    /// What the last good site was made from, and its files.
    last_good: Option<LastGood>,
}

struct LastGood {
    checked: Checked,
    rollup: Rollup,
    files: Files,
}

/// A site built in memory: its files and how many pages were made for it.
struct Built {
    files: Files,
    made: usize,
    /// Whether the report and the exports are still those of the build
    /// before: `Preview::summaries` makes them.
    summaries_pending: bool,
}

impl<'a> Preview<'a> {
    fn new(root: &'a Path, as_at: Option<jiff::civil::Date>) -> Self {
        Preview {
            root,
            as_at,
            loaded: None,
            validated: ReadCache::default(),
            last_good: None,
        }
    }

    /// Build the site after `change`, printing the diagnostics as `check`
    /// does. On failure, the problems as plain text for the banner.
    fn build(&mut self, change: &Change) -> Result<Built, String> {
        if *change == Change::Everything {
            // What is kept may be made with old templates or settings.
            self.last_good = None;
            self.validated = ReadCache::default();
        }
        // As `build`: the records are checked as they stand; --as-at only
        // chooses the date the figures are computed as at.
        let previous = self.loaded.take();
        let (root, validated) = (self.root, &mut self.validated);
        let loaded_now = &mut self.loaded;
        let read = |limit| {
            let loaded = match (change, previous) {
                (Change::Records(paths), Some(previous)) => {
                    load::reload(root, limit, previous, paths)
                }
                _ => None,
            }
            .unwrap_or_else(|| load::load(root, limit));
            *loaded_now = Some(loaded.clone());
            loaded
        };
        let checked = check_reading(root, None, read, Some(validated));
        if !checked.diagnostics.is_empty() {
            let styled = crate::diag::render_human(&checked.diagnostics, &checked.sources, true);
            let _ = write!(anstream::stderr(), "{styled}");
            say(&checked.summary.to_string());
        }
        if checked.summary.errors > 0 {
            let mut plain =
                crate::diag::render_human(&checked.diagnostics, &checked.sources, false);
            if !plain.ends_with('\n') {
                plain.push('\n');
            }
            plain.push_str(&checked.summary.to_string());
            return Err(plain);
        }
        let as_at = self.as_at.unwrap_or(checked.as_at);
        let since = crate::commands::movement_since(&checked.model, as_at);
        let rollup = crate::commands::site_rollup(&checked, as_at, since);
        let last_good = self.last_good.take();
        let touched = match (change, &last_good) {
            (Change::Records(_), Some(last)) => Touched::between(
                (&last.checked.model, &last.rollup),
                (&checked.model, &rollup),
            ),
            _ => None,
        };
        let (files, pages) = match (&touched, last_good) {
            (Some(touched), Some(last)) => (last.files, site::Pages::Touched(touched)),
            _ => (Files::new(), site::Pages::All),
        };
        let files = Mutex::new(files);
        let made = Mutex::new(0_usize);
        let emit = |path: &str, contents: Vec<u8>| {
            let mut files = files.lock().unwrap_or_else(PoisonError::into_inner);
            files.insert(path.to_owned(), contents.into());
            *made.lock().unwrap_or_else(PoisonError::into_inner) += 1;
            Ok(())
        };
        if let Err(message) = site::make(
            self.root,
            &checked.config,
            &checked.model,
            &rollup,
            false,
            pages,
            &emit,
        ) {
            say(&format!("error: {message}"));
            return Err(message);
        }
        let files = files.into_inner().unwrap_or_else(PoisonError::into_inner);
        let made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
        let summaries_pending = touched.is_some();
        self.last_good = Some(LastGood {
            checked,
            rollup,
            files: files.clone(),
        });
        Ok(Built {
            files,
            made,
            summaries_pending,
        })
    }

    /// The report and the exports of the last good build: they sum up every
    /// record, so after a change they are made after the pages, and the
    /// pages are served without waiting for them.
    fn summaries(&mut self) -> Result<Files, String> {
        let Some(last) = &mut self.last_good else {
            return Ok(Files::new());
        };
        let made = Mutex::new(Files::new());
        let emit = |path: &str, contents: Vec<u8>| {
            let mut made = made.lock().unwrap_or_else(PoisonError::into_inner);
            made.insert(path.to_owned(), contents.into());
            Ok(())
        };
        site::make_summaries(
            self.root,
            &last.checked.config,
            &last.checked.model,
            &last.rollup,
            &emit,
        )?;
        let made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
        last.files.extend(made.clone());
        Ok(made)
    }
}

/// The file watcher and what it watches.
struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// The repository, canonical, as the watcher reports paths.
    root: PathBuf,
    records_watched: bool,
    templates_watched: bool,
}

impl Watcher {
    fn start(root: &Path, sender: mpsc::Sender<DebounceEventResult>) -> Result<Self, String> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut debouncer = new_debouncer(DEBOUNCE, None, sender)
            .map_err(|error| format!("the files could not be watched: {error}"))?;
        // The root itself, without its subfolders, for actionplan.toml (which
        // editors often replace rather than rewrite) and for templates/
        // appearing later.
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|error| format!("`{}` could not be watched: {error}", root.display()))?;
        let mut watcher = Watcher {
            debouncer,
            root,
            records_watched: false,
            templates_watched: false,
        };
        watcher.refresh();
        if !watcher.records_watched {
            return Err("the `records` folder could not be watched".to_owned());
        }
        Ok(watcher)
    }

    /// Watch records/ and templates/ when they exist and are not watched
    /// yet (they may have been removed and created again).
    fn refresh(&mut self) {
        for (name, watched) in [
            ("records", &mut self.records_watched),
            ("templates", &mut self.templates_watched),
        ] {
            let folder = self.root.join(name);
            if !folder.is_dir() {
                *watched = false;
            } else if !*watched {
                match self.debouncer.watch(&folder, RecursiveMode::Recursive) {
                    Ok(()) => *watched = true,
                    Err(error) => say(&format!(
                        "warning: `{}` could not be watched: {error}",
                        folder.display()
                    )),
                }
            }
        }
    }

    /// What a batch of events changed, if anything the site is built from;
    /// reports watch errors.
    fn change(&self, batch: DebounceEventResult) -> Option<Change> {
        let events = match batch {
            Ok(events) => events,
            Err(errors) => {
                for error in errors {
                    say(&format!("warning: watching the files: {error}"));
                }
                // Something may have been missed: rebuild everything to be sure.
                return Some(Change::Everything);
            }
        };
        // The watcher lost events (its queue overflowed): anything may have
        // changed.
        if events.iter().any(|event| event.need_rescan()) {
            return Some(Change::Everything);
        }
        let records = self.root.join("records");
        let mut changed = BTreeSet::new();
        let mut everything = false;
        // Reading a file (as the build does) is an access event: only
        // changes count.
        let paths = events
            .iter()
            .filter(|event| !matches!(event.kind, EventKind::Access(_)))
            .flat_map(|event| event.paths.iter());
        for path in paths {
            if path.starts_with(&records) {
                match path.strip_prefix(&self.root).ok().and_then(Path::to_str) {
                    Some(relative) => {
                        changed.insert(relative.replace(std::path::MAIN_SEPARATOR, "/"));
                    }
                    None => everything = true,
                }
            } else if *path == self.root.join(CONFIG_FILE)
                || path.starts_with(self.root.join("templates"))
            {
                everything = true;
            }
        }
        match (everything, changed.is_empty()) {
            (true, _) => Some(Change::Everything),
            (false, false) => Some(Change::Records(changed)),
            (false, true) => None,
        }
    }
}

/// Both changes at once: what a rebuild after both must cover.
fn merge(a: Option<Change>, b: Option<Change>) -> Option<Change> {
    match (a, b) {
        (None, only) | (only, None) => only,
        (Some(Change::Records(mut a)), Some(Change::Records(b))) => {
            a.extend(b);
            Some(Change::Records(a))
        }
        _ => Some(Change::Everything),
    }
}

/// Wait for changes and rebuild; blocks between them.
fn rebuild_loop(
    mut preview: Preview<'_>,
    mut watcher: Watcher,
    events: mpsc::Receiver<DebounceEventResult>,
    state: &Mutex<State>,
) {
    while let Ok(batch) = events.recv() {
        let mut change = watcher.change(batch);
        // Take every batch already waiting, for one rebuild.
        while let Ok(batch) = events.try_recv() {
            change = merge(change, watcher.change(batch));
        }
        watcher.refresh();
        let Some(change) = change else {
            continue;
        };
        let started = std::time::Instant::now();
        let outcome = preview.build(&change);
        let counts = outcome.as_ref().ok().map(|built| {
            let pages = built.files.keys().filter(|p| p.ends_with(".html")).count();
            (pages, built.made, built.files.len())
        });
        let summaries_pending = outcome.as_ref().is_ok_and(|built| built.summaries_pending);
        let (changed, has_site) = {
            let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
            (
                state.update(outcome.map(|built| built.files)),
                state.files.is_some(),
            )
        };
        let took = started.elapsed().as_millis();
        say(&match (counts, changed, has_site) {
            (Some((pages, made, files)), true, _) => format!(
                "rebuilt the site in {took} ms: {pages} pages ({made} of its {files} files made again)"
            ),
            (Some(_), false, _) => "rebuilt the site: nothing changed".to_owned(),
            (None, _, true) => {
                "error: the site was not rebuilt; still serving the last good site".to_owned()
            }
            (None, _, false) => {
                "error: the site could not be built; it will be served once the errors are fixed"
                    .to_owned()
            }
        });
        if summaries_pending {
            match preview.summaries() {
                Ok(files) => state
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .add_quietly(files),
                Err(message) => say(&format!("error: {message}")),
            }
        }
    }
}

/// Answer requests, one at a time; blocks while there are none.
fn answer_loop(server: &tiny_http::Server, state: &Mutex<State>) {
    loop {
        match server.recv() {
            Ok(request) => {
                let snapshot = state
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .snapshot();
                let allowed = matches!(
                    request.method(),
                    tiny_http::Method::Get | tiny_http::Method::Head
                );
                let reply = route(allowed, request.url(), &snapshot);
                let _ = request.respond(reply.into_response());
            }
            Err(error) => {
                say(&format!(
                    "warning: a request could not be received: {error}"
                ));
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// An answer, before it becomes a tiny_http response.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
    allow: bool,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            location: None,
            allow: false,
        }
    }

    fn into_response(self) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let mut response = tiny_http::Response::from_data(self.body).with_status_code(self.status);
        let mut headers = vec![
            ("Content-Type", self.content_type.to_owned()),
            ("Cache-Control", "no-store".to_owned()),
            ("X-Content-Type-Options", "nosniff".to_owned()),
        ];
        if let Some(location) = self.location {
            headers.push(("Location", location));
        }
        if self.allow {
            headers.push(("Allow", "GET, HEAD".to_owned()));
        }
        for (name, value) in headers {
            if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        response
    }
}

/// The answer to a request for `url`; `allowed` is false for methods other
/// than GET and HEAD.
fn route(allowed: bool, url: &str, site: &Snapshot) -> Reply {
    if !allowed {
        let mut reply = Reply::text(405, "only GET and HEAD are allowed\n");
        reply.allow = true;
        return reply;
    }
    let raw = url.split(['?', '#']).next().unwrap_or_default();
    if raw == VERSION_PATH {
        return Reply::text(200, &site.version.to_string());
    }
    let Some(path) = percent_decode(raw) else {
        return Reply::text(400, "bad request: the path is not valid\n");
    };
    let Some(relative) = path.strip_prefix('/') else {
        return Reply::text(400, "bad request: the path must start with /\n");
    };
    if relative
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
        || relative.contains(['\\', '\0'])
    {
        return Reply::text(400, "bad request: the path may not contain `..`\n");
    }
    let Some(files) = &site.files else {
        return html_page(503, "The site is not built yet", "", site);
    };
    let key = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    if let Some(bytes) = files.get(&key) {
        let content_type = content_type(&key);
        let body = if content_type.starts_with("text/html") {
            inject(bytes, site)
        } else {
            bytes.to_vec()
        };
        return Reply {
            status: 200,
            content_type,
            body,
            location: None,
            allow: false,
        };
    }
    if files.contains_key(&format!("{relative}/index.html")) {
        // A folder without its slash: relative links need the slash.
        return Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: b"moved\n".to_vec(),
            location: Some(format!("{raw}/")),
            allow: false,
        };
    }
    let message = format!(
        "<p>There is no page at <code>{}</code>. <a href=\"/\">Go to the dashboard</a>.</p>",
        escape(&path)
    );
    html_page(404, "Page not found", &message, site)
}

/// A small page of the server's own, with the banner and the reload script.
fn html_page(status: u16, title: &str, message: &str, site: &Snapshot) -> Reply {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n{message}\n</main>\n</body>\n</html>\n"
    );
    Reply {
        status,
        content_type: "text/html; charset=utf-8",
        body: inject(page.as_bytes(), site),
        location: None,
        allow: false,
    }
}

fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "js" => "text/javascript; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%XX` escapes decoded; `None` for a broken escape or text that is not
/// UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Text made safe inside HTML elements and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The banner shown while the last build failed.
fn banner(problems: &str, built: bool) -> String {
    let heading = if built {
        "The records have errors; this is the last good site"
    } else {
        "The records have errors; the site could not be built"
    };
    format!(
        "\n<div role=\"alert\" class=\"actionplan-errors\" style=\"margin:0;padding:1rem;\
         border:0.3rem solid #d4351c;background:#ffffff;color:#0b0c0c;font-family:sans-serif\">\
         \n<h2 style=\"margin:0 0 0.5rem;color:#0b0c0c\">{heading}</h2>\
         \n<pre style=\"margin:0;white-space:pre-wrap;overflow-wrap:anywhere;color:#0b0c0c\">{}</pre>\
         \n</div>\n",
        escape(problems.trim_end())
    )
}

/// The script that reloads the page when the site's version moves on.
fn reload_script(version: u64) -> String {
    format!(
        "<script>\n(function () {{\n  var version = \"{version}\";\n  function poll() {{\n    \
         fetch(\"{VERSION_PATH}\", {{ cache: \"no-store\" }})\n      \
         .then(function (r) {{ return r.ok ? r.text() : version; }})\n      \
         .then(function (v) {{\n        \
         if (v.trim() !== version) {{ location.reload(); }} else {{ setTimeout(poll, 1000); }}\n      \
         }})\n      \
         .catch(function () {{ setTimeout(poll, 1000); }});\n  }}\n  \
         setTimeout(poll, 1000);\n}})();\n</script>\n"
    )
}

/// The page with the banner (if the last build failed) after `<body…>` and
/// the reload script before `</body>`.
fn inject(html: &[u8], site: &Snapshot) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(html) else {
        return html.to_vec();
    };
    // ASCII lowercasing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let body_start = body_open_end(&lower).unwrap_or(0);
    let body_end = lower
        .rfind("</body>")
        .filter(|end| *end >= body_start)
        .unwrap_or(text.len());
    let banner = site
        .problems
        .as_deref()
        .map(|problems| banner(problems, site.files.is_some()))
        .unwrap_or_default();
    let script = reload_script(site.version);
    let mut out = String::with_capacity(text.len() + banner.len() + script.len());
    out.push_str(&text[..body_start]);
    out.push_str(&banner);
    out.push_str(&text[body_start..body_end]);
    out.push_str(&script);
    out.push_str(&text[body_end..]);
    out.into_bytes()
}

/// Just after the `>` of the opening `<body …>` tag, in lowercased HTML.
fn body_open_end(lower: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = lower[from..].find("<body") {
        let start = from + found;
        let after = start + "<body".len();
        match lower[after..].chars().next() {
            Some(c) if c == '>' || c.is_ascii_whitespace() || c == '/' => {
                return lower[after..].find('>').map(|end| after + end + 1);
            }
            _ => from = after,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(problems: Option<&str>) -> Snapshot {
        let files: Files = [
            (
                "index.html",
                "<html><body class=\"site\"><h1>Home</h1></body></html>",
            ),
            ("afis/index.html", "<html><BODY><p>AFIs</p></BODY></html>"),
            ("style.css", "body{}"),
            ("report.md", "# Report"),
            ("data.json", "{}"),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_owned(), t.as_bytes().into()))
        .collect();
        Snapshot {
            files: Some(Arc::new(files)),
            problems: problems.map(str::to_owned),
            version: 7,
        }
    }

    fn body(reply: &Reply) -> String {
        String::from_utf8_lossy(&reply.body).into_owned()
    }

    #[test]
    fn paths_map_to_files_with_their_types() {
        let site = site(None);
        let index = route(true, "/", &site);
        assert_eq!(index.status, 200);
        assert_eq!(index.content_type, "text/html; charset=utf-8");
        assert!(body(&index).contains("<h1>Home</h1>"));
        assert_eq!(route(true, "/index.html?x=1", &site).status, 200);
        assert_eq!(route(true, "/afis/", &site).status, 200);
        let folder = route(true, "/afis", &site);
        assert_eq!(folder.status, 301);
        assert_eq!(folder.location.as_deref(), Some("/afis/"));
        assert_eq!(
            route(true, "/style.css", &site).content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(
            route(true, "/report.md", &site).content_type,
            "text/markdown; charset=utf-8"
        );
        assert_eq!(
            route(true, "/data.json", &site).content_type,
            "application/json"
        );
        assert_eq!(body(&route(true, "/style.css", &site)), "body{}");
        assert_eq!(route(true, "/%73tyle.css", &site).status, 200);
    }

    #[test]
    fn unknown_hostile_and_other_methods_are_refused() {
        let site = site(None);
        let missing = route(true, "/nope.html", &site);
        assert_eq!(missing.status, 404);
        assert!(body(&missing).contains("/__actionplan/version"));
        let hostile = route(true, "/x/<script>.html", &site);
        assert!(!body(&hostile).contains("<script>.html"));
        for path in [
            "/../actionplan.toml",
            "/afis/../index.html",
            "/%2e%2e/x",
            "/a\\b",
            "/%zz",
        ] {
            assert_eq!(route(true, path, &site).status, 400, "{path}");
        }
        let post = route(false, "/", &site);
        assert_eq!(post.status, 405);
        assert!(post.allow);
        assert_eq!(body(&route(true, VERSION_PATH, &site)), "7");
    }

    #[test]
    fn pages_get_the_script_and_while_failing_the_banner() {
        let good = body(&route(true, "/", &site(None)));
        assert!(!good.contains("actionplan-errors"));
        let script = good.find("<script>").unwrap();
        assert!(script > good.find("<h1>Home</h1>").unwrap());
        assert!(good.ends_with("</script>\n</body></html>"));
        assert!(good.contains("var version = \"7\""));

        let failing = site(Some("error: a < b & c > d\n"));
        let page = body(&route(true, "/", &failing));
        let banner = page
            .find("<div role=\"alert\" class=\"actionplan-errors\"")
            .unwrap();
        assert!(banner > page.find("<body class=\"site\">").unwrap());
        assert!(banner < page.find("<h1>Home</h1>").unwrap());
        assert!(page.contains("The records have errors; this is the last good site"));
        assert!(page.contains("error: a &lt; b &amp; c &gt; d</pre>"));
        let upper = body(&route(true, "/afis/", &failing));
        assert!(upper.find("actionplan-errors").unwrap() > upper.find("<BODY>").unwrap());
        assert!(upper.contains("</script>\n</BODY>"));
        // Other files are untouched.
        assert_eq!(body(&route(true, "/style.css", &failing)), "body{}");
    }

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

    #[test]
    fn the_banner_names_an_unbuilt_site() {
        let unbuilt = Snapshot {
            files: None,
            problems: Some("error: x".to_owned()),
            version: 1,
        };
        let reply = route(true, "/", &unbuilt);
        assert_eq!(reply.status, 503);
        assert!(body(&reply).contains("the site could not be built"));
    }

    /// A copy of the small fixture repository to change.
    fn small_repository() -> tempfile::TempDir {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).expect("folder");
            for entry in std::fs::read_dir(from).expect("fixture") {
                let entry = entry.expect("entry");
                let target = to.join(entry.file_name());
                if entry.path().is_dir() {
                    copy(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), target).expect("copy");
                }
            }
        }
        let dir = tempfile::tempdir().expect("temporary folder");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build/small");
        copy(&fixture, dir.path());
        dir
    }

    /// Replace `from` by `to` in a record (each `|`-separated pair in turn).
    fn edit(root: &Path, path: &str, from: &str, to: &str) -> Change {
        let file = root.join(path);
        let mut text = std::fs::read_to_string(&file).expect("record");
        for (from, to) in from.split('|').zip(to.split('|')) {
            assert!(text.contains(from), "{path} has no `{from}`");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(&file, text).expect("write");
        Change::Records([path.to_owned()].into())
    }

    /// A rebuild after `change`, with the summaries made after it.
    fn rebuild(preview: &mut Preview<'_>, change: &Change) -> Built {
        let mut built = preview.build(change).expect("rebuilds");
        if built.summaries_pending {
            built.files.extend(preview.summaries().expect("summaries"));
        }
        built
    }

    /// The site a fresh, whole build of the repository makes.
    fn whole(root: &Path) -> Files {
        Preview::new(root, None)
            .build(&Change::Everything)
            .expect("builds")
            .files
    }

    #[test]
    fn a_rebuild_after_a_change_remakes_only_what_shows_it_and_equals_a_whole_build() {
        let repository = small_repository();
        let root = repository.path();
        let mut preview = Preview::new(root, None);
        let first = preview.build(&Change::Everything).expect("builds");
        assert_eq!(first.made, first.files.len());
        let changes = [
            // An update's date: the AFI becomes stale (no news for too long).
            (
                "records/harrow/harrow-r1.md",
                "date: 2006-11-30",
                "date: 2006-10-01",
            ),
            // A status: the AFI, its inspection, its groups and the summaries.
            (
                "records/harrow/harrow-r1.md",
                "status: in-progress\nupdates|status: in-progress\n    note: Partnership",
                "status: completed\nupdates|status: completed\n    note: Partnership",
            ),
            // An owner: the AFI leaves one owner's page for another's.
            (
                "records/harrow/harrow-r1.md",
                "owner: Harrow BOCU",
                "owner: Traffic OCU",
            ),
            // The text of an AFI only.
            (
                "records/harrow/harrow-r2.md",
                "## Action",
                "## Action taken",
            ),
            // An inspection: its page, its AFIs' pages and the group pages.
            (
                "records/harrow/harrow.md",
                "title: HMIC Going Local",
                "title: HMIC Going Local (revised)",
            ),
            // An AFI moved to another inspection: both inspections' counts.
            (
                "records/harrow/harrow-r2.md",
                "inspection: harrow|theme: Performance",
                "inspection: baseline|framework: Leadership\ntheme: Performance",
            ),
        ];
        for (path, from, to) in changes {
            let change = edit(root, path, from, to);
            let mut built = preview.build(&change).expect("rebuilds");
            assert!(built.summaries_pending);
            built.files.extend(preview.summaries().expect("summaries"));
            assert!(
                built.made < built.files.len(),
                "after changing {path}, all {} files were made again",
                built.made
            );
            assert!(
                built.files == whole(root),
                "after changing {path}, the site differs from a whole build"
            );
        }
    }

    #[test]
    fn records_added_removed_or_broken_rebuild_to_what_a_whole_build_makes() {
        let repository = small_repository();
        let root = repository.path();
        let mut preview = Preview::new(root, None);
        preview.build(&Change::Everything).expect("builds");
        let new_afi = "records/harrow/harrow-r3.md";
        let text = std::fs::read_to_string(root.join("records/harrow/harrow-r2.md"))
            .expect("record")
            .replace("id: harrow-r2", "id: harrow-r3")
            .replace("owner: Harrow BOCU", "owner: A new owner");
        std::fs::write(root.join(new_afi), text).expect("write");
        let added = rebuild(&mut preview, &Change::Records([new_afi.to_owned()].into()));
        assert!(added.files.contains_key("afis/harrow-r3.html"));
        assert!(added.files == whole(root), "after adding a record");

        let broken = edit(root, new_afi, "type: afi", "type: [afi");
        assert!(
            preview.build(&broken).is_err(),
            "a broken record is an error"
        );
        // A change elsewhere does not hide it: its problems are kept with it.
        let elsewhere = edit(
            root,
            "records/harrow/harrow-r2.md",
            "## Action",
            "## Action taken",
        );
        match preview.build(&elsewhere) {
            Err(problems) => assert!(problems.contains("harrow-r3.md"), "{problems}"),
            Ok(_) => panic!("the broken record was forgotten"),
        }
        let fixed = edit(root, new_afi, "type: [afi", "type: afi");
        assert!(rebuild(&mut preview, &fixed).files == whole(root));

        std::fs::remove_file(root.join(new_afi)).expect("remove");
        let removed = rebuild(&mut preview, &Change::Records([new_afi.to_owned()].into()));
        assert!(!removed.files.contains_key("afis/harrow-r3.html"));
        assert!(removed.files == whole(root), "after removing a record");
    }

    /// An AFI record like harrow-r2, as `id`.
    fn another_afi(root: &Path, id: &str) -> String {
        std::fs::read_to_string(root.join("records/harrow/harrow-r2.md"))
            .expect("record")
            .replace("id: harrow-r2", &format!("id: {id}"))
    }

    #[test]
    fn records_in_a_linked_folder_stay_unread_as_in_a_whole_build() {
        let repository = small_repository();
        let root = repository.path();
        let elsewhere = tempfile::tempdir().expect("temporary folder");
        std::os::unix::fs::symlink(elsewhere.path(), root.join("records/linked")).expect("link");
        let mut preview = Preview::new(root, None);
        preview.build(&Change::Everything).expect("builds");
        std::fs::write(
            elsewhere.path().join("harrow-r9.md"),
            another_afi(root, "harrow-r9"),
        )
        .expect("write");
        let changed = Change::Records(["records/linked/harrow-r9.md".to_owned()].into());
        let built = rebuild(&mut preview, &changed);
        assert!(!built.files.contains_key("afis/harrow-r9.html"));
        assert!(built.files == whole(root));
    }

    #[test]
    fn a_folder_named_like_a_record_taken_away_takes_its_records() {
        let repository = small_repository();
        let root = repository.path();
        std::fs::create_dir(root.join("records/extra.md")).expect("folder");
        std::fs::write(
            root.join("records/extra.md/harrow-r9.md"),
            another_afi(root, "harrow-r9"),
        )
        .expect("write");
        let mut preview = Preview::new(root, None);
        let first = preview.build(&Change::Everything).expect("builds");
        assert!(first.files.contains_key("afis/harrow-r9.html"));
        let away = tempfile::tempdir().expect("temporary folder");
        std::fs::rename(root.join("records/extra.md"), away.path().join("extra.md")).expect("move");
        let built = rebuild(
            &mut preview,
            &Change::Records(["records/extra.md".to_owned()].into()),
        );
        assert!(!built.files.contains_key("afis/harrow-r9.html"));
        assert!(built.files == whole(root));
    }
}
