//! What leaves the page with a figure: its numbers as CSV, its alt text, its
//! SVG, and the checks a figure from outside (an embed link) must pass before
//! it is drawn.

use plotters::prelude::*;

use super::signed_points;
use super::{draw_figure, figure_height, BarValue, Bars, Body, Figure, Likert, Theme};
use crate::base::error::{Error, ErrorKind, Result};
use crate::base::format::{percent, percent_number, q_value, share_label};

/// The figure as an SVG document, `width` CSS pixels wide, drawn by the same
/// code as the canvas: well-formed XML whatever its text holds (see
/// [`render_svg_themed`]).
pub fn render_svg(fig: &Figure, width: u32) -> Result<String> {
    render_svg_themed(fig, width, false)
}

/// [`render_svg`] in the light or dark palette. Every SVG the crate makes
/// (the command line's and the page's `figureSvg`) comes from here.
///
/// plotters' SVG backend escapes `<`, `>`, `&` and quotes, but copies every
/// other character as it is, and XML 1.0 forbids some that a label may hold
/// (a control character in a header, U+FFFF in an answer): one of them and
/// an XML parser refuses the whole file. So the finished document is passed
/// through `xml_chars`: plotters' own markup is plain ASCII, so every
/// character this replaces came from the figure's text.
pub fn render_svg_themed(fig: &Figure, width: u32, dark: bool) -> Result<String> {
    #[cfg(not(target_arch = "wasm32"))]
    super::native::ensure_fonts();
    let theme = Theme::file(1.0, dark);
    let height = figure_height(fig, width, &theme);
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw_figure(&area, fig, &theme)
            .map_err(|e| Error::new(ErrorKind::Draw, format!("figure {:?}: {e}", fig.id)))?;
    }
    Ok(xml_chars(out))
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production): tab,
/// line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and
/// U+10000-U+10FFFF. Not allowed: the other C0 controls (NUL included) and
/// U+FFFE, U+FFFF; surrogates cannot be in a Rust string.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` with each character XML 1.0 forbids replaced by U+FFFD, the
/// replacement character: the reader sees that something was there, and
/// two labels that differ only by one stay apart. Text without them is
/// returned as it is.
fn xml_chars(text: String) -> String {
    if text.chars().all(is_xml_char) {
        return text;
    }
    text.chars()
        .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect()
}

/// At most this many characters of a figure's id go into its file name (the
/// id of a question's figure holds the export's own code, of any length).
const STEM_CHARS: usize = 80;

/// The name of a figure's exported file, without the extension: its id
/// lower-cased, with every character but `a-z`, `0-9`, `_` and `-` made a
/// `-`, runs of `-` made one, `-` trimmed from both ends, and cut to
/// `STEM_CHARS` (80); `figure` when nothing is left. An id holds the survey's
/// own column codes (`x/../../PWNED`, `C:\x`), so a name built this way
/// can hold no separator, no `..` and no drive, and is the same on every
/// file system (no case to fold). Two ids may give one name: the caller
/// numbers the second.
pub fn file_stem(id: &str) -> String {
    let mut stem = String::new();
    for c in id.chars() {
        let c = c.to_ascii_lowercase();
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            c
        } else {
            '-'
        };
        if !(c == '-' && (stem.is_empty() || stem.ends_with('-'))) {
            stem.push(c);
        }
        if stem.len() == STEM_CHARS {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "figure".to_string()
    } else {
        stem.to_string()
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab
/// or carriage return before one) gets a leading apostrophe, as OWASP
/// recommends for CSV exports; every other cell is written as it is.
fn safe_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The UTF-8 byte-order mark: without it Excel opens a CSV as the system's
/// code page and shows accented labels garbled.
const BOM: &str = "\u{feff}";

/// The figure's aggregated table as a CSV file: one row per bar (per
/// series), or per item of a rating scale; numbers only, never a
/// respondent's row. The whole file, UTF-8 byte-order mark first, CRLF line
/// ends: the command line writes it as it is and the page's "Data (CSV)"
/// downloads it as it is (`figureCsv`), so the two are the same bytes.
pub fn figure_csv(fig: &Figure) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    for row in figure_table(fig) {
        // The first two columns are labels (from the file: escaped); the
        // rest are numbers this code wrote, and a negative one ("-10.0", a
        // change in points) is a number, not a formula.
        let cells = row.iter().enumerate().map(|(i, c)| {
            if i >= 2 && c.parse::<f64>().is_ok_and(f64::is_finite) {
                c.clone()
            } else {
                safe_cell(c)
            }
        });
        // Writing to a Vec cannot fail.
        let _ = w.write_record(cells);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The figure's table, header first: what its CSV holds and what the page
/// shows under "Show the numbers as a table" (one source for both).
pub fn figure_table(fig: &Figure) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    match &fig.body {
        Body::Bars(b) => {
            let weighted = b.rows.iter().flat_map(|r| &r.values).any(|v| v.weighted.is_some());
            let lettered = b.series.iter().any(|s| s.letter.is_some());
            let changed = b.rows.iter().any(|r| r.change.is_some());
            let absent = b.rows.iter().flat_map(|r| &r.values).any(|v| v.not_offered);
            let mut head: Vec<String> = [
                "label",
                "series",
                "count",
                "base",
                "percent",
                "ci95_low_percent",
                "ci95_high_percent",
            ]
            .map(String::from)
            .to_vec();
            if weighted {
                head.extend(["weighted_count", "weighted_base", "effective_base"].map(String::from));
            }
            if lettered {
                head.extend(["group_letter", "higher_than_groups"].map(String::from));
            }
            if absent {
                head.push("not_offered".into());
            }
            if changed {
                head.extend(["change_points", "p", "q"].map(String::from));
            }
            rows.push(head);
            for row in &b.rows {
                for (series, v) in b.series.iter().zip(&row.values) {
                    let mut r = if v.not_offered {
                        // Not asked in this edition: no count, base or share, never 0.
                        let mut r = vec![row.label.clone(), series.name.clone()];
                        r.resize(7, String::new());
                        r
                    } else {
                        vec![
                            row.label.clone(),
                            series.name.clone(),
                            v.count.to_string(),
                            v.base.to_string(),
                            percent_number(v.share),
                            percent_number(v.lo),
                            percent_number(v.hi),
                        ]
                    };
                    if weighted {
                        let num = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.4}"));
                        r.extend([num(v.weighted), num(v.weighted_base), num(v.effective_base)]);
                    }
                    if lettered {
                        r.push(series.letter.clone().unwrap_or_default());
                        r.push(super::letters(v.higher_than).unwrap_or_default());
                    }
                    if absent {
                        r.push(if v.not_offered { "yes" } else { "" }.into());
                    }
                    if changed {
                        let c = row.change;
                        let num = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.6}"));
                        r.push(c.map_or(String::new(), |c| format!("{:.1}", c.points)));
                        r.extend([num(c.and_then(|c| c.p)), num(c.and_then(|c| c.q))]);
                    }
                    rows.push(r);
                }
            }
        }
        Body::Likert(l) => {
            let mut head = vec!["key".to_string(), "label".into(), "base".into()];
            head.extend(l.scale.iter().map(|p| format!("{p} (count)")));
            head.extend(l.scale.iter().map(|p| format!("{p} (percent)")));
            if l.diverging {
                head.push("top_two_percent".into());
            }
            rows.push(head);
            for row in &l.rows {
                let mut r = vec![row.key.clone(), row.label.clone(), row.n.to_string()];
                r.extend((0..l.scale.len()).map(|i| row.counts.get(i).copied().unwrap_or(0).to_string()));
                r.extend((0..l.scale.len()).map(|i| percent_number(row.share(i))));
                if l.diverging {
                    r.push(percent_number(row.top2));
                }
                rows.push(r);
            }
        }
        Body::Missing { message } => {
            rows.push(vec!["message".into()]);
            rows.push(vec![message.clone()]);
        }
    }
    // What an edit merged or hid, the split's test, and whom the figure
    // describes (filtered, weighted), each in the first column of a last
    // row as wide as the others: the numbers above are read with them.
    let test = fig.test.as_ref().map(|t| match &t.warning {
        Some(w) => format!("{} {w}", t.text),
        None => t.text.clone(),
    });
    for line in [&fig.edited, &test, &fig.analysis].into_iter().flatten() {
        if let Some(width) = rows.first().map(Vec::len) {
            let mut last = vec![String::new(); width];
            last[0].clone_from(line);
            rows.push(last);
        }
    }
    rows
}

/// At most this many rows are read out in alt text; the data table has all.
const ALT_ROWS: usize = 25;

/// A text alternative from the numbers, e.g. "Bar chart: Figure 2. Role in
/// team (% of 318 who answered). Data scientist 39%, Engineer 25%, ...".
pub fn alt_text(fig: &Figure) -> String {
    let head = format!("{} ({})", fig.title.trim_end_matches('.'), fig.subtitle);
    let mut out = match &fig.body {
        Body::Bars(b) => bars_alt(&head, b),
        Body::Likert(l) => likert_alt(&head, l),
        Body::Missing { message } => format!("{head}: {message}"),
    };
    let sentence = |t: &str| {
        if t.ends_with('.') {
            t.to_string()
        } else {
            format!("{t}.")
        }
    };
    if let Some(note) = fig.note_text() {
        out.push_str(&format!(" Note: {}", sentence(&note)));
    }
    if let Some(edited) = &fig.edited {
        out.push_str(&format!(" {}", sentence(edited)));
    }
    if let Some(source) = &fig.source {
        out.push_str(&format!(" {}", sentence(source)));
    }
    out
}

fn more(total: usize) -> String {
    if total > ALT_ROWS {
        format!("; and {} more", total - ALT_ROWS)
    } else {
        String::new()
    }
}

fn bars_alt(head: &str, b: &Bars) -> String {
    if b.series.len() <= 1 {
        let items: Vec<String> = b
            .rows
            .iter()
            .take(ALT_ROWS)
            .map(|r| {
                let v = r.values.first().copied().unwrap_or(BarValue::new(0, 0));
                format!(
                    "{} {} ({} of {})",
                    r.label,
                    share_label(v.count, v.share),
                    v.count,
                    v.base
                )
            })
            .collect();
        return format!("Bar chart: {head}. {}{}.", items.join("; "), more(b.rows.len()));
    }
    let names: Vec<String> = b.series.iter().map(|s| format!("{} (n={})", s.name, s.n)).collect();
    let items: Vec<String> = b
        .rows
        .iter()
        .take(ALT_ROWS)
        .map(|r| {
            let vals: Vec<String> = b
                .series
                .iter()
                .zip(&r.values)
                .map(|(s, v)| {
                    if v.not_offered {
                        format!("{} not offered", s.name)
                    } else {
                        format!("{} {}", s.name, share_label(v.count, v.share))
                    }
                })
                .collect();
            let change = r.change.map_or(String::new(), |c| {
                let tested = match c.q {
                    Some(q) if q < crate::report::compare::ALPHA => format!(", a significant change ({})", q_value(q)),
                    Some(_) => ", about the same".to_string(),
                    None => String::new(),
                };
                format!(" ({} points{tested})", signed_points(c.points))
            });
            format!("{}: {}{change}", r.label, vals.join(", "))
        })
        .collect();
    format!(
        "Grouped bar chart: {head}, comparing {}. {}{}.",
        names.join(" with "),
        items.join("; "),
        more(b.rows.len())
    )
}

fn likert_alt(head: &str, l: &Likert) -> String {
    let label = |r: &super::LikertRow| {
        if r.key.is_empty() {
            r.label.clone()
        } else {
            format!("({}) {}", r.key, r.label)
        }
    };
    if l.diverging && l.scale.len() >= 2 {
        let top: Vec<&str> = l.scale.iter().rev().take(2).rev().map(String::as_str).collect();
        let items: Vec<String> = l
            .rows
            .iter()
            .take(ALT_ROWS)
            .map(|r| format!("{} {} (n={})", label(r), percent(r.top2), r.n))
            .collect();
        return format!(
            "Diverging stacked bar chart on a scale from {} to {}: {head}. Share answering {}: {}{}.",
            l.scale.first().map(String::as_str).unwrap_or(""),
            l.scale.last().map(String::as_str).unwrap_or(""),
            top.join(" or "),
            items.join("; "),
            more(l.rows.len())
        );
    }
    let items: Vec<String> = l
        .rows
        .iter()
        .take(ALT_ROWS)
        .map(|r| {
            let parts: Vec<String> = l
                .scale
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{p} {}", percent(r.share(i))))
                .collect();
            format!("{} (n={}): {}", label(r), r.n, parts.join(", "))
        })
        .collect();
    format!(
        "100% stacked bar chart: {head}. {}{}.",
        items.join("; "),
        more(l.rows.len())
    )
}

/// Limits on a figure that comes from outside (an embed link's fragment):
/// far above anything the report makes, low enough that drawing stays quick.
pub mod limits {
    pub const ROWS: usize = 200;
    pub const SERIES: usize = 20;
    pub const SCALE: usize = 20;
    pub const TEXT_CHARS: usize = 2_000;
    pub const ID_CHARS: usize = 80;
}

fn bad(what: String) -> Error {
    Error::new(ErrorKind::Figure, format!("this figure cannot be shown: {what}"))
}

/// `n` things (bars, series, ...) within `lo..=hi`.
fn check_count(n: usize, lo: usize, hi: usize, what: &str) -> Result<()> {
    if n < lo || n > hi {
        let range = if lo == 0 {
            format!("at most {hi}")
        } else {
            format!("{lo} to {hi}")
        };
        return Err(bad(format!("it has {n} {what} ({range})")));
    }
    Ok(())
}

fn check_text(field: &str, text: &str) -> Result<()> {
    let n = text.chars().count();
    if n > limits::TEXT_CHARS {
        return Err(bad(format!(
            "{field} is {n} characters long (at most {})",
            limits::TEXT_CHARS
        )));
    }
    Ok(())
}

fn check_share(field: &str, x: f64) -> Result<()> {
    if !(0.0..=1.0).contains(&x) {
        return Err(bad(format!("{field} is {x}, not a share between 0 and 1")));
    }
    Ok(())
}

/// The figure as an embed shows it: the note without what points to the
/// report page ("the reading panel lists every option"), which the embed has
/// not. Done where the embed draws, so links made before this still read right.
pub fn embed_figure(mut fig: Figure) -> Figure {
    fig.note = fig.note.as_deref().and_then(without_page_pointers);
    fig
}

/// `note` without its clauses (between "; " or sentence ends) that name a
/// part of the report page; None when nothing is left.
fn without_page_pointers(note: &str) -> Option<String> {
    // The report page's panels, which an embed does not have.
    const PAGE_ONLY: [&str; 2] = ["reading panel", "How the questions were matched"];
    let sentences: Vec<String> = note
        .split_inclusive(". ")
        .filter_map(|sentence| {
            let body = sentence.trim_end().trim_end_matches('.');
            let kept: Vec<&str> = body
                .split("; ")
                .filter(|c| !PAGE_ONLY.iter().any(|p| c.contains(p)))
                .collect();
            (!kept.is_empty()).then(|| format!("{}.", kept.join("; ")))
        })
        .collect();
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

/// Checks a figure that did not come from this page's own analysis (an embed
/// link, a saved file): sizes within [`limits`], one value per series, shares
/// within 0..1, counts within their base. Drawing assumes all of these.
pub fn check_figure(fig: &Figure) -> Result<()> {
    if fig.id.is_empty()
        || fig.id.chars().count() > limits::ID_CHARS
        || !fig.id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(bad(format!(
            "its id must be 1 to {} letters, digits, '-', '_' or '.'",
            limits::ID_CHARS
        )));
    }
    for (field, text) in [
        ("the title", &fig.title),
        ("the subtitle", &fig.subtitle),
        ("the section", &fig.section),
    ] {
        check_text(field, text)?;
    }
    for (field, text) in [
        ("the note", &fig.note),
        ("the quoted answers", &fig.quotes),
        ("the alt text", &fig.alt),
        ("the source", &fig.source),
        ("what was edited", &fig.edited),
    ] {
        if let Some(t) = text {
            check_text(field, t)?;
        }
    }
    match &fig.body {
        Body::Missing { .. } => return Err(bad("it has no data (the question was not in the file)".into())),
        Body::Bars(b) => {
            check_count(b.series.len(), 1, limits::SERIES, "series")?;
            check_count(b.rows.len(), 0, limits::ROWS, "bars")?;
            for s in &b.series {
                check_text("a series name", &s.name)?;
            }
            for (i, r) in b.rows.iter().enumerate() {
                check_text("a label", &r.label)?;
                if r.values.len() != b.series.len() {
                    return Err(bad(format!(
                        "bar {} has {} values for {} series",
                        i + 1,
                        r.values.len(),
                        b.series.len()
                    )));
                }
                for v in &r.values {
                    check_share("a share", v.share)?;
                    check_share("an interval bound", v.lo)?;
                    check_share("an interval bound", v.hi)?;
                    if v.count > v.base || v.lo > v.hi {
                        return Err(bad(format!(
                            "bar {} has a count above its base or a reversed interval",
                            i + 1
                        )));
                    }
                }
            }
        }
        Body::Likert(l) => {
            check_count(l.scale.len(), 1, limits::SCALE, "scale points")?;
            check_count(l.rows.len(), 0, limits::ROWS, "rows")?;
            for p in &l.scale {
                check_text("a scale point", p)?;
            }
            for (i, r) in l.rows.iter().enumerate() {
                check_text("a label", &r.label)?;
                check_text("a key", &r.key)?;
                check_share("a top-two share", r.top2)?;
                if r.counts.len() != l.scale.len() {
                    return Err(bad(format!(
                        "row {} has {} counts for {} scale points",
                        i + 1,
                        r.counts.len(),
                        l.scale.len()
                    )));
                }
                let sum = r.counts.iter().try_fold(0u64, |a, &c| a.checked_add(c));
                if sum.is_none_or(|s| s > r.n) {
                    return Err(bad(format!(
                        "row {} has counts that add up to more than its base",
                        i + 1
                    )));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::without_page_pointers;

    #[test]
    fn an_embed_note_leaves_out_the_reading_panel_it_does_not_have() {
        let cases = [
            (
                "3 less frequent answers are not shown (9 choices, 2% of those who answered); the reading panel lists every option.",
                Some("3 less frequent answers are not shown (9 choices, 2% of those who answered)."),
            ),
            (
                "Groups of fewer than 10: B. 2 less frequent answers are not shown; the reading panel lists every option.",
                Some("Groups of fewer than 10: B. 2 less frequent answers are not shown."),
            ),
            ("the reading panel lists every option.", None),
            ("Shares of those asked.", Some("Shares of those asked.")),
        ];
        for (note, want) in cases {
            assert_eq!(without_page_pointers(note).as_deref(), want, "{note}");
        }
    }
}
