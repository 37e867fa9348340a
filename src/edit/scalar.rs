//! Text written as a YAML value: plain where that cannot be misread, else
//! double-quoted with escapes, so that any note an owner sends reads back
//! as exactly the same text.

/// `text` as a YAML scalar that reads back as `text`.
pub(crate) fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Control characters, and the characters YAML treats as line breaks or
/// byte-order marks.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Words YAML 1.1 readers take for true, false or null.
const RESERVED: [&str; 11] = [
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "none", "nan",
];

/// Plain text that starts with a letter and holds nothing YAML reads
/// specially: no `: `, no ` #`, no line breaks, no tabs.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    first.is_alphabetic()
        && text.trim() == text
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| needs_escape(c) || c == '\t')
        && !RESERVED.contains(&text.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn plain_text_stays_plain_and_anything_unusual_is_quoted() {
        assert_eq!(
            scalar("Training delivered to 40 staff."),
            "Training delivered to 40 staff."
        );
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(scalar("2007 plan agreed"), "\"2007 plan agreed\"");
        assert_eq!(scalar("Status: done"), "\"Status: done\"");
        assert_eq!(
            scalar("line one\nline \"two\""),
            "\"line one\\nline \\\"two\\\"\""
        );
        assert_eq!(scalar("bell\u{7}"), "\"bell\\u0007\"");
        assert_eq!(scalar(""), "\"\"");
    }
}
