//! Watching the repository: which changes the site is built from, and the
//! loop that rebuilds after them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, mpsc};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::rebuild::Preview;
use super::{State, say};
use crate::commands::checked::UPDATE_FORM;
use crate::config::CONFIG_FILE;

/// How long the file system must be quiet before a rebuild.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// What changed: some record files (relative paths), or anything else
/// (the configuration, the templates, or what the watcher may have missed).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Change {
    Records(BTreeSet<String>),
    Everything,
}

/// The file watcher and what it watches.
pub(super) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// The repository, canonical, as the watcher reports paths.
    root: PathBuf,
    records_watched: bool,
    templates_watched: bool,
    /// The folder of the owners' update form, whose statuses `check` holds
    /// to the vocabulary (W052), and the folder it is in, so that the form's
    /// folder is seen when it is made.
    form_watched: bool,
    form_parent_watched: bool,
    /// The Word template of the papers (`paper_template`), which may lie
    /// outside `templates/`, and the folder watched for it there.
    paper_template: Option<PathBuf>,
    paper_folder: Option<PathBuf>,
}

impl Watcher {
    pub(super) fn start(
        root: &Path,
        sender: mpsc::Sender<DebounceEventResult>,
    ) -> Result<Self, String> {
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
            form_watched: false,
            form_parent_watched: false,
            paper_template: None,
            paper_folder: None,
        };
        watcher.refresh();
        if !watcher.records_watched {
            return Err("the `records` folder could not be watched".to_owned());
        }
        Ok(watcher)
    }

    /// Watch records/, templates/, the update form's folder and the one
    /// above it when they exist and are not watched yet (they may have
    /// been removed and created again), and the folder of the papers' Word
    /// template as the configuration now names it.
    fn refresh(&mut self) {
        self.follow_paper_template();
        let form_folder = Path::new(UPDATE_FORM).parent().unwrap_or(Path::new(""));
        let form_parent = form_folder.parent().unwrap_or(Path::new(""));
        for (name, watched, mode) in [
            (
                "records",
                &mut self.records_watched,
                RecursiveMode::Recursive,
            ),
            (
                "templates",
                &mut self.templates_watched,
                RecursiveMode::Recursive,
            ),
            (
                form_folder.to_str().unwrap_or(""),
                &mut self.form_watched,
                RecursiveMode::NonRecursive,
            ),
            (
                form_parent.to_str().unwrap_or(""),
                &mut self.form_parent_watched,
                RecursiveMode::NonRecursive,
            ),
        ] {
            let folder = self.root.join(name);
            if !folder.is_dir() {
                *watched = false;
            } else if !*watched {
                match self.debouncer.watch(&folder, mode) {
                    Ok(()) => *watched = true,
                    Err(error) => say(&format!(
                        "warning: `{}` could not be watched: {error}",
                        folder.display()
                    )),
                }
            }
        }
    }

    /// Watch the folder of the configured `paper_template` when no other
    /// watch covers it: the root is watched without its subfolders, and
    /// `records/` and `templates/` with theirs.
    fn follow_paper_template(&mut self) {
        let (config, _) = crate::config::load(&self.root);
        self.paper_template = config.paper_template.map(|t| self.root.join(t));
        let folder = self.paper_template.as_deref().and_then(Path::parent);
        let covered = |folder: &Path| {
            folder == self.root
                || ["records", "templates"]
                    .iter()
                    .any(|name| folder.starts_with(self.root.join(name)))
        };
        let wanted = folder.filter(|f| !covered(f) && f.is_dir());
        if wanted == self.paper_folder.as_deref() {
            return;
        }
        if let Some(old) = self.paper_folder.take() {
            let _ = self.debouncer.unwatch(&old);
        }
        if let Some(folder) = wanted {
            match self.debouncer.watch(folder, RecursiveMode::NonRecursive) {
                Ok(()) => self.paper_folder = Some(folder.to_path_buf()),
                Err(error) => say(&format!(
                    "warning: `{}` could not be watched: {error}",
                    folder.display()
                )),
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
        let form = self.root.join(UPDATE_FORM);
        let mut changed = BTreeSet::new();
        let mut everything = false;
        // The form changes no page, only what `check` says of it: a
        // rebuild of no records checks it again.
        let mut recheck = false;
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
                || self.paper_template.as_ref() == Some(path)
            {
                everything = true;
            } else if *path != self.root && form.starts_with(path) {
                // The form, or a folder on the way to it, which may have
                // been made with the form in it.
                recheck = true;
            }
        }
        match (everything, changed.is_empty()) {
            (true, _) => Some(Change::Everything),
            (false, false) => Some(Change::Records(changed)),
            (false, true) => recheck.then_some(Change::Records(changed)),
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
pub(super) fn rebuild_loop(
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
            (pages, built.made.len(), built.files.len())
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
        match (counts, changed, has_site) {
            (Some((pages, made, files)), true, _) => crate::commands::console::note(&format!(
                "rebuilt the site in {took} ms: {pages} pages ({made} of its {files} files made again)"
            )),
            (Some(_), false, _) => {
                crate::commands::console::note("rebuilt the site: nothing changed")
            }
            (None, _, true) => {
                say("error: the site was not rebuilt; still serving the last good site");
            }
            (None, _, false) => say(
                "error: the site could not be built; it will be served once the errors are fixed",
            ),
        }
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
