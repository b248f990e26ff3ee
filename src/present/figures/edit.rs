//! A person's edits to a figure before publishing it: its title, subtitle
//! and source line; options hidden, renamed, merged and put in another
//! order; counts or percents beside the bars; a rating grid diverging or as
//! 100% stacked bars. [`apply`] makes the edited figure from the one the
//! report built. It adds counts only where no respondent can be counted
//! twice, keeps every base, so a hidden option never changes the others'
//! percentages, and says what was merged or hidden in [`Figure::edited`],
//! which the figure draws under its note and its table and CSV end with.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{alt_text, BarRow, BarValue, Bars, Body, Figure, Likert, LikertRow, ValueLabels};
use crate::base::error::{Error, ErrorKind, Result};
use crate::report::types::OTHER_FREE_TEXT;

/// What a person changed in one figure; every field may be left out.
/// Labels are the figure's own, as the report built it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FigureEdits {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    /// The source line; an empty one leaves it out.
    pub source: Option<String>,
    /// Options not drawn: a bar, an item of a grid or a point of its scale,
    /// or the label of a merged group.
    pub hide: Vec<String>,
    /// An option's label -> the label drawn.
    pub rename: BTreeMap<String, String>,
    /// Options drawn as one bar (or one point of a grid's scale).
    pub merge: Vec<Merge>,
    pub order: Order,
    /// Counts or percents; left out, as the figure was built (percents).
    pub labels: Option<ValueLabels>,
    /// A rating grid's style; left out, as it was built.
    pub grid: Option<GridStyle>,
}

/// Options drawn as one: `labels` (two or more) become one bar called `into`,
/// its count their sum over the same base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    pub labels: Vec<String>,
    pub into: String,
}

/// The order of a figure's bars (or of a grid's items; a scale keeps its own).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// As the report built it: a scale in its order, other answers most
    /// chosen first.
    #[default]
    Original,
    /// Most chosen first (a grid: the highest top-two share first; groups:
    /// the largest first); the free-text bucket stays last.
    Frequency,
    Alphabetical,
    /// These labels first, in this order (a label drawn, or one an option
    /// had before it was renamed or merged); the rest after, as built.
    Custom(Vec<String>),
}

/// How a rating grid is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridStyle {
    /// Around the scale's middle, with the top-two share beside each item.
    Diverging,
    /// One 100% bar per item from the left.
    Stacked,
}

fn refused(fig: &Figure, what: String) -> Error {
    Error::new(
        ErrorKind::Figure,
        format!("figure {:?} cannot be edited so: {what}", fig.id),
    )
}

/// `fig` with `edits` made, or an error naming the first label the figure
/// does not have, or the edit that cannot be made (merging options one
/// respondent can choose together, two bars with one label). Counts and
/// bases are never changed: a merged bar's count is its options' sum over
/// the same base, a hidden bar leaves the others as they were.
pub fn apply(fig: &Figure, edits: &FigureEdits) -> Result<Figure> {
    let mut out = fig.clone();
    if let Some(t) = &edits.title {
        out.title.clone_from(t);
    }
    if let Some(t) = &edits.subtitle {
        out.subtitle.clone_from(t);
    }
    if let Some(s) = &edits.source {
        out.source = (!s.trim().is_empty()).then(|| s.clone());
    }
    if let Some(l) = edits.labels {
        out.labels = l;
    }
    let mut said = Said::default();
    out.body = match &fig.body {
        Body::Bars(b) => Body::Bars(edit_bars(fig, b, edits, &mut said)?),
        Body::Likert(l) => Body::Likert(edit_likert(fig, l, edits, &mut said)?),
        Body::Missing { .. } => {
            if edits.touches_options() || edits.grid.is_some() {
                return Err(refused(
                    fig,
                    "the question is not in the file, so it has no options".into(),
                ));
            }
            fig.body.clone()
        }
    };
    out.edited = said.sentence();
    if out.alt.is_some() {
        out.alt = Some(alt_text(&out));
    }
    Ok(out)
}

impl FigureEdits {
    fn touches_options(&self) -> bool {
        !self.hide.is_empty() || !self.rename.is_empty() || !self.merge.is_empty() || self.order != Order::Original
    }
}

/// What the edits merged and hid, in the words of [`Figure::edited`].
#[derive(Default)]
struct Said {
    merged: Vec<String>,
    hidden: Vec<String>,
}

impl Said {
    /// "Merged: A + B as C; hidden: D." (either part alone when the other is empty).
    fn sentence(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.merged.is_empty() {
            parts.push(format!("merged: {}", self.merged.join(", ")));
        }
        if !self.hidden.is_empty() {
            parts.push(format!("hidden: {}", self.hidden.join(", ")));
        }
        let text = parts.join("; ");
        let mut chars = text.chars();
        let first = chars.next()?;
        Some(format!("{}{}.", first.to_uppercase(), chars.as_str()))
    }
}

/// One option as drawn after the edits: its label and the options it is made of.
struct Drawn {
    label: String,
    /// Indices of the options it adds up, in the figure's order.
    from: Vec<usize>,
    /// Its label came from an edit (a rename or a merge).
    relabelled: bool,
}

/// Hides, renames and merges a list of options (a figure's bars, a grid's
/// items, a scale's points); edits naming labels of another list are left
/// to it. `merge_refused`: why this list's options cannot be merged, if
/// they cannot.
fn plan(
    fig: &Figure,
    labels: &[&str],
    edits: &FigureEdits,
    merge_refused: Option<&str>,
    said: &mut Said,
) -> Result<Vec<Drawn>> {
    let index: HashMap<&str, Vec<usize>> = labels.iter().enumerate().fold(HashMap::new(), |mut m, (i, l)| {
        m.entry(*l).or_default().push(i);
        m
    });
    let mut group_of: Vec<Option<usize>> = vec![None; labels.len()];
    let merges: Vec<&Merge> = edits
        .merge
        .iter()
        .filter(|m| m.labels.iter().any(|l| index.contains_key(l.as_str())))
        .collect();
    for (g, m) in merges.iter().enumerate() {
        if let Some(why) = merge_refused {
            return Err(refused(
                fig,
                format!("{} cannot be merged: {why}", quoted_list(&m.labels)),
            ));
        }
        if m.labels.len() < 2 {
            return Err(refused(
                fig,
                format!("a merge needs two options or more, not only {}", quoted_list(&m.labels)),
            ));
        }
        if m.into.trim().is_empty() {
            return Err(refused(
                fig,
                format!("the merge of {} has no label", quoted_list(&m.labels)),
            ));
        }
        for l in &m.labels {
            let at = index.get(l.as_str()).ok_or_else(|| no_option(fig, l))?;
            for &i in at {
                if group_of[i].is_some() {
                    return Err(refused(fig, format!("\u{201c}{l}\u{201d} is in two merges")));
                }
                group_of[i] = Some(g);
            }
        }
        said.merged.push(format!("{} as {}", m.labels.join(" + "), m.into));
    }
    for (from, to) in &edits.rename {
        if let Some(at) = index.get(from.as_str()) {
            if to.trim().is_empty() {
                return Err(refused(
                    fig,
                    format!("the new label of \u{201c}{from}\u{201d} is empty"),
                ));
            }
            if at.iter().any(|&i| group_of[i].is_some()) {
                return Err(refused(
                    fig,
                    format!("\u{201c}{from}\u{201d} is merged: its merge's label is the one drawn"),
                ));
            }
        }
    }
    for l in &edits.hide {
        if index
            .get(l.as_str())
            .is_some_and(|at| at.iter().any(|&i| group_of[i].is_some()))
        {
            return Err(refused(
                fig,
                format!("\u{201c}{l}\u{201d} is merged: hide its merge instead"),
            ));
        }
    }
    let mut drawn: Vec<Drawn> = Vec::new();
    let mut placed = vec![false; merges.len()];
    for (i, label) in labels.iter().enumerate() {
        match group_of[i] {
            Some(g) if placed[g] => {}
            Some(g) => {
                placed[g] = true;
                let from = (0..labels.len()).filter(|&j| group_of[j] == Some(g)).collect();
                drawn.push(Drawn {
                    label: merges[g].into.clone(),
                    from,
                    relabelled: true,
                });
            }
            None => {
                let renamed = edits.rename.get(*label);
                drawn.push(Drawn {
                    label: renamed.cloned().unwrap_or_else(|| label.to_string()),
                    from: vec![i],
                    relabelled: renamed.is_some(),
                });
            }
        }
    }
    // Hidden: an option of this list, or a merge's label.
    let hide: HashSet<&str> = edits.hide.iter().map(String::as_str).collect();
    drawn.retain(|d| {
        let merged_label = d.relabelled && d.from.len() > 1;
        let hidden = if merged_label {
            hide.contains(d.label.as_str())
        } else {
            hide.contains(labels[d.from[0]])
        };
        if hidden {
            said.hidden.push(if merged_label {
                d.label.clone()
            } else {
                labels[d.from[0]].to_string()
            });
        }
        !hidden
    });
    let mut seen: HashMap<&str, bool> = HashMap::new();
    for d in &drawn {
        if let Some(&relabelled) = seen.get(d.label.as_str()) {
            if relabelled || d.relabelled {
                return Err(refused(
                    fig,
                    format!(
                        "two options would be called \u{201c}{}\u{201d}: merge them instead",
                        d.label
                    ),
                ));
            }
        }
        seen.insert(&d.label, d.relabelled);
    }
    Ok(drawn)
}

fn no_option(fig: &Figure, label: &str) -> Error {
    refused(fig, format!("it has no option \u{201c}{label}\u{201d}"))
}

fn quoted_list(labels: &[String]) -> String {
    labels
        .iter()
        .map(|l| format!("\u{201c}{l}\u{201d}"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Every label the edits name that is in none of `lists` (a merge's own
/// label counts for hiding and ordering): the first one is refused.
fn check_known(fig: &Figure, edits: &FigureEdits, lists: &[&[&str]]) -> Result<()> {
    let known: HashSet<&str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    let merged: HashSet<&str> = edits.merge.iter().map(|m| m.into.as_str()).collect();
    let named = edits
        .merge
        .iter()
        .flat_map(|m| &m.labels)
        .chain(edits.rename.keys())
        .map(|l| (l, false))
        .chain(edits.hide.iter().map(|l| (l, true)));
    for (l, may_be_merged) in named {
        let found = known.contains(l.as_str()) || (may_be_merged && merged.contains(l.as_str()));
        if !found {
            return Err(no_option(fig, l));
        }
    }
    Ok(())
}

/// The order of `drawn` (their indices) that the edits ask for; `freq`
/// gives each one's size for `Frequency`.
fn order_of(
    fig: &Figure,
    labels: &[&str],
    drawn: &[Drawn],
    edits: &FigureEdits,
    freq: impl Fn(&Drawn) -> f64,
) -> Result<Vec<usize>> {
    let mut idx: Vec<usize> = (0..drawn.len()).collect();
    match &edits.order {
        Order::Original => {}
        Order::Frequency => {
            let other = |d: &Drawn| d.from.iter().all(|&i| labels[i] == OTHER_FREE_TEXT);
            idx.sort_by(|&a, &b| {
                other(&drawn[a])
                    .cmp(&other(&drawn[b]))
                    .then(freq(&drawn[b]).total_cmp(&freq(&drawn[a])))
            });
        }
        Order::Alphabetical => {
            idx.sort_by(|&a, &b| {
                let (x, y) = (&drawn[a].label, &drawn[b].label);
                x.to_lowercase().cmp(&y.to_lowercase()).then(x.cmp(y))
            });
        }
        Order::Custom(list) => {
            let mut first: Vec<usize> = Vec::new();
            for name in list {
                let hit = drawn
                    .iter()
                    .position(|d| d.label == *name)
                    .or_else(|| drawn.iter().position(|d| d.from.iter().any(|&i| labels[i] == name)));
                match hit {
                    Some(i) if !first.contains(&i) => first.push(i),
                    Some(_) => {}
                    // A hidden option may be named: it is simply not drawn.
                    None if labels.contains(&name.as_str()) || edits.hide.contains(name) => {}
                    None => return Err(no_option(fig, name)),
                }
            }
            idx.retain(|i| !first.contains(i));
            first.extend(idx);
            idx = first;
        }
    }
    Ok(idx)
}

fn edit_bars(fig: &Figure, b: &Bars, edits: &FigureEdits, said: &mut Said) -> Result<Bars> {
    if edits.grid.is_some() {
        return Err(refused(fig, "only a rating grid has a grid style".into()));
    }
    let labels: Vec<&str> = b.rows.iter().map(|r| r.label.as_str()).collect();
    check_known(fig, edits, &[&labels])?;
    let why = (!b.one_answer).then_some(
        "a respondent may have chosen several of them, so adding their counts could count one respondent twice",
    );
    let drawn = plan(fig, &labels, edits, why, said)?;
    let mut rows = Vec::with_capacity(drawn.len());
    for d in &drawn {
        let mut values = Vec::with_capacity(b.series.len());
        for s in 0..b.series.len() {
            let parts: Vec<&BarValue> = d.from.iter().filter_map(|&i| b.rows[i].values.get(s)).collect();
            let base = parts.first().map_or(0, |v| v.base);
            if parts.iter().any(|v| v.base != base) {
                return Err(refused(
                    fig,
                    format!("the options of \u{201c}{}\u{201d} have different bases", d.label),
                ));
            }
            let count = parts.iter().map(|v| v.count).sum();
            // Weighted parts merge their weights over the same weighted base.
            let weight: Option<f64> = parts.iter().map(|v| v.weighted).sum();
            let first = parts.first();
            values.push(if d.from.len() == 1 {
                *parts[0]
            } else {
                BarValue::weighed(
                    count,
                    base,
                    weight,
                    first.and_then(|v| v.weighted_base),
                    first.and_then(|v| v.effective_base),
                )
            });
        }
        rows.push(BarRow {
            label: d.label.clone(),
            values,
            // A merged row's change was never tested; a row kept as it is keeps its test.
            change: match d.from[..] {
                [i] => b.rows[i].change,
                _ => None,
            },
        });
    }
    let total = |d: &Drawn| -> f64 {
        d.from
            .iter()
            .flat_map(|&i| &b.rows[i].values)
            .map(|v| v.count as f64)
            .sum()
    };
    let order = order_of(fig, &labels, &drawn, edits, total)?;
    let mut rows: Vec<Option<BarRow>> = rows.into_iter().map(Some).collect();
    Ok(Bars {
        series: b.series.clone(),
        rows: order.iter().filter_map(|&i| rows[i].take()).collect(),
        one_answer: b.one_answer,
    })
}

fn edit_likert(fig: &Figure, l: &Likert, edits: &FigureEdits, said: &mut Said) -> Result<Likert> {
    let items: Vec<&str> = l.rows.iter().map(|r| r.label.as_str()).collect();
    let points: Vec<&str> = l.scale.iter().map(String::as_str).collect();
    check_known(fig, edits, &[&items, &points])?;
    // A rating grid is built diverging; a split's 100% bars are not a scale
    // with a middle and their rows have no top-two share to show.
    let diverging = match edits.grid {
        None => l.diverging,
        Some(GridStyle::Stacked) => false,
        Some(GridStyle::Diverging) if l.diverging => true,
        Some(GridStyle::Diverging) => {
            return Err(refused(fig, "only a rating grid can be drawn diverging".into()));
        }
    };
    let scale = plan(fig, &points, edits, None, said)?;
    let rows_drawn = plan(
        fig,
        &items,
        edits,
        Some("each is a question of its own that a respondent rates, so their counts cannot be added"),
        said,
    )?;
    let rows: Vec<LikertRow> = rows_drawn
        .iter()
        .map(|d| {
            let r = &l.rows[d.from[0]];
            LikertRow {
                key: r.key.clone(),
                label: d.label.clone(),
                n: r.n,
                counts: scale
                    .iter()
                    .map(|p| p.from.iter().map(|&i| r.counts.get(i).copied().unwrap_or(0)).sum())
                    .collect(),
                // The share in the top two points of the scale as asked,
                // whatever was merged or hidden.
                top2: r.top2,
                weights: r.weights.as_ref().map(|w| {
                    scale
                        .iter()
                        .map(|p| p.from.iter().map(|&i| w.get(i).copied().unwrap_or(0.0)).sum())
                        .collect()
                }),
            }
        })
        .collect();
    let size = |d: &Drawn| {
        let r = &l.rows[d.from[0]];
        if l.diverging {
            r.top2
        } else {
            r.n as f64
        }
    };
    let order = order_of(fig, &items, &rows_drawn, edits, size)?;
    let mut rows: Vec<Option<LikertRow>> = rows.into_iter().map(Some).collect();
    Ok(Likert {
        scale: scale.into_iter().map(|d| d.label).collect(),
        rows: order.iter().filter_map(|&i| rows[i].take()).collect(),
        diverging,
        ordered: l.ordered,
    })
}
