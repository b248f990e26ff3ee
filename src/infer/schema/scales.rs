//! Answer scales known by their labels ("Strongly disagree" ... "Strongly
//! agree", "Never" ... "Always"), and labels numbered as points ("1 - Not
//! important"): the order a rating's points go in.

use crate::base::words::normalize;

/// Ordered answer scales recognised from their labels, lowest first.
const SCALES: &[&[&str]] = &[
    &[
        "strongly disagree",
        "disagree",
        "somewhat disagree",
        "neither agree nor disagree",
        "neutral",
        "somewhat agree",
        "agree",
        "strongly agree",
    ],
    &[
        "not relevant",
        "slightly relevant",
        "somewhat relevant",
        "moderately relevant",
        "relevant",
        "very relevant",
        "extremely relevant",
    ],
    &[
        "not important",
        "not at all important",
        "slightly important",
        "somewhat important",
        "moderately important",
        "important",
        "very important",
        "extremely important",
        "critical",
    ],
    &[
        "never",
        "rarely",
        "occasionally",
        "sometimes",
        "often",
        "most of the time",
        "usually",
        "very often",
        "always",
    ],
    &[
        "horrible",
        "terrible",
        "very poor",
        "very bad",
        "poor",
        "bad",
        "fair",
        "ok",
        "okay",
        "average",
        "good",
        "very good",
        "excellent",
    ],
    &[
        "very dissatisfied",
        "dissatisfied",
        "somewhat dissatisfied",
        "neutral",
        "somewhat satisfied",
        "satisfied",
        "very satisfied",
    ],
    &[
        "very unlikely",
        "unlikely",
        "somewhat unlikely",
        "neutral",
        "somewhat likely",
        "likely",
        "very likely",
    ],
    &[
        "not useful",
        "slightly useful",
        "somewhat useful",
        "useful",
        "very useful",
        "extremely useful",
    ],
    &[
        "not at all",
        "a little",
        "somewhat",
        "moderately",
        "quite a bit",
        "very much",
        "extremely",
    ],
    &["very difficult", "difficult", "neutral", "easy", "very easy"],
];

/// Orders labels by a recognised scale; None when they are not one scale.
pub fn scale_order(labels: &[String]) -> Option<Vec<String>> {
    if labels.len() < 2 {
        return None;
    }
    let norm: Vec<String> = labels.iter().map(|l| strip_point_number(l)).collect();
    for scale in SCALES {
        let pos: Option<Vec<usize>> = norm.iter().map(|l| scale.iter().position(|s| *s == l)).collect();
        if let Some(pos) = pos {
            let mut pairs: Vec<(usize, &String)> = pos.into_iter().zip(labels).collect();
            pairs.sort_by_key(|p| p.0);
            return Some(pairs.into_iter().map(|(_, l)| l.clone()).collect());
        }
    }
    // "1 - Not important", "2", ... : ordered by their leading number.
    if labels.len() > 12 {
        return None;
    }
    let nums: Option<Vec<i64>> = labels.iter().map(|l| leading_number(l)).collect();
    let nums = nums?;
    let mut pairs: Vec<(i64, &String)> = nums.into_iter().zip(labels).collect();
    pairs.sort_by_key(|p| p.0);
    Some(pairs.into_iter().map(|(_, l)| l.clone()).collect())
}

/// "4 - Very relevant" -> "very relevant"; "Very Important" -> "very important".
fn strip_point_number(label: &str) -> String {
    let n = normalize(label);
    match n.split_once(' ') {
        Some((first, rest)) if first.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
        _ => n,
    }
}

fn leading_number(label: &str) -> Option<i64> {
    let t = label.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let after = &t[digits.len()..];
    let rest = after.trim_start();
    // "2.7" and "2,5" are numbers with decimals, and "2.7, 3.6" is a list: not scale points.
    if digits.is_empty() || t.contains([',', ';']) || after.starts_with('.') {
        return None;
    }
    let fits = rest.is_empty()
        || rest.starts_with(['-', '=', ':', '(', '+', '\u{2013}'])
        || rest.starts_with(char::is_alphabetic);
    fits.then(|| digits.parse().ok()).flatten()
}
