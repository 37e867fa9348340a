//! Repository configuration: the optional `actionplan.toml` beside `records/`,
//! read once, strictly, into typed values with the built-in defaults.

mod owners;

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, span_of};
use crate::model::{Group, StatusDef, Vocabulary};
pub(crate) use owners::{Contact, Level, OwnerLoop};

pub(crate) const CONFIG_FILE: &str = "actionplan.toml";

/// Files larger than this are refused unread by default: no real record
/// comes close, and it keeps a stray export or a merge accident from stalling
/// a check. `max_record_kb` in actionplan.toml changes it.
pub(crate) const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// The settings every stage reads.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) organisation: String,
    pub(crate) site_name: String,
    pub(crate) time_zone: jiff::tz::TimeZone,
    /// A fixed default as-at date, for an archive read as at its last paper.
    pub(crate) as_at: Option<jiff::civil::Date>,
    /// Past this many days without an update an open AFI is listed as
    /// having no recent update, and is never rated Green.
    pub(crate) stale_after_days: u32,
    /// Past this many days without an update an open AFI is rated Red;
    /// three times `stale_after_days` unless set.
    pub(crate) silent_red_after_days: u32,
    /// A URL with `{path}` for a record's path: the "propose a change" link.
    pub(crate) edit_url: Option<String>,
    /// A notice printed under the title of every paper, such as an archive
    /// warning.
    pub(crate) paper_notice: Option<String>,
    /// The organisation's Word template (a .docx whose styles, header and
    /// footer the papers' Word documents use), relative to the repository.
    pub(crate) paper_template: Option<std::path::PathBuf>,
    /// Record files larger than this are refused unread.
    pub(crate) max_record_bytes: u64,
    pub(crate) vocabulary: Vocabulary,
    /// Owners, requests, returns and assessment (`config/owners.rs`).
    pub(crate) owner_loop: OwnerLoop,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            organisation: String::new(),
            site_name: "Inspection action plans".to_owned(),
            time_zone: jiff::tz::TimeZone::system(),
            as_at: None,
            // The papers report bi-monthly: no update in two months is "awaited".
            stale_after_days: 61,
            // Three requests for an update gone unanswered.
            silent_red_after_days: 3 * 61,
            edit_url: None,
            paper_notice: None,
            paper_template: None,
            max_record_bytes: MAX_RECORD_BYTES,
            vocabulary: Vocabulary::standard(),
            owner_loop: OwnerLoop::default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    organisation: Option<String>,
    site_name: Option<String>,
    time_zone: Option<Spanned<String>>,
    as_at: Option<Spanned<String>>,
    stale_after_days: Option<Spanned<u32>>,
    silent_red_after_days: Option<Spanned<u32>>,
    edit_url: Option<Spanned<String>>,
    paper_notice: Option<String>,
    paper_template: Option<Spanned<String>>,
    max_record_kb: Option<u64>,
    initial_status: Option<Spanned<String>>,
    groups: Option<Vec<RawGroup>>,
    statuses: Option<Spanned<Vec<RawStatus>>>,
    reply_days: Option<u32>,
    owners: Option<std::collections::BTreeMap<String, Contact>>,
    warn_unregistered_owners: Option<bool>,
    repository: Option<Spanned<String>>,
    completed_without_evidence: Option<Level>,
    completions_checked_from: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    id: Spanned<String>,
    label: String,
    open: bool,
    group: Spanned<String>,
}

/// The configuration file is read only up to this size: it sets the limit
/// for every other file, so it cannot set its own.
pub(crate) const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// Read `root/actionplan.toml` if there is one. On any problem the
/// diagnostics say what and where, and the defaults stand in. The file is
/// read by the rule every file is (`files`): a regular file of the
/// repository, never a link, a pipe or a device.
pub(crate) fn load(root: &Path) -> (Config, Vec<Diagnostic>) {
    let unreadable = |reason: String| {
        let diagnostic = Diagnostic::error(
            "E030",
            CONFIG_FILE,
            None,
            format!("the configuration could not be read: {reason}"),
        )
        .with_help("make `actionplan.toml` a small text file of the repository itself");
        (Config::default(), vec![diagnostic])
    };
    let bytes = match crate::files::read_in_root(root, CONFIG_FILE, MAX_CONFIG_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::files::Refusal::Missing) => return (Config::default(), Vec::new()),
        Err(refusal) => return unreadable(refusal.reason()),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return unreadable("it is not UTF-8 text".to_owned());
    };
    parse(&text)
}

/// Parse and check the configuration text.
pub(crate) fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let span = error.span().map(|range| span_of(text, range));
            let message = error.message().trim_end_matches('\n').replace('\n', "; ");
            let help = unknown_key_help(&message);
            let diagnostic = Diagnostic::error(
                "E030",
                CONFIG_FILE,
                span,
                format!("the configuration is not valid: {message}"),
            )
            .with_optional_help(help);
            return (Config::default(), vec![diagnostic]);
        }
    };
    let mut diagnostics = Vec::new();
    let config = check(raw, text, &mut diagnostics);
    (config, diagnostics)
}

/// toml names the known keys in its message; turn that into a suggestion.
fn unknown_key_help(message: &str) -> Option<String> {
    let unknown = message.strip_prefix("unknown field `")?.split('`').next()?;
    let known: Vec<&str> = message
        .split("expected ")
        .nth(1)?
        .split('`')
        .skip(1)
        .step_by(2)
        .collect();
    crate::diag::suggest::did_you_mean(unknown, known.iter().copied())
        .map(|s| format!("did you mean `{s}`?"))
}

fn check(raw: RawConfig, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Config {
    let mut config = Config::default();
    let mut error = |span: std::ops::Range<usize>, message: String, help: Option<String>| {
        diagnostics.push(
            Diagnostic::error("E030", CONFIG_FILE, Some(span_of(text, span)), message)
                .with_optional_help(help),
        );
    };
    if let Some(organisation) = raw.organisation {
        config.organisation = organisation;
    }
    if let Some(site_name) = raw.site_name {
        config.site_name = site_name;
    }
    let stale_span = raw.stale_after_days.as_ref().map(Spanned::span);
    if let Some(days) = raw.stale_after_days {
        config.stale_after_days = *days.get_ref();
        config.silent_red_after_days = config.stale_after_days.saturating_mul(3);
    }
    let red_span = raw.silent_red_after_days.as_ref().map(Spanned::span);
    if let Some(days) = raw.silent_red_after_days {
        config.silent_red_after_days = *days.get_ref();
    }
    if config.stale_after_days == 0 {
        error(
            stale_span.unwrap_or(0..0),
            "`stale_after_days` is 0: every open AFI not updated on the as-at date would count as silent".to_owned(),
            Some("give the number of days between requests for updates, such as 61 for every two months".to_owned()),
        );
    } else if config.silent_red_after_days <= config.stale_after_days {
        error(
            red_span.or(stale_span).unwrap_or(0..0),
            format!(
                "`silent_red_after_days` ({}) must be more than `stale_after_days` ({})",
                config.silent_red_after_days, config.stale_after_days
            ),
            Some("an AFI turns Amber when it has had no update for `stale_after_days`, and Red later".to_owned()),
        );
    }
    if let Some(url) = raw.edit_url {
        // It becomes a link on every record's page: a web address only.
        let lower = url.get_ref().trim_start().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            config.edit_url = Some(url.into_inner());
        } else {
            error(
                url.span(),
                "`edit_url` must be a web address starting with https:// or http://".to_owned(),
                Some("for example \"https://github.com/OWNER/REPO/edit/main/{path}\"".to_owned()),
            );
        }
    }
    let (owner_loop, problems) = owners::read(owners::RawOwnerLoop {
        reply_days: raw.reply_days,
        owners: raw.owners,
        warn_unregistered_owners: raw.warn_unregistered_owners,
        repository: raw.repository,
        completed_without_evidence: raw.completed_without_evidence,
        completions_checked_from: raw.completions_checked_from,
    });
    config.owner_loop = owner_loop;
    for (span, message, help) in problems {
        error(span, message, Some(help));
    }
    config.paper_notice = raw.paper_notice;
    if let Some(template) = raw.paper_template {
        let path = std::path::PathBuf::from(template.get_ref());
        let inside = path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if inside && !template.get_ref().is_empty() {
            config.paper_template = Some(path);
        } else {
            error(
                template.span(),
                format!(
                    "`paper_template` must be a path inside the repository, not `{}`",
                    template.get_ref()
                ),
                Some(
                    "write it relative to actionplan.toml, such as \"templates/paper.docx\""
                        .to_owned(),
                ),
            );
        }
    }
    if let Some(kb) = raw.max_record_kb {
        config.max_record_bytes = kb.saturating_mul(1024);
    }
    if let Some(zone) = raw.time_zone {
        match jiff::tz::TimeZone::get(zone.get_ref()) {
            Ok(tz) => config.time_zone = tz,
            Err(_) => error(
                zone.span(),
                format!("unknown time zone `{}`", zone.get_ref()),
                Some(
                    "use a name from the IANA time zone database, such as `Europe/London`"
                        .to_owned(),
                ),
            ),
        }
    }
    if let Some(as_at) = raw.as_at {
        match as_at.get_ref().parse::<jiff::civil::Date>() {
            Ok(date) => config.as_at = Some(date),
            Err(_) => error(
                as_at.span(),
                format!("`as_at` is not a date: `{}`", as_at.get_ref()),
                Some("write the date as YYYY-MM-DD, for example \"2007-01-16\"".to_owned()),
            ),
        }
    }
    if let Some(groups) = raw.groups {
        let mut seen: Vec<&String> = Vec::new();
        for group in &groups {
            if seen.contains(&group.id.get_ref()) {
                error(
                    group.id.span(),
                    format!("group `{}` is defined twice", group.id.get_ref()),
                    None,
                );
            }
            seen.push(group.id.get_ref());
        }
        config.vocabulary.groups = groups
            .into_iter()
            .map(|g| Group {
                id: g.id.into_inner(),
                label: g.label,
            })
            .collect();
    }
    let group_ids: Vec<String> = config
        .vocabulary
        .groups
        .iter()
        .map(|g| g.id.clone())
        .collect();
    if let Some(statuses) = raw.statuses {
        let span = statuses.span();
        let statuses = statuses.into_inner();
        if statuses.is_empty() {
            error(
                span,
                "`statuses` is empty: at least one status is needed".to_owned(),
                None,
            );
        }
        let mut seen = Vec::new();
        for status in &statuses {
            if seen.contains(status.id.get_ref()) {
                error(
                    status.id.span(),
                    format!("status `{}` is defined twice", status.id.get_ref()),
                    None,
                );
            }
            seen.push(status.id.get_ref().clone());
            if !group_ids.contains(status.group.get_ref()) {
                let help = crate::diag::suggest::did_you_mean(
                    status.group.get_ref(),
                    group_ids.iter().map(String::as_str),
                )
                .map(|s| format!("did you mean `{s}`?"));
                error(
                    status.group.span(),
                    format!(
                        "status `{}` names a group `{}` that is not defined",
                        status.id.get_ref(),
                        status.group.get_ref()
                    ),
                    help,
                );
            }
        }
        config.vocabulary.statuses = statuses
            .into_iter()
            .map(|s| StatusDef {
                id: s.id.into_inner(),
                label: s.label,
                open: s.open,
                group: s.group.into_inner(),
            })
            .collect();
        if let Some(first) = config.vocabulary.statuses.first() {
            config.vocabulary.initial = first.id.clone();
        }
    } else if config
        .vocabulary
        .statuses
        .iter()
        .any(|s| !group_ids.contains(&s.group))
    {
        error(
            0..0,
            "`groups` replaces the default groups, so the default statuses lose theirs".to_owned(),
            Some("define `statuses` too, each naming one of your groups".to_owned()),
        );
    }
    if let Some(initial) = raw.initial_status {
        if config.vocabulary.status(initial.get_ref()).is_some() {
            config.vocabulary.initial = initial.into_inner();
        } else {
            error(
                initial.span(),
                format!(
                    "`initial_status` names a status `{}` that is not defined",
                    initial.get_ref()
                ),
                None,
            );
        }
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_the_defaults() {
        let (config, diagnostics) = parse("");
        assert!(diagnostics.is_empty());
        assert_eq!(config.stale_after_days, 61);
        assert_eq!(config.vocabulary, Vocabulary::standard());
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let (_, diagnostics) = parse("site_name = \"x\"\nstale_afer_days = 30\n");
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!(d.span.map(|s| (s.line, s.column)), Some((2, 1)));
        assert_eq!(d.help.as_deref(), Some("did you mean `stale_after_days`?"));
    }

    #[test]
    fn bad_as_at_and_time_zone_are_both_reported() {
        let (_, diagnostics) = parse("as_at = \"2007-02-30\"\ntime_zone = \"Europe/Lundon\"\n");
        let lines: Vec<usize> = diagnostics
            .iter()
            .filter_map(|d| d.span.map(|s| s.line))
            .collect();
        assert_eq!(lines, vec![2, 1]);
    }

    #[test]
    fn status_with_undefined_group_is_an_error() {
        let text = "[[statuses]]\nid = \"open\"\nlabel = \"Open\"\nopen = true\ngroup = \"wip\"\n";
        let (_, diagnostics) = parse(text);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].span.map(|s| s.line), Some(5));
    }

    #[test]
    fn a_group_or_status_defined_twice_is_an_error_at_the_second() {
        let text = "[[groups]]\nid = \"wip\"\nlabel = \"Work in progress\"\n\n\
                    [[groups]]\nid = \"wip\"\nlabel = \"Again\"\n\n\
                    [[statuses]]\nid = \"open\"\nlabel = \"Open\"\nopen = true\ngroup = \"wip\"\n\n\
                    [[statuses]]\nid = \"open\"\nlabel = \"Open\"\nopen = true\ngroup = \"wip\"\n";
        let (_, diagnostics) = parse(text);
        let found: Vec<(Option<usize>, &str)> = diagnostics
            .iter()
            .map(|d| (d.span.map(|s| s.line), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Some(6), "group `wip` is defined twice"),
                (Some(16), "status `open` is defined twice"),
            ]
        );
    }

    #[test]
    fn silence_limits_default_and_must_rise() {
        let (config, diagnostics) = parse("stale_after_days = 30\n");
        assert!(diagnostics.is_empty());
        assert_eq!(
            config.silent_red_after_days, 90,
            "three times the stale period"
        );
        let (config, diagnostics) = parse("stale_after_days = 30\nsilent_red_after_days = 45\n");
        assert!(diagnostics.is_empty());
        assert_eq!(config.silent_red_after_days, 45);
        let (_, diagnostics) = parse("stale_after_days = 61\nsilent_red_after_days = 61\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].span.map(|s| s.line), Some(2));
        assert!(diagnostics[0].message.contains("must be more than"));
        let (_, diagnostics) = parse("stale_after_days = 0\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].span.map(|s| s.line), Some(1));
    }
}
