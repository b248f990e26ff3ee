//! Adversarial shapes at the limits (issue #12), each at sizes doubling up
//! to the limit, so the time per doubling shows how a step's cost grows:
//! twice the time when the input doubles is linear, a little more is
//! n log n, four times is quadratic. `benches/hostile-summary.mjs` prints
//! the ratios (and writes `bench/results/hostile.json`). Run with
//! `cargo bench --bench hostile && node benches/hostile-summary.mjs`, or as
//! part of `./build.sh bench`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use survey_report::{Feeder, Kind, Overrides, Session};

fn session(bytes: &[u8]) -> Session {
    let mut feeder = Feeder::new();
    for chunk in bytes.chunks(1 << 20) {
        feeder.push(chunk).expect("benchmark input reads");
    }
    Session::from_feeder(feeder).expect("benchmark input reads")
}

/// Item 1: `n` columns of one name, one row.
fn repeated_names(n: usize) -> Vec<u8> {
    format!("{}\n{}\n", vec!["Q"; n].join(","), vec!["a"; n].join(",")).into_bytes()
}

/// Item 2: a "(Select all that apply)" column of `n` distinct `;`-joined labels.
fn joined_labels(n: usize) -> Vec<u8> {
    let mut csv = String::from("\"Which tools do you use? (Select all that apply)\"\n");
    for i in 1..=n {
        csv.push_str(&format!("\"Tool {i};Tool {}\"\n", i % n + 1));
    }
    csv.into_bytes()
}

/// Item 3: a free-text column of `n` distinct answers (to be read as multi).
fn free_text(n: usize) -> Vec<u8> {
    let mut csv = String::from("Comments,Role\n");
    for i in 0..n {
        csv.push_str(&format!("\"answer number {i}, with words\",Engineer\n"));
    }
    csv.into_bytes()
}

/// Item 7: `n` columns of distinct names and one row.
fn wide(n: usize) -> Vec<u8> {
    let names: Vec<String> = (1..=n).map(|i| format!("Question {i}")).collect();
    format!("{}\n{}\n", names.join(","), vec!["yes"; n].join(",")).into_bytes()
}

fn hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(3));
    group.warm_up_time(std::time::Duration::from_millis(500));
    for n in [4_096, 8_192, 16_384] {
        let bytes = repeated_names(n);
        group.bench_with_input(BenchmarkId::new("repeated-names", n), &bytes, |b, bytes| {
            b.iter(|| std::hint::black_box(session(bytes).report().questions.len()))
        });
        let bytes = wide(n);
        group.bench_with_input(BenchmarkId::new("wide-columns", n), &bytes, |b, bytes| {
            b.iter(|| std::hint::black_box(session(bytes).report().questions.len()))
        });
    }
    for n in [10_000, 20_000, 40_000] {
        let bytes = joined_labels(n);
        group.bench_with_input(BenchmarkId::new("joined-labels", n), &bytes, |b, bytes| {
            b.iter(|| std::hint::black_box(session(bytes).report().questions.len()))
        });
    }
    for n in [7_500, 15_000, 30_000] {
        let mut s = session(&free_text(n));
        let key = s.report().questions[0].key.clone();
        let mut multi = Overrides::default();
        multi.kinds.insert(key, Kind::Multi);
        group.bench_function(BenchmarkId::new("correction-to-multi", n), |b| {
            b.iter(|| {
                s.set_overrides(multi.clone());
                let r = s.report();
                s.set_overrides(Overrides::default());
                std::hint::black_box(r.questions.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
