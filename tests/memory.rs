//! Peak memory on hostile shapes (issue #12), measured, not estimated: a
//! counting allocator wraps the system one for this test binary (its own,
//! so no other test's allocations are counted), and each shape is
//! generated piece by piece as it is pushed, so the file itself is never
//! held. The bound checked is README "Limits and guarantees": what reading
//! and reporting hold at their peak is at most 0.2 x the file (or, for
//! cells of under 10 bytes, 2 bytes per cell: their codes) + 32 MB + 3 KB
//! per column (its question, its report and its figure's data).
//!
//! The allocator is written here rather than taken from a crate: it is
//! twenty lines over `System`, and what is wanted (the peak of live bytes
//! since a reset) is exactly what they do.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use survey_report::{Feeder, Session};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// A tiny seeded generator (xorshift): the shapes are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Pushes what `row` writes (row 0 is the header, then `rows` rows) into a
/// `Feeder` in 1 MiB chunks, reads the report, and returns (file bytes,
/// columns, peak bytes held above what was held before, the report).
fn peak_of(rows: usize, mut row: impl FnMut(usize, &mut Vec<u8>)) -> (usize, usize, usize, survey_report::Report) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut feeder = Feeder::new();
    let mut chunk = Vec::with_capacity(1 << 20);
    let mut bytes = 0;
    for r in 0..=rows {
        row(r, &mut chunk);
        if chunk.len() >= 1 << 20 || r == rows {
            bytes += chunk.len();
            feeder.push(&chunk).unwrap();
            chunk.clear();
        }
    }
    drop(chunk);
    if std::env::var_os("MEMORY_STAGES").is_some() {
        eprintln!(
            "  fed: peak {:.1} MB, live {:.1} MB",
            (PEAK.load(Relaxed) - base) as f64 / 1e6,
            (LIVE.load(Relaxed) - base) as f64 / 1e6
        );
    }
    let session = Session::from_feeder(feeder).unwrap();
    if std::env::var_os("MEMORY_STAGES").is_some() {
        eprintln!(
            "  session: peak {:.1} MB, live {:.1} MB",
            (PEAK.load(Relaxed) - base) as f64 / 1e6,
            (LIVE.load(Relaxed) - base) as f64 / 1e6
        );
    }
    let report = session.report();
    drop(session);
    let columns = report.questions.iter().map(|q| q.columns.len()).sum::<usize>().max(1);
    (bytes, columns, PEAK.load(Relaxed) - base, report)
}

fn check(name: &str, (bytes, columns, peak, report): (usize, usize, usize, survey_report::Report)) {
    let r = &report.rows;
    assert_eq!(r.read, r.used + r.set_aside_total(), "{name}: {r:?}");
    let cells = r.used as usize * columns;
    let bound = (bytes / 5).max(2 * cells) + 32_000_000 + 3_000 * columns;
    eprintln!(
        "{name}: {:.1} MB file, {columns} columns, {cells} cells, peak {:.1} MB held (bound {:.1} MB)",
        bytes as f64 / 1e6,
        peak as f64 / 1e6,
        bound as f64 / 1e6
    );
    assert!(peak <= bound, "{name}: peak {peak} bytes held, bound {bound}");
}

fn three_letters(rng: &mut Rng, out: &mut Vec<u8>) {
    for _ in 0..3 {
        out.push(b'a' + rng.below(26) as u8);
    }
}

/// Many short distinct answers: every column fills its dictionary unless
/// the table's caps on entries (not only bytes) hold.
fn short_distinct(columns: usize, rows: usize) -> (usize, usize, usize, survey_report::Report) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    peak_of(rows, |r, out| {
        for c in 0..columns {
            if c > 0 {
                out.push(b',');
            }
            if r == 0 {
                out.extend_from_slice(format!("c{c}").as_bytes());
            } else {
                three_letters(&mut rng, out);
            }
        }
        out.push(b'\n');
    })
}

#[test]
fn hostile_shapes_stay_within_the_memory_promise() {
    // One test, the shapes one after another: the peak is of one at a time.
    check("100 columns x 30,000 rows of 3 letters", short_distinct(100, 30_000));
    check("200 columns x 60,000 rows of 3 letters", short_distinct(200, 60_000));

    // One answer padded differently on every row with Unicode spaces.
    let spaces: Vec<String> = std::iter::once('\u{a0}')
        .chain('\u{2000}'..='\u{200a}')
        .map(String::from)
        .collect();
    let mut rng = Rng(7);
    check(
        "one answer padded with Unicode spaces, 1,000,000 rows",
        peak_of(1_000_000, |r, out| {
            if r == 0 {
                out.extend_from_slice(b"id,role\n");
                return;
            }
            let pad: String = (0..1 + rng.below(30))
                .map(|_| spaces[rng.below(12) as usize].as_str())
                .collect();
            out.extend_from_slice(format!("{r},{pad}Data scientist{pad}\n").as_bytes());
        }),
    );

    // 16,384 copies of one 60-character header name (just under the 1 MiB
    // header limit), one row.
    let name = "Q".repeat(60);
    check(
        "16,384 columns named alike (60 characters each)",
        peak_of(1, |r, out| {
            let cell = if r == 0 { name.as_str() } else { "a" };
            let row: Vec<&str> = vec![cell; 16_384];
            out.extend_from_slice(row.join(",").as_bytes());
            out.push(b'\n');
        }),
    );

    // 40,000 distinct joined labels in a multi-select.
    check(
        "a multi-select of 40,000 joined labels",
        peak_of(40_000, |r, out| {
            if r == 0 {
                out.extend_from_slice(b"\"Which tools do you use? (Select all that apply)\"\n");
            } else {
                out.extend_from_slice(format!("\"Tool {r};Tool {}\"\n", r % 40_000 + 1).as_bytes());
            }
        }),
    );
}
