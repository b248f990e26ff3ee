//! Which question of the file feeds each preset question: the person's
//! choices first, then the best match of header words and options for each
//! preset question in its order; and how a mapped question is read to fit
//! the preset question it feeds.

use std::collections::BTreeMap;

use crate::infer::matching;
use crate::infer::preset::{Preset, QuestionSpec, SpecKind};
use crate::infer::schema::{self, Encoding, Kind, Question};
use crate::read::table::Table;

/// For each preset question, the index in `qs` of the file question feeding
/// it: the person's choice where `chosen` has one (None: "not in the file"),
/// else the best-scoring question not yet taken, in preset order.
pub fn map_questions(
    preset: &Preset,
    chosen: &BTreeMap<String, Option<String>>,
    qs: &[Question],
    table: &Table,
) -> Vec<Option<usize>> {
    let mut taken = vec![false; qs.len()];
    let mut out = vec![None; preset.questions.len()];
    for (pi, spec) in preset.questions.iter().enumerate() {
        if let Some(choice) = chosen.get(&spec.id) {
            out[pi] = choice.as_ref().and_then(|id| qs.iter().position(|q| &q.id == id));
            if let Some(i) = out[pi] {
                taken[i] = true;
            }
        }
    }
    let keys: Vec<QuestionKeys> = qs.iter().map(|q| QuestionKeys::new(q, table)).collect();
    for (pi, spec) in preset.questions.iter().enumerate() {
        if chosen.contains_key(&spec.id) || spec.kind == SpecKind::Skipped {
            continue;
        }
        let spec_keys = SpecKeys::new(spec);
        let best = qs
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .map(|(i, q)| (i, match_score(spec, &spec_keys, q, &keys[i])))
            .filter(|(_, s)| *s >= 1.0)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = best {
            taken[i] = true;
            out[pi] = Some(i);
        }
    }
    out
}

/// Reads a question feeding `spec` as that question's kind where the guess
/// differs in a way the preset settles: a column of whole-cell options that
/// feeds a multi-select question learns its joined labels; free text or a
/// rating feeding a single choice is read as single choice.
pub fn fit_to_spec(q: &mut Question, spec: &QuestionSpec, table: &Table) {
    match spec.kind {
        SpecKind::Multi if q.encoding == Encoding::Cell => {
            let col = &table.columns[q.columns[0]];
            q.options = schema::joined_labels(col, &q.header, true).unwrap_or_default();
            q.kind = Kind::Multi;
            q.encoding = Encoding::Joined;
            q.ordered = false;
        }
        SpecKind::Single | SpecKind::Country if q.kind == Kind::Text || q.kind == Kind::Rating => {
            q.kind = Kind::Single;
        }
        _ => {}
    }
}

/// Words of a normalised header that say something (no stop words): what
/// the preset mapping and the matching of two editions
/// (`report::compare`) compare headers by.
pub fn header_words(normalized: &str) -> Vec<String> {
    normalized
        .split(' ')
        .filter(|w| w.len() > 2 && !STOPWORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// A file question as the preset mapping compares it: its header and its
/// options, items or (first) values, normalised once per question, not once
/// per (preset question, file question) pair: with 16,384 columns and a few
/// dozen preset questions per preset, normalising inside the pair loop was
/// most of the report's time.
struct QuestionKeys {
    header: String,
    words: Vec<String>,
    seen: rustc_hash::FxHashSet<String>,
}

impl QuestionKeys {
    fn new(q: &Question, table: &Table) -> QuestionKeys {
        let listed = if q.encoding == Encoding::Grid {
            &q.items
        } else {
            &q.options
        };
        let seen = if listed.is_empty() && q.columns.len() == 1 {
            table.columns[q.columns[0]]
                .entries()
                .take(500)
                .map(|(_, v, _)| matching::normalize(v))
                .collect()
        } else {
            listed.iter().map(|o| matching::normalize(o)).collect()
        };
        let header = matching::normalize(&q.header);
        QuestionKeys {
            words: header_words(&header),
            header,
            seen,
        }
    }
}

/// A preset question's headers, their words and its options (or items),
/// normalised once per mapping.
struct SpecKeys {
    headers: Vec<String>,
    words: Vec<Vec<String>>,
    expected: Vec<String>,
}

impl SpecKeys {
    fn new(spec: &QuestionSpec) -> SpecKeys {
        let headers: Vec<String> = spec.headers.iter().map(|h| matching::normalize(h)).collect();
        let expected = if spec.kind == SpecKind::RatingGrid {
            spec.items.iter().map(|i| matching::normalize(&i.label)).collect()
        } else {
            spec.options.iter().map(|o| matching::normalize(o)).collect()
        };
        SpecKeys {
            words: headers.iter().map(|h| header_words(h)).collect(),
            headers,
            expected,
        }
    }
}

/// How well a file question fits a preset question: 1 or more is a match.
fn match_score(spec: &QuestionSpec, sk: &SpecKeys, q: &Question, qk: &QuestionKeys) -> f64 {
    let kind_ok = match spec.kind {
        SpecKind::Single => matches!(q.kind, Kind::Single | Kind::Rating | Kind::Text),
        SpecKind::Country => matches!(q.kind, Kind::Single | Kind::Text),
        SpecKind::Multi => matches!(q.kind, Kind::Multi | Kind::Single | Kind::Text),
        SpecKind::RatingGrid => q.encoding == Encoding::Grid,
        SpecKind::Skipped => false,
    };
    if !kind_ok {
        return 0.0;
    }
    let exact = sk.headers.contains(&qk.header);
    let similarity = sk.words.iter().map(|hw| jaccard(hw, &qk.words)).fold(0.0, f64::max);
    // Option overlap: the share of the preset's options (or items) seen in the file.
    let overlap = if sk.expected.is_empty() {
        0.0
    } else {
        sk.expected.iter().filter(|o| qk.seen.contains(*o)).count() as f64 / sk.expected.len() as f64
    };
    let header_score = if exact {
        1.0
    } else if similarity >= 0.6 {
        similarity
    } else {
        0.0
    };
    let option_score = if overlap >= 0.6 { overlap } else { 0.0 };
    // Either the header or the options must clearly match; both count.
    if header_score == 0.0 && option_score == 0.0 {
        return 0.0;
    }
    1.0 + header_score + option_score * 0.5
}

/// The share of words two headers have in common (Jaccard's index over
/// [`header_words`]); 0 for two empty lists.
pub fn jaccard(a: &[String], b: &[String]) -> f64 {
    let common = a.iter().filter(|w| b.contains(w)).count() as f64;
    let union = (a.len() + b.len()) as f64 - common;
    if union <= 0.0 {
        0.0
    } else {
        common / union
    }
}

const STOPWORDS: &[&str] = &[
    "the", "you", "your", "are", "what", "which", "how", "with", "for", "does", "that", "this", "and", "all", "apply",
    "select",
];
