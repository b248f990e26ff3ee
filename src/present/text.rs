//! The results section of the paper, rewritten from the loaded data: the
//! paper's sentences with every number, ranking and name taken from the
//! report, so the text is true of whatever file is loaded.

use crate::base::format::{and_list, ordinal, p_value, percent};
use crate::base::stats::{self, Z95};
use crate::infer::preset::{Preset, TextSpec};
use crate::report::ranking::{ranking, Ranked, SMALL_GROUP};
use crate::report::types::{GroupReport, Kind, OptionCount, QuestionReport, Report, Section, OTHER_FREE_TEXT};

pub(crate) fn lower_first(s: &str) -> String {
    // Keep acronyms ("ML", "NLP") as written; lower only a capitalised word.
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            a.to_lowercase().chain(s[a.len_utf8()..].chars()).collect()
        }
        _ => s.to_string(),
    }
}

fn named(r: &Ranked) -> String {
    format!("{} ({})", lower_first(&r.label), percent(r.share()))
}

/// The three parts of the paper's section III, each sentence reading the
/// questions `preset` names for it (see [`TextSpec`]).
pub fn results_section(preset: &Preset, r: &Report) -> Vec<Section> {
    vec![
        Section {
            id: "collection".into(),
            heading: "A. Data collection".into(),
            paragraphs: vec![collection(r)],
        },
        Section {
            id: "results".into(),
            heading: "B. Results".into(),
            paragraphs: results(&preset.text, r),
        },
        Section {
            id: "analysis".into(),
            heading: "C. Analysis".into(),
            paragraphs: analysis(preset, r),
        },
    ]
}

fn collection(r: &Report) -> String {
    let from = match &r.geography {
        Some(g) if !g.countries.is_empty() => format!(" from {} different countries", g.countries.len()),
        _ => String::new(),
    };
    let aside = r.rows.set_aside_total();
    let aside = if aside > 0 {
        format!(" ({aside} further row(s) were set aside; see the reading notes)")
    } else {
        String::new()
    };
    format!("We received {} responses to the survey{from}{aside}.", r.respondents)
}

fn results(spec: &TextSpec, r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let mut p = String::new();
    if let Some(g) = &r.geography {
        let all: Vec<&str> = ["Africa", "Asia", "Europe", "North America", "Oceania", "South America"].to_vec();
        let missing: Vec<String> = all
            .iter()
            .filter(|c| !g.continents.iter().any(|x| x.label == **c))
            .map(|c| c.to_string())
            .collect();
        let reach = if missing.is_empty() {
            "Responses were received from all continents but Antarctica".to_string()
        } else {
            format!(
                "Responses were received from {} continent(s); none from {}",
                g.continents.len(),
                and_list(&missing)
            )
        };
        let share = |n: u64| percent(n as f64 / g.answered.max(1) as f64);
        match g.continents.first() {
            Some(c) => {
                let top: Vec<String> = g
                    .countries
                    .iter()
                    .take(3)
                    .map(|k| format!("{} ({})", k.label, share(k.count)))
                    .collect();
                p.push_str(&format!(
                    "{reach}, the largest share from {} ({} of those who named their country); the top countries are {}. ",
                    c.label,
                    share(c.count),
                    and_list(&top)
                ));
            }
            None => p.push_str(&format!("{reach}. ")),
        }
    }
    // The smallest and largest size anyone chose, in the questionnaire's order.
    let span = |id: &str| -> Option<(String, String)> {
        let q = r.question(id)?;
        let used: Vec<&OptionCount> = q
            .options
            .iter()
            .filter(|o| o.count > 0 && o.label != OTHER_FREE_TEXT)
            .collect();
        Some((used.first()?.label.clone(), used.last()?.label.clone()))
    };
    // Labels that already say their unit ("0-49 employees") are not given it twice.
    let unit = |label: &str, word: &str| {
        if label.contains(word) {
            String::new()
        } else {
            format!(" {word}")
        }
    };
    let mix: Vec<String> = spec
        .mix
        .iter()
        .filter_map(|m| {
            let (a, b) = span(&m.question)?;
            Some(format!("{} of {a} to {b}{}", m.what, unit(&b, &m.unit)))
        })
        .collect();
    if !mix.is_empty() {
        p.push_str(&format!("Respondents represent a mix of {}. ", and_list(&mix)));
    }
    if let Some((q, option)) = spec
        .share
        .as_ref()
        .and_then(|s| Some((r.question(&s.question)?, &s.option)))
    {
        if let Some(k) = q.count_of(option).filter(|_| q.answered > 0) {
            let (lo, hi) = stats::wilson(k, q.answered, Z95);
            p.push_str(&format!(
                "{} {} of respondents ({k} of {}; 95% interval {}\u{2013}{}) say that they work with {}",
                if k as f64 / q.answered as f64 >= 0.3 {
                    "Perhaps surprisingly,"
                } else {
                    "In this data,"
                },
                percent(k as f64 / q.answered as f64),
                q.answered,
                percent(lo),
                percent(hi),
                lower_first(option)
            ));
        }
    }
    if let Some((q, noun)) = spec
        .top_two
        .as_ref()
        .and_then(|s| Some((r.question(&s.question)?, &s.noun)))
        .filter(|(q, _)| q.answered > 0)
    {
        let top = ranking(q);
        if top.len() >= 2 {
            // "time series data (55%)" reads "time series (55%)" before the noun.
            let before_noun = |x: &Ranked| named(x).replace(&format!(" {noun} ("), " (");
            p.push_str(&format!(
                "; the work revolves most around {} and {} {noun}",
                before_noun(&top[0]),
                before_noun(&top[1])
            ));
        }
    }
    if !p.is_empty() && !p.ends_with(". ") {
        p.push_str(". ");
    }
    if let Some(q) = question(r, spec.top_three.as_ref().map(|s| &s.question)).filter(|q| q.answered > 0) {
        let top: Vec<String> = ranking(q).iter().take(3).map(named).collect();
        p.push_str(&format!(
            "As for the problems to be solved, the largest categories are {}.",
            and_list(&top)
        ));
    }
    if !p.is_empty() {
        out.push(p.trim_end().to_string());
    }
    if let Some(q) = question(r, spec.top_four.as_ref().map(|s| &s.question)).filter(|q| q.answered > 0) {
        let rank = ranking(q);
        let top: Vec<String> = rank.iter().take(4).map(named).collect();
        let spread = rank.iter().filter(|x| x.share() >= 0.1).count();
        out.push(format!(
            "To understand the goals of the work, we asked about short-term activities to be completed within the next 3 months ({} answered). The answers spread over {spread} goals chosen by at least 10% of them, with the four top goals being (in descending order) {}.",
            q.answered,
            and_list(&top)
        ));
    }
    let ratings = spec.ratings.as_ref();
    if let Some(q) = question(r, ratings.map(|s| &s.question)).filter(|q| q.kind == Kind::Rating && q.answered > 0) {
        let rank = ranking(q);
        let mut s = String::new();
        if rank.len() >= 3 {
            s.push_str(&format!(
                "Finally, rating the obstacles ({} respondents), the largest shares rate {} as very or extremely relevant, being the prime one, followed by {} and {}.",
                q.answered,
                named(&rank[0]),
                named(&rank[1]),
                named(&rank[2])
            ));
        }
        let also = ratings.and_then(|s| s.also.as_ref());
        if let Some((p, also)) = also.and_then(|a| Some((rank.iter().position(|x| x.label == *a)?, a))) {
            s.push_str(&format!(
                " {also} rank {} of {} ({}).",
                ordinal(p + 1),
                rank.len(),
                percent(rank[p].share())
            ));
        }
        if !s.is_empty() {
            out.push(s);
        }
    }
    if out.is_empty() {
        out.push("None of the questions of the results section were found in this file.".into());
    }
    out
}

/// The report's question a sentence reads, when the preset names one.
fn question<'a>(r: &'a Report, id: Option<&String>) -> Option<&'a QuestionReport> {
    r.question(id?)
}

fn analysis(preset: &Preset, r: &Report) -> Vec<String> {
    let Some(m) = &r.maturity else {
        return vec!["The maturity analysis needs the question its rules read, which is not in this file.".into()];
    };
    let total = r.respondents.max(1) as f64;
    // The unclassified group is not a maturity stage: it is counted apart.
    let unclassified_id = preset.maturity.as_ref().map(|s| s.unclassified.id.as_str());
    let unclassified = |g: &GroupReport| Some(g.id.as_str()) == unclassified_id;
    let mut groups: Vec<&GroupReport> = m.groups.iter().filter(|g| !unclassified(g)).collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    let mut out = Vec::new();
    if let (Some(first), Some(last)) = (groups.first(), groups.last()) {
        let middle: Vec<String> = groups[1..groups.len() - 1]
            .iter()
            .map(|g| {
                format!(
                    "{} {} ({})",
                    g.count,
                    g.label.to_lowercase(),
                    percent(g.count as f64 / total)
                )
            })
            .collect();
        let unclassified = m.groups.iter().find(|g| unclassified(g)).map_or(0, |g| g.count);
        out.push(format!(
            "Based on the answers to \u{201c}{}\u{201d}, most respondents are {} ({} of {}, {}), followed by {}, with {} being the minority ({} respondents, {}). {} respondents fit no rule and are unclassified.",
            m.question_header,
            first.label.to_lowercase(),
            first.count,
            r.respondents,
            percent(first.count as f64 / total),
            if middle.is_empty() { "no other group".into() } else { and_list(&middle) },
            last.label.to_lowercase(),
            last.count,
            percent(last.count as f64 / total),
            unclassified
        ));
    }
    // For each comparison the preset names: the option most over-represented
    // in the first group, against everyone else.
    let lead = &m.groups[0];
    let mut facts = Vec::new();
    for (qid, title) in &m.compare {
        let Some(ct) = m.crosstabs.iter().find(|c| c.question == *qid) else {
            continue;
        };
        let (n, nr) = (ct.answered[0], ct.answered[1..].iter().sum::<u64>());
        if n == 0 || nr == 0 {
            continue;
        }
        let best = (0..ct.options.len())
            .map(|oi| {
                let a = ct.counts[0][oi];
                let c: u64 = ct.counts[1..].iter().map(|row| row[oi]).sum();
                (oi, a, c, a as f64 / n as f64 - c as f64 / nr as f64)
            })
            .filter(|x| x.1 > 0)
            .max_by(|x, y| x.3.total_cmp(&y.3));
        let Some((oi, a, c, diff)) = best else { continue };
        if diff <= 0.0 {
            continue;
        }
        let f = stats::fisher_exact(a, n - a, c, nr - c);
        facts.push(format!(
            "{} of them chose \u{201c}{}\u{201d} for {}, against {} of the rest (one-sided Fisher {})",
            percent(a as f64 / n as f64),
            ct.options[oi],
            title.to_lowercase(),
            percent(c as f64 / nr as f64),
            p_value(f.p_greater)
        ));
    }
    let mut p = format!(
        "When placing the focus only on the {} {} respondents ({}), ",
        lead.count,
        lead.label.to_lowercase(),
        lead.rule
    );
    if facts.is_empty() {
        p.push_str("no comparison with the rest can be made from this file.");
    } else {
        p.push_str(&format!("{}.", and_list(&facts)));
    }
    if lead.count < SMALL_GROUP {
        p.push_str(&format!(
            " With only {} respondents in this group, these comparisons are weak evidence: read them with their intervals and p-values.",
            lead.count
        ));
    }
    out.push(p);
    out
}
