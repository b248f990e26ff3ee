//! Layer 3, counting: each question's answers tallied over a [`Selection`]
//! of respondents with optional [`Weights`] ([`engine::count`]), and every
//! cell of the file accounted for ([`accounting::account`]).

pub mod accounting;
pub mod engine;
pub mod selection;
pub mod weights;

pub use engine::{count, Base, GroupCounts, Grouping, ItemCounts, QuestionCounts, Tally};
pub use selection::{select, Condition, Selection};
pub use weights::Weights;
