//! The reader's classes (feature `web-read`, in the page's module, used by
//! `www/worker.js`): a file pushed in chunks (`Loader`), a zip archive read
//! by slices (`ZipReader`), and the file read once (`Workbench`), which
//! hands its report to JavaScript.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use std::collections::{BTreeMap, HashSet};

use super::{js_error, to_js};
use crate::figures::question_figure_id;
use crate::read::container::{archive_kind, Archive};
use crate::{
    alt_text, build_figures, every_figure, Analysis, Feeder, Figure, Overrides, Pairing, Preset, Report, Session,
    UnpackCheck, ZipDirectory, ZipEntry, DEFLATED, MAX_INPUT_BYTES, ZIP_TAIL_BYTES,
};

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

    /// This file (edition A, under its filters and weights, translated to
    /// B) compared with `other` (edition B): `{comparison, figures}`, the
    /// figures with their alt text. `pairing` corrects the automatic
    /// pairing: `{names, pairs: [{a, b}], unpaired: [id], options:
    /// [{question, a, b}]}` (each field optional); a pair or filter that
    /// does not fit throws, naming it.
    pub fn compare(&self, other: &Workbench, pairing: JsValue) -> Result<JsValue, JsValue> {
        let pairing: Pairing = if pairing.is_undefined() || pairing.is_null() {
            Pairing::default()
        } else {
            serde_wasm_bindgen::from_value(pairing)
                .map_err(|e| JsError::new(&format!("this pairing of questions cannot be read: {e}")))?
        };
        let mut compared = self.session.compare(&other.session, &pairing).map_err(js_error)?;
        compared.figures = with_alt(compared.figures);
        Ok(to_js(&compared)?)
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
