//! Layer 2, inferring: what the columns hold (questions, their kind and
//! options), and the preset's questions and countries they are matched to.

pub mod geo;
pub mod mapping;
pub mod markers;
pub mod matching;
pub mod preset;
pub mod resolve;
pub mod schema;
pub mod values;
