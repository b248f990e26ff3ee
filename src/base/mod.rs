//! The base layer: what every layer may use and which uses nothing of the
//! crate above it (errors, limits, statistics, weighting, words, formatting).

pub mod error;
pub mod format;
pub mod limits;
pub mod stats;
pub mod weighting;
pub mod words;
