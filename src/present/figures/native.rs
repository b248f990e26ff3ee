//! Native output of figures: PNG files, drawn by the same code as the canvas
//! in the browser (SVG, which needs no font file, is in `export`).

use std::path::Path;
use std::sync::Once;

use plotters::prelude::*;
use plotters::style::FontStyle;

use super::{draw_figure, figure_height, Figure, Theme};
use crate::base::error::{Error, ErrorKind, Result};

static FONTS: Once = Once::new();

/// Registers the embedded DejaVu Sans faces as "sans-serif", so PNG text
/// and text measurement work without any system font library.
pub(super) fn ensure_fonts() {
    FONTS.call_once(|| {
        const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
        const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
        // These are valid fonts shipped in the repository; a failure would
        // only make text measurement fall back to estimates.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font("sans-serif", FontStyle::Bold, BOLD);
    });
}

fn draw_error(e: impl std::fmt::Display, fig: &Figure) -> Error {
    Error::new(ErrorKind::Draw, format!("figure {:?}: {e}", fig.id))
}

/// Writes the figure as a PNG, `width` CSS pixels wide at `scale` device
/// pixels per CSS pixel (text is drawn at that scale, not upscaled).
pub fn render_png(fig: &Figure, width: u32, scale: f64, path: &Path) -> Result<()> {
    let theme = Theme::file(scale, false);
    let w = (width as f64 * scale).round() as u32;
    let height = figure_height(fig, w, &theme);
    let area = BitMapBackend::new(path, (w, height)).into_drawing_area();
    draw_figure(&area, fig, &theme).map_err(|e| draw_error(e, fig))?;
    Ok(())
}
