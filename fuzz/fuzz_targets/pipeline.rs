//! Any bytes as a small records folder: split at the file separator byte
//! (0x1c) into up to eight record files, checked, and, when they have no
//! errors, rolled up and rendered into every page, paper and export, as
//! `build` does. Nothing may panic, hang or run out of memory, and no file
//! made may be larger than its templates plus a small multiple of the
//! records: a record that makes a page hundreds of times its size (as a
//! wide table over short rows once did) fails the run. A Word document is
//! measured by its parts unzipped, where a blow-up shows, and it and a PDF
//! count a quarter and an eighth of their size, for the markup each byte of
//! text takes in them (`actionplan::fuzzing::WORD_SHARE`, `PDF_SHARE`).

#![no_main]

use libfuzzer_sys::fuzz_target;

/// Room for the templates and the site's fixed text, in bytes.
const TEMPLATE_BYTES: usize = 256 * 1024;
/// How many times the records' size a file may add to that.
const GROWTH: usize = 16;

fuzz_target!(|data: &[u8]| {
    let largest = actionplan::fuzzing::pipeline(data);
    let bound = TEMPLATE_BYTES + GROWTH * data.len();
    assert!(
        largest <= bound,
        "a file of {largest} bytes from {} bytes of records (the bound is {bound})",
        data.len()
    );
});
