//! Text as layout measures it: widths from the host's measurer (the
//! canvas in the browser) or the embedded font, cached, and greedy word
//! wrap (breaking long words at slashes) with an ellipsis past the last line.

use std::cell::RefCell;
use std::collections::HashMap;

use plotters::style::{FontDesc, FontFamily, FontStyle};

/// Measures the width of `text` at `size` pixels (bold or not), in pixels.
pub type TextMeasure = Box<dyn Fn(&str, f64, bool) -> f64>;

thread_local! {
    /// The measurer the host installed; natively the embedded font is used.
    static MEASURE: RefCell<Option<TextMeasure>> = RefCell::new(None);
    /// Text widths by (text, size in 1/100 px, bold): measuring is the
    /// expensive part of layout in the browser (it touches the DOM).
    static WIDTHS: RefCell<HashMap<(String, u32, bool), f64>> = RefCell::new(HashMap::new());
}

pub(super) fn font(size: f64, bold: bool) -> FontDesc<'static> {
    FontDesc::new(
        FontFamily::SansSerif,
        size,
        if bold { FontStyle::Bold } else { FontStyle::Normal },
    )
}

/// Installs the text measurer layout uses. The browser passes one built on a
/// canvas 2D context's `measureText`: plotters' own web font code measures
/// through a styled DOM element, which is slow and blocked by a strict CSP.
pub fn set_text_measure(measure: TextMeasure) {
    MEASURE.with(|m| *m.borrow_mut() = Some(measure));
    WIDTHS.with(|m| m.borrow_mut().clear());
}

/// The width by the embedded font (natively only: in the browser the
/// measurer installed by the page is used instead).
#[cfg(not(target_arch = "wasm32"))]
fn font_width(text: &str, size: f64, bold: bool) -> Option<f64> {
    super::super::native::ensure_fonts();
    font(size * super::theme::PLOTTERS_EM, bold)
        .box_size(text)
        .ok()
        .map(|(w, _)| w as f64)
}

#[cfg(target_arch = "wasm32")]
fn font_width(_text: &str, _size: f64, _bold: bool) -> Option<f64> {
    None
}

pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let key = (text.to_string(), (size * 100.0) as u32, bold);
    if let Some(w) = WIDTHS.with(|m| m.borrow().get(&key).copied()) {
        return w;
    }
    let w = MEASURE
        .with(|m| m.borrow().as_ref().map(|f| f(text, size, bold)))
        .or_else(|| font_width(text, size, bold))
        // Without a font, estimate: an average glyph is about 0.55 em wide.
        .unwrap_or(text.chars().count() as f64 * size * 0.55);
    WIDTHS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 20_000 {
            m.clear();
        }
        m.insert(key, w);
    });
    w
}

/// Greedy word wrap into at most `max_lines` lines; the last line gets an
/// ellipsis when the text does not fit. A word wider than `width` is broken
/// after its slashes ("engineers/" "DevOps"), so a label like
/// "engineers/DevOps" wraps instead of being cut.
pub(super) fn wrap(text: &str, width: f64, size: f64, bold: bool, max_lines: usize) -> Vec<String> {
    // No figure shows more than a few lines: text past this could never be
    // seen, and a label may be a whole file's worth of text (a stray quote).
    const SHOWN: usize = 2000;
    let text = match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for (piece, spaced) in pieces(text, width, size, bold) {
        let candidate = match (current.is_empty(), spaced) {
            (true, _) => piece.to_string(),
            (false, true) => format!("{current} {piece}"),
            (false, false) => format!("{current}{piece}"),
        };
        if current.is_empty() || text_width(&candidate, size, bold) <= width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = piece.to_string();
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        // Pieces of a word broken at a slash join back without a space.
        let rest = lines
            .split_off(max_lines - 1)
            .iter()
            .fold(String::new(), |mut rest, line| {
                if !rest.is_empty() && !rest.ends_with('/') {
                    rest.push(' ');
                }
                rest.push_str(line);
                rest
            });
        lines.push(rest);
    }
    if let Some(last) = lines.last_mut() {
        if text_width(last, size, bold) > width {
            // The longest prefix that fits with the ellipsis, found by
            // halving: measuring every prefix would take time (and cache
            // entries) quadratic in the line's length.
            let chars: Vec<char> = last.chars().collect();
            let with_ellipsis = |n: usize| format!("{}\u{2026}", chars[..n].iter().collect::<String>());
            let (mut fits, mut over) = (0, chars.len());
            while over - fits > 1 {
                let mid = (fits + over) / 2;
                if text_width(&with_ellipsis(mid), size, bold) > width {
                    over = mid;
                } else {
                    fits = mid;
                }
            }
            *last = format!("{}\u{2026}", chars[..fits].iter().collect::<String>().trim_end());
        }
    }
    lines
}

/// The pieces wrapping may break between, each with whether a space comes
/// before it: the words, and the words wider than `width` cut after each
/// slash (the slash stays on the first line, as "and/or" is read).
fn pieces(text: &str, width: f64, size: f64, bold: bool) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        if !word.contains('/') || text_width(word, size, bold) <= width {
            out.push((word, true));
            continue;
        }
        let mut spaced = true;
        let mut rest = word;
        while let Some(at) = rest.find('/') {
            let (head, tail) = rest.split_at(at + 1);
            if tail.is_empty() {
                break;
            }
            out.push((head, spaced));
            spaced = false;
            rest = tail;
        }
        out.push((rest, spaced));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    /// Every character of `text` but its spaces, in order: what a reader
    /// of the wrapped lines gets back when none was cut.
    fn letters(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn a_long_label_wraps_at_words_and_slashes_instead_of_being_cut() {
        let label = "Software engineers/DevOps personnel who deploy models";
        // 12.5 px type into a 90 px column: "engineers/DevOps" alone is wider.
        let lines = wrap(label, 90.0, 12.5, false, 6);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| !l.contains('\u{2026}')), "{lines:?}");
        assert_eq!(letters(&lines.concat()), letters(label));
        assert!(lines.iter().any(|l| l.ends_with("engineers/")), "{lines:?}");
    }

    #[test]
    fn text_past_the_last_line_still_ends_in_an_ellipsis() {
        let lines = wrap("one two three four five six seven eight nine ten", 40.0, 12.5, false, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('\u{2026}'), "{lines:?}");
    }
}
