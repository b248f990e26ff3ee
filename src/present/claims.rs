//! The paper's claims checked against the loaded data: for each, what the
//! paper says, what the data shows, a verdict and the statistic behind it.

use crate::base::format::{p_value, percent};
use crate::base::stats::{self, Z95};
use crate::infer::preset::{Check, Preset};
use crate::report::ranking::{by_share, ranking, Ranked, MIN_ANSWERS, MIN_GROUP, SMALL_GROUP};
use crate::report::types::{ClaimResult, Crosstab, QuestionReport, Report, Verdict, OTHER_FREE_TEXT};

/// Significance level for the one-sided Fisher tests.
pub const ALPHA: f64 = 0.05;

struct Outcome {
    observed: String,
    verdict: Verdict,
    statistic: String,
    note: Option<String>,
}

impl Outcome {
    fn new(verdict: Verdict, observed: String, statistic: String) -> Outcome {
        Outcome {
            observed,
            verdict,
            statistic,
            note: None,
        }
    }

    fn not_in_file(what: &str) -> Outcome {
        Outcome::new(Verdict::NotInFile, format!("{what} is not in this file"), String::new())
    }
}

pub fn evaluate(preset: &Preset, report: &Report) -> Vec<ClaimResult> {
    preset
        .claims
        .iter()
        .map(|c| {
            let o = check(preset, report, &c.check);
            // Too little data says so first; otherwise a missing option voids the verdict.
            let o = match o.verdict {
                Verdict::NotEnoughData | Verdict::NotInFile => o,
                _ => missing_option(report, &c.check).unwrap_or(o),
            };
            let o = if c.sample_count { not_comparable(preset, o) } else { o };
            ClaimResult {
                id: c.id.clone(),
                paper: c.paper.clone(),
                observed: o.observed,
                verdict: o.verdict,
                verdict_label: o.verdict.label().to_string(),
                statistic: o.statistic,
                note: o.note,
            }
        })
        .collect()
}

/// A count of the paper's own sample beside this file's: "not comparable"
/// whether the two are equal or not (a file of 331 rows is not the paper's
/// 331 respondents), unless the file lacks the question or the data.
fn not_comparable(preset: &Preset, mut o: Outcome) -> Outcome {
    if matches!(o.verdict, Verdict::NotEnoughData | Verdict::NotInFile) {
        return o;
    }
    o.verdict = Verdict::NotComparable;
    let own = preset.claims.iter().find_map(|c| match c.check {
        Check::Respondents { expected } => Some(format!("its own {expected} respondents")),
        _ => None,
    });
    let sample = own.unwrap_or_else(|| "its own respondents".to_string());
    let note = format!(
        "the published figure counts {sample}; this file is another sample, so its number is shown, not compared"
    );
    o.note = Some(match o.note {
        Some(n) => format!("{note}; {n}"),
        None => note,
    });
    o
}

/// A claim naming an option this file does not offer is "not in file",
/// never a verdict computed on zeros.
fn missing_option(report: &Report, check: &Check) -> Option<Outcome> {
    let names = check.names();
    let q = report.question(names.question?)?;
    if !q.items.is_empty() {
        return None; // A grid's claims name items, found by their own checks.
    }
    let missing: Vec<String> = names
        .options
        .iter()
        .filter(|o| !crate::report::maturity::rule_option(q, o).found)
        .map(|o| format!("\u{201c}{o}\u{201d}"))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let observed = if missing.len() == 1 {
        format!("the option {} is not in this file", missing[0])
    } else {
        format!("the options {} are not in this file", missing.join(" and "))
    };
    let mut o = Outcome::new(Verdict::NotInFile, observed, String::new());
    o.statistic = format!("the question \u{201c}{}\u{201d} offers: {}", q.header, offered(q));
    Some(o)
}

fn offered(q: &QuestionReport) -> String {
    let labels: Vec<&str> = q
        .options
        .iter()
        .filter(|o| o.label != OTHER_FREE_TEXT)
        .map(|o| o.label.as_str())
        .take(12)
        .collect();
    labels.join("; ")
}

fn question_name(preset: &Preset, id: &str) -> String {
    preset.question(id).map_or(id.to_string(), |q| {
        format!("the question \u{201c}{}\u{201d}", q.headers[0])
    })
}

fn group_label(report: &Report, id: &str) -> String {
    report
        .maturity
        .as_ref()
        .and_then(|m| m.groups.iter().find(|g| g.id == id))
        .map_or(id.to_string(), |g| g.label.to_lowercase())
}

/// A number the paper states, beside this file's: holds only when equal.
fn side_by_side(n: u64, expected: u64, observed: String) -> Outcome {
    let verdict = if n == expected {
        Verdict::Holds
    } else {
        Verdict::DoesNotHold
    };
    Outcome::new(verdict, observed, format!("paper: {expected}, this file: {n}"))
}

fn check(preset: &Preset, report: &Report, check: &Check) -> Outcome {
    match check {
        Check::Respondents { expected } => {
            let n = report.respondents;
            side_by_side(n, *expected, format!("{n} respondents"))
        }
        Check::DistinctCountries { question, expected } => {
            let Some(g) = report.geography.as_ref().filter(|g| g.question == *question) else {
                return Outcome::not_in_file(&question_name(preset, question));
            };
            let n = g.countries.len() as u64;
            let unrec = g.unrecognised.len();
            let mut o = side_by_side(n, *expected, format!("{n} countries"));
            if unrec > 0 {
                o.note = Some(format!("{unrec} answer(s) name no known country and are not counted"));
            }
            o
        }
        Check::ShareInterval {
            question,
            option,
            value,
        } => {
            let Some(q) = report.question(question) else {
                return Outcome::not_in_file(&question_name(preset, question));
            };
            let k = q.count_of(option).unwrap_or(0);
            let n = q.answered;
            let observed = format!(
                "{} ({k} of {n}) chose \u{201c}{option}\u{201d}",
                percent(k as f64 / n.max(1) as f64)
            );
            if n < MIN_ANSWERS {
                return Outcome::new(Verdict::NotEnoughData, observed, format!("only {n} answered"));
            }
            let (lo, hi) = stats::wilson(k, n, Z95);
            let verdict = if lo <= *value && *value <= hi {
                Verdict::Holds
            } else {
                Verdict::DoesNotHold
            };
            Outcome::new(
                verdict,
                observed,
                format!(
                    "95% Wilson interval {}\u{2013}{}, contains {}: {}",
                    percent(lo),
                    percent(hi),
                    percent(*value),
                    if verdict == Verdict::Holds { "yes" } else { "no" }
                ),
            )
        }
        Check::Top {
            question,
            options,
            ordered,
        } => {
            let Some(q) = report.question(question) else {
                return Outcome::not_in_file(&question_name(preset, question));
            };
            let rank = ranking(q);
            let k = options.len();
            let observed = describe_top(&rank, k.max(3));
            if q.answered < MIN_ANSWERS {
                return Outcome::new(
                    Verdict::NotEnoughData,
                    observed,
                    format!("only {} answered", q.answered),
                );
            }
            let holds = top_holds(&rank, options, *ordered);
            let statistic = if *ordered {
                format!("claimed order: {}", options.join(" > "))
            } else {
                format!("claimed top {k}, any order")
            };
            let mut o = Outcome::new(
                if holds { Verdict::Holds } else { Verdict::DoesNotHold },
                observed,
                statistic,
            );
            if holds {
                o.note = close_call(&rank, k);
            }
            o
        }
        Check::InTop { question, option, k } => {
            let Some(q) = report.question(question) else {
                return Outcome::not_in_file(&question_name(preset, question));
            };
            let rank = ranking(q);
            let pos = rank.iter().position(|r| r.label == *option);
            let observed = match pos {
                Some(p) => format!(
                    "\u{201c}{option}\u{201d} ranks {} of {} ({})",
                    p + 1,
                    rank.len(),
                    percent(rank[p].share())
                ),
                None => format!("\u{201c}{option}\u{201d} is not in this file"),
            };
            if q.answered < MIN_ANSWERS {
                return Outcome::new(
                    Verdict::NotEnoughData,
                    observed,
                    format!("only {} answered", q.answered),
                );
            }
            // Ties count in the option's favour only if it is not strictly beaten by k others.
            let holds = pos.is_some_and(|p| rank.iter().filter(|r| r.share() > rank[p].share()).count() < *k);
            Outcome::new(
                if holds { Verdict::Holds } else { Verdict::DoesNotHold },
                observed,
                format!("claimed: among the top {k}"),
            )
        }
        Check::GroupOrder { groups } => {
            let Some(m) = &report.maturity else {
                return Outcome::not_in_file(&question_name(preset, maturity_question(preset)));
            };
            let counts: Vec<(String, u64)> = groups
                .iter()
                .map(|g| {
                    (
                        group_label(report, g),
                        m.groups.iter().find(|x| x.id == *g).map_or(0, |x| x.count),
                    )
                })
                .collect();
            let observed = counts
                .iter()
                .map(|(l, c)| format!("{l} {c}"))
                .collect::<Vec<_>>()
                .join(", ");
            if m.answered < MIN_ANSWERS {
                return Outcome::new(
                    Verdict::NotEnoughData,
                    observed,
                    format!("only {} answered", m.answered),
                );
            }
            let holds = counts.windows(2).all(|w| w[0].1 > w[1].1);
            Outcome::new(
                if holds { Verdict::Holds } else { Verdict::DoesNotHold },
                observed,
                "claimed: strictly decreasing in this order".to_string(),
            )
        }
        Check::GroupCount { group, expected } => {
            let Some(m) = &report.maturity else {
                return Outcome::not_in_file(&question_name(preset, maturity_question(preset)));
            };
            let n = m.groups.iter().find(|g| g.id == *group).map_or(0, |g| g.count);
            side_by_side(n, *expected, format!("{n} {}", group_label(report, group)))
        }
        Check::OverRepresented {
            group,
            question,
            option,
        } => over_represented(preset, report, group, question, option),
        Check::HighestGroupShare {
            group,
            question,
            options,
        } => highest_share(preset, report, group, question, options),
        Check::ContinentTop {
            question,
            continent,
            country,
            k,
        } => {
            let Some(g) = report.geography.as_ref().filter(|g| g.question == *question) else {
                return Outcome::not_in_file(&question_name(preset, question));
            };
            let top = g.continents.first();
            let continent_first = top.is_some_and(|t| t.label == *continent)
                && g.continents.get(1).is_none_or(|s| s.count < top.map_or(0, |t| t.count));
            let c = g.countries.iter().find(|c| c.label == *country).map_or(0, |c| c.count);
            let rank = g.countries.iter().filter(|x| x.count > c).count() + 1;
            let country_top = c > 0 && rank <= *k;
            let cont_n = g
                .continents
                .iter()
                .find(|x| x.label == *continent)
                .map_or(0, |x| x.count);
            let observed = format!(
                "{continent}: {} of {} ({}), rank {}; {country}: {c} ({}), rank {}",
                cont_n,
                g.answered,
                percent(cont_n as f64 / g.answered.max(1) as f64),
                g.continents
                    .iter()
                    .position(|x| x.label == *continent)
                    .map_or("none".to_string(), |p| (p + 1).to_string()),
                percent(c as f64 / g.answered.max(1) as f64),
                if c > 0 { rank.to_string() } else { "none".to_string() }
            );
            if g.answered < MIN_ANSWERS {
                return Outcome::new(
                    Verdict::NotEnoughData,
                    observed,
                    format!("only {} answered", g.answered),
                );
            }
            let holds = continent_first && country_top;
            Outcome::new(
                if holds { Verdict::Holds } else { Verdict::DoesNotHold },
                observed,
                format!("claimed: {continent} first among continents, {country} in the top {k} countries"),
            )
        }
    }
}

fn maturity_question(preset: &Preset) -> &str {
    preset.maturity.as_ref().map_or("maturity", |m| m.question.as_str())
}

/// Whether `claimed` are the top entries of `rank` (in order when `ordered`),
/// each strictly ahead of every entry not claimed.
fn top_holds(rank: &[Ranked], claimed: &[String], ordered: bool) -> bool {
    let share_of = |l: &str| rank.iter().find(|r| r.label == l).map(Ranked::share);
    let Some(shares) = claimed.iter().map(|c| share_of(c)).collect::<Option<Vec<f64>>>() else {
        return false;
    };
    let lowest = shares.iter().copied().fold(f64::INFINITY, f64::min);
    let best_other = rank
        .iter()
        .filter(|r| !claimed.contains(&r.label))
        .map(Ranked::share)
        .fold(f64::NEG_INFINITY, f64::max);
    let ahead = lowest > best_other;
    let in_order = !ordered || shares.windows(2).all(|w| w[0] > w[1]);
    ahead && in_order
}

fn describe_top(rank: &[Ranked], k: usize) -> String {
    rank.iter()
        .take(k)
        .enumerate()
        .map(|(i, r)| format!("{}. {} {}", i + 1, r.label, percent(r.share())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Says when the last claimed entry and the first unclaimed one have
/// overlapping intervals, so the ranking could flip with other respondents.
fn close_call(rank: &[Ranked], k: usize) -> Option<String> {
    let (a, b) = (rank.get(k - 1)?, rank.get(k)?);
    let (_, a_hi) = stats::wilson(a.count, a.base, Z95);
    let (a_lo, _) = stats::wilson(a.count, a.base, Z95);
    let (b_lo, b_hi) = stats::wilson(b.count, b.base, Z95);
    (a_lo <= b_hi && b_lo <= a_hi).then(|| {
        format!(
            "close call: the 95% intervals of \u{201c}{}\u{201d} and \u{201c}{}\u{201d} overlap",
            a.label, b.label
        )
    })
}

fn crosstab<'a>(report: &'a Report, question: &str) -> Option<&'a Crosstab> {
    report
        .maturity
        .as_ref()?
        .crosstabs
        .iter()
        .find(|c| c.question == question)
}

fn group_index(report: &Report, group: &str) -> Option<usize> {
    report.maturity.as_ref()?.groups.iter().position(|g| g.id == group)
}

fn small_group_note(label: &str, n: u64) -> Option<String> {
    (n < SMALL_GROUP).then(|| format!("small group: only {n} {label} respondents, so this is weak evidence either way"))
}

/// The crosstab of `question` by maturity group and the index of `group`;
/// when either is missing, the "not in file" outcome naming what is missing.
fn group_crosstab<'a>(
    preset: &Preset,
    report: &'a Report,
    group: &str,
    question: &str,
) -> Result<(&'a Crosstab, usize), Outcome> {
    match (crosstab(report, question), group_index(report, group)) {
        (Some(ct), Some(gi)) => Ok((ct, gi)),
        _ if report.question(question).is_none() => Err(Outcome::not_in_file(&question_name(preset, question))),
        _ => Err(Outcome::not_in_file(&question_name(preset, maturity_question(preset)))),
    }
}

fn over_represented(preset: &Preset, report: &Report, group: &str, question: &str, option: &str) -> Outcome {
    let (ct, gi) = match group_crosstab(preset, report, group, question) {
        Ok(found) => found,
        Err(missing) => return missing,
    };
    let Some(oi) = ct.options.iter().position(|o| o == option) else {
        return Outcome::not_in_file(&format!("the option \u{201c}{option}\u{201d}"));
    };
    let label = group_label(report, group);
    let n_group = ct.answered[gi];
    let n_rest: u64 = ct
        .answered
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != gi)
        .map(|(_, n)| n)
        .sum();
    let a = ct.counts[gi][oi];
    let c: u64 = ct
        .counts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != gi)
        .map(|(_, row)| row[oi])
        .sum();
    let (sg, sr) = (a as f64 / n_group.max(1) as f64, c as f64 / n_rest.max(1) as f64);
    let observed = format!(
        "\u{201c}{option}\u{201d}: {} of {label} ({a}/{n_group}) vs {} of the rest ({c}/{n_rest})",
        percent(sg),
        percent(sr)
    );
    if n_group < MIN_GROUP || n_rest < MIN_GROUP {
        let mut o = Outcome::new(
            Verdict::NotEnoughData,
            observed,
            format!("group sizes {n_group} and {n_rest}; at least {MIN_GROUP} each are needed"),
        );
        o.note = small_group_note(&label, n_group);
        return o;
    }
    let f = stats::fisher_exact(a, n_group - a, c, n_rest - c);
    let statistic = format!(
        "Fisher's exact test, one-sided: {} (two-sided {}); n = {n_group} vs {n_rest}",
        p_value(f.p_greater),
        p_value(f.p_two_sided)
    );
    let verdict = if sg <= sr {
        Verdict::DoesNotHold
    } else if f.p_greater < ALPHA {
        Verdict::Holds
    } else {
        Verdict::NotEnoughData
    };
    let mut o = Outcome::new(verdict, observed, statistic);
    o.note = small_group_note(&label, n_group);
    if verdict == Verdict::NotEnoughData {
        o.note = Some(
            format!(
                "the direction matches the claim, but the difference is not significant at {ALPHA}; {}",
                o.note.unwrap_or_default()
            )
            .trim_end_matches("; ")
            .to_string(),
        );
    }
    o
}

fn highest_share(preset: &Preset, report: &Report, group: &str, question: &str, options: &[String]) -> Outcome {
    let (ct, gi) = match group_crosstab(preset, report, group, question) {
        Ok(found) => found,
        Err(missing) => return missing,
    };
    let label = group_label(report, group);
    // Share of the group within each option, among options with enough respondents.
    let mut shares: Vec<Ranked> = ct
        .options
        .iter()
        .enumerate()
        .map(|(oi, o)| Ranked {
            label: o.clone(),
            count: ct.counts[gi][oi],
            base: ct.counts.iter().map(|row| row[oi]).sum(),
        })
        .collect();
    by_share(&mut shares);
    let observed = shares
        .iter()
        .filter(|r| r.base > 0)
        .map(|r| format!("{} {} ({}/{})", r.label, percent(r.share()), r.count, r.base))
        .collect::<Vec<_>>()
        .join(", ");
    let n_group = ct.answered[gi];
    let eligible: Vec<Ranked> = shares.into_iter().filter(|r| r.base >= MIN_GROUP).collect();
    if n_group < MIN_GROUP || eligible.len() <= options.len() {
        let mut o = Outcome::new(Verdict::NotEnoughData, observed, format!("{n_group} {label} respondents answered; options with fewer than {MIN_GROUP} respondents are not ranked"));
        o.note = small_group_note(&label, n_group);
        return o;
    }
    let holds = top_holds(&eligible, options, false);
    let mut o = Outcome::new(
        if holds { Verdict::Holds } else { Verdict::DoesNotHold },
        format!("share {label} by option: {observed}"),
        format!(
            "claimed: {} have the highest shares; options with at least {MIN_GROUP} respondents ranked",
            options.join(" and ")
        ),
    );
    o.note = small_group_note(&label, n_group);
    o
}
