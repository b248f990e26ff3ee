//! The drawing functions (feature `web-draw`: in the page's module, and
//! alone in the embed's `pkg/draw/`): figures drawn into a canvas, their
//! table and alt text, checked; and, for the report page only (feature
//! `web-export`, not in the embed's module), where a point of one falls,
//! exported as SVG or CSV, and edited.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::{js_error, to_js};
use crate::figures::embed_figure;
use crate::{
    alt_text, check_figure, draw_figure, figure_height as height, figure_table, set_text_measure, Figure, Theme,
};
#[cfg(feature = "web-export")]
use crate::{apply_edits, bar_rect, figure_csv, hit_test, render_svg_themed, BarRect, FigureEdits};

/// Installs a `measureText`-based text measurer, so figures are laid out
/// with the widths the canvas draws (a worker has no document: it skips this).
pub(super) fn measure_text_in_canvas() {
    if let Some(ctx) = measuring_context() {
        set_text_measure(Box::new(move |text: &str, size: f64, bold: bool| {
            // The same font string plotters-canvas sets when it draws text.
            ctx.set_font(&format!("{} {size}px sans-serif", if bold { "bold" } else { "normal" }));
            ctx.measure_text(text)
                .map(|m| m.width())
                .unwrap_or(text.chars().count() as f64 * size * 0.55)
        }));
    }
}

/// A detached canvas's 2D context, used only to measure text.
fn measuring_context() -> Option<CanvasRenderingContext2d> {
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

fn figure(value: JsValue) -> Result<Figure, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("not a figure: {e}")))
}

/// Sizes a canvas for a figure at `css_width` CSS pixels (backing store =
/// CSS size x `scale`) and draws it: one call, one conversion of the figure.
/// Returns the height in CSS pixels.
#[wasm_bindgen(js_name = drawFit)]
pub fn draw_fit(
    canvas: HtmlCanvasElement,
    fig: JsValue,
    css_width: u32,
    scale: f64,
    dark: bool,
) -> Result<f64, JsError> {
    let fig = figure(fig)?;
    let theme = Theme::canvas(scale, dark);
    let width = (css_width as f64 * scale).round() as u32;
    let h = height(&fig, width, &theme);
    canvas.set_width(width);
    canvas.set_height(h);
    let backend =
        CanvasBackend::with_canvas_object(canvas).ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
    let area = backend.into_drawing_area();
    draw_figure(&area, &fig, &theme).map_err(|e| JsError::new(&format!("figure {:?}: {e}", fig.id)))?;
    Ok(h as f64 / scale)
}

/// What point (`x`, `y`) of figure `fig` drawn `css_width` CSS pixels wide
/// falls on: `{row, series}` (series null on a row's label), or null off
/// the rows. All in CSS pixels; `scale` is the device pixel ratio it was
/// drawn at (1 when not given), so the layout is the drawing's own.
#[cfg(feature = "web-export")]
#[wasm_bindgen(js_name = hitTest)]
pub fn hit_test_js(fig: JsValue, css_width: u32, x: f64, y: f64, scale: Option<f64>) -> Result<JsValue, JsError> {
    let scale = scale.unwrap_or(1.0);
    let theme = Theme::canvas(scale, false);
    let width = (css_width as f64 * scale).round() as u32;
    match hit_test(&figure(fig)?, width, x * scale, y * scale, &theme) {
        Some(hit) => to_js(&hit),
        None => Ok(JsValue::NULL),
    }
}

/// The rectangle `{x, y, width, height}` in CSS pixels of the bar of `row`
/// and `series` of figure `fig` drawn `css_width` CSS pixels wide at
/// `scale`, or null when it has no such bar: where to click it.
#[cfg(feature = "web-export")]
#[wasm_bindgen(js_name = barRect)]
pub fn bar_rect_js(
    fig: JsValue,
    css_width: u32,
    row: usize,
    series: usize,
    scale: Option<f64>,
) -> Result<JsValue, JsError> {
    let scale = scale.unwrap_or(1.0);
    let theme = Theme::canvas(scale, false);
    let width = (css_width as f64 * scale).round() as u32;
    match bar_rect(&figure(fig)?, width, row, series, &theme) {
        Some(r) => to_js(&BarRect {
            x: r.x / scale,
            y: r.y / scale,
            width: r.width / scale,
            height: r.height / scale,
        }),
        None => Ok(JsValue::NULL),
    }
}

/// The height in CSS pixels the figure is drawn at `css_width` CSS pixels
/// (what `drawFit` returns, without drawing): the embed code sizes its frame by it.
#[wasm_bindgen(js_name = figureHeight)]
pub fn figure_height_js(fig: JsValue, css_width: u32) -> Result<f64, JsError> {
    Ok(height(&figure(fig)?, css_width, &Theme::canvas(1.0, false)) as f64)
}

/// The figure from an embed link as the embed shows it (`embed_figure`).
#[wasm_bindgen(js_name = embedFigure)]
pub fn embed_figure_js(fig: JsValue) -> Result<JsValue, JsError> {
    to_js(&embed_figure(figure(fig)?))
}

/// The figure as an SVG document `width` CSS pixels wide, drawn by the same
/// code as the canvas: `render_svg_themed`, which makes every SVG well-formed
/// XML (markup escaped, characters XML forbids replaced).
#[cfg(feature = "web-export")]
#[wasm_bindgen(js_name = figureSvg)]
pub fn figure_svg(fig: JsValue, width: u32, dark: bool) -> Result<String, JsValue> {
    let fig = figure(fig)?;
    render_svg_themed(&fig, width, dark).map_err(js_error)
}

/// The figure's aggregated numbers as a CSV file, formula-like cells
/// escaped, byte-order mark first: download it as it is.
#[cfg(feature = "web-export")]
#[wasm_bindgen(js_name = figureCsv)]
pub fn figure_csv_js(fig: JsValue) -> Result<String, JsError> {
    Ok(figure_csv(&figure(fig)?))
}

/// The figure's table (header row first), the rows of its CSV.
#[wasm_bindgen(js_name = figureTable)]
pub fn figure_table_js(fig: JsValue) -> Result<JsValue, JsError> {
    to_js(&figure_table(&figure(fig)?))
}

/// A text alternative read from the figure's numbers.
#[wasm_bindgen(js_name = figureAlt)]
pub fn figure_alt(fig: JsValue) -> Result<String, JsError> {
    Ok(alt_text(&figure(fig)?))
}

/// Checks a figure that came from outside (an embed link): throws a message
/// saying what is wrong, so a crafted link is refused before drawing.
#[wasm_bindgen(js_name = checkFigure)]
pub fn check_figure_js(fig: JsValue) -> Result<(), JsValue> {
    check_figure(&figure(fig)?).map_err(js_error)
}

/// The figure with a person's edits (`FigureEdits`: title, hidden, renamed
/// and merged options, order, ...) made; throws naming a label the figure
/// does not have or an edit it cannot take.
#[cfg(feature = "web-export")]
#[wasm_bindgen(js_name = applyEdits)]
pub fn apply_edits_js(fig: JsValue, edits: JsValue) -> Result<JsValue, JsValue> {
    let edits: FigureEdits =
        serde_wasm_bindgen::from_value(edits).map_err(|e| JsError::new(&format!("these edits cannot be read: {e}")))?;
    Ok(to_js(&apply_edits(&figure(fig)?, &edits).map_err(js_error)?)?)
}
