//! Each question's answers resolved to its bars once per distinct cell
//! value: a [`Resolver`] splits or matches every value of the question's
//! columns' dictionaries when it is made, so reading a row only indexes
//! into tables ([`Resolver::read`]). The bars are the file's own answers
//! merged with the preset's options ([`labels`]).

mod labels;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::infer::matching::{self, MultiSplitter};
use crate::infer::preset::QuestionSpec;
use crate::infer::schema::{self, Encoding, Kind, Question};
use crate::read::table::{Column, Table, OVERFLOW};
use labels::{exact_key, merge_labels, Bar, BarLookup};

/// One respondent's answer to one question, reused across rows.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// Gave at least one answer (for a grid: a point of the scale to some item).
    pub answered: bool,
    /// Chosen option indexes (single: at most one; rating cell: the point).
    pub chosen: Vec<u16>,
    /// Free text that matched no option.
    pub other: Option<String>,
    /// Grids: one entry per item, in item order.
    pub points: Vec<GridPoint>,
}

/// One item of a rating grid as one respondent answered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GridPoint {
    /// No answer to the item.
    Blank,
    /// A point of the scale, by index.
    Point(u16),
    /// An answer that is not a point of the scale.
    NotOnScale,
}

/// What one distinct cell value of a cell or joined column means.
#[derive(Clone, Debug, Default)]
pub struct Meaning {
    /// The bars it names.
    pub chosen: Vec<u16>,
    /// Its free text, where some of it names no bar.
    pub other: Option<String>,
}

/// One item of a rating grid: the preset's key and label (or a letter and
/// the file's label), and the column holding it (None: not in the file).
#[derive(Clone, Debug)]
pub struct Item {
    pub key: String,
    pub label: String,
    pub column: Option<usize>,
}

/// An option the file spells differently from the preset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Renamed {
    /// The preset's name, shown.
    pub label: String,
    /// The file's spelling.
    pub file_label: String,
}

/// Precomputed per-value lookups for one question: each distinct cell value
/// is split or matched once, then rows only index into tables.
pub struct Resolver {
    pub kind: Kind,
    pub encoding: Encoding,
    pub columns: Vec<usize>,
    /// The bars, in the order they are shown.
    pub labels: Vec<String>,
    /// Cell and joined encodings: per dictionary code, what it means.
    /// Columns encoding: per option column, the bar it feeds.
    pub codes: Vec<Meaning>,
    /// Columns encoding: per column, per code, whether it means chosen.
    pub chosen: Vec<Vec<bool>>,
    /// Columns encoding: the option columns (all but the free-text one), in
    /// the order of `chosen`, found once rather than once per row.
    pub option_columns: Vec<usize>,
    /// Columns encoding: two columns feed one bar (their labels are spelled
    /// alike), so a row must not count it twice.
    pub shared_bars: bool,
    /// Grid encoding: per item, per code of its column, the scale point.
    pub points: Vec<Vec<Option<u16>>>,
    pub items: Vec<Item>,
    pub other_text: Option<usize>,
    /// The index of an option labelled "Other", if the question has one.
    pub other_option: Option<u16>,
    /// Per label: a preset option no label of the file matched, drawn only
    /// if some answer names it.
    pub preset_only: Vec<bool>,
    /// Preset options the file cannot hold (no column for them).
    pub absent: Vec<String>,
    pub renamed: Vec<Renamed>,
}

impl Resolver {
    pub fn new(
        q: &Question,
        spec: Option<&QuestionSpec>,
        mapped: Option<&BTreeMap<String, String>>,
        table: &Table,
    ) -> Resolver {
        let mut r = Resolver {
            kind: q.kind,
            encoding: q.encoding.clone(),
            columns: q.columns.clone(),
            labels: Vec::new(),
            codes: Vec::new(),
            chosen: Vec::new(),
            option_columns: q.columns.iter().copied().filter(|&c| Some(c) != q.other_text).collect(),
            points: Vec::new(),
            items: Vec::new(),
            other_text: q.other_text,
            other_option: None,
            shared_bars: false,
            preset_only: Vec::new(),
            absent: Vec::new(),
            renamed: Vec::new(),
        };
        let ordered = q.ordered || spec.is_some_and(|s| s.ordered);
        let set_bars = |r: &mut Resolver, bars: &[Bar]| {
            r.labels = bars.iter().map(|b| b.label.clone()).collect();
            r.preset_only = bars.iter().map(|b| b.preset_only).collect();
            r.renamed = bars
                .iter()
                .filter(|b| !b.preset_only && b.preset.is_some() && exact_key(&b.spellings[0]) != exact_key(&b.label))
                .map(|b| Renamed {
                    label: b.label.clone(),
                    file_label: b.spellings[0].clone(),
                })
                .collect();
        };
        match (&q.encoding, q.kind) {
            (Encoding::Cell, Kind::Single | Kind::Rating) => {
                let col = &table.columns[q.columns[0]];
                // An answer given by 1% or more of those who answered is a bar
                // of its own, never part of "Other (free text)"; where answers
                // given once are write-ins, it takes two people.
                let answered = col.answered();
                let least = if q.written_in { 2 } else { 1 };
                // Beside a preset, a rare answer that names none of its
                // options is written in (free text), not an option.
                let preset_keys: rustc_hash::FxHashSet<String> = spec
                    .map(|s| {
                        s.options
                            .iter()
                            .chain(s.aliases.values().flatten())
                            .map(|o| matching::normalize(o))
                            .collect()
                    })
                    .unwrap_or_default();
                let cells: rustc_hash::FxHashMap<&str, u64> = col.entries().map(|(_, v, n)| (v, n)).collect();
                let mut file: Vec<String> = q
                    .options
                    .iter()
                    .filter(|o| {
                        spec.is_none_or(|s| s.options.is_empty()) || preset_keys.contains(&matching::normalize(o))
                    })
                    .cloned()
                    .collect();
                let listed: rustc_hash::FxHashSet<String> = file.iter().cloned().collect();
                for (_, v, n) in col.entries() {
                    if n >= least && n * 100 >= answered && !listed.contains(v) {
                        file.push(v.to_string());
                    }
                }
                let counts: Vec<u64> = file
                    .iter()
                    .map(|f| cells.get(f.as_str()).copied().unwrap_or(0))
                    .collect();
                let (bars, absent) = merge_labels(&file, &counts, spec, mapped, ordered, true);
                set_bars(&mut r, &bars);
                r.absent = absent;
                let lookup = BarLookup::new(&bars);
                r.codes = codes_of(col, |v| match lookup.find(v) {
                    Some(i) => Meaning {
                        chosen: vec![i],
                        other: None,
                    },
                    None => Meaning {
                        chosen: vec![],
                        other: Some(v.to_string()),
                    },
                });
            }
            (Encoding::Cell | Encoding::Joined, Kind::Multi) => {
                let (bars, absent) = merge_labels(&q.options, &[], spec, mapped, false, true);
                set_bars(&mut r, &bars);
                r.absent = absent;
                let spelled: Vec<(String, u16)> = bars
                    .iter()
                    .enumerate()
                    .flat_map(|(i, b)| b.spellings.iter().map(move |sp| (sp.clone(), i as u16)))
                    .collect();
                let texts: Vec<String> = spelled.iter().map(|s| s.0.clone()).collect();
                let splitter = MultiSplitter::new(&texts);
                let col = &table.columns[q.columns[0]];
                r.codes = codes_of(col, |v| {
                    let s = splitter.split(v);
                    let other = (!s.other.is_empty()).then(|| s.other.join(", "));
                    let mut chosen: Vec<u16> = Vec::with_capacity(s.chosen.len());
                    for &k in &s.chosen {
                        let i = spelled[k].1;
                        if !chosen.contains(&i) {
                            chosen.push(i);
                        }
                    }
                    Meaning { chosen, other }
                });
            }
            (Encoding::Columns, _) => {
                // Each option column is a bar, under the preset's name where it has one.
                let option_cols: Vec<usize> = q.columns.iter().copied().filter(|c| Some(*c) != q.other_text).collect();
                let (bars, absent) = merge_labels(&q.options, &[], spec, mapped, ordered, false);
                set_bars(&mut r, &bars);
                r.absent = absent;
                let mut col_option = Vec::new();
                let lookup = BarLookup::new(&bars);
                for (k, &c) in option_cols.iter().enumerate() {
                    let label = q.options.get(k).cloned().unwrap_or_default();
                    let idx = lookup.find(&label).map_or(0, usize::from);
                    col_option.push(idx);
                    let col = &table.columns[c];
                    r.chosen.push(
                        (0..col.values.len())
                            .map(|code| schema::is_chosen(col.value(code as u16), &label))
                            .collect(),
                    );
                }
                let mut bars_fed = rustc_hash::FxHashSet::default();
                r.shared_bars = !col_option.iter().all(|i| bars_fed.insert(*i));
                r.codes = col_option
                    .into_iter()
                    .map(|i| Meaning {
                        chosen: vec![i as u16],
                        other: None,
                    })
                    .collect();
            }
            (Encoding::Grid, _) => {
                let scale: Vec<String> = match spec {
                    Some(s) if !s.scale.is_empty() => s.scale.clone(),
                    _ => q.options.clone(),
                };
                let scale_norm: Vec<String> = scale.iter().map(|s| matching::normalize(s)).collect();
                r.labels = scale;
                match spec {
                    Some(s) if !s.items.is_empty() => {
                        for item in &s.items {
                            let (l, k) = (matching::normalize(&item.label), matching::normalize(&item.key));
                            let col = q.items.iter().position(|i| {
                                let n = matching::normalize(i);
                                n == l || n == k
                            });
                            r.items.push(Item {
                                key: item.key.clone(),
                                label: item.label.clone(),
                                column: col.map(|p| q.columns[p]),
                            });
                        }
                    }
                    _ => {
                        for (k, item) in q.items.iter().enumerate() {
                            r.items.push(Item {
                                key: letter(k),
                                label: item.clone(),
                                column: Some(q.columns[k]),
                            });
                        }
                    }
                }
                for item in &r.items {
                    r.points.push(match &item.column {
                        Some(c) => {
                            let column = &table.columns[*c];
                            (0..column.values.len())
                                .map(|code| {
                                    matching::parse_rating(&scale_norm, column.value(code as u16)).map(|p| p as u16)
                                })
                                .collect()
                        }
                        None => Vec::new(),
                    });
                }
            }
            _ => {}
        }
        r.other_option = r
            .labels
            .iter()
            .position(|l| matching::is_other_label(l))
            .map(|i| i as u16);
        r
    }

    /// Text typed in its own column beside the question. Where the question
    /// has an "Other" option, the text says what that choice was: listed,
    /// never an answer of its own. Otherwise the column is the question's
    /// "Other" choice (SurveyMonkey, Typeform): the text is that answer.
    fn read_other_text(&self, table: &Table, row: usize, a: &mut Answer) {
        let Some(c) = self.other_text else { return };
        let col = &table.columns[c];
        let code = col.code(row);
        if code != 0 {
            a.other = Some(col.value(code).to_string());
            if self.other_option.is_none() {
                a.answered = true;
            }
        }
    }

    pub fn read(&self, table: &Table, row: usize, a: &mut Answer) {
        a.answered = false;
        a.chosen.clear();
        a.other = None;
        match (&self.encoding, self.kind) {
            (Encoding::Cell | Encoding::Joined, Kind::Single | Kind::Rating | Kind::Multi) => {
                let code = table.columns[self.columns[0]].code(row);
                if code != 0 {
                    a.answered = true;
                    if code == OVERFLOW {
                        a.other = Some(String::new());
                    } else if let Some(m) = self.codes.get(code as usize) {
                        a.chosen.extend_from_slice(&m.chosen);
                        a.other.clone_from(&m.other);
                    }
                }
                self.read_other_text(table, row, a);
            }
            (Encoding::Columns, _) => {
                for (flags, (&c, codes)) in self.chosen.iter().zip(self.option_columns.iter().zip(&self.codes)) {
                    let code = table.columns[c].code(row) as usize;
                    if flags
                        .get(code)
                        .copied()
                        .unwrap_or(code != 0 && code == OVERFLOW as usize)
                        && !(self.shared_bars && a.chosen.contains(&codes.chosen[0]))
                    {
                        a.chosen.push(codes.chosen[0]);
                    }
                }
                a.answered = !a.chosen.is_empty();
                self.read_other_text(table, row, a);
            }
            (Encoding::Grid, _) => {
                a.points.clear();
                for (k, item) in self.items.iter().enumerate() {
                    let point = match item.column {
                        None => GridPoint::Blank,
                        Some(c) => match table.columns[c].code(row) {
                            0 => GridPoint::Blank,
                            code => match self.points[k].get(code as usize).copied().flatten() {
                                Some(p) => GridPoint::Point(p),
                                None => GridPoint::NotOnScale,
                            },
                        },
                    };
                    a.answered |= matches!(point, GridPoint::Point(_));
                    a.points.push(point);
                }
            }
            _ => {
                let code = table.columns[self.columns[0]].code(row);
                a.answered = code != 0;
            }
        }
    }
}

fn codes_of(col: &Column, mut f: impl FnMut(&str) -> Meaning) -> Vec<Meaning> {
    (0..col.values.len())
        .map(|code| {
            if code == 0 {
                Meaning::default()
            } else {
                f(col.value(code as u16))
            }
        })
        .collect()
}

fn letter(k: usize) -> String {
    if k < 26 {
        ((b'a' + k as u8) as char).to_string()
    } else {
        format!("{}", k + 1)
    }
}
