//! Which record texts a check keeps, and the texts it let go read again
//! when a problem with their file is to be located or quoted. Takes what
//! was loaded; gives record texts by path.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{Loaded, Reading};
use crate::diag::Diagnostic;
use crate::load::Kept as _;
use crate::validate::FileRead;
use crate::{files, load, validate};

/// Which record texts a check keeps.
#[derive(Clone, Copy)]
pub(crate) enum Texts<'a> {
    /// Every one, in `Checked::sources` and in the records: what builds,
    /// papers and the editing commands work from.
    All,
    /// Only those a report of problems may quote, for `check`, which
    /// prints no more than that: a file's text is let go as soon as the
    /// file is read unless it has problems of its own, is a paper, or
    /// could print as a character a paper's PDF cannot draw
    /// (`FileRead::must_keep_text`, `drawable::prints_only_drawable`). A
    /// file with a problem found later (across records, or in the owner
    /// loop) is read again from `root` to be quoted, if it still reads as
    /// the record that was checked.
    Quoted { root: &'a Path },
}

/// The record texts of a check: those kept as the files were read, and
/// those let go, read again when asked for, once each.
pub(super) struct Sources<'a> {
    reading: &'a Reading<'a>,
    loaded: &'a Loaded,
    /// What was kept of each file by path, made when first needed: the
    /// files are in the walk's order, which is not that of their paths as
    /// shown when a name is not UTF-8, so a binary search by path could
    /// miss one.
    by_path: OnceCell<FxHashMap<&'a str, &'a FileRead>>,
    read_again: RefCell<BTreeMap<String, Option<Arc<str>>>>,
}

impl<'a> Sources<'a> {
    pub(super) fn new(reading: &'a Reading<'a>, loaded: &'a Loaded) -> Sources<'a> {
        Sources {
            reading,
            loaded,
            by_path: OnceCell::new(),
            read_again: RefCell::new(BTreeMap::new()),
        }
    }

    /// The text of the record file `path`, if it was kept, or if it was
    /// let go and the file read again still reads as the record checked.
    pub(super) fn text(&self, path: &str) -> Option<Arc<str>> {
        if let Some(kept) = self.loaded.sources.get(path) {
            return Some(Arc::clone(kept));
        }
        self.read_again(std::iter::once(path));
        self.read_again.borrow().get(path).cloned().flatten()
    }

    /// Read again, on all cores, the files of `paths` whose texts were let
    /// go, so that asking for them finds them read: a repository can have
    /// a problem in every file.
    pub(super) fn read_again<'p>(&self, paths: impl Iterator<Item = &'p str>) {
        use rayon::prelude::*;
        let Texts::Quoted { root } = self.reading.texts else {
            return;
        };
        let wanted: BTreeSet<&str> = {
            let known = self.read_again.borrow();
            paths
                .filter(|p| !self.loaded.sources.contains_key(*p) && !known.contains_key(*p))
                .collect()
        };
        if wanted.is_empty() {
            return;
        }
        let (reading, by_path) = (self.reading, self.by_path());
        let read: Vec<(String, Option<Arc<str>>)> = wanted
            .into_par_iter()
            .map(|path| (path.to_owned(), read(root, reading, by_path, path)))
            .collect();
        self.read_again.borrow_mut().extend(read);
    }

    /// The texts let go of the files `diagnostics` are about, read again
    /// to be quoted, with any read again before.
    pub(super) fn read_again_for(self, diagnostics: &[Diagnostic]) -> BTreeMap<String, Arc<str>> {
        self.read_again(diagnostics.iter().map(|d| d.file.as_str()));
        let read = self.read_again.into_inner();
        read.into_iter()
            .filter_map(|(path, text)| Some((path, text?)))
            .collect()
    }

    /// What was kept of each file, by path.
    fn by_path(&self) -> &FxHashMap<&'a str, &'a FileRead> {
        self.by_path.get_or_init(|| {
            let files = self.loaded.files.iter();
            files.map(|f| (f.path(), f)).collect()
        })
    }
}

/// The file `path` read again from `root`, when its text was let go
/// (`by_path` gives what was kept of it): only if it still reads as the
/// record that was checked (the same fields, problems and links, at the
/// same places), so that a file changed since is never quoted at the wrong
/// lines.
fn read(
    root: &Path,
    reading: &Reading,
    by_path: &FxHashMap<&str, &FileRead>,
    path: &str,
) -> Option<Arc<str>> {
    let checked = *by_path.get(path)?;
    if !checked.dropped_text() {
        return None;
    }
    let bytes = files::read_in_root(root, path, reading.limit).ok()?;
    let text: Arc<str> = Arc::from(String::from_utf8(bytes).ok()?);
    let file = load::parse_record(path, &text).ok()?;
    let again = validate::read(&file, &reading.rules).without_text();
    (again == *checked).then_some(text)
}
