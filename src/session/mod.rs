//! Layer 6, the session: a file read once, reported on as often as its
//! reading is corrected (a column's kind, which question feeds which
//! figure, markers kept as answers): a correction re-runs inferring and
//! counting, never reading. [`report`](Session::report) is the full
//! report; [`split`](Session::split) one question by another;
//! [`select`](Session::select) and [`counts`](Session::counts) count over a
//! subset of respondents, with weights.

mod analysis;
mod compare;
mod report;
mod split;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, ErrorKind, Result};
use crate::count::{self, Condition, QuestionCounts, Selection, Weights};
use crate::infer::mapping;
use crate::infer::markers::Markers;
use crate::infer::preset::Preset;
use crate::infer::resolve::Resolver;
use crate::infer::schema::{self, Encoding, Kind, Question};
use crate::read::ingest::{self, Ingested};
use crate::report::types::Report;

pub use analysis::{looks_like_weight, Analysis, MarginChoice, MarginShare, Weighting, CONTINENT};
pub use compare::Compared;
pub use split::{SplitGroup, SplitOption, SplitReport};

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

/// "Question `question` answered with any of `options`" (by the report's
/// question id and option labels): a condition on respondents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    pub question: String,
    pub options: Vec<String>,
}

/// One question counted: its id in the report, its bars (what
/// `counts.options` are tallies of, in that order) and the counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counted {
    pub id: String,
    pub labels: Vec<String>,
    pub counts: QuestionCounts,
}

/// A file read once, reported on as often as its reading is corrected.
pub struct Session {
    preset: Preset,
    data: Ingested,
    guessed: Vec<Question>,
    overrides: Overrides,
    cx: schema::ReadContext,
    /// Missing-value markers read as no answer, and the columns as they were.
    markers: Markers,
    /// The filters and weights the report uses ([`Session::set_analysis`]).
    analysis: Analysis,
}

/// The questions as read now, the preset mapping, and the per-question lookups.
struct Prepared {
    qs: Vec<Question>,
    /// For each preset question, the file question feeding it.
    mapping: Vec<Option<usize>>,
    /// For each file question, the preset question it feeds.
    role_of: Vec<Option<usize>>,
    resolvers: Vec<Resolver>,
    /// Each question's id in the report.
    ids: Vec<String>,
}

impl Prepared {
    /// The question a person names: by its id in the report, else by the
    /// file's own id for it, else by its header (up to case and spacing),
    /// so `--filter region=North` works on a file whose question "region"
    /// has the id `column_2`.
    fn find(&self, name: &str) -> Option<usize> {
        let by = |f: &dyn Fn(usize) -> bool| (0..self.qs.len()).find(|&i| f(i));
        by(&|i| self.ids[i] == name)
            .or_else(|| by(&|i| self.qs[i].id == name))
            .or_else(|| {
                let n = crate::base::words::normalize(name);
                by(&|i| crate::base::words::normalize(&self.qs[i].header) == n)
            })
    }
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

    fn from_read(mut data: Ingested, preset: Preset) -> Session {
        let cx = schema::ReadContext {
            semicolon: data.info.delimiter == ";",
        };
        let markers = Markers::blank(&mut data.table);
        let guessed = schema::infer(&data.table, &data.heads, cx);
        Session {
            preset,
            data,
            guessed,
            overrides: Overrides::default(),
            cx,
            markers,
            analysis: Analysis::default(),
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
        let markers_changed = overrides.keep_markers != self.overrides.keep_markers;
        self.overrides = overrides;
        if markers_changed {
            if self.overrides.keep_markers {
                self.markers.restore(&mut self.data.table);
            } else {
                self.markers = Markers::blank(&mut self.data.table);
            }
            self.guessed = schema::infer(&self.data.table, &self.data.heads, self.cx);
        }
    }

    /// Column names as shown in the reading panel.
    pub fn column_names(&self) -> &[String] {
        &self.data.names
    }

    /// Respondents in the file.
    pub fn respondents(&self) -> usize {
        self.data.table.rows
    }

    fn mapped_count(&self) -> usize {
        let qs = self.questions();
        mapping::map_questions(&self.preset, &self.overrides.roles, &qs, &self.data.table)
            .iter()
            .filter(|m| m.is_some())
            .count()
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

    fn prepare(&self) -> Prepared {
        let mut qs = self.questions();
        let table = &self.data.table;
        let mapping = mapping::map_questions(&self.preset, &self.overrides.roles, &qs, table);
        // A question feeding a preset question is read as that question's
        // kind, unless the person chose its kind.
        for (pi, m) in mapping.iter().enumerate() {
            let Some(qi) = m else { continue };
            if !self.overrides.kinds.contains_key(&qs[*qi].id) {
                mapping::fit_to_spec(&mut qs[*qi], &self.preset.questions[pi], table);
            }
        }
        let mut role_of: Vec<Option<usize>> = vec![None; qs.len()];
        for (pi, m) in mapping.iter().enumerate() {
            if let Some(qi) = m {
                role_of[*qi] = Some(pi);
            }
        }
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

    /// The respondents meeting every filter (AND across filters; within
    /// one, any of its options). An error names a question or option the
    /// report does not have, or a question with no options to choose.
    pub fn select(&self, filters: &[Filter]) -> Result<Selection> {
        self.select_prepared(filters, &self.prepare())
    }

    fn select_prepared(&self, filters: &[Filter], p: &Prepared) -> Result<Selection> {
        // Named by id, file id or header: merged by the question they name.
        let filters = analysis::merge_filters(&analysis::canonical(filters, p));
        let mut conditions = Vec::with_capacity(filters.len());
        for f in &filters {
            let Some(qi) = p.find(&f.question) else {
                return Err(Error::new(
                    ErrorKind::Malformed,
                    format!(
                        "filter on \u{201c}{}\u{201d}: the report has no question with that id",
                        f.question
                    ),
                ));
            };
            let r = &p.resolvers[qi];
            if r.encoding == Encoding::Grid || !matches!(r.kind, Kind::Single | Kind::Multi | Kind::Rating) {
                return Err(Error::new(
                    ErrorKind::Malformed,
                    format!(
                        "filter on \u{201c}{}\u{201d}: only a question with options to choose (single or multiple choice, or a rating) can filter respondents",
                        f.question
                    ),
                ));
            }
            let mut options = Vec::with_capacity(f.options.len());
            for o in &f.options {
                let Some(i) = r.labels.iter().position(|l| l == o) else {
                    return Err(Error::new(
                        ErrorKind::Malformed,
                        format!(
                            "filter on \u{201c}{}\u{201d}: it has no option \u{201c}{o}\u{201d}",
                            f.question
                        ),
                    ));
                };
                options.push(i as u16);
            }
            conditions.push(Condition { resolver: r, options });
        }
        Ok(count::select(&self.data.table, &conditions))
    }

    /// Weights for the respondents, one per row in file order: as many as
    /// there are respondents, each finite and 0 or more.
    pub fn weights(&self, values: Vec<f64>) -> Result<Weights> {
        let rows = self.data.table.rows;
        if values.len() != rows {
            return Err(Error::new(
                ErrorKind::Malformed,
                format!(
                    "{} weights given for {rows} respondents: give one weight per respondent",
                    values.len()
                ),
            ));
        }
        Weights::new(values)
    }

    /// Every question counted over `selection`, weighted by `weights`, by
    /// the report's question ids: respondents and Σw per option, and per
    /// question its base with Σw and Σw².
    pub fn counts(&self, selection: &Selection, weights: Option<&Weights>) -> Vec<Counted> {
        let p = self.prepare();
        p.resolvers
            .iter()
            .zip(p.ids)
            .map(|(r, id)| Counted {
                id,
                labels: r.labels.clone(),
                counts: count::count(&self.data.table, r, selection, weights, None),
            })
            .collect()
    }
}
