//! Any text as a record's Markdown body: rendering must never panic, and the
//! HTML must never hold live markup. A record's text is untrusted, so a
//! failure here is a cross-site scripting hole in the built site, not only a
//! crash.
//!
//! The HTML fails the check when it has, case-insensitively:
//! - `<script`, `<img` or `<iframe` anywhere;
//! - any tag outside the few that Markdown itself makes (so no `<svg>`,
//!   `<object>`, `<style>`, `<form>`, comments or declarations);
//! - a tag with an event-handler attribute (`on…=`);
//! - a URL attribute (`href`, `src`, …) whose value, as a browser reads it
//!   (entities decoded, tabs and newlines dropped, leading spaces and control
//!   characters trimmed), starts with `javascript:`, `data:` or `vbscript:`;
//! - a `style` attribute other than a table cell's alignment.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Record bodies are always UTF-8: loading refuses anything else.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = actionplan::fuzzing::render_markdown(text);
    if let Err(problem) = check(&html) {
        panic!(
            "live markup in the HTML: {problem}\n--- Markdown ---\n{text:?}\n--- HTML ---\n{html}"
        );
    }
});

/// Tags that pulldown-cmark writes for Markdown, less `img` (and `input`,
/// which only task lists make).
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "ping",
];

const BAD_SCHEMES: &[&str] = &["javascript:", "data:", "vbscript:"];

fn check(html: &str) -> Result<(), String> {
    // Text never holds a bare `<` (it is written `&lt;`), so these are tags.
    // (`href="javascript:` is looked for inside tags only: text may show it,
    // quotes and all, once its `<` is escaped.)
    let lower = html.to_ascii_lowercase();
    for needle in ["<script", "<img", "<iframe"] {
        if lower.contains(needle) {
            return Err(format!("`{needle}`"));
        }
    }
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let end = check_tag(html, start)?;
        debug_assert!(end > start && end <= bytes.len());
        i = end;
    }
    Ok(())
}

/// Check the tag that starts at `html[start] == '<'`; return where it ends.
fn check_tag(html: &str, start: usize) -> Result<usize, String> {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    if name.is_empty() || !bytes[name_start].is_ascii_alphabetic() {
        // `<` not escaped and not a tag: a comment, a declaration, or text a
        // browser might still read as markup.
        let context: String = html[start..].chars().take(40).collect();
        return Err(format!("unescaped `<` at byte {start}: {context:?}"));
    }
    if !ALLOWED_TAGS.contains(&name.as_str()) {
        return Err(format!("tag `<{}{name}>`", if closing { "/" } else { "" }));
    }
    // Attributes, read as an HTML tokenizer reads them.
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return Err(format!("tag `<{name}` never closed")),
            Some(b'>') => return Ok(i + 1),
            Some(_) => {}
        }
        let attr_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attr = html[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let value_start;
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    value_start = i + 1;
                    i = value_start;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    value = Some(&html[value_start..i]);
                    i = (i + 1).min(bytes.len());
                }
                _ => {
                    value_start = i;
                    while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = Some(&html[value_start..i]);
                }
            }
        }
        if closing {
            return Err(format!("closing tag `</{name}>` with attribute `{attr}`"));
        }
        if attr.len() > 2 && attr.starts_with("on") {
            return Err(format!("event-handler attribute `{attr}` on `<{name}>`"));
        }
        let value = value.map(decode).unwrap_or_default();
        if URL_ATTRIBUTES.contains(&attr.as_str()) {
            let url = browser_url(&value);
            if let Some(scheme) = BAD_SCHEMES.iter().find(|s| url.starts_with(*s)) {
                return Err(format!(
                    "`{attr}` on `<{name}>` with a `{scheme}` URL: {value:?}"
                ));
            }
        }
        if attr == "style"
            && !matches!(
                value.as_str(),
                "text-align: left" | "text-align: center" | "text-align: right"
            )
        {
            return Err(format!("`style` on `<{name}>`: {value:?}"));
        }
    }
}

/// A URL attribute's value as the browser resolves it: ASCII tabs and
/// newlines removed, leading C0 controls and spaces trimmed, lower-cased.
fn browser_url(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_start_matches(|c: char| c <= ' ')
        .to_ascii_lowercase()
}

/// Decode the character references in an attribute value (one pass, as a
/// browser does): numeric ones with or without `;`, and the named ones that
/// matter for spelling a URL scheme.
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (decoded, used) = reference(rest);
        match decoded {
            Some(c) => out.push(c),
            None => out.push('&'),
        }
        rest = &rest[used..];
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` (which starts with `&`)
/// stands for, and how many bytes it takes; `(None, 1)` when it is none.
fn reference(s: &str) -> (Option<char>, usize) {
    let bytes = s.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
        let digits_start = if hex { 3 } else { 2 };
        let mut i = digits_start;
        while i < bytes.len()
            && (if hex {
                bytes[i].is_ascii_hexdigit()
            } else {
                bytes[i].is_ascii_digit()
            })
        {
            i += 1;
        }
        if i == digits_start {
            return (None, 1);
        }
        let digits = &s[digits_start..i];
        let code = u32::from_str_radix(
            &digits[digits.len().saturating_sub(8)..],
            if hex { 16 } else { 10 },
        )
        .ok()
        .filter(|_| digits.trim_start_matches('0').len() <= 8);
        let c = code.and_then(char::from_u32).unwrap_or('\u{fffd}');
        let used = if bytes.get(i) == Some(&b';') {
            i + 1
        } else {
            i
        };
        return (Some(c), used);
    }
    const NAMED: &[(&str, char)] = &[
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&colon;", ':'),
        ("&tab;", '\t'),
        ("&newline;", '\n'),
        ("&nbsp;", '\u{a0}'),
    ];
    for (name, c) in NAMED {
        if s.get(..name.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(name))
        {
            return (Some(*c), name.len());
        }
    }
    (None, 1)
}
