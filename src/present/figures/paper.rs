//! The figures of the paper's results section: who answered (continents and
//! countries), the preset's figures of one question each, and the maturity
//! groups with the first group compared with the rest.

use super::question::{likert, missing, question_bars};
use super::{with_source, BarRow, BarValue, Bars, Body, Figure, Series};
use crate::report::ranking::SMALL_GROUP;
use crate::report::types::{Kind, Report};

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
                    series: vec![Series {
                        name: "All".into(),
                        n: total,
                    }],
                    rows,
                    // One continent or country per respondent.
                    one_answer: true,
                })
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
            out.push(Figure {
                id: "continents".into(),
                section: "who".into(),
                title: "Respondents by continent".into(),
                subtitle: format!(
                    "% of {total} who named their country; {} skipped",
                    report.respondents.saturating_sub(total)
                ),
                note: note.clone(),
                quotes: None,
                alt: None,
                source: None,
                edited: None,
                labels: Default::default(),
                body: bars(
                    g.continents
                        .iter()
                        .map(|c| BarRow {
                            label: c.label.clone(),
                            values: vec![BarValue::new(c.count, total)],
                        })
                        .collect(),
                ),
            });
            let shown = g.countries.len().min(TOP_COUNTRIES);
            out.push(Figure {
                id: "countries".into(),
                section: "who".into(),
                title: format!("Top {shown} of {} countries", g.countries.len()),
                subtitle: format!("% of {total} who named their country"),
                note,
                quotes: None,
                alt: None,
                source: None,
                edited: None,
                labels: Default::default(),
                body: bars(
                    g.countries
                        .iter()
                        .take(TOP_COUNTRIES)
                        .map(|c| BarRow {
                            label: c.label.clone(),
                            values: vec![BarValue::new(c.count, total)],
                        })
                        .collect(),
                ),
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
            out.push(Figure {
                id: "maturity".into(),
                section: "analysis".into(),
                title: "ML maturity groups".into(),
                subtitle: format!("% of all {n} respondents, by the rules in the table below"),
                note: None,
                quotes: None,
                alt: None,
                source: None,
                edited: None,
                labels: Default::default(),
                body: Body::Bars(Bars {
                    series: vec![Series { name: "All".into(), n }],
                    rows: m
                        .groups
                        .iter()
                        .map(|g| BarRow {
                            label: g.label.clone(),
                            values: vec![BarValue::new(g.count, n)],
                        })
                        .collect(),
                    // The maturity groups do not overlap.
                    one_answer: true,
                }),
            });
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
                let rows = ct
                    .options
                    .iter()
                    .enumerate()
                    .map(|(oi, o)| {
                        let rest: u64 = ct.counts[1..].iter().map(|r| r[oi]).sum();
                        BarRow {
                            label: o.clone(),
                            values: vec![BarValue::new(ct.counts[0][oi], n_first), BarValue::new(rest, n_rest)],
                        }
                    })
                    .collect();
                let small = (n_first < SMALL_GROUP).then(|| {
                    format!(
                        "Small group: {n_first} {} respondents; read the intervals, not just the bars.",
                        first.label.to_lowercase()
                    )
                });
                out.push(Figure {
                    id,
                    section: "analysis".into(),
                    title: format!("{title}: {} vs the rest", first.label.to_lowercase()),
                    subtitle: format!(
                        "% of each group who answered: {} n = {n_first}, rest n = {n_rest}",
                        first.label.to_lowercase()
                    ),
                    note: small,
                    quotes: None,
                    alt: None,
                    source: None,
                    edited: None,
                    labels: Default::default(),
                    body: Body::Bars(Bars {
                        series: vec![
                            Series {
                                name: first.label.clone(),
                                n: n_first,
                            },
                            Series {
                                name: "Rest".into(),
                                n: n_rest,
                            },
                        ],
                        rows,
                        one_answer: report.question(qid).is_some_and(|q| q.kind != Kind::Multi),
                    }),
                });
            }
        }
        None => out.push(missing("maturity", "analysis", "ML maturity groups".into())),
    }
}
