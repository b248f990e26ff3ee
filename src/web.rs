//! Everything JavaScript sees: conversions between JS values and the core's
//! types, errors as `JsError`, and drawing into a given canvas. No logic.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::{
    analyze as analyze_bytes, build_figures, draw_figure, figure_height as height, set_text_measure, Figure, Preset,
    Report, Theme,
};

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
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

#[derive(Serialize)]
struct Output<'a> {
    report: &'a Report,
    figures: Vec<Figure>,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Maps become plain objects, so JavaScript reads them with dot access.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("internal: could not hand the report to the page: {e}")))
}

fn figure(value: JsValue) -> Result<Figure, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("not a figure: {e}")))
}

/// Reads a CSV and returns `{report, figures}`.
#[wasm_bindgen]
pub fn analyze(bytes: &[u8]) -> Result<JsValue, JsError> {
    let preset = Preset::state_of_ml_2020();
    let report = analyze_bytes(bytes, &preset).map_err(|e| JsError::new(e.message()))?;
    let figures = build_figures(&report);
    to_js(&Output {
        report: &report,
        figures,
    })
}

/// The height in device pixels a figure needs at `width` device pixels.
#[wasm_bindgen(js_name = figureHeight)]
pub fn figure_height(fig: JsValue, width: u32, scale: f64, dark: bool) -> Result<u32, JsError> {
    Ok(height(&figure(fig)?, width, &Theme::canvas(scale, dark)))
}

/// Draws a figure into a canvas whose backing store the page has sized.
#[wasm_bindgen]
pub fn draw(canvas: HtmlCanvasElement, fig: JsValue, scale: f64, dark: bool) -> Result<(), JsError> {
    let fig = figure(fig)?;
    let backend =
        CanvasBackend::with_canvas_object(canvas).ok_or_else(|| JsError::new("the canvas has no 2D context"))?;
    let area = backend.into_drawing_area();
    draw_figure(&area, &fig, &Theme::canvas(scale, dark))
        .map_err(|e| JsError::new(&format!("figure {:?}: {e}", fig.id)))
}
