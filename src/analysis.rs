//! Rows to aggregates: each preset question found in the file is counted,
//! every other column gets a generic summary, countries are mapped to
//! continents, and each respondent is placed in one maturity group.
//!
//! The [`Analyzer`] is an [`ingest::Sink`]: it sees one row at a time and
//! keeps counts only, so memory depends on the answers, not the rows.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::claims::{self, ClaimResult};
use crate::error::Result;
use crate::geo;
use crate::ingest::{self, Header, InputInfo, Notice, RowAccounting};
use crate::matching::{self, MultiSplitter};
use crate::preset::{GroupSpec, Preset, QuestionSpec, SpecKind};
use crate::text::{self, Section};

/// The label under which free-text answers are counted.
pub const OTHER_FREE_TEXT: &str = "Other (free text)";

/// Distinct answers kept per generic column before it counts as free text.
const GENERIC_DISTINCT_CAP: usize = 2000;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub preset: PresetInfo,
    pub input: InputInfo,
    pub rows: RowAccounting,
    /// Rows used: every non-blank response row is a respondent, even one
    /// that answered nothing but the timestamp.
    pub respondents: u64,
    /// Distinct recognised countries (0 when there is no country question).
    pub countries: u64,
    pub questions: Vec<QuestionReport>,
    /// Preset questions that no column of the file matched.
    pub missing: Vec<MissingQuestion>,
    pub geography: Option<Geography>,
    pub maturity: Option<MaturityReport>,
    pub claims: Vec<ClaimResult>,
    pub text: Vec<Section>,
    pub notices: Vec<Notice>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PresetInfo {
    pub id: String,
    pub title: String,
    pub source: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Single,
    Multi,
    Rating,
    Number,
    Text,
    Skipped,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionCount {
    pub label: String,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionReport {
    /// The preset's id, or "column_N" for a column no preset question matched.
    pub id: String,
    /// The question text as the file gives it (without the item part for grids).
    pub header: String,
    pub kind: Kind,
    /// 0-based indexes of the columns read.
    pub columns: Vec<usize>,
    /// Respondents who gave at least one answer to the question.
    pub answered: u64,
    pub skipped: u64,
    /// Respondents choosing each option, in the preset's (or first-seen) order.
    pub options: Vec<OptionCount>,
    /// Free-text answers that matched no option, most frequent first.
    pub other: Vec<OptionCount>,
    /// Rating grids: one entry per item, with counts per scale point.
    pub items: Vec<ItemReport>,
    /// Options have a natural order that figures keep.
    pub ordered: bool,
    pub figure: Option<String>,
    pub from_preset: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemReport {
    pub key: String,
    pub label: String,
    pub column: Option<usize>,
    pub answered: u64,
    /// Respondents per scale point, in scale order.
    pub counts: Vec<OptionCount>,
    /// Answers that are not a point of the scale.
    pub invalid: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MissingQuestion {
    pub id: String,
    pub header: String,
    pub figure: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Geography {
    pub question: String,
    pub answered: u64,
    pub continents: Vec<OptionCount>,
    pub countries: Vec<OptionCount>,
    /// Answers that name no known country, kept and listed.
    pub unrecognised: Vec<OptionCount>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MaturityReport {
    pub question: String,
    pub question_header: String,
    /// Respondents who answered the question the rules read.
    pub answered: u64,
    /// The rule groups in rule order, then the unclassified group.
    pub groups: Vec<GroupReport>,
    /// Each single-choice question crossed with the groups.
    pub crosstabs: Vec<Crosstab>,
    /// Crosstabs the preset asks to draw, by question id, with their titles.
    pub compare: Vec<(String, String)>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GroupReport {
    pub id: String,
    pub label: String,
    pub description: String,
    /// The rule in words, as shown on the page.
    pub rule: String,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Crosstab {
    pub question: String,
    pub options: Vec<String>,
    /// `counts[group][option]`, groups in the order of `MaturityReport::groups`.
    pub counts: Vec<Vec<u64>>,
    /// Respondents of each group who answered the question.
    pub answered: Vec<u64>,
}

impl Report {
    pub fn question(&self, id: &str) -> Option<&QuestionReport> {
        self.questions.iter().find(|q| q.id == id)
    }
}

impl QuestionReport {
    pub fn count_of(&self, label: &str) -> Option<u64> {
        self.options.iter().find(|o| o.label == label).map(|o| o.count)
    }
}

/// Reads `bytes` with `preset` and returns the full report.
pub fn analyze(bytes: &[u8], preset: &Preset) -> Result<Report> {
    let mut analyzer = Analyzer::new(preset);
    let read = ingest::read(bytes, &mut analyzer)?;
    Ok(analyzer.finish(read))
}

/// Counts answers row by row.
pub struct Analyzer<'p> {
    preset: &'p Preset,
    header: Option<Header>,
    states: Vec<State>,
    generic: Vec<Generic>,
    maturity: Option<MaturityState>,
    /// Per row: the option index chosen in each `State::Single` (by state index).
    row_single: Vec<Option<usize>>,
    row_multi: Vec<usize>,
    row_multi_any: bool,
}

enum State {
    Single {
        spec: usize,
        col: usize,
        norm: Vec<String>,
        counts: Vec<u64>,
        other: HashMap<String, u64>,
        answered: u64,
    },
    Country {
        spec: usize,
        col: usize,
        /// Canonical name -> (continent, respondents).
        known: HashMap<&'static str, (geo::Continent, u64)>,
        unknown: HashMap<String, u64>,
        /// Lookups by the answer as written, so each spelling is resolved once.
        cache: HashMap<String, Option<geo::Country>>,
        answered: u64,
    },
    Multi {
        spec: usize,
        col: usize,
        splitter: MultiSplitter,
        counts: Vec<u64>,
        other_respondents: u64,
        other: HashMap<String, u64>,
        answered: u64,
    },
    Grid {
        spec: usize,
        cols: Vec<Option<usize>>,
        scale_norm: Vec<String>,
        counts: Vec<Vec<u64>>,
        answered_item: Vec<u64>,
        invalid: Vec<u64>,
        invalid_examples: Vec<(u64, usize, String)>,
        answered: u64,
    },
    Skipped {
        spec: usize,
        col: usize,
    },
}

struct Generic {
    col: usize,
    counts: HashMap<String, u64>,
    order: Vec<String>,
    overflow: bool,
    numeric: bool,
    answered: u64,
}

struct MaturityState {
    /// Index of the multi-select state the rules read.
    state: usize,
    /// For each rule group, the option indexes it looks for (empty = any answer).
    rules: Vec<(Vec<usize>, bool)>,
    counts: Vec<u64>,
    /// State indexes of single-choice questions, crossed with the groups.
    cross: Vec<(usize, Vec<Vec<u64>>, Vec<u64>)>,
}

impl<'p> Analyzer<'p> {
    pub fn new(preset: &'p Preset) -> Analyzer<'p> {
        Analyzer {
            preset,
            header: None,
            states: Vec::new(),
            generic: Vec::new(),
            maturity: None,
            row_single: Vec::new(),
            row_multi: Vec::new(),
            row_multi_any: false,
        }
    }

    fn plan(&mut self, names: &[String]) {
        let norm_names: Vec<String> = names.iter().map(|n| matching::normalize(n)).collect();
        let grid_parts: Vec<Option<(String, String)>> = names
            .iter()
            .map(|n| matching::split_grid_header(n).map(|(q, i)| (matching::normalize(q), matching::normalize(i))))
            .collect();
        let mut used = vec![false; names.len()];
        for (si, spec) in self.preset.questions.iter().enumerate() {
            let aliases: Vec<String> = spec.headers.iter().map(|h| matching::normalize(h)).collect();
            if spec.kind == SpecKind::RatingGrid {
                let cols: Vec<Option<usize>> = spec
                    .items
                    .iter()
                    .map(|item| {
                        let (label, key) = (matching::normalize(&item.label), matching::normalize(&item.key));
                        (0..names.len()).find(|&c| {
                            !used[c]
                                && grid_parts[c]
                                    .as_ref()
                                    .is_some_and(|(q, i)| aliases.contains(q) && (*i == label || *i == key))
                        })
                    })
                    .collect();
                if cols.iter().any(Option::is_some) {
                    for c in cols.iter().flatten() {
                        used[*c] = true;
                    }
                    let n = spec.items.len();
                    self.states.push(State::Grid {
                        spec: si,
                        scale_norm: spec.scale.iter().map(|s| matching::normalize(s)).collect(),
                        counts: vec![vec![0; spec.scale.len()]; n],
                        answered_item: vec![0; n],
                        invalid: vec![0; n],
                        invalid_examples: Vec::new(),
                        answered: 0,
                        cols,
                    });
                }
                continue;
            }
            let Some(col) = (0..names.len()).find(|&c| !used[c] && aliases.contains(&norm_names[c])) else {
                continue;
            };
            used[col] = true;
            let n = spec.options.len();
            self.states.push(match spec.kind {
                SpecKind::Single => State::Single {
                    spec: si,
                    col,
                    norm: spec.options.iter().map(|o| matching::normalize(o)).collect(),
                    counts: vec![0; n],
                    other: HashMap::new(),
                    answered: 0,
                },
                SpecKind::Country => State::Country {
                    spec: si,
                    col,
                    known: HashMap::new(),
                    unknown: HashMap::new(),
                    cache: HashMap::new(),
                    answered: 0,
                },
                SpecKind::Multi => State::Multi {
                    spec: si,
                    col,
                    splitter: MultiSplitter::new(&spec.options),
                    counts: vec![0; n],
                    other_respondents: 0,
                    other: HashMap::new(),
                    answered: 0,
                },
                SpecKind::Skipped => State::Skipped { spec: si, col },
                SpecKind::RatingGrid => unreachable!("handled above"),
            });
        }
        for (col, _) in used.iter().enumerate().filter(|(_, u)| !**u) {
            self.generic.push(Generic {
                col,
                counts: HashMap::new(),
                order: Vec::new(),
                overflow: false,
                numeric: true,
                answered: 0,
            });
        }
        self.row_single = vec![None; self.states.len()];
        self.maturity = self.plan_maturity();
    }

    fn plan_maturity(&self) -> Option<MaturityState> {
        let m = self.preset.maturity.as_ref()?;
        let state = self
            .states
            .iter()
            .position(|s| matches!(s, State::Multi { spec, .. } if self.preset.questions[*spec].id == m.question))?;
        let spec = &self.preset.questions[self.spec_of(state)];
        let rules = m
            .groups
            .iter()
            .map(|g| {
                let idx = g
                    .any_of
                    .iter()
                    .filter_map(|o| spec.options.iter().position(|x| x == o))
                    .collect();
                (idx, g.any_answer)
            })
            .collect();
        let groups = m.groups.len() + 1;
        let cross = self
            .states
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                State::Single { counts, .. } => Some((i, vec![vec![0; counts.len()]; groups], vec![0; groups])),
                _ => None,
            })
            .collect();
        Some(MaturityState {
            state,
            rules,
            counts: vec![0; groups],
            cross,
        })
    }

    fn spec_of(&self, state: usize) -> usize {
        match &self.states[state] {
            State::Single { spec, .. }
            | State::Country { spec, .. }
            | State::Multi { spec, .. }
            | State::Grid { spec, .. }
            | State::Skipped { spec, .. } => *spec,
        }
    }

    /// Builds the report once every row has been seen.
    pub fn finish(self, read: ingest::Read) -> Report {
        let preset = self.preset;
        let header = self.header.clone().unwrap_or_else(|| Header {
            names: vec![],
            info: InputInfo::default(),
        });
        let respondents = read.rows.used;
        let mut notices = read.notices;
        let mut questions = Vec::new();
        let mut geography = None;
        let mut found = vec![false; preset.questions.len()];

        for state in &self.states {
            let (spec_i, q) = match state {
                State::Single {
                    spec,
                    col,
                    counts,
                    other,
                    answered,
                    ..
                } => {
                    let s = &preset.questions[*spec];
                    let mut options = labelled(&s.options, counts);
                    let other = sorted_counts(other);
                    push_other_bucket(&mut options, other.iter().map(|o| o.count).sum());
                    (
                        *spec,
                        question(
                            s,
                            &header.names[*col],
                            Kind::Single,
                            vec![*col],
                            *answered,
                            respondents,
                            options,
                            other,
                        ),
                    )
                }
                State::Country {
                    spec,
                    col,
                    known,
                    unknown,
                    answered,
                    ..
                } => {
                    let s = &preset.questions[*spec];
                    let mut countries: Vec<OptionCount> = known
                        .iter()
                        .map(|(name, (_, n))| OptionCount {
                            label: name.to_string(),
                            count: *n,
                        })
                        .collect();
                    sort_desc(&mut countries);
                    let mut continents: Vec<OptionCount> = geo::Continent::ALL
                        .iter()
                        .map(|c| OptionCount {
                            label: c.name().to_string(),
                            count: known.values().filter(|(k, _)| k == c).map(|(_, n)| n).sum(),
                        })
                        .filter(|o| o.count > 0)
                        .collect();
                    sort_desc(&mut continents);
                    let unrecognised = sorted_counts(unknown);
                    geography = Some(Geography {
                        question: s.id.clone(),
                        answered: *answered,
                        continents,
                        countries: countries.clone(),
                        unrecognised: unrecognised.clone(),
                    });
                    let mut options = countries;
                    push_other_bucket(&mut options, unrecognised.iter().map(|o| o.count).sum());
                    (
                        *spec,
                        question(
                            s,
                            &header.names[*col],
                            Kind::Single,
                            vec![*col],
                            *answered,
                            respondents,
                            options,
                            unrecognised,
                        ),
                    )
                }
                State::Multi {
                    spec,
                    col,
                    counts,
                    other_respondents,
                    other,
                    answered,
                    ..
                } => {
                    let s = &preset.questions[*spec];
                    let mut options = labelled(&s.options, counts);
                    push_other_bucket(&mut options, *other_respondents);
                    let other = sorted_counts(other);
                    (
                        *spec,
                        question(
                            s,
                            &header.names[*col],
                            Kind::Multi,
                            vec![*col],
                            *answered,
                            respondents,
                            options,
                            other,
                        ),
                    )
                }
                State::Grid {
                    spec,
                    cols,
                    counts,
                    answered_item,
                    invalid,
                    invalid_examples,
                    answered,
                    ..
                } => {
                    let s = &preset.questions[*spec];
                    let items = s
                        .items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| ItemReport {
                            key: item.key.clone(),
                            label: item.label.clone(),
                            column: cols[i],
                            answered: answered_item[i],
                            counts: labelled(&s.scale, &counts[i]),
                            invalid: invalid[i],
                        })
                        .collect();
                    for (row, item, text) in invalid_examples {
                        notices.push(Notice {
                            row: Some(*row),
                            column: cols[*item].map(|c| header.names[c].clone()),
                            message: format!(
                                "row {row}: {text:?} is not a point of the scale; the answer was left out of this item"
                            ),
                        });
                    }
                    let first_col = cols.iter().flatten().next().copied().unwrap_or(0);
                    let head = matching::split_grid_header(&header.names[first_col])
                        .map_or(s.headers[0].clone(), |(q, _)| q.to_string());
                    let mut q = question(
                        s,
                        &head,
                        Kind::Rating,
                        cols.iter().flatten().copied().collect(),
                        *answered,
                        respondents,
                        vec![],
                        vec![],
                    );
                    q.items = items;
                    (*spec, q)
                }
                State::Skipped { spec, col } => {
                    let s = &preset.questions[*spec];
                    (
                        *spec,
                        question(
                            s,
                            &header.names[*col],
                            Kind::Skipped,
                            vec![*col],
                            0,
                            respondents,
                            vec![],
                            vec![],
                        ),
                    )
                }
            };
            found[spec_i] = true;
            questions.push(q);
        }
        for g in &self.generic {
            questions.push(generic_report(g, &header.names[g.col], respondents));
        }
        // Keep the order of the file, which is the order people read the survey in.
        questions.sort_by_key(|q| q.columns.first().copied().unwrap_or(usize::MAX));

        let missing = preset
            .questions
            .iter()
            .zip(&found)
            .filter(|(s, f)| !**f && s.kind != SpecKind::Skipped)
            .map(|(s, _)| MissingQuestion {
                id: s.id.clone(),
                header: s.headers[0].clone(),
                figure: s.figure.clone(),
            })
            .collect();

        let maturity = self.maturity.as_ref().map(|m| self.maturity_report(m));
        let countries = geography.as_ref().map_or(0, |g| g.countries.len() as u64);
        let mut report = Report {
            preset: PresetInfo {
                id: preset.id.clone(),
                title: preset.title.clone(),
                source: preset.source.clone(),
            },
            input: header.info.clone(),
            rows: read.rows,
            respondents,
            countries,
            questions,
            missing,
            geography,
            maturity,
            claims: Vec::new(),
            text: Vec::new(),
            notices,
        };
        report.claims = claims::evaluate(preset, &report);
        report.text = text::results_section(&report);
        report
    }

    fn maturity_report(&self, m: &MaturityState) -> MaturityReport {
        let spec = self
            .preset
            .maturity
            .as_ref()
            .expect("maturity state implies a maturity spec");
        let goals = &self.preset.questions[self.spec_of(m.state)];
        let answered = match &self.states[m.state] {
            State::Multi { answered, .. } => *answered,
            _ => 0,
        };
        let mut groups: Vec<GroupReport> = spec
            .groups
            .iter()
            .zip(&m.counts)
            .map(|(g, &count)| group_report(g, count, &goals.headers[0]))
            .collect();
        let u = &spec.unclassified;
        groups.push(GroupReport {
            id: u.id.clone(),
            label: u.label.clone(),
            description: u.description.clone(),
            rule: format!("answered none of \u{201c}{}\u{201d}", goals.headers[0]),
            count: *m.counts.last().unwrap_or(&0),
        });
        let crosstabs = m
            .cross
            .iter()
            .map(|(state, counts, answered)| {
                let s = &self.preset.questions[self.spec_of(*state)];
                Crosstab {
                    question: s.id.clone(),
                    options: s.options.clone(),
                    counts: counts.clone(),
                    answered: answered.clone(),
                }
            })
            .collect();
        MaturityReport {
            question: goals.id.clone(),
            question_header: goals.headers[0].clone(),
            answered,
            groups,
            crosstabs,
            compare: spec
                .compare
                .iter()
                .map(|c| (c.question.clone(), c.title.clone()))
                .collect(),
        }
    }
}

impl ingest::Sink for Analyzer<'_> {
    fn header(&mut self, header: &Header) {
        self.plan(&header.names);
        self.header = Some(header.clone());
    }

    fn row(&mut self, row: u64, record: &csv::StringRecord) {
        let maturity_state = self.maturity.as_ref().map(|m| m.state);
        for (i, state) in self.states.iter_mut().enumerate() {
            self.row_single[i] = None;
            match state {
                State::Single {
                    col,
                    norm,
                    counts,
                    other,
                    answered,
                    ..
                } => {
                    let cell = record.get(*col).unwrap_or("").trim();
                    if cell.is_empty() {
                        continue;
                    }
                    *answered += 1;
                    match matching::find_option(norm, cell) {
                        Some(o) => {
                            counts[o] += 1;
                            self.row_single[i] = Some(o);
                        }
                        None => *other.entry(cell.to_string()).or_insert(0) += 1,
                    }
                }
                State::Country {
                    col,
                    known,
                    unknown,
                    cache,
                    answered,
                    ..
                } => {
                    let cell = record.get(*col).unwrap_or("").trim();
                    if cell.is_empty() {
                        continue;
                    }
                    *answered += 1;
                    let hit = match cache.get(cell) {
                        Some(hit) => *hit,
                        None => {
                            let hit = geo::lookup(cell);
                            cache.insert(cell.to_string(), hit);
                            hit
                        }
                    };
                    match hit {
                        Some(c) => known.entry(c.name).or_insert((c.continent, 0)).1 += 1,
                        None => *unknown.entry(cell.to_string()).or_insert(0) += 1,
                    }
                }
                State::Multi {
                    col,
                    splitter,
                    counts,
                    other_respondents,
                    other,
                    answered,
                    ..
                } => {
                    let cell = record.get(*col).unwrap_or("");
                    let split = splitter.split(cell);
                    let any = !split.chosen.is_empty() || !split.other.is_empty();
                    if Some(i) == maturity_state {
                        self.row_multi.clone_from(&split.chosen);
                        self.row_multi_any = any;
                    }
                    if !any {
                        continue;
                    }
                    *answered += 1;
                    for &o in &split.chosen {
                        counts[o] += 1;
                    }
                    if !split.other.is_empty() {
                        *other_respondents += 1;
                        for text in split.other {
                            *other.entry(text).or_insert(0) += 1;
                        }
                    }
                }
                State::Grid {
                    cols,
                    scale_norm,
                    counts,
                    answered_item,
                    invalid,
                    invalid_examples,
                    answered,
                    ..
                } => {
                    let mut any = false;
                    for (item, col) in cols.iter().enumerate() {
                        let Some(col) = col else { continue };
                        let cell = record.get(*col).unwrap_or("").trim();
                        if cell.is_empty() {
                            continue;
                        }
                        match matching::parse_rating(scale_norm, cell) {
                            Some(p) => {
                                counts[item][p] += 1;
                                answered_item[item] += 1;
                                any = true;
                            }
                            None => {
                                invalid[item] += 1;
                                if invalid_examples.len() < 20 {
                                    invalid_examples.push((row, item, cell.to_string()));
                                }
                            }
                        }
                    }
                    if any {
                        *answered += 1;
                    }
                }
                State::Skipped { .. } => {}
            }
        }
        for g in &mut self.generic {
            let cell = record.get(g.col).unwrap_or("").trim();
            if cell.is_empty() {
                continue;
            }
            g.answered += 1;
            g.numeric &= cell.parse::<f64>().is_ok();
            if let Some(n) = g.counts.get_mut(cell) {
                *n += 1;
            } else if g.counts.len() < GENERIC_DISTINCT_CAP {
                g.counts.insert(cell.to_string(), 1);
                g.order.push(cell.to_string());
            } else {
                g.overflow = true;
            }
        }
        if let Some(m) = &mut self.maturity {
            let group = if self.row_multi_any {
                m.rules
                    .iter()
                    .position(|(any_of, any_answer)| *any_answer || any_of.iter().any(|o| self.row_multi.contains(o)))
                    .unwrap_or(m.rules.len())
            } else {
                m.rules.len()
            };
            m.counts[group] += 1;
            for (state, counts, answered) in &mut m.cross {
                if let Some(o) = self.row_single[*state] {
                    counts[group][o] += 1;
                    answered[group] += 1;
                }
            }
            self.row_multi.clear();
            self.row_multi_any = false;
        }
    }
}

fn group_report(g: &GroupSpec, count: u64, question: &str) -> GroupReport {
    let rule = if g.any_answer {
        format!("otherwise, chose any answer to \u{201c}{question}\u{201d}")
    } else {
        let names: Vec<String> = g.any_of.iter().map(|o| format!("\u{201c}{o}\u{201d}")).collect();
        format!("chose {}", join_or(&names))
    };
    GroupReport {
        id: g.id.clone(),
        label: g.label.clone(),
        description: g.description.clone(),
        rule,
        count,
    }
}

fn join_or(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

#[allow(clippy::too_many_arguments)]
fn question(
    s: &QuestionSpec,
    header: &str,
    kind: Kind,
    columns: Vec<usize>,
    answered: u64,
    respondents: u64,
    options: Vec<OptionCount>,
    other: Vec<OptionCount>,
) -> QuestionReport {
    QuestionReport {
        id: s.id.clone(),
        header: header.to_string(),
        kind,
        columns,
        answered,
        skipped: if kind == Kind::Skipped {
            0
        } else {
            respondents.saturating_sub(answered)
        },
        options,
        other,
        items: Vec::new(),
        ordered: s.ordered,
        figure: s.figure.clone(),
        from_preset: true,
    }
}

fn generic_report(g: &Generic, header: &str, respondents: u64) -> QuestionReport {
    let distinct = g.counts.len();
    let lower = header.to_lowercase();
    let skipped_name = [
        "timestamp",
        "submitted at",
        "start date",
        "end date",
        "respondent id",
        "response id",
        "ip address",
    ]
    .iter()
    .any(|n| lower == *n);
    let kind = if skipped_name {
        Kind::Skipped
    } else if g.answered == 0 {
        Kind::Text
    } else if g.numeric && distinct > 12 {
        Kind::Number
    } else if !g.overflow && (distinct <= 12 || (distinct <= 60 && (distinct as u64) * 5 <= g.answered)) {
        Kind::Single
    } else {
        Kind::Text
    };
    let options = if kind == Kind::Single {
        g.order
            .iter()
            .map(|l| OptionCount {
                label: l.clone(),
                count: g.counts[l],
            })
            .collect()
    } else {
        Vec::new()
    };
    QuestionReport {
        id: format!("column_{}", g.col + 1),
        header: header.to_string(),
        kind,
        columns: vec![g.col],
        answered: if kind == Kind::Skipped { 0 } else { g.answered },
        skipped: if kind == Kind::Skipped {
            0
        } else {
            respondents.saturating_sub(g.answered)
        },
        options,
        other: Vec::new(),
        items: Vec::new(),
        ordered: false,
        figure: None,
        from_preset: false,
    }
}

fn labelled(labels: &[String], counts: &[u64]) -> Vec<OptionCount> {
    labels
        .iter()
        .zip(counts)
        .map(|(l, &count)| OptionCount {
            label: l.clone(),
            count,
        })
        .collect()
}

fn push_other_bucket(options: &mut Vec<OptionCount>, count: u64) {
    if count > 0 {
        options.push(OptionCount {
            label: OTHER_FREE_TEXT.to_string(),
            count,
        });
    }
}

fn sorted_counts(map: &HashMap<String, u64>) -> Vec<OptionCount> {
    let mut v: Vec<OptionCount> = map
        .iter()
        .map(|(k, &count)| OptionCount {
            label: k.clone(),
            count,
        })
        .collect();
    sort_desc(&mut v);
    v
}

/// Most frequent first; ties by label so the output is deterministic.
pub fn sort_desc(v: &mut [OptionCount]) {
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
}
