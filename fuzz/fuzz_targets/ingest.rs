//! Arbitrary bytes through the page's whole path, as `src/web.rs` drives it:
//! a `Loader` (a `Feeder` fed chunks of any size), its `Workbench` (a
//! `Session`: the report, a split), and every figure drawn (as SVG here, by
//! the same `draw_figure` as the canvas). A report or an error comes out;
//! never a panic, a hang or an allocation past the limits, and every row
//! read is used or set aside.

#![no_main]

use libfuzzer_sys::fuzz_target;
use survey_report::{build_figures, every_figure, render_svg, Feeder, Session};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the chunk sizes (a browser's stream chunks vary);
    // the rest is the file.
    let Some((&seed, file)) = data.split_first() else {
        return;
    };
    let mut feeder = Feeder::new();
    feeder.set_size_hint(file.len() as u64);
    let mut rest = file;
    let mut step = seed as usize % 7;
    let mut failed = false;
    while !rest.is_empty() {
        let size = [1, 2, 3, 7, 64, 4096, usize::MAX][step % 7].min(rest.len());
        let (chunk, tail) = rest.split_at(size);
        if let Err(e) = feeder.push(chunk) {
            assert!(!e.message().is_empty());
            failed = true;
            break;
        }
        rest = tail;
        step = step.wrapping_add(seed as usize / 7 + 1);
    }
    if failed {
        return;
    }
    let session = match Session::from_feeder(feeder) {
        Ok(s) => s,
        Err(e) => {
            assert!(!e.message().is_empty());
            return;
        }
    };
    let report = session.report();
    let rows = &report.rows;
    assert_eq!(rows.read, rows.used + rows.set_aside_total(), "{rows:?}");
    let mut figures = build_figures(&report);
    figures.extend(every_figure(&report));
    // A split, as the page offers one for every pair of questions.
    let ids: Vec<&str> = report.questions.iter().map(|q| q.id.as_str()).collect();
    if let (Some(a), Some(b)) = (ids.first(), ids.last()) {
        // A split past its limits is an error, not a figure.
        figures.extend(session.split(a, b, seed & 1 == 1).ok().flatten());
    }
    for fig in &figures {
        let _ = render_svg(fig, 360 + (seed as u32 % 4) * 200);
    }
});
