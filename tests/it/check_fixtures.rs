//! One fixture folder per diagnostic: the human output of `check` on it is
//! pinned as a snapshot, and must fail with exit code 1 (0 for warnings).

use crate::{actionplan, fixture};

fn check_fixture(name: &str) -> String {
    let root = fixture(name);
    let run = actionplan(
        &[
            "check",
            "--root",
            root.to_str().expect("utf-8 path"),
            "--as-at",
            "2020-01-01",
        ],
        &root,
    );
    assert!(
        run.stdout.is_empty(),
        "human output goes to stderr: {}",
        run.stdout
    );
    format!("exit code: {}\n{}", run.code, run.stderr)
}

macro_rules! fixture_tests {
    ($($name:ident: $code:expr,)*) => {$(
        #[test]
        fn $name() {
            let output = check_fixture(stringify!($name));
            assert!(
                output.starts_with(&format!("exit code: {}\n", $code)),
                "unexpected exit code:\n{output}"
            );
            insta::assert_snapshot!(stringify!($name), output);
        }
    )*};
}

fixture_tests! {
    e001_not_utf8: 1,
    e003_no_front_matter: 1,
    e004_front_matter_not_closed: 1,
    e005_yaml_tab: 1,
    e005_yaml_duplicate_key: 1,
    e005_yaml_alias_bomb: 1,
    e010_missing_field: 1,
    e011_unknown_field: 1,
    e012_wrong_type: 1,
    e012_wrong_type_in_list: 1,
    e013_invalid_date: 1,
    e014_invalid_id: 1,
    e015_id_not_file_name: 1,
    e016_duplicate_id: 1,
    e017_unknown_type: 1,
    e019_wording_without_its_date: 1,
    e020_unknown_status: 1,
    e021_status_disagrees_with_update: 1,
    e022_unknown_inspection_status: 1,
    e023_unknown_inspection: 1,
    e024_framework_not_graded: 1,
    e025_dates_out_of_order: 1,
    e026_date_after_as_at: 1,
    e027_broken_link: 1,
    e028_unknown_group: 1,
    e030_config: 1,
    e030_config_values: 1,
    e040_paper_placeholder: 1,
    w010_typed_figure: 0,
    e050_assessment_contradicts: 1,
    e051_reason_without_target: 1,
    e052_completed_without_evidence: 1,
    w050_completed_without_evidence: 0,
    w051_owner_not_registered: 0,
    w052_update_form_status_not_defined: 0,
    w011_undrawable_character: 0,
    w001_published_counts_do_not_add_up: 0,
    many_problems_in_many_files: 1,
}
