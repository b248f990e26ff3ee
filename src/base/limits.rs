//! Every limit on what a file may be, in one place. Each is enforced where
//! the input is read (`read::feeder`, `read::rows`, `read::container`,
//! `read::table`; a split's table in `figures::SplitCounts::new`) with a
//! message that
//! names the limit, where it was passed (row, column, byte) and what to do;
//! README "Limits and guarantees" lists them.
//!
//! They keep memory and time bounded for any input, however hostile: the
//! page keeps a file's rows in memory (as codes, see `table`), so what must
//! be bounded is what a few bytes can make it hold.

/// Bytes a file may hold, and bytes a zip or gzip may unpack to: 1 GiB. A
/// 1 GB export (the largest survey exports are tens of MB) is read; past
/// this the file is refused as soon as the limit is passed, before its rest
/// is read.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Columns (fields in one row): Excel's own sheet limit, 16,384. A header
/// wider than this fails at once (a million-column header is refused after
/// its first 16,385 fields, with nothing allocated per column); a data row
/// wider than this is wider than the header too, and is set aside as ragged.
pub const MAX_COLUMNS: usize = 16_384;

/// Bytes of one field: 1 MiB, hundreds of pages of text. A row holding a
/// longer field is set aside (naming the row and the column), and the rest
/// of the file is read; a header holding one is refused.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// Bytes of the header row (all its names together): 1 MiB, twenty times
/// the widest real export's (Kaggle 2020's question row, 50 KB). Each name
/// is held with its question, its report and its figure, so a header of
/// 16,384 names of 500 characters (8 MB) asked for ten times that; a longer
/// header is refused as soon as it is read.
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// Bytes of one row: 16 MiB. The parser's buffer for a row never grows past
/// this; a longer row is read on to its end without being kept, and set
/// aside. (A never-closed quote makes the rest of the file one row: it is
/// set aside the same way, with a notice naming the line the quote opened.)
pub const MAX_ROW_BYTES: usize = 16 << 20;

/// Cells kept (rows used times columns): 100 million, at most 200 MB of
/// 16-bit codes. Rows shorter than the header are padded with blanks, so
/// without this a small file of one-field rows under a wide header could
/// ask for gigabytes; past it the file is refused, naming the row.
pub const MAX_CELLS: u64 = 100_000_000;

/// Options of the question a split is drawn by (its groups): 300. A split
/// shows at most six groups (the smaller ones merged), so a question with
/// more options than this is not a grouping but free text read as single
/// choice; without this a crafted view link could split a 25,000-answer
/// column by another and ask for a 25,000 × 25,000 table. Past it the split
/// is refused with a message naming both questions, and the rest of the
/// report stands.
pub const MAX_SPLIT_BY_OPTIONS: usize = 300;

/// Cells of one split's table (groups × the split question's options, plus
/// its free-text bucket): 1 million, 8 MB of counts. A split by a question
/// within `MAX_SPLIT_BY_OPTIONS` can still pass it when the question split has
/// tens of thousands of options; it is refused the same way.
pub const MAX_SPLIT_CELLS: usize = 1_000_000;
