//! The paper's claims checked against the loaded data: for each, what the
//! paper says, what the data shows, a verdict and the statistic behind it.

use crate::base::format::{p_value, percent};
use crate::base::stats;
use crate::infer::preset::{Check, Preset};
use crate::report::ranking::{by_share, ranking_as, Ranked, MIN_ANSWERS, MIN_GROUP, SMALL_GROUP};
use crate::report::types::{
    ClaimResult, Crosstab, OptionCount, QuestionReport, Report, Verdict, WeightedClaim, OTHER_FREE_TEXT,
};

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

/// Every claim of the preset checked on `report`: by counts, and, when the
/// report is weighted, again on the weighted shares (`weighted`), so the
/// two verdicts stand side by side.
pub fn evaluate(preset: &Preset, report: &Report) -> Vec<ClaimResult> {
    let weighted = report.weights.is_some();
    preset
        .claims
        .iter()
        .map(|c| {
            let outcome = |weighted: bool| {
                let o = check(preset, report, &c.check, weighted);
                // Too little data says so first; otherwise a missing option voids the verdict.
                let o = match o.verdict {
                    Verdict::NotEnoughData | Verdict::NotInFile => o,
                    _ => missing_option(report, &c.check).unwrap_or(o),
                };
                if c.sample_count {
                    not_comparable(preset, o)
                } else {
                    o
                }
            };
            let o = outcome(false);
            ClaimResult {
                id: c.id.clone(),
                paper: c.paper.clone(),
                observed: o.observed,
                verdict: o.verdict,
                verdict_label: o.verdict.label().to_string(),
                statistic: o.statistic,
                note: o.note,
                weighted: weighted.then(|| {
                    let w = outcome(true);
                    WeightedClaim {
                        observed: w.observed,
                        verdict: w.verdict,
                        verdict_label: w.verdict.label().to_string(),
                        statistic: w.statistic,
                        note: w.note,
                    }
                }),
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

/// Checks one claim, by counts or (`weighted`) on the weighted shares
/// with intervals and tests on effective bases. Counts of the sample
/// (respondents, countries, a group's members) are the same either way.
fn check(preset: &Preset, report: &Report, check: &Check, weighted: bool) -> Outcome {
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
            let entry = ranking_as(q, weighted).into_iter().find(|r| r.label == *option);
            let entry = entry.unwrap_or_else(|| Ranked::counted(option.clone(), 0, n));
            let observed = if weighted {
                format!(
                    "{} weighted ({k} of {n} respondents, effective n = {:.0}) chose \u{201c}{option}\u{201d}",
                    percent(entry.share()),
                    entry.effective
                )
            } else {
                format!(
                    "{} ({k} of {n}) chose \u{201c}{option}\u{201d}",
                    percent(k as f64 / n.max(1) as f64)
                )
            };
            if n < MIN_ANSWERS {
                return Outcome::new(Verdict::NotEnoughData, observed, format!("only {n} answered"));
            }
            let (lo, hi) = entry.interval();
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
            let rank = ranking_as(q, weighted);
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
            let rank = ranking_as(q, weighted);
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
            let counts: Vec<(String, f64)> = groups
                .iter()
                .map(|g| {
                    let group = m.groups.iter().find(|x| x.id == *g);
                    let size = group.map_or(0.0, |x| match (weighted, x.weighted) {
                        (true, Some(w)) => w,
                        _ => x.count as f64,
                    });
                    (group_label(report, g), size)
                })
                .collect();
            let observed = counts
                .iter()
                .map(|(l, c)| {
                    if weighted {
                        format!("{l} {c:.1}")
                    } else {
                        format!("{l} {c}")
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let observed = if weighted {
                format!("weighted sizes: {observed}")
            } else {
                observed
            };
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
        } => over_represented(preset, report, group, question, option, weighted),
        Check::HighestGroupShare {
            group,
            question,
            options,
        } => highest_share(preset, report, group, question, options, weighted),
        Check::ContinentTop {
            question,
            continent,
            country,
            k,
        } => {
            let Some(g) = report.geography.as_ref().filter(|g| g.question == *question) else {
                return Outcome::not_in_file(&question_name(preset, question));
            };
            // Weighted, sizes are summed weights (ranked by them).
            let size = |o: &OptionCount| match (weighted, o.weighted) {
                (true, Some(w)) => w,
                _ => o.count as f64,
            };
            let base = match (weighted, g.weighted_base) {
                (true, Some(b)) => b,
                _ => g.answered as f64,
            };
            let mut continents: Vec<(&str, f64)> = g.continents.iter().map(|o| (o.label.as_str(), size(o))).collect();
            continents.sort_by(|a, b| b.1.total_cmp(&a.1));
            let top = continents.first();
            let continent_first = top.is_some_and(|t| t.0 == continent.as_str())
                && continents.get(1).is_none_or(|s| s.1 < top.map_or(0.0, |t| t.1));
            let c = g.countries.iter().find(|c| c.label == *country).map_or(0.0, size);
            let rank = g.countries.iter().filter(|x| size(x) > c).count() + 1;
            let country_top = c > 0.0 && rank <= *k;
            let cont_n = continents
                .iter()
                .find(|x| x.0 == continent.as_str())
                .map_or(0.0, |x| x.1);
            let shown = |x: f64| {
                if weighted {
                    format!("{x:.1}")
                } else {
                    format!("{x}")
                }
            };
            let observed = format!(
                "{}{continent}: {} of {} ({}), rank {}; {country}: {} ({}), rank {}",
                if weighted { "weighted: " } else { "" },
                shown(cont_n),
                shown(base),
                percent(cont_n / base.max(f64::MIN_POSITIVE)),
                continents
                    .iter()
                    .position(|x| x.0 == continent.as_str())
                    .map_or("none".to_string(), |p| (p + 1).to_string()),
                shown(c),
                percent(c / base.max(f64::MIN_POSITIVE)),
                if c > 0.0 { rank.to_string() } else { "none".to_string() }
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
    let (a_lo, a_hi) = a.interval();
    let (b_lo, b_hi) = b.interval();
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

fn over_represented(
    preset: &Preset,
    report: &Report,
    group: &str,
    question: &str,
    option: &str,
    weighted: bool,
) -> Outcome {
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
    let (sg, sr, p_greater, statistic, observed) = match ct.weighted.as_ref().filter(|_| weighted) {
        None => {
            let f = stats::fisher_exact(a, n_group - a, c, n_rest - c);
            let statistic = format!(
                "Fisher's exact test, one-sided: {} (two-sided {}); n = {n_group} vs {n_rest}",
                p_value(f.p_greater),
                p_value(f.p_two_sided)
            );
            (sg, sr, f.p_greater, statistic, observed)
        }
        Some(w) => {
            // Weighted: shares of summed weights, compared by a
            // two-proportion z test on Kish's effective bases.
            let (wg, wa) = (w.answered[gi], w.counts[gi][oi]);
            let (wr, eff_r, rest) = w.rest(gi);
            let wc = rest[oi];
            let eff_g = w.effective[gi];
            let share = |x: f64, of: f64| if of > 0.0 { x / of } else { 0.0 };
            let (sg, sr) = (share(wa, wg), share(wc, wr));
            let (_, p) = stats::two_proportion(sg, eff_g, sr, eff_r);
            let p_greater = if sg > sr { p / 2.0 } else { 1.0 - p / 2.0 };
            let statistic = format!(
                "two-proportion z test on effective bases, one-sided: {} (two-sided {}); effective n = {eff_g:.0} vs {eff_r:.0}",
                p_value(p_greater),
                p_value(p)
            );
            let observed = format!(
                "\u{201c}{option}\u{201d}: {} of {label} vs {} of the rest, weighted ({a}/{n_group} and {c}/{n_rest} respondents)",
                percent(sg),
                percent(sr)
            );
            (sg, sr, p_greater, statistic, observed)
        }
    };
    let verdict = if sg <= sr {
        Verdict::DoesNotHold
    } else if p_greater < ALPHA {
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

fn highest_share(
    preset: &Preset,
    report: &Report,
    group: &str,
    question: &str,
    options: &[String],
    weighted: bool,
) -> Outcome {
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
        .map(|(oi, o)| {
            let mut r = Ranked::counted(o.clone(), ct.counts[gi][oi], ct.counts.iter().map(|row| row[oi]).sum());
            if let Some(w) = ct.weighted.as_ref().filter(|_| weighted) {
                r.weight = w.counts[gi][oi];
                r.weight_base = w.counts.iter().map(|row| row[oi]).sum();
            }
            r
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
