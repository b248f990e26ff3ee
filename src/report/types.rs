//! The report as plain data: what the page, the command line, the claims,
//! the paper's text and the figures read. Types defined below (a question's
//! kind, its encoding, a renamed option, the answers' accounting) are
//! re-exported here so consumers need only this module.

use serde::{Deserialize, Serialize};

pub use crate::count::accounting::{AnswerAccounting, AnswersSetAside};
pub use crate::infer::resolve::Renamed;
pub use crate::infer::schema::{Encoding, Kind};
pub use crate::read::ingest::{InputInfo, Notice, RowAccounting};

/// The label under which free-text answers are counted.
pub const OTHER_FREE_TEXT: &str = "Other (free text)";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub preset: PresetInfo,
    pub input: InputInfo,
    pub rows: RowAccounting,
    /// Rows used: every non-blank response row is a respondent, even one
    /// that answered nothing but the timestamp.
    pub respondents: u64,
    /// Distinct recognised countries (0 when there is no country question).
    pub countries: u64,
    /// Every question of the file, in column order.
    pub questions: Vec<QuestionReport>,
    /// Preset questions that no question of the file matched.
    pub missing: Vec<MissingQuestion>,
    /// Which question of the file feeds each preset question (figure role).
    pub mapping: Vec<RoleMapping>,
    pub geography: Option<Geography>,
    pub maturity: Option<MaturityReport>,
    pub claims: Vec<ClaimResult>,
    pub text: Vec<Section>,
    pub notices: Vec<Notice>,
    /// Missing-value markers read as no answer (none when kept as answers).
    #[serde(default)]
    pub markers: Vec<MarkerReport>,
    /// The filters the report is restricted by; absent for every respondent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<SelectionInfo>,
    /// How the respondents are weighted; absent when they are not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<WeightsInfo>,
    /// Columns whose values are all numbers of 0 or more: what a person can
    /// weight by, the ones whose name says weight first.
    #[serde(default)]
    pub weight_columns: Vec<WeightColumn>,
}

/// The filters a report is restricted by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectionInfo {
    pub filters: Vec<FilterInfo>,
    /// Respondents meeting every filter.
    pub respondents: u64,
    /// Respondents in the file.
    pub of: u64,
    /// The filters in words, as every figure says them:
    /// "Filtered: Company size = 151-500 (n = 48)".
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilterInfo {
    pub question: String,
    pub header: String,
    pub options: Vec<String>,
}

/// How the respondents are weighted, and what the weights cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightsInfo {
    /// "column" or "rake".
    pub source: String,
    /// The weight column, for `column`.
    pub column: Option<String>,
    /// The raking margins, for `rake`.
    pub margins: Vec<MarginInfo>,
    pub iterations: usize,
    pub converged: bool,
    /// Kish's weighting efficiency (Σw)² / (n·Σw²), over the respondents weighted.
    pub efficiency: f64,
    /// Kish's effective sample size (Σw)² / Σw².
    pub effective_n: f64,
    pub min: f64,
    pub median: f64,
    pub max: f64,
    /// Weights cut to the cap (`trim` times the mean weight).
    pub trimmed: usize,
    pub trim: Option<f64>,
    /// Respondents whose weight could not be read, by reason (weight 0).
    pub set_aside: Vec<WeightSetAside>,
    /// Said prominently: weights under 40% efficient, or raking that did not converge.
    pub warning: Option<String>,
    /// The weighting in words, as every figure says it.
    pub label: String,
    /// The same without "Weighted", for a heading that says it already:
    /// "raked to continent (effective n = 41)".
    #[serde(default)]
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarginInfo {
    pub question: String,
    pub header: String,
    pub options: Vec<MarginOption>,
    /// Respondents with no answer to the question: their weight is left
    /// as it is for this margin.
    pub unanswered: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarginOption {
    pub label: String,
    /// The share asked for, this sample's share, and the weighted share
    /// reached (of those who answered).
    pub target: f64,
    pub sample: f64,
    pub weighted: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightSetAside {
    pub reason: String,
    pub count: u64,
    /// The first rows (as numbered in the file).
    pub rows: Vec<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightColumn {
    pub column: String,
    /// Its name says it is a weight (`weight`, `wt`, `w`, ...).
    pub detected: bool,
}

/// A missing-value marker (`nan`) read as no answer, and where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkerReport {
    pub value: String,
    /// Cells holding it.
    pub cells: u64,
    /// Ids of the questions whose columns hold it.
    pub questions: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PresetInfo {
    pub id: String,
    pub title: String,
    pub source: String,
    /// The id of the preset question the maturity rules read; None when it has no rules.
    #[serde(default)]
    pub rules_question: Option<String>,
    /// The preset's figures of the paper, which figures are made from.
    #[serde(default)]
    pub figures: Vec<crate::infer::preset::FigureSpec>,
    /// The preset's questions mapped to a question of the file (of those asked).
    #[serde(default)]
    pub found: usize,
    /// The preset's questions that carry answers (all but the skipped ones).
    #[serde(default)]
    pub asked: usize,
    /// The file matches the preset well: at least half of its questions are
    /// found ([`PresetInfo::fit`]). When false, the page reports the file as
    /// its own survey rather than as the preset's questionnaire.
    #[serde(default)]
    pub fits: bool,
}

impl PresetInfo {
    /// Whether `found` of `asked` questions is a fit: at least half.
    pub fn fit(found: usize, asked: usize) -> bool {
        found * 2 >= asked
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionCount {
    pub label: String,
    pub count: u64,
    /// The respondents' summed weight, when the report is weighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted: Option<f64>,
    /// The weighted share of the question's weighted base, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_percent: Option<f64>,
}

impl OptionCount {
    pub fn new(label: impl Into<String>, count: u64) -> OptionCount {
        OptionCount {
            label: label.into(),
            count,
            weighted: None,
            weighted_percent: None,
        }
    }

    /// The count and, when weighted, its summed weight as a share of
    /// `weighted_base` (in percent).
    pub fn weighed(
        label: impl Into<String>,
        count: u64,
        weight: Option<f64>,
        weighted_base: Option<f64>,
    ) -> OptionCount {
        let mut o = OptionCount::new(label, count);
        if let (Some(w), Some(b)) = (weight, weighted_base) {
            o.weighted = Some(w);
            o.weighted_percent = Some(if b > 0.0 { 100.0 * w / b } else { 0.0 });
        }
        o
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct QuestionReport {
    /// The preset's id when the question feeds one, else the file's code or "column_N".
    pub id: String,
    /// The file's own id for the question (its code or "column_N"), stable
    /// whichever preset question it feeds: corrections are keyed by it.
    pub key: String,
    /// The question text as the file gives it (without the option or item part).
    pub header: String,
    pub kind: Kind,
    /// How the answers sit in the columns ("cell", "joined", "columns", "grid").
    pub encoding: Encoding,
    /// 0-based indexes of the columns read.
    pub columns: Vec<usize>,
    /// Respondents who gave at least one answer to the question.
    pub answered: u64,
    pub skipped: u64,
    /// Respondents choosing each option, in the preset's, the scale's or descending order.
    pub options: Vec<OptionCount>,
    /// Free-text answers that matched no option, most frequent first.
    pub other: Vec<OptionCount>,
    /// Rating grids: one entry per item, with counts per scale point.
    pub items: Vec<ItemReport>,
    /// Options have a natural order that figures keep.
    pub ordered: bool,
    pub figure: Option<String>,
    /// The preset question this one feeds, if any.
    pub role: Option<String>,
    /// Numbers: summary and histogram.
    pub numbers: Option<NumberSummary>,
    /// Free text: distinct answers and the most frequent ones.
    pub samples: Vec<OptionCount>,
    /// Why the kind was chosen.
    pub reason: String,
    /// Preset options this file does not offer: listed, never drawn as 0%.
    #[serde(default)]
    pub not_offered: Vec<String>,
    /// Options shown under the preset's name where the file spells them otherwise.
    #[serde(default)]
    pub renamed: Vec<Renamed>,
    /// Every answer of the question accounted for.
    #[serde(default)]
    pub answers: AnswerAccounting,
    /// It can be split by another question ([`can_split`]).
    #[serde(default)]
    pub can_split: bool,
    /// Other questions can be split by it ([`can_split_by`]).
    #[serde(default)]
    pub can_split_by: bool,
    /// The Net Promoter Score, for a "how likely are you to recommend"
    /// question on the 0-10 scale (`report::nps`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<Nps>,
    /// Weighted: Σw of those who answered, and Kish's effective base
    /// (Σw)²/Σw² of them; absent when the report is not weighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_base: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_base: Option<f64>,
}

/// A Net Promoter Score: respondents by group, the score in points
/// (-100..100: % promoters minus % detractors) and its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Nps {
    /// Answered 0 to 6.
    pub detractors: u64,
    /// Answered 7 or 8.
    pub passives: u64,
    /// Answered 9 or 10.
    pub promoters: u64,
    /// Who answered: the three groups together.
    pub n: u64,
    pub score: f64,
    pub lo: f64,
    pub hi: f64,
    /// Weighted: the three groups' summed weights (the score and interval
    /// are then weighted, on the effective base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted: Option<[f64; 3]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_n: Option<f64>,
}

/// Whether a question of this kind and encoding can be split by another:
/// single, multi or rating, not a grid (one figure per item).
pub fn can_split(kind: Kind, encoding: &Encoding) -> bool {
    matches!(kind, Kind::Single | Kind::Multi | Kind::Rating) && *encoding != Encoding::Grid
}

/// Whether other questions can be split by a question of this kind and
/// encoding: single choice, not a grid. A grid read as single choice has
/// one answer per item, not per respondent: there are no groups to split
/// by (found by the fuzzer).
pub fn can_split_by(kind: Kind, encoding: &Encoding) -> bool {
    kind == Kind::Single && *encoding != Encoding::Grid
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemReport {
    pub key: String,
    pub label: String,
    pub column: Option<usize>,
    pub answered: u64,
    /// Respondents per scale point, in scale order.
    pub counts: Vec<OptionCount>,
    /// Answers that are not a point of the scale.
    pub invalid: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_base: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_base: Option<f64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NumberSummary {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub median: f64,
    /// Equal-width bins, labelled "from–to".
    pub bins: Vec<OptionCount>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MissingQuestion {
    pub id: String,
    pub header: String,
    pub figure: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RoleMapping {
    /// The preset question (the role it plays in the paper's figures).
    pub role: String,
    pub title: String,
    pub figure: Option<String>,
    /// The id of the file's question that feeds it, or None ("not in file").
    pub question: Option<String>,
    /// Guessed automatically, or set by the person.
    pub guessed: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Geography {
    pub question: String,
    pub answered: u64,
    pub continents: Vec<OptionCount>,
    pub countries: Vec<OptionCount>,
    /// Answers that name no known country, kept and listed.
    pub unrecognised: Vec<OptionCount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_base: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_base: Option<f64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MaturityReport {
    pub question: String,
    pub question_header: String,
    /// Respondents who answered the question the rules read.
    pub answered: u64,
    /// The rule groups in rule order, then the unclassified group.
    pub groups: Vec<GroupReport>,
    /// Each mapped single- or multi-choice question crossed with the groups.
    pub crosstabs: Vec<Crosstab>,
    /// Crosstabs the preset asks to draw, by question id, with their titles.
    pub compare: Vec<(String, String)>,
    /// The answers of the file a rule option can be mapped to (the reading panel's choices).
    #[serde(default)]
    pub answers: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GroupReport {
    pub id: String,
    pub label: String,
    pub description: String,
    /// The rule in words, as shown on the page.
    pub rule: String,
    pub count: u64,
    /// The group's summed weight, when the report is weighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted: Option<f64>,
    /// The options the rule names, and whether this file offers each.
    #[serde(default)]
    pub options: Vec<RuleOption>,
}

/// One option a rule (or claim) names, as found in this file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleOption {
    pub option: String,
    pub found: bool,
    /// The file's spelling, where it differs from the rule's.
    pub file_label: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Crosstab {
    pub question: String,
    pub options: Vec<String>,
    /// `counts[group][option]`: respondents of the group choosing the option.
    pub counts: Vec<Vec<u64>>,
    /// Respondents of each group who answered the question.
    pub answered: Vec<u64>,
    /// Weighted: `weighted[group][option]` (Σw), each group's Σw and
    /// effective base of those who answered; absent when not weighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted: Option<CrosstabWeights>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrosstabWeights {
    pub counts: Vec<Vec<f64>>,
    pub answered: Vec<f64>,
    pub effective: Vec<f64>,
}

impl CrosstabWeights {
    /// Σw, the effective base and Σw per option of every group but `group`
    /// together (a group's Σw² is (Σw)² / its effective base).
    pub fn rest(&self, group: usize) -> (f64, f64, Vec<f64>) {
        let others = || (0..self.answered.len()).filter(move |&i| i != group);
        let w: f64 = others().map(|i| self.answered[i]).sum();
        let sq: f64 = others()
            .filter(|&i| self.effective[i] > 0.0)
            .map(|i| self.answered[i] * self.answered[i] / self.effective[i])
            .sum();
        let options = self.counts.first().map_or(0, Vec::len);
        let counts = (0..options)
            .map(|o| others().map(|i| self.counts[i][o]).sum())
            .collect();
        (w, if sq > 0.0 { w * w / sq } else { 0.0 }, counts)
    }
}

impl Report {
    pub fn question(&self, id: &str) -> Option<&QuestionReport> {
        self.questions.iter().find(|q| q.id == id)
    }
}

impl QuestionReport {
    pub fn count_of(&self, label: &str) -> Option<u64> {
        self.options.iter().find(|o| o.label == label).map(|o| o.count)
    }

    /// The share of `o` among those who answered: weighted when the
    /// report is.
    pub fn share(&self, o: &OptionCount) -> f64 {
        share(o.count, o.weighted, self.answered, self.weighted_base)
    }

    /// The base a share's interval is computed on: Kish's effective base
    /// when weighted, else those who answered.
    pub fn interval_base(&self) -> f64 {
        self.effective_base.unwrap_or(self.answered as f64)
    }
}

/// `count / base`, or `weight / weighted_base` when both are given; 0 on an empty base.
pub fn share(count: u64, weight: Option<f64>, base: u64, weighted_base: Option<f64>) -> f64 {
    match (weight, weighted_base) {
        (Some(w), Some(b)) if b > 0.0 => w / b,
        (Some(_), Some(_)) => 0.0,
        _ if base == 0 => 0.0,
        _ => count as f64 / base as f64,
    }
}

/// A claim of the paper checked against this file (made by `present::claims`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Holds,
    DoesNotHold,
    NotEnoughData,
    NotInFile,
    /// The claim's number counts the paper's own sample (its respondents,
    /// their countries, a group of them): another file is another sample,
    /// so its number is shown beside the paper's, never judged against it.
    NotComparable,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::DoesNotHold => "does not hold",
            Verdict::NotEnoughData => "not enough data",
            Verdict::NotInFile => "question not in file",
            Verdict::NotComparable => "not comparable",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClaimResult {
    pub id: String,
    pub paper: String,
    /// What this data shows, in words with the numbers.
    pub observed: String,
    pub verdict: Verdict,
    /// The verdict in words, as the page shows it ([`Verdict::label`]).
    #[serde(default)]
    pub verdict_label: String,
    /// The statistic behind the verdict (interval, p-value, group sizes).
    pub statistic: String,
    /// A plain warning, e.g. that a group is too small to support the claim.
    pub note: Option<String>,
    /// The same claim checked on the weighted report, when it is weighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted: Option<WeightedClaim>,
}

/// A claim's check under the report's weights, beside the unweighted one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightedClaim {
    pub observed: String,
    pub verdict: Verdict,
    pub verdict_label: String,
    pub statistic: String,
    pub note: Option<String>,
}

/// Whom a report describes, when not every respondent unweighted:
/// "Filtered: Company size = 151-500 (n = 48). Weighted: raked to
/// continent (effective n = 41)"; what every figure and a comparison's
/// editions say.
pub fn analysis_words(selection: Option<&SelectionInfo>, weights: Option<&WeightsInfo>) -> Option<String> {
    let parts: Vec<&str> = [selection.map(|s| s.label.as_str()), weights.map(|w| w.label.as_str())]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(". "))
}

/// A section of the paper's results text (written by `present::text`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Which section it is: `collection`, `results` or `analysis`.
    #[serde(default)]
    pub id: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::PresetInfo;

    #[test]
    fn half_of_the_questions_found_is_a_fit() {
        assert!(PresetInfo::fit(5, 10));
        assert!(PresetInfo::fit(10, 10));
        assert!(!PresetInfo::fit(4, 9));
        assert!(!PresetInfo::fit(0, 1));
    }
}
