//! Native throughput of reading and analysing (ingest + analysis + figures'
//! data), on the same generated inputs as the browser benchmark, and of the
//! report alone on a file read once. Run with
//! `./build.sh bench` (or `cargo bench --bench ingest`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use survey_report::{build_figures, every_figure, sample, Preset, Session};

fn inputs() -> Vec<(&'static str, String)> {
    let quick = std::env::var("BENCH_QUICK").is_ok();
    let mut v = vec![
        (
            "sample",
            sample::generate(&Preset::state_of_ml_2020(), sample::DEFAULT_SEED, sample::DEFAULT_ROWS),
        ),
        ("kaggle", sample::kaggle_like(1, 20_000, 355)),
    ];
    if !quick {
        // The same rows as `survey-report bench-input large --mb 200`.
        v.push((
            "large",
            sample::generate(&Preset::state_of_ml_2020(), 7, 200_000_000 / 514 + 1),
        ));
    }
    v
}

fn ingest(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest+analysis");
    for (name, csv) in inputs() {
        let bytes = csv.into_bytes();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if bytes.len() > 50_000_000 {
            group.sample_size(10);
        } else {
            group.sample_size(30);
        }
        group.bench_with_input(BenchmarkId::from_parameter(name), &bytes, |b, bytes| {
            b.iter(|| {
                let session = Session::open_best(bytes).expect("benchmark input reads");
                let report = session.report();
                let figures = build_figures(&report).len() + every_figure(&report).len();
                std::hint::black_box((report.respondents, figures))
            })
        });
    }
    group.finish();
}

/// The report alone, on a file read once: the counting engine's usual case
/// (every respondent, weight 1), which corrections and splits re-run.
fn report(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    let mut v = inputs();
    // 100,000 respondents of the paper's survey (51 MB), in the quick run too.
    v.push((
        "sample-100k",
        sample::generate(&Preset::state_of_ml_2020(), 11, 100_000),
    ));
    for (name, csv) in v {
        let session = Session::open_best(csv.as_bytes()).expect("benchmark input reads");
        group.sample_size(if csv.len() > 50_000_000 { 10 } else { 30 });
        group.throughput(Throughput::Bytes(csv.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| std::hint::black_box(session.report().respondents))
        });
    }
    group.finish();
}

criterion_group!(benches, ingest, report);
criterion_main!(benches);
