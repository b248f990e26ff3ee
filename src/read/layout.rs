//! Header layouts of survey exports, and what each column's header says:
//! the question, the option or item it holds, and the export's own code.
//!
//! - one row (Google Forms, Typeform, Microsoft Forms): `Question` or
//!   `Question [item]`;
//! - SurveyMonkey: row 1 the question on the first column of its group only,
//!   row 2 "Response", "Open-Ended Response" or the option / item label;
//! - Kaggle: row 1 codes (`Q7_Part_1`), row 2 `Question - Selected Choice - Option`;
//! - Qualtrics: row 1 ids (`Q3_1`), row 2 texts (`Question - Item`), row 3
//!   `{"ImportId":"QID3_1"}`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    OneRow,
    SurveyMonkey,
    Kaggle,
    Qualtrics,
}

impl Layout {
    pub fn header_rows(self) -> usize {
        match self {
            Layout::OneRow => 1,
            Layout::SurveyMonkey | Layout::Kaggle => 2,
            Layout::Qualtrics => 3,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Layout::OneRow => "one header row (Google Forms, Microsoft Forms, Typeform, plain CSV)",
            Layout::SurveyMonkey => "two header rows: question, then response/option (SurveyMonkey)",
            Layout::Kaggle => "two header rows: codes, then question texts (Kaggle)",
            Layout::Qualtrics => "three header rows: ids, texts, import ids (Qualtrics)",
        }
    }
}

/// What a column's header says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The name shown for the column: the text as the file gives it.
    pub name: String,
    /// The export's code for the column (`Q7_Part_1`, `Q3_1`), if any.
    pub code: Option<String>,
    /// The question text, without any option or item part.
    pub question: String,
    /// The option or item this column holds, for grouped layouts.
    pub option: Option<String>,
    pub hint: Hint,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hint {
    None,
    /// The export says the column is free text.
    OpenEnded,
    /// Free text typed beside an "Other" choice of the previous question.
    OtherText,
}

fn cells_matching(row: &[String], f: impl Fn(&str) -> bool) -> usize {
    row.iter().filter(|c| f(c.trim())).count()
}

fn is_code(s: &str) -> bool {
    // Q7, Q7_Part_1, Q7_OTHER, Q26_A_Part_1, QID12, Q3_1, Q2_5_TEXT
    let Some(rest) = s.strip_prefix('Q') else { return false };
    let digits = rest.trim_start_matches("ID");
    digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Decides the layout from the first (up to four) non-blank records.
pub fn detect(first: &[Vec<String>]) -> Layout {
    let row = |i: usize| first.get(i).map(Vec::as_slice).unwrap_or(&[]);
    let width = row(0).len().max(1);
    // Qualtrics: the third row is import ids.
    if cells_matching(row(2), |c| {
        c.starts_with("{\"ImportId\"") || c.starts_with("{'ImportId'")
    }) * 2
        >= width
    {
        return Layout::Qualtrics;
    }
    // Kaggle: the first row is mostly codes and the second row texts.
    let codes = cells_matching(row(0), is_code);
    let kaggle_texts = cells_matching(row(1), |c| c.contains(" - Selected Choice") || c.ends_with('?'));
    if codes * 2 >= width && kaggle_texts > 0 && cells_matching(row(1), is_code) == 0 {
        return Layout::Kaggle;
    }
    // SurveyMonkey: "Response" / "Open-Ended Response" in the second row, and
    // question cells in the first row followed by blanks.
    let responses = cells_matching(row(1), |c| c == "Response" || c == "Open-Ended Response");
    let blanks_after_question = row(0)
        .windows(2)
        .filter(|w| !w[0].trim().is_empty() && w[1].trim().is_empty())
        .count();
    if responses > 0 && (blanks_after_question > 0 || responses * 2 >= width) {
        return Layout::SurveyMonkey;
    }
    Layout::OneRow
}

/// Splits a Google Forms grid header "Question [item]".
fn split_brackets(header: &str) -> Option<(&str, &str)> {
    let h = header.trim_end();
    let inner = h.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    let question = inner[..open].trim_end();
    let item = inner[open + 1..].trim();
    (!question.is_empty() && !item.is_empty()).then_some((question, item))
}

/// Splits a Microsoft Forms grid header "Question?.Item".
fn split_dotted(header: &str) -> Option<(&str, &str)> {
    let i = header.find("?.").or_else(|| header.find(":."))?;
    let (q, item) = (header[..=i].trim(), header[i + 2..].trim());
    (!q.is_empty() && !item.is_empty()).then_some((q, item))
}

fn plain(name: &str) -> Head {
    Head {
        name: name.to_string(),
        code: None,
        question: name.to_string(),
        option: None,
        hint: Hint::None,
    }
}

/// What each column's header says, given the header rows of `layout`.
pub fn heads(layout: Layout, rows: &[Vec<String>]) -> Vec<Head> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let cell = |r: usize, c: usize| rows.get(r).and_then(|row| row.get(c)).map_or("", |s| s.trim());
    match layout {
        Layout::OneRow => {
            let mut heads: Vec<Head> = (0..width)
                .map(|c| {
                    let name = cell(0, c);
                    match split_brackets(name).or_else(|| split_dotted(name)) {
                        Some((q, item)) => Head {
                            option: Some(item.to_string()),
                            question: q.to_string(),
                            ..plain(name)
                        },
                        None => plain(name),
                    }
                })
                .collect();
            // "Question - Item" headers: a group only when two or more in a row share the question.
            let prefix = |h: &Head| {
                h.name
                    .rsplit_once(" - ")
                    .map(|(q, i)| (q.trim().to_string(), i.trim().to_string()))
            };
            let mut c = 0;
            while c < heads.len() {
                let Some((q, _)) = prefix(&heads[c]).filter(|_| heads[c].option.is_none()) else {
                    c += 1;
                    continue;
                };
                let mut end = c + 1;
                while end < heads.len()
                    && heads[end].option.is_none()
                    && prefix(&heads[end]).is_some_and(|(q2, _)| q2 == q)
                {
                    end += 1;
                }
                if end - c >= 2 {
                    for h in &mut heads[c..end] {
                        if let Some((q, item)) = prefix(h) {
                            h.question = q;
                            h.option = Some(item);
                        }
                    }
                }
                c = end;
            }
            heads
        }
        Layout::SurveyMonkey => {
            let mut question = String::new();
            (0..width)
                .map(|c| {
                    let top = cell(0, c);
                    let sub = cell(1, c);
                    if !top.is_empty() {
                        question = top.to_string();
                    }
                    let name = if sub.is_empty() || sub == "Response" || sub == "Open-Ended Response" {
                        question.clone()
                    } else {
                        format!("{question} - {sub}")
                    };
                    let (option, hint) = match sub {
                        "" | "Response" => (None, Hint::None),
                        "Open-Ended Response" => (None, Hint::OpenEnded),
                        // "Other (please specify)": typed text; a column headed "Other" alone is an option.
                        s if crate::base::words::is_other_label(s) && crate::base::words::normalize(s) != "other" => {
                            (None, Hint::OtherText)
                        }
                        s => (Some(s.to_string()), Hint::None),
                    };
                    Head {
                        name,
                        code: None,
                        question: question.clone(),
                        option,
                        hint,
                    }
                })
                .collect()
        }
        Layout::Kaggle | Layout::Qualtrics => (0..width)
            .map(|c| {
                let code = cell(0, c);
                let text = cell(1, c);
                let text = if text.is_empty() { code } else { text };
                let mut head = Head {
                    code: (!code.is_empty()).then(|| code.to_string()),
                    ..plain(text)
                };
                let lower = text.to_lowercase();
                // "... - Other - Text" or a _TEXT code is typed text; "... - Selected Choice - Text"
                // is an option that happens to be called Text.
                let typed = code.ends_with("_TEXT")
                    || (lower.ends_with(" - text") && !lower.ends_with("selected choice - text"));
                if typed {
                    head.hint = Hint::OtherText;
                    head.question = text.rsplit_once(" - ").map_or(text, |(q, _)| q).to_string();
                } else if let Some((q, opt)) = text.split_once(" - Selected Choice - ") {
                    head.question = q.trim().to_string();
                    head.option = Some(opt.trim().to_string());
                } else if let Some(q) = text.strip_suffix(" - Selected Choice") {
                    head.question = q.trim().to_string();
                } else if code_base(code).is_some() {
                    // Matrix and multi-part questions: "Question - Item" with ids Q3_1, Q3_2.
                    if let Some((q, item)) = text.rsplit_once(" - ") {
                        head.question = q.trim().to_string();
                        head.option = Some(item.trim().to_string());
                    }
                }
                head
            })
            .collect(),
    }
}

/// "Q3_1" -> "Q3"; None for a code without a numeric part suffix.
pub fn code_base(code: &str) -> Option<&str> {
    let (base, last) = code.rsplit_once('_')?;
    (last.chars().all(|c| c.is_ascii_digit()) && !base.is_empty()).then_some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
        r.iter()
            .map(|row| row.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn detects_each_layout() {
        let google = rows(&[&["Timestamp", "Q [a]", "Q [b]"], &["2020", "1", "2"]]);
        assert_eq!(detect(&google), Layout::OneRow);
        let monkey = rows(&[
            &["Respondent ID", "Role?", "Data?", "", ""],
            &["", "Response", "Images", "Text", "Other (please specify)"],
            &["1", "Models", "Images", "", ""],
        ]);
        assert_eq!(detect(&monkey), Layout::SurveyMonkey);
        let kaggle = rows(&[
            &["Time from Start to Finish (seconds)", "Q1", "Q7_Part_1"],
            &[
                "Duration (in seconds)",
                "What is your age?",
                "Languages? - Selected Choice - Python",
            ],
            &["10", "22-24", "Python"],
        ]);
        assert_eq!(detect(&kaggle), Layout::Kaggle);
        let qualtrics = rows(&[
            &["StartDate", "Q1", "Q3_1"],
            &["Start Date", "Role?", "Obstacles - Lack of data"],
            &[
                "{\"ImportId\":\"startDate\"}",
                "{\"ImportId\":\"QID1\"}",
                "{\"ImportId\":\"QID3_1\"}",
            ],
        ]);
        assert_eq!(detect(&qualtrics), Layout::Qualtrics);
    }

    #[test]
    fn heads_split_question_and_option() {
        let monkey = rows(&[
            &["Respondent ID", "Data?", "", ""],
            &["", "Images", "Text", "Other (please specify)"],
        ]);
        let h = heads(Layout::SurveyMonkey, &monkey);
        assert_eq!(
            (h[2].question.as_str(), h[2].option.as_deref()),
            ("Data?", Some("Text"))
        );
        assert_eq!(h[3].hint, Hint::OtherText);
        let kaggle = rows(&[
            &["Q7_Part_1", "Q5"],
            &[
                "Languages? (Select all that apply) - Selected Choice -  Python ",
                "Title? - Selected Choice",
            ],
        ]);
        let h = heads(Layout::Kaggle, &kaggle);
        assert_eq!(
            (h[0].question.as_str(), h[0].option.as_deref()),
            ("Languages? (Select all that apply)", Some("Python"))
        );
        assert_eq!((h[1].question.as_str(), h[1].option.as_deref()), ("Title?", None));
    }
}
