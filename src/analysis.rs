//! From a read table to the report: questions guessed by [`schema`], the
//! preset's questions mapped onto them, every question counted, countries
//! mapped to continents, and each respondent placed in one maturity group.
//!
//! A [`Session`] keeps the table, so a person's corrections (a column's
//! kind, which question feeds which figure) re-run the counting only.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::claims::{self, ClaimResult};
use crate::error::Result;
use crate::geo;
use crate::ingest::{self, Ingested, InputInfo, Notice, RowAccounting};
use crate::matching::{self, MultiSplitter};
use crate::preset::{Preset, QuestionSpec, SpecKind};
use crate::schema::{self, Encoding, Question};
use crate::table::{Column, OVERFLOW};
use crate::text::{self, Section};

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
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PresetInfo {
    pub id: String,
    pub title: String,
    pub source: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
        let guessed = schema::infer(&data.table, &data.heads);
        Session {
            preset,
            data,
            guessed,
            overrides: Overrides::default(),
        }
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
        self.overrides = overrides;
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
        let seen: Vec<Vec<String>> = qs.iter().map(|q| seen_values(q, &self.data.table)).collect();
        for (pi, spec) in self.preset.questions.iter().enumerate() {
            if self.overrides.roles.contains_key(&spec.id) || spec.kind == SpecKind::Skipped {
                continue;
            }
            let best = qs
                .iter()
                .enumerate()
                .filter(|(i, _)| !taken[*i])
                .map(|(i, q)| (i, match_score(spec, q, &seen[i])))
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
                    q.kind = Kind::Multi;
                    q.encoding = Encoding::Joined;
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
            .map(|(q, r)| Resolver::new(q, r.map(|pi| &self.preset.questions[pi]), table))
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

    /// Counts of question `id` by the groups of single-choice question `by`,
    /// for a split figure. None when either is missing or `by` is not single.
    pub fn split(&self, id: &str, by: &str, stacked: bool) -> Option<crate::figures::Figure> {
        let p = self.prepare();
        let qi = p.ids.iter().position(|x| x == id)?;
        let bi = p.ids.iter().position(|x| x == by)?;
        let (q, b) = (&p.resolvers[qi], &p.resolvers[bi]);
        if qi == bi
            || p.qs[bi].kind != Kind::Single
            || !matches!(p.qs[qi].kind, Kind::Single | Kind::Multi | Kind::Rating)
            || q.encoding == Encoding::Grid
        {
            return None;
        }
        // The options, then the free-text bucket, so each group adds up.
        let other_at = q.labels.len();
        let mut options = q.labels.clone();
        options.push(OTHER_FREE_TEXT.to_string());
        let mut split = crate::figures::SplitCounts {
            options,
            groups: b.labels.clone(),
            counts: vec![vec![0; other_at + 1]; b.labels.len()],
            answered: vec![0; b.labels.len()],
        };
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
        // 100% stacking needs one answer per respondent: single choice and ratings only.
        let mut figure = if stacked && p.qs[qi].kind != Kind::Multi {
            crate::figures::stacked_split_figure(id, &p.qs[qi].header, &p.qs[bi].header, &split, p.qs[qi].ordered)
        } else {
            crate::figures::split_figure(id, &p.qs[qi].header, &p.qs[bi].header, &split)
        };
        figure.source = crate::figures::source_line(self.data.info.name.as_deref());
        Some(figure)
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
        for (qi, q) in qs.iter().enumerate() {
            let spec = role_of[qi].map(|pi| &self.preset.questions[pi]);
            let report = counters[qi].report(q, spec, &resolvers[qi], respondents, &self.data, &mut notices);
            if spec.is_some_and(|s| s.kind == SpecKind::Country) {
                geography = Some(geography_of(&report, &resolvers[qi]));
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
            let mut groups: Vec<GroupReport> = spec
                .groups
                .iter()
                .zip(&group_counts)
                .map(|(g, &count)| group_report(g, count, &header))
                .collect();
            let u = &spec.unclassified;
            groups.push(GroupReport {
                id: u.id.clone(),
                label: u.label.clone(),
                description: u.description.clone(),
                rule: format!("answered none of \u{201c}{header}\u{201d}"),
                count: *group_counts.last().unwrap_or(&0),
            });
            let crosstabs = cross_qs
                .iter()
                .zip(cross)
                .map(|(&qi, (counts, answered))| Crosstab {
                    question: questions[qi].id.clone(),
                    options: resolvers[qi].labels.clone(),
                    counts,
                    answered,
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
            })
        });
        let countries = geography.as_ref().map_or(0, |g: &Geography| g.countries.len() as u64);
        let mut report = Report {
            preset: PresetInfo {
                id: self.preset.id.clone(),
                title: self.preset.title.clone(),
                source: self.preset.source.clone(),
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
        };
        report.claims = claims::evaluate(&self.preset, &report);
        report.text = text::results_section(&report);
        report
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

/// How well a file question fits a preset question: 1 or more is a match.
/// A question's options, items or (first) values, normalised: what a preset's
/// options are compared with. Computed once per question, not per pair.
fn seen_values(q: &Question, table: &crate::table::Table) -> Vec<String> {
    let listed = if q.encoding == Encoding::Grid {
        &q.items
    } else {
        &q.options
    };
    if listed.is_empty() && q.columns.len() == 1 {
        table.columns[q.columns[0]]
            .entries()
            .take(500)
            .map(|(_, v, _)| matching::normalize(v))
            .collect()
    } else {
        listed.iter().map(|o| matching::normalize(o)).collect()
    }
}

fn match_score(spec: &QuestionSpec, q: &Question, seen_values: &[String]) -> f64 {
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
    let header = matching::normalize(&q.header);
    let exact = spec.headers.iter().any(|h| matching::normalize(h) == header);
    let words = |s: &str| -> Vec<String> {
        matching::normalize(s)
            .split(' ')
            .filter(|w| w.len() > 2 && !STOPWORDS.contains(w))
            .map(str::to_string)
            .collect()
    };
    let qw = words(&q.header);
    let similarity = spec
        .headers
        .iter()
        .map(|h| {
            let hw = words(h);
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
    let expected: Vec<String> = if spec.kind == SpecKind::RatingGrid {
        spec.items.iter().map(|i| matching::normalize(&i.label)).collect()
    } else {
        spec.options.iter().map(|o| matching::normalize(o)).collect()
    };
    let overlap = if expected.is_empty() {
        0.0
    } else {
        expected.iter().filter(|o| seen_values.contains(*o)).count() as f64 / expected.len() as f64
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
    /// Grid encoding: per item column, per code, the scale point.
    points: Vec<Vec<Option<u16>>>,
    items: Vec<(String, String, Option<usize>)>,
    other_text: Option<usize>,
    /// The index of an option labelled "Other", if the question has one.
    other_option: Option<u16>,
}

impl Resolver {
    fn new(q: &Question, spec: Option<&QuestionSpec>, table: &crate::table::Table) -> Resolver {
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
        };
        // The preset's labels are used when they name most answers; a file
        // that words its options differently keeps its own.
        let preset_options: Vec<String> = spec
            .filter(|s| !s.options.is_empty() && preset_coverage(&s.options, q, table) >= 0.5)
            .map(|s| s.options.clone())
            .unwrap_or_default();
        match (&q.encoding, q.kind) {
            (Encoding::Cell, Kind::Single | Kind::Rating) => {
                r.labels = if preset_options.is_empty() {
                    q.options.clone()
                } else {
                    preset_options
                };
                let norm: Vec<String> = r.labels.iter().map(|l| matching::normalize(l)).collect();
                let col = &table.columns[q.columns[0]];
                r.codes = codes_of(col, |v| match matching::find_option(&norm, v) {
                    Some(i) => (vec![i as u16], None),
                    None => (vec![], Some(v.to_string())),
                });
            }
            (Encoding::Cell | Encoding::Joined, Kind::Multi) => {
                let mut labels = preset_options.clone();
                if labels.is_empty() {
                    labels = q.options.clone();
                }
                let splitter = MultiSplitter::new(&labels);
                r.labels = labels;
                let col = &table.columns[q.columns[0]];
                r.codes = codes_of(col, |v| {
                    let s = splitter.split(v);
                    let other = (!s.other.is_empty()).then(|| s.other.join(", "));
                    (s.chosen.iter().map(|&i| i as u16).collect(), other)
                });
            }
            (Encoding::Columns, _) => {
                // Column options, matched to the preset's labels when there are some.
                let mut labels = preset_options;
                let option_cols: Vec<usize> = q.columns.iter().copied().filter(|c| Some(*c) != q.other_text).collect();
                let mut col_option = Vec::new();
                for (k, &c) in option_cols.iter().enumerate() {
                    let label = q.options.get(k).cloned().unwrap_or_default();
                    let norm = matching::normalize(&label);
                    let idx = match labels.iter().position(|l| matching::normalize(l) == norm) {
                        Some(i) => i,
                        None => {
                            labels.push(label.clone());
                            labels.len() - 1
                        }
                    };
                    col_option.push(idx);
                    let col = &table.columns[c];
                    r.chosen.push(
                        (0..col.values.len())
                            .map(|code| schema::is_chosen(col.value(code as u16), &label))
                            .collect(),
                    );
                }
                r.labels = labels;
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
            .position(|l| l.trim().eq_ignore_ascii_case("other"))
            .map(|i| i as u16);
        r
    }

    /// Text typed beside "Other" in its own column counts as a free-text answer.
    fn read_other_text(&self, table: &crate::table::Table, row: usize, a: &mut Answer) {
        let Some(c) = self.other_text else { return };
        let col = &table.columns[c];
        let code = col.code(row);
        if code != 0 {
            a.other = Some(col.value(code).to_string());
            a.answered = true;
        }
    }

    fn read(&self, table: &crate::table::Table, row: usize, a: &mut Answer) {
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
                    {
                        a.chosen.push(codes.0[0]);
                    }
                }
                if let Some(c) = self.other_text {
                    let col = &table.columns[c];
                    let code = col.code(row);
                    if code != 0 {
                        a.other = Some(col.value(code).to_string());
                    }
                }
                a.answered = !a.chosen.is_empty() || a.other.is_some();
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

/// The share of a one-column question's answers that name a preset option.
fn preset_coverage(options: &[String], q: &Question, table: &crate::table::Table) -> f64 {
    if q.encoding == Encoding::Columns {
        let norm: Vec<String> = options.iter().map(|o| matching::normalize(o)).collect();
        let hits = q
            .options
            .iter()
            .filter(|o| norm.contains(&matching::normalize(o)))
            .count();
        return hits as f64 / q.options.len().max(1) as f64;
    }
    let col = &table.columns[q.columns[0]];
    let answered = col.answered();
    if answered == 0 {
        return 1.0;
    }
    let norm: Vec<String> = options.iter().map(|o| matching::normalize(o)).collect();
    let splitter = MultiSplitter::new(options);
    let hits: u64 = col
        .entries()
        .filter(|(_, v, _)| {
            if q.kind == Kind::Multi || q.encoding == Encoding::Joined {
                !splitter.split(v).chosen.is_empty()
            } else {
                matching::find_option(&norm, v).is_some()
            }
        })
        .map(|e| e.2)
        .sum();
    hits as f64 / answered as f64
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
                numbers = number_summary(col);
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
        }
    }
}

fn number_summary(col: &Column) -> Option<NumberSummary> {
    let mut values: Vec<(f64, u64)> = col
        .entries()
        .filter_map(|(_, v, n)| v.replace(',', ".").parse::<f64>().ok().map(|x| (x, n)))
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

fn geography_of(q: &QuestionReport, r: &Resolver) -> Geography {
    let mut known: HashMap<&'static str, (geo::Continent, u64)> = HashMap::new();
    let mut unknown: HashMap<String, u64> = HashMap::new();
    let free: Vec<(String, u64)> = q.other.iter().map(|o| (o.label.clone(), o.count)).collect();
    let listed = r.labels.iter().cloned().zip(q.options.iter().map(|o| o.count));
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

fn group_report(g: &crate::preset::GroupSpec, count: u64, question: &str) -> GroupReport {
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
