//! Roll-ups of a small model whose figures are worked out by hand;
//! `update.rs`, a roll-up brought up to date after changes to that model.

mod update;

use std::sync::Arc;

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
        due: due.map(|d| Target::By(date(d))),
        ..Update::new(date(on), status.to_owned(), String::new())
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
        rejected: Vec::new(),
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
        fieldwork_as_written: None,
        published: None,
        revisits: Vec::new(),
        status: InspectionStatus::Published,
        gradings: Vec::new(),
        good_practice: Vec::new(),
        good_practice_intro: None,
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
        note: None,
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
            Arc::new(inspection("x", vec![published])),
            Arc::new(inspection("y", Vec::new())),
        ],
        afis: [
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
        ]
        .map(Arc::new)
        .into(),
    }
}

/// Amber after 61 days without an update, Red after 183.
const SILENCE: Silence = Silence {
    amber_after_days: 61,
    red_after_days: 183,
};

fn rolled() -> Rollup {
    rollup(
        &model(),
        &Vocabulary::standard(),
        day("2007-01-16"),
        day("2006-12-01"),
        SILENCE,
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
        r.ageing.each_ref().map(|list| ids(list)),
        [vec!["a1"], vec![], vec!["a6"]]
    );
    assert_eq!(r.overall.overdue, 2);
    assert_eq!(ids(&r.due_soon), ["a4"]);
    assert_eq!(r.states["a4"].days_to_due, Some(20));
    // a3: raised 24 October, no update since: 84 days. a6: last update
    // 1 November: 76 days. a1: last update 20 November, 57 days: not silent.
    assert_eq!(ids(&r.silent), ["a3", "a6"]);
    assert_eq!(r.states["a3"].days_silent, Some(84));
    assert_eq!(r.states["a6"].days_silent, Some(76));
    assert_eq!(r.states["a1"].days_since_update, Some(57));
    assert_eq!(r.states["a1"].days_silent, None);
    assert_eq!(r.states["a2"].days_since_update, None, "closed");
    assert_eq!((r.overall.silent, r.overall.due_soon), (2, 1));
    assert_eq!(r.overall.longest_silence, Some(84));
    assert_eq!(ids(&r.slipped), ["a4"]);
    assert_eq!(r.states["a4"].due, Some(Target::By(date("2007-02-05"))));
}

/// The state of one AFI as at 16 January 2007.
fn state_of(afi: &Afi) -> AfiState {
    afi_state(afi, day("2007-01-16"), &Vocabulary::standard(), SILENCE).expect("raised")
}

fn rag_of(afi: &Afi) -> (Rag, String) {
    let state = state_of(afi);
    (state.rag, state.rag_reason)
}

#[test]
fn rag_of_the_model_follows_the_written_rule() {
    let r = rolled();
    let rag = |id: &str| (r.states[id].rag, r.states[id].rag_reason.as_str());
    assert_eq!(rag("a1"), (Rag::Red, "overdue: 16 days past its target"));
    assert_eq!(
        rag("a2"),
        (Rag::Closed, "closed: no further action is expected")
    );
    // Update awaited, and silent for 84 days: never Green.
    assert_eq!(
        rag("a3"),
        (
            Rag::Amber,
            "update awaited: the owner's update has not arrived; no update since it was raised 84 days ago"
        )
    );
    assert_eq!(
        rag("a4"),
        (Rag::Amber, "due soon: its target is in 20 days")
    );
    assert_eq!(rag("a6"), (Rag::Red, "overdue: 200 days past its target"));
}

#[test]
fn green_needs_a_recent_update_and_says_when_there_is_no_target() {
    // Updated 27 December 2006, 20 days before; target 31 March 2007.
    let on_track = afi(
        "g1",
        "x",
        "2006-10-24",
        Some("2007-03-31"),
        "in-progress",
        vec![update("2006-12-27", "in-progress", None)],
    );
    assert_eq!(
        rag_of(&on_track),
        (
            Rag::Green,
            "on track: target 31 March 2007, last update 20 days ago".to_owned()
        )
    );
    let mut no_target = on_track.clone();
    no_target.due = None;
    assert_eq!(
        rag_of(&no_target),
        (
            Rag::Green,
            "no target set: last update 20 days ago".to_owned()
        )
    );
    let mut ongoing = on_track.clone();
    ongoing.due = Some(Target::Ongoing);
    assert_eq!(
        rag_of(&ongoing).1,
        "ongoing work with no end date: last update 20 days ago"
    );
}

#[test]
fn silence_past_the_stale_period_is_amber_and_past_the_red_limit_red() {
    // Last update 8 October 2006: 100 days before 16 January 2007.
    let quiet = afi(
        "q",
        "x",
        "2006-01-01",
        None,
        "in-progress",
        vec![update("2006-10-08", "in-progress", None)],
    );
    assert_eq!(
        rag_of(&quiet),
        (
            Rag::Amber,
            "silent: last update 100 days ago, more than 61 days".to_owned()
        )
    );
    // 61 days exactly is not yet silent: 16 November 2006.
    let just = afi(
        "j",
        "x",
        "2006-01-01",
        None,
        "in-progress",
        vec![update("2006-11-16", "in-progress", None)],
    );
    assert_eq!(rag_of(&just).0, Rag::Green);
    assert_eq!(state_of(&just).days_silent, None);
    // Last update 20 June 2006: 210 days, past the red limit of 183.
    let silent = afi(
        "s",
        "x",
        "2006-01-01",
        Some("2008-01"),
        "in-progress",
        vec![update("2006-06-20", "in-progress", None)],
    );
    assert_eq!(
        rag_of(&silent),
        (
            Rag::Red,
            "silent: last update 210 days ago, more than 183 days".to_owned()
        )
    );
}

#[test]
fn update_awaited_is_amber_even_when_recent_and_red_when_long_silent() {
    // The owner was asked on 6 January 2007 and has not answered: 10 days.
    let asked = afi(
        "u",
        "x",
        "2006-10-24",
        Some("2007-12"),
        "update-awaited",
        vec![update("2007-01-06", "update-awaited", None)],
    );
    assert_eq!(
        rag_of(&asked),
        (
            Rag::Amber,
            "update awaited: the owner's update has not arrived; last update 10 days ago"
                .to_owned()
        )
    );
    // Awaited since 1 May 2006: 260 days.
    let long = afi(
        "l",
        "x",
        "2006-01-01",
        None,
        "update-awaited",
        vec![update("2006-05-01", "update-awaited", None)],
    );
    assert_eq!(rag_of(&long).0, Rag::Red);
}

#[test]
fn slipped_but_not_yet_due_soon_is_amber() {
    let slipped = afi(
        "s",
        "x",
        "2006-01-01",
        Some("2006-06"),
        "in-progress",
        vec![update("2006-12-01", "in-progress", Some("2007-06"))],
    );
    assert_eq!(
        rag_of(&slipped),
        (
            Rag::Amber,
            "slipped: its target has been revised once".to_owned()
        )
    );
}

#[test]
fn movement_is_raised_closed_and_moved_apart() {
    let r = rolled();
    // Since 1 December 2006 only a2 changed: in progress, then completed.
    assert_eq!(r.movement.raised, []);
    assert_eq!(r.movement.moved, []);
    assert_eq!(
        r.movement.closed,
        [Move {
            id: "a2".to_owned(),
            from: Some("work-in-progress".to_owned()),
            to: "completed".to_owned(),
            from_status: Some("in-progress".to_owned()),
            to_status: "completed".to_owned(),
        }]
    );
    // Since 1 October 2006: a1 to a4 were raised after it (a2 raised and
    // closed in between counts as raised only); a6 stayed in progress.
    let mut model = model();
    // a7: update awaited on 1 October, in progress again since 5 January.
    model.afis.push(Arc::new(afi(
        "a7",
        "y",
        "2006-06-01",
        None,
        "in-progress",
        vec![
            update("2006-09-01", "update-awaited", None),
            update("2007-01-05", "in-progress", None),
        ],
    )));
    let m = movement(
        &model,
        &Vocabulary::standard(),
        day("2006-10-01"),
        day("2007-01-16"),
    );
    let ids = |moves: &[Move]| moves.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&m.raised), ["a1", "a2", "a3", "a4"]);
    assert_eq!(ids(&m.closed), Vec::<String>::new());
    assert_eq!(ids(&m.moved), ["a7"]);
    assert_eq!(m.moved[0].from.as_deref(), Some("update-awaited"));
    assert_eq!(m.moved[0].to, "work-in-progress");
}

#[test]
fn the_trend_counts_each_month_end_by_hand() {
    let r = rolled();
    // From January 2005 (a6 raised) to December 2006: 24 month ends, then
    // 16 January 2007 itself.
    assert_eq!(r.trend.len(), 25);
    assert_eq!(r.trend[0].date, day("2005-01-31"));
    assert_eq!(r.trend[24].date, day("2007-01-16"));
    let point = |date: &str| {
        let p = r
            .trend
            .iter()
            .find(|p| p.date == day(date))
            .expect("a point");
        (
            p.counts["work-in-progress"],
            p.counts["completed"],
            p.counts["update-awaited"],
            p.total,
        )
    };
    // Only a6 until October 2006.
    assert_eq!(point("2005-01-31"), (1, 0, 0, 1));
    assert_eq!(point("2006-09-30"), (1, 0, 0, 1));
    // 31 October: a1, a2, a4 not yet updated (not started), a6 not started,
    // a3 update awaited from the day it was raised.
    assert_eq!(point("2006-10-31"), (4, 0, 1, 5));
    assert_eq!(point("2006-12-31"), (4, 0, 1, 5));
    // 16 January: a2 completed on the 10th; a5 not raised until February.
    assert_eq!(point("2007-01-16"), (3, 1, 1, 5));
}

#[test]
fn a_trend_over_many_years_keeps_months_for_ten_years_and_year_ends_before() {
    let mut early = afi("e", "x", "2003-01-01", None, "not-started", vec![]);
    early.raised = date("1990-05-14");
    let dates = trend_dates([&early].into_iter(), day("2007-01-16"));
    let shown: Vec<String> = dates.iter().map(ToString::to_string).collect();
    // Year ends from the first year's to 1996's, then every month end from
    // January 1997 (ten years of them) to December 2006, then the as-at date.
    assert_eq!(shown.len(), 7 + 120 + 1);
    assert_eq!(shown[..2], ["1990-12-31", "1991-12-31"]);
    assert_eq!(shown[6..9], ["1996-12-31", "1997-01-31", "1997-02-28"]);
    assert_eq!(shown[126..], ["2006-12-31", "2007-01-16"]);
    // A date no record may hold (a typed year 1001) still gives a trend of
    // bounded length: a hundred year ends at most.
    early.raised = Date::Day(civil::date(1001, 7, 28));
    let dates = trend_dates([&early].into_iter(), day("2007-01-16"));
    assert_eq!(dates.len(), 100 + 120 + 1);
    assert_eq!(dates[0].to_string(), "1897-12-31");
}

#[test]
fn the_trend_agrees_with_the_as_at_rule_on_every_date() {
    let mut model = model();
    // Month-dated after day-dated in the same month: from 1 January the
    // month's update is in force, before the day-dated one above it.
    model.afis.push(Arc::new(afi(
        "m",
        "y",
        "2006-12-01",
        None,
        "completed",
        vec![
            update("2007-01-20", "in-progress", None),
            update("2007-01", "completed", None),
        ],
    )));
    let vocabulary = Vocabulary::standard();
    for as_at in ["2007-01-16", "2007-01-25", "2007-02-28"] {
        let as_at = day(as_at);
        let dates = trend_dates(model.afis.iter().map(|a| &**a), as_at);
        let points = trend(model.afis.iter().map(|a| &**a), &vocabulary, &dates);
        for point in points {
            let mut expected = Counts::new(&vocabulary);
            for afi in &model.afis {
                if let Some(state) = afi_state(afi, point.date, &vocabulary, SILENCE) {
                    expected.add(&state);
                }
            }
            assert_eq!(point.counts, expected.groups, "on {}", point.date);
            assert_eq!(point.total, expected.total, "on {}", point.date);
        }
    }
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
    assert_eq!(ids(&r.by_inspection[0].afis), ["a1", "a2", "a3", "a4"]);
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
    assert_eq!(group("work-in-progress"), Some((Some(3), 3)));
    assert_eq!(group("completed"), Some((Some(1), 0)));
    // Not published: blank, never 0, though the records hold one.
    assert_eq!(group("update-awaited"), Some((None, 1)));
    assert_eq!(group("no-further-action"), Some((None, 0)));
    // 3 + 1 is short of 5, but two groups were not published: no mismatch.
    assert_eq!(line.unbalanced_sum, None);
}

#[test]
fn an_update_counts_as_assessed_from_the_day_it_was_assessed() {
    let mut assessed = update("2007-01-02", "in-progress", None);
    assessed.assured = true;
    assessed.assessed = Some(date("2007-01-10"));
    let a = afi("x", "i", "2006-01-01", None, "in-progress", vec![assessed]);
    let on = |d: &str| {
        afi_state(&a, day(d), &Vocabulary::standard(), SILENCE)
            .expect("raised")
            .assessed
    };
    assert_eq!(on("2007-01-01"), None, "no update yet");
    assert_eq!(on("2007-01-05"), Some(false), "made, not yet assessed");
    assert_eq!(on("2007-01-10"), Some(true));
    // Marked assured with no date: assessed from its own date.
    let mut legacy = update("2007-01-02", "in-progress", None);
    legacy.assured = true;
    let b = afi("y", "i", "2006-01-01", None, "in-progress", vec![legacy]);
    let state = afi_state(&b, day("2007-01-02"), &Vocabulary::standard(), SILENCE);
    assert_eq!(state.expect("raised").assessed, Some(true));
}

/// A list of the roll-up's ids as plain texts, to compare.
fn ids(list: &[super::AfiId]) -> Vec<&str> {
    list.iter().map(|id| &**id).collect()
}
