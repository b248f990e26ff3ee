//! The full report: every question counted over a selection of
//! respondents, then the preset's mapping, geography, maturity groups, the
//! claims and the paper's text.

use crate::count::accounting::account;
use crate::count::engine::Rule;
use crate::count::{self, QuestionCounts, Selection, Weights};
use crate::infer::markers::Blanked;
use crate::infer::preset::SpecKind;
use crate::infer::schema::Kind;
use crate::present::{claims, text};
use crate::read::ingest::Notice;
use crate::report::geography::geography_of;
use crate::report::markers::marker_report;
use crate::report::maturity::{group_report, rule_option};
use crate::report::question::{kept, question_report, weighted_bases};
use crate::report::types::{
    Crosstab, CrosstabWeights, Geography, GroupReport, MaturityReport, MissingQuestion, PresetInfo, Report,
    RoleMapping, SelectionInfo, WeightsInfo, OTHER_FREE_TEXT,
};
use crate::session::{Prepared, Session};

impl Session {
    /// The full report for the current reading, over the respondents the
    /// analysis' filters select, weighted as it says ([`Session::set_analysis`]).
    pub fn report(&self) -> Report {
        let p = self.prepare();
        match self.apply(&self.analysis, &p) {
            Ok(a) => self.report_prepared(p, &a.selection, a.weights.as_ref(), a.selection_info, a.weights_info),
            Err(e) => {
                // A correction since the analysis was set (a question read
                // as another kind, a role given to another column) can make
                // its filters or margins name what is no longer there.
                let all = Selection::all(self.data.table.rows);
                let mut r = self.report_prepared(p, &all, None, None, None);
                r.notices.push(Notice {
                    row: None,
                    column: None,
                    message: format!(
                        "the filters and weights were not applied, as the file is now read otherwise: {e}; set them again"
                    ),
                });
                r
            }
        }
    }

    /// The report under `analysis` instead of the session's own (checked
    /// as [`Session::set_analysis`] checks it).
    pub fn report_with(&self, analysis: &crate::session::Analysis) -> crate::base::error::Result<Report> {
        let p = self.prepare();
        let a = self.apply(analysis, &p)?;
        Ok(self.report_prepared(p, &a.selection, a.weights.as_ref(), a.selection_info, a.weights_info))
    }

    /// The report of the respondents of `selection` only, unweighted: the
    /// same as the report of the file with the other rows removed, but for
    /// what describes the file as read (its rows, the answers' accounting
    /// and the notices, which stay those of the whole file).
    pub fn report_over(&self, selection: &Selection) -> Report {
        self.report_prepared(self.prepare(), selection, None, None, None)
    }

    fn report_prepared(
        &self,
        p: Prepared,
        selection: &Selection,
        weights: Option<&Weights>,
        selection_info: Option<SelectionInfo>,
        weights_info: Option<WeightsInfo>,
    ) -> Report {
        let weighted = weights.is_some();
        let Prepared {
            qs,
            mapping,
            role_of,
            resolvers,
            ..
        } = p;
        let table = &self.data.table;

        // Maturity: which question the rules read, and the option indexes of each rule.
        let maturity_plan = self.preset.maturity.as_ref().and_then(|m| {
            let pi = self.preset.questions.iter().position(|s| s.id == m.question)?;
            let qi = mapping[pi]?;
            let labels = &resolvers[qi].labels;
            let rules: Vec<Rule> = m
                .groups
                .iter()
                .map(|g| {
                    let any_of = g
                        .any_of
                        .iter()
                        .filter_map(|o| labels.iter().position(|l| l == o))
                        .map(|i| i as u16)
                        .collect();
                    Rule {
                        any_of,
                        any_answer: g.any_answer,
                    }
                })
                .collect();
            Some((qi, rules))
        });
        // Crosstabs: every mapped single/multi question by maturity group.
        let mut crossed = vec![false; qs.len()];
        if maturity_plan.is_some() {
            for (i, q) in qs.iter().enumerate() {
                crossed[i] = role_of[i].is_some() && matches!(q.kind, Kind::Single | Kind::Multi);
            }
        }
        // Each respondent's maturity group first, then the questions one
        // at a time over every row: each pass reads its columns' codes in
        // order, where a pass per row jumped between every column and
        // measured 2x slower.
        let grouping = maturity_plan
            .as_ref()
            .map(|(mq, rules)| count::engine::group_by_rules(table, &resolvers[*mq], selection, rules));
        let group_counts = grouping.as_ref().map(|g| g.sizes()).unwrap_or_default();
        let group_weights = match (grouping.as_ref(), weights) {
            (Some(g), Some(w)) => Some(g.weights(w)),
            _ => None,
        };
        let counts: Vec<QuestionCounts> = resolvers
            .iter()
            .zip(&crossed)
            .map(|(r, &crossed)| count::count(table, r, selection, weights, grouping.as_ref().filter(|_| crossed)))
            .collect();

        let respondents = if selection.is_all() {
            self.data.rows.used
        } else {
            selection.len() as u64
        };
        let mut notices = self.data.notices.clone();
        let mut questions = Vec::new();
        let mut geography = None;
        // Markers blanked out, by column: looked up per question, not searched.
        let mut blanked_in: rustc_hash::FxHashMap<usize, Vec<&Blanked>> = rustc_hash::FxHashMap::default();
        for b in &self.markers.blanked {
            blanked_in.entry(b.column).or_default().push(b);
        }
        for (qi, q) in qs.iter().enumerate() {
            let spec = role_of[qi].map(|pi| &self.preset.questions[pi]);
            let mut report = question_report(
                q,
                spec,
                &resolvers[qi],
                &counts[qi],
                respondents,
                weighted,
                &self.data,
                &mut notices,
            );
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
                .enumerate()
                .map(|(gi, (g, &count))| {
                    let mut report = group_report(g, count, &header);
                    report.options = g.any_of.iter().map(|o| rule_option(mq_report, o)).collect();
                    report.weighted = group_weights.as_ref().map(|w| w[gi]);
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
                weighted: group_weights.as_ref().and_then(|w| w.last().copied()),
                options: Vec::new(),
            });
            let crosstabs = (0..qs.len())
                .filter(|&qi| crossed[qi])
                .map(|qi| {
                    let by_group = &counts[qi].groups;
                    // Options this file does not offer are left out, as in the question's bars.
                    let keep: Vec<bool> = resolvers[qi]
                        .labels
                        .iter()
                        .map(|l| !questions[qi].not_offered.contains(l))
                        .collect();
                    Crosstab {
                        question: questions[qi].id.clone(),
                        options: kept(&resolvers[qi].labels, &keep),
                        counts: by_group
                            .iter()
                            .map(|g| kept(&g.options.iter().map(|t| t.respondents).collect::<Vec<u64>>(), &keep))
                            .collect(),
                        answered: by_group.iter().map(|g| g.base.respondents).collect(),
                        weighted: weighted.then(|| CrosstabWeights {
                            counts: by_group
                                .iter()
                                .map(|g| kept(&g.options.iter().map(|t| t.weight).collect::<Vec<f64>>(), &keep))
                                .collect(),
                            answered: by_group.iter().map(|g| g.base.weight).collect(),
                            effective: by_group
                                .iter()
                                .map(|g| weighted_bases(&g.base, true).1.unwrap_or(0.0))
                                .collect(),
                        }),
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
        let asked = self
            .preset
            .questions
            .iter()
            .filter(|s| s.kind != SpecKind::Skipped)
            .count();
        let found = self
            .preset
            .questions
            .iter()
            .zip(&mapping)
            .filter(|(s, m)| m.is_some() && s.kind != SpecKind::Skipped)
            .count();
        let countries = geography.as_ref().map_or(0, |g: &Geography| g.countries.len() as u64);
        let markers = marker_report(&self.markers.blanked, &questions, &mut notices);
        let mut report = Report {
            preset: PresetInfo {
                id: self.preset.id.clone(),
                title: self.preset.title.clone(),
                source: self.preset.source.clone(),
                rules_question: self.preset.maturity.as_ref().map(|m| m.question.clone()),
                figures: self.preset.figures.clone(),
                found,
                asked,
                fits: PresetInfo::fit(found, asked),
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
            selection: selection_info,
            weights: weights_info,
            weight_columns: self.weight_columns(&qs),
        };
        report.claims = claims::evaluate(&self.preset, &report);
        report.text = text::results_section(&self.preset, &report);
        report
    }
}
