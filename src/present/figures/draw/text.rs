//! Text as layout measures it: widths from the host's measurer (the
//! canvas in the browser) or the embedded font, cached, and greedy word
//! wrap with an ellipsis.

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
/// ellipsis when the text does not fit.
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
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width(&candidate, size, bold) <= width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
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
