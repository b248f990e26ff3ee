//! One question's report from its counts: bars in the order they are
//! shown (preset options no answer names listed as not offered), the
//! free-text bucket, a grid's items, a number's summary, free-text samples.

use std::collections::HashMap;

use crate::base::format::bin_edge;
use crate::count::accounting::AnswerAccounting;
use crate::count::engine::{Base, QuestionCounts, Tally};
use crate::infer::preset::QuestionSpec;
use crate::infer::resolve::Resolver;
use crate::infer::schema::{Encoding, Kind, Question};
use crate::infer::values::NumberFormat;
use crate::read::ingest::{Ingested, Notice};
use crate::read::table::Column;
use crate::report::types::{
    can_split, can_split_by, ItemReport, NumberSummary, OptionCount, QuestionReport, OTHER_FREE_TEXT,
};

/// Free-text answers kept per question for the page.
const TEXT_SAMPLES: usize = 60;

/// The report of question `q` (feeding preset question `spec`, if any),
/// read by `r` and counted in `counts`, among `respondents`; with the
/// weighted sums beside the counts when `weighted`. Grid answers off the
/// scale add a notice each (the first 20).
#[allow(clippy::too_many_arguments)]
pub fn question_report(
    q: &Question,
    spec: Option<&QuestionSpec>,
    r: &Resolver,
    counts: &QuestionCounts,
    respondents: u64,
    weighted: bool,
    data: &Ingested,
    notices: &mut Vec<Notice>,
) -> QuestionReport {
    let (weighted_base, effective_base) = weighted_bases(&counts.base, weighted);
    let option = |label: &str, t: &Tally| {
        OptionCount::weighed(label, t.respondents, weighted.then_some(t.weight), weighted_base)
    };
    let mut options: Vec<OptionCount> = r
        .labels
        .iter()
        .zip(&counts.options)
        .map(|(l, t)| option(l, t))
        .collect();
    // Preset options no answer names are listed as not offered, not drawn as 0%.
    let mut not_offered = r.absent.clone();
    if r.encoding != Encoding::Grid {
        let keep: Vec<bool> = options
            .iter()
            .zip(&r.preset_only)
            .map(|(o, &only)| !(only && o.count == 0))
            .collect();
        not_offered.extend(options.iter().zip(&keep).filter(|x| !*x.1).map(|x| x.0.label.clone()));
        options = kept(&options, &keep);
    }
    let mut other = sorted_counts(&counts.other_texts);
    if weighted {
        for o in &mut other {
            let w = counts.other_weights.get(&o.label).copied().unwrap_or(0.0);
            *o = OptionCount::weighed(o.label.clone(), o.count, Some(w), weighted_base);
        }
    }
    let mut items = Vec::new();
    let mut numbers = None;
    let mut samples = Vec::new();
    let mut answered = counts.base.respondents;
    let other_respondents = counts.other.respondents;
    match q.kind {
        Kind::Single | Kind::Multi if r.encoding != Encoding::Grid => {
            if other_respondents > 0 {
                options.push(option(OTHER_FREE_TEXT, &counts.other));
            }
            // Without a preset or a scale, show the most chosen first.
            if spec.is_none() && !q.ordered {
                options.sort_by(|a, b| {
                    let o = |x: &OptionCount| x.label == OTHER_FREE_TEXT;
                    o(a).cmp(&o(b)).then(b.count.cmp(&a.count))
                });
            }
        }
        Kind::Rating if r.encoding == Encoding::Grid => {
            options.clear();
            for (item, c) in r.items.iter().zip(&counts.items) {
                let (item_weighted, item_effective) = weighted_bases(&c.base, weighted);
                items.push(ItemReport {
                    key: item.key.clone(),
                    label: item.label.clone(),
                    column: item.column,
                    answered: c.base.respondents,
                    counts: r
                        .labels
                        .iter()
                        .zip(&c.points)
                        .map(|(l, t)| {
                            OptionCount::weighed(l, t.respondents, weighted.then_some(t.weight), item_weighted)
                        })
                        .collect(),
                    invalid: c.invalid,
                    weighted_base: item_weighted,
                    effective_base: item_effective,
                });
            }
            for &(row, k) in &counts.invalid_examples {
                let Some(c) = r.items[k].column else { continue };
                let value = data.table.columns[c].value(data.table.columns[c].code(row));
                // Rows are counted from the first data row; add the header rows.
                let file_row = row as u64 + data.info.header_rows as u64 + 1;
                notices.push(Notice {
                    row: Some(file_row),
                    column: Some(data.names[c].clone()),
                    message: format!(
                        "row {file_row}: {value:?} is not a point of the scale; the answer was left out of this item"
                    ),
                });
            }
        }
        Kind::Rating if other_respondents > 0 => {
            options.push(option(OTHER_FREE_TEXT, &counts.other));
        }
        Kind::Number => {
            let col = &data.table.columns[q.columns[0]];
            numbers = number_summary(&values_of(col, &counts.values), q.number.as_ref());
            options.clear();
        }
        Kind::Text => {
            let col = &data.table.columns[q.columns[0]];
            let mut all: Vec<OptionCount> = values_of(col, &counts.values)
                .into_iter()
                .map(|(v, n)| OptionCount::new(v, n))
                .collect();
            sort_desc(&mut all);
            samples = all.into_iter().take(TEXT_SAMPLES).collect();
            options.clear();
        }
        Kind::Skipped => {
            answered = 0;
            options.clear();
        }
        _ => {}
    }
    let header = q.header.clone();
    let mut report = QuestionReport {
        id: spec.map_or(q.id.clone(), |s| s.id.clone()),
        key: q.id.clone(),
        header,
        kind: q.kind,
        encoding: q.encoding.clone(),
        columns: q.columns.clone(),
        answered,
        skipped: if q.kind == Kind::Skipped {
            0
        } else {
            respondents.saturating_sub(answered)
        },
        options,
        other,
        items,
        ordered: q.ordered || spec.is_some_and(|s| s.ordered),
        figure: spec.and_then(|s| s.figure.clone()),
        role: spec.map(|s| s.id.clone()),
        numbers,
        samples,
        reason: q.reason.clone(),
        not_offered: if matches!(q.kind, Kind::Single | Kind::Multi | Kind::Rating) {
            not_offered
        } else {
            Vec::new()
        },
        renamed: r.renamed.clone(),
        answers: AnswerAccounting::default(),
        can_split: can_split(q.kind, &q.encoding),
        can_split_by: can_split_by(q.kind, &q.encoding),
        nps: None,
        weighted_base,
        effective_base,
    };
    report.nps = crate::report::nps::nps_of(&report);
    report
}

/// The values of `col` given by some respondent counted, with how many.
fn values_of<'a>(col: &'a Column, tallies: &[Tally]) -> Vec<(&'a str, u64)> {
    tallies
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, t)| t.respondents > 0)
        .map(|(code, t)| (col.value(code as u16), t.respondents))
        .collect()
}

/// Minimum, maximum, mean, median and ten equal-width bins of the values
/// that read as numbers in `format`.
fn number_summary(given: &[(&str, u64)], format: Option<&NumberFormat>) -> Option<NumberSummary> {
    let plain = NumberFormat::default();
    let format = format.unwrap_or(&plain);
    let mut values: Vec<(f64, u64)> = given
        .iter()
        .filter_map(|&(v, n)| format.parse(v).map(|x| (x, n)))
        .collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: u64 = values.iter().map(|v| v.1).sum();
    let (min, max) = (values[0].0, values[values.len() - 1].0);
    let mean = values.iter().map(|(x, n)| x * *n as f64).sum::<f64>() / total as f64;
    let mut seen = 0;
    let mut median = min;
    for (x, n) in &values {
        seen += n;
        if seen * 2 >= total {
            median = *x;
            break;
        }
    }
    let bins_n = 10usize;
    let width = ((max - min) / bins_n as f64).max(f64::MIN_POSITIVE);
    let mut bins = vec![0u64; bins_n];
    for (x, n) in &values {
        let b = (((x - min) / width) as usize).min(bins_n - 1);
        bins[b] += n;
    }
    let fmt = bin_edge;
    let bins = if max == min {
        vec![OptionCount::new(fmt(min), total)]
    } else {
        bins.iter()
            .enumerate()
            .map(|(i, &count)| {
                OptionCount::new(
                    format!(
                        "{}\u{2013}{}",
                        fmt(min + width * i as f64),
                        fmt(min + width * (i + 1) as f64)
                    ),
                    count,
                )
            })
            .collect()
    };
    Some(NumberSummary {
        min,
        max,
        mean,
        median,
        bins,
    })
}

/// A base's Σw and Kish's effective size (Σw)²/Σw², when weighted.
pub fn weighted_bases(b: &Base, weighted: bool) -> (Option<f64>, Option<f64>) {
    if !weighted {
        return (None, None);
    }
    let effective = if b.weight_sq > 0.0 {
        b.weight * b.weight / b.weight_sq
    } else {
        0.0
    };
    (Some(b.weight), Some(effective))
}

/// The entries of `v` whose `keep` is true (entries past `keep` are kept).
pub fn kept<T: Clone>(v: &[T], keep: &[bool]) -> Vec<T> {
    v.iter()
        .enumerate()
        .filter(|(i, _)| keep.get(*i).copied().unwrap_or(true))
        .map(|(_, x)| x.clone())
        .collect()
}

fn sorted_counts(map: &HashMap<String, u64>) -> Vec<OptionCount> {
    let mut v: Vec<OptionCount> = map
        .iter()
        .map(|(k, &count)| OptionCount::new(k.clone(), count))
        .collect();
    sort_desc(&mut v);
    v
}

/// Most frequent first; ties by label so the output is deterministic.
pub fn sort_desc(v: &mut [OptionCount]) {
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
}
