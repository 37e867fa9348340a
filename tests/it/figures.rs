//! The figures a committee reads, on the repository's own records as at
//! 16 January 2007: nothing silent reads as on track, nothing unpublished
//! reads as 0, and every gap between the records and the papers is said.

use std::fs;
use std::path::Path;

use crate::{actionplan, repo_root};

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let run = actionplan(
        &["build", "--out", out.to_str().expect("utf-8")],
        &repo_root(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, out)
}

fn read(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn no_open_afi_waiting_for_its_owner_or_silent_is_green() {
    let (_dir, site) = built();
    let data: serde_json::Value = serde_json::from_str(&read(&site, "data.json")).expect("JSON");
    let mut awaited_or_silent = 0;
    for afi in data["afis"].as_array().expect("afis") {
        let state = &afi["as_at"];
        if state.is_null() || state["open"] != true {
            continue;
        }
        if state["group"] == "update-awaited" || state["silent"] == true {
            awaited_or_silent += 1;
            assert_ne!(
                state["rag"], "Green",
                "{}: {}",
                afi["id"], state["rag_reason"]
            );
        }
        if state["rag"] == "Green" {
            let reason = state["rag_reason"].as_str().unwrap_or("");
            assert!(
                !reason.starts_with("on track") || !state["due"].is_null(),
                "{}: on track with no target: {reason}",
                afi["id"]
            );
        }
    }
    // The 14 Baseline AFIs awaiting an update, and the silent ones.
    assert!(awaited_or_silent >= 14, "{awaited_or_silent}");
}

#[test]
fn the_dashboard_separates_raised_moved_and_closed() {
    let (_dir, site) = built();
    let data: serde_json::Value = serde_json::from_str(&read(&site, "data.json")).expect("JSON");
    let movement = &data["rollup"]["movement"];
    // Since the September 2006 paper (Report 14), the last before the
    // as-at date: the 82 Baseline AFIs were raised in October 2006; none of
    // them is counted as a move.
    assert_eq!(movement["since"], "2006-09-14");
    let raised = movement["raised"].as_array().expect("raised");
    assert_eq!(raised.len(), 82);
    for list in ["moved", "closed"] {
        for id in movement[list].as_array().expect(list) {
            assert!(!raised.contains(id), "{id} is raised and {list}");
        }
    }
    let index = read(&site, "index.html");
    for part in ["raised", "moved", "closed"] {
        let count = movement[part].as_array().map_or(0, Vec::len);
        assert!(
            index.contains(&format!(
                "<a href=\"movement.html#{part}\"><strong>{count}</strong> {part}</a>"
            )),
            "{part}"
        );
    }
    let page = read(&site, "movement.html");
    assert!(page.contains("<h2 id=\"raised\">Raised since 14 September 2006 (82)</h2>"));
}

#[test]
fn unpublished_figures_are_blank_and_every_gap_is_said() {
    let (_dir, site) = built();
    let baseline = read(&site, "inspections/hmic-baseline-2005-06.html");
    // The paper gave only a total of 6 for Volume crime reduction: the group
    // figures it did not publish are blank with a label, never 0.
    let row = baseline
        .lines()
        .find(|l| l.contains("<th scope=\"row\">Volume crime reduction</th>"))
        .expect("the Volume crime reduction row");
    assert_eq!(
        row.matches("<span class=\"visually-hidden\">not published</span> / ")
            .count(),
        4,
        "{row}"
    );
    assert!(!row.contains("<td class=\"num\">0 / "), "{row}");
    let gap = "The records hold 82 of the 189 AFIs published for HMIC Baseline Assessment 2005/06 on 16 January 2007";
    let sum =
        "The published breakdown of all AFIs adds up to 187, not to its published total of 189.";
    for page in [
        "index.html",
        "inspections/hmic-baseline-2005-06.html",
        "report.md",
    ] {
        let text = read(&site, page);
        assert!(
            text.contains(gap),
            "{page} does not say the records hold 82 of 189"
        );
        assert!(text.contains(sum), "{page} does not say 187 is not 189");
        // And why: the record's own note.
        assert!(
            text.contains("covers 82 of them"),
            "{page} does not say why"
        );
    }
}

#[test]
fn the_trend_runs_month_by_month_from_2002_to_2007() {
    let (_dir, site) = built();
    let data: serde_json::Value = serde_json::from_str(&read(&site, "data.json")).expect("JSON");
    let trend = data["rollup"]["trend"].as_array().expect("trend");
    let dates: Vec<&str> = trend.iter().filter_map(|p| p["date"].as_str()).collect();
    // The District Audit report's nine recommendations were raised in
    // December 2002: the first month end, then every one to December 2006,
    // then the as-at date.
    assert_eq!(dates.first(), Some(&"2002-12-31"));
    assert_eq!(dates.last(), Some(&"2007-01-16"));
    assert_eq!(dates.len(), 1 + 4 * 12 + 1);
    assert_eq!(dates[24], "2004-12-31");
    // The last point is the dashboard's own breakdown.
    let last = &trend[trend.len() - 1];
    let overall = &data["rollup"]["overall"];
    assert_eq!(last["counts"], overall["groups"]);
    assert_eq!(last["total"], overall["total"]);
    let index = read(&site, "index.html");
    assert!(index.contains("at the end of every month from December 2002 to 16 January 2007"));
    assert!(
        read(&site, "trend.html").contains("<time datetime=\"2002-12-31\">31 December 2002</time>")
    );
}
