//! The owner loop's documents. Takes the model, its roll-up states as at a
//! date and the configuration; gives each owner's request pack (a letter in
//! Markdown and HTML, a return workbook or CSV file, a reminder in Markdown
//! and plain text) as (path, bytes), and reads returned workbooks and CSV
//! files back into located rows (`returns`).
//!
//! `letter.rs` and `reminder.rs` write the words, `workbook.rs` the .xlsx,
//! `table.rs` the columns both return formats share and the CSV.

mod letter;
mod reminder;
pub(crate) mod returns;
mod table;
mod workbook;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil;

use crate::config::{Config, Contact};
use crate::model::prose::{long_date, long_target};
use crate::model::{Afi, Date, Model};
use crate::rollup::{Rag, afi_state};

pub(crate) use table::ColumnKind;

/// One owner's request: their open AFIs as at a date.
#[derive(Clone, Debug)]
pub(crate) struct Pack {
    pub(crate) owner: String,
    /// The owner's name as a file name, unique among the packs.
    pub(crate) slug: String,
    pub(crate) contact: Option<Contact>,
    pub(crate) organisation: String,
    pub(crate) as_at: civil::Date,
    pub(crate) reply_by: civil::Date,
    pub(crate) items: Vec<Item>,
    /// The status labels an owner may choose from, in vocabulary order.
    pub(crate) statuses: Vec<String>,
}

/// One AFI as its owner is asked about it.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) owner: String,
    pub(crate) inspection: String,
    pub(crate) label: Option<String>,
    pub(crate) title: String,
    /// The recommendation as the inspection wrote it, when the record has it.
    pub(crate) asked: Option<String>,
    pub(crate) why: String,
    pub(crate) target: String,
    pub(crate) rag: Rag,
    pub(crate) rag_reason: String,
    pub(crate) status: String,
    /// The newest update: its date in words and its note.
    pub(crate) last: Option<(String, String)>,
    /// The record's text as issued (`load::fingerprint`).
    pub(crate) fingerprint: String,
}

impl Pack {
    /// The return file's name, such as `harrow-bocu-updates-2007-01-16.xlsx`.
    pub(crate) fn return_name(&self, extension: &str) -> String {
        format!("{}-updates-{}.{extension}", self.slug, self.as_at)
    }
}

/// What `requests` makes: a pack per owner with open AFIs, and the open
/// AFIs that no request covers because they have no owner.
pub(crate) struct Requests {
    pub(crate) packs: Vec<Pack>,
    pub(crate) unowned: Vec<String>,
    pub(crate) as_at: civil::Date,
}

/// The packs as at `as_at`, for the owners in `only` (all when empty).
pub(crate) fn requests(
    model: &Model,
    config: &Config,
    sources: &BTreeMap<String, Arc<str>>,
    as_at: civil::Date,
    only: &[String],
) -> Requests {
    let silence = crate::rollup::Silence::from_config(config);
    let vocabulary = &config.vocabulary;
    let mut by_owner: BTreeMap<&str, Vec<Item>> = BTreeMap::new();
    let mut unowned = Vec::new();
    for afi in &model.afis {
        let Some(state) = afi_state(afi, as_at, vocabulary, silence) else {
            continue;
        };
        if !state.open {
            continue;
        }
        let Some(owner) = afi.owner.as_deref() else {
            unowned.push(afi.id.clone());
            continue;
        };
        if !only.is_empty() && !only.iter().any(|o| o == owner) {
            continue;
        }
        let inspection = model
            .inspections
            .iter()
            .find(|i| i.id == afi.inspection)
            .map_or(afi.inspection.as_str(), |i| i.title.as_str());
        let status = vocabulary
            .status(&state.status)
            .map_or(state.status.as_str(), |s| s.label.as_str());
        let last = afi
            .updates
            .iter()
            .rev()
            .find(|u| u.date.first_day() <= as_at)
            .map(|u| (long_date(u.date), u.note.clone()));
        by_owner.entry(owner).or_default().push(Item {
            id: afi.id.clone(),
            owner: owner.to_owned(),
            inspection: inspection.to_owned(),
            label: afi.label.clone(),
            title: afi.title.clone(),
            asked: recommendation(afi),
            why: why_now(&state, silence.amber_after_days),
            target: state.due.map_or_else(|| "None set".to_owned(), long_target),
            rag: state.rag,
            rag_reason: state.rag_reason.clone(),
            status: status.to_owned(),
            last,
            fingerprint: sources
                .get(&afi.path)
                .map_or_else(String::new, |text| crate::load::fingerprint(text)),
        });
    }
    let reply_by = as_at
        .checked_add(jiff::Span::new().days(i64::from(config.owner_loop.reply_days)))
        .unwrap_or(as_at);
    let statuses: Vec<String> = vocabulary
        .statuses
        .iter()
        .map(|s| s.label.clone())
        .collect();
    let mut slugs = Vec::new();
    let packs = by_owner
        .into_iter()
        .map(|(owner, mut items)| {
            items.sort_by(|a, b| a.rag.cmp(&b.rag).then_with(|| a.id.cmp(&b.id)));
            let slug = unique_slug(owner, &mut slugs);
            Pack {
                owner: owner.to_owned(),
                slug,
                contact: config.owner_loop.owners.get(owner).cloned(),
                organisation: config.organisation.clone(),
                as_at,
                reply_by,
                items,
                statuses: statuses.clone(),
            }
        })
        .collect();
    Requests {
        packs,
        unowned,
        as_at,
    }
}

/// Every file of the requests, as (path under the output folder, bytes):
/// per owner a folder with the letter, the return and the reminder, and an
/// index of all of them.
pub(crate) fn files(requests: &Requests, csv: bool) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for pack in &requests.packs {
        let folder = &pack.slug;
        let (name, bytes) = match csv {
            true => (pack.return_name("csv"), table::csv(pack).into_bytes()),
            false => (pack.return_name("xlsx"), workbook::workbook(pack)?),
        };
        out.push((
            format!("{folder}/letter.md"),
            letter::markdown(pack, &name).into_bytes(),
        ));
        out.push((
            format!("{folder}/letter.html"),
            letter::html(pack, &name).into_bytes(),
        ));
        out.push((format!("{folder}/{name}"), bytes));
        out.push((
            format!("{folder}/reminder.md"),
            reminder::markdown(pack).into_bytes(),
        ));
        out.push((
            format!("{folder}/reminder.txt"),
            reminder::text(pack).into_bytes(),
        ));
    }
    out.push(("index.md".to_owned(), letter::index(requests).into_bytes()));
    Ok(out)
}

/// Why the owner is asked about this AFI now, most pressing first.
fn why_now(state: &crate::rollup::AfiState, stale_after: u32) -> String {
    let mut reasons = Vec::new();
    if let Some(days) = state.days_overdue {
        reasons.push(format!("overdue: {} past its target", days_text(days)));
    }
    if let Some(days) = state.days_to_due {
        reasons.push(format!("due soon: its target is in {}", days_text(days)));
    }
    if let Some(days) = state.days_silent {
        reasons.push(format!(
            "silent: no update for {} (more than {stale_after})",
            days_text(days)
        ));
    }
    if state.group == crate::rollup::AWAITED_GROUP {
        reasons.push("an update is awaited".to_owned());
    }
    if reasons.is_empty() {
        let since = match state.days_since_update.unwrap_or(0) {
            0 => "on the as-at date".to_owned(),
            days => format!("{} ago", days_text(days)),
        };
        reasons.push(format!("the regular request: last update {since}"));
    }
    reasons.join("; ")
}

fn days_text(days: i32) -> String {
    format!("{days} day{}", if days == 1 { "" } else { "s" })
}

/// The first paragraph under the body's `## Recommendation` heading.
fn recommendation(afi: &Afi) -> Option<String> {
    let body: &str = &afi.text;
    let (_, after) = body.split_once("## Recommendation")?;
    let paragraph: Vec<&str> = after
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::trim)
        .collect();
    let text = paragraph.join(" ");
    (!text.is_empty()).then_some(text)
}

/// `name` as a file name: lower-case letters, digits and `-`; suffixed with
/// a number when an earlier owner already has it.
fn unique_slug(name: &str, taken: &mut Vec<String>) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    if slug.is_empty() {
        slug = "owner".to_owned();
    }
    let base = slug.clone();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.push(slug.clone());
    slug
}

/// A date in words, for a day.
pub(crate) fn day_in_words(date: civil::Date) -> String {
    long_date(Date::Day(date))
}

#[cfg(test)]
mod tests {
    use super::unique_slug;

    #[test]
    fn owners_get_distinct_file_names() {
        let mut taken = Vec::new();
        assert_eq!(unique_slug("Harrow BOCU", &mut taken), "harrow-bocu");
        assert_eq!(unique_slug("Harrow  BOCU!", &mut taken), "harrow-bocu-2");
        assert_eq!(
            unique_slug("Kensington & Chelsea BOCU", &mut taken),
            "kensington-chelsea-bocu"
        );
        assert_eq!(unique_slug("§§", &mut taken), "owner");
        assert_eq!(unique_slug("../etc", &mut taken), "etc");
    }
}
