//! Any text as a record's Markdown body: wherever the checks' plain scan
//! for links reads it, the links it finds (their places in the text and
//! their destinations) must be those pulldown-cmark finds. A difference is
//! a broken link the checks would miss, or one they would report wrongly.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Record bodies are always UTF-8: loading refuses anything else.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    std::hint::black_box(actionplan::fuzzing::link_scan(text));
});
