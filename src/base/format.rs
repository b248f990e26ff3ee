//! Numbers and lists as the report writes them: percentages, p-values,
//! "a, b, and c", trimmed numbers and ordinals. Every string the claims, the
//! text and the figures show is made here, so one share reads the same
//! wherever it appears.

/// A share of 1 as a whole percent: 0.394 -> "39%".
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A bar's share as shown: "<1%" for a share that rounds to 0 but is not
/// empty, so no bar with answers reads "0%"; otherwise [`percent`].
pub fn share_label(count: u64, share: f64) -> String {
    if count > 0 && share * 100.0 < 0.5 {
        "<1%".to_string()
    } else {
        percent(share)
    }
}

/// A share of 1 as a percent with one decimal and no sign, for tables and
/// CSV files: 0.3944 -> "39.4".
pub fn percent_number(share: f64) -> String {
    format!("{:.1}", share * 100.0)
}

/// A p-value as the claims and the text state it: "p = 0.012", or
/// "p < 0.001" below that.
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// A count with thousands separated: 20036 -> "20,036".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A Benjamini-Hochberg q-value as [`p_value`] states a p-value: "q = 0.012", "q < 0.001".
pub fn q_value(q: f64) -> String {
    p_value(q).replacen('p', "q", 1)
}

/// Items joined as a sentence lists them, with a serial comma: "a",
/// "a and b", "a, b, and c"; nothing for no items.
pub fn and_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        2 => format!("{} and {}", items[0], items[1]),
        n => format!("{}, and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Alternatives joined as a rule states them, without a serial comma: "a",
/// "a or b", "a, b or c"; nothing for no items.
pub fn or_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} or {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// A number without a needless fraction: 3 -> "3", 2.5 -> "2.50".
pub fn trim_number(x: f64) -> String {
    trimmed(x, f64::INFINITY)
}

/// The edge of a histogram bin: like [`trim_number`], but a whole number
/// of a billion or more keeps its two decimals too (the report's bin labels
/// have always been written so).
pub fn bin_edge(x: f64) -> String {
    trimmed(x, 1e9)
}

/// Whole numbers below `whole_below` (in size) without decimals, every
/// other number with two.
fn trimmed(x: f64, whole_below: f64) -> String {
    if x.fract() == 0.0 && x.abs() < whole_below {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// An English ordinal: 1 -> "1st", 12 -> "12th", 23 -> "23rd".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn counts_have_thousands_separated() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(20036), "20,036");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(q_value(0.0412), "q = 0.041");
        assert_eq!(q_value(0.0001), "q < 0.001");
    }

    #[test]
    fn percents_round_to_whole_points() {
        assert_eq!(percent(0.394), "39%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
        // Rounded half to even by the formatter, as every figure always was.
        assert_eq!(percent(0.125), "12%");
        assert_eq!(percent(0.135), "14%");
    }

    #[test]
    fn a_bar_with_answers_never_reads_zero() {
        assert_eq!(share_label(1, 0.004), "<1%");
        assert_eq!(share_label(0, 0.0), "0%");
        assert_eq!(share_label(3, 0.006), "1%");
        assert_eq!(share_label(40, 0.4), "40%");
    }

    #[test]
    fn table_percents_keep_one_decimal_without_a_sign() {
        assert_eq!(percent_number(0.3944), "39.4");
        assert_eq!(percent_number(0.0), "0.0");
        assert_eq!(percent_number(1.0), "100.0");
    }

    #[test]
    fn p_values_have_three_decimals_and_a_floor() {
        assert_eq!(p_value(0.0123), "p = 0.012");
        assert_eq!(p_value(0.001), "p = 0.001");
        assert_eq!(p_value(0.000_99), "p < 0.001");
        assert_eq!(p_value(1.0), "p = 1.000");
    }

    #[test]
    fn and_lists_have_a_serial_comma() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&strings(&["a"])), "a");
        assert_eq!(and_list(&strings(&["a", "b"])), "a and b");
        assert_eq!(and_list(&strings(&["a", "b", "c"])), "a, b, and c");
        assert_eq!(and_list(&strings(&["a", "b", "c", "d"])), "a, b, c, and d");
    }

    #[test]
    fn or_lists_have_none() {
        assert_eq!(or_list(&[]), "");
        assert_eq!(or_list(&strings(&["a"])), "a");
        assert_eq!(or_list(&strings(&["a", "b"])), "a or b");
        assert_eq!(or_list(&strings(&["a", "b", "c"])), "a, b or c");
    }

    #[test]
    fn numbers_lose_only_a_zero_fraction() {
        assert_eq!(trim_number(3.0), "3");
        assert_eq!(trim_number(-12.0), "-12");
        assert_eq!(trim_number(2.5), "2.50");
        assert_eq!(trim_number(0.125), "0.12");
        assert_eq!(trim_number(4e9), "4000000000");
        assert_eq!(trim_number(f64::NAN), "NaN");
    }

    #[test]
    fn bin_edges_keep_decimals_from_a_billion() {
        assert_eq!(bin_edge(3.0), "3");
        assert_eq!(bin_edge(2.5), "2.50");
        assert_eq!(bin_edge(999_999_999.0), "999999999");
        assert_eq!(bin_edge(1e9), "1000000000.00");
        assert_eq!(bin_edge(-1e9), "-1000000000.00");
        assert_eq!(bin_edge(f64::INFINITY), "inf");
    }

    #[test]
    fn ordinals_follow_english() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            got,
            strings(&[
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"
            ])
        );
    }
}
