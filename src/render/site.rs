//! The site's files: which there are, and making them. `build` writes each
//! file into the staging folder as soon as it is made, so the whole site is
//! never held in memory; `serve` keeps the files in memory and, after a
//! change to some records, remakes only the pages that show them.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::model::{Model, Paper};
use crate::render::view::PageKey;
use crate::render::{export, paper_files, templates as render, view};
use crate::rollup::{AfiState, Replaced, Rollup};
use crate::{git, paper};

/// Receives each file of the site as it is made, from any thread.
pub(crate) trait Emit: Sync {
    /// Take one file.
    fn file(&self, path: &str, contents: Vec<u8>) -> Result<(), String>;

    /// Take one large file (`data.json`, `afis.csv`) as `write` writes it: by default
    /// made whole in memory and taken as `file` takes it; `build` writes it
    /// to disk as it comes, so that it is never held whole.
    fn written(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), String> {
        let mut contents = Vec::new();
        write(&mut contents).map_err(|error| format!("`{path}` could not be made: {error}"))?;
        self.file(path, contents)
    }
}

impl<F: Fn(&str, Vec<u8>) -> Result<(), String> + Sync> Emit for F {
    fn file(&self, path: &str, contents: Vec<u8>) -> Result<(), String> {
        self(path, contents)
    }
}

/// Which files to make: all of them, or the pages a change touches (with
/// the papers and the style sheet, but without the summaries of every record,
/// which `make_summaries` makes).
#[derive(Clone, Copy)]
pub(crate) enum Pages<'t> {
    All,
    Touched(&'t Touched),
}

/// Make the site's files from checked records and their roll-up, handing
/// each to `emit`, as `pages` says. Returns the number of HTML pages made.
pub(crate) fn make(
    root: &Path,
    config: &Config,
    model: &Model,
    rollup: &Rollup,
    history: bool,
    pages: Pages<'_>,
    emit: &dyn Emit,
) -> Result<usize, String> {
    let history = match history {
        true => Some(
            git::history(root)
                .map_err(|e| format!("the history could not be read from git: {e}"))?,
        ),
        false => None,
    };
    let settings = settings(config, history.as_ref());
    let builder = view::Builder::new(model, rollup, &settings);
    let templates = render::templates(root, config.max_record_bytes)?;
    let tera = render::engine(&templates)?;
    let mut keys = builder.page_keys();
    if let Pages::Touched(touched) = pages {
        keys.retain(|key| touched.wants(key));
    }
    // Each page is built, rendered and handed over on its own, on all cores;
    // the files are independent, so the order of the work does not matter.
    use rayon::prelude::*;
    let made: Vec<bool> = keys
        .into_par_iter()
        .map(|key| {
            let page = builder.page_for(key);
            let text = render::render_page(&tera, &page)?;
            emit.file(&page.path, text.into_bytes())?;
            Ok(page.path.ends_with(".html"))
        })
        .collect::<Result<_, String>>()?;
    let mut html_pages = made.into_iter().filter(|html| *html).count();
    let paper_template = paper_files::template(root, config)?;
    let setting = paper_setting(config, model);
    let wanted = |p: &&Arc<Paper>| match pages {
        Pages::All => true,
        Pages::Touched(touched) => touched.wants_paper(&p.id),
    };
    // Each paper's page, Markdown, Word and PDF, papers on all cores.
    html_pages += model
        .papers
        .par_iter()
        .filter(wanted)
        .map(|p| {
            let laid = paper::Layout::new(&setting, p).lay_out();
            let notice = config.paper_notice.as_deref();
            let page = builder.paper(p, &laid, notice);
            emit.file(&page.path, render::render_page(&tera, &page)?.into_bytes())?;
            emit.file(&format!("papers/{}.md", p.id), laid.markdown().into_bytes())?;
            let docx = paper_files::docx(p, &laid, notice, paper_template.as_ref())?;
            emit.file(&format!("papers/{}.docx", p.id), docx)?;
            let pdf = paper_files::pdf(p, &laid, notice)?;
            emit.file(&format!("papers/{}.pdf", p.id), pdf)?;
            Ok(1)
        })
        .collect::<Result<Vec<usize>, String>>()?
        .len();
    for asset in render::ASSETS {
        let text = templates.get(asset).cloned().unwrap_or_default();
        emit.file(asset, text.into_bytes())?;
    }
    if let Pages::All = pages {
        make_exports(config, model, rollup, emit)?;
    }
    Ok(html_pages)
}

/// Make the files that sum up every record: `report.md`, `data.json` and
/// `afis.csv`. `make` with `Pages::All` makes them too.
pub(crate) fn make_summaries(
    root: &Path,
    config: &Config,
    model: &Model,
    rollup: &Rollup,
    emit: &dyn Emit,
) -> Result<(), String> {
    let settings = settings(config, None);
    let builder = view::Builder::new(model, rollup, &settings);
    let tera = render::engine(&render::templates(root, config.max_record_bytes)?)?;
    let page = builder.page_for(PageKey::Report);
    emit.file(&page.path, render::render_page(&tera, &page)?.into_bytes())?;
    make_exports(config, model, rollup, emit)
}

/// What papers are laid out with.
fn paper_setting<'a>(config: &'a Config, model: &'a Model) -> paper::Setting<'a> {
    paper::Setting {
        model,
        vocabulary: &config.vocabulary,
        silence: crate::rollup::Silence::from_config(config),
        notice: config.paper_notice.as_deref(),
    }
}

/// Each paper by id, with its record and its layout as at its own date:
/// all its page, Markdown, Word and PDF are made from (with the settings).
pub(crate) type LaidPapers = BTreeMap<String, (Arc<Paper>, paper::Laid)>;

/// Lay out every paper of `model`, on all cores.
pub(crate) fn lay_out_papers(config: &Config, model: &Model) -> LaidPapers {
    use rayon::prelude::*;
    let setting = paper_setting(config, model);
    model
        .papers
        .par_iter()
        .map(|p| {
            let laid = paper::Layout::new(&setting, p).lay_out();
            (p.id.clone(), (Arc::clone(p), laid))
        })
        .collect()
}

/// What every page is made with, from the configuration.
fn settings<'a>(
    config: &'a Config,
    history: Option<&'a BTreeMap<String, Vec<git::Commit>>>,
) -> view::Settings<'a> {
    view::Settings {
        site_name: &config.site_name,
        organisation: &config.organisation,
        edit_url: config.edit_url.as_deref(),
        update_repository: config.owner_loop.repository.as_deref(),
        history,
        vocabulary: &config.vocabulary,
    }
}

fn make_exports(
    config: &Config,
    model: &Model,
    rollup: &Rollup,
    emit: &dyn Emit,
) -> Result<(), String> {
    let vocabulary = &config.vocabulary;
    emit.written("data.json", &|out| {
        export::write_data_json(model, rollup, vocabulary, out)
    })?;
    emit.written("afis.csv", &|out| {
        export::write_afis_csv(model, rollup, vocabulary, out)
    })
}

/// Whether `a` and `b` have records of the same ids.
fn same_ids(a: &Model, b: &Model) -> bool {
    a.afis
        .iter()
        .map(|x| &x.id)
        .eq(b.afis.iter().map(|x| &x.id))
        && (a.inspections.iter().map(|x| &x.id)).eq(b.inspections.iter().map(|x| &x.id))
        && (a.papers.iter().map(|x| &x.id)).eq(b.papers.iter().map(|x| &x.id))
}

/// What changed between two checks of the same repository: the records
/// whose pages must be made again. Pages of other records stay as they were.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// AFIs whose record changed, or whose inspection did: their pages.
    afis: BTreeSet<String>,
    /// Those of `afis` whose change shows beyond their own page: any but
    /// one to the text (the body) alone.
    listed: BTreeSet<String>,
    /// Whether anything changed beyond the texts of AFIs: records of
    /// another kind, or an AFI's fields.
    beyond_texts: bool,
    /// Inspections whose record changed, or one of whose AFIs did (before
    /// or after the change).
    inspections: BTreeSet<String>,
    /// Whether any inspection record changed: list pages show gradings.
    any_inspection: bool,
    /// Group pages (dimension index, name) whose AFIs or counts changed.
    groups: BTreeSet<(usize, Option<String>)>,
    /// Ways of grouping (dimension indexes) in which a group's AFIs or
    /// counts changed: their index pages list the counts.
    dimensions: BTreeSet<usize>,
    /// Whether a changed AFI's state (status, target, RAG, …) changed, or
    /// it moved to another inspection: the inspections' counts change.
    states: bool,
    /// Whether a changed AFI is or was overdue, or silent.
    overdue: bool,
    silent: bool,
    /// The papers whose record or layout changed; `None` for all.
    papers: Option<BTreeSet<String>>,
}

impl Touched {
    /// What changed from `before` to `after`, when only the contents of
    /// existing records did; `None` when the change reaches every page
    /// (records added, removed or renamed, or groups that appear or vanish),
    /// so that the whole site must be made again.
    pub(crate) fn between(before: (&Model, &Rollup), after: (&Model, &Rollup)) -> Option<Touched> {
        let (old, old_rollup) = before;
        let (new, new_rollup) = after;
        let same_dates = old_rollup.as_at == new_rollup.as_at
            && old_rollup.since == new_rollup.since
            && old_rollup.states.keys().eq(new_rollup.states.keys());
        let old_groups = view::group_pages(old_rollup);
        let new_groups = view::group_pages(new_rollup);
        let same_groups = old_groups.keys().eq(new_groups.keys());
        if !(same_ids(old, new) && same_dates && same_groups) {
            return None;
        }
        let mut touched = Touched::default();
        for (before, after) in old.inspections.iter().zip(&new.inspections) {
            if before != after {
                touched.any_inspection = true;
                touched.beyond_texts = true;
                touched.inspections.insert(after.id.clone());
                touched.afis.extend(
                    new.afis
                        .iter()
                        .filter(|a| a.inspection == after.id)
                        .map(|a| a.id.clone()),
                );
            }
        }
        touched.note_afis(old, new);
        for (key, slice) in &new_groups {
            let counts_changed = old_groups.get(key) != Some(slice);
            if counts_changed {
                touched.dimensions.insert(key.0);
            }
            if counts_changed || slice.afis.iter().any(|id| touched.listed.contains(&**id)) {
                touched.groups.insert(key.clone());
            }
        }
        touched.note_states(|id| old_rollup.states.get(id), new_rollup);
        Some(touched)
    }

    /// What changed from `old` to `new`, as `between` finds it, when the
    /// roll-up of `old` was brought up to date for `new` (`Rollup::update`,
    /// which does so only when nothing but AFIs changed) and `replaced` is
    /// what that replaced. Only the slices it counted again can differ.
    pub(crate) fn after_update(
        old: &Model,
        new: &Model,
        rollup: &Rollup,
        replaced: &Replaced,
    ) -> Option<Touched> {
        let states_before: BTreeMap<&str, Option<&AfiState>> = replaced
            .states
            .iter()
            .map(|(id, state)| (id.as_str(), state.as_ref()))
            .collect();
        let same_dated = states_before
            .iter()
            .all(|(id, before)| before.is_some() == rollup.states.contains_key(*id));
        if !(same_ids(old, new) && same_dated) {
            return None;
        }
        let mut touched = Touched::default();
        touched.note_afis(old, new);
        for (dimension, name, before) in &replaced.slices {
            let Some(index) = view::listed_index(*dimension) else {
                continue;
            };
            let after = rollup.slices(*dimension).iter().find(|s| s.name == *name);
            if before.is_some() != after.is_some() {
                // A group page appears or goes.
                return None;
            }
            let counts_changed = before.as_ref() != after;
            if counts_changed {
                touched.dimensions.insert(index);
            }
            let shows_a_change =
                after.is_some_and(|s| s.afis.iter().any(|id| touched.listed.contains(&**id)));
            if counts_changed || shows_a_change {
                touched.groups.insert((index, name.clone()));
            }
        }
        touched.note_states(|id| states_before.get(id).copied().flatten(), rollup);
        Some(touched)
    }

    /// The AFIs whose records changed, their inspections before and after
    /// where more than the text changed, and whether papers changed.
    fn note_afis(&mut self, old: &Model, new: &Model) {
        for (before, after) in old.afis.iter().zip(&new.afis) {
            if before == after {
                continue;
            }
            self.afis.insert(after.id.clone());
            if !before.same_but_text(after) {
                self.listed.insert(after.id.clone());
                self.inspections.insert(before.inspection.clone());
                self.inspections.insert(after.inspection.clone());
                self.states |= before.inspection != after.inspection;
                self.beyond_texts = true;
            }
        }
        self.beyond_texts |= old.papers != new.papers;
    }

    /// Whether the changed AFIs' states changed, and whether any is or was
    /// overdue or silent, given each one's state before.
    fn note_states<'r>(&mut self, before: impl Fn(&str) -> Option<&'r AfiState>, rollup: &Rollup) {
        // A change to an AFI's text alone changes neither its state nor
        // any list it is on.
        let shown = self
            .afis
            .iter()
            .filter(|id| self.any_inspection || self.listed.contains(*id));
        for id in shown {
            let before = before(id);
            let after = rollup.states.get(id.as_str());
            self.states |= before != after;
            let either =
                |test: fn(&AfiState) -> bool| before.is_some_and(test) || after.is_some_and(test);
            self.overdue |= either(|s| s.days_overdue.is_some());
            self.silent |= either(|s| s.days_silent.is_some());
        }
    }

    /// Make only the papers whose record or layout differs from `before`
    /// to `after`: the rest would come out byte for byte the same.
    pub(crate) fn papers_between(&mut self, before: &LaidPapers, after: &LaidPapers) {
        let unchanged = |id: &str, (paper, laid): &(Arc<Paper>, paper::Laid)| {
            before.get(id).is_some_and(|(was, was_laid)| {
                (Arc::ptr_eq(was, paper) || was == paper) && was_laid == laid
            })
        };
        self.papers = Some(
            after
                .iter()
                .filter(|(id, made_of)| !unchanged(id, made_of))
                .map(|(id, _)| id.clone())
                .collect(),
        );
    }

    fn wants_paper(&self, id: &str) -> bool {
        self.papers.as_ref().is_none_or(|ids| ids.contains(id))
    }

    /// Whether the page `key` names shows anything that changed. The
    /// dashboard and the papers' index might after any change but one to
    /// AFIs' texts alone; the report is made by `make_summaries`.
    pub(crate) fn wants(&self, key: &PageKey<'_>) -> bool {
        match key {
            PageKey::Afi(afi) => self.afis.contains(&afi.id),
            PageKey::Inspection(inspection) => self.inspections.contains(&inspection.id),
            PageKey::Group(index, slice) => {
                self.any_inspection || self.groups.contains(&(*index, slice.name.clone()))
            }
            PageKey::Dimension(index) => self.any_inspection || self.dimensions.contains(index),
            PageKey::InspectionsIndex => self.any_inspection || self.states,
            PageKey::Overdue => self.overdue,
            PageKey::Silent => self.silent,
            PageKey::Movement | PageKey::Trend => {
                self.any_inspection || self.states || !self.listed.is_empty()
            }
            PageKey::Dashboard | PageKey::PapersIndex => self.beyond_texts,
            PageKey::Report => false,
        }
    }
}
