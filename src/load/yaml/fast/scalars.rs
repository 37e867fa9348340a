//! The scalars the fast reader reads: keys, plain, quoted and flow values
//! typed as serde-saphyr types them, and what may follow a value on its
//! line. Each gives `None` where it is not certain to agree.

use std::borrow::Cow;

use super::super::Value;

/// Keys are short words; serde-saphyr looks 1024 characters ahead for a `:`.
const MAX_KEY_BYTES: usize = 64;

/// Whether `rest`, what follows a value on its line, is only spaces and
/// perhaps a comment (which needs a space before its `#`).
pub(super) fn ends_line(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// The length of the key at the start of `text` when it is a plain word
/// (ASCII letters, digits, `_` and `-`, starting with a letter or `_`)
/// followed by `:` and a space or the end of the line.
pub(super) fn key_length(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let len = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')))?;
    let after_colon = text.get(len..)?.strip_prefix(':')?;
    let fits = len <= MAX_KEY_BYTES && (after_colon.is_empty() || after_colon.starts_with(' '));
    fits.then_some(len)
}

/// A single-quoted scalar at the start of `text` that ends on this line: its
/// value and its length with the quotes.
pub(super) fn single_quoted(text: &str) -> Option<(Value<'_>, usize)> {
    let inner = text.get(1..)?;
    let quote = inner.find('\'')?;
    if !inner.get(quote + 1..)?.starts_with('\'') {
        // No `''` inside: the value is the text between the quotes.
        return Some((Value::Str(Cow::Borrowed(inner.get(..quote)?)), quote + 2));
    }
    let mut value = String::new();
    let mut rest = inner;
    loop {
        let quote = rest.find('\'')?;
        value.push_str(rest.get(..quote)?);
        rest = rest.get(quote + 1..)?;
        // `''` is a quote inside; a lone `'` ends the scalar.
        match rest.strip_prefix('\'') {
            Some(after) => {
                value.push('\'');
                rest = after;
            }
            None => break,
        }
    }
    Some((Value::Str(value.into()), text.len() - rest.len()))
}

/// A double-quoted scalar without escapes at the start of `text` that ends
/// on this line: its value and its length with the quotes.
pub(super) fn double_quoted(text: &str) -> Option<(Value<'_>, usize)> {
    let inner = text.get(1..)?;
    let end = inner.find(['"', '\\'])?;
    if !inner.get(end..)?.starts_with('"') {
        return None;
    }
    Some((Value::Str(Cow::Borrowed(inner.get(..end)?)), end + 2))
}

/// A plain scalar at the start of `text`, up to a comment or the end of the
/// line: its value and its length without the spaces after it.
pub(super) fn plain(text: &str) -> Option<(Value<'_>, usize)> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    let negative_number = first == b'-' && bytes.get(1).is_some_and(u8::is_ascii_digit);
    // The characters that start something else (anchors, tags, flow
    // collections, quotes, directives and so on) or are reserved; all ASCII,
    // so the first byte tells.
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) && !negative_number {
        return None;
    }
    // A comment starts at the first ` #`.
    let comment = memchr::memchr_iter(b'#', bytes)
        .find(|&at| at > 0 && bytes.get(at - 1) == Some(&b' '))
        .map_or(text.len(), |at| at - 1);
    let scalar = text.get(..comment)?.trim_end_matches(' ');
    // `a: b: c` is an error and `- a b: c` a mapping.
    let scalar_bytes = scalar.as_bytes();
    let has_colon_space =
        memchr::memchr_iter(b':', scalar_bytes).any(|at| scalar_bytes.get(at + 1) == Some(&b' '));
    if has_colon_space || scalar.ends_with(':') {
        return None;
    }
    Some((plain_value(scalar)?, scalar.len()))
}

/// A value in a flow mapping at the start of `text`: quoted, or plain up
/// to the next `,` or `}` and without characters that could mean more
/// (brackets, braces, `:`, `#`, quotes). Its value and its length.
pub(super) fn flow_scalar(text: &str) -> Option<(Value<'_>, usize)> {
    match text.as_bytes().first()? {
        b'\'' => single_quoted(text),
        b'"' => double_quoted(text),
        _ => {
            let end = text.find([',', '}'])?;
            let scalar = text.get(..end)?;
            if scalar.contains(['{', '[', ']', ':', '#', '\'', '"']) {
                return None;
            }
            plain(scalar)
        }
    }
}

/// The value of a plain scalar as serde-saphyr reads it with
/// `strict_booleans`, or `None` where that is not certain.
pub(super) fn plain_value(text: &str) -> Option<Value<'_>> {
    match text {
        "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    // Most values are words, which no number parser reads.
    if text
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        return Some(Value::Str(Cow::Borrowed(text)));
    }
    if let Some(int) = decimal_integer(text) {
        return Some(Value::Int(int));
    }
    if is_decimal_fraction(text) {
        // serde-saphyr reads floats with Rust's `str::parse` too.
        return text.parse().ok().map(Value::Float);
    }
    is_certainly_text(text).then_some(Value::Str(Cow::Borrowed(text)))
}

/// `0`, `-0`, `7` or `-42`: at most 18 digits, so that it fits every
/// integer type serde-saphyr tries, and no leading zero (`007` is read as a
/// float).
fn decimal_integer(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let canonical = digits == "0"
        || (digits.len() <= 18
            && digits.starts_with(|c: char| ('1'..='9').contains(&c))
            && digits.bytes().all(|b| b.is_ascii_digit()));
    if !canonical {
        return None;
    }
    text.parse::<i64>().ok().map(i128::from)
}

/// `1.5`, `-0.25`: digits on both sides of the point, no leading zero, and
/// short enough to be finite.
fn is_decimal_fraction(text: &str) -> bool {
    if text.len() > 24 {
        return false;
    }
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let Some((whole, fraction)) = unsigned.split_once('.') else {
        return false;
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && (whole == "0" || !whole.starts_with('0')) && all_digits(fraction)
}

/// Whether no number parser that serde-saphyr tries can read `text`, so that
/// it stays text (the caller has ruled out the words for null and booleans).
fn is_certainly_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None => false,
        // No number starts so: Rust's float parser reads `inf` and `nan`,
        // but serde-saphyr keeps those as text.
        Some(first) if first.is_ascii_alphabetic() || *first == b'_' || !first.is_ascii() => true,
        Some(_) => {
            // Numbers are written with ASCII letters and digits, `+`, `-`,
            // `.` and `_`, and have a sign only first or after the `e` of an
            // exponent: so `2007-03-16` is text.
            let other_character = bytes
                .iter()
                .any(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'_')));
            let inner_sign = bytes.windows(2).any(
                |pair| matches!(pair, [before, b'+' | b'-'] if !matches!(before, b'e' | b'E')),
            );
            other_character || inner_sign
        }
    }
}
