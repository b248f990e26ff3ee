//! What single cell values mean, whatever question they answer: markers
//! that stand for "no answer" (`nan`, `N/A`), numbers as people and
//! spreadsheets write them ("2,5", "1,000", "5 years", "10%"), the order of
//! brackets, time spans and unnamed scales, and spreadsheet date serials
//! that were ranges before Excel read them.
//!
//! Written by hand: these are survey-export conventions, not a format any
//! maintained crate parses (number-parsing crates read one locale's numbers,
//! not a column that mixes "2,5" with "10 hours").

use crate::base::words::normalize;

/// Cells that only ever mean "no value": what pandas, R and spreadsheets
/// write into an empty cell. Read as no answer wherever a column holds them.
const STRONG_MARKERS: &[&str] = &[
    "nan", "NaN", "NAN", "null", "NULL", "Null", "#N/A", "#NA", "NaT", "<NA>",
];

/// Cells that mean "no value" only in a column that has no empty cell at
/// all, i.e. that uses them as its empty value: elsewhere "N/A" may be a
/// real answer ("N/A - I do not work with models").
const WEAK_MARKERS: &[&str] = &["NA", "N/A", "n/a", "N/a", "na", "-", "--", "."];

/// Whether `value` is a missing-value marker in a column with `blanks`
/// empty cells.
pub fn is_missing_marker(value: &str, blanks: u64) -> bool {
    STRONG_MARKERS.contains(&value) || (blanks == 0 && WEAK_MARKERS.contains(&value))
}

/// How a column writes its numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NumberFormat {
    /// "2,5" means two and a half (European spreadsheets).
    pub decimal_comma: bool,
    /// "1,000" means a thousand.
    pub thousands: bool,
    /// A unit written after every number ("years", "%"), as it is written.
    pub unit: Option<String>,
}

impl NumberFormat {
    /// How the reading panel says the numbers were read; None for plain numbers.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.decimal_comma {
            parts.push("with a decimal comma (2,5 = 2.5)".to_string());
        }
        if self.thousands {
            parts.push("with thousands separators (1,000 = 1000)".to_string());
        }
        if let Some(u) = &self.unit {
            parts.push(format!("with the unit \u{201c}{u}\u{201d} dropped"));
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// Reads one cell in this format.
    pub fn parse(&self, v: &str) -> Option<f64> {
        let mut t = v.trim();
        if let Some(u) = &self.unit {
            t = strip_unit(t, u)?;
        }
        parse_plain(t, self.decimal_comma, self.thousands)
    }
}

/// Units a number may carry, singular and plural alike; "%" sticks to it.
const UNITS: &[&str] = &[
    "%",
    "years",
    "year",
    "yrs",
    "yr",
    "months",
    "month",
    "weeks",
    "week",
    "days",
    "day",
    "hours",
    "hour",
    "hrs",
    "h",
    "minutes",
    "min",
    "mins",
    "employees",
    "people",
    "persons",
];

fn strip_unit<'a>(t: &'a str, unit: &str) -> Option<&'a str> {
    let lower = t.to_lowercase();
    // Singular and plural of one unit are one unit: "1 year", "5 years".
    let stem = unit.trim_end_matches('s');
    for u in [unit, stem] {
        if u.is_empty() {
            continue;
        }
        if lower.ends_with(u) && t.is_char_boundary(t.len() - u.len()) {
            let head = t[..t.len() - u.len()].trim_end();
            if !head.is_empty() {
                return Some(head);
            }
        }
    }
    None
}

/// A number with an optional sign and one decimal separator; `thousands`
/// allows "1,000,000" (groups of three after the first).
fn parse_plain(t: &str, decimal_comma: bool, thousands: bool) -> Option<f64> {
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let s: String = if decimal_comma {
        if t.contains('.') && t.contains(',') {
            // "1.000,5": dots group thousands.
            t.replace('.', "").replace(',', ".")
        } else {
            t.replace(',', ".")
        }
    } else if thousands && t.contains(',') {
        if !grouped_by_thousands(t) {
            return None;
        }
        t.replace(',', "")
    } else {
        t.to_string()
    };
    if !s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+')) {
        return None; // "inf", "1e5" and "0x10" are not what people type as answers.
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn grouped_by_thousands(t: &str) -> bool {
    let int = t.split('.').next().unwrap_or(t).trim_start_matches(['-', '+']);
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    !first.is_empty()
        && first.len() <= 3
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// The format in which every one of `values` is a number, if there is one.
/// `semicolon_file`: the file is `;`-delimited, where a comma is a decimal
/// comma (as European Excel saves), unless the values group by thousands.
pub fn number_format(values: &[&str], semicolon_file: bool) -> Option<NumberFormat> {
    if values.is_empty() {
        return None;
    }
    let commas = values.iter().any(|v| v.contains(','));
    // The unit, if any: the same one after every number.
    let unit = {
        let first = values[0].trim().to_lowercase();
        UNITS
            .iter()
            .find(|u| first.ends_with(*u) && first.len() > u.len())
            .map(|u| u.to_string())
    };
    let mut candidates = vec![NumberFormat::default()];
    if commas {
        let decimal = NumberFormat {
            decimal_comma: true,
            ..Default::default()
        };
        let grouped = NumberFormat {
            thousands: true,
            ..Default::default()
        };
        // "1,500" is ambiguous; the file's delimiter decides which is tried first.
        candidates = if semicolon_file {
            vec![decimal, grouped]
        } else {
            vec![grouped, decimal]
        };
    }
    for mut f in candidates {
        for u in [None, unit.clone()] {
            f.unit = u;
            if values.iter().all(|v| f.parse(v).is_some()) {
                return Some(f);
            }
        }
    }
    None
}

/// Labels that stand outside any order and go last: "Other", "I do not know".
fn outside_order(label: &str) -> bool {
    let n = normalize(label);
    n == "other"
        || n.starts_with("other ")
        || n.starts_with("i do not know")
        || n.starts_with("i don t know")
        || n.starts_with("don t know")
        || n.starts_with("prefer not")
        || n.starts_with("i prefer not")
        || n == "not applicable"
        || n == "n a"
        || n == "never"
}

/// Orders labels that name brackets, time spans or an unnamed scale, lowest
/// first, and "Other" / "I do not know" last; None when they are not one
/// ordered set (every label but those must have a distinct place).
pub fn ordinal_order(labels: &[String]) -> Option<Vec<String>> {
    let (inside, outside): (Vec<&String>, Vec<&String>) = labels.iter().partition(|l| !outside_order(l));
    if inside.len() < 3 {
        return None;
    }
    let order = [bracket_key as fn(&str) -> Option<f64>, polar_key, intensity_key]
        .iter()
        .find_map(|key| {
            let keys: Option<Vec<u64>> = inside.iter().map(|l| key(l).map(f64_key)).collect();
            let keys = keys?;
            let order = order_of(&keys);
            // Every label in a place of its own.
            order.windows(2).all(|w| keys[w[0]] < keys[w[1]]).then_some(order)
        })?;
    let mut out: Vec<String> = order.into_iter().map(|i| inside[i].clone()).collect();
    out.extend(outside.into_iter().cloned());
    Some(out)
}

/// Infinity or not-a-number as a spreadsheet or a program writes it
/// ("inf", "-Infinity", "NaN", "#NUM!"), or a number too large for a double
/// ("1e309"): none is a number an answer can be.
pub fn is_non_finite(v: &str) -> bool {
    let t = v.trim();
    let l = t.trim_start_matches(['+', '-']).to_ascii_lowercase();
    matches!(
        l.as_str(),
        "inf" | "infinity" | "nan" | "\u{221e}" | "#num!" | "#div/0!"
    ) || (t.len() <= 400 && t.bytes().any(|b| b.is_ascii_digit()) && t.parse::<f64>().is_ok_and(|x| !x.is_finite()))
}

/// An answer up to case, white space and quoting: spellings with one key
/// are one answer, counted as one bar. Any Unicode white space (no-break
/// and typographic spaces included) and `-`, `_`, `/` read as one space;
/// quotes, apostrophes, brackets and sentence punctuation are dropped
/// (`Data "scientist` is `Data scientist`, `Don't know` is `Dont know`);
/// zero-width characters are dropped. Digits, letters and the symbols that
/// change a meaning stay: `<1MB` is not `1MB`, `C++` is not `C`, and a `.`
/// or `,` between digits stays (`1.5` is not `15`).
pub fn answer_key(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for (i, &c) in chars.iter().enumerate() {
        let digit_at = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(char::is_ascii_digit);
        let keep = match c {
            c if c.is_alphanumeric() => true,
            c if c.is_whitespace() || matches!(c, '-' | '_' | '/' | '\u{2010}'..='\u{2015}') => {
                space = !out.is_empty();
                continue;
            }
            '.' | ',' => digit_at(i.checked_sub(1)) && digit_at(Some(i + 1)),
            '"' | '\'' | '`' | '\u{b4}' | '\u{2018}'..='\u{201f}' | '\u{ab}' | '\u{bb}' => false,
            '(' | ')' | '[' | ']' | '{' | '}' | '!' | '?' | ':' | ';' | '*' | '\u{2026}' => false,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => false,
            _ => true,
        };
        if keep {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The indices of `keys` in ascending order, ties in index order. Reading
/// labels reorders them in several places; all go through this one sort, so
/// the module holds one sort routine, not one per call site (each closure
/// given to `sort_by` is compiled into a sort of its own, a few KB of the
/// page's wasm each).
pub fn order_of(keys: &[u64]) -> Vec<usize> {
    let mut pairs: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|p| p.1).collect()
}

/// Reorders `v` by `keys`, ascending, ties kept in their order.
pub fn reorder<T>(v: &mut Vec<T>, keys: &[u64]) {
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order_of(keys).into_iter().filter_map(|i| slots[i].take()));
}

/// A float as a key that sorts as the float does (negative ones too).
fn f64_key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | 1 << 63
    }
}

/// Days in one of a time unit named in a label.
fn time_unit(word: &str) -> Option<f64> {
    let w = word.trim_end_matches('s');
    Some(match w {
        "second" | "sec" => 1.0 / 86_400.0,
        "minute" | "min" => 1.0 / 1_440.0,
        "hour" | "hr" => 1.0 / 24.0,
        "day" => 1.0,
        "week" | "wk" => 7.0,
        "month" | "mo" => 30.4,
        "quarter" => 91.3,
        "year" | "yr" => 365.25,
        "decade" => 3_652.5,
        _ => return None,
    })
}

/// A bracket's place: its lower bound, a little less for "under 5" / "<5",
/// a little more for "5+" / ">5" / "5 or more"; a time span in days.
fn bracket_key(label: &str) -> Option<f64> {
    let lower = label.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != ',')
        .filter(|w| !w.is_empty())
        .collect();
    let unit = words
        .iter()
        .find_map(|w| time_unit(w.trim_matches([',', '.'])))
        .unwrap_or(1.0);
    let number = first_number(&lower);
    let below = lower.starts_with('<')
        || lower.starts_with('\u{2264}')
        || [
            "under",
            "less than",
            "fewer than",
            "up to",
            "below",
            "at most",
            "within",
        ]
        .iter()
        .any(|w| lower.starts_with(w));
    let above = lower.starts_with('>')
        || lower.starts_with('\u{2265}')
        || ["more than", "over ", "above", "at least", "greater than"]
            .iter()
            .any(|w| lower.starts_with(w))
        || lower.contains("or more")
        || lower.contains("or older")
        || lower.contains("and over")
        || lower.contains("and above")
        || number.is_some_and(|(_, end)| lower[end..].trim_start().starts_with('+'));
    let value = match number {
        Some((x, _)) => x,
        // "Weeks", "Months", "A few days": a span of one unit.
        None if words.iter().any(|w| time_unit(w).is_some()) && words.len() <= 4 => 1.0,
        // "I have never written code", "None": below every bracket.
        None if words.iter().any(|w| *w == "never" || *w == "none") => return Some(-1.0),
        None => return None,
    };
    let nudge = if below {
        -0.5
    } else if above {
        0.5
    } else {
        0.0
    };
    Some((value + nudge) * unit)
}

/// The first number of a label ("$10,001-25,000" -> 10001) and where it ends.
fn first_number(s: &str) -> Option<(f64, usize)> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let rest = &s[start..];
    let len = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || ((c == ',' || c == '.') && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit())))
        })
        .map_or(rest.len(), |(i, _)| i);
    let text = &rest[..len];
    let x = if grouped_by_thousands(text) {
        text.replace(',', "").parse().ok()?
    } else {
        text.replace(',', ".").parse().ok()?
    };
    Some((x, start + len))
}

/// Negative and positive poles of two-sided scales; negatives are checked
/// first ("unsatisfied" contains "satisfied").
const NEGATIVE: &[&str] = &[
    "unsatisfied",
    "dissatisfied",
    "unlikely",
    "disagree",
    "unhappy",
    "poor",
    "bad",
    "difficult",
    "hard",
    "worse",
    "decreased",
    "negative",
    "unimportant",
    "useless",
];
const POSITIVE: &[&str] = &[
    "satisfied",
    "likely",
    "agree",
    "happy",
    "good",
    "easy",
    "better",
    "increased",
    "positive",
    "important",
    "useful",
];
const NEUTRAL: &[&str] = &[
    "neither",
    "neutral",
    "no opinion",
    "undecided",
    "about the same",
    "unchanged",
    "mixed",
];

fn has_word(n: &str, w: &str) -> bool {
    n.split(' ').any(|x| x == w) || (w.contains(' ') && n.contains(w))
}

/// Degree words: how far from the middle a two-sided label is.
fn degree(n: &str) -> f64 {
    if ["very", "strongly", "extremely", "completely", "totally", "highly"]
        .iter()
        .any(|w| has_word(n, w))
    {
        2.0
    } else if ["somewhat", "slightly", "mildly", "rather", "fairly", "a bit"]
        .iter()
        .any(|w| has_word(n, w))
    {
        0.5
    } else {
        1.0
    }
}

/// A two-sided scale's place: negative below zero, neutral zero, positive above.
fn polar_key(label: &str) -> Option<f64> {
    let n = normalize(label);
    if NEUTRAL.iter().any(|w| has_word(&n, w)) {
        return Some(0.0);
    }
    if NEGATIVE.iter().any(|w| has_word(&n, w)) || has_word(&n, "not") && POSITIVE.iter().any(|w| has_word(&n, w)) {
        return Some(-degree(&n));
    }
    if POSITIVE.iter().any(|w| has_word(&n, w)) {
        return Some(degree(&n));
    }
    None
}

/// A one-sided scale's place, from its degree word: not < slightly < somewhat < very < extremely.
fn intensity_key(label: &str) -> Option<f64> {
    let n = normalize(label);
    const LEVELS: &[(&[&str], f64)] = &[
        (&["not at all", "not", "never", "no", "none", "nothing"], 0.0),
        // Proficiency: none < beginner < intermediate < advanced < expert.
        (&["beginner", "novice", "basic"], 1.0),
        (&["intermediate"], 2.0),
        (&["advanced", "proficient"], 3.0),
        (&["expert"], 4.0),
        (
            &[
                "slightly", "rarely", "a little", "barely", "seldom", "low", "minor", "little",
            ],
            1.0,
        ),
        (
            &[
                "somewhat",
                "sometimes",
                "moderately",
                "fairly",
                "occasionally",
                "medium",
                "moderate",
                "partly",
            ],
            2.0,
        ),
        (
            &[
                "very",
                "often",
                "mostly",
                "high",
                "quite",
                "usually",
                "frequently",
                "major",
                "largely",
            ],
            3.0,
        ),
        (
            &[
                "extremely",
                "always",
                "critical",
                "essential",
                "completely",
                "entirely",
                "fully",
                "vital",
            ],
            4.0,
        ),
    ];
    // The strongest degree word of the label decides ("not very" is rare in scales).
    let first_word = n.split(' ').next().unwrap_or("");
    LEVELS
        .iter()
        .filter(|(words, _)| words.iter().any(|w| has_word(&n, w)))
        .map(|(words, level)| {
            // A label led by its degree word ("Critical to me") is placed by it.
            if words.contains(&first_word) {
                *level + 0.1
            } else {
                *level
            }
        })
        .max_by(f64::total_cmp)
}

/// A spreadsheet's serial day number (1900 system) as a date, when it is in
/// the range a range-turned-date gets (1982-2064).
pub fn date_serial(value: &str) -> Option<String> {
    let n: i64 = value.trim().parse().ok()?;
    if !(30_000..=60_000).contains(&n) {
        return None;
    }
    // Days from 1899-12-30 (Excel's day 0, counting its 1900 leap-year bug).
    let days = n - 25_569; // to 1970-01-01
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Howard Hinnant's days-to-civil algorithm (public domain).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Whether a label is a range or bracket of whole numbers ("2-5", "20+", "0-1").
pub fn is_range(value: &str) -> bool {
    let t = value.trim();
    let core = t.trim_end_matches('+');
    let parts: Vec<&str> = core.split(['-', '\u{2013}']).collect();
    match parts.as_slice() {
        [a] => t.ends_with('+') && !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()),
        [a, b] => {
            !a.is_empty()
                && !b.is_empty()
                && a.trim().bytes().all(|c| c.is_ascii_digit())
                && b.trim().bytes().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn brackets_sort_by_lower_bound_with_open_ends_outside() {
        let got = ordinal_order(&strings(&[
            "$10,001-25,000",
            ">$150,000",
            "$0-999",
            "$100,001-150,000",
            "1,000-9,999",
            "I do not know",
        ]))
        .unwrap();
        assert_eq!(
            got,
            strings(&[
                "$0-999",
                "1,000-9,999",
                "$10,001-25,000",
                "$100,001-150,000",
                ">$150,000",
                "I do not know"
            ])
        );
        let got = ordinal_order(&strings(&[
            "5-10 years",
            "I have never written code",
            "< 1 years",
            "20+ years",
            "1-3 years",
        ]))
        .unwrap();
        assert_eq!(
            got,
            strings(&[
                "I have never written code",
                "< 1 years",
                "1-3 years",
                "5-10 years",
                "20+ years"
            ])
        );
        let got = ordinal_order(&strings(&["20+", "1-2", "0", "10-14", "3-4"])).unwrap();
        assert_eq!(got, strings(&["0", "1-2", "3-4", "10-14", "20+"]));
        let got = ordinal_order(&strings(&[
            "More than 10 years",
            "1-2 years",
            "Less than 1 year",
            "3-5 years",
        ]))
        .unwrap();
        assert_eq!(
            got,
            strings(&["Less than 1 year", "1-2 years", "3-5 years", "More than 10 years"])
        );
    }

    #[test]
    fn time_spans_sort_by_length() {
        let got = ordinal_order(&strings(&["Years", "Weeks", "Days", "Months", "Never"])).unwrap();
        assert_eq!(got, strings(&["Days", "Weeks", "Months", "Years", "Never"]));
    }

    #[test]
    fn word_scales_sort_by_degree() {
        let got = ordinal_order(&strings(&["Somewhat useful", "Critical to me", "Not relevant for me"])).unwrap();
        assert_eq!(
            got,
            strings(&["Not relevant for me", "Somewhat useful", "Critical to me"])
        );
        let got = ordinal_order(&strings(&[
            "Satisfied",
            "Very unsatisfied",
            "Neither",
            "Very satisfied",
            "Unsatisfied",
        ]))
        .unwrap();
        assert_eq!(
            got,
            strings(&[
                "Very unsatisfied",
                "Unsatisfied",
                "Neither",
                "Satisfied",
                "Very satisfied"
            ])
        );
    }

    #[test]
    fn proficiency_levels_sort_from_none() {
        let got = ordinal_order(&strings(&["Intermediate", "Expert", "Beginner", "None"])).unwrap();
        assert_eq!(got, strings(&["None", "Beginner", "Intermediate", "Expert"]));
    }

    #[test]
    fn nominal_labels_have_no_order() {
        assert_eq!(
            ordinal_order(&strings(&["Data Scientist", "Student", "Not employed", "Other"])),
            None
        );
        assert_eq!(ordinal_order(&strings(&["Python", "R", "SQL"])), None);
        assert_eq!(ordinal_order(&strings(&["Finland", "USA", "Germany", "Spain"])), None);
    }

    #[test]
    fn numbers_as_people_write_them() {
        let f = number_format(&["2,5", "10", "7,5"], true).unwrap();
        assert!(f.decimal_comma);
        assert_eq!(f.parse("2,5"), Some(2.5));
        let f = number_format(&["1,000", "12,500", "250"], false).unwrap();
        assert!(f.thousands);
        assert_eq!(f.parse("12,500"), Some(12500.0));
        let f = number_format(&["5 years", "10 years", "1 year"], false).unwrap();
        assert_eq!(f.unit.as_deref(), Some("years"));
        assert_eq!(f.parse("1 year"), Some(1.0));
        let f = number_format(&["10%", "25%"], false).unwrap();
        assert_eq!(f.parse("25%"), Some(25.0));
        assert_eq!(number_format(&["2-5", "3"], false), None);
        assert_eq!(number_format(&["1-2 years", "3 years"], false), None);
        assert_eq!(number_format(&["inf", "3"], false), None);
    }

    #[test]
    fn markers_depend_on_the_column() {
        assert!(is_missing_marker("nan", 10) && is_missing_marker("#N/A", 3));
        assert!(is_missing_marker("N/A", 0) && !is_missing_marker("N/A", 4));
        assert!(!is_missing_marker("None of these", 0) && !is_missing_marker("None", 0));
    }

    #[test]
    fn date_serials_are_read_as_dates() {
        assert_eq!(date_serial("41310").as_deref(), Some("2013-02-05"));
        assert_eq!(date_serial("2"), None);
        assert!(is_range("2-5") && is_range("20+") && !is_range("2.5") && !is_range("abc"));
    }
}
