//! Everything JavaScript sees: conversions between JS values and the core's
//! types, errors as JS `Error`s carrying their kind and place, and drawing
//! into a given canvas. No logic.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use std::collections::{BTreeMap, HashSet};

use serde::de::{self, Visitor};

use crate::figures::{embed_figure, question_figure_id};
use crate::read::container::{archive_kind, Archive};
use crate::{
    alt_text, apply_edits, bar_rect, build_figures, check_figure, draw_figure, every_figure, figure_csv,
    figure_height as height, figure_table, hit_test, render_svg_themed, set_text_measure, Analysis, BarRect, Error,
    Feeder, Figure, FigureEdits, Kind, Overrides, Preset, Report, Session, Theme, UnpackCheck, ZipDirectory, ZipEntry,
    DEFLATED, MAX_INPUT_BYTES, ZIP_TAIL_BYTES,
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
    /// The paper's figures, in page order.
    figures: Vec<Figure>,
    /// One figure per question of the file.
    every: Vec<Figure>,
    /// Rows set aside, every reason together (`RowAccounting::set_aside_total`).
    rows_set_aside: u64,
    /// Question id -> the id of its figure in `every`, for each question that has one.
    question_figures: BTreeMap<String, String>,
}

/// An error as JavaScript receives it: an `Error` with the core's message,
/// and its kind (`"malformed"`, `"too_large"`, ...) and place (`row`,
/// `column`, `byte`; null where not known) as properties, so the page can
/// use them without reading the prose.
fn js_error(e: Error) -> JsValue {
    let error: JsValue = JsError::new(e.message()).into();
    let number = |n: Option<f64>| n.map_or(JsValue::NULL, JsValue::from_f64);
    let fields = [
        ("kind", serde_wasm_bindgen::to_value(&e.kind()).unwrap_or(JsValue::NULL)),
        ("row", number(e.row().map(|r| r as f64))),
        ("column", number(e.column().map(|c| c as f64))),
        ("byte", number(e.byte().map(|b| b as f64))),
    ];
    for (key, value) in fields {
        // Setting a property of a fresh Error cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    }
    error
}

/// The names serde gives the variants of enum `T`, in declaration order:
/// its derived `Deserialize` hands them to `deserialize_enum`, where this
/// reads them, so the page's list can never differ from what is accepted.
fn variant_names<T: de::DeserializeOwned>() -> &'static [&'static str] {
    struct Names(&'static [&'static str]);
    const ONLY_NAMES: &str = "only the variant names are read";
    impl<'de> de::Deserializer<'de> for &mut Names {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom(ONLY_NAMES))
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = variants;
            Err(de::Error::custom(ONLY_NAMES))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
        }
    }
    let mut names = Names(&[]);
    // The error is the point: deserializing stops once the names are read.
    let _ = T::deserialize(&mut names);
    names.0
}

/// The kinds a question can be read as (`"single"`, `"multi"`, ...), in the
/// order the page lists them: the names of `Kind` in reports and corrections.
#[wasm_bindgen]
pub fn kinds() -> Vec<String> {
    variant_names::<Kind>().iter().map(|k| k.to_string()).collect()
}

/// Which archive a file's first bytes say it is (`"zip"` or `"gzip"`), or
/// undefined: the reader's own test (`archive_kind`), so the worker unpacks
/// exactly what the command line unpacks.
#[wasm_bindgen(js_name = archiveKind)]
pub fn archive_kind_js(head: &[u8]) -> Option<String> {
    archive_kind(head).map(|a| {
        match a {
            Archive::Zip => "zip",
            Archive::Gzip => "gzip",
        }
        .to_string()
    })
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

/// Figures with their alt text, made here in one go: asking for it later
/// would hand each figure back across the boundary (35 ms for the sample).
fn with_alt(mut figures: Vec<Figure>) -> Vec<Figure> {
    for f in &mut figures {
        f.alt = Some(alt_text(f));
    }
    figures
}

/// Reads a file pushed in chunks (from `File.stream()` in a worker).
#[wasm_bindgen]
pub struct Loader {
    feeder: Option<Feeder>,
}

#[wasm_bindgen]
impl Loader {
    /// `size`: the file's size in bytes, so memory for its rows is reserved once.
    #[wasm_bindgen(constructor)]
    pub fn new(size: f64) -> Loader {
        let mut feeder = Feeder::new();
        feeder.set_size_hint(size as u64);
        Loader { feeder: Some(feeder) }
    }

    /// A loader for a gzip file the page unpacks with `DecompressionStream`:
    /// the unpacked bytes are counted against the limit.
    pub fn gzip() -> Loader {
        Loader {
            feeder: Some(Feeder::unpacked("gzip".to_string(), UnpackCheck::gzip(MAX_INPUT_BYTES))),
        }
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let feeder = self
            .feeder
            .as_mut()
            .ok_or_else(|| JsError::new("the file was already read"))?;
        feeder.push(chunk).map_err(js_error)
    }

    /// Rows read so far.
    pub fn rows(&self) -> f64 {
        self.feeder.as_ref().map_or(0.0, |f| f.progress().1 as f64)
    }

    /// Ends the file and returns its Workbench.
    pub fn finish(&mut self, name: &str) -> Result<Workbench, JsValue> {
        let feeder = self
            .feeder
            .take()
            .ok_or_else(|| JsError::new("the file was already read"))?;
        let mut session = Session::from_feeder(feeder).map_err(js_error)?;
        session.set_name(name);
        Ok(Workbench { session })
    }
}

/// A zip archive the worker reads by slices of the `File`: this reads its
/// records and says where the chosen file's data lies; the worker inflates
/// it with `DecompressionStream` into the [`Loader`] this gives.
#[wasm_bindgen]
pub struct ZipReader {
    directory: ZipDirectory,
    file_size: u64,
    entry: Option<ZipEntry>,
}

#[wasm_bindgen]
impl ZipReader {
    /// How many bytes to read from the end of the file for the constructor.
    #[wasm_bindgen(js_name = tailBytes)]
    pub fn tail_bytes() -> f64 {
        ZIP_TAIL_BYTES as f64
    }

    /// Reads the end records from `tail`, the last bytes of the file.
    #[wasm_bindgen(constructor)]
    pub fn new(tail: &[u8], file_size: f64) -> Result<ZipReader, JsValue> {
        let file_size = file_size as u64;
        let directory = ZipDirectory::find(tail, file_size).map_err(js_error)?;
        Ok(ZipReader {
            directory,
            file_size,
            entry: None,
        })
    }

    /// Where the central directory starts, and its length: read them next.
    #[wasm_bindgen(getter, js_name = directoryOffset)]
    pub fn directory_offset(&self) -> f64 {
        self.directory.offset as f64
    }

    #[wasm_bindgen(getter, js_name = directorySize)]
    pub fn directory_size(&self) -> f64 {
        self.directory.size as f64
    }

    /// Picks the file to read from the central directory's bytes.
    pub fn choose(&mut self, listing: &[u8]) -> Result<(), JsValue> {
        let entry = self.directory.choose(listing).map_err(js_error)?;
        self.entry = Some(entry);
        Ok(())
    }

    fn entry(&self) -> Result<&ZipEntry, JsError> {
        self.entry
            .as_ref()
            .ok_or_else(|| JsError::new("internal: no file of the zip archive was chosen"))
    }

    /// Where the chosen file's local header starts: read 30 bytes there.
    #[wasm_bindgen(getter, js_name = headerOffset)]
    pub fn header_offset(&self) -> Result<f64, JsError> {
        Ok(self.entry()?.header_offset as f64)
    }

    /// From the local header's bytes, where the compressed data starts.
    #[wasm_bindgen(js_name = dataOffset)]
    pub fn data_offset(&self, local: &[u8]) -> Result<f64, JsValue> {
        let entry = self.entry()?;
        let start = entry.data_offset(local).map_err(js_error)?;
        if start
            .checked_add(entry.compressed)
            .is_none_or(|end| end > self.file_size)
        {
            return Err(js_error(entry.cut_short()));
        }
        Ok(start as f64)
    }

    /// Bytes of compressed data.
    #[wasm_bindgen(getter)]
    pub fn compressed(&self) -> Result<f64, JsError> {
        Ok(self.entry()?.compressed as f64)
    }

    /// Deflated (inflate it) rather than stored (read it as it is).
    #[wasm_bindgen(getter)]
    pub fn deflated(&self) -> Result<bool, JsError> {
        Ok(self.entry()?.method == DEFLATED)
    }

    /// "zip: name", for messages about the unpacking.
    #[wasm_bindgen(getter)]
    pub fn container(&self) -> Result<String, JsError> {
        Ok(self.entry()?.container())
    }

    /// The loader for the unpacked bytes: they are counted against the
    /// limit, and their size and CRC-32 checked at the end.
    pub fn loader(&self) -> Result<Loader, JsError> {
        let entry = self.entry()?;
        Ok(Loader {
            feeder: Some(Feeder::unpacked(
                entry.container(),
                UnpackCheck::zip(entry, MAX_INPUT_BYTES),
            )),
        })
    }
}

/// A file read once; its report recomputed as the person corrects the reading.
#[wasm_bindgen]
pub struct Workbench {
    session: Session,
}

#[wasm_bindgen]
impl Workbench {
    /// Reads a CSV (or a zip/gzip holding one) with the preset that fits it best.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8], name: &str) -> Result<Workbench, JsValue> {
        let mut session = Session::open_best(bytes).map_err(js_error)?;
        session.set_name(name);
        Ok(Workbench { session })
    }

    /// `{report, figures, every}` for the current reading.
    pub fn report(&self) -> Result<JsValue, JsError> {
        let report = self.session.report();
        let figures = with_alt(build_figures(&report));
        let every = with_alt(every_figure(&report));
        let drawn: HashSet<&str> = every.iter().map(|f| f.id.as_str()).collect();
        let question_figures = report
            .questions
            .iter()
            .map(|q| (q.id.clone(), question_figure_id(&q.id)))
            .filter(|(_, figure)| drawn.contains(figure.as_str()))
            .collect();
        to_js(&Output {
            report: &report,
            rows_set_aside: report.rows.set_aside_total(),
            question_figures,
            figures,
            every,
        })
    }

    /// The person's corrections: `{kinds: {questionId: kind}, roles: {role: questionId|null}}`.
    pub fn overrides(&self) -> Result<JsValue, JsError> {
        to_js(self.session.overrides())
    }

    #[wasm_bindgen(js_name = setOverrides)]
    pub fn set_overrides(&mut self, value: JsValue) -> Result<(), JsError> {
        let o: Overrides = serde_wasm_bindgen::from_value(value)
            .map_err(|e| JsError::new(&format!("the saved corrections do not fit this file: {e}")))?;
        self.session.set_overrides(o);
        Ok(())
    }

    /// The filters and weights the report uses (`Analysis`): `{filters:
    /// [{question, options}], weighting: null | {method, column | targets, trim}}`.
    pub fn analysis(&self) -> Result<JsValue, JsError> {
        to_js(self.session.analysis())
    }

    /// Restricts and weights the report (`Session::set_analysis`): throws
    /// naming the question, option, column or target the file lacks, and
    /// then nothing changes. The file is not read again.
    #[wasm_bindgen(js_name = setAnalysis)]
    pub fn set_analysis(&mut self, value: JsValue) -> Result<(), JsValue> {
        let a: Analysis = serde_wasm_bindgen::from_value(value)
            .map_err(|e| JsError::new(&format!("these filters and weights cannot be read: {e}")))?;
        self.session.set_analysis(a).map_err(js_error)
    }

    /// The questions a person can rake on (single choice, and the
    /// continent), with this sample's shares: `[{id, header, options:
    /// [{label, count, share}]}]`.
    pub fn margins(&self) -> Result<JsValue, JsError> {
        to_js(&self.session.margins())
    }

    /// The figure of question `id` split by single-choice question `by`
    /// (grouped bars, or 100% stacked bars when `stacked`), or null; throws
    /// when the split's table would pass its limits.
    pub fn split(&self, id: &str, by: &str, stacked: bool) -> Result<JsValue, JsValue> {
        match self.session.split(id, by, stacked).map_err(js_error)? {
            Some(mut f) => {
                f.alt = Some(alt_text(&f));
                Ok(to_js(&f)?)
            }
            None => Ok(JsValue::NULL),
        }
    }

    /// The id of the preset in use.
    #[wasm_bindgen(js_name = presetId)]
    pub fn preset_id(&self) -> String {
        self.session.preset().id.clone()
    }

    /// `[{id, title}]` of every built-in preset.
    pub fn presets(&self) -> Result<JsValue, JsError> {
        let list: Vec<(String, String)> = Preset::all_built_in().into_iter().map(|p| (p.id, p.title)).collect();
        to_js(&list)
    }

    #[wasm_bindgen(js_name = setPreset)]
    pub fn set_preset(&mut self, id: &str) -> Result<(), JsValue> {
        let p = Preset::built_in(id).map_err(js_error)?;
        self.session.set_preset(p);
        Ok(())
    }
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
#[wasm_bindgen(js_name = figureSvg)]
pub fn figure_svg(fig: JsValue, width: u32, dark: bool) -> Result<String, JsValue> {
    let fig = figure(fig)?;
    render_svg_themed(&fig, width, dark).map_err(js_error)
}

/// The figure's aggregated numbers as a CSV file, formula-like cells
/// escaped, byte-order mark first: download it as it is.
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
#[wasm_bindgen(js_name = applyEdits)]
pub fn apply_edits_js(fig: JsValue, edits: JsValue) -> Result<JsValue, JsValue> {
    let edits: FigureEdits =
        serde_wasm_bindgen::from_value(edits).map_err(|e| JsError::new(&format!("these edits cannot be read: {e}")))?;
    Ok(to_js(&apply_edits(&figure(fig)?, &edits).map_err(js_error)?)?)
}
