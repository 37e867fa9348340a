//! Any text as a record's front matter: wherever the fast YAML reader reads
//! it, the tree it gives (values, types and spans) must be serde-saphyr's.
//! A difference is a field read wrongly or a problem located wrongly.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Front matter is always UTF-8: loading refuses anything else.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    std::hint::black_box(actionplan::fuzzing::yaml_fast(text));
});
