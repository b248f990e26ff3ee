//! A question's bars: the file's answers merged with the preset's options.

use std::collections::{BTreeMap, HashMap};

use crate::infer::matching;
use crate::infer::preset::QuestionSpec;

/// One bar of a question while its labels are merged with a preset's.
pub struct Bar {
    pub label: String,
    /// Spellings that name it exactly (case and runs of spaces aside): its
    /// own, the file's, the preset's aliases.
    pub exact: Vec<String>,
    /// The same normalised (punctuation dropped), for the preset's options only.
    pub loose: Vec<String>,
    /// The same as written, for splitting joined cells.
    pub spellings: Vec<String>,
    /// Its place among the preset's options.
    pub preset: Option<usize>,
    pub preset_only: bool,
}

/// A spelling up to case, white space and quoting (`values::answer_key`).
pub fn exact_key(s: &str) -> String {
    crate::infer::values::answer_key(s)
}

/// A question's bars: the file's own answers, each under the preset's name
/// when it is one of the preset's options (the same spelling up to case,
/// spaces and quoting, one of the preset's aliases or the person's mapping,
/// or failing those the same words once punctuation is dropped, when only
/// one file answer reads so). File answers spelled alike up to case, spaces
/// and quoting are one bar, shown as the spelling most cells use (`counts`,
/// parallel to `file`; 0 where unknown, and then the first spelling). A file
/// answer no option matches keeps its own bar; preset options no file
/// answer matches come last, flagged `preset_only` (or are left out with
/// `with_preset_only` false, when the file's columns are all its options).
///
/// Linear in the file's answers and the preset's options: each stage looks
/// its keys up in a hash map (comparing every answer with every bar was
/// quadratic: 40,000 learnt labels took 8 s).
pub fn merge_labels(
    file: &[String],
    counts: &[u64],
    spec: Option<&QuestionSpec>,
    mapped: Option<&BTreeMap<String, String>>,
    ordered: bool,
    with_preset_only: bool,
) -> (Vec<Bar>, Vec<String>) {
    let preset: &[String] = spec.map_or(&[], |s| &s.options);
    let names = |o: &String| -> Vec<String> {
        let mut v = vec![o.clone()];
        if let Some(f) = mapped.and_then(|m| m.get(o)) {
            v.insert(0, f.clone());
        }
        if let Some(aliases) = spec.and_then(|s| s.aliases.get(o)) {
            v.extend(aliases.iter().cloned());
        }
        v
    };
    let preset_names: Vec<Vec<String>> = preset.iter().map(names).collect();
    // The file's answers, one bar per key; the most used spelling names it.
    let mut bars: Vec<Bar> = Vec::new();
    let mut by_key: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let mut label_count: Vec<u64> = Vec::new();
    for (i, f) in file.iter().enumerate() {
        let n = counts.get(i).copied().unwrap_or(0);
        let k = exact_key(f);
        match by_key.get(&k) {
            Some(&b) => {
                let bar = &mut bars[b];
                bar.spellings.push(f.clone());
                if n > label_count[b] {
                    bar.label = f.clone();
                    label_count[b] = n;
                }
            }
            None => {
                by_key.insert(k.clone(), bars.len());
                label_count.push(n);
                bars.push(Bar {
                    label: f.clone(),
                    exact: vec![k],
                    loose: Vec::new(),
                    spellings: vec![f.clone()],
                    preset: None,
                    preset_only: false,
                });
            }
        }
    }
    // Bars by their words without punctuation: how many bars read so, and the first.
    let mut by_loose: rustc_hash::FxHashMap<String, (usize, usize)> = rustc_hash::FxHashMap::default();
    for (i, b) in bars.iter().enumerate() {
        by_loose
            .entry(matching::normalize(&b.label))
            .and_modify(|e| e.0 += 1)
            .or_insert((1, i));
    }
    let mut has_bar = vec![false; preset.len()];
    let adopt = |b: &mut Bar, i: usize, has_bar: &mut [bool]| {
        has_bar[i] = true;
        b.preset = Some(i);
        if b.label != preset[i] {
            b.spellings.push(preset[i].clone());
            b.label = preset[i].clone();
        }
        for n in &preset_names[i] {
            let k = exact_key(n);
            if !b.exact.contains(&k) {
                b.exact.push(k);
            }
            b.loose.push(matching::normalize(n));
        }
    };
    // Exact spellings first, then the same words, where unambiguous.
    for (i, pn) in preset_names.iter().enumerate() {
        let hit = pn.iter().find_map(|n| by_key.get(&exact_key(n)).copied());
        if let Some(b) = hit.filter(|&b| bars[b].preset.is_none()) {
            adopt(&mut bars[b], i, &mut has_bar);
        }
    }
    for (i, pn) in preset_names.iter().enumerate() {
        if has_bar[i] {
            continue;
        }
        // Only one bar may read so, across all of this option's names.
        let mut hits: Vec<usize> = pn
            .iter()
            .filter_map(|n| by_loose.get(&matching::normalize(n)))
            .flat_map(|&(count, first)| {
                if count == 1 {
                    vec![first]
                } else {
                    vec![first, usize::MAX]
                }
            })
            .collect();
        hits.sort_unstable();
        hits.dedup();
        if let [b] = hits[..] {
            if bars[b].preset.is_none() {
                adopt(&mut bars[b], i, &mut has_bar);
            }
        }
    }
    let mut absent = Vec::new();
    for (i, o) in preset.iter().enumerate() {
        if has_bar[i] {
            continue;
        }
        if with_preset_only {
            let pn = &preset_names[i];
            bars.push(Bar {
                label: o.clone(),
                exact: pn.iter().map(|n| exact_key(n)).collect(),
                loose: pn.iter().map(|n| matching::normalize(n)).collect(),
                spellings: pn.clone(),
                preset: Some(i),
                preset_only: true,
            });
        } else {
            absent.push(o.clone());
        }
    }
    // The preset's options in its order, then the file's others as they
    // came; an ordered question whose bars are not all the preset's is put
    // in the order its labels say, where they say one.
    let by_preset: Vec<u64> = bars.iter().map(|b| b.preset.map_or(u64::MAX, |p| p as u64)).collect();
    let keys = if ordered && bars.iter().any(|b| b.preset.is_none()) {
        let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
        crate::infer::values::ordinal_order(&labels).map(|order| -> Vec<u64> {
            let place: rustc_hash::FxHashMap<&str, u64> =
                order.iter().enumerate().map(|(i, l)| (l.as_str(), i as u64)).collect();
            labels
                .iter()
                .map(|l| place.get(l.as_str()).copied().unwrap_or(order.len() as u64))
                .collect()
        })
    } else {
        None
    };
    match keys {
        Some(keys) => crate::infer::values::reorder(&mut bars, &keys),
        None if ordered || spec.is_some() => crate::infer::values::reorder(&mut bars, &by_preset),
        None => {}
    }
    (bars, absent)
}

/// Which bar a cell names: its spelling up to case and spaces, else (for a
/// preset's option) the same words, when only one bar reads so.
pub struct BarLookup {
    exact: HashMap<String, u16>,
    loose: HashMap<String, Option<u16>>,
}

impl BarLookup {
    pub fn new(bars: &[Bar]) -> BarLookup {
        let mut exact = HashMap::new();
        let mut loose: HashMap<String, Option<u16>> = HashMap::new();
        for (i, b) in bars.iter().enumerate() {
            for k in &b.exact {
                exact.entry(k.clone()).or_insert(i as u16);
            }
            for k in &b.loose {
                loose
                    .entry(k.clone())
                    .and_modify(|e| {
                        if *e != Some(i as u16) {
                            *e = None;
                        }
                    })
                    .or_insert(Some(i as u16));
            }
        }
        BarLookup { exact, loose }
    }

    pub fn find(&self, value: &str) -> Option<u16> {
        if let Some(&i) = self.exact.get(&exact_key(value)) {
            return Some(i);
        }
        self.loose.get(&matching::normalize(value)).copied().flatten()
    }
}
