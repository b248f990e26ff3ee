//! Two editions of a survey side by side: each question of edition A paired
//! with its question in edition B, each option with its option, and every
//! change of a share tested.
//!
//! Questions are paired by the file's code where both editions have the same
//! code and the same text, else by the same text, else by similar text and
//! options (the header words and option overlap the preset mapping reads,
//! `infer::mapping`), best pairs first, each question in one pair at most;
//! a person's pairs and unpairings come first. Options are paired by their
//! spelling (`answer_key`), else their words, else the most words in common;
//! an option one edition lacks stays unpaired and is shown as such, never as
//! 0%. A change is tested by a two-proportion z test (on Kish's effective
//! bases when weighted), Benjamini-Hochberg corrected within the question.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::base::error::{Error, ErrorKind, Result};
use crate::base::stats;
use crate::base::words::normalize;
use crate::infer::mapping::{header_words, jaccard};
use crate::infer::schema::is_positional_id;
use crate::infer::values::{answer_key, f64_key, reorder};
use crate::report::types::{analysis_words, Encoding, Kind, OptionCount, QuestionReport, Report, Section};

/// A change is called significant below this Benjamini-Hochberg q-value.
pub const ALPHA: f64 = 0.05;

/// The id under which the maturity groups are compared, as a question.
pub const GROUPS_ID: &str = "maturity";

/// What a person changed of the automatic pairing, and the editions' names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pairing {
    /// The editions' names, A then B; an empty or absent name is made from
    /// the file's name ([`edition_name`]).
    pub names: Vec<String>,
    /// Question pairs the person made, by the ids of the comparison.
    pub pairs: Vec<QuestionPair>,
    /// Questions of A the person unpaired.
    pub unpaired: Vec<String>,
    /// Option pairs the person made (`b` None unpairs option `a`).
    pub options: Vec<OptionPair>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionPair {
    pub a: String,
    pub b: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionPair {
    /// The question's id in A.
    pub question: String,
    pub a: String,
    pub b: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub a: Edition,
    pub b: Edition,
    /// Every pair of questions, in A's order (the maturity groups first).
    pub questions: Vec<ComparedQuestion>,
    pub unmatched_a: Vec<Unmatched>,
    pub unmatched_b: Vec<Unmatched>,
    /// What changed, in sentences (`present::changes`).
    #[serde(default)]
    pub text: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edition {
    pub name: String,
    pub file: Option<String>,
    pub respondents: u64,
    /// Whom the edition's shares describe when filtered or weighted.
    pub analysis: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    pub id: String,
    pub header: String,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparedQuestion {
    /// The question's id in each edition's report (a preset's id where it
    /// feeds one), and the file's own code for it.
    pub a_id: String,
    pub b_id: String,
    pub a_code: String,
    pub b_code: String,
    pub a_header: String,
    pub b_header: String,
    pub kind: Kind,
    /// How sure the pairing is, 0 to 1: 1 for the same code and text.
    pub confidence: f64,
    /// "code and text", "text", "similar text and options" or "you".
    pub matched_by: String,
    /// The options are a rating grid's items and the shares their top-two boxes.
    pub grid: bool,
    /// A grid's two highest points as A labels them ("Good", "Excellent").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top: Vec<String>,
    /// The figure drawn for it, None when not compared.
    pub figure: Option<String>,
    /// Why it is not compared (numbers, free text), if so.
    pub reason: Option<String>,
    pub options: Vec<ComparedOption>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparedOption {
    /// A's label, or B's for an option only B offers.
    pub label: String,
    pub a_label: Option<String>,
    pub b_label: Option<String>,
    pub a: Option<Share>,
    pub b: Option<Share>,
    /// B's share minus A's, in percentage points.
    pub change: Option<f64>,
    pub p: Option<f64>,
    pub q: Option<f64>,
    pub significant: bool,
    /// "same", "similar" or "you"; None when one edition lacks it.
    pub matched_by: Option<String>,
}

impl ComparedOption {
    /// An option as each edition labels it and its share there (None: that
    /// edition does not offer it), untested yet ([`test_changes`]).
    fn new(a: Option<(&str, Share)>, b: Option<(&str, Share)>, matched_by: Option<&str>) -> ComparedOption {
        ComparedOption {
            label: a.or(b).map_or(String::new(), |(l, _)| l.to_string()),
            a_label: a.map(|(l, _)| l.to_string()),
            b_label: b.map(|(l, _)| l.to_string()),
            a: a.map(|(_, s)| s),
            b: b.map(|(_, s)| s),
            change: None,
            p: None,
            q: None,
            significant: false,
            matched_by: matched_by.map(str::to_string),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub count: u64,
    pub base: u64,
    /// Weighted when the edition is.
    pub percent: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_base: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_base: Option<f64>,
}

impl Share {
    fn of(count: u64, base: u64, weighted: Option<f64>, weighted_base: Option<f64>, effective: Option<f64>) -> Share {
        let plain = if base == 0 { 0.0 } else { count as f64 / base as f64 };
        let share = match (weighted, weighted_base) {
            (Some(w), Some(wb)) if effective.is_some() => {
                if wb > 0.0 {
                    w / wb
                } else {
                    0.0
                }
            }
            _ => plain,
        };
        Share {
            count,
            base,
            percent: share * 100.0,
            weighted: effective.and(weighted),
            weighted_base: effective.and(weighted_base),
            effective_base: effective,
        }
    }

    /// The share of 1 and the base it is tested on (effective when weighted).
    pub fn tested(&self) -> (f64, f64) {
        (self.percent / 100.0, self.effective_base.unwrap_or(self.base as f64))
    }
}

/// The id of a compared question's figure: "cmp-" and its id in A.
pub fn comparison_figure_id(a_id: &str) -> String {
    format!("cmp-{a_id}")
}

/// An edition's name from its file's name: a year in it ("kaggle-survey-2021.zip"
/// is "2021"), else the name without its extension.
pub fn edition_name(file: Option<&str>, fallback: &str) -> String {
    let Some(file) = file.filter(|f| !f.trim().is_empty()) else {
        return fallback.to_string();
    };
    let years: Vec<&str> = file
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4 && (t.starts_with("19") || t.starts_with("20")))
        .collect();
    if let [year] = years[..] {
        return year.to_string();
    }
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if stem.is_empty() {
        file.to_string()
    } else {
        stem.to_string()
    }
}

/// What is compared of a question: choices (single, multiple, rating), a
/// grid's items, or nothing (numbers, free text), which still pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Choice,
    Grid,
    Number,
    Text,
}

fn family(q: &QuestionReport) -> Option<Family> {
    match q.kind {
        Kind::Skipped => None,
        _ if q.encoding == Encoding::Grid => Some(Family::Grid),
        Kind::Number => Some(Family::Number),
        Kind::Text => Some(Family::Text),
        Kind::Single | Kind::Multi | Kind::Rating => Some(Family::Choice),
    }
}

/// A question as pairing reads it, normalised once.
struct Keys {
    family: Option<Family>,
    key: String,
    header: String,
    words: Vec<String>,
    options: FxHashSet<String>,
}

impl Keys {
    fn new(q: &QuestionReport) -> Keys {
        let header = normalize(&q.header);
        let options = if q.encoding == Encoding::Grid {
            q.items.iter().map(|i| normalize(&i.label)).collect()
        } else {
            q.options.iter().map(|o| normalize(&o.label)).collect()
        };
        Keys {
            family: family(q),
            key: q.key.clone(),
            words: header_words(&header),
            header,
            options,
        }
    }

    /// The share of the smaller list of options the two have in common.
    fn overlap(&self, other: &Keys) -> f64 {
        let smaller = self.options.len().min(other.options.len());
        if smaller == 0 {
            return 0.0;
        }
        self.options.intersection(&other.options).count() as f64 / smaller as f64
    }
}

/// How two questions pair, if they can: (confidence, how).
fn pair_score(a: &Keys, b: &Keys) -> Option<(f64, &'static str)> {
    if a.family.is_none() || a.family != b.family {
        return None;
    }
    let overlap = a.overlap(b);
    if a.header == b.header && !a.header.is_empty() {
        // "column_4" in both says only that the columns are in the same place.
        if a.key == b.key && !is_positional_id(&a.key) {
            return Some((1.0, "code and text"));
        }
        return Some((0.9 + 0.05 * overlap, "text"));
    }
    let words = jaccard(&a.words, &b.words);
    // As the preset mapping: the header or the options must clearly match;
    // options alone are not enough (the same list follows many questions).
    let fits = (words >= 0.6 && (overlap >= 0.3 || a.options.is_empty() && b.options.is_empty()))
        || (words >= 0.4 && overlap >= 0.8);
    fits.then(|| ((0.5 * words + 0.35 * overlap).min(0.85), "similar text and options"))
}

/// A pair of questions (indexes into each report's questions).
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub a: usize,
    pub b: usize,
    pub confidence: f64,
    pub by: String,
}

/// Word keys shared by more than this many questions of B are not used to
/// find candidates (they say little, and would make every pair a candidate);
/// a header shared by more is compared rank by rank.
const COMMON_WORD: usize = 64;

/// Pairs the questions of `a` with those of `b`: the person's pairs, then
/// same code and text, same text, similar text and options, best first.
pub fn match_questions(a: &Report, b: &Report, pairing: &Pairing) -> Result<Vec<Match>> {
    let ka: Vec<Keys> = a.questions.iter().map(Keys::new).collect();
    let kb: Vec<Keys> = b.questions.iter().map(Keys::new).collect();
    let find = |r: &Report, id: &str, edition: &str| -> Result<usize> {
        r.questions.iter().position(|q| q.id == id || q.key == id).ok_or_else(|| {
            Error::new(
                ErrorKind::Usage,
                format!("no question \u{201c}{id}\u{201d} in edition {edition}: pair questions by the ids the comparison lists"),
            )
        })
    };
    let mut taken_a = vec![false; ka.len()];
    let mut taken_b = vec![false; kb.len()];
    let mut out = Vec::new();
    for id in &pairing.unpaired {
        taken_a[find(a, id, "A")?] = true;
    }
    for p in &pairing.pairs {
        let (i, j) = (find(a, &p.a, "A")?, find(b, &p.b, "B")?);
        if family(&a.questions[i]).is_none() || family(&b.questions[j]).is_none() {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("\u{201c}{}\u{201d} or \u{201c}{}\u{201d} is not read as a question (skipped): read it as another kind first", p.a, p.b),
            ));
        }
        if taken_b[j] {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "\u{201c}{}\u{201d} of edition B is paired twice: pair each question once",
                    p.b
                ),
            ));
        }
        taken_a[i] = true;
        taken_b[j] = true;
        out.push(Match {
            a: i,
            b: j,
            confidence: 1.0,
            by: "you".into(),
        });
    }
    // Candidates share the same normalised header, or a word of it that
    // few of B's questions have. Each key names a list of B's questions; a
    // stamp per B question (the A question last listing it) keeps each
    // candidate once. (Maps and sets of these shapes exist elsewhere in the
    // crate: a new one would add its own copy of the hash table's code to
    // the page's wasm.)
    let mut lists: Vec<Vec<usize>> = Vec::new();
    let mut by_header: FxHashMap<&str, usize> = FxHashMap::default();
    let mut by_word: FxHashMap<&str, usize> = FxHashMap::default();
    fn list_of<'k>(map: &mut FxHashMap<&'k str, usize>, key: &'k str, j: usize, lists: &mut Vec<Vec<usize>>) {
        let at = *map.entry(key).or_insert_with(|| {
            lists.push(Vec::new());
            lists.len() - 1
        });
        if lists[at].last() != Some(&j) {
            lists[at].push(j);
        }
    }
    for (j, k) in kb.iter().enumerate() {
        list_of(&mut by_header, k.header.as_str(), j, &mut lists);
        for w in &k.words {
            list_of(&mut by_word, w.as_str(), j, &mut lists);
        }
    }
    // Each A question's rank among A's questions of the same header: where
    // more than COMMON_WORD of B's share a header, the k-th of A is compared
    // with the k-th of B only, in file order (all with all would grow as
    // the square of their number).
    let mut seen_header: FxHashMap<&str, usize> = FxHashMap::default();
    let rank: Vec<usize> = ka
        .iter()
        .map(|k| {
            let n = seen_header.entry(k.header.as_str()).or_insert(0);
            *n += 1;
            *n - 1
        })
        .collect();
    let mut stamp = vec![usize::MAX; kb.len()];
    let mut candidates: Vec<(f64, usize, usize, &'static str)> = Vec::new();
    for (i, k) in ka.iter().enumerate() {
        if taken_a[i] {
            continue;
        }
        let mut near: Vec<usize> = Vec::new();
        let header = by_header.get(k.header.as_str()).map(|&at| match &lists[at][..] {
            js if js.len() > COMMON_WORD => js.get(rank[i]).map_or(&[][..], std::slice::from_ref),
            js => js,
        });
        let words = k
            .words
            .iter()
            .filter_map(|w| by_word.get(w.as_str()).map(|&at| &lists[at][..]))
            .filter(|js| js.len() <= COMMON_WORD);
        for js in header.into_iter().chain(words) {
            for &j in js {
                if stamp[j] != i {
                    stamp[j] = i;
                    near.push(j);
                }
            }
        }
        for j in near {
            if !taken_b[j] {
                if let Some((score, how)) = pair_score(k, &kb[j]) {
                    candidates.push((score, i, j, how));
                }
            }
        }
    }
    // Best first; ties in A's order, then as found.
    // (One sort routine for the crate, `order_of`: each `sort_by` closure
    // would be a sort of its own in the page's wasm.)
    let keys: Vec<u64> = candidates.iter().map(|c| f64_key(-c.0)).collect();
    reorder(&mut candidates, &keys);
    for (score, i, j, how) in candidates {
        if !taken_a[i] && !taken_b[j] {
            taken_a[i] = true;
            taken_b[j] = true;
            out.push(Match {
                a: i,
                b: j,
                confidence: score,
                by: how.into(),
            });
        }
    }
    let keys: Vec<u64> = out.iter().map(|m| m.a as u64).collect();
    reorder(&mut out, &keys);
    Ok(out)
}

/// One edition's side of an option: its label and share.
struct Side {
    label: String,
    share: Share,
}

/// A grid's two highest points, by label: the scale's last two.
fn top_points(q: &QuestionReport) -> Vec<String> {
    top_labels(q).iter().map(|l| answer_key(l)).collect()
}

fn top_labels(q: &QuestionReport) -> Vec<String> {
    let scale = q.items.iter().map(|i| &i.counts).max_by_key(|c| c.len());
    let mut top: Vec<String> = scale.map_or(Vec::new(), |c| {
        c.iter().rev().take(2).map(|p| p.label.clone()).collect()
    });
    top.reverse();
    top
}

/// The options (or grid items, as the share in the points `top`, by
/// `answer_key`) of a question, as shares.
fn sides(q: &QuestionReport, top: &[String]) -> Vec<Side> {
    if q.encoding == Encoding::Grid {
        return q
            .items
            .iter()
            .map(|item| {
                let in_top: Vec<&OptionCount> = item
                    .counts
                    .iter()
                    .filter(|p| top.contains(&answer_key(&p.label)))
                    .collect();
                Side {
                    label: item.label.clone(),
                    share: Share::of(
                        in_top.iter().map(|p| p.count).sum(),
                        item.answered,
                        item.weighted_base
                            .map(|_| in_top.iter().map(|p| p.weighted.unwrap_or(0.0)).sum()),
                        item.weighted_base,
                        item.effective_base,
                    ),
                }
            })
            .collect();
    }
    q.options
        .iter()
        .map(|o| Side {
            label: o.label.clone(),
            share: Share::of(o.count, q.answered, o.weighted, q.weighted_base, q.effective_base),
        })
        .collect()
}

/// Pairs options by spelling, then words, then the most words in common
/// (more than 60% of them, or all of one label of two words or more within
/// the other): indexes into `b` for each of `a`, and how.
fn pair_options(a: &[String], b: &[String], forced: &[(&str, Option<&str>)]) -> Vec<Option<(usize, &'static str)>> {
    let mut out: Vec<Option<(usize, &'static str)>> = vec![None; a.len()];
    let mut taken_a = vec![false; a.len()];
    let mut taken_b = vec![false; b.len()];
    for (fa, fb) in forced {
        if let Some(i) = a.iter().position(|x| x == fa) {
            taken_a[i] = true;
            if let Some(j) = fb.and_then(|fb| b.iter().position(|y| y == fb)) {
                // A forced pair takes B's option from whatever else had it.
                for o in out.iter_mut() {
                    if o.is_some_and(|(k, _)| k == j) {
                        *o = None;
                    }
                }
                out[i] = Some((j, "you"));
                taken_b[j] = true;
            }
        }
    }
    type Key = fn(&str) -> String;
    let passes: [(&'static str, Key); 2] = [("same", answer_key), ("similar", normalize)];
    for (how, key) in passes {
        let mut index: FxHashMap<String, usize> = FxHashMap::default();
        for (j, label) in b.iter().enumerate() {
            if !taken_b[j] {
                index.entry(key(label)).or_insert(j);
            }
        }
        for (i, label) in a.iter().enumerate() {
            if taken_a[i] {
                continue;
            }
            if let Some(&j) = index.get(&key(label)) {
                if !taken_b[j] {
                    out[i] = Some((j, how));
                    taken_a[i] = true;
                    taken_b[j] = true;
                }
            }
        }
    }
    // Word overlap for the rest: few options are left by now, so all pairs
    // of them are scored (bounded by the options a figure compares).
    let words = |s: &str| -> Vec<String> {
        let mut w: Vec<String> = Vec::new();
        for word in normalize(s).split(' ').filter(|w| !w.is_empty()) {
            if !w.iter().any(|x| x == word) {
                w.push(word.to_string());
            }
        }
        w
    };
    let rest_a: Vec<usize> = (0..a.len()).filter(|&i| !taken_a[i]).take(MAX_FUZZY).collect();
    let rest_b: Vec<usize> = (0..b.len()).filter(|&j| !taken_b[j]).take(MAX_FUZZY).collect();
    let wa: Vec<Vec<String>> = rest_a.iter().map(|&i| words(&a[i])).collect();
    let wb: Vec<Vec<String>> = rest_b.iter().map(|&j| words(&b[j])).collect();
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (x, &i) in rest_a.iter().enumerate() {
        for (y, &j) in rest_b.iter().enumerate() {
            let s = jaccard(&wa[x], &wb[y]);
            // "Not employed" within "Currently not employed": all of a
            // label of two words or more within the other.
            let within = |p: &[String], q: &[String]| {
                p.iter().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 2 && p.iter().all(|w| q.contains(w))
            };
            let contained = within(&wa[x], &wb[y]) || within(&wb[y], &wa[x]);
            if s > 0.6 || contained {
                scored.push((s, i, j));
            }
        }
    }
    // Most words in common first; ties in A's, then B's order (as scored).
    let keys: Vec<u64> = scored.iter().map(|x| f64_key(-x.0)).collect();
    reorder(&mut scored, &keys);
    for (_, i, j) in scored {
        if !taken_a[i] && !taken_b[j] {
            out[i] = Some((j, "similar"));
            taken_a[i] = true;
            taken_b[j] = true;
        }
    }
    out
}

/// At most this many unpaired options of each edition are compared word by
/// word (the rest stay unpaired): the pairs scored grow as their product.
const MAX_FUZZY: usize = 100;

/// The comparison of one pair of questions: options paired and tested.
pub fn compare_question(qa: &QuestionReport, qb: &QuestionReport, m: &Match, pairing: &Pairing) -> ComparedQuestion {
    let fam = family(qa);
    let mut out = ComparedQuestion {
        a_id: qa.id.clone(),
        b_id: qb.id.clone(),
        a_code: qa.key.clone(),
        b_code: qb.key.clone(),
        a_header: qa.header.clone(),
        b_header: qb.header.clone(),
        kind: qa.kind,
        confidence: m.confidence,
        matched_by: m.by.clone(),
        grid: fam == Some(Family::Grid),
        top: if fam == Some(Family::Grid) {
            top_labels(qa)
        } else {
            Vec::new()
        },
        figure: None,
        reason: None,
        options: Vec::new(),
    };
    match fam {
        Some(Family::Number) => {
            out.reason = Some(
                "numbers: each edition's summary is in its own report; shares are compared for choices and grids"
                    .into(),
            );
            return out;
        }
        Some(Family::Text) => {
            out.reason = Some("free text: its answers are not options to compare".into());
            return out;
        }
        _ => {}
    }
    // A grid's top two points are A's, found by label in B (whose scale may
    // list its points in another order), else B's own.
    let top = top_points(qa);
    let b_points: FxHashSet<String> = qb
        .items
        .iter()
        .flat_map(|i| &i.counts)
        .map(|p| answer_key(&p.label))
        .collect();
    let top_b = if top.iter().all(|p| b_points.contains(p)) {
        top.clone()
    } else {
        top_points(qb)
    };
    let (sa, sb) = (sides(qa, &top), sides(qb, &top_b));
    let la: Vec<String> = sa.iter().map(|s| s.label.clone()).collect();
    let lb: Vec<String> = sb.iter().map(|s| s.label.clone()).collect();
    let forced: Vec<(&str, Option<&str>)> = pairing
        .options
        .iter()
        .filter(|o| o.question == qa.id || o.question == qa.key)
        .map(|o| (o.a.as_str(), o.b.as_deref()))
        .collect();
    let paired = pair_options(&la, &lb, &forced);
    let mut used_b = vec![false; sb.len()];
    for (s, p) in sa.iter().zip(&paired) {
        let b = p.map(|(j, how)| {
            used_b[j] = true;
            (&sb[j], how)
        });
        out.options.push(ComparedOption::new(
            Some((&s.label, s.share)),
            b.map(|(x, _)| (x.label.as_str(), x.share)),
            b.map(|(_, how)| how),
        ));
    }
    for (_, s) in sb.iter().enumerate().filter(|(j, _)| !used_b[*j]) {
        out.options
            .push(ComparedOption::new(None, Some((&s.label, s.share)), None));
    }
    test_changes(&mut out.options);
    if !out.options.is_empty() {
        out.figure = Some(comparison_figure_id(&out.a_id));
    }
    out
}

/// Each option's change, its two-proportion test and its BH q-value among
/// the question's options offered in both editions.
pub fn test_changes(options: &mut [ComparedOption]) {
    let mut ps = Vec::new();
    let mut at = Vec::new();
    for (i, o) in options.iter_mut().enumerate() {
        if let (Some(a), Some(b)) = (o.a, o.b) {
            let ((pa, na), (pb, nb)) = (a.tested(), b.tested());
            o.change = Some((pb - pa) * 100.0);
            let (_, p) = stats::two_proportion(pa, na, pb, nb);
            if p.is_finite() {
                o.p = Some(p);
                ps.push(p);
                at.push(i);
            }
        }
    }
    for (q, &i) in stats::benjamini_hochberg(&ps).iter().zip(&at) {
        options[i].q = Some(*q);
        options[i].significant = *q < ALPHA;
    }
}

/// The maturity groups of both editions as one compared question, when both
/// have them: each group's share of all respondents, as the report's own
/// figure of the groups (they do not overlap and sum to every respondent).
fn compare_groups(a: &Report, b: &Report) -> Option<ComparedQuestion> {
    let (ma, mb) = (a.maturity.as_ref()?, b.maturity.as_ref()?);
    let share = |m: &crate::report::types::MaturityReport, g: &crate::report::types::GroupReport, r: &Report| {
        let weighted: Option<f64> = m.groups.iter().map(|g| g.weighted).sum();
        let effective = r.weights.as_ref().map(|w| w.effective_n);
        Share::of(g.count, r.respondents, g.weighted, weighted, effective)
    };
    let mut options: Vec<ComparedOption> = ma
        .groups
        .iter()
        .map(|g| {
            let other = mb.groups.iter().find(|h| h.id == g.id);
            ComparedOption::new(
                Some((&g.label, share(ma, g, a))),
                other.map(|h| (h.label.as_str(), share(mb, h, b))),
                other.map(|_| "same"),
            )
        })
        .collect();
    test_changes(&mut options);
    Some(ComparedQuestion {
        figure: Some(comparison_figure_id(GROUPS_ID)),
        a_id: GROUPS_ID.into(),
        b_id: GROUPS_ID.into(),
        a_code: GROUPS_ID.into(),
        b_code: GROUPS_ID.into(),
        a_header: ma.question_header.clone(),
        b_header: mb.question_header.clone(),
        kind: Kind::Single,
        confidence: 1.0,
        matched_by: "code and text".into(),
        grid: false,
        top: Vec::new(),
        reason: None,
        options,
    })
}

/// Compares two editions' reports (each already filtered and weighted as
/// asked): questions paired, options paired, changes tested. The text is
/// written by `present::changes`, the figures by `present::figures`.
pub fn compare(a: &Report, b: &Report, pairing: &Pairing) -> Result<Comparison> {
    let matches = match_questions(a, b, pairing)?;
    for o in &pairing.options {
        if o.question != GROUPS_ID
            && !matches
                .iter()
                .any(|m| a.questions[m.a].id == o.question || a.questions[m.a].key == o.question)
        {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "an option pair names \u{201c}{}\u{201d}, which is not a paired question of edition A",
                    o.question
                ),
            ));
        }
    }
    let edition = |r: &Report, i: usize, fallback: &str| Edition {
        name: pairing
            .names
            .get(i)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map_or_else(|| edition_name(r.input.name.as_deref(), fallback), str::to_string),
        file: r.input.name.clone(),
        respondents: r.selection.as_ref().map_or(r.respondents, |s| s.respondents),
        analysis: analysis_words(r.selection.as_ref(), r.weights.as_ref()),
    };
    let (mut ea, mut eb) = (edition(a, 0, "A"), edition(b, 1, "B"));
    if ea.name == eb.name {
        ea.name = format!("{} (A)", ea.name);
        eb.name = format!("{} (B)", eb.name);
    }
    let mut questions: Vec<ComparedQuestion> = compare_groups(a, b).into_iter().collect();
    questions.extend(
        matches
            .iter()
            .map(|m| compare_question(&a.questions[m.a], &b.questions[m.b], m, pairing)),
    );
    let unmatched = |r: &Report, used: &dyn Fn(usize) -> bool| -> Vec<Unmatched> {
        r.questions
            .iter()
            .enumerate()
            .filter(|(i, q)| q.kind != Kind::Skipped && !used(*i))
            .map(|(_, q)| Unmatched {
                id: q.id.clone(),
                header: q.header.clone(),
                kind: q.kind,
            })
            .collect()
    };
    let (mut used_a, mut used_b) = (vec![false; a.questions.len()], vec![false; b.questions.len()]);
    for m in &matches {
        used_a[m.a] = true;
        used_b[m.b] = true;
    }
    Ok(Comparison {
        unmatched_a: unmatched(a, &|i| used_a[i]),
        unmatched_b: unmatched(b, &|j| used_b[j]),
        a: ea,
        b: eb,
        questions,
        text: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edition_names() {
        assert_eq!(edition_name(Some("kaggle-survey-2021.zip"), "B"), "2021");
        assert_eq!(edition_name(Some("survey.csv"), "A"), "survey");
        // Two years say nothing of which edition it is: the name stays.
        assert_eq!(edition_name(Some("2020-2021 wave.csv"), "A"), "2020-2021 wave");
        assert_eq!(edition_name(Some("export_20210312.csv"), "A"), "export_20210312");
        assert_eq!(edition_name(None, "A"), "A");
        assert_eq!(edition_name(Some("  "), "B"), "B");
    }

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_pair_by_spelling_words_and_overlap() {
        let a = labels(&["Python", "Currently not employed", "Data-scientist", "A friend", "101+"]);
        let b = labels(&["Not employed", "python", "Data scientist", "Colleague", "101-500"]);
        let got = pair_options(&a, &b, &[]);
        assert_eq!(got[0], Some((1, "same")), "up to case");
        assert_eq!(got[1], Some((0, "similar")), "all words of one within the other");
        assert_eq!(got[2], Some((2, "same")), "up to punctuation");
        assert_eq!(got[3], None, "nothing in common");
        assert_eq!(got[4], None, "numbers alone are not words to pair by");
        // A person's pair wins over the automatic one, and can unpair.
        let forced = pair_options(&a, &b, &[("A friend", Some("Colleague")), ("Python", None)]);
        assert_eq!(forced[3], Some((3, "you")));
        assert_eq!(forced[0], None);
    }

    #[test]
    fn changes_are_corrected_within_the_question() {
        let share = |count: u64, base: u64| Some(Share::of(count, base, None, None, None));
        let option =
            |a: Option<Share>, b: Option<Share>| ComparedOption::new(a.map(|s| ("x", s)), b.map(|s| ("x", s)), None);
        let mut options = vec![
            option(share(100, 200), share(120, 300)),
            option(share(60, 200), share(120, 300)),
            option(share(40, 200), share(60, 300)),
            option(share(5, 200), None),
        ];
        test_changes(&mut options);
        // R: p.adjust(c(0.0273254439416, 0.0224788733661, 1), "BH").
        assert!((options[0].q.unwrap() - 0.040_988_165_912_421_36).abs() < 1e-9);
        assert!((options[2].q.unwrap() - 1.0).abs() < 1e-12);
        assert!(options[0].significant && options[1].significant && !options[2].significant);
        assert!(
            options[3].change.is_none() && options[3].q.is_none(),
            "one edition only: untested"
        );
    }
}
