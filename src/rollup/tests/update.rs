//! A roll-up brought up to date after each kind of change to the hand-worked
//! model equals the roll-up made afresh of the changed model.

use std::sync::Arc;

use super::*;

/// The roll-up of `model` as at 16 January 2007, since 1 December 2006.
fn rolled_up(model: &Model) -> Rollup {
    rollup(
        model,
        &Vocabulary::standard(),
        day("2007-01-16"),
        day("2006-12-01"),
        SILENCE,
    )
}

/// The fixture with owners and themes, so that AFIs can move between
/// slices of those breakdowns.
fn owned_model() -> Model {
    let mut model = model();
    for (at, afi) in model.afis.iter_mut().enumerate() {
        let afi = Arc::make_mut(afi);
        afi.owner = Some(["Harrow BOCU", "Traffic OCU"][at % 2].to_owned());
        afi.theme = (at % 3 != 0).then(|| "Leadership".to_owned());
    }
    model
}

/// `before` changed by `change` to its AFIs (the others stay shared, as
/// `serve`'s models share them), and the roll-up of `before` brought up to
/// date for it.
fn updated(before: &Model, change: impl FnOnce(&mut Vec<Arc<Afi>>)) -> (Model, Rollup, Replaced) {
    let mut after = before.clone();
    change(&mut after.afis);
    let mut rollup = rolled_up(before);
    let replaced = rollup
        .update(before, &after, &Vocabulary::standard())
        .expect("a change to AFIs only is brought up to date");
    (after, rollup, replaced)
}

/// A change to a model's AFIs.
type ChangeToAfis = dyn Fn(&mut Vec<Arc<Afi>>);

#[test]
fn a_rollup_brought_up_to_date_equals_the_rollup_made_afresh() {
    let before = owned_model();
    let changes: Vec<(&str, Box<ChangeToAfis>)> = vec![
        (
            "a status",
            Box::new(|afis| {
                let a1 = Arc::make_mut(&mut afis[0]);
                a1.updates.push(update("2007-01-10", "completed", None));
                a1.status = "completed".to_owned();
            }),
        ),
        (
            "an owner, to one no other AFI has",
            Box::new(|afis| {
                Arc::make_mut(&mut afis[1]).owner = Some("A new owner".to_owned());
            }),
        ),
        (
            "a theme taken away",
            Box::new(|afis| {
                Arc::make_mut(&mut afis[2]).theme = None;
            }),
        ),
        (
            "the only AFI of a slice moved out",
            Box::new(|afis| {
                Arc::make_mut(&mut afis[0]).theme = Some("Only".to_owned());
                Arc::make_mut(&mut afis[0]).owner = None;
            }),
        ),
        (
            "an AFI moved to another inspection",
            Box::new(|afis| {
                Arc::make_mut(&mut afis[3]).inspection = "y".to_owned();
            }),
        ),
        (
            "an AFI added",
            Box::new(|afis| {
                let mut added = afi(
                    "a35",
                    "y",
                    "2006-11-01",
                    Some("2007-01"),
                    "in-progress",
                    Vec::new(),
                );
                added.owner = Some("Traffic OCU".to_owned());
                afis.insert(3, Arc::new(added));
            }),
        ),
        (
            "an AFI removed",
            Box::new(|afis| {
                afis.remove(5);
            }),
        ),
        (
            "an AFI raised after the as-at date",
            Box::new(|afis| {
                afis.push(Arc::new(afi(
                    "a9",
                    "x",
                    "2007-03-01",
                    None,
                    "in-progress",
                    Vec::new(),
                )));
            }),
        ),
        (
            "an AFI raised before every other: the trend starts earlier",
            Box::new(|afis| {
                afis.insert(
                    0,
                    Arc::new(afi(
                        "a0",
                        "x",
                        "2001-05-01",
                        None,
                        "in-progress",
                        Vec::new(),
                    )),
                );
            }),
        ),
        (
            "the first AFI raised removed: the trend starts later",
            Box::new(|afis| {
                afis.remove(5);
            }),
        ),
    ];
    for (what, change) in changes {
        let (after, rollup, _) = updated(&before, change);
        assert_eq!(rollup, rolled_up(&after), "after a change to {what}");
    }
}

#[test]
fn an_update_says_what_it_replaced() {
    let before = owned_model();
    let (_, _, replaced) = updated(&before, |afis| {
        Arc::make_mut(&mut afis[1]).owner = Some("A new owner".to_owned());
    });
    let ids: Vec<&str> = replaced.states.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["a2"]);
    assert_eq!(
        replaced.states[0].1.as_ref().map(|s| s.status.as_str()),
        Some("completed")
    );
    let owners: Vec<(Option<&str>, Option<usize>)> = replaced
        .slices
        .iter()
        .filter(|(dimension, _, _)| *dimension == Dimension::Owner)
        .map(|(_, name, before)| (name.as_deref(), before.as_ref().map(|s| s.afis.len())))
        .collect();
    // a2 left Traffic OCU, which had a2, a4 and a6, for an owner who is new.
    assert_eq!(
        owners,
        [(Some("A new owner"), None), (Some("Traffic OCU"), Some(3))]
    );
}

#[test]
fn a_change_to_an_inspection_or_to_many_afis_is_not_brought_up_to_date() {
    let before = owned_model();
    let mut after = before.clone();
    Arc::make_mut(&mut after.inspections[0]).programme = Some("Going Local".to_owned());
    let mut rollup = rolled_up(&before);
    assert!(
        rollup
            .update(&before, &after, &Vocabulary::standard())
            .is_none()
    );
    assert_eq!(rollup, rolled_up(&before), "left as it was");

    let mut after = before.clone();
    after.afis.extend((0..300).map(|n| {
        Arc::new(afi(
            &format!("b{n:03}"),
            "x",
            "2006-11-01",
            None,
            "in-progress",
            Vec::new(),
        ))
    }));
    assert!(
        rollup
            .update(&before, &after, &Vocabulary::standard())
            .is_none()
    );
}
