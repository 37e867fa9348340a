//! The reminder an owner is sent: their open AFIs and why each is asked
//! about now, in Markdown and in plain text for any mailer or CI step.
//! actionplan never sends mail itself. Plain text has its control
//! characters and line breaks taken out, so no record can add a header.

use std::fmt::Write as _;

use super::{Pack, day_in_words};
use crate::model::prose::escape_markdown as md;

fn subject(pack: &Pack) -> String {
    let n = pack.items.len();
    format!(
        "Updates due by {}: {n} area{} for improvement",
        day_in_words(pack.reply_by),
        if n == 1 { "" } else { "s" }
    )
}

pub(super) fn markdown(pack: &Pack) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", md(&pack.owner), md(&subject(pack)));
    if let Some(email) = pack.contact.as_ref().and_then(|c| c.email.as_deref()) {
        let _ = writeln!(out, "To: {}\n", md(email));
    }
    let _ = writeln!(
        out,
        "Please send your updates on these by {}, in the return sent with the request of {}:\n",
        day_in_words(pack.reply_by),
        day_in_words(pack.as_at)
    );
    for item in &pack.items {
        let _ = writeln!(
            out,
            "- `{}` {}: {}",
            item.id,
            md(&item.title),
            md(&item.why)
        );
    }
    out
}

pub(super) fn text(pack: &Pack) -> String {
    let mut out = String::new();
    if let Some(email) = pack.contact.as_ref().and_then(|c| c.email.as_deref()) {
        let name = pack.contact.as_ref().and_then(|c| c.name.as_deref());
        let to = match name {
            Some(name) => format!("{} <{}>", one_line(name), one_line(email)),
            None => one_line(email),
        };
        let _ = writeln!(out, "To: {to}");
    }
    let _ = writeln!(out, "Subject: {}\n", one_line(&subject(pack)));
    let _ = writeln!(
        out,
        "{}: please send your updates on these by {}, in the return sent with the request of {}.\n",
        one_line(&pack.owner),
        day_in_words(pack.reply_by),
        day_in_words(pack.as_at)
    );
    for item in &pack.items {
        let _ = writeln!(out, "- {}: {}", item.id, one_line(&item.title));
        let _ = writeln!(out, "  {}", one_line(&item.why));
    }
    out
}

/// `text` on one line, without control characters.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
