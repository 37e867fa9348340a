//! Any bytes as one record file: loading and validating must never panic,
//! hang or run out of memory, whatever the file holds (not UTF-8, no front
//! matter, broken or hostile YAML, anything in the body).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    std::hint::black_box(actionplan::fuzzing::load_record(data));
});
