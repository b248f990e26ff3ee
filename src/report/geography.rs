//! Where respondents are: a country question's answers mapped to
//! countries and continents.

use std::collections::HashMap;

use crate::infer::geo;
use crate::report::question::sort_desc;
use crate::report::types::{Geography, OptionCount, QuestionReport, OTHER_FREE_TEXT};

/// Countries named by the answers of `q`, by canonical name and continent;
/// answers that name no known country are listed as unrecognised.
pub fn geography_of(q: &QuestionReport) -> Geography {
    let mut known: HashMap<&'static str, (geo::Continent, u64, f64)> = HashMap::new();
    let mut unknown: HashMap<String, (u64, f64)> = HashMap::new();
    let weight = |o: &OptionCount| o.weighted.unwrap_or(0.0);
    for o in q.options.iter().chain(&q.other) {
        if o.count == 0 || o.label == OTHER_FREE_TEXT {
            continue;
        }
        match geo::lookup(&o.label) {
            Some(c) => {
                let e = known.entry(c.name).or_insert((c.continent, 0, 0.0));
                e.1 += o.count;
                e.2 += weight(o);
            }
            None => {
                let e = unknown.entry(o.label.clone()).or_insert((0, 0.0));
                e.0 += o.count;
                e.1 += weight(o);
            }
        }
    }
    let weighted = q.weighted_base.is_some();
    let entry = |label: &str, n: u64, w: f64| OptionCount::weighed(label, n, weighted.then_some(w), q.weighted_base);
    let mut countries: Vec<OptionCount> = known.iter().map(|(name, (_, n, w))| entry(name, *n, *w)).collect();
    let mut continents: Vec<OptionCount> = geo::Continent::ALL
        .iter()
        .map(|c| {
            let of = || known.values().filter(|(k, _, _)| k == c);
            entry(c.name(), of().map(|e| e.1).sum(), of().map(|e| e.2).sum())
        })
        .filter(|o| o.count > 0)
        .collect();
    let mut unrecognised: Vec<OptionCount> = unknown.into_iter().map(|(label, (n, w))| entry(&label, n, w)).collect();
    for v in [&mut countries, &mut continents, &mut unrecognised] {
        if weighted {
            sort_desc_weighted(v);
        } else {
            sort_desc(v);
        }
    }
    Geography {
        question: q.id.clone(),
        answered: q.answered,
        continents,
        countries,
        unrecognised,
        weighted_base: q.weighted_base,
        effective_base: q.effective_base,
    }
}

/// Largest summed weight first; ties by label.
fn sort_desc_weighted(v: &mut [OptionCount]) {
    let w = |o: &OptionCount| o.weighted.unwrap_or(0.0);
    v.sort_by(|a, b| w(b).total_cmp(&w(a)).then_with(|| a.label.cmp(&b.label)));
}
