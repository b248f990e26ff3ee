//! The order of labels that name brackets ("$10,001-25,000"), time spans
//! ("Weeks") or an unnamed scale ("Somewhat useful"), with "Other" and "I do
//! not know" last; and the one sort that every reordering of labels uses.

use super::numbers::grouped_by_thousands;
use crate::base::words::normalize;

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
pub fn f64_key(x: f64) -> u64 {
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
