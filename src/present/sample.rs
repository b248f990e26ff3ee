//! The synthetic State of ML 2020 sample: a seeded generator that writes a
//! Google Forms export in the layout of the preset, calibrated so that every
//! claim of the paper holds. The real responses were never published; this
//! data is synthetic and says so wherever it appears. The calibration (the
//! groups' sizes, how each group answers, the countries) is the preset's
//! `sample`; this module only draws rows from it.
//!
//! Calibration is by quotas, not by luck: each answer is given to an exact
//! number of respondents (largest-remainder rounding of the target shares),
//! and only *who* gets it is random. So the marginal shares, and the claims
//! that rest on them, hold for every seed; the seed varies the noise.
//!
//! Each item of a rating grid (the obstacles of Fig. 6) is calibrated by a
//! centre distribution, and several items share one. Each item's shares are moved around its centre
//! by seeded noise before its quota is drawn, so no two items come out alike
//! to the percent; the noise is bounded so that the ranking the claims read
//! holds for every seed too.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::base::words::is_other_label;
use crate::infer::preset::sample::SampleSpec;
use crate::infer::preset::{Preset, QuestionSpec, SpecKind};

pub const DEFAULT_SEED: u64 = 2020;
pub const DEFAULT_ROWS: usize = 331;
/// The file name the page and the tests use for the committed sample.
pub const FILE_NAME: &str = "state-of-ml-2020-synthetic.csv";

/// A respondent's maturity group, by its place in the preset's rules; the
/// unclassified group, which answers nothing, is [`Group::Nothing`].
#[derive(Clone, Copy, PartialEq)]
enum Group {
    Rule(usize),
    Nothing,
}

/// The calibration the rows are drawn from, with the group ids it is keyed by.
struct Calibration<'a> {
    spec: &'a SampleSpec,
    /// The maturity groups' ids, in rule order.
    rules: Vec<&'a str>,
    /// The question the maturity rules read: nobody skips it, as it decides the group.
    grouping: &'a str,
}

impl Calibration<'_> {
    fn answers(&self, question: &str, g: usize) -> &[(String, f64)] {
        self.spec.answers(question, self.rules[g])
    }
}

/// The most the noise moves an obstacle's top-two share, either way. The
/// claims read the ranking by top-two share (b > a > c ahead of the rest, p in
/// the top 5). Two neighbours 6 points apart can close by twice this, 3
/// points, and by the quota's rounding of each, under 2 respondents of some
/// 310 (0.7 points): with the default rows more than 1.5 points stay between
/// them, so the order holds for every seed by construction.
const TOP_TWO_NOISE: f64 = 0.015;

/// The most the noise scales each of an obstacle's five shares, either way,
/// before they are renormalised within the top two and the bottom three.
const SHAPE_NOISE: f64 = 0.25;

/// Draws of the noise tried for one obstacle before the last one is kept:
/// with some 310-320 respondents per item a draw comes too close to an
/// earlier item a few times in a thousand, so the limit only matters for
/// tiny samples.
const MAX_REDRAWS: usize = 100;

/// Mixed into the seed for the obstacles' noise, which has a stream of its
/// own: its redraws take a varying number of values, and from the main
/// stream they would shift who skips the later items.
const NOISE_SALT: u64 = 0x0b57_ac1e_5eed_f166;

/// An obstacle's shares: `centre` with its top-two share moved by at most
/// [`TOP_TWO_NOISE`], and each share scaled by up to [`SHAPE_NOISE`] and
/// renormalised so the top two and the bottom three add up to their new totals.
fn perturbed(noise: &mut Pcg64, centre: [f64; 5]) -> [f64; 5] {
    let top = centre[3] + centre[4] + noise.random_range(-TOP_TWO_NOISE..=TOP_TWO_NOISE);
    let mut shares = centre.map(|c| c * noise.random_range(1.0 - SHAPE_NOISE..=1.0 + SHAPE_NOISE));
    let (low_sum, top_sum) = (shares[..3].iter().sum::<f64>(), shares[3..].iter().sum::<f64>());
    for (k, s) in shares.iter_mut().enumerate() {
        *s *= if k < 3 { (1.0 - top) / low_sum } else { top / top_sum };
    }
    shares
}

/// Whether two items' percents (per point of the scale) are more than a whole
/// point apart somewhere, so that they differ however each is rounded.
fn apart(a: &[f64; 5], b: &[f64; 5]) -> bool {
    a.iter().zip(b).any(|(x, y)| (x - y).abs() > 1.0)
}

/// How many of `n` get each weight: largest-remainder rounding of `weights`
/// (all zero when `n` is 0 or the weights add up to nothing).
fn quota_counts(n: usize, weights: &[f64]) -> Vec<usize> {
    let total: f64 = weights.iter().sum();
    if n == 0 || total <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights.iter().map(|w| w / total * n as f64).collect();
    let mut counts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    let short = n - counts.iter().sum::<usize>();
    for &i in order.iter().take(short) {
        counts[i] += 1;
    }
    counts
}

/// Exactly `n` labels drawn by largest-remainder rounding of `weights`, shuffled.
fn quota<'a>(rng: &mut Pcg64, n: usize, weights: &'a [(String, f64)]) -> Vec<&'a str> {
    let shares: Vec<f64> = weights.iter().map(|w| w.1).collect();
    let counts = quota_counts(n, &shares);
    let mut out: Vec<&str> = weights
        .iter()
        .zip(&counts)
        .flat_map(|(w, &c)| std::iter::repeat_n(w.0.as_str(), c))
        .collect();
    out.shuffle(rng);
    out
}

/// For each respondent, the options chosen: each option goes to exactly
/// round(rate x n) respondents; anyone left with nothing gets one more
/// option drawn by the same rates, so everyone in the group answered.
fn multi_quota<'a>(rng: &mut Pcg64, n: usize, rates: &'a [(String, f64)]) -> Vec<Vec<&'a str>> {
    let mut chosen: Vec<Vec<&str>> = vec![Vec::new(); n];
    for (label, rate) in rates {
        let k = ((rate * n as f64).round() as usize).min(n);
        for i in rand::seq::index::sample(rng, n, k) {
            chosen[i].push(label);
        }
    }
    let fill = quota(rng, n, rates);
    for (c, extra) in chosen.iter_mut().zip(fill) {
        if c.is_empty() {
            c.push(extra);
        }
    }
    chosen
}

/// Each respondent's group, before shuffling: the groups' sizes allotted in
/// the calibration's order (each its rounded share, at most the rows left,
/// one group taking the rest), laid out in the rules' order, unclassified
/// last. A preset without a calibration, or without maturity rules, gives
/// rows that answer nothing.
fn allot(preset: &Preset, n: usize) -> Vec<Group> {
    let (Some(spec), Some(m)) = (&preset.sample, &preset.maturity) else {
        return vec![Group::Nothing; n];
    };
    let mut sizes = vec![0usize; spec.groups.len()];
    let mut left = n;
    for (size, g) in sizes.iter_mut().zip(&spec.groups) {
        let Some(share) = g.share() else { continue };
        let mut k = (n as f64 * share).round() as usize;
        if let Some(from) = g.at_least_one_from {
            k = if n >= from { k.max(1) } else { 0 };
        }
        *size = k.min(left);
        left -= *size;
    }
    if let Some(rest) = spec.groups.iter().position(|g| g.share.is_none()) {
        sizes[rest] = left;
    }
    let size_of = |id: &str| spec.groups.iter().position(|g| g.group == id).map_or(0, |i| sizes[i]);
    let mut groups: Vec<Group> = m
        .groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| std::iter::repeat_n(Group::Rule(i), size_of(&g.id)))
        .collect();
    groups.extend(std::iter::repeat_n(Group::Nothing, size_of(&m.unclassified.id)));
    groups
}

/// Writes the synthetic sample as CSV text, drawn from the preset's
/// calibration (its `sample`).
pub fn generate(preset: &Preset, seed: u64, rows: usize) -> String {
    let mut rng = Pcg64::seed_from_u64(seed);
    let n = rows;
    let empty = SampleSpec::default();
    let cal = Calibration {
        spec: preset.sample.as_ref().unwrap_or(&empty),
        rules: preset
            .maturity
            .iter()
            .flat_map(|m| m.groups.iter().map(|g| g.id.as_str()))
            .collect(),
        grouping: preset.maturity.as_ref().map_or("", |m| m.question.as_str()),
    };
    let mut groups = allot(preset, n);
    groups.shuffle(&mut rng);

    // answers[respondent][column] as cell text.
    let mut header: Vec<String> = Vec::new();
    let mut columns: Vec<Vec<String>> = Vec::new();
    let mut noise = Pcg64::seed_from_u64(seed ^ NOISE_SALT);
    for q in &preset.questions {
        match q.kind {
            SpecKind::RatingGrid => {
                let mut drawn: Vec<[f64; 5]> = Vec::new();
                for item in &q.items {
                    header.push(format!("{} [{}]", q.headers[0], item.label));
                    let centre = cal.spec.ratings(&q.id, &item.key);
                    columns.push(grid_column(&mut rng, &mut noise, &groups, q, centre, &mut drawn));
                }
            }
            _ => {
                header.push(q.headers[0].clone());
                columns.push(column(&mut rng, &cal, &groups, q));
            }
        }
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail; the results are checked by the tests that parse the output.
    let _ = w.write_record(&header);
    for r in 0..n {
        let _ = w.write_record(columns.iter().map(|c| c[r].as_str()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Indexes of the respondents in each group (answering nothing excluded).
fn members(groups: &[Group], g: Group) -> Vec<usize> {
    groups
        .iter()
        .enumerate()
        .filter(|(_, x)| **x == g)
        .map(|(i, _)| i)
        .collect()
}

/// A few respondents skip any one question.
const SKIP_RATE: f64 = 0.03;

/// One of the calibration's write-ins, what a Google Form records when
/// "Other:" is filled in; none when it has none.
fn write_in(rng: &mut Pcg64, spec: &SampleSpec) -> Option<String> {
    let texts = &spec.write_ins;
    (!texts.is_empty()).then(|| texts[rng.random_range(0..texts.len())].clone())
}

fn column(rng: &mut Pcg64, cal: &Calibration, groups: &[Group], q: &QuestionSpec) -> Vec<String> {
    let n = groups.len();
    let mut cells = vec![String::new(); n];
    match q.kind {
        SpecKind::Skipped => {
            // Google Forms timestamps, one submission every hour or so through May 2020.
            let mut t: u64 = 0;
            for cell in cells.iter_mut() {
                t += rng.random_range(600..7200);
                let (day, rem) = (1 + t / 86_400 % 31, t % 86_400);
                *cell = format!(
                    "2020/05/{day:02} {:02}:{:02}:{:02} PM GMT+3",
                    (rem / 3600) % 12 + 1,
                    rem / 60 % 60,
                    rem % 60
                );
            }
        }
        SpecKind::Country => {
            let countries = &cal.spec.countries;
            let answering: Vec<usize> = (0..n)
                .filter(|&i| groups[i] != Group::Nothing && !rng.random_bool(0.01))
                .collect();
            // Everyone of the country list appears at least once, then by weight.
            let mut names: Vec<&str> = countries.iter().map(|c| c.0.as_str()).take(answering.len()).collect();
            names.extend(quota(rng, answering.len() - names.len(), countries));
            names.shuffle(rng);
            for (&i, name) in answering.iter().zip(names) {
                let spelled = cal
                    .spec
                    .spellings
                    .get(name)
                    .filter(|s| !s.is_empty())
                    .filter(|_| rng.random_bool(0.4))
                    .map(|s| s[rng.random_range(0..s.len())].as_str());
                cells[i] = spelled.unwrap_or(name).to_string();
            }
        }
        SpecKind::Single => {
            for g in 0..cal.rules.len() {
                let idx: Vec<usize> = members(groups, Group::Rule(g))
                    .into_iter()
                    .filter(|_| !rng.random_bool(SKIP_RATE))
                    .collect();
                for (&i, label) in idx.iter().zip(quota(rng, idx.len(), cal.answers(&q.id, g))) {
                    cells[i] = label.to_string();
                }
                // An "Other:" choice in a Google Form records the typed text.
                for &i in &idx {
                    if is_other_label(&cells[i]) && rng.random_bool(0.5) {
                        if let Some(text) = write_in(rng, cal.spec) {
                            cells[i] = text;
                        }
                    }
                }
            }
        }
        SpecKind::Multi => {
            for g in 0..cal.rules.len() {
                // The question the rules read decides the group, so nobody skips it.
                let skip = if q.id == cal.grouping { 0.0 } else { SKIP_RATE };
                let idx: Vec<usize> = members(groups, Group::Rule(g))
                    .into_iter()
                    .filter(|_| !rng.random_bool(skip))
                    .collect();
                let chosen = multi_quota(rng, idx.len(), cal.answers(&q.id, g));
                for (&i, picks) in idx.iter().zip(chosen) {
                    // Google Forms lists choices in the form's order, "Other" text last.
                    let typed = picks.iter().any(|p| is_other_label(p)) && !cal.spec.write_ins.is_empty();
                    let mut parts: Vec<String> = q
                        .options
                        .iter()
                        .filter(|o| picks.contains(&o.as_str()) && !(typed && is_other_label(o)))
                        .cloned()
                        .collect();
                    if typed {
                        parts.extend(write_in(rng, cal.spec));
                    }
                    cells[i] = parts.join(", ");
                }
            }
        }
        SpecKind::RatingGrid => {}
    }
    cells
}

/// One rating-grid item's column. Who answers and who gives which point
/// come from `rng`, as for every question; how many give each point comes
/// from the item's shares, drawn from `noise` around its `centre` and drawn
/// again while the item's percents are not [`apart`] from those of every
/// item in `drawn`, to which they are then added. An item the calibration
/// gives no shares is left blank.
fn grid_column(
    rng: &mut Pcg64,
    noise: &mut Pcg64,
    groups: &[Group],
    q: &QuestionSpec,
    centre: Option<[f64; 5]>,
    drawn: &mut Vec<[f64; 5]>,
) -> Vec<String> {
    let n = groups.len();
    let mut cells = vec![String::new(); n];
    let idx: Vec<usize> = (0..n)
        .filter(|&i| groups[i] != Group::Nothing && !rng.random_bool(SKIP_RATE))
        .collect();
    let Some(centre) = centre else {
        return cells;
    };
    let m = idx.len();
    let mut counts = Vec::new();
    let mut percents = [0.0; 5];
    for _ in 0..MAX_REDRAWS {
        counts = quota_counts(m, &perturbed(noise, centre));
        for (p, &c) in percents.iter_mut().zip(&counts) {
            *p = 100.0 * c as f64 / m.max(1) as f64;
        }
        if drawn.iter().all(|d| apart(d, &percents)) {
            break;
        }
    }
    drawn.push(percents);
    let mut points: Vec<usize> = counts
        .iter()
        .enumerate()
        .flat_map(|(p, &c)| std::iter::repeat_n(p, c))
        .collect();
    points.shuffle(rng);
    for (&i, p) in idx.iter().zip(points) {
        // Google Forms records the label of a linear scale or grid choice.
        cells[i] = q.scale.get(p).cloned().unwrap_or_else(|| (p + 1).to_string());
    }
    cells
}

/// A Kaggle-shaped export for benchmarks: two header rows (codes, then
/// `Question - Selected Choice - Option`), `columns` columns in all: a
/// duration, single-choice questions, and multi-select groups with one
/// column per option holding its label or nothing. Seeded, so every run of
/// a benchmark reads the same bytes.
pub fn kaggle_like(seed: u64, rows: usize, columns: usize) -> String {
    let mut rng = Pcg64::seed_from_u64(seed);
    // (code, text, options, multi)
    let mut questions: Vec<(String, String, Vec<String>, bool)> = Vec::new();
    let mut used = 1; // the duration column
    let mut q = 1;
    while used < columns {
        let multi = q % 3 != 1;
        let n_opts = if multi { 4 + (q * 7) % 9 } else { 3 + (q * 5) % 8 };
        let n_opts = if multi { n_opts.min(columns - used) } else { n_opts };
        let options: Vec<String> = (1..=n_opts).map(|k| format!("Choice {k} of Q{q}")).collect();
        used += if multi { n_opts } else { 1 };
        questions.push((
            format!("Q{q}"),
            format!("Synthetic benchmark question {q}?"),
            options,
            multi,
        ));
        q += 1;
    }
    let mut codes = vec!["Time from Start to Finish (seconds)".to_string()];
    let mut texts = vec!["Duration (in seconds)".to_string()];
    for (code, text, options, multi) in &questions {
        if *multi {
            for (k, o) in options.iter().enumerate() {
                codes.push(format!("{code}_Part_{}", k + 1));
                texts.push(format!("{text} (Select all that apply) - Selected Choice - {o}"));
            }
        } else {
            codes.push(code.clone());
            texts.push(format!("{text} - Selected Choice"));
        }
    }
    let mut w = csv::WriterBuilder::new().from_writer(Vec::with_capacity(rows * columns * 8));
    let _ = w.write_record(&codes);
    let _ = w.write_record(&texts);
    let mut record: Vec<String> = Vec::with_capacity(columns);
    for _ in 0..rows {
        record.clear();
        record.push(rng.random_range(60..20_000u32).to_string());
        // Later questions are skipped more often, as in the real survey.
        for (i, (_, _, options, multi)) in questions.iter().enumerate() {
            let skipped = rng.random_bool((0.1 + i as f64 / questions.len() as f64 * 0.5).min(0.9));
            if *multi {
                for o in options {
                    let chosen = !skipped && rng.random_bool(0.2);
                    record.push(if chosen { o.clone() } else { String::new() });
                }
            } else if skipped {
                record.push(String::new());
            } else {
                record.push(options[rng.random_range(0..options.len())].clone());
            }
        }
        let _ = w.write_record(&record);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
