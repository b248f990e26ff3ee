//! Ranges of whole numbers ("2-5", "20+"), and the spreadsheet date serials
//! a range becomes once Excel has read it as a date.

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
