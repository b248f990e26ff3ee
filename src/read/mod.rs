//! Layer 1, reading: bytes (plain, zipped, gzipped, in any common encoding)
//! to a table of coded cells and the header's layout. Knows nothing of
//! questions.

pub mod container;
pub mod decode;
pub mod ingest;
pub mod layout;
pub mod table;
