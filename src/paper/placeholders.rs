//! Placeholders as written in a paper's prose, `{{ name key=value }}`:
//! the text split into plain text and placeholders, and the problems with
//! the syntax. What each placeholder stands for is in `fill`.

use super::Problem;

/// A placeholder as written: `{{ name key=value key="a value" }}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Placeholder {
    pub(super) name: String,
    pub(super) args: Vec<(String, String)>,
    pub(super) range: std::ops::Range<usize>,
}

impl Placeholder {
    pub(super) fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

pub(super) enum Piece<'t> {
    Text(&'t str),
    Placeholder(Placeholder),
}

/// Split `text` into plain text and placeholders.
pub(super) fn pieces(text: &str) -> (Vec<Piece<'_>>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("{{").map(|i| at + i) {
        out.push(Piece::Text(&text[at..open]));
        let Some(close) = text[open..].find("}}").map(|i| open + i) else {
            problems.push(Problem {
                warning: false,
                code: "E040",
                range: open..open + 2,
                message: "a placeholder is opened with `{{` but never closed".to_owned(),
                help: Some(
                    "close it with `}}`, for example `{{ afis group=completed }}`".to_owned(),
                ),
            });
            return (out, problems);
        };
        match parse_placeholder(&text[open + 2..close], open..close + 2) {
            Ok(p) => out.push(Piece::Placeholder(p)),
            Err(problem) => problems.push(problem),
        }
        at = close + 2;
    }
    out.push(Piece::Text(&text[at..]));
    (out, problems)
}

fn parse_placeholder(inner: &str, range: std::ops::Range<usize>) -> Result<Placeholder, Problem> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in inner.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let problem = |message: String| Problem {
        warning: false,
        code: "E040",
        range: range.clone(),
        message,
        help: Some("see docs/papers.md for the placeholders and their arguments".to_owned()),
    };
    if quoted {
        return Err(problem(
            "a quoted value in this placeholder is never closed".to_owned(),
        ));
    }
    let mut words = words.into_iter();
    let name = words
        .next()
        .ok_or_else(|| problem("an empty placeholder `{{ }}`".to_owned()))?;
    let mut args = Vec::new();
    for word in words {
        let Some((key, value)) = word.split_once('=') else {
            return Err(problem(format!(
                "`{word}` in `{name}` should be written `name=value`"
            )));
        };
        args.push((key.to_owned(), value.to_owned()));
    }
    Ok(Placeholder { name, args, range })
}

pub(super) fn required<'p>(
    p: &'p Placeholder,
    key: &str,
) -> Result<&'p str, (String, Option<String>)> {
    p.arg(key).ok_or_else(|| {
        (
            format!("`{}` needs `{key}=`", p.name),
            Some(format!("for example `{{{{ {} {key}=\"…\" }}}}`", p.name)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_parse_with_quoted_values() {
        let (pieces, problems) =
            pieces("a {{ afis framework=\"Strategic road policing\" group=completed }} b");
        assert!(problems.is_empty());
        let Piece::Placeholder(p) = &pieces[1] else {
            panic!("placeholder")
        };
        assert_eq!(p.name, "afis");
        assert_eq!(p.arg("framework"), Some("Strategic road policing"));
        assert_eq!(p.arg("group"), Some("completed"));
        assert_eq!(p.range, 2..64);
    }

    #[test]
    fn an_unclosed_placeholder_is_a_problem() {
        let (_, problems) = pieces("text {{ afis");
        assert_eq!(problems[0].range, 5..7);
    }
}
