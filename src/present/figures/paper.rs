//! The figures of the paper's results section: who answered (continents and
//! countries), the preset's figures of one question each, and the maturity
//! groups with the first group compared with the rest.

use super::question::{base_words, likert, missing, question_bars};
use super::{with_source, BarRow, BarValue, Bars, Body, Figure, Series};
use crate::report::ranking::SMALL_GROUP;
use crate::report::types::{Kind, OptionCount, Report};

/// How many countries the "top countries" figure shows.
pub const TOP_COUNTRIES: usize = 15;

fn paper_title(q_header: &str, fig: Option<&str>) -> String {
    match fig {
        Some(f) => format!("{f} {q_header}"),
        None => q_header.to_string(),
    }
}

/// Every figure of the paper's results section, in page order.
pub fn build(report: &Report) -> Vec<Figure> {
    with_source(build_figures(report), report)
}

fn build_figures(report: &Report) -> Vec<Figure> {
    let mut out = Vec::new();
    who(report, &mut out);
    paper_questions(report, &mut out);
    analysis(report, &mut out);
    out
}

/// Who answered: respondents by continent, and the top countries.
fn who(report: &Report, out: &mut Vec<Figure>) {
    match &report.geography {
        Some(g) => {
            let total = g.answered;
            let bars = |rows: Vec<BarRow>| {
                Body::Bars(Bars {
                    series: vec![Series::new("All", total)],
                    rows,
                    // One continent or country per respondent.
                    one_answer: true,
                })
            };
            let bar = |c: &OptionCount| BarRow {
                label: c.label.clone(),
                values: vec![BarValue::weighed(
                    c.count,
                    total,
                    c.weighted,
                    g.weighted_base,
                    g.effective_base,
                )],
                change: None,
            };
            let unrec: u64 = g.unrecognised.iter().map(|o| o.count).sum();
            let note = (unrec > 0).then(|| {
                format!(
                    "{unrec} answer(s) name no known country: {}",
                    g.unrecognised
                        .iter()
                        .take(5)
                        .map(|o| format!("\u{201c}{}\u{201d}", o.label))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            let base = base_words(total, g.effective_base);
            out.push(Figure {
                note: note.clone(),
                ..Figure::new(
                    "continents",
                    "who",
                    "Respondents by continent".into(),
                    format!(
                        "% of {base} who named their country; {} skipped",
                        report.respondents.saturating_sub(total)
                    ),
                    bars(g.continents.iter().map(bar).collect()),
                )
            });
            let shown = g.countries.len().min(TOP_COUNTRIES);
            out.push(Figure {
                note,
                ..Figure::new(
                    "countries",
                    "who",
                    format!("Top {shown} of {} countries", g.countries.len()),
                    format!("% of {base} who named their country"),
                    bars(g.countries.iter().take(TOP_COUNTRIES).map(bar).collect()),
                )
            });
        }
        None => {
            out.push(missing("continents", "who", "Respondents by continent".into()));
            out.push(missing("countries", "who", "Top countries".into()));
        }
    }
}

/// The paper's figures of one question each, as the preset lists them.
fn paper_questions(report: &Report, out: &mut Vec<Figure>) {
    for f in &report.preset.figures {
        let q = report.question(&f.role);
        let header = q
            .map(|q| q.header.clone())
            .or_else(|| report.missing.iter().find(|m| m.id == f.role).map(|m| m.header.clone()))
            .unwrap_or_else(|| f.role.clone());
        let title = paper_title(&header, Some(&f.title));
        out.push(match q {
            Some(q) if q.kind == Kind::Rating && !q.items.is_empty() => likert(&f.id, "results", title, q),
            Some(q) => question_bars(&f.id, "results", title, q),
            None => missing(&f.id, "results", title),
        });
    }
}

/// The analysis of III.C: the maturity groups, and the first group against
/// the rest on each question the preset compares.
fn analysis(report: &Report, out: &mut Vec<Figure>) {
    match &report.maturity {
        Some(m) => {
            let n = report.respondents;
            let weighted_n: Option<f64> = m.groups.iter().map(|g| g.weighted).sum();
            let effective = report.weights.as_ref().map(|w| w.effective_n);
            let groups = Figure::new(
                "maturity",
                "analysis",
                "ML maturity groups".into(),
                format!(
                    "% of all {} respondents, by the rules in the table below",
                    base_words(n, effective)
                ),
                Body::Bars(Bars {
                    series: vec![Series::new("All", n)],
                    rows: m
                        .groups
                        .iter()
                        .map(|g| BarRow {
                            label: g.label.clone(),
                            values: vec![BarValue::weighed(g.count, n, g.weighted, weighted_n, effective)],
                            change: None,
                        })
                        .collect(),
                    // The maturity groups do not overlap.
                    one_answer: true,
                }),
            );
            out.push(groups);
            let first = &m.groups[0];
            for (qid, title) in &m.compare {
                let id = format!("{}_{qid}", first.id);
                let Some(ct) = m.crosstabs.iter().find(|c| c.question == *qid) else {
                    out.push(missing(
                        &id,
                        "analysis",
                        format!("{}: {}", first.label, title.to_lowercase()),
                    ));
                    continue;
                };
                let n_first = ct.answered[0];
                let n_rest: u64 = ct.answered[1..].iter().sum();
                let w = ct.weighted.as_ref();
                let rest_w = w.map(|w| w.rest(0));
                let rows = ct
                    .options
                    .iter()
                    .enumerate()
                    .map(|(oi, o)| {
                        let rest: u64 = ct.counts[1..].iter().map(|r| r[oi]).sum();
                        BarRow {
                            label: o.clone(),
                            values: vec![
                                BarValue::weighed(
                                    ct.counts[0][oi],
                                    n_first,
                                    w.map(|w| w.counts[0][oi]),
                                    w.map(|w| w.answered[0]),
                                    w.map(|w| w.effective[0]),
                                ),
                                BarValue::weighed(
                                    rest,
                                    n_rest,
                                    rest_w.as_ref().map(|r| r.2[oi]),
                                    rest_w.as_ref().map(|r| r.0),
                                    rest_w.as_ref().map(|r| r.1),
                                ),
                            ],
                            change: None,
                        }
                    })
                    .collect();
                let small = (n_first < SMALL_GROUP).then(|| {
                    format!(
                        "Small group: {n_first} {} respondents; read the intervals, not just the bars.",
                        first.label.to_lowercase()
                    )
                });
                let mut series = vec![Series::new(first.label.clone(), n_first), Series::new("Rest", n_rest)];
                series[0].effective = w.map(|w| w.effective[0]);
                series[1].effective = rest_w.as_ref().map(|r| r.1);
                out.push(Figure {
                    note: small,
                    ..Figure::new(
                        id,
                        "analysis",
                        format!("{title}: {} vs the rest", first.label.to_lowercase()),
                        format!(
                            "% of each group who answered: {} n = {}, rest n = {}",
                            first.label.to_lowercase(),
                            base_words(n_first, series[0].effective),
                            base_words(n_rest, series[1].effective)
                        ),
                        Body::Bars(Bars {
                            series,
                            rows,
                            one_answer: report.question(qid).is_some_and(|q| q.kind != Kind::Multi),
                        }),
                    )
                });
            }
        }
        None => out.push(missing("maturity", "analysis", "ML maturity groups".into())),
    }
}
