//! Layer 4, reporting: the report's plain output types ([`types`]), how
//! counts become them (a question, the geography, the maturity groups, the
//! markers), and how its options rank ([`ranking`]).

pub mod compare;
pub mod geography;
pub mod markers;
pub mod maturity;
pub mod nps;
pub mod question;
pub mod ranking;
pub mod types;
