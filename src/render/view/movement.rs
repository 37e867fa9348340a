//! Movement since the earlier date: the AFIs raised, the AFIs that moved to
//! another roll-up group, and those closed, each with where it came from and
//! where it stands now. The dashboard shows the three counts; the movement
//! page (`movement.html`) and the report list them.

use crate::rollup::Move;

use super::types::{Content, MoveView, MovementCounts, MovementView};
use super::{Builder, Page};

impl<'a> Builder<'a> {
    pub(super) fn movement(&self) -> Page<'a> {
        let content = self.movement_view();
        self.page(
            "movement.html",
            "movement.html".to_owned(),
            format!("Movement since {}", self.site.since),
            None,
            Content::Movement(Box::new(content)),
        )
    }

    pub(super) fn movement_view(&self) -> MovementView<'a> {
        let movement = &self.rollup.movement;
        MovementView {
            raised: self.moves(&movement.raised),
            moved: self.moves(&movement.moved),
            closed: self.moves(&movement.closed),
        }
    }

    pub(super) fn movement_counts(&self) -> MovementCounts {
        let movement = &self.rollup.movement;
        MovementCounts {
            raised: movement.raised.len(),
            moved: movement.moved.len(),
            closed: movement.closed.len(),
        }
    }

    fn moves(&self, moves: &[Move]) -> Vec<MoveView<'a>> {
        moves
            .iter()
            .filter_map(|m| {
                Some(MoveView {
                    afi: self.shared_row(&m.id)?,
                    from: m
                        .from
                        .as_ref()
                        .zip(m.from_status.as_ref())
                        .map(|(group, status)| self.group_and_status(group, status)),
                    to: self.group_and_status(&m.to, &m.to_status),
                })
            })
            .collect()
    }
}
