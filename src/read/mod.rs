//! Layer 1, reading: bytes (plain, zipped, gzipped, in any common encoding)
//! to a table of coded cells and the header's layout. Knows nothing of
//! questions. `ingest` is the front; the rest, lowest first:
//!
//! - `decode`, `layout`, `table`: text decoders, header layouts, the table of codes;
//! - `container`: zip and gzip, told by their first bytes and unpacked within limits;
//! - `sniff`: whether the bytes are text, their encoding and delimiter;
//! - `quotes`: where a quote never closed opened;
//! - `header`: the header rows and the column names;
//! - `rows`: every record kept or set aside, and what reading produced;
//! - `split`: text to records of fields, plain ones in place, the rest by csv-core;
//! - `platform`: what the page does differently (it unpacks archives itself);
//! - `feeder`: the chunks pushed in, decoded and parsed.

pub mod container;
pub mod decode;
pub mod feeder;
pub mod header;
pub mod ingest;
pub mod layout;
pub mod platform;
pub mod quotes;
pub mod rows;
pub mod sniff;
pub mod split;
pub mod table;
