//! A preset's calibration of its synthetic sample: how many respondents fall
//! in each maturity group, how each group answers each question, how each
//! rating-grid item is rated, and the countries and write-ins the rows hold.
//! `present::sample` draws the rows from it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SampleSpec {
    /// Every maturity group and the unclassified one, each once: their
    /// respondents are allotted in this order (see [`SampleGroup`]).
    #[serde(default)]
    pub groups: Vec<SampleGroup>,
    /// How each group answers each single- or multi-choice question.
    #[serde(default)]
    pub answers: Vec<SampleAnswers>,
    /// How the items of each rating grid are rated.
    #[serde(default)]
    pub ratings: Vec<SampleRatings>,
    /// The country question's answers, `[country, weight]`: every country
    /// appears at least once (rows allowing), the rest by weight.
    #[serde(default)]
    pub countries: Vec<(String, f64)>,
    /// Other spellings people use for some of those countries, one of which
    /// some of their answers are written in.
    #[serde(default)]
    pub spellings: BTreeMap<String, Vec<String>>,
    /// Free text written for an "Other" choice, as a form records it.
    #[serde(default)]
    pub write_ins: Vec<String>,
}

/// A maturity group's share of the rows. The unclassified group answers
/// nothing but the skipped columns; the others answer every question, but
/// for a few skips.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleGroup {
    /// A maturity group's id, or the unclassified group's.
    pub group: String,
    /// The group's share of all rows as a fraction `[numerator,
    /// denominator]` (22 of the paper's 331 is `[22, 331]`), rounded to whole
    /// rows and at most the rows left; none for the one group that takes
    /// the rows left over.
    #[serde(default)]
    pub share: Option<(u32, u32)>,
    /// From this many rows on, the group has at least one respondent; below
    /// it, none.
    #[serde(default)]
    pub at_least_one_from: Option<usize>,
}

impl SampleGroup {
    /// The share as a number, exactly the division of the fraction.
    pub fn share(&self) -> Option<f64> {
        self.share.map(|(n, d)| n as f64 / d as f64)
    }
}

/// How the named groups answer one question: for a single-choice question
/// the weights of the options (each given to exactly its rounded share of
/// the group), for a multi-choice question the share of the group choosing
/// each option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleAnswers {
    pub question: String,
    /// The groups answering so; none: every group without an entry of its own.
    #[serde(default)]
    pub groups: Vec<String>,
    /// `[option, weight or share]`, in the order the answers are drawn.
    pub choose: Vec<(String, f64)>,
}

/// How the named items of a rating grid are rated: the share giving each
/// point of the five-point scale, lowest first, around which seeded noise
/// moves each item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleRatings {
    pub question: String,
    /// The items' keys; none: every item without an entry of its own.
    #[serde(default)]
    pub items: Vec<String>,
    pub shares: [f64; 5],
}

impl SampleSpec {
    /// How `group` answers `question`: its own entry, else the entry for
    /// every group, else nothing (the question is left blank).
    pub fn answers(&self, question: &str, group: &str) -> &[(String, f64)] {
        let of_question = || self.answers.iter().filter(|a| a.question == question);
        of_question()
            .find(|a| a.groups.iter().any(|g| g == group))
            .or_else(|| of_question().find(|a| a.groups.is_empty()))
            .map_or(&[], |a| a.choose.as_slice())
    }

    /// The shares item `key` of `question` is rated around, if any.
    pub fn ratings(&self, question: &str, key: &str) -> Option<[f64; 5]> {
        let of_question = || self.ratings.iter().filter(|r| r.question == question);
        of_question()
            .find(|r| r.items.iter().any(|k| k == key))
            .or_else(|| of_question().find(|r| r.items.is_empty()))
            .map(|r| r.shares)
    }
}
