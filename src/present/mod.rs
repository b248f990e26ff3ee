//! Layer 5, presenting: what is made from a report (the claims checked, the
//! paper's text, the figures) and the synthetic sample made from a preset.

pub mod changes;
pub mod claims;
pub mod figures;
pub mod sample;
pub mod text;
