//! The status vocabulary: which statuses an AFI can have, whether each is
//! open, and the roll-up group it is counted under. Configurable per
//! repository; `standard` is the committee papers' own.

/// A roll-up group: the line a status is counted under in papers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StatusDef {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) open: bool,
    pub(crate) group: String,
}

/// The statuses an AFI can have, with their labels and roll-up groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Vocabulary {
    pub(crate) groups: Vec<Group>,
    pub(crate) statuses: Vec<StatusDef>,
    /// The status of an AFI before its first update.
    pub(crate) initial: String,
}

impl Vocabulary {
    pub(crate) fn status(&self, id: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.id == id)
    }

    pub(crate) fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The vocabulary the committee papers use.
    pub(crate) fn standard() -> Vocabulary {
        let group = |id: &str, label: &str| Group {
            id: id.to_owned(),
            label: label.to_owned(),
        };
        let status = |id: &str, label: &str, open: bool, group: &str| StatusDef {
            id: id.to_owned(),
            label: label.to_owned(),
            open,
            group: group.to_owned(),
        };
        Vocabulary {
            groups: vec![
                group("work-in-progress", "Work in progress"),
                group("completed", "Completed"),
                group("no-further-action", "No further action"),
                group("update-awaited", "Update awaited"),
            ],
            statuses: vec![
                status("not-started", "Not started", true, "work-in-progress"),
                status("in-progress", "Work in progress", true, "work-in-progress"),
                status("update-awaited", "Update awaited", true, "update-awaited"),
                status("completed", "Completed", false, "completed"),
                status(
                    "no-further-action",
                    "No further action required",
                    false,
                    "no-further-action",
                ),
                status(
                    "no-current-plan",
                    "No current plan",
                    false,
                    "no-further-action",
                ),
                status("not-agreed", "Not agreed", false, "no-further-action"),
            ],
            initial: "not-started".to_owned(),
        }
    }
}
