//! From a read table to the report: questions guessed by [`schema`], the
//! preset's questions mapped onto them, every question counted, countries
//! mapped to continents, and each respondent placed in one maturity group.
//!
//! A [`Session`] keeps the table, so a person's corrections (a column's
//! kind, which question feeds which figure) re-run the counting only.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::base::error::Result;
use crate::infer::geo;
use crate::infer::matching::{self, MultiSplitter};
use crate::infer::preset::{Preset, QuestionSpec, SpecKind};
use crate::infer::schema::{self, Encoding, Question};
use crate::present::claims::{self, ClaimResult};
use crate::present::text::{self, Section};
use crate::read::ingest::{self, Ingested, InputInfo, Notice, RowAccounting};
use crate::read::table::{Column, OVERFLOW};

/// The label under which free-text answers are counted.
pub const OTHER_FREE_TEXT: &str = "Other (free text)";
/// Free-text answers kept per question for the page.
const TEXT_SAMPLES: usize = 60;

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
    /// Every question of the file, in column order.
    pub questions: Vec<QuestionReport>,
    /// Preset questions that no question of the file matched.
    pub missing: Vec<MissingQuestion>,
    /// Which question of the file feeds each preset question (figure role).
    pub mapping: Vec<RoleMapping>,
    pub geography: Option<Geography>,
    pub maturity: Option<MaturityReport>,
    pub claims: Vec<ClaimResult>,
    pub text: Vec<Section>,
    pub notices: Vec<Notice>,
    /// Missing-value markers read as no answer (none when kept as answers).
    #[serde(default)]
    pub markers: Vec<MarkerReport>,
}

/// A missing-value marker (`nan`) read as no answer, and where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkerReport {
    pub value: String,
    /// Cells holding it.
    pub cells: u64,
    /// Ids of the questions whose columns hold it.
    pub questions: Vec<String>,
}

/// A marker blanked out in one column.
#[derive(Clone, Debug)]
struct Blanked {
    column: usize,
    value: String,
    cells: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PresetInfo {
    pub id: String,
    pub title: String,
    pub source: String,
    /// The id of the preset question the maturity rules read; None when it has no rules.
    #[serde(default)]
    pub rules_question: Option<String>,
}

/// The kind of a question: `schema` guesses it, so it is defined there.
pub use crate::infer::schema::Kind;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionCount {
    pub label: String,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionReport {
    /// The preset's id when the question feeds one, else the file's code or "column_N".
    pub id: String,
    /// The file's own id for the question (its code or "column_N"), stable
    /// whichever preset question it feeds: corrections are keyed by it.
    pub key: String,
    /// The question text as the file gives it (without the option or item part).
    pub header: String,
    pub kind: Kind,
    /// How the answers sit in the columns ("cell", "joined", "columns", "grid").
    pub encoding: Encoding,
    /// 0-based indexes of the columns read.
    pub columns: Vec<usize>,
    /// Respondents who gave at least one answer to the question.
    pub answered: u64,
    pub skipped: u64,
    /// Respondents choosing each option, in the preset's, the scale's or descending order.
    pub options: Vec<OptionCount>,
    /// Free-text answers that matched no option, most frequent first.
    pub other: Vec<OptionCount>,
    /// Rating grids: one entry per item, with counts per scale point.
    pub items: Vec<ItemReport>,
    /// Options have a natural order that figures keep.
    pub ordered: bool,
    pub figure: Option<String>,
    /// The preset question this one feeds, if any.
    pub role: Option<String>,
    /// Numbers: summary and histogram.
    pub numbers: Option<NumberSummary>,
    /// Free text: distinct answers and the most frequent ones.
    pub samples: Vec<OptionCount>,
    /// Why the kind was chosen.
    pub reason: String,
    /// Preset options this file does not offer: listed, never drawn as 0%.
    #[serde(default)]
    pub not_offered: Vec<String>,
    /// Options shown under the preset's name where the file spells them otherwise.
    #[serde(default)]
    pub renamed: Vec<Renamed>,
    /// Every answer of the question accounted for.
    #[serde(default)]
    pub answers: AnswerAccounting,
    /// It can be split by another question ([`Session::can_split`]).
    #[serde(default)]
    pub can_split: bool,
    /// Other questions can be split by it ([`Session::can_split_by`]).
    #[serde(default)]
    pub can_split_by: bool,
}

/// An option the file spells differently from the preset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Renamed {
    /// The preset's name, shown.
    pub label: String,
    /// The file's spelling.
    pub file_label: String,
}

/// The non-empty cells of a question's columns, each in exactly one place:
/// `cells = in_bars + write_ins + sum(set_aside.count)`. A cell naming
/// options and free text at once counts in bars (its text is listed too).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerAccounting {
    pub cells: u64,
    /// Cells counted in a bar (an option, a scale point, a number's bin).
    pub in_bars: u64,
    /// Cells of free text: write-ins, listed (and counted as "Other" where the question has no Other option).
    pub write_ins: u64,
    pub set_aside: Vec<AnswersSetAside>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswersSetAside {
    pub reason: String,
    pub count: u64,
}

impl AnswerAccounting {
    fn set_aside(&mut self, reason: &str, count: u64) {
        if count == 0 {
            return;
        }
        match self.set_aside.iter_mut().find(|s| s.reason == reason) {
            Some(s) => s.count += count,
            None => self.set_aside.push(AnswersSetAside {
                reason: reason.to_string(),
                count,
            }),
        }
    }

    /// Whether every cell is in exactly one place.
    pub fn balances(&self) -> bool {
        self.cells == self.in_bars + self.write_ins + self.set_aside.iter().map(|s| s.count).sum::<u64>()
    }
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
pub struct NumberSummary {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub median: f64,
    /// Equal-width bins, labelled "from–to".
    pub bins: Vec<OptionCount>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MissingQuestion {
    pub id: String,
    pub header: String,
    pub figure: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RoleMapping {
    /// The preset question (the role it plays in the paper's figures).
    pub role: String,
    pub title: String,
    pub figure: Option<String>,
    /// The id of the file's question that feeds it, or None ("not in file").
    pub question: Option<String>,
    /// Guessed automatically, or set by the person.
    pub guessed: bool,
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
    /// Each mapped single- or multi-choice question crossed with the groups.
    pub crosstabs: Vec<Crosstab>,
    /// Crosstabs the preset asks to draw, by question id, with their titles.
    pub compare: Vec<(String, String)>,
    /// The answers of the file a rule option can be mapped to (the reading panel's choices).
    #[serde(default)]
    pub answers: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GroupReport {
    pub id: String,
    pub label: String,
    pub description: String,
    /// The rule in words, as shown on the page.
    pub rule: String,
    pub count: u64,
    /// The options the rule names, and whether this file offers each.
    #[serde(default)]
    pub options: Vec<RuleOption>,
}

/// One option a rule (or claim) names, as found in this file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleOption {
    pub option: String,
    pub found: bool,
    /// The file's spelling, where it differs from the rule's.
    pub file_label: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Crosstab {
    pub question: String,
    pub options: Vec<String>,
    /// `counts[group][option]`: respondents of the group choosing the option.
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

/// A person's corrections to how the file was read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    /// Question id (as first guessed) -> the kind to read it as.
    #[serde(default)]
    pub kinds: BTreeMap<String, Kind>,
    /// Preset question id -> the file question id feeding it, or None.
    #[serde(default)]
    pub roles: BTreeMap<String, Option<String>>,
    /// Preset question id -> (preset option -> the file's label that means it),
    /// for options a rule or claim names that the file spells otherwise.
    #[serde(default)]
    pub options: BTreeMap<String, BTreeMap<String, String>>,
    /// Keep missing-value markers (`nan`, `N/A`) as answers.
    #[serde(default)]
    pub keep_markers: bool,
}

/// Reads `bytes` with `preset` and returns the full report.
pub fn analyze(bytes: &[u8], preset: &Preset) -> Result<Report> {
    Ok(Session::open(bytes, preset.clone())?.report())
}

/// A file read once, reported on as often as its reading is corrected.
pub struct Session {
    preset: Preset,
    data: Ingested,
    guessed: Vec<Question>,
    overrides: Overrides,
    cx: schema::ReadContext,
    /// Missing-value markers read as no answer, per column.
    blanked: Vec<Blanked>,
    /// Those columns as the file gave them, to keep the markers on request.
    originals: Vec<(usize, Column)>,
}

impl Session {
    pub fn open(bytes: &[u8], preset: Preset) -> Result<Session> {
        Ok(Session::from_read(ingest::read(bytes)?, preset))
    }

    /// A file pushed in chunks (see [`ingest::Feeder`]), with the preset that fits best.
    pub fn from_feeder(feeder: ingest::Feeder) -> Result<Session> {
        let mut session = Session::from_read(feeder.finish()?, Preset::state_of_ml_2020());
        session.choose_best_preset()?;
        Ok(session)
    }

    fn from_read(data: Ingested, preset: Preset) -> Session {
        let cx = schema::ReadContext {
            semicolon: data.info.delimiter == ";",
        };
        let mut session = Session {
            preset,
            data,
            guessed: Vec::new(),
            overrides: Overrides::default(),
            cx,
            blanked: Vec::new(),
            originals: Vec::new(),
        };
        session.blank_markers();
        session.guessed = schema::infer(&session.data.table, &session.data.heads, cx);
        session
    }

    /// Reads missing-value markers (`nan`, and `N/A` where a column has no
    /// empty cell) as empty cells, keeping the columns as they were.
    fn blank_markers(&mut self) {
        for (c, col) in self.data.table.columns.iter_mut().enumerate() {
            let blanks = col.blanks();
            let markers: Vec<(u16, String)> = col
                .entries()
                .filter(|(_, v, _)| crate::infer::values::is_missing_marker(v, blanks))
                .map(|(code, v, _)| (code, v.to_string()))
                .collect();
            if markers.is_empty() {
                continue;
            }
            self.originals.push((c, col.clone()));
            for (code, value) in markers {
                let cells = col.blank_out(code);
                self.blanked.push(Blanked {
                    column: c,
                    value,
                    cells,
                });
            }
        }
    }

    /// Puts the marker cells back as the file gave them.
    fn restore_markers(&mut self) {
        for (c, col) in self.originals.drain(..) {
            self.data.table.columns[c] = col;
        }
        self.blanked.clear();
    }

    /// Reads `bytes` with whichever built-in preset fits the file best.
    pub fn open_best(bytes: &[u8]) -> Result<Session> {
        let mut session = Session::open(bytes, Preset::state_of_ml_2020())?;
        session.choose_best_preset()?;
        Ok(session)
    }

    /// Switches to the built-in preset that maps most of the file's questions.
    fn choose_best_preset(&mut self) -> Result<()> {
        let mut best = (self.mapped_count(), self.preset.id.clone());
        for p in Preset::all_built_in() {
            if p.id == self.preset.id {
                continue;
            }
            self.preset = p;
            let n = self.mapped_count();
            if n > best.0 {
                best = (n, self.preset.id.clone());
            }
        }
        self.preset = Preset::built_in(&best.1)?;
        Ok(())
    }

    /// Names the file, for the report and the figures' source line.
    pub fn set_name(&mut self, name: &str) {
        self.data.info.name = Some(name.to_string());
    }

    pub fn preset(&self) -> &Preset {
        &self.preset
    }

    pub fn set_preset(&mut self, preset: Preset) {
        self.preset = preset;
        self.overrides.roles.clear();
    }

    pub fn overrides(&self) -> &Overrides {
        &self.overrides
    }

    pub fn set_overrides(&mut self, overrides: Overrides) {
        let markers_changed = overrides.keep_markers != self.overrides.keep_markers;
        self.overrides = overrides;
        if markers_changed {
            if self.overrides.keep_markers {
                self.restore_markers();
            } else {
                self.blank_markers();
            }
            self.guessed = schema::infer(&self.data.table, &self.data.heads, self.cx);
        }
    }

    fn mapped_count(&self) -> usize {
        let qs = self.questions();
        self.mapping(&qs).iter().filter(|m| m.is_some()).count()
    }

    /// The questions as guessed, with the person's kind corrections applied.
    fn questions(&self) -> Vec<Question> {
        self.guessed
            .iter()
            .map(|q| match self.overrides.kinds.get(&q.id) {
                Some(&k) if k != q.kind => q.retyped(&self.data.table, k),
                _ => q.clone(),
            })
            .collect()
    }

    /// For each preset question, the index of the file question feeding it.
    fn mapping(&self, qs: &[Question]) -> Vec<Option<usize>> {
        let mut taken = vec![false; qs.len()];
        let mut out = vec![None; self.preset.questions.len()];
        // The person's choices first, then the best guesses in preset order.
        for (pi, spec) in self.preset.questions.iter().enumerate() {
            if let Some(choice) = self.overrides.roles.get(&spec.id) {
                out[pi] = choice.as_ref().and_then(|id| qs.iter().position(|q| &q.id == id));
                if let Some(i) = out[pi] {
                    taken[i] = true;
                }
            }
        }
        let keys: Vec<QuestionKeys> = qs.iter().map(|q| QuestionKeys::new(q, &self.data.table)).collect();
        for (pi, spec) in self.preset.questions.iter().enumerate() {
            if self.overrides.roles.contains_key(&spec.id) || spec.kind == SpecKind::Skipped {
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

    /// The full report for the current reading.
    /// The questions as read now, the preset mapping, and the per-question lookups.
    fn prepare(&self) -> Prepared {
        let mut qs = self.questions();
        let mapping = self.mapping(&qs);
        // A question feeding a preset question is read as that question's kind.
        for (pi, m) in mapping.iter().enumerate() {
            let Some(qi) = m else { continue };
            let q = &mut qs[*qi];
            if self.overrides.kinds.contains_key(&q.id) {
                continue; // The person's choice of kind stands.
            }
            match self.preset.questions[pi].kind {
                SpecKind::Multi if q.encoding == Encoding::Cell => {
                    // Its options were whole cells: learn the joined labels.
                    let col = &self.data.table.columns[q.columns[0]];
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
        let mut role_of: Vec<Option<usize>> = vec![None; qs.len()];
        for (pi, m) in mapping.iter().enumerate() {
            if let Some(qi) = m {
                role_of[*qi] = Some(pi);
            }
        }
        let table = &self.data.table;
        let resolvers: Vec<Resolver> = qs
            .iter()
            .zip(&role_of)
            .map(|(q, r)| {
                let spec = r.map(|pi| &self.preset.questions[pi]);
                let mapped = spec.and_then(|s| self.overrides.options.get(&s.id));
                Resolver::new(q, spec, mapped, table)
            })
            .collect();
        let ids = qs
            .iter()
            .zip(&role_of)
            .map(|(q, r)| r.map_or(q.id.clone(), |pi| self.preset.questions[pi].id.clone()))
            .collect();
        Prepared {
            qs,
            mapping,
            role_of,
            resolvers,
            ids,
        }
    }

    /// Whether a question of this kind and encoding can be split by another:
    /// single, multi or rating, not a grid (one figure per item).
    pub fn can_split(kind: Kind, encoding: &Encoding) -> bool {
        matches!(kind, Kind::Single | Kind::Multi | Kind::Rating) && *encoding != Encoding::Grid
    }

    /// Whether other questions can be split by a question of this kind and
    /// encoding: single choice, not a grid. A grid read as single choice has
    /// one answer per item, not per respondent: there are no groups to split
    /// by (found by the fuzzer).
    pub fn can_split_by(kind: Kind, encoding: &Encoding) -> bool {
        kind == Kind::Single && *encoding != Encoding::Grid
    }

    /// Counts of question `id` by the groups of single-choice question `by`,
    /// for a split figure. None when either is missing or `by` is not single.
    /// An error when its table would pass the limits on a split
    /// (`MAX_SPLIT_BY_OPTIONS`, `MAX_SPLIT_CELLS`).
    pub fn split(&self, id: &str, by: &str, stacked: bool) -> Result<Option<crate::present::figures::Figure>> {
        let p = self.prepare();
        let Some(qi) = p.ids.iter().position(|x| x == id) else {
            return Ok(None);
        };
        let Some(bi) = p.ids.iter().position(|x| x == by) else {
            return Ok(None);
        };
        let (q, b) = (&p.resolvers[qi], &p.resolvers[bi]);
        if qi == bi
            || !Session::can_split(p.qs[qi].kind, &q.encoding)
            || !Session::can_split_by(p.qs[bi].kind, &b.encoding)
        {
            return Ok(None);
        }
        // The options, then the free-text bucket, so each group adds up.
        let other_at = q.labels.len();
        let mut options = q.labels.clone();
        options.push(OTHER_FREE_TEXT.to_string());
        let (header, by_header) = (&p.qs[qi].header, &p.qs[bi].header);
        let mut split = crate::present::figures::SplitCounts::new(header, by_header, options, b.labels.clone())?;
        let (mut qa, mut ba) = (Answer::default(), Answer::default());
        let table = &self.data.table;
        for row in 0..table.rows {
            b.read(table, row, &mut ba);
            let Some(&g) = ba.chosen.first() else { continue };
            q.read(table, row, &mut qa);
            if !qa.answered {
                continue;
            }
            split.answered[g as usize] += 1;
            for &o in &qa.chosen {
                if let Some(c) = split.counts[g as usize].get_mut(o as usize) {
                    *c += 1;
                }
            }
            let chose_other = q.other_option.is_some_and(|o| qa.chosen.contains(&o));
            if qa.other.is_some() && !chose_other {
                split.counts[g as usize][other_at] += 1;
            }
        }
        if split.counts.iter().all(|row| row[other_at] == 0) {
            split.options.pop();
            for row in &mut split.counts {
                row.pop();
            }
        }
        // Preset options and groups this file does not offer are not drawn.
        let keep: Vec<bool> = (0..split.options.len())
            .map(|o| !q.preset_only.get(o).copied().unwrap_or(false) || split.counts.iter().any(|row| row[o] > 0))
            .collect();
        split.options = kept(&split.options, &keep);
        for row in &mut split.counts {
            *row = kept(row, &keep);
        }
        let keep: Vec<bool> = (0..split.groups.len())
            .map(|g| !b.preset_only.get(g).copied().unwrap_or(false) || split.answered[g] > 0)
            .collect();
        split.groups = kept(&split.groups, &keep);
        split.counts = kept(&split.counts, &keep);
        split.answered = kept(&split.answered, &keep);
        // 100% stacking needs one answer per respondent: single choice and ratings only.
        let mut figure = if stacked && p.qs[qi].kind != Kind::Multi {
            crate::present::figures::stacked_split_figure(
                id,
                &p.qs[qi].header,
                &p.qs[bi].header,
                &split,
                p.qs[qi].ordered,
            )
        } else {
            crate::present::figures::split_figure(id, &p.qs[qi].header, &p.qs[bi].header, &split)
        };
        figure.source = crate::present::figures::source_line(self.data.info.name.as_deref());
        Ok(Some(figure))
    }

    /// The full report for the current reading.
    pub fn report(&self) -> Report {
        let Prepared {
            qs,
            mapping,
            role_of,
            resolvers,
            ..
        } = self.prepare();
        let table = &self.data.table;
        let mut counters: Vec<Counter> = resolvers.iter().map(Counter::new).collect();

        // Maturity: which question the rules read, and the option indexes of each rule.
        let maturity_plan = self.preset.maturity.as_ref().and_then(|m| {
            let pi = self.preset.questions.iter().position(|s| s.id == m.question)?;
            let qi = mapping[pi]?;
            let labels = &resolvers[qi].labels;
            let rules: Vec<(Vec<u16>, bool)> = m
                .groups
                .iter()
                .map(|g| {
                    let idx = g
                        .any_of
                        .iter()
                        .filter_map(|o| labels.iter().position(|l| l == o))
                        .map(|i| i as u16)
                        .collect();
                    (idx, g.any_answer)
                })
                .collect();
            Some((qi, rules))
        });
        let groups = self.preset.maturity.as_ref().map_or(0, |m| m.groups.len() + 1);
        // Crosstabs: every mapped single/multi question by maturity group.
        let cross_qs: Vec<usize> = if maturity_plan.is_some() {
            (0..qs.len())
                .filter(|&i| role_of[i].is_some() && matches!(qs[i].kind, Kind::Single | Kind::Multi))
                .collect()
        } else {
            Vec::new()
        };
        let mut cross: Vec<(Vec<Vec<u64>>, Vec<u64>)> = cross_qs
            .iter()
            .map(|&i| (vec![vec![0; resolvers[i].labels.len()]; groups], vec![0; groups]))
            .collect();
        let mut group_counts = vec![0u64; groups];

        // Each respondent's maturity group first (one byte each: presets have
        // at most 254 groups), then the questions one at a time over every
        // row: each pass reads its columns' codes in order, where a pass per
        // row jumped between every column and measured 2x slower.
        let mut row_groups: Vec<u8> = Vec::new();
        let mut a = Answer::default();
        if let Some((mq, rules)) = &maturity_plan {
            row_groups.reserve_exact(table.rows);
            for row in 0..table.rows {
                resolvers[*mq].read(table, row, &mut a);
                let g = if a.answered {
                    rules
                        .iter()
                        .position(|(any_of, any)| *any || any_of.iter().any(|o| a.chosen.contains(o)))
                        .unwrap_or(rules.len())
                } else {
                    rules.len()
                };
                group_counts[g] += 1;
                row_groups.push(g as u8);
            }
        }
        for (qi, (r, counter)) in resolvers.iter().zip(&mut counters).enumerate() {
            let mut crosstab = cross_qs.iter().position(|&i| i == qi).map(|k| &mut cross[k]);
            for row in 0..table.rows {
                r.read(table, row, &mut a);
                counter.add(&a, r, row);
                if let (Some((by_group, answered)), true, Some(&g)) =
                    (crosstab.as_mut(), a.answered, row_groups.get(row))
                {
                    let g = g as usize;
                    answered[g] += 1;
                    for &o in &a.chosen {
                        if let Some(c) = by_group[g].get_mut(o as usize) {
                            *c += 1;
                        }
                    }
                }
            }
        }

        let respondents = self.data.rows.used;
        let mut notices = self.data.notices.clone();
        let mut questions = Vec::new();
        let mut geography = None;
        // Markers blanked out, by column: looked up per question, not searched.
        let mut blanked_in: rustc_hash::FxHashMap<usize, Vec<&Blanked>> = rustc_hash::FxHashMap::default();
        for b in &self.blanked {
            blanked_in.entry(b.column).or_default().push(b);
        }
        for (qi, q) in qs.iter().enumerate() {
            let spec = role_of[qi].map(|pi| &self.preset.questions[pi]);
            let mut report = counters[qi].report(q, spec, &resolvers[qi], respondents, &self.data, &mut notices);
            let blanked: Vec<&Blanked> = q
                .columns
                .iter()
                .filter_map(|c| blanked_in.get(c))
                .flatten()
                .copied()
                .collect();
            report.answers = account(q, &resolvers[qi], table, &blanked);
            for w in &q.warnings {
                notices.push(Notice {
                    row: None,
                    column: Some(self.data.names[q.columns[0]].clone()),
                    message: format!("column {:?}: {w}", self.data.names[q.columns[0]]),
                });
            }
            if spec.is_some_and(|s| s.kind == SpecKind::Country) {
                geography = Some(geography_of(&report));
            }
            questions.push(report);
        }
        let missing = self
            .preset
            .questions
            .iter()
            .zip(&mapping)
            .filter(|(s, m)| m.is_none() && s.kind != SpecKind::Skipped)
            .map(|(s, _)| MissingQuestion {
                id: s.id.clone(),
                header: s.headers[0].clone(),
                figure: s.figure.clone(),
            })
            .collect();
        let mapping_report = self
            .preset
            .questions
            .iter()
            .zip(&mapping)
            .filter(|(s, _)| s.kind != SpecKind::Skipped)
            .map(|(s, m)| RoleMapping {
                role: s.id.clone(),
                title: s.headers[0].clone(),
                figure: s.figure.clone(),
                question: m.map(|qi| questions[qi].id.clone()),
                guessed: !self.overrides.roles.contains_key(&s.id),
            })
            .collect();
        let maturity = maturity_plan.as_ref().and_then(|(mq, _)| {
            let spec = self.preset.maturity.as_ref()?;
            let header = questions[*mq].header.clone();
            let mq_report = &questions[*mq];
            let mq_answers: Vec<String> = mq_report
                .options
                .iter()
                .filter(|o| o.label != OTHER_FREE_TEXT)
                .map(|o| o.label.clone())
                .collect();
            let mut groups: Vec<GroupReport> = spec
                .groups
                .iter()
                .zip(&group_counts)
                .map(|(g, &count)| {
                    let mut report = group_report(g, count, &header);
                    report.options = g.any_of.iter().map(|o| rule_option(mq_report, o)).collect();
                    report
                })
                .collect();
            let u = &spec.unclassified;
            groups.push(GroupReport {
                id: u.id.clone(),
                label: u.label.clone(),
                description: u.description.clone(),
                rule: format!("answered none of \u{201c}{header}\u{201d}"),
                count: *group_counts.last().unwrap_or(&0),
                options: Vec::new(),
            });
            let crosstabs = cross_qs
                .iter()
                .zip(cross)
                .map(|(&qi, (counts, answered))| {
                    // Options this file does not offer are left out, as in the question's bars.
                    let keep: Vec<bool> = resolvers[qi]
                        .labels
                        .iter()
                        .map(|l| !questions[qi].not_offered.contains(l))
                        .collect();
                    Crosstab {
                        question: questions[qi].id.clone(),
                        options: kept(&resolvers[qi].labels, &keep),
                        counts: counts.iter().map(|row| kept(row, &keep)).collect(),
                        answered,
                    }
                })
                .collect();
            Some(MaturityReport {
                question: questions[*mq].id.clone(),
                question_header: header,
                answered: questions[*mq].answered,
                groups,
                crosstabs,
                compare: spec
                    .compare
                    .iter()
                    .map(|c| (c.question.clone(), c.title.clone()))
                    .collect(),
                answers: mq_answers,
            })
        });
        let countries = geography.as_ref().map_or(0, |g: &Geography| g.countries.len() as u64);
        let markers = self.marker_report(&questions, &mut notices);
        let mut report = Report {
            preset: PresetInfo {
                id: self.preset.id.clone(),
                title: self.preset.title.clone(),
                source: self.preset.source.clone(),
                rules_question: self.preset.maturity.as_ref().map(|m| m.question.clone()),
            },
            input: self.data.info.clone(),
            rows: self.data.rows.clone(),
            respondents,
            countries,
            questions,
            missing,
            mapping: mapping_report,
            geography,
            maturity,
            claims: Vec::new(),
            text: Vec::new(),
            notices,
            markers,
        };
        report.claims = claims::evaluate(&self.preset, &report);
        report.text = text::results_section(&report);
        report
    }

    /// The markers read as no answer, with the questions holding each, and one notice per marker.
    fn marker_report(&self, questions: &[QuestionReport], notices: &mut Vec<Notice>) -> Vec<MarkerReport> {
        let mut out: Vec<MarkerReport> = Vec::new();
        // Maps, not searches: a wide file may blank a marker in every column.
        let question_of: rustc_hash::FxHashMap<usize, &str> = questions
            .iter()
            .flat_map(|q| q.columns.iter().map(move |&c| (c, q.id.as_str())))
            .collect();
        let mut by_value: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        let mut listed: rustc_hash::FxHashSet<(usize, &str)> = rustc_hash::FxHashSet::default();
        for b in &self.blanked {
            let q = question_of.get(&b.column).copied();
            let i = *by_value.entry(b.value.as_str()).or_insert_with(|| {
                out.push(MarkerReport {
                    value: b.value.clone(),
                    cells: 0,
                    questions: Vec::new(),
                });
                out.len() - 1
            });
            let m = &mut out[i];
            m.cells += b.cells;
            if let Some(q) = q.filter(|q| listed.insert((i, q))) {
                m.questions.push(q.to_string());
            }
        }
        for m in &out {
            let n = m.questions.len();
            notices.push(Notice {
                row: None,
                column: None,
                message: format!(
                    "\u{201c}{}\u{201d} read as no answer in {n} question{} ({} cells): the file uses it for an empty cell; keep it as an answer in the reading panel",
                    m.value,
                    if n == 1 { "" } else { "s" },
                    m.cells
                ),
            });
        }
        out
    }

    /// Column names as shown in the reading panel.
    pub fn column_names(&self) -> &[String] {
        &self.data.names
    }
}

struct Prepared {
    qs: Vec<Question>,
    mapping: Vec<Option<usize>>,
    role_of: Vec<Option<usize>>,
    resolvers: Vec<Resolver>,
    /// Each question's id in the report.
    ids: Vec<String>,
}

/// Words of a normalised header that say something (no stop words).
fn header_words(normalized: &str) -> Vec<String> {
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
    fn new(q: &Question, table: &crate::read::table::Table) -> QuestionKeys {
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
    let qw = &qk.words;
    let similarity = sk
        .words
        .iter()
        .map(|hw| {
            let common = hw.iter().filter(|w| qw.contains(w)).count() as f64;
            let union = (hw.len() + qw.len()) as f64 - common;
            if union == 0.0 {
                0.0
            } else {
                common / union
            }
        })
        .fold(0.0, f64::max);
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

const STOPWORDS: &[&str] = &[
    "the", "you", "your", "are", "what", "which", "how", "with", "for", "does", "that", "this", "and", "all", "apply",
    "select",
];

/// One respondent's answer to one question, reused across rows.
#[derive(Clone, Debug, Default)]
struct Answer {
    answered: bool,
    /// Chosen option indexes (single: at most one; rating cell: the point).
    chosen: Vec<u16>,
    /// Free text that matched no option.
    other: Option<String>,
}

/// Precomputed per-value lookups for one question: each distinct cell value
/// is split or matched once, then rows only index into tables.
struct Resolver {
    kind: Kind,
    encoding: Encoding,
    columns: Vec<usize>,
    labels: Vec<String>,
    /// Cell and joined encodings: per dictionary code, the options and any free text.
    codes: Vec<(Vec<u16>, Option<String>)>,
    /// Columns encoding: per column, per code, whether it means chosen.
    chosen: Vec<Vec<bool>>,
    /// Columns encoding: the option columns (all but the free-text one), in
    /// the order of `chosen`, found once rather than once per row.
    option_columns: Vec<usize>,
    /// Columns encoding: two columns feed one bar (their labels are spelled
    /// alike), so a row must not count it twice.
    shared_bars: bool,
    /// Grid encoding: per item column, per code, the scale point.
    points: Vec<Vec<Option<u16>>>,
    items: Vec<(String, String, Option<usize>)>,
    other_text: Option<usize>,
    /// The index of an option labelled "Other", if the question has one.
    other_option: Option<u16>,
    /// Per label: a preset option no label of the file matched, drawn only
    /// if some answer names it.
    preset_only: Vec<bool>,
    /// Preset options the file cannot hold (no column for them).
    absent: Vec<String>,
    renamed: Vec<Renamed>,
}

/// One bar of a question while its labels are merged with a preset's.
struct Bar {
    label: String,
    /// Spellings that name it exactly (case and runs of spaces aside): its
    /// own, the file's, the preset's aliases.
    exact: Vec<String>,
    /// The same normalised (punctuation dropped), for the preset's options only.
    loose: Vec<String>,
    /// The same as written, for splitting joined cells.
    spellings: Vec<String>,
    /// Its place among the preset's options.
    preset: Option<usize>,
    preset_only: bool,
}

/// A spelling up to case, white space and quoting (`values::answer_key`).
fn exact_key(s: &str) -> String {
    crate::infer::values::answer_key(s)
}

/// A question's bars: the file's own answers, each under the preset's name
/// when it is one of the preset's options (the same spelling up to case,
/// spaces and quoting, one of the preset's aliases or the person's mapping,
/// or failing those the same words once punctuation is dropped, when only
/// one file answer reads so). File answers spelled alike up to case, spaces
/// and quoting are one bar, shown as the spelling most cells use (`counts`,
/// parallel to `file`; 0 where unknown, and then the first spelling). A file
/// answer no option matches keeps its own bar; preset options no file
/// answer matches come last, flagged `preset_only` (or are left out with
/// `with_preset_only` false, when the file's columns are all its options).
///
/// Linear in the file's answers and the preset's options: each stage looks
/// its keys up in a hash map (comparing every answer with every bar was
/// quadratic: 40,000 learnt labels took 8 s).
fn merge_labels(
    file: &[String],
    counts: &[u64],
    spec: Option<&QuestionSpec>,
    mapped: Option<&BTreeMap<String, String>>,
    ordered: bool,
    with_preset_only: bool,
) -> (Vec<Bar>, Vec<String>) {
    let preset: &[String] = spec.map_or(&[], |s| &s.options);
    let names = |o: &String| -> Vec<String> {
        let mut v = vec![o.clone()];
        if let Some(f) = mapped.and_then(|m| m.get(o)) {
            v.insert(0, f.clone());
        }
        if let Some(aliases) = spec.and_then(|s| s.aliases.get(o)) {
            v.extend(aliases.iter().cloned());
        }
        v
    };
    let preset_names: Vec<Vec<String>> = preset.iter().map(names).collect();
    // The file's answers, one bar per key; the most used spelling names it.
    let mut bars: Vec<Bar> = Vec::new();
    let mut by_key: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let mut label_count: Vec<u64> = Vec::new();
    for (i, f) in file.iter().enumerate() {
        let n = counts.get(i).copied().unwrap_or(0);
        let k = exact_key(f);
        match by_key.get(&k) {
            Some(&b) => {
                let bar = &mut bars[b];
                bar.spellings.push(f.clone());
                if n > label_count[b] {
                    bar.label = f.clone();
                    label_count[b] = n;
                }
            }
            None => {
                by_key.insert(k.clone(), bars.len());
                label_count.push(n);
                bars.push(Bar {
                    label: f.clone(),
                    exact: vec![k],
                    loose: Vec::new(),
                    spellings: vec![f.clone()],
                    preset: None,
                    preset_only: false,
                });
            }
        }
    }
    // Bars by their words without punctuation: how many bars read so, and the first.
    let mut by_loose: rustc_hash::FxHashMap<String, (usize, usize)> = rustc_hash::FxHashMap::default();
    for (i, b) in bars.iter().enumerate() {
        by_loose
            .entry(matching::normalize(&b.label))
            .and_modify(|e| e.0 += 1)
            .or_insert((1, i));
    }
    let mut has_bar = vec![false; preset.len()];
    let adopt = |b: &mut Bar, i: usize, has_bar: &mut [bool]| {
        has_bar[i] = true;
        b.preset = Some(i);
        if b.label != preset[i] {
            b.spellings.push(preset[i].clone());
            b.label = preset[i].clone();
        }
        for n in &preset_names[i] {
            let k = exact_key(n);
            if !b.exact.contains(&k) {
                b.exact.push(k);
            }
            b.loose.push(matching::normalize(n));
        }
    };
    // Exact spellings first, then the same words, where unambiguous.
    for (i, pn) in preset_names.iter().enumerate() {
        let hit = pn.iter().find_map(|n| by_key.get(&exact_key(n)).copied());
        if let Some(b) = hit.filter(|&b| bars[b].preset.is_none()) {
            adopt(&mut bars[b], i, &mut has_bar);
        }
    }
    for (i, pn) in preset_names.iter().enumerate() {
        if has_bar[i] {
            continue;
        }
        // Only one bar may read so, across all of this option's names.
        let mut hits: Vec<usize> = pn
            .iter()
            .filter_map(|n| by_loose.get(&matching::normalize(n)))
            .flat_map(|&(count, first)| {
                if count == 1 {
                    vec![first]
                } else {
                    vec![first, usize::MAX]
                }
            })
            .collect();
        hits.sort_unstable();
        hits.dedup();
        if let [b] = hits[..] {
            if bars[b].preset.is_none() {
                adopt(&mut bars[b], i, &mut has_bar);
            }
        }
    }
    let mut absent = Vec::new();
    for (i, o) in preset.iter().enumerate() {
        if has_bar[i] {
            continue;
        }
        if with_preset_only {
            let pn = &preset_names[i];
            bars.push(Bar {
                label: o.clone(),
                exact: pn.iter().map(|n| exact_key(n)).collect(),
                loose: pn.iter().map(|n| matching::normalize(n)).collect(),
                spellings: pn.clone(),
                preset: Some(i),
                preset_only: true,
            });
        } else {
            absent.push(o.clone());
        }
    }
    // The preset's options in its order, then the file's others as they
    // came; an ordered question whose bars are not all the preset's is put
    // in the order its labels say, where they say one.
    let by_preset: Vec<u64> = bars.iter().map(|b| b.preset.map_or(u64::MAX, |p| p as u64)).collect();
    let keys = if ordered && bars.iter().any(|b| b.preset.is_none()) {
        let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
        crate::infer::values::ordinal_order(&labels).map(|order| -> Vec<u64> {
            let place: rustc_hash::FxHashMap<&str, u64> =
                order.iter().enumerate().map(|(i, l)| (l.as_str(), i as u64)).collect();
            labels
                .iter()
                .map(|l| place.get(l.as_str()).copied().unwrap_or(order.len() as u64))
                .collect()
        })
    } else {
        None
    };
    match keys {
        Some(keys) => crate::infer::values::reorder(&mut bars, &keys),
        None if ordered || spec.is_some() => crate::infer::values::reorder(&mut bars, &by_preset),
        None => {}
    }
    (bars, absent)
}

/// Which bar a cell names: its spelling up to case and spaces, else (for a
/// preset's option) the same words, when only one bar reads so.
struct BarLookup {
    exact: HashMap<String, u16>,
    loose: HashMap<String, Option<u16>>,
}

impl BarLookup {
    fn new(bars: &[Bar]) -> BarLookup {
        let mut exact = HashMap::new();
        let mut loose: HashMap<String, Option<u16>> = HashMap::new();
        for (i, b) in bars.iter().enumerate() {
            for k in &b.exact {
                exact.entry(k.clone()).or_insert(i as u16);
            }
            for k in &b.loose {
                loose
                    .entry(k.clone())
                    .and_modify(|e| {
                        if *e != Some(i as u16) {
                            *e = None;
                        }
                    })
                    .or_insert(Some(i as u16));
            }
        }
        BarLookup { exact, loose }
    }

    fn find(&self, value: &str) -> Option<u16> {
        if let Some(&i) = self.exact.get(&exact_key(value)) {
            return Some(i);
        }
        self.loose.get(&matching::normalize(value)).copied().flatten()
    }
}

impl Resolver {
    fn new(
        q: &Question,
        spec: Option<&QuestionSpec>,
        mapped: Option<&BTreeMap<String, String>>,
        table: &crate::read::table::Table,
    ) -> Resolver {
        let mut r = Resolver {
            kind: q.kind,
            encoding: q.encoding.clone(),
            columns: q.columns.clone(),
            labels: Vec::new(),
            codes: Vec::new(),
            chosen: Vec::new(),
            option_columns: q.columns.iter().copied().filter(|&c| Some(c) != q.other_text).collect(),
            points: Vec::new(),
            items: Vec::new(),
            other_text: q.other_text,
            other_option: None,
            shared_bars: false,
            preset_only: Vec::new(),
            absent: Vec::new(),
            renamed: Vec::new(),
        };
        let ordered = q.ordered || spec.is_some_and(|s| s.ordered);
        let set_bars = |r: &mut Resolver, bars: &[Bar]| {
            r.labels = bars.iter().map(|b| b.label.clone()).collect();
            r.preset_only = bars.iter().map(|b| b.preset_only).collect();
            r.renamed = bars
                .iter()
                .filter(|b| !b.preset_only && b.preset.is_some() && exact_key(&b.spellings[0]) != exact_key(&b.label))
                .map(|b| Renamed {
                    label: b.label.clone(),
                    file_label: b.spellings[0].clone(),
                })
                .collect();
        };
        match (&q.encoding, q.kind) {
            (Encoding::Cell, Kind::Single | Kind::Rating) => {
                let col = &table.columns[q.columns[0]];
                // An answer given by 1% or more of those who answered is a bar
                // of its own, never part of "Other (free text)"; where answers
                // given once are write-ins, it takes two people.
                let answered = col.answered();
                let least = if q.written_in { 2 } else { 1 };
                // Beside a preset, a rare answer that names none of its
                // options is written in (free text), not an option.
                let preset_keys: rustc_hash::FxHashSet<String> = spec
                    .map(|s| {
                        s.options
                            .iter()
                            .chain(s.aliases.values().flatten())
                            .map(|o| matching::normalize(o))
                            .collect()
                    })
                    .unwrap_or_default();
                let cells: rustc_hash::FxHashMap<&str, u64> = col.entries().map(|(_, v, n)| (v, n)).collect();
                let mut file: Vec<String> = q
                    .options
                    .iter()
                    .filter(|o| {
                        spec.is_none_or(|s| s.options.is_empty()) || preset_keys.contains(&matching::normalize(o))
                    })
                    .cloned()
                    .collect();
                let listed: rustc_hash::FxHashSet<String> = file.iter().cloned().collect();
                for (_, v, n) in col.entries() {
                    if n >= least && n * 100 >= answered && !listed.contains(v) {
                        file.push(v.to_string());
                    }
                }
                let counts: Vec<u64> = file
                    .iter()
                    .map(|f| cells.get(f.as_str()).copied().unwrap_or(0))
                    .collect();
                let (bars, absent) = merge_labels(&file, &counts, spec, mapped, ordered, true);
                set_bars(&mut r, &bars);
                r.absent = absent;
                let lookup = BarLookup::new(&bars);
                r.codes = codes_of(col, |v| match lookup.find(v) {
                    Some(i) => (vec![i], None),
                    None => (vec![], Some(v.to_string())),
                });
            }
            (Encoding::Cell | Encoding::Joined, Kind::Multi) => {
                let (bars, absent) = merge_labels(&q.options, &[], spec, mapped, false, true);
                set_bars(&mut r, &bars);
                r.absent = absent;
                let spelled: Vec<(String, u16)> = bars
                    .iter()
                    .enumerate()
                    .flat_map(|(i, b)| b.spellings.iter().map(move |sp| (sp.clone(), i as u16)))
                    .collect();
                let texts: Vec<String> = spelled.iter().map(|s| s.0.clone()).collect();
                let splitter = MultiSplitter::new(&texts);
                let col = &table.columns[q.columns[0]];
                r.codes = codes_of(col, |v| {
                    let s = splitter.split(v);
                    let other = (!s.other.is_empty()).then(|| s.other.join(", "));
                    let mut chosen: Vec<u16> = Vec::with_capacity(s.chosen.len());
                    for &k in &s.chosen {
                        let i = spelled[k].1;
                        if !chosen.contains(&i) {
                            chosen.push(i);
                        }
                    }
                    (chosen, other)
                });
            }
            (Encoding::Columns, _) => {
                // Each option column is a bar, under the preset's name where it has one.
                let option_cols: Vec<usize> = q.columns.iter().copied().filter(|c| Some(*c) != q.other_text).collect();
                let (bars, absent) = merge_labels(&q.options, &[], spec, mapped, ordered, false);
                set_bars(&mut r, &bars);
                r.absent = absent;
                let mut col_option = Vec::new();
                let lookup = BarLookup::new(&bars);
                for (k, &c) in option_cols.iter().enumerate() {
                    let label = q.options.get(k).cloned().unwrap_or_default();
                    let idx = lookup.find(&label).map_or(0, usize::from);
                    col_option.push(idx);
                    let col = &table.columns[c];
                    r.chosen.push(
                        (0..col.values.len())
                            .map(|code| schema::is_chosen(col.value(code as u16), &label))
                            .collect(),
                    );
                }
                let mut bars_fed = rustc_hash::FxHashSet::default();
                r.shared_bars = !col_option.iter().all(|i| bars_fed.insert(*i));
                r.codes = col_option.into_iter().map(|i| (vec![i as u16], None)).collect();
            }
            (Encoding::Grid, _) => {
                let scale: Vec<String> = match spec {
                    Some(s) if !s.scale.is_empty() => s.scale.clone(),
                    _ => q.options.clone(),
                };
                let scale_norm: Vec<String> = scale.iter().map(|s| matching::normalize(s)).collect();
                r.labels = scale;
                match spec {
                    Some(s) if !s.items.is_empty() => {
                        for item in &s.items {
                            let (l, k) = (matching::normalize(&item.label), matching::normalize(&item.key));
                            let col = q.items.iter().position(|i| {
                                let n = matching::normalize(i);
                                n == l || n == k
                            });
                            r.items
                                .push((item.key.clone(), item.label.clone(), col.map(|p| q.columns[p])));
                        }
                    }
                    _ => {
                        for (k, item) in q.items.iter().enumerate() {
                            r.items.push((letter(k), item.clone(), Some(q.columns[k])));
                        }
                    }
                }
                for (_, _, col) in &r.items {
                    r.points.push(match col {
                        Some(c) => {
                            let column = &table.columns[*c];
                            (0..column.values.len())
                                .map(|code| {
                                    matching::parse_rating(&scale_norm, column.value(code as u16)).map(|p| p as u16)
                                })
                                .collect()
                        }
                        None => Vec::new(),
                    });
                }
            }
            _ => {}
        }
        r.other_option = r
            .labels
            .iter()
            .position(|l| matching::is_other_label(l))
            .map(|i| i as u16);
        r
    }

    /// Text typed in its own column beside the question. Where the question
    /// has an "Other" option, the text says what that choice was: listed,
    /// never an answer of its own. Otherwise the column is the question's
    /// "Other" choice (SurveyMonkey, Typeform): the text is that answer.
    fn read_other_text(&self, table: &crate::read::table::Table, row: usize, a: &mut Answer) {
        let Some(c) = self.other_text else { return };
        let col = &table.columns[c];
        let code = col.code(row);
        if code != 0 {
            a.other = Some(col.value(code).to_string());
            if self.other_option.is_none() {
                a.answered = true;
            }
        }
    }

    fn read(&self, table: &crate::read::table::Table, row: usize, a: &mut Answer) {
        a.answered = false;
        a.chosen.clear();
        a.other = None;
        match (&self.encoding, self.kind) {
            (Encoding::Cell | Encoding::Joined, Kind::Single | Kind::Rating | Kind::Multi) => {
                let code = table.columns[self.columns[0]].code(row);
                if code != 0 {
                    a.answered = true;
                    if code == OVERFLOW {
                        a.other = Some(String::new());
                    } else if let Some((chosen, other)) = self.codes.get(code as usize) {
                        a.chosen.extend_from_slice(chosen);
                        a.other.clone_from(other);
                    }
                }
                self.read_other_text(table, row, a);
            }
            (Encoding::Columns, _) => {
                for (flags, (&c, codes)) in self.chosen.iter().zip(self.option_columns.iter().zip(&self.codes)) {
                    let code = table.columns[c].code(row) as usize;
                    if flags
                        .get(code)
                        .copied()
                        .unwrap_or(code != 0 && code == OVERFLOW as usize)
                        && !(self.shared_bars && a.chosen.contains(&codes.0[0]))
                    {
                        a.chosen.push(codes.0[0]);
                    }
                }
                a.answered = !a.chosen.is_empty();
                self.read_other_text(table, row, a);
            }
            (Encoding::Grid, _) => {
                // The chosen list holds one entry per item: its point, or u16::MAX.
                for (k, (_, _, col)) in self.items.iter().enumerate() {
                    let point = col.and_then(|c| {
                        let code = table.columns[c].code(row);
                        if code == 0 {
                            None
                        } else {
                            Some(
                                self.points[k]
                                    .get(code as usize)
                                    .copied()
                                    .flatten()
                                    .unwrap_or(u16::MAX - 1),
                            )
                        }
                    });
                    a.chosen.push(point.unwrap_or(u16::MAX));
                    if point.is_some_and(|p| p < u16::MAX - 1) {
                        a.answered = true;
                    }
                }
            }
            _ => {
                let code = table.columns[self.columns[0]].code(row);
                a.answered = code != 0;
            }
        }
    }
}

/// Every non-empty cell of a question's columns, placed once: in a bar, a
/// write-in, or set aside with the reason. Read from the columns'
/// dictionaries (a count per distinct value), so it costs no pass over the rows.
fn account(q: &Question, r: &Resolver, table: &crate::read::table::Table, blanked: &[&Blanked]) -> AnswerAccounting {
    let mut acc = AnswerAccounting::default();
    for b in blanked {
        acc.cells += b.cells;
        acc.set_aside(&format!("\u{201c}{}\u{201d} read as no answer", b.value), b.cells);
    }
    for &c in &q.columns {
        let col = &table.columns[c];
        acc.cells += col.answered();
        let all = col.answered();
        if Some(c) == r.other_text {
            acc.write_ins += all;
            continue;
        }
        match (q.kind, &r.encoding) {
            (Kind::Skipped, _) => acc.set_aside(&format!("not an answer: {}", q.reason), all),
            (Kind::Text, _) => acc.write_ins += all,
            (Kind::Number, _) => {
                let plain = crate::infer::values::NumberFormat::default();
                let format = q.number.as_ref().unwrap_or(&plain);
                let numbers: u64 = col
                    .entries()
                    .filter(|(_, v, _)| format.parse(v).is_some())
                    .map(|e| e.2)
                    .sum();
                acc.in_bars += numbers;
                acc.set_aside("not a number", all - numbers);
            }
            (_, Encoding::Columns) => {
                let k = r.option_columns.iter().position(|&o| o == c);
                let flags = k.and_then(|k| r.chosen.get(k));
                let chosen: u64 = col
                    .entries()
                    .filter(|(code, _, _)| flags.and_then(|f| f.get(*code as usize)).copied().unwrap_or(false))
                    .map(|e| e.2)
                    .sum::<u64>()
                    + col.overflow;
                acc.in_bars += chosen;
                acc.set_aside("a not-chosen mark (0, no, false)", all - chosen);
            }
            (_, Encoding::Grid) => {
                let item = r.items.iter().position(|(_, _, ic)| *ic == Some(c));
                let Some(k) = item else {
                    acc.set_aside("an item of the grid the preset does not list", all);
                    continue;
                };
                let points: u64 = col
                    .entries()
                    .filter(|(code, _, _)| r.points[k].get(*code as usize).copied().flatten().is_some())
                    .map(|e| e.2)
                    .sum();
                acc.in_bars += points;
                acc.set_aside("not a point of the scale", all - points);
            }
            _ => {
                let mut bars = 0;
                for (code, _, n) in col.entries() {
                    match r.codes.get(code as usize) {
                        Some((chosen, _)) if !chosen.is_empty() => bars += n,
                        _ => acc.write_ins += n,
                    }
                }
                // Values past the dictionary's caps are counted as free text.
                acc.write_ins += col.overflow;
                acc.in_bars += bars;
            }
        }
    }
    acc
}

fn codes_of(col: &Column, mut f: impl FnMut(&str) -> (Vec<u16>, Option<String>)) -> Vec<(Vec<u16>, Option<String>)> {
    (0..col.values.len())
        .map(|code| {
            if code == 0 {
                (vec![], None)
            } else {
                f(col.value(code as u16))
            }
        })
        .collect()
}

fn letter(k: usize) -> String {
    if k < 26 {
        ((b'a' + k as u8) as char).to_string()
    } else {
        format!("{}", k + 1)
    }
}

/// Running counts for one question.
struct Counter {
    answered: u64,
    counts: Vec<u64>,
    other_respondents: u64,
    other: HashMap<String, u64>,
    /// Grid: per item, counts per point, answered and invalid.
    grid: Vec<(Vec<u64>, u64, u64)>,
    invalid_examples: Vec<(u64, usize)>,
}

impl Counter {
    fn new(r: &Resolver) -> Counter {
        Counter {
            answered: 0,
            counts: vec![0; r.labels.len()],
            other_respondents: 0,
            other: HashMap::new(),
            grid: r.items.iter().map(|_| (vec![0; r.labels.len()], 0, 0)).collect(),
            invalid_examples: Vec::new(),
        }
    }

    fn add(&mut self, a: &Answer, r: &Resolver, row: usize) {
        if r.encoding == Encoding::Grid {
            for (k, &p) in a.chosen.iter().enumerate() {
                if p == u16::MAX {
                    continue;
                }
                let (counts, answered, invalid) = &mut self.grid[k];
                match counts.get_mut(p as usize) {
                    Some(c) => {
                        *c += 1;
                        *answered += 1;
                    }
                    None => {
                        *invalid += 1;
                        if self.invalid_examples.len() < 20 {
                            self.invalid_examples.push((row as u64, k));
                        }
                    }
                }
            }
            if a.answered {
                self.answered += 1;
            }
            return;
        }
        if !a.answered {
            // Text typed beside an "Other" option that was not chosen: listed.
            if let Some(text) = a.other.as_ref().filter(|t| !t.is_empty()) {
                *self.other.entry(text.clone()).or_insert(0) += 1;
            }
            return;
        }
        self.answered += 1;
        for &o in &a.chosen {
            if let Some(c) = self.counts.get_mut(o as usize) {
                *c += 1;
            }
        }
        if let Some(text) = &a.other {
            // Text typed for a chosen "Other" option is that option's content,
            // not a second answer: it is listed, not counted again.
            let chose_other = r.other_option.is_some_and(|o| a.chosen.contains(&o));
            if !chose_other {
                self.other_respondents += 1;
            }
            if !text.is_empty() {
                *self.other.entry(text.clone()).or_insert(0) += 1;
            }
        }
    }

    fn report(
        &self,
        q: &Question,
        spec: Option<&QuestionSpec>,
        r: &Resolver,
        respondents: u64,
        data: &Ingested,
        notices: &mut Vec<Notice>,
    ) -> QuestionReport {
        let mut options: Vec<OptionCount> = r
            .labels
            .iter()
            .zip(&self.counts)
            .map(|(l, &count)| OptionCount {
                label: l.clone(),
                count,
            })
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
        let other = sorted_counts(&self.other);
        let mut items = Vec::new();
        let mut numbers = None;
        let mut samples = Vec::new();
        let mut answered = self.answered;
        match q.kind {
            Kind::Single | Kind::Multi if r.encoding != Encoding::Grid => {
                if self.other_respondents > 0 {
                    options.push(OptionCount {
                        label: OTHER_FREE_TEXT.to_string(),
                        count: self.other_respondents,
                    });
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
                for (k, (key, label, col)) in r.items.iter().enumerate() {
                    let (counts, item_answered, invalid) = &self.grid[k];
                    items.push(ItemReport {
                        key: key.clone(),
                        label: label.clone(),
                        column: *col,
                        answered: *item_answered,
                        counts: r
                            .labels
                            .iter()
                            .zip(counts)
                            .map(|(l, &count)| OptionCount {
                                label: l.clone(),
                                count,
                            })
                            .collect(),
                        invalid: *invalid,
                    });
                }
                for (row, k) in &self.invalid_examples {
                    let Some(c) = r.items[*k].2 else { continue };
                    let value = data.table.columns[c].value(data.table.columns[c].code(*row as usize));
                    // Rows are counted from the first data row; add the header rows.
                    let file_row = *row + data.info.header_rows as u64 + 1;
                    notices.push(Notice {
                        row: Some(file_row),
                        column: Some(data.names[c].clone()),
                        message: format!("row {file_row}: {value:?} is not a point of the scale; the answer was left out of this item"),
                    });
                }
            }
            Kind::Rating if self.other_respondents > 0 => {
                options.push(OptionCount {
                    label: OTHER_FREE_TEXT.to_string(),
                    count: self.other_respondents,
                });
            }
            Kind::Number => {
                let col = &data.table.columns[q.columns[0]];
                numbers = number_summary(col, q.number.as_ref());
                answered = col.answered();
                options.clear();
            }
            Kind::Text => {
                let col = &data.table.columns[q.columns[0]];
                answered = col.answered();
                let mut all: Vec<OptionCount> = col
                    .entries()
                    .map(|(_, v, n)| OptionCount {
                        label: v.to_string(),
                        count: n,
                    })
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
        QuestionReport {
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
            can_split: Session::can_split(q.kind, &q.encoding),
            can_split_by: Session::can_split_by(q.kind, &q.encoding),
        }
    }
}

fn number_summary(col: &Column, format: Option<&crate::infer::values::NumberFormat>) -> Option<NumberSummary> {
    let plain = crate::infer::values::NumberFormat::default();
    let format = format.unwrap_or(&plain);
    let mut values: Vec<(f64, u64)> = col
        .entries()
        .filter_map(|(_, v, n)| format.parse(v).map(|x| (x, n)))
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
    let fmt = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e9 {
            format!("{x:.0}")
        } else {
            format!("{x:.2}")
        }
    };
    let bins = if max == min {
        vec![OptionCount {
            label: fmt(min),
            count: total,
        }]
    } else {
        bins.iter()
            .enumerate()
            .map(|(i, &count)| OptionCount {
                label: format!(
                    "{}\u{2013}{}",
                    fmt(min + width * i as f64),
                    fmt(min + width * (i + 1) as f64)
                ),
                count,
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

fn geography_of(q: &QuestionReport) -> Geography {
    let mut known: HashMap<&'static str, (geo::Continent, u64)> = HashMap::new();
    let mut unknown: HashMap<String, u64> = HashMap::new();
    let free: Vec<(String, u64)> = q.other.iter().map(|o| (o.label.clone(), o.count)).collect();
    let listed = q.options.iter().map(|o| (o.label.clone(), o.count));
    for (label, n) in listed.chain(free) {
        if n == 0 || label == OTHER_FREE_TEXT {
            continue;
        }
        match geo::lookup(&label) {
            Some(c) => known.entry(c.name).or_insert((c.continent, 0)).1 += n,
            None => *unknown.entry(label).or_insert(0) += n,
        }
    }
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
    let mut unrecognised: Vec<OptionCount> = unknown
        .into_iter()
        .map(|(label, count)| OptionCount { label, count })
        .collect();
    sort_desc(&mut unrecognised);
    Geography {
        question: q.id.clone(),
        answered: q.answered,
        continents,
        countries,
        unrecognised,
    }
}

fn group_report(g: &crate::infer::preset::GroupSpec, count: u64, question: &str) -> GroupReport {
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
        options: Vec::new(),
    }
}

/// Whether the question as read offers `option`, and how the file spells it.
pub fn rule_option(q: &QuestionReport, option: &str) -> RuleOption {
    let found = q.options.iter().any(|o| o.label == option) && !q.not_offered.iter().any(|o| o == option);
    RuleOption {
        option: option.to_string(),
        found,
        file_label: q
            .renamed
            .iter()
            .find(|r| r.label == option)
            .map(|r| r.file_label.clone()),
    }
}

/// The entries of `v` whose `keep` is true (entries past `keep` are kept).
fn kept<T: Clone>(v: &[T], keep: &[bool]) -> Vec<T> {
    v.iter()
        .enumerate()
        .filter(|(i, _)| keep.get(*i).copied().unwrap_or(true))
        .map(|(_, x)| x.clone())
        .collect()
}

fn join_or(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
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
