//! Roll-ups of a small model whose figures are worked out by hand.

use super::*;
use crate::model::Target;
use crate::model::{Breakdown, Date, InspectionStatus, PublishedCounts, SourceText, Update};
use crate::validate::parse_date;

fn date(text: &str) -> Date {
    parse_date(text).expect("valid date")
}

fn day(text: &str) -> civil::Date {
    date(text).first_day()
}

fn update(on: &str, status: &str, due: Option<&str>) -> Update {
    Update {
        date: date(on),
        status: status.to_owned(),
        note: String::new(),
        assured: false,
        due: due.map(|d| Target::By(date(d))),
    }
}

fn afi(
    id: &str,
    inspection: &str,
    raised: &str,
    due: Option<&str>,
    status: &str,
    updates: Vec<Update>,
) -> Afi {
    Afi {
        id: id.to_owned(),
        path: format!("records/{id}.md"),
        inspection: inspection.to_owned(),
        label: None,
        title: id.to_owned(),
        framework: None,
        theme: None,
        owner: None,
        raised: date(raised),
        due: due.map(|d| Target::By(date(d))),
        status: status.to_owned(),
        updates,
        text: SourceText::default(),
    }
}

fn inspection(id: &str, published_counts: Vec<PublishedCounts>) -> Inspection {
    Inspection {
        id: id.to_owned(),
        path: format!("records/{id}.md"),
        title: id.to_owned(),
        programme: None,
        body: "HMIC".to_owned(),
        subject: "MPS".to_owned(),
        fieldwork: Vec::new(),
        published: None,
        revisits: Vec::new(),
        status: InspectionStatus::Published,
        gradings: Vec::new(),
        good_practice: Vec::new(),
        conclusion: None,
        published_counts,
        text: SourceText::default(),
    }
}

/// Six AFIs whose figures as at 16 January 2007 are worked out by hand in
/// the comments.
fn model() -> Model {
    let published = PublishedCounts {
        date: date("2006-12-31"),
        source: None,
        overall: Breakdown {
            name: None,
            total: 5,
            groups: vec![
                ("work-in-progress".to_owned(), 3),
                ("completed".to_owned(), 1),
            ],
        },
        frameworks: Vec::new(),
        themes: Vec::new(),
    };
    Model {
        papers: Vec::new(),
        inspections: vec![
            inspection("x", vec![published]),
            inspection("y", Vec::new()),
        ],
        afis: vec![
            // Open, target December 2006: 16 days overdue on 16 January.
            afi(
                "a1",
                "x",
                "2006-10-24",
                Some("2006-12"),
                "in-progress",
                vec![update("2006-11-20", "in-progress", None)],
            ),
            // Completed on 10 January 2007.
            afi(
                "a2",
                "x",
                "2006-10-24",
                Some("2007-02-10"),
                "completed",
                vec![
                    update("2006-11-20", "in-progress", None),
                    update("2007-01-10", "completed", None),
                ],
            ),
            // No updates since raised on 24 October: 84 days, stale.
            afi("a3", "x", "2006-10-24", None, "update-awaited", Vec::new()),
            // Target revised once, to 5 February: due in 20 days.
            afi(
                "a4",
                "x",
                "2006-10-24",
                Some("2007-01-31"),
                "in-progress",
                vec![update("2006-12-01", "in-progress", Some("2007-02-05"))],
            ),
            // Raised after the as-at date: not counted.
            afi("a5", "x", "2007-02-01", None, "in-progress", Vec::new()),
            // Target June 2006: 200 days overdue; last update 76 days ago.
            afi(
                "a6",
                "y",
                "2005-01-01",
                Some("2006-06"),
                "in-progress",
                vec![update("2006-11-01", "in-progress", None)],
            ),
        ],
    }
}

fn rolled() -> Rollup {
    rollup(
        &model(),
        &Vocabulary::standard(),
        day("2007-01-16"),
        day("2006-12-01"),
        61,
    )
}

#[test]
fn status_on_a_date_is_the_newest_update_on_or_before_it() {
    let model = model();
    let vocabulary = Vocabulary::standard();
    let a2 = &model.afis[1];
    assert_eq!(
        status_on(a2, day("2006-10-23"), &vocabulary),
        None,
        "not yet raised"
    );
    assert_eq!(
        status_on(a2, day("2006-11-01"), &vocabulary),
        Some("not-started"),
        "before the first update"
    );
    assert_eq!(
        status_on(a2, day("2006-11-20"), &vocabulary),
        Some("in-progress"),
        "on the day of an update"
    );
    assert_eq!(
        status_on(a2, day("2007-01-09"), &vocabulary),
        Some("in-progress")
    );
    assert_eq!(
        status_on(a2, day("2007-01-10"), &vocabulary),
        Some("completed")
    );
    let a3 = &model.afis[2];
    assert_eq!(
        status_on(a3, day("2006-10-24"), &vocabulary),
        Some("update-awaited"),
        "no updates: its status from raised"
    );
}

#[test]
fn counts_by_group_leave_out_afis_not_yet_raised() {
    let r = rolled();
    assert_eq!(r.overall.total, 5);
    assert_eq!(r.overall.groups["work-in-progress"], 3);
    assert_eq!(r.overall.groups["completed"], 1);
    assert_eq!(r.overall.groups["update-awaited"], 1);
    assert_eq!(r.overall.groups["no-further-action"], 0);
    assert_eq!(r.overall.statuses["in-progress"], 3);
    assert_eq!(r.overall.open, 4);
}

#[test]
fn overdue_ageing_due_soon_stale_and_slipped() {
    let r = rolled();
    assert_eq!(r.states["a1"].days_overdue, Some(16));
    assert_eq!(r.states["a6"].days_overdue, Some(200));
    assert_eq!(
        r.ageing,
        [vec!["a1".to_owned()], vec![], vec!["a6".to_owned()]]
    );
    assert_eq!(r.overall.overdue, 2);
    assert_eq!(r.due_soon, ["a4"]);
    assert_eq!(r.states["a4"].days_to_due, Some(20));
    assert_eq!(r.stale, ["a3", "a6"]);
    assert_eq!(r.states["a3"].days_stale, Some(84));
    assert_eq!(r.states["a6"].days_stale, Some(76));
    assert_eq!(r.slipped, ["a4"]);
    assert_eq!(r.states["a4"].due, Some(Target::By(date("2007-02-05"))));
}

#[test]
fn rag_follows_the_written_rule() {
    let r = rolled();
    let rag = |id: &str| r.states[id].rag;
    assert_eq!(rag("a1"), Rag::Red);
    assert_eq!(rag("a2"), Rag::Closed);
    assert_eq!(rag("a3"), Rag::Green);
    assert_eq!(rag("a4"), Rag::Amber);
    assert_eq!(
        r.states["a1"].rag_reason,
        "overdue: 16 days past its target"
    );
    // Slipped but not yet due soon is amber too.
    let slipped = afi(
        "s",
        "x",
        "2006-01-01",
        Some("2006-06"),
        "in-progress",
        vec![update("2006-05-01", "in-progress", Some("2007-06"))],
    );
    let state =
        afi_state(&slipped, day("2007-01-16"), &Vocabulary::standard(), 365).expect("raised");
    assert_eq!(
        (state.rag, state.rag_reason.as_str()),
        (Rag::Amber, "slipped: its target has been revised once")
    );
}

#[test]
fn movement_lists_changes_of_group_and_new_afis() {
    let r = rolled();
    assert_eq!(
        r.movement,
        [Move {
            id: "a2".to_owned(),
            from: Some("work-in-progress".to_owned()),
            to: "completed".to_owned(),
            from_status: Some("in-progress".to_owned()),
            to_status: "completed".to_owned(),
        }]
    );
    let since_october = movement(
        &model(),
        &Vocabulary::standard(),
        day("2006-10-01"),
        day("2007-01-16"),
    );
    let ids: Vec<(&str, Option<&str>)> = since_october
        .iter()
        .map(|m| (m.id.as_str(), m.from.as_deref()))
        .collect();
    // a6 was "not started" (work in progress) before its first update, and
    // still is in progress: no move.
    assert_eq!(
        ids,
        [("a1", None), ("a2", None), ("a3", None), ("a4", None)]
    );
}

#[test]
fn breakdowns_group_by_inspection_with_afis_listed() {
    let r = rolled();
    let names: Vec<(Option<&str>, u64)> = r
        .by_inspection
        .iter()
        .map(|s| (s.name.as_deref(), s.counts.total))
        .collect();
    assert_eq!(names, [(Some("x"), 4), (Some("y"), 1)]);
    assert_eq!(r.by_inspection[0].afis, ["a1", "a2", "a3", "a4"]);
    // No AFI has an owner: one slice of AFIs without one.
    assert_eq!(r.by_owner.len(), 1);
    assert_eq!(r.by_owner[0].name, None);
    assert_eq!(r.by_owner[0].counts.total, 5);
}

#[test]
fn published_counts_are_reconciled_as_at_their_date() {
    let r = rolled();
    assert_eq!(r.reconciliations.len(), 1);
    let line = &r.reconciliations[0].lines[0];
    // As at 31 December 2006: a1, a2 (not yet completed), a4 in progress;
    // a3 awaited; a5 not raised.
    assert_eq!((line.published_total, line.records_total), (5, 4));
    let group = |id: &str| {
        line.groups
            .iter()
            .find(|(g, _, _)| g == id)
            .map(|(_, p, r)| (*p, *r))
    };
    assert_eq!(group("work-in-progress"), Some((3, 3)));
    assert_eq!(group("completed"), Some((1, 0)));
    assert_eq!(group("update-awaited"), Some((0, 1)));
}
