//! Integration tests, one crate so they compile once (see ARCHITECTURE.md).

mod analysis;
mod bad;
mod claims;
mod cli;
mod compare;
mod edit;
mod engine;
mod export;
mod figures;
mod hostile;
mod interrogate;
mod layers;
mod layouts;
mod names;
mod presets;
mod props;
mod publish;
mod realdata;
mod reference;
mod sample;
mod shapes;

use survey_report::{analyze, Preset, Report};

/// Analyses CSV text with the State of ML 2020 preset.
pub fn report(csv: &str) -> Report {
    analyze(csv.as_bytes(), &Preset::state_of_ml_2020()).unwrap_or_else(|e| panic!("analysis failed: {e}"))
}

/// The committed synthetic sample, as the page loads it.
pub const SAMPLE: &str = include_str!("../../www/state-of-ml-2020-synthetic.csv");
