//! survey-report: survey CSV exports in, the results section of "Who Needs
//! MLOps" (and a report on any survey) out. The core is pure: bytes in,
//! plain structs out; `web` is the only module that knows about JavaScript.

mod base;
mod count;
mod infer;
mod present;
mod read;
mod report;
mod session;
#[cfg(target_arch = "wasm32")]
mod web;

pub use present::{figures, sample};

pub use base::error::{Error, ErrorKind, Result};
pub use base::limits::{MAX_CELLS, MAX_COLUMNS, MAX_FIELD_BYTES, MAX_HEADER_BYTES, MAX_INPUT_BYTES, MAX_ROW_BYTES};
pub use base::stats::{
    benjamini_hochberg, pearson, rao_scott, rao_scott_subset, two_proportion, wilson_share, Independence, TestMethod,
};
pub use base::stats::{fisher_exact, wilson, Fisher, Z95};
pub use base::weighting::{effective_n, efficiency, rake, rake_and_trim, trim, Margin, Raked, Trimmed};
pub use count::{Base, GroupCounts, Grouping, ItemCounts, QuestionCounts, Selection, Tally, Weights};
pub use infer::geo::{all as all_countries, lookup as lookup_country, Continent, Country};
pub use infer::matching::{MultiSplitter, Split};
pub use infer::preset::Preset;
pub use infer::schema::Encoding;
pub use present::figures::edit::{apply as apply_edits, FigureEdits, GridStyle, Merge, Order};
#[cfg(not(target_arch = "wasm32"))]
pub use present::figures::render_png;
pub use present::figures::{
    alt_text, bar_rect, build as build_figures, check_figure, draw_figure, embed_figure, every as every_figure,
    figure_csv, figure_height, figure_limits, figure_table, file_stem as figure_file_stem, hit_test, render_svg,
    render_svg_themed, set_text_measure, split_figure, BarHit, BarRect, BarRow, BarValue, Bars, Body, Figure, Likert,
    LikertRow, Series, SplitCounts, TextMeasure, Theme, ValueLabels,
};
pub use read::container::{UnpackCheck, ZipDirectory, ZipEntry, DEFLATED, ZIP_TAIL_BYTES};
pub use read::ingest::{Feeder, InputInfo, Notice, RowAccounting, SetAside};
pub use read::layout::Layout;
pub use report::compare::{
    edition_name, ComparedOption, ComparedQuestion, Comparison, Edition, OptionPair, Pairing, QuestionPair, Share,
    Unmatched,
};
pub use report::types::{
    AnswerAccounting, AnswersSetAside, Crosstab, Geography, GroupReport, ItemReport, Kind, MaturityReport,
    MissingQuestion, NumberSummary, OptionCount, QuestionReport, Renamed, Report, RoleMapping, OTHER_FREE_TEXT,
};
pub use report::types::{
    ClaimResult, CrosstabWeights, FilterInfo, MarginInfo, MarginOption, Section, SelectionInfo, Verdict, WeightColumn,
    WeightSetAside, WeightedClaim, WeightsInfo,
};
pub use session::{
    analyze, looks_like_weight, Analysis, Compared, Counted, Filter, MarginChoice, MarginShare, Overrides, Session,
    SplitGroup, SplitOption, SplitReport, Weighting, CONTINENT,
};
