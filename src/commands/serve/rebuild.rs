//! The incremental build behind the preview: the site made in memory, and
//! after a change to some records only what shows them made again.

use std::borrow::Cow;
use std::io::Write as _;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use super::watch::Change;
use super::{Files, say};
use crate::commands::checked::{Checked, Reading, Texts, check_reading};
use crate::load::{self, Loaded};
use crate::render::site::{self, LaidPapers, Touched};
use crate::rollup::Rollup;
use crate::validate::FileRead;

/// Builds the site in memory and remembers what it read and made: after a
/// change to some records, only those files are read again and only the
/// pages that show them are made again.
pub(super) struct Preview<'a> {
    root: &'a Path,
    as_at: Option<jiff::civil::Date>,
    /// The record files as last read, good or not, with what validating
    /// each gave, and the date they were validated as at.
    loaded: Option<(jiff::civil::Date, Loaded<FileRead>)>,
    /// What the last good site was made from, and its files.
    last_good: Option<LastGood>,
}

struct LastGood {
    checked: Checked,
    rollup: Rollup,
    /// What the papers' files were made from.
    laid: LaidPapers,
    files: Files,
}

/// A site built in memory: its files and how many pages were made for it.
pub(super) struct Built {
    pub(super) files: Files,
    /// The files made for it, in name order.
    pub(super) made: Vec<String>,
    /// Whether the report and the exports are still those of the build
    /// before: `Preview::summaries` makes them.
    pub(super) summaries_pending: bool,
}

impl<'a> Preview<'a> {
    pub(super) fn new(root: &'a Path, as_at: Option<jiff::civil::Date>) -> Self {
        Preview {
            root,
            as_at,
            loaded: None,
            last_good: None,
        }
    }

    /// Build the site after `change`, printing the diagnostics as `check`
    /// does. On failure, the problems as plain text for the banner.
    pub(super) fn build(&mut self, change: &Change) -> Result<Built, String> {
        if *change == Change::Everything {
            // What is kept may be made with old templates or settings.
            self.last_good = None;
        }
        // As `build`: the records are checked as they stand; --as-at only
        // chooses the date the figures are computed as at.
        let previous = self.loaded.take();
        let root = self.root;
        let loaded_now = &mut self.loaded;
        let read = move |reading: &Reading| {
            let each = reading.each();
            // Only the changed files are read again, unless the settings
            // changed or the files were validated as at another day.
            let loaded = match (change, previous) {
                (Change::Records(paths), Some((as_at, previous))) if as_at == reading.as_at => {
                    load::reload(root, reading.limit, previous, paths, &each)
                }
                _ => None,
            }
            .unwrap_or_else(|| load::load(root, reading.limit, &each));
            Cow::Borrowed(&loaded_now.insert((reading.as_at, loaded)).1)
        };
        let checked = check_reading(root, None, Texts::All, read);
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
        let last_good = match change {
            Change::Records(_) => self.last_good.take(),
            Change::Everything => None,
        };
        let laid = site::lay_out_papers(&checked.config, &checked.model);
        let (rollup, kept) = match last_good {
            Some(last) => roll_up_after(last, &checked, &laid, as_at, since),
            None => (crate::commands::site_rollup(&checked, as_at, since), None),
        };
        let (touched, files) = kept.unzip();
        let pages = match &touched {
            Some(touched) => site::Pages::Touched(touched),
            None => site::Pages::All,
        };
        let files = Mutex::new(files.unwrap_or_default());
        let made = Mutex::new(Vec::new());
        let emit = |path: &str, contents: Vec<u8>| {
            let mut files = files.lock().unwrap_or_else(PoisonError::into_inner);
            files.insert(path.to_owned(), contents.into());
            made.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(path.to_owned());
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
        let mut made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
        made.sort_unstable();
        let summaries_pending = touched.is_some();
        self.last_good = Some(LastGood {
            checked,
            rollup,
            laid,
            files: files.clone(),
        });
        Ok(Built {
            files,
            made,
            summaries_pending,
        })
    }
}

/// The roll-up of `checked` as at `as_at`, brought up to date from the last
/// good site's where only a few AFIs changed, else made afresh; with what
/// the change touched (the pages, and the papers whose record or layout
/// differs from the last good site's, `laid` being the new layouts) and the
/// last good site's files, when only those need making again.
fn roll_up_after(
    last: LastGood,
    checked: &Checked,
    laid: &LaidPapers,
    as_at: jiff::civil::Date,
    since: jiff::civil::Date,
) -> (Rollup, Option<(Touched, Files)>) {
    let LastGood {
        checked: before,
        mut rollup,
        laid: laid_before,
        files,
    } = last;
    let (old, new) = (&before.model, &checked.model);
    let same_dates = rollup.as_at == as_at && rollup.since == since;
    let updated = match same_dates {
        true => rollup.update(old, new, &checked.config.vocabulary),
        false => None,
    };
    let (rollup, touched) = match updated {
        Some(replaced) => {
            let touched = Touched::after_update(old, new, &rollup, &replaced);
            (rollup, touched)
        }
        None => {
            let fresh = crate::commands::site_rollup(checked, as_at, since);
            let touched = Touched::between((old, &rollup), (new, &fresh));
            (fresh, touched)
        }
    };
    let kept = touched.map(|mut touched| {
        touched.papers_between(&laid_before, laid);
        (touched, files)
    });
    (rollup, kept)
}

impl Preview<'_> {
    /// The report and the exports of the last good build: they sum up every
    /// record, so after a change they are made after the pages, and the
    /// pages are served without waiting for them.
    pub(super) fn summaries(&mut self) -> Result<Files, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Copy the folder `from` to `to`, with all it holds.
    fn copy_folder(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("folder");
        for entry in std::fs::read_dir(from).expect("fixture") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy_folder(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).expect("copy");
            }
        }
    }

    /// A copy of the small fixture repository to change.
    fn small_repository() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build/small");
        copy_folder(&fixture, dir.path());
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
        assert_eq!(first.made.len(), first.files.len());
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
                built.made.len() < built.files.len(),
                "after changing {path}, all {} files were made again",
                built.made.len()
            );
            assert!(
                built.files == whole(root),
                "after changing {path}, the site differs from a whole build"
            );
        }
    }

    #[test]
    fn a_change_to_an_afis_text_alone_remakes_its_page_and_no_other() {
        let repository = small_repository();
        let root = repository.path();
        let mut preview = Preview::new(root, None);
        preview.build(&Change::Everything).expect("builds");
        let change = edit(
            root,
            "records/harrow/harrow-r2.md",
            "## Action",
            "## Action taken",
        );
        let built = preview.build(&change).expect("rebuilds");
        // The style sheet and the script are made again with any page.
        let pages: Vec<&str> = built
            .made
            .iter()
            .map(String::as_str)
            .filter(|path| path.ends_with(".html") && !path.starts_with("papers/"))
            .collect();
        assert_eq!(pages, ["afis/harrow-r2.html"]);
        let page = String::from_utf8_lossy(&built.files["afis/harrow-r2.html"]).into_owned();
        assert!(page.contains("Action taken"), "the page shows the new text");
        // A field of the same AFI, its title, shows on its inspection's
        // page, its groups' pages and the dashboard too.
        let change = edit(
            root,
            "records/harrow/harrow-r2.md",
            "title: ",
            "title: The ",
        );
        let built = preview.build(&change).expect("rebuilds");
        assert!(built.made.len() < built.files.len(), "only some were made");
        let shown_on = [
            "afis/harrow-r2.html",
            "inspections/harrow.html",
            "themes/performance-management.html",
            "index.html",
        ];
        for page in shown_on {
            assert!(
                built.made.iter().any(|p| p == page),
                "{page} was not made again"
            );
        }
    }

    /// A copy of the repository's own records and settings, papers and all.
    fn real_repository() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_folder(&here.join("records"), &dir.path().join("records"));
        std::fs::copy(
            here.join("actionplan.toml"),
            dir.path().join("actionplan.toml"),
        )
        .expect("settings");
        dir
    }

    #[test]
    fn papers_are_made_again_only_when_what_they_print_changed() {
        let repository = real_repository();
        let root = repository.path();
        let mut preview = Preview::new(root, None);
        preview.build(&Change::Everything).expect("builds");
        let paper_files =
            |id: &str| ["docx", "html", "md", "pdf"].map(|kind| format!("papers/{id}.{kind}"));
        // The text of an AFI that is overdue and silent, which one paper
        // (Report 7) prints: that paper's files and the AFI's page, but
        // not the overdue and silent lists, which do not show the text.
        let afi = "records/district-audit-2002-03/district-audit-2002-03-plan-r1.md";
        let text = std::fs::read_to_string(root.join(afi)).expect("record") + "\nMore.\n";
        std::fs::write(root.join(afi), text).expect("write");
        let built = rebuild(&mut preview, &Change::Records([afi.to_owned()].into()));
        let mut expected = vec![
            "afis/district-audit-2002-03-plan-r1.html".to_owned(),
            "site.js".to_owned(),
            "style.css".to_owned(),
        ];
        expected.extend(paper_files("pprc-2003-05-08-report-7"));
        expected.sort();
        assert_eq!(built.made, expected);
        assert!(built.files == whole(root), "after changing an AFI's text");
        // A paper's own text: that paper's four files, and no other's.
        let paper = "records/papers/pprc-2006-09-14-report-14.md";
        let change = edit(root, paper, "## Summary", "## Summary of the report");
        let built = rebuild(&mut preview, &change);
        let papers_made: Vec<&String> = (built.made.iter())
            .filter(|path| path.starts_with("papers/pprc-"))
            .collect();
        assert_eq!(
            papers_made,
            paper_files("pprc-2006-09-14-report-14")
                .iter()
                .collect::<Vec<_>>()
        );
        assert!(built.files == whole(root), "after changing a paper");
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
