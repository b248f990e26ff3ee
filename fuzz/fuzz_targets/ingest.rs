//! Arbitrary bytes through the page's whole path (`survey_report_fuzz::drive`:
//! a `Feeder` fed chunks of any size, the `Session`'s report, a split, and
//! every figure drawn as SVG). A report or an error comes out; never a
//! panic, a hang or an allocation past the limits, and every row read is
//! used or set aside.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the chunk sizes; the rest is the file.
    if let Some((&seed, file)) = data.split_first() {
        survey_report_fuzz::drive(seed, file);
    }
});
