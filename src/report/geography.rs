//! Where respondents are: a country question's answers mapped to
//! countries and continents.

use std::collections::HashMap;

use crate::infer::geo;
use crate::report::question::sort_desc;
use crate::report::types::{Geography, OptionCount, QuestionReport, OTHER_FREE_TEXT};

/// Countries named by the answers of `q`, by canonical name and continent;
/// answers that name no known country are listed as unrecognised.
pub fn geography_of(q: &QuestionReport) -> Geography {
    let mut known: HashMap<&'static str, (geo::Continent, u64)> = HashMap::new();
    let mut unknown: HashMap<String, u64> = HashMap::new();
    let free: Vec<(String, u64)> = q.other.iter().map(|o| (o.label.clone(), o.count)).collect();
    let listed = q.options.iter().map(|o| (o.label.clone(), o.count));
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
