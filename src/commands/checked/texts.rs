//! Which record texts a check keeps, and the texts it let go read again
//! when a problem with their file is to be located or quoted. Takes what
//! was loaded; gives record texts by path.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{Loaded, Reading};
use crate::diag::Diagnostic;
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
    read_again: RefCell<BTreeMap<String, Option<Arc<str>>>>,
}

impl<'a> Sources<'a> {
    pub(super) fn new(reading: &'a Reading<'a>, loaded: &'a Loaded) -> Sources<'a> {
        Sources {
            reading,
            loaded,
            read_again: RefCell::new(BTreeMap::new()),
        }
    }

    /// The text of the record file `path`, if it was kept, or if it was
    /// let go and the file read again is still the one checked.
    pub(super) fn text(&self, path: &str) -> Option<Arc<str>> {
        if let Some(kept) = self.loaded.sources.get(path) {
            return Some(Arc::clone(kept));
        }
        if let Some(read) = self.read_again.borrow().get(path) {
            return read.clone();
        }
        let read = self.read(path);
        self.read_again
            .borrow_mut()
            .insert(path.to_owned(), read.clone());
        read
    }

    /// The texts let go of the files `diagnostics` are about, read again
    /// to be quoted, with any read again before.
    pub(super) fn read_again_for(self, diagnostics: &[Diagnostic]) -> BTreeMap<String, Arc<str>> {
        for d in diagnostics {
            let _ = self.text(&d.file);
        }
        let read = self.read_again.into_inner();
        read.into_iter()
            .filter_map(|(path, text)| Some((path, text?)))
            .collect()
    }

    /// The file `path` read again, when its text was let go: only if it
    /// still reads as the record that was checked (the same fields,
    /// problems and links, at the same places), so that a file changed
    /// since is never quoted at the wrong lines.
    fn read(&self, path: &str) -> Option<Arc<str>> {
        let Texts::Quoted { root } = self.reading.texts else {
            return None;
        };
        let checked = self.loaded.find(path)?;
        if !checked.dropped_text() {
            return None;
        }
        let bytes = files::read_in_root(root, path, self.reading.limit).ok()?;
        let text: Arc<str> = Arc::from(String::from_utf8(bytes).ok()?);
        let file = load::parse_record(path, &text).ok()?;
        let again = validate::read(&file, &self.reading.rules).without_text();
        (again == *checked).then_some(text)
    }
}
