//! The HTTP side of the preview: the answer to each request, from the files
//! of the last good site, with the error banner and the reload script put
//! into its pages.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::{Snapshot, State, say};

/// The path the pages poll for the site's version.
const VERSION_PATH: &str = "/__actionplan/version";

/// Answer requests, one at a time; blocks while there are none.
pub(super) fn answer_loop(server: &tiny_http::Server, state: &Mutex<State>) {
    loop {
        match server.recv() {
            Ok(request) => {
                let snapshot = state
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .snapshot();
                let allowed = matches!(
                    request.method(),
                    tiny_http::Method::Get | tiny_http::Method::Head
                );
                let host = request
                    .headers()
                    .iter()
                    .find(|header| header.field.equiv("Host"))
                    .map(|header| header.value.as_str());
                let reply = if is_local_host(host) {
                    route(allowed, request.url(), &snapshot)
                } else {
                    // A page on another site whose name was made to point
                    // at this machine (DNS rebinding) sends its own name.
                    Reply::text(
                        403,
                        "this preview answers only to localhost and 127.0.0.1\n",
                    )
                };
                let _ = request.respond(reply.into_response());
            }
            Err(error) => {
                say(&format!(
                    "warning: a request could not be received: {error}"
                ));
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// Whether a request's Host header names this machine by a local name:
/// `localhost` (or a name under it), `127.0.0.1` or `[::1]`, with any port.
/// A request without one is refused too.
fn is_local_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    let name = if let Some(bracketed) = host.strip_prefix('[') {
        match bracketed.split_once(']') {
            Some((name, "")) => name.to_owned(),
            Some((name, port)) if port.strip_prefix(':').is_some_and(is_port) => name.to_owned(),
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name.to_owned(),
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.strip_suffix('.').unwrap_or(&name);
    name == "localhost" || name.ends_with(".localhost") || name == "127.0.0.1" || name == "::1"
}

/// A port number: digits.
fn is_port(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// An answer, before it becomes a tiny_http response.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
    allow: bool,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            location: None,
            allow: false,
        }
    }

    fn into_response(self) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
        let mut response = tiny_http::Response::from_data(self.body).with_status_code(self.status);
        let mut headers = vec![
            ("Content-Type", self.content_type.to_owned()),
            ("Cache-Control", "no-store".to_owned()),
            ("X-Content-Type-Options", "nosniff".to_owned()),
        ];
        if let Some(location) = self.location {
            headers.push(("Location", location));
        }
        if self.allow {
            headers.push(("Allow", "GET, HEAD".to_owned()));
        }
        for (name, value) in headers {
            if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        response
    }
}

/// The answer to a request for `url`; `allowed` is false for methods other
/// than GET and HEAD.
fn route(allowed: bool, url: &str, site: &Snapshot) -> Reply {
    if !allowed {
        let mut reply = Reply::text(405, "only GET and HEAD are allowed\n");
        reply.allow = true;
        return reply;
    }
    let raw = url.split(['?', '#']).next().unwrap_or_default();
    if raw == VERSION_PATH {
        return Reply::text(200, &site.version.to_string());
    }
    let Some(path) = percent_decode(raw) else {
        return Reply::text(400, "bad request: the path is not valid\n");
    };
    let Some(relative) = path.strip_prefix('/') else {
        return Reply::text(400, "bad request: the path must start with /\n");
    };
    if relative
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
        || relative.contains(['\\', '\0'])
    {
        return Reply::text(400, "bad request: the path may not contain `..`\n");
    }
    let Some(files) = &site.files else {
        return html_page(503, "The site is not built yet", "", site);
    };
    let key = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    if let Some(bytes) = files.get(&key) {
        let content_type = content_type(&key);
        let body = if content_type.starts_with("text/html") {
            inject(bytes, site)
        } else {
            bytes.to_vec()
        };
        return Reply {
            status: 200,
            content_type,
            body,
            location: None,
            allow: false,
        };
    }
    if files.contains_key(&format!("{relative}/index.html")) {
        // A folder without its slash: relative links need the slash.
        return Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: b"moved\n".to_vec(),
            location: Some(format!("{raw}/")),
            allow: false,
        };
    }
    let message = format!(
        "<p>There is no page at <code>{}</code>. <a href=\"/\">Go to the dashboard</a>.</p>",
        escape(&path)
    );
    html_page(404, "Page not found", &message, site)
}

/// A small page of the server's own, with the banner and the reload script.
fn html_page(status: u16, title: &str, message: &str, site: &Snapshot) -> Reply {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n{message}\n</main>\n</body>\n</html>\n"
    );
    Reply {
        status,
        content_type: "text/html; charset=utf-8",
        body: inject(page.as_bytes(), site),
        location: None,
        allow: false,
    }
}

fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "js" => "text/javascript; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%XX` escapes decoded; `None` for a broken escape or text that is not
/// UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Text made safe inside HTML elements and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// The banner shown while the last build failed.
fn banner(problems: &str, built: bool) -> String {
    let heading = if built {
        "The records have errors; this is the last good site"
    } else {
        "The records have errors; the site could not be built"
    };
    format!(
        "\n<div role=\"alert\" class=\"actionplan-errors\" style=\"margin:0;padding:1rem;\
         border:0.3rem solid #d4351c;background:#ffffff;color:#0b0c0c;font-family:sans-serif\">\
         \n<h2 style=\"margin:0 0 0.5rem;color:#0b0c0c\">{heading}</h2>\
         \n<pre style=\"margin:0;white-space:pre-wrap;overflow-wrap:anywhere;color:#0b0c0c\">{}</pre>\
         \n</div>\n",
        escape(problems.trim_end())
    )
}

/// The script that reloads the page when the site's version moves on.
fn reload_script(version: u64) -> String {
    format!(
        "<script>\n(function () {{\n  var version = \"{version}\";\n  function poll() {{\n    \
         fetch(\"{VERSION_PATH}\", {{ cache: \"no-store\" }})\n      \
         .then(function (r) {{ return r.ok ? r.text() : version; }})\n      \
         .then(function (v) {{\n        \
         if (v.trim() !== version) {{ location.reload(); }} else {{ setTimeout(poll, 1000); }}\n      \
         }})\n      \
         .catch(function () {{ setTimeout(poll, 1000); }});\n  }}\n  \
         setTimeout(poll, 1000);\n}})();\n</script>\n"
    )
}

/// The page with the banner (if the last build failed) after `<body…>` and
/// the reload script before `</body>`.
fn inject(html: &[u8], site: &Snapshot) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(html) else {
        return html.to_vec();
    };
    // ASCII lowercasing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let body_start = body_open_end(&lower).unwrap_or(0);
    let body_end = lower
        .rfind("</body>")
        .filter(|end| *end >= body_start)
        .unwrap_or(text.len());
    let banner = site
        .problems
        .as_deref()
        .map(|problems| banner(problems, site.files.is_some()))
        .unwrap_or_default();
    let script = reload_script(site.version);
    let mut out = String::with_capacity(text.len() + banner.len() + script.len());
    out.push_str(&text[..body_start]);
    out.push_str(&banner);
    out.push_str(&text[body_start..body_end]);
    out.push_str(&script);
    out.push_str(&text[body_end..]);
    out.into_bytes()
}

/// Just after the `>` of the opening `<body …>` tag, in lowercased HTML.
fn body_open_end(lower: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = lower[from..].find("<body") {
        let start = from + found;
        let after = start + "<body".len();
        match lower[after..].chars().next() {
            Some(c) if c == '>' || c.is_ascii_whitespace() || c == '/' => {
                return lower[after..].find('>').map(|end| after + end + 1);
            }
            _ => from = after,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::serve::Files;
    use std::sync::Arc;

    #[test]
    fn only_local_host_names_are_answered() {
        for host in [
            "localhost",
            "localhost:8000",
            "LocalHost.",
            "a.localhost:1",
            "127.0.0.1:8000",
            "[::1]",
            "[::1]:8000",
        ] {
            assert!(is_local_host(Some(host)), "{host}");
        }
        for host in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.evil.example:80",
            "[::1]x",
            "localhost:80a",
            "10.0.0.1",
            "",
        ] {
            assert!(!is_local_host(Some(host)), "{host}");
        }
        assert!(!is_local_host(None));
    }

    fn site(problems: Option<&str>) -> Snapshot {
        let files: Files = [
            (
                "index.html",
                "<html><body class=\"site\"><h1>Home</h1></body></html>",
            ),
            ("afis/index.html", "<html><BODY><p>AFIs</p></BODY></html>"),
            ("style.css", "body{}"),
            ("report.md", "# Report"),
            ("data.json", "{}"),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_owned(), t.as_bytes().into()))
        .collect();
        Snapshot {
            files: Some(Arc::new(files)),
            problems: problems.map(str::to_owned),
            version: 7,
        }
    }

    fn body(reply: &Reply) -> String {
        String::from_utf8_lossy(&reply.body).into_owned()
    }

    #[test]
    fn paths_map_to_files_with_their_types() {
        let site = site(None);
        let index = route(true, "/", &site);
        assert_eq!(index.status, 200);
        assert_eq!(index.content_type, "text/html; charset=utf-8");
        assert!(body(&index).contains("<h1>Home</h1>"));
        assert_eq!(route(true, "/index.html?x=1", &site).status, 200);
        assert_eq!(route(true, "/afis/", &site).status, 200);
        let folder = route(true, "/afis", &site);
        assert_eq!(folder.status, 301);
        assert_eq!(folder.location.as_deref(), Some("/afis/"));
        assert_eq!(
            route(true, "/style.css", &site).content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(
            route(true, "/report.md", &site).content_type,
            "text/markdown; charset=utf-8"
        );
        assert_eq!(
            route(true, "/data.json", &site).content_type,
            "application/json"
        );
        assert_eq!(body(&route(true, "/style.css", &site)), "body{}");
        assert_eq!(route(true, "/%73tyle.css", &site).status, 200);
    }

    #[test]
    fn unknown_hostile_and_other_methods_are_refused() {
        let site = site(None);
        let missing = route(true, "/nope.html", &site);
        assert_eq!(missing.status, 404);
        assert!(body(&missing).contains("/__actionplan/version"));
        let hostile = route(true, "/x/<script>.html", &site);
        assert!(!body(&hostile).contains("<script>.html"));
        for path in [
            "/../actionplan.toml",
            "/afis/../index.html",
            "/%2e%2e/x",
            "/a\\b",
            "/%zz",
        ] {
            assert_eq!(route(true, path, &site).status, 400, "{path}");
        }
        let post = route(false, "/", &site);
        assert_eq!(post.status, 405);
        assert!(post.allow);
        assert_eq!(body(&route(true, VERSION_PATH, &site)), "7");
    }

    #[test]
    fn pages_get_the_script_and_while_failing_the_banner() {
        let good = body(&route(true, "/", &site(None)));
        assert!(!good.contains("actionplan-errors"));
        let script = good.find("<script>").unwrap();
        assert!(script > good.find("<h1>Home</h1>").unwrap());
        assert!(good.ends_with("</script>\n</body></html>"));
        assert!(good.contains("var version = \"7\""));

        let failing = site(Some("error: a < b & c > d\n"));
        let page = body(&route(true, "/", &failing));
        let banner = page
            .find("<div role=\"alert\" class=\"actionplan-errors\"")
            .unwrap();
        assert!(banner > page.find("<body class=\"site\">").unwrap());
        assert!(banner < page.find("<h1>Home</h1>").unwrap());
        assert!(page.contains("The records have errors; this is the last good site"));
        assert!(page.contains("error: a &lt; b &amp; c &gt; d</pre>"));
        let upper = body(&route(true, "/afis/", &failing));
        assert!(upper.find("actionplan-errors").unwrap() > upper.find("<BODY>").unwrap());
        assert!(upper.contains("</script>\n</BODY>"));
        // Other files are untouched.
        assert_eq!(body(&route(true, "/style.css", &failing)), "body{}");
    }

    #[test]
    fn the_banner_names_an_unbuilt_site() {
        let unbuilt = Snapshot {
            files: None,
            problems: Some("error: x".to_owned()),
            version: 1,
        };
        let reply = route(true, "/", &unbuilt);
        assert_eq!(reply.status, 503);
        assert!(body(&reply).contains("the site could not be built"));
    }
}
