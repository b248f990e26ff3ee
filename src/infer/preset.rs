//! A questionnaire described as data: questions with their header texts and
//! aliases, options, rating scales, the maturity rules and the paper's
//! claims. Presets are JSON files under `presets/`, embedded at build time.

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, ErrorKind, Result};

/// The presets compiled into the crate, by id.
const BUILT_IN: &[(&str, &str)] = &[
    ("state-of-ml-2020", include_str!("../../presets/state-of-ml-2020.json")),
    ("kaggle-2020", include_str!("../../presets/kaggle-2020.json")),
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

    /// Checks cross-references: every claim and rule names a real question,
    /// option and group, so a typo in a preset fails loudly, not silently.
    fn validate(&self) -> Result<()> {
        let bad = |msg: String| Err(Error::new(ErrorKind::Preset, format!("preset {:?}: {msg}", self.id)));
        let has_option = |q: &str, o: &str| -> bool {
            self.question(q)
                .is_some_and(|q| q.options.iter().any(|x| x == o) || q.items.iter().any(|i| i.label == o))
        };
        if let Some(m) = &self.maturity {
            if self.question(&m.question).is_none() {
                return bad(format!("maturity reads unknown question {:?}", m.question));
            }
            // A respondent's group is kept as one byte while counting.
            if m.groups.len() > MAX_MATURITY_GROUPS {
                return bad(format!(
                    "maturity has {} groups; at most {MAX_MATURITY_GROUPS} are supported",
                    m.groups.len()
                ));
            }
            for g in &m.groups {
                for o in &g.any_of {
                    if !has_option(&m.question, o) {
                        return bad(format!("group {:?} names unknown option {o:?}", g.id));
                    }
                }
            }
            for c in &m.compare {
                if self.question(&c.question).is_none() {
                    return bad(format!("maturity compares unknown question {:?}", c.question));
                }
            }
        }
        let group_known = |g: &str| {
            self.maturity
                .as_ref()
                .is_some_and(|m| m.groups.iter().any(|x| x.id == g) || m.unclassified.id == g)
        };
        for q in &self.questions {
            if let Some(o) = q.aliases.keys().find(|o| !q.options.contains(o)) {
                return bad(format!("question {:?} lists aliases of unknown option {o:?}", q.id));
            }
        }
        for c in &self.claims {
            let Names {
                question,
                options,
                groups,
            } = c.check.names();
            if let Some(q) = question {
                if self.question(q).is_none() {
                    return bad(format!("claim {:?} names unknown question {q:?}", c.id));
                }
                for o in options {
                    if !has_option(q, o) {
                        return bad(format!("claim {:?} names unknown option {o:?} of {q:?}", c.id));
                    }
                }
            }
            for g in groups {
                if !group_known(g) {
                    return bad(format!("claim {:?} names unknown group {g:?}", c.id));
                }
            }
        }
        Ok(())
    }
}
