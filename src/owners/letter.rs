//! The letter asking an owner for updates, in Markdown and as a printable
//! HTML page, and the index of every pack. All text from records and the
//! configuration is escaped for the format it goes into.

use std::fmt::Write as _;

use super::{Item, Pack, Requests, day_in_words};
use crate::model::prose::escape_markdown as md;

fn addressee(pack: &Pack) -> String {
    let contact = pack.contact.as_ref();
    let name = contact.and_then(|c| c.name.as_deref());
    let email = contact.and_then(|c| c.email.as_deref());
    match (name, email) {
        (Some(name), Some(email)) => format!("{name}, {} ({email})", pack.owner),
        (Some(name), None) => format!("{name}, {}", pack.owner),
        (None, Some(email)) => format!("{} ({email})", pack.owner),
        (None, None) => pack.owner.clone(),
    }
}

fn count(n: usize) -> String {
    match n {
        1 => "1 open area for improvement (AFI)".to_owned(),
        n => format!("{n} open areas for improvement (AFIs)"),
    }
}

/// The opening paragraph: what is asked, by when, and how to reply.
fn request(pack: &Pack, return_name: &str) -> String {
    format!(
        "You own {}. Please give an update on each by {}, in the attached file {return_name}: choose the new status, say what has been done, give a revised target and its reason if the target will not be met, and list any evidence (links or document references). Leave the other columns as they are: they show what we hold now.",
        count(pack.items.len()),
        day_in_words(pack.reply_by)
    )
}

fn heading(n: usize, item: &Item) -> String {
    match &item.label {
        Some(label) => format!("{n}. {label}: {}", item.title),
        None => format!("{n}. {}", item.title),
    }
}

/// The facts of one AFI, as (label, value) pairs.
fn facts(item: &Item) -> Vec<(&'static str, String)> {
    let mut facts = vec![("Inspection", item.inspection.clone())];
    if let Some(asked) = &item.asked {
        facts.push(("What was asked", asked.clone()));
    }
    facts.push(("Why we ask now", item.why.clone()));
    facts.push(("Target", item.target.clone()));
    facts.push(("Status", item.status.clone()));
    facts.push((
        "Rating",
        format!("{}: {}", item.rag.label(), item.rag_reason),
    ));
    facts.push((
        "Last update",
        item.last.as_ref().map_or_else(
            || "none yet".to_owned(),
            |(date, note)| format!("{date}: {note}"),
        ),
    ));
    facts.push(("Reference", item.id.clone()));
    facts
}

pub(super) fn markdown(pack: &Pack, return_name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Request for updates: {}\n", md(&pack.owner));
    let _ = writeln!(out, "- To: {}", md(&addressee(pack)));
    if !pack.organisation.is_empty() {
        let _ = writeln!(out, "- From: {}", md(&pack.organisation));
    }
    let _ = writeln!(out, "- Date: {}", day_in_words(pack.as_at));
    let _ = writeln!(out, "- Reply by: {}\n", day_in_words(pack.reply_by));
    let _ = writeln!(out, "{}\n", md(&request(pack, return_name)));
    for (n, item) in pack.items.iter().enumerate() {
        let _ = writeln!(out, "## {}\n", md(&heading(n + 1, item)));
        for (label, value) in facts(item) {
            let _ = writeln!(out, "- {label}: {}", md(&value));
        }
        out.push('\n');
    }
    out
}

pub(super) fn html(pack: &Pack, return_name: &str) -> String {
    let mut out = String::new();
    let title = format!("Request for updates: {}", pack.owner);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<dl class=\"letterhead\">\n",
        escape(&title),
        escape(&title)
    );
    let mut head = vec![("To", addressee(pack))];
    if !pack.organisation.is_empty() {
        head.push(("From", pack.organisation.clone()));
    }
    head.push(("Date", day_in_words(pack.as_at)));
    head.push(("Reply by", day_in_words(pack.reply_by)));
    for (label, value) in head {
        let _ = writeln!(out, "<dt>{label}</dt><dd>{}</dd>", escape(&value));
    }
    let _ = writeln!(out, "</dl>\n<p>{}</p>", escape(&request(pack, return_name)));
    for (n, item) in pack.items.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section>\n<h2>{}</h2>\n<dl>",
            escape(&heading(n + 1, item))
        );
        for (label, value) in facts(item) {
            let _ = writeln!(out, "<dt>{label}</dt><dd>{}</dd>", escape(&value));
        }
        out.push_str("</dl>\n</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The index of all packs: who is asked about how many AFIs, and the open
/// AFIs no request covers.
pub(super) fn index(requests: &Requests) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Requests for updates as at {}\n",
        day_in_words(requests.as_at)
    );
    if requests.packs.is_empty() {
        out.push_str("No owner has an open AFI: there is nothing to ask.\n\n");
    }
    for pack in &requests.packs {
        let _ = writeln!(
            out,
            "- {}: {}, replies by {} (`{}/`)",
            md(&pack.owner),
            count(pack.items.len()),
            day_in_words(pack.reply_by),
            pack.slug
        );
    }
    if !requests.unowned.is_empty() {
        let _ = writeln!(
            out,
            "\n{} no owner, so no request asks about {}: give {} an `owner`.\n",
            match requests.unowned.len() {
                1 => "1 open AFI has".to_owned(),
                n => format!("{n} open AFIs have"),
            },
            if requests.unowned.len() == 1 {
                "it"
            } else {
                "them"
            },
            if requests.unowned.len() == 1 {
                "it"
            } else {
                "each"
            },
        );
        for id in &requests.unowned {
            let _ = writeln!(out, "- `{id}`");
        }
    }
    out
}

/// `text` safe anywhere in HTML text or a quoted attribute.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:11pt/1.45 Georgia,serif;margin:2em auto;max-width:42em;padding:0 1em;color:#111}h1{font-size:1.5em}h2{font-size:1.1em;margin-top:1.6em;break-after:avoid}dl{display:grid;grid-template-columns:9em 1fr;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}section{break-inside:avoid}@media print{body{margin:0}}";
