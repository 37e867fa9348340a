//! The list pages: one index per way of grouping AFIs (framework, owner,
//! programme, theme) and a page per group in it, the overdue AFIs by age,
//! and the AFIs with no update for more than the stale period ("silent").
//! Also the slugs that name group pages.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::lower_first;
use crate::rollup::{Dimension, Rollup, Slice};

use super::types::{BucketView, Content, Crumb, DimensionRow, DimensionView, GroupView, Row};
use super::{Builder, Page};

/// The longest slug: with a suffix and `.html` it stays far below the 255
/// bytes a file name may have.
const MAX_SLUG_LEN: usize = 80;

/// A URL-safe name for a page: lower case, words joined by `-`. A name too
/// long for a file name keeps its first words and ends in a stable hash of
/// the whole name, so two long names that start alike stay apart.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        return "unnamed".to_owned();
    }
    if slug.len() <= MAX_SLUG_LEN {
        return slug.to_owned();
    }
    // The slug is ASCII, so any byte is a character boundary.
    let head = slug[..MAX_SLUG_LEN - 17].trim_end_matches('-');
    format!(
        "{head}-{:016x}",
        crate::model::fnv::fnv1a_64(name.as_bytes())
    )
}

/// The ways AFIs are grouped into list pages: folder, heading, the slices.
pub(super) fn dimensions(rollup: &Rollup) -> [(&'static str, &'static str, &Vec<Slice>); 4] {
    LISTED.map(|(folder, heading, dimension)| (folder, heading, rollup.slices(dimension)))
}

/// The breakdowns with list pages, in the order `PageKey::Group` and
/// `PageKey::Dimension` number them.
const LISTED: [(&str, &str, Dimension); 4] = [
    ("frameworks", "Framework", Dimension::Framework),
    ("owners", "Owner", Dimension::Owner),
    ("programmes", "Programme", Dimension::Programme),
    ("themes", "Theme", Dimension::Theme),
];

/// The number `PageKey::Group` gives the breakdown by `dimension`, if it has
/// list pages.
pub(crate) fn listed_index(dimension: Dimension) -> Option<usize> {
    LISTED.iter().position(|(_, _, d)| *d == dimension)
}

/// Every group page's slice by (dimension index, group name), as `PageKey::Group`
/// names them.
pub(crate) fn group_pages(rollup: &Rollup) -> BTreeMap<(usize, Option<String>), &Slice> {
    dimensions(rollup)
        .into_iter()
        .enumerate()
        .flat_map(|(index, (_, _, slices))| {
            slices.iter().map(move |s| ((index, s.name.clone()), s))
        })
        .collect()
}

/// Page names for the slices of a dimension, unique by construction: a
/// slug that two names share, or that is `index` (the dimension's own
/// page), goes to neither as it is; each such name takes the first of
/// `slug-2`, `slug-3`, … that no other page has. Names whose slug is theirs
/// alone keep it whatever other names come and go.
pub(super) fn slice_slugs(slices: &[Slice]) -> BTreeMap<Option<String>, String> {
    let base = |s: &Slice| s.name.as_deref().map_or_else(|| "none".to_owned(), slugify);
    let mut claims: BTreeMap<String, usize> = BTreeMap::from([("index".to_owned(), 1)]);
    for slice in slices {
        *claims.entry(base(slice)).or_default() += 1;
    }
    let mut taken: BTreeSet<String> = claims.keys().cloned().collect();
    let mut slugs = BTreeMap::new();
    for slice in slices {
        let base = base(slice);
        let slug = if claims.get(&base) == Some(&1) {
            base
        } else {
            (2..)
                .map(|n| format!("{base}-{n}"))
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or_default()
        };
        taken.insert(slug.clone());
        slugs.insert(slice.name.clone(), slug);
    }
    slugs
}

impl<'a> Builder<'a> {
    pub(super) fn dimension(
        &self,
        folder: &'static str,
        heading: &str,
        slices: &[Slice],
    ) -> Page<'a> {
        let content = self.dimension_view(folder, heading, slices);
        self.page(
            "dimension.html",
            format!("{folder}/index.html"),
            format!("AFIs by {}", heading.to_lowercase()),
            None,
            Content::Dimension(content),
        )
    }

    pub(super) fn dimension_view(
        &self,
        folder: &'static str,
        heading: &str,
        slices: &[Slice],
    ) -> DimensionView {
        let rows = slices
            .iter()
            .map(|s| DimensionRow {
                name: slice_name(heading, s.name.as_deref()),
                href: self.slice_href(folder, s.name.as_ref()).unwrap_or_default(),
                gradings: self.gradings_of(folder, s.name.as_deref()),
                counts: self.counts(&s.counts),
            })
            .collect();
        DimensionView {
            dimension: heading.to_owned(),
            rows,
            group_labels: self.group_labels(),
            chase: folder == "owners",
        }
    }

    pub(super) fn group(&self, folder: &'static str, heading: &str, slice: &Slice) -> Page<'a> {
        // Overdue first, longest overdue at the top: committees call owners
        // to account for those.
        let afis = self.rows(self.sorted_by_state(&slice.afis, |state| {
            std::cmp::Reverse(state.days_overdue.unwrap_or(-1))
        }));
        let name = slice_name(heading, slice.name.as_deref());
        let content = GroupView {
            dimension: heading.to_owned(),
            dimension_href: format!("{folder}/index.html"),
            name: name.clone(),
            gradings: self.gradings_of(folder, slice.name.as_deref()),
            counts: self.counts(&slice.counts),
            afis,
            omit: (folder == "owners").then_some("owner"),
        };
        let path = self
            .slice_href(folder, slice.name.as_ref())
            .unwrap_or_else(|| format!("{folder}/none.html"));
        let mut page = self.page(
            "group.html",
            path,
            format!("{heading}: {name}"),
            None,
            Content::Group(content),
        );
        page.breadcrumbs = vec![
            Crumb {
                label: "Dashboard".to_owned(),
                href: Some("index.html".to_owned()),
            },
            Crumb {
                label: format!("AFIs by {}", heading.to_lowercase()),
                href: Some(format!("{folder}/index.html")),
            },
            Crumb {
                label: name,
                href: None,
            },
        ];
        page
    }

    /// "fair/improved (HMIC Baseline Assessment 2005/06)" for each inspection
    /// grading the framework `name`; nothing for other dimensions.
    fn gradings_of(&self, folder: &str, name: Option<&str>) -> Vec<String> {
        let Some(name) = name.filter(|_| folder == "frameworks") else {
            return Vec::new();
        };
        self.model
            .inspections
            .iter()
            .flat_map(|i| {
                i.gradings
                    .iter()
                    .filter(|g| g.framework == name)
                    .map(move |g| (i, g))
            })
            .map(|(i, g)| match &g.direction {
                Some(direction) => format!("{}/{direction} ({})", g.grade, i.title),
                None => format!("{} ({})", g.grade, i.title),
            })
            .collect()
    }

    pub(super) fn overdue(&self) -> Page<'a> {
        let buckets = self.buckets();
        self.page(
            "overdue.html",
            "overdue.html".to_owned(),
            "Overdue AFIs".to_owned(),
            None,
            Content::Overdue { buckets },
        )
    }

    pub(super) fn buckets(&self) -> Vec<BucketView<'a>> {
        let labels = [
            "1 to 30 days overdue",
            "31 to 90 days overdue",
            "More than 90 days overdue",
        ];
        labels
            .iter()
            .zip(&self.rollup.ageing)
            .map(|(label, ids)| {
                let afis = self
                    .rows(self.sorted_by_state(ids, |state| std::cmp::Reverse(state.days_overdue)));
                BucketView {
                    label: (*label).to_owned(),
                    afis,
                }
            })
            .collect()
    }

    pub(super) fn silent(&self) -> Page<'a> {
        let afis = self.silent_rows();
        self.page(
            "silent.html",
            "silent.html".to_owned(),
            format!("AFIs with {}", lower_first(&self.site.silent_label)),
            None,
            Content::Silent { afis },
        )
    }

    /// The silent AFIs, longest silence first.
    pub(super) fn silent_rows(&self) -> Vec<Row<'a>> {
        self.rows(self.sorted_by_state(&self.rollup.silent, |state| {
            std::cmp::Reverse(state.days_silent)
        }))
    }
}

fn slice_name(heading: &str, name: Option<&str>) -> String {
    name.map_or_else(
        || format!("No {} recorded", heading.to_lowercase()),
        str::to_owned,
    )
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Vocabulary;
    use crate::rollup::Counts;

    #[test]
    fn slugs_are_lower_case_words() {
        assert_eq!(
            slugify("Managing critical incidents & major crime"),
            "managing-critical-incidents-major-crime"
        );
        assert_eq!(slugify("Harrow BOCU"), "harrow-bocu");
        assert_eq!(slugify("&&"), "unnamed");
    }

    fn slice(name: Option<&str>) -> Slice {
        Slice {
            name: name.map(str::to_owned),
            counts: Counts::new(&Vocabulary::standard()),
            afis: Vec::new(),
        }
    }

    #[test]
    fn a_group_called_index_does_not_take_the_list_page() {
        let slugs = slice_slugs(&[slice(Some("Index")), slice(Some("Owner"))]);
        assert_eq!(slugs[&Some("Index".to_owned())], "index-2");
        assert_eq!(slugs[&Some("Owner".to_owned())], "owner");
    }

    #[test]
    fn names_that_make_one_slug_get_pages_of_their_own() {
        let names = [
            Some("Harrow"),
            Some("Harrow 2"),
            Some("Harrow!"),
            None,
            Some("None 2"),
            Some("None"),
        ];
        let slices: Vec<Slice> = names.iter().map(|n| slice(*n)).collect();
        let slugs = slice_slugs(&slices);
        let name = |n: &str| Some(n.to_owned());
        assert_eq!(slugs[&name("Harrow 2")], "harrow-2");
        assert_eq!(slugs[&name("Harrow")], "harrow-3");
        assert_eq!(slugs[&name("Harrow!")], "harrow-4");
        assert_eq!(slugs[&name("None 2")], "none-2");
        assert_eq!(slugs[&None], "none-3");
        assert_eq!(slugs[&name("None")], "none-4");
    }

    #[test]
    fn long_names_are_shortened_and_stay_apart() {
        let a = slugify(&format!(
            "{} A",
            "Borough operational command unit ".repeat(10)
        ));
        let b = slugify(&format!(
            "{} B",
            "Borough operational command unit ".repeat(10)
        ));
        assert!(a.len() <= MAX_SLUG_LEN && b.len() <= MAX_SLUG_LEN, "{a}");
        assert!(a.starts_with("borough-operational-command-unit-borough"));
        assert_ne!(a, b);
        // The same on every machine and in every version.
        assert_eq!(
            slugify(&"x".repeat(300)),
            format!(
                "{}-{:016x}",
                "x".repeat(63),
                crate::model::fnv::fnv1a_64("x".repeat(300).as_bytes())
            )
        );
    }

    proptest::proptest! {
        #[test]
        fn no_two_groups_share_a_page(names in proptest::collection::btree_set(
            "(Harrow|harrow|Index|index|None|none|Going Local)( 2| 3|!|-2|-3| )?( 2|!)?", 0..12
        ), with_none in proptest::bool::ANY) {
            let mut slices: Vec<Slice> = names.iter().map(|n| slice(Some(n))).collect();
            if with_none {
                slices.push(slice(None));
            }
            let slugs = slice_slugs(&slices);
            let pages: BTreeSet<&String> = slugs.values().collect();
            proptest::prop_assert_eq!(pages.len(), slices.len(), "{:?}", slugs);
            proptest::prop_assert!(!pages.contains(&"index".to_owned()));
        }
    }
}
