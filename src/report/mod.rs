//! Layer 4, reporting: the report's plain output types ([`types`]) and how
//! counts become them (a question, the geography, the maturity groups, the
//! markers).

pub mod geography;
pub mod markers;
pub mod maturity;
pub mod question;
pub mod types;
