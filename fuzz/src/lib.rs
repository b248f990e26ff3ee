//! What both fuzz targets share: `drive`, the page's whole path with its
//! assertions (so `ingest` over raw bytes and `survey` over generated
//! survey-shaped CSVs cannot drift apart), and `survey::generate`, the
//! generator behind the `survey` target.

pub mod survey;

use survey_report::{build_figures, every_figure, render_svg, Feeder, Session};

/// One input through the page's path, as `src/web.rs` drives it: a `Feeder`
/// fed chunks of sizes picked by `seed` (a browser's stream chunks vary),
/// its `Session` (the report, a split), and every figure drawn as SVG (by
/// the same `draw_figure` as the canvas). A report or an error with a
/// message comes out; never a panic, and every row read is used or set
/// aside. `tests/it/bad.rs` replays `fuzz-regressions/` the same way, the
/// first byte of each file being `seed`.
pub fn drive(seed: u8, file: &[u8]) {
    let mut feeder = Feeder::new();
    feeder.set_size_hint(file.len() as u64);
    let mut rest = file;
    let mut step = seed as usize % 7;
    while !rest.is_empty() {
        let size = [1, 2, 3, 7, 64, 4096, usize::MAX][step % 7].min(rest.len());
        let (chunk, tail) = rest.split_at(size);
        if let Err(e) = feeder.push(chunk) {
            assert!(!e.message().is_empty());
            return;
        }
        rest = tail;
        step = step.wrapping_add(seed as usize / 7 + 1);
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
        // A split refused for its size is a message, never a panic.
        match session.split(a, b, seed & 1 == 1) {
            Ok(fig) => figures.extend(fig),
            Err(e) => assert!(!e.message().is_empty()),
        }
    }
    for fig in &figures {
        let _ = render_svg(fig, 360 + (seed as u32 % 4) * 200);
    }
}
