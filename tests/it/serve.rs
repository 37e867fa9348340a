//! `serve`: the site from memory on 127.0.0.1, rebuilt when the records
//! change, keeping the last good site while they have errors.

use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::{actionplan, copy_dir, repo_root, word_template};

const ANNOUNCEMENT: &str = "serving the site on http://127.0.0.1:";

/// A running `actionplan serve`; killed and reaped when dropped, also when a
/// test fails.
struct Server {
    child: Child,
    port: u16,
    stderr: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_actionplan"))
            .args([
                "serve",
                "--root",
                root.to_str().expect("utf-8"),
                "--port",
                "0",
            ])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let pipe = child.stderr.take();
        let (sender, stderr) = mpsc::channel();
        // Read standard error to its end, so the server never blocks on a
        // full pipe.
        std::thread::spawn(move || {
            let Some(pipe) = pipe else { return };
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            stderr,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = Vec::new();
        while server.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            match server.stderr.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix(ANNOUNCEMENT) {
                        let port = rest.split('/').next().unwrap_or_default();
                        server.port = port.parse().expect("a port number");
                    }
                    seen.push(line);
                }
                Err(_) => panic!("the server did not announce itself; stderr:\n{seen:#?}"),
            }
        }
        server
    }

    /// Everything on standard error since the last call.
    fn stderr(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }

    /// One GET over HTTP/1.0: the status and the body.
    fn get(&self, path: &str) -> (u16, String) {
        self.get_from(path, Some("127.0.0.1"))
    }

    /// One GET over HTTP/1.0 with `host` as the Host header (none when
    /// `None`): the status and the body.
    fn get_from(&self, path: &str, host: Option<&str>) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        let timeout = Some(Duration::from_secs(5));
        stream.set_read_timeout(timeout).expect("read timeout");
        stream.set_write_timeout(timeout).expect("write timeout");
        let host = host.map_or_else(String::new, |h| format!("Host: {h}\r\n"));
        write!(stream, "GET {path} HTTP/1.0\r\n{host}\r\n").expect("sends");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("reads the response");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {head:?}"));
        (status, body.to_owned())
    }

    /// Poll `path` every 100 ms for up to 10 s until its body satisfies `ok`.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (status, body) = self.get(path);
            if status == 200 && ok(&body) {
                return body;
            }
            if Instant::now() > deadline {
                panic!(
                    "{path} never showed {what} (status {status}); stderr:\n{}\nbody:\n{body}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Read standard error every 100 ms for up to 10 s until it has said
    /// `said`; `what` names the change waited for.
    fn wait_to_say(&self, said: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = String::new();
        while !seen.contains(said) {
            assert!(
                Instant::now() < deadline,
                "{what} was not checked; stderr:\n{seen}"
            );
            std::thread::sleep(Duration::from_millis(100));
            seen.push_str(&self.stderr());
        }
    }

    fn version(&self) -> u64 {
        let (status, body) = self.get("/__actionplan/version");
        assert_eq!(status, 200, "{body}");
        body.trim().parse().expect("a number")
    }
}

const BANNER: &str = "<div role=\"alert\" class=\"actionplan-errors\"";
const BANNER_HEADING: &str = "The records have errors; this is the last good site";

#[test]
fn serves_from_memory_rebuilds_and_keeps_the_last_good_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), &root);
    let server = Server::start(&root);

    let (status, index) = server.get("/");
    assert_eq!(status, 200);
    assert!(index.contains("Test action plans"), "{index}");
    assert!(index.contains("/__actionplan/version"), "no reload script");
    assert!(!index.contains(BANNER));
    assert_eq!(server.get("/index.html").0, 200);
    assert_eq!(server.get("/nope.html").0, 404);
    assert_ne!(server.get("/../actionplan.toml").0, 200);
    assert_ne!(server.get("/afis/../../actionplan.toml").0, 200);
    let (status, css) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("__actionplan"), "only HTML is changed");
    let (status, page) = server.get("/afis/baseline-srp-01.html");
    assert_eq!(status, 200);
    assert!(page.contains("Acquire a site for a car pound"));

    // A change to a record is picked up and the version moves on.
    let before = server.version();
    let record = root.join("records/baseline/baseline-srp-01.md");
    let text = fs::read_to_string(&record).expect("record");
    fs::write(
        &record,
        text.replace(
            "Acquire a site for a car pound",
            "Acquire a site for a vehicle pound",
        ),
    )
    .expect("write");
    server.wait_for("/afis/baseline-srp-01.html", "the new title", |body| {
        body.contains("Acquire a site for a vehicle pound")
    });
    let after_change = server.version();
    assert!(after_change > before, "{after_change} > {before}");

    // A broken record: the banner, over the last good pages.
    let broken = root.join("records/harrow/broken.md");
    fs::write(&broken, "---\ntype: afi\n").expect("write");
    let dashboard = server.wait_for("/", "the error banner", |body| {
        body.contains(BANNER) && body.contains(BANNER_HEADING)
    });
    assert!(dashboard.contains("broken.md"), "{dashboard}");
    assert!(dashboard.contains("Test action plans"));
    assert!(server.version() > after_change);
    let (status, page) = server.get("/afis/baseline-srp-01.html");
    assert_eq!(status, 200);
    assert!(page.contains("Acquire a site for a vehicle pound"));
    assert!(page.contains(BANNER));

    // Fixed again: the banner goes.
    fs::remove_file(&broken).expect("remove");
    server.wait_for("/", "no banner", |body| !body.contains(BANNER));

    // Nothing was written into the repository.
    assert!(!root.join("site").exists());
    assert!(!broken.exists());
}

/// A repository in `dir/repo` with this repository's records and
/// configuration, `settings` added to the configuration.
fn records_repository(dir: &Path, settings: &str) -> std::path::PathBuf {
    let root = dir.join("repo");
    copy_dir(&repo_root().join("records"), &root.join("records"));
    let config = fs::read_to_string(repo_root().join("actionplan.toml")).expect("config");
    fs::write(
        root.join("actionplan.toml"),
        format!("{config}\n{settings}"),
    )
    .expect("write");
    root
}

#[test]
fn a_paper_template_outside_templates_is_watched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = records_repository(dir.path(), "paper_template = \"word/paper.docx\"\n");
    fs::create_dir(root.join("word")).expect("word");
    let template = root.join("word/paper.docx");
    word_template(&template, "OFFICIAL – the first footer");
    let server = Server::start(&root);
    let paper = "/papers/pprc-2005-01-19-report-8.docx";
    let (status, first) = server.get(paper);
    assert_eq!(status, 200);

    // The organisation's template changes: the papers are made again with it.
    word_template(&template, "OFFICIAL – a footer of another length");
    server.wait_for(paper, "the paper made with the new template", |body| {
        body != first
    });
}

#[test]
fn a_change_to_the_update_form_is_checked_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = records_repository(dir.path(), "");
    let form = root.join(".github/ISSUE_TEMPLATE/afi-update.yml");
    fs::create_dir_all(form.parent().expect("folder")).expect("mkdir");
    let ours = fs::read_to_string(repo_root().join(".github/ISSUE_TEMPLATE/afi-update.yml"))
        .expect("form");
    fs::write(&form, &ours).expect("write");
    let server = Server::start(&root);
    server.wait_for("/", "the site", |_| true);
    assert!(!server.stderr().contains("W052"));

    // A status the vocabulary lacks is offered: said at once, with no
    // record changed.
    fs::write(&form, ours.replace("- Not agreed", "- Parked")).expect("write");
    server.wait_to_say(PARKED, "the changed form");
}

/// What `check` says of a form that offers the status `Parked`.
const PARKED: &str = "warning[W052]: the update form offers the status `Parked`";

#[test]
fn an_update_form_made_after_serve_started_is_checked() {
    // Without `.github/`, and with it but without the form's folder.
    for made_before in [None, Some(".github/workflows")] {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = records_repository(dir.path(), "");
        if let Some(folder) = made_before {
            fs::create_dir_all(root.join(folder)).expect("mkdir");
        }
        let server = Server::start(&root);
        server.wait_for("/", "the site", |_| true);
        let form = root.join(".github/ISSUE_TEMPLATE/afi-update.yml");
        fs::create_dir_all(form.parent().expect("folder")).expect("mkdir");
        let ours = fs::read_to_string(repo_root().join(".github/ISSUE_TEMPLATE/afi-update.yml"))
            .expect("form");
        fs::write(&form, ours.replace("- Not agreed", "- Parked")).expect("write");
        let what = format!("the new form ({made_before:?} made before)");
        server.wait_to_say(PARKED, &what);
    }
}

#[test]
fn serve_needs_records() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = actionplan(
        &[
            "serve",
            "--root",
            dir.path().to_str().expect("utf-8"),
            "--port",
            "0",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: there is no `records` folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_busy_port_suggests_another_or_any_free_one() {
    // Hold a port, then ask serve for it: it stops at once and says what to do.
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("a free port");
    let port = listener.local_addr().expect("address").port().to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), dir.path());
    let run = actionplan(&["serve", "--port", &port], dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "could not listen on 127.0.0.1:{port}: another program is using the port"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--port 0 picks any free one"),
        "{}",
        run.stderr
    );
    drop(listener);
}

#[test]
fn answers_only_to_local_host_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), &root);
    let server = Server::start(&root);
    let port = server.port;
    for host in [
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".to_owned(),
        format!("[::1]:{port}"),
    ] {
        let (status, body) = server.get_from("/", Some(&host));
        assert_eq!(status, 200, "Host: {host}: {body}");
    }
    // A name that a rebinding attacker's page would send, or none at all.
    for host in [
        Some("evil.example"),
        Some("evil.example:8000"),
        Some("127.0.0.1.evil.example"),
        None,
    ] {
        let (status, body) = server.get_from("/", host);
        assert_eq!(status, 403, "Host: {host:?}: {body}");
        let (status, _) = server.get_from("/__actionplan/version", host);
        assert_eq!(status, 403);
    }
}
