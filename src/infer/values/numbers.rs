//! Numbers as people and spreadsheets write them: "2,5", "1,000", "5 years",
//! "10%", and the spellings of infinity that are no number at all.

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

pub(super) fn grouped_by_thousands(t: &str) -> bool {
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
