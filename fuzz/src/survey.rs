//! A survey-shaped CSV built from the fuzzer's bytes: the header layouts of
//! the exporters (one row; SurveyMonkey's two; Qualtrics' three with import
//! ids; Kaggle's codes and questions), joined and one-column-per-option
//! multi-selects, rating grids, numbers, dates, missing markers, free text,
//! and the damage real files carry (Unicode padding, control characters,
//! duplicate and empty headers, ragged rows, an unterminated quote, odd line
//! endings, a BOM or UTF-16LE).
//!
//! Every choice reads one byte of the input; when the input runs out, the
//! choices come from a pseudo-random sequence seeded by the input, so a
//! short input can still describe thousands of rows and the output stays a
//! function of the input. Output is kept under `MAX_BYTES`.

use libfuzzer_sys::arbitrary::Unstructured;

/// About the most bytes a generated file has (UTF-16 counted), so runs stay fast.
pub const MAX_BYTES: usize = 900_000;

/// A generated file and the seed `drive` picks its chunk sizes by.
pub struct Generated {
    pub seed: u8,
    pub file: Vec<u8>,
}

/// Builds a survey-shaped CSV from `data`.
pub fn generate(data: &[u8]) -> Generated {
    let mut g = Choices::new(data);
    let seed = g.byte();
    let file = Survey::describe(&mut g).write(&mut g);
    Generated { seed, file }
}

/// Bytes of the input, then a xorshift sequence seeded by them.
struct Choices<'a> {
    input: Unstructured<'a>,
    state: u64,
}

impl<'a> Choices<'a> {
    fn new(data: &'a [u8]) -> Choices<'a> {
        // FNV-1a of the input: a different continuation for every input.
        let state = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
        Choices {
            input: Unstructured::new(data),
            state: state | 1,
        }
    }

    fn byte(&mut self) -> u8 {
        if let Ok(b) = self.input.arbitrary::<u8>() {
            if !self.input.is_empty() || b != 0 {
                return b;
            }
        }
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state >> 24) as u8
    }

    /// A number in `0..n` (`n` at most 65,536).
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let v = if n <= 256 {
            self.byte() as usize
        } else {
            (self.byte() as usize) << 8 | self.byte() as usize
        };
        v % n
    }

    /// True `num` times in 256.
    fn chance(&mut self, num: u8) -> bool {
        self.byte() < num
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// A size: mostly small, sometimes medium, now and then up to `large`.
    fn size(&mut self, small: usize, medium: usize, large: usize) -> usize {
        match self.byte() {
            0..=199 => self.below(small + 1),
            200..=244 => self.below(medium + 1),
            _ => self.below(large + 1),
        }
    }
}

const QUESTIONS: &[&str] = &[
    "What is your role in your team?",
    "What kind of data are you working with?",
    "How relevant are the following obstacles for you?",
    "In which country do you work?",
    "Is there anything else you would like to tell us?",
    "How many years have you used R?",
    "Annual tool budget (USD)",
    "What is your age?",
    "Which languages do you use? (Select all that apply)",
    "Hours per week",
    "When did you start?",
    "Which industry do you work in?",
    "Share of time spent cleaning data",
    "How satisfied are you with: tools, data, people?",
    "Q",
    "",
    "Timestamp",
    "Respondent ID",
    "Gender",
    "Wie zufrieden sind Sie?",
    "あなたの役割は何ですか？",
];

const OPTIONS: &[&str] = &[
    "Relational data",
    "Time series data",
    "Images",
    "Text",
    "Other (please specify)",
    "Other",
    "Cloud (AWS, GCP, Azure)",
    "Spreadsheets (Excel, Google Sheets)",
    "Python",
    "R",
    "SQL",
    "C/C++",
    "Lidar scans",
    "None",
    "Data scientist",
    "Manager",
    "Both models and infrastructure",
    "Prefer not to say",
    "Yes",
    "No",
    "Finland",
    "USA",
    "España",
    "Köln",
    "日本",
    "Scikit-learn, TensorFlow or PyTorch",
    "A; B",
    "x",
];

const SCALES: &[&[&str]] = &[
    &[
        "Not relevant",
        "Slightly relevant",
        "Moderately relevant",
        "Very relevant",
        "Extremely relevant",
    ],
    &[
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ],
    &["1", "2", "3", "4", "5"],
    &["1 - Very poor", "2", "3", "4", "5 - Excellent"],
    &["Never", "Rarely", "Sometimes", "Often", "Always"],
    &["Yes", "No"],
];

const ITEMS: &[&str] = &[
    "Lack of data",
    "Messiness of data",
    "Accessibility of data",
    "Tooling",
    "Budget, staff",
    "Time [hours]",
    "",
];

const NUMBERS: &[&str] = &[
    "3",
    "34.0",
    "3,5",
    "1,250",
    "12.500",
    "1 250",
    "1\u{a0}250",
    "1,234.56",
    "1.234,56",
    "3 years",
    "50%",
    "$1,200",
    "12 h",
    "€ 40",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e308",
    "1e999",
    "-0",
    "0x1F",
    "00012",
    "99999999999999999999999",
    "-",
    "1-5",
    "11-20",
    "10+",
    "<1",
    "two",
];

const MISSING: &[&str] = &[
    "NA", "nan", "-", "N/A", "n/a", "", "None", "null", "#N/A", " ", "NaN", ".",
];

const DATES: &[&str] = &[
    "3/5/2024 10:12:01",
    "2021-03-04 09:02:13",
    "05.03.2024 08:38",
    "03/05/2024 10:12:01 AM",
    "2024-03-05T10:12:01Z",
    "2024-03-05T10:12:01.123+02:00",
    "2024-02-30",
    "31/12/1999",
    "45356.4",
    "1709633521",
    "12:00",
];

const WORDS: &[&str] = &[
    "Great survey, thanks!",
    "We call it \"data debt\".",
    "line one\nline two",
    "a\r\nb",
    "tab\there",
    "semi;colon",
    "pipe|here",
    "\"",
    "\"\"",
    "'quoted'",
    "emoji 🎉",
    "=SUM(A1:A2)",
    "Other: Lidar",
    "",
];

/// Unicode space a cell may be padded with.
const PADDING: &[char] = &[
    ' ', '\u{a0}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}',
    '\u{2008}', '\u{2009}', '\u{200a}', '\u{3000}', '\u{feff}', '\t',
];

const CONTROLS: &[char] = &[
    '\u{1}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\0',
];

#[derive(Clone, Copy, PartialEq)]
enum Layout {
    OneRow,
    SurveyMonkey,
    Qualtrics,
    Kaggle,
}

#[derive(Clone, Copy)]
enum Ending {
    Lf,
    CrLf,
    Cr,
    Mixed,
}

#[derive(Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16LeNoBom,
}

/// What a column's cells hold.
#[derive(Clone)]
enum Cells {
    Single(Vec<&'static str>),
    /// Several options in one cell, joined by `joiner`.
    Joined {
        options: Vec<&'static str>,
        joiner: &'static str,
    },
    /// One column of a one-column-per-option multi-select: the option or blank.
    Chosen(&'static str),
    Grid(&'static [&'static str]),
    Number,
    Date,
    Free,
}

/// One column, with what each layout writes in its header rows.
struct Column {
    /// Row 1 of Qualtrics and Kaggle: `Q3_2`, `Q2_Part_1`, `Q2_OTHER_TEXT`.
    code: String,
    /// The question, written once on SurveyMonkey's first row of a group.
    question: &'static str,
    /// The part after the question: an item, an option, or nothing.
    part: String,
    /// The first column of its question.
    first: bool,
    cells: Cells,
}

struct Survey {
    layout: Layout,
    delimiter: u8,
    ending: Ending,
    encoding: Encoding,
    columns: Vec<Column>,
    rows: usize,
    /// How often a cell is missing, padded, or damaged (in 256).
    missing: u8,
    padded: u8,
    damaged: u8,
    ragged: u8,
    /// The row whose last cell opens a quote that never closes.
    unterminated: Option<usize>,
    end_last: bool,
}

impl Survey {
    fn describe(g: &mut Choices) -> Survey {
        let layout = g.pick(&[Layout::OneRow, Layout::SurveyMonkey, Layout::Qualtrics, Layout::Kaggle]);
        let width = 1 + g.size(12, 60, 400);
        let mut columns: Vec<Column> = Vec::new();
        let mut q = 0;
        while columns.len() < width {
            q += 1;
            let question = g.pick(QUESTIONS);
            let kind = g.below(7);
            let start = columns.len();
            let mut push = |code: String, part: String, cells: Cells| {
                columns.push(Column {
                    code,
                    question,
                    part,
                    first: false,
                    cells,
                })
            };
            match kind {
                0 => {
                    let n = 1 + g.below(8);
                    let options = (0..n).map(|_| g.pick(OPTIONS)).collect();
                    push(format!("Q{q}"), String::new(), Cells::Single(options));
                }
                1 => {
                    let n = 1 + g.below(10);
                    let options = (0..n).map(|_| g.pick(OPTIONS)).collect();
                    let joiner = g.pick(&[",", ";", ", ", ";", " ,", "|"]);
                    push(
                        format!("Q{q}"),
                        "Selected Choice".into(),
                        Cells::Joined { options, joiner },
                    );
                    if g.chance(96) {
                        push(format!("Q{q}_OTHER_TEXT"), "Other - Text".into(), Cells::Free);
                    }
                }
                2 => {
                    let n = 1 + g.size(6, 30, 120);
                    for i in 1..=n {
                        let option = g.pick(OPTIONS);
                        push(
                            format!("Q{q}_Part_{i}"),
                            format!("Selected Choice - {option}"),
                            Cells::Chosen(option),
                        );
                    }
                    if g.chance(128) {
                        push(
                            format!("Q{q}_OTHER"),
                            "Selected Choice - Other".into(),
                            Cells::Chosen("Other"),
                        );
                        push(format!("Q{q}_OTHER_TEXT"), "Other - Text".into(), Cells::Free);
                    }
                }
                3 => {
                    let scale = g.pick(SCALES);
                    let n = 1 + g.size(5, 20, 80);
                    for i in 1..=n {
                        let item = g.pick(ITEMS);
                        push(format!("Q{q}_{i}"), item.to_string(), Cells::Grid(scale));
                    }
                }
                4 => push(format!("Q{q}"), String::new(), Cells::Number),
                5 => push(format!("Q{q}"), String::new(), Cells::Date),
                _ => push(format!("Q{q}_TEXT"), String::new(), Cells::Free),
            }
            columns[start].first = true;
        }
        let unterminated = g.chance(16);
        let rows = g.size(30, 400, 4000);
        Survey {
            layout,
            delimiter: g.pick(b",,;\t|"),
            ending: g.pick(&[
                Ending::Lf,
                Ending::CrLf,
                Ending::Cr,
                Ending::Mixed,
                Ending::Lf,
                Ending::CrLf,
            ]),
            encoding: g.pick(&[
                Encoding::Utf8,
                Encoding::Utf8,
                Encoding::Utf8Bom,
                Encoding::Utf16Le,
                Encoding::Utf16LeNoBom,
            ]),
            columns,
            rows,
            missing: g.byte() / 3,
            padded: g.byte() / 8,
            damaged: g.byte() / 32,
            ragged: g.byte() / 32,
            unterminated: unterminated.then(|| g.below(rows + 1)),
            end_last: g.chance(200),
        }
    }

    fn write(&self, g: &mut Choices) -> Vec<u8> {
        let mut out = Out {
            bytes: Vec::new(),
            delimiter: self.delimiter,
            ending: self.ending,
        };
        // UTF-16 doubles the bytes of ASCII text.
        let max_bytes = match self.encoding {
            Encoding::Utf16Le | Encoding::Utf16LeNoBom => MAX_BYTES / 2,
            Encoding::Utf8 | Encoding::Utf8Bom => MAX_BYTES,
        };
        let (header, respondent_columns) = self.header(g);
        for row in header {
            out.row(g, row.iter().map(String::as_str));
        }
        for r in 0..self.rows {
            if out.bytes.len() > max_bytes {
                break;
            }
            let mut cells: Vec<String> = (0..respondent_columns)
                .map(|i| (114_152_730_501u64 + (r * 17 + i) as u64).to_string())
                .collect();
            cells.extend(self.columns.iter().map(|c| self.cell(g, c)));
            if g.chance(self.ragged) {
                // Ragged: a field or two missing or extra.
                if g.chance(128) {
                    cells.truncate(cells.len().saturating_sub(1 + g.below(3)));
                } else {
                    cells.extend((0..1 + g.below(3)).map(|_| g.pick(OPTIONS).to_string()));
                }
            }
            if g.chance(4) {
                cells.clear(); // A blank line.
            }
            let last = r + 1 == self.rows || out.bytes.len() > max_bytes;
            if self.unterminated == Some(r) {
                out.row_open_quote(g, &cells);
                break;
            }
            if last && !self.end_last {
                out.fields(g, cells.iter().map(String::as_str));
            } else {
                out.row(g, cells.iter().map(String::as_str));
            }
        }
        match self.encoding {
            Encoding::Utf8 => out.bytes,
            Encoding::Utf8Bom => [&b"\xef\xbb\xbf"[..], &out.bytes].concat(),
            Encoding::Utf16Le | Encoding::Utf16LeNoBom => {
                let text = String::from_utf8_lossy(&out.bytes);
                let mut bytes = match self.encoding {
                    Encoding::Utf16Le => vec![0xff, 0xfe],
                    _ => Vec::new(),
                };
                bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                bytes
            }
        }
    }

    /// The header rows of the layout, with duplicate and empty names mixed
    /// in, and how many respondent columns (SurveyMonkey's) come first.
    fn header(&self, g: &mut Choices) -> (Vec<Vec<String>>, usize) {
        let full = |c: &Column, sep: &str| {
            if c.part.is_empty() {
                c.question.to_string()
            } else {
                format!("{}{sep}{}", c.question, c.part)
            }
        };
        let mut respondent_columns = 0;
        let mut rows: Vec<Vec<String>> = match self.layout {
            Layout::OneRow => {
                let sep = g.pick(&[" - ", " [", ": ", " - "]);
                vec![self
                    .columns
                    .iter()
                    .map(|c| {
                        let part = c
                            .part
                            .trim_start_matches("Selected Choice - ")
                            .trim_start_matches("Selected Choice");
                        match (part.is_empty(), sep) {
                            (true, _) => c.question.to_string(),
                            (false, " [") => format!("{} [{part}]", c.question),
                            (false, _) => format!("{}{sep}{part}", c.question),
                        }
                    })
                    .collect()]
            }
            Layout::SurveyMonkey => {
                let questions: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| if c.first { c.question.to_string() } else { String::new() })
                    .collect();
                let parts: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| match &c.cells {
                        Cells::Free => "Open-Ended Response".to_string(),
                        Cells::Chosen(o) => o.to_string(),
                        Cells::Grid(_) => c.part.clone(),
                        _ => "Response".to_string(),
                    })
                    .collect();
                let mut rows = vec![questions, parts];
                // SurveyMonkey's respondent columns, blank on the sub-row.
                for (name, sub) in [("Respondent ID", ""), ("Start Date", ""), ("IP Address", "")] {
                    if g.chance(128) {
                        rows[0].insert(0, name.into());
                        rows[1].insert(0, sub.into());
                        respondent_columns += 1;
                    }
                }
                rows
            }
            Layout::Qualtrics => vec![
                self.columns.iter().map(|c| c.code.clone()).collect(),
                self.columns.iter().map(|c| full(c, " - ")).collect(),
                self.columns
                    .iter()
                    .map(|c| {
                        let id = c.code.replacen('Q', "QID", 1);
                        match g.below(4) {
                            0 => format!("{{\"ImportId\":\"{id}\",\"timeZone\":\"Europe/Helsinki\"}}"),
                            1 => format!("{{\"ImportId\":\"{id}_TEXT\"}}"),
                            _ => format!("{{\"ImportId\":\"{id}\"}}"),
                        }
                    })
                    .collect(),
            ],
            Layout::Kaggle => vec![
                self.columns.iter().map(|c| c.code.clone()).collect(),
                self.columns.iter().map(|c| full(c, " - ")).collect(),
            ],
        };
        let names = &mut rows[0];
        for i in 0..names.len() {
            if g.chance(8) {
                names[i] = String::new();
            } else if i > 0 && g.chance(8) {
                names[i] = names[g.below(i)].clone();
            } else if g.chance(self.padded) {
                names[i] = pad(g, &names[i]);
            }
        }
        (rows, respondent_columns)
    }

    fn cell(&self, g: &mut Choices, c: &Column) -> String {
        if g.chance(self.missing) {
            return g.pick(MISSING).to_string();
        }
        let mut text = match &c.cells {
            Cells::Single(options) => g.pick(options).to_string(),
            Cells::Joined { options, joiner } => {
                let n = g.below(options.len() + 1);
                let chosen: Vec<&str> = (0..n).map(|_| g.pick(options)).collect();
                let mut text = chosen.join(joiner);
                if g.chance(32) {
                    // A write-in after "Other (please specify)".
                    text.push_str(joiner);
                    text.push_str(g.pick(WORDS));
                }
                text
            }
            Cells::Chosen(option) => {
                if g.chance(128) {
                    option.to_string()
                } else {
                    String::new()
                }
            }
            Cells::Grid(scale) => g.pick(scale).to_string(),
            Cells::Number => {
                if g.chance(64) {
                    // A number of any size, maybe with a fraction.
                    let n = (g.byte() as u64) << 16 | (g.byte() as u64) << 8 | g.byte() as u64;
                    match g.below(3) {
                        0 => n.to_string(),
                        1 => format!("{}.{}", n / 100, n % 100),
                        _ => format!("-{},{}", n / 10, n % 10),
                    }
                } else {
                    g.pick(NUMBERS).to_string()
                }
            }
            Cells::Date => g.pick(DATES).to_string(),
            Cells::Free => (0..1 + g.below(3)).map(|_| g.pick(WORDS)).collect::<Vec<_>>().join(" "),
        };
        if g.chance(self.padded) {
            text = pad(g, &text);
        }
        if g.chance(self.damaged) {
            let at = text
                .char_indices()
                .map(|(i, _)| i)
                .nth(g.below(text.chars().count() + 1))
                .unwrap_or(text.len());
            text.insert(at, g.pick(CONTROLS));
        }
        text
    }
}

/// `text` with Unicode space on one or both sides.
fn pad(g: &mut Choices, text: &str) -> String {
    let mut out = String::new();
    for _ in 0..g.below(3) {
        out.push(g.pick(PADDING));
    }
    out.push_str(text);
    for _ in 0..g.below(3) {
        out.push(g.pick(PADDING));
    }
    out
}

/// The file being written: fields quoted where needed, rows ended.
struct Out {
    bytes: Vec<u8>,
    delimiter: u8,
    ending: Ending,
}

impl Out {
    fn fields<'s>(&mut self, g: &mut Choices, fields: impl Iterator<Item = &'s str>) {
        for (i, f) in fields.enumerate() {
            if i > 0 {
                self.bytes.push(self.delimiter);
            }
            let needs = f
                .bytes()
                .any(|b| b == self.delimiter || matches!(b, b'"' | b'\r' | b'\n'));
            if needs || g.chance(16) {
                self.bytes.push(b'"');
                for part in f.split('"') {
                    self.bytes.extend_from_slice(part.as_bytes());
                    self.bytes.extend_from_slice(b"\"\"");
                }
                // The loop wrote one doubled quote too many: keep one, the closing quote.
                self.bytes.pop();
            } else {
                self.bytes.extend_from_slice(f.as_bytes());
            }
        }
    }

    fn row<'s>(&mut self, g: &mut Choices, fields: impl Iterator<Item = &'s str>) {
        self.fields(g, fields);
        self.end(g);
    }

    /// A row whose last field opens a quote that never closes.
    fn row_open_quote(&mut self, g: &mut Choices, cells: &[String]) {
        self.fields(g, cells.iter().map(String::as_str));
        if !cells.is_empty() {
            self.bytes.push(self.delimiter);
        }
        self.bytes.extend_from_slice(b"\"never closed");
        self.end(g);
        self.bytes.extend_from_slice(b"the rest, \"\" inside");
        self.end(g);
    }

    fn end(&mut self, g: &mut Choices) {
        let ending: &[u8] = match self.ending {
            Ending::Lf => b"\n",
            Ending::CrLf => b"\r\n",
            Ending::Cr => b"\r",
            Ending::Mixed => g.pick(&[&b"\n"[..], b"\r\n", b"\r", b"\n\n", b"\r\r\n"]),
        };
        self.bytes.extend_from_slice(ending);
    }
}
