//! survey-report: survey CSV exports in, the results section of "Who Needs
//! MLOps" (and a report on any survey) out. The core is pure: bytes in,
//! plain structs out; `web` is the only module that knows about JavaScript.

mod analysis;
mod claims;
mod container;
mod decode;
mod error;
pub mod figures;
mod geo;
mod ingest;
mod layout;
mod limits;
mod matching;
mod preset;
pub mod sample;
mod schema;
mod stats;
mod table;
mod text;
mod values;
#[cfg(target_arch = "wasm32")]
mod web;

pub use analysis::{
    analyze, Crosstab, Geography, GroupReport, ItemReport, Kind, MaturityReport, MissingQuestion, NumberSummary,
    OptionCount, Overrides, QuestionReport, Report, RoleMapping, Session, OTHER_FREE_TEXT,
};
pub use claims::{ClaimResult, Verdict};
pub use container::{UnpackCheck, ZipDirectory, ZipEntry, DEFLATED, ZIP_TAIL_BYTES};
pub use error::{Error, ErrorKind, Result};
#[cfg(not(target_arch = "wasm32"))]
pub use figures::render_png;
pub use figures::{
    alt_text, build as build_figures, check_figure, draw_figure, every as every_figure, figure_csv, figure_height,
    figure_limits, figure_table, file_stem as figure_file_stem, render_svg, render_svg_themed, set_text_measure,
    split_figure, BarRow, BarValue, Bars, Body, Figure, Likert, LikertRow, Series, SplitCounts, TextMeasure, Theme,
};
pub use geo::{all as all_countries, lookup as lookup_country, Continent, Country};
pub use ingest::{Feeder, InputInfo, Notice, RowAccounting, SetAside};
pub use layout::Layout;
pub use limits::{MAX_CELLS, MAX_COLUMNS, MAX_FIELD_BYTES, MAX_HEADER_BYTES, MAX_INPUT_BYTES, MAX_ROW_BYTES};
pub use matching::{MultiSplitter, Split};
pub use preset::Preset;
pub use schema::Encoding;
pub use stats::{fisher_exact, wilson, Fisher, Z95};
pub use text::Section;
