//! A questionnaire described as data: questions with their header texts and
//! aliases, options, rating scales, the maturity rules, the paper's claims,
//! figures and sentences, and how its synthetic sample is drawn. Presets are
//! JSON files under `presets/`, embedded at build time; everything specific
//! to one survey lives there, and the code names no question of any.

pub mod sample;
mod validate;

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, ErrorKind, Result};

use sample::SampleSpec;

/// The presets compiled into the crate, by id.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "state-of-ml-2020",
        include_str!("../../../presets/state-of-ml-2020.json"),
    ),
    ("kaggle-2020", include_str!("../../../presets/kaggle-2020.json")),
];

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Preset {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub source: String,
    pub questions: Vec<QuestionSpec>,
    pub maturity: Option<MaturitySpec>,
    #[serde(default)]
    pub claims: Vec<ClaimSpec>,
    /// The paper's figures of one question each, in page order.
    #[serde(default)]
    pub figures: Vec<FigureSpec>,
    /// The questions and options the sentences of the results section read.
    #[serde(default)]
    pub text: TextSpec,
    /// How the synthetic sample of this questionnaire is drawn, if it has one.
    #[serde(default)]
    pub sample: Option<SampleSpec>,
}

/// One of the paper's figures: the bars (or, for a rating grid, the
/// diverging bars) of one question, drawn as the question was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureSpec {
    /// The figure's stable id ("fig2"): the page, share links and exported
    /// file names know the figure by it.
    pub id: String,
    /// The preset question the figure shows: the role it plays in the paper.
    pub role: String,
    /// The paper's label, written before the question's text ("Fig. 2").
    pub title: String,
    /// False when this survey did not ask the question the paper's figure
    /// shows: `role` then names the paper's question, and the page lists the
    /// figure as not in the file.
    #[serde(default = "yes")]
    pub asked: bool,
}

fn yes() -> bool {
    true
}

/// What the sentences of the results section read. The sentences are the
/// paper's own (`present::text`); each takes its question here, and is left
/// out when the preset names none or the file lacks it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TextSpec {
    /// "Respondents represent a mix of organisations of 1-10 to 1001+
    /// employees and ...": the smallest and largest answer chosen to each.
    #[serde(default)]
    pub mix: Vec<MixSpec>,
    /// "... 37% of respondents (...; 95% interval ...) say that they work
    /// with both models and infrastructure": one option's share.
    #[serde(default)]
    pub share: Option<OptionRef>,
    /// "; the work revolves most around relational and time series data":
    /// the two options chosen most.
    #[serde(default)]
    pub top_two: Option<TopTwoSpec>,
    /// "As for the problems to be solved, the largest categories are ...":
    /// the three options chosen most.
    #[serde(default)]
    pub top_three: Option<QuestionRef>,
    /// "To understand the goals of the work, ...": how many options at least
    /// 10% chose, and the four chosen most.
    #[serde(default)]
    pub top_four: Option<QuestionRef>,
    /// "Finally, rating the obstacles ...": the three items of a rating grid
    /// rated highest, and where one more item ranks.
    #[serde(default)]
    pub ratings: Option<RatingsSpec>,
}

/// A question of the "mix" sentence: what its answers count, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MixSpec {
    pub question: String,
    /// What the respondents belong to ("organisations").
    pub what: String,
    /// The unit of the answers ("employees"), written after the range
    /// unless the answer already says it.
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionRef {
    pub question: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionRef {
    pub question: String,
    pub option: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopTwoSpec {
    pub question: String,
    /// The word that follows both options ("data"), left out of each
    /// option's own label so it is not said twice.
    pub noun: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingsSpec {
    /// A rating grid.
    pub question: String,
    /// An item whose place in the ranking the text states too.
    #[serde(default)]
    pub also: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecKind {
    /// One answer per respondent from a list.
    Single,
    /// A single answer naming a country; also feeds the geography figures.
    Country,
    /// Several answers per respondent.
    Multi,
    /// One rating per item on an ordered scale, one column per item.
    RatingGrid,
    /// A column that carries no answer (timestamps, ids).
    Skipped,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionSpec {
    pub id: String,
    pub kind: SpecKind,
    /// Header texts this question may appear under; the first is canonical.
    pub headers: Vec<String>,
    /// The paper's figure label, e.g. "Fig. 2".
    #[serde(default)]
    pub figure: Option<String>,
    #[serde(default)]
    pub options: Vec<String>,
    /// Other spellings of an option that other editions or tools use
    /// (option -> spellings); matched like the option itself.
    #[serde(default)]
    pub aliases: std::collections::BTreeMap<String, Vec<String>>,
    /// Options have a natural order (sizes): figures keep it instead of sorting.
    #[serde(default)]
    pub ordered: bool,
    #[serde(default)]
    pub scale: Vec<String>,
    #[serde(default)]
    pub items: Vec<ItemSpec>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemSpec {
    pub key: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MaturitySpec {
    /// The multi-select question the rules read.
    pub question: String,
    /// Tried in order; the first group whose rule matches wins.
    pub groups: Vec<GroupSpec>,
    pub unclassified: GroupSpec,
    /// Questions on which the first group is compared with everyone else.
    #[serde(default)]
    pub compare: Vec<CompareSpec>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GroupSpec {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// The respondent chose at least one of these options.
    #[serde(default)]
    pub any_of: Vec<String>,
    /// The respondent chose anything at all.
    #[serde(default)]
    pub any_answer: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CompareSpec {
    pub question: String,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClaimSpec {
    pub id: String,
    /// What the paper says, in its words.
    pub paper: String,
    pub check: Check,
    /// The claim's number is a count of the paper's own sample (its
    /// respondents, their countries, the members of a group): another
    /// file's count is shown beside it as "not comparable", never as a
    /// verdict. Only on checks that compare a count (validated).
    #[serde(default)]
    pub sample_count: bool,
}

/// How a claim is checked on loaded data.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Check {
    /// The number of respondents equals `expected`.
    Respondents { expected: u64 },
    /// The number of distinct recognised countries equals `expected`.
    DistinctCountries { question: String, expected: u64 },
    /// The 95% Wilson interval of the option's share contains `value`.
    ShareInterval {
        question: String,
        option: String,
        value: f64,
    },
    /// These options are the most chosen ones (in this order when `ordered`).
    Top {
        question: String,
        options: Vec<String>,
        ordered: bool,
    },
    /// The option is among the `k` most chosen.
    InTop { question: String, option: String, k: usize },
    /// Maturity groups ordered by size, largest first.
    GroupOrder { groups: Vec<String> },
    /// A maturity group has exactly `expected` members.
    GroupCount { group: String, expected: u64 },
    /// The option is chosen more often inside the group than outside it.
    OverRepresented {
        group: String,
        question: String,
        option: String,
    },
    /// These options have the highest within-option share of the group.
    HighestGroupShare {
        group: String,
        question: String,
        options: Vec<String>,
    },
    /// The continent has most respondents and the country is in the top `k`.
    ContinentTop {
        question: String,
        continent: String,
        country: String,
        k: usize,
    },
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_json(text: &str) -> std::result::Result<Preset, String> {
    serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
}

/// In the browser the engine's own JSON parser reads the text and serde
/// reads the resulting object: no JSON parser is compiled into the module.
#[cfg(target_arch = "wasm32")]
fn parse_json(text: &str) -> std::result::Result<Preset, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| format!("{e:?}"))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// The question, options and groups a claim's check names.
pub struct Names<'a> {
    pub question: Option<&'a str>,
    pub options: Vec<&'a str>,
    pub groups: Vec<&'a str>,
}

impl Check {
    /// Whether the check compares a count with the paper's (respondents,
    /// countries, a group's members): the checks a claim may mark
    /// `sample_count`.
    pub fn is_count(&self) -> bool {
        matches!(
            self,
            Check::Respondents { .. } | Check::DistinctCountries { .. } | Check::GroupCount { .. }
        )
    }

    pub fn names(&self) -> Names<'_> {
        let (question, options, groups): (Option<&str>, Vec<&str>, Vec<&str>) = match self {
            Check::Respondents { .. } => (None, vec![], vec![]),
            Check::DistinctCountries { question, .. } => (Some(question), vec![], vec![]),
            Check::ShareInterval { question, option, .. } => (Some(question), vec![option], vec![]),
            Check::Top { question, options, .. } => {
                (Some(question), options.iter().map(String::as_str).collect(), vec![])
            }
            Check::InTop { question, option, .. } => (Some(question), vec![option], vec![]),
            Check::GroupOrder { groups } => (None, vec![], groups.iter().map(String::as_str).collect()),
            Check::GroupCount { group, .. } => (None, vec![], vec![group]),
            Check::OverRepresented {
                group,
                question,
                option,
            } => (Some(question), vec![option], vec![group]),
            Check::HighestGroupShare {
                group,
                question,
                options,
            } => (
                Some(question),
                options.iter().map(String::as_str).collect(),
                vec![group],
            ),
            Check::ContinentTop { question, .. } => (Some(question), vec![], vec![]),
        };
        Names {
            question,
            options,
            groups,
        }
    }
}

/// Maturity groups a preset may define (besides the unclassified one).
pub const MAX_MATURITY_GROUPS: usize = 254;

impl Preset {
    /// Parses a preset from JSON, naming the place of a syntax error.
    pub fn from_json(text: &str) -> Result<Preset> {
        let preset = parse_json(text).map_err(|e| Error::new(ErrorKind::Preset, format!("preset: {e}")))?;
        preset.validate()?;
        Ok(preset)
    }

    /// A preset compiled into the crate.
    pub fn built_in(id: &str) -> Result<Preset> {
        // Parsed once per process (per worker in the browser), then cloned.
        static PARSED: std::sync::OnceLock<Vec<(&'static str, Result<Preset>)>> = std::sync::OnceLock::new();
        let parsed = PARSED.get_or_init(|| BUILT_IN.iter().map(|(k, text)| (*k, Preset::from_json(text))).collect());
        match parsed.iter().find(|(k, _)| *k == id) {
            Some((_, preset)) => preset.clone(),
            None => Err(Error::new(
                ErrorKind::Preset,
                format!("no built-in preset named {id:?}"),
            )),
        }
    }

    /// Every preset compiled into the crate.
    pub fn all_built_in() -> Vec<Preset> {
        BUILT_IN
            .iter()
            .filter_map(|(id, _)| Preset::built_in(id).ok())
            .collect()
    }

    /// The flagship preset: the paper's State of ML 2020 questionnaire.
    pub fn state_of_ml_2020() -> Preset {
        // The embedded file is checked by a test, so this cannot fail at run time.
        Preset::built_in("state-of-ml-2020").unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn question(&self, id: &str) -> Option<&QuestionSpec> {
        self.questions.iter().find(|q| q.id == id)
    }
}
