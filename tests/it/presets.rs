//! A preset's figures, sentences and sample are checked when it is loaded:
//! each mistake is refused with the preset, the field and the bad value.

use serde_json::{json, Value};
use survey_report::Preset;

const STATE_OF_ML: &str = include_str!("../../presets/state-of-ml-2020.json");
const KAGGLE: &str = include_str!("../../presets/kaggle-2020.json");

/// The State of ML preset with one change made by `edit`, loaded: the
/// error's message, or None when it loads.
fn load(edit: impl FnOnce(&mut Value)) -> Option<String> {
    let mut v: Value = serde_json::from_str(STATE_OF_ML).unwrap();
    edit(&mut v);
    Preset::from_json(&v.to_string()).err().map(|e| e.message().to_string())
}

/// Loading with `edit` fails with exactly `message` after the preset's name.
fn refused(edit: impl FnOnce(&mut Value), message: &str) {
    let got = load(edit).unwrap_or_else(|| panic!("loaded, but should fail with: {message}"));
    assert_eq!(got, format!("preset \"state-of-ml-2020\": {message}"));
}

#[test]
fn the_built_in_presets_load_as_they_are() {
    assert_eq!(load(|_| {}), None);
    assert!(Preset::from_json(KAGGLE).is_ok());
}

#[test]
fn a_figure_naming_an_unknown_question_is_refused() {
    refused(
        |v| v["figures"][1]["role"] = json!("dta"),
        "figures[1].role: unknown question \"dta\"",
    );
}

#[test]
fn a_figure_of_a_question_not_asked_must_not_be_one_the_preset_has() {
    refused(
        |v| v["figures"][1]["asked"] = json!(false),
        "figures[1].asked: false, but \"data\" is a question of this preset",
    );
    // Declared not asked, the paper's question may be one the preset lacks.
    assert_eq!(
        load(|v| v["figures"][1] = json!({ "id": "fig3", "role": "dta", "title": "Fig. 3", "asked": false })),
        None
    );
}

#[test]
fn a_duplicate_figure_id_is_refused() {
    refused(
        |v| v["figures"][3]["id"] = json!("fig2"),
        "figures[3].id: duplicate figure id \"fig2\"",
    );
}

#[test]
fn a_question_labelled_for_another_figure_is_refused() {
    refused(
        |v| v["questions"][3]["figure"] = json!("Fig. 3"),
        "questions[3].figure: \"Fig. 3\", but figure \"fig2\" of this question is titled \"Fig. 2\"",
    );
}

#[test]
fn a_sentence_naming_an_unknown_question_is_refused() {
    refused(
        |v| v["text"]["mix"][1]["question"] = json!("team"),
        "text.mix[1].question: unknown question \"team\"",
    );
    refused(
        |v| v["text"]["share"]["question"] = json!("rol"),
        "text.share.question: unknown question \"rol\"",
    );
    refused(
        |v| v["text"]["top_two"]["question"] = json!("datum"),
        "text.top_two.question: unknown question \"datum\"",
    );
    refused(
        |v| v["text"]["top_three"]["question"] = json!("problem"),
        "text.top_three.question: unknown question \"problem\"",
    );
    refused(
        |v| v["text"]["top_four"]["question"] = json!("goal"),
        "text.top_four.question: unknown question \"goal\"",
    );
    refused(
        |v| v["text"]["ratings"]["question"] = json!("obstacle"),
        "text.ratings.question: unknown question \"obstacle\"",
    );
}

#[test]
fn a_sentence_naming_an_unknown_option_or_item_is_refused() {
    refused(
        |v| v["text"]["share"]["option"] = json!("Both models and infra"),
        "text.share.option: unknown option \"Both models and infra\" of question \"role\"",
    );
    refused(
        |v| v["text"]["ratings"]["also"] = json!("Unclear expectations"),
        "text.ratings.also: unknown option \"Unclear expectations\" of question \"obstacles\"",
    );
}

#[test]
fn the_ratings_sentence_reads_a_rating_grid() {
    refused(
        |v| v["text"]["ratings"] = json!({ "question": "goals" }),
        "text.ratings.question: question \"goals\" is not a rating grid",
    );
}

#[test]
fn a_sample_naming_what_the_preset_lacks_is_refused() {
    refused(
        |v| v["sample"]["groups"][0]["group"] = json!("pipe"),
        "sample.groups[0].group: unknown group \"pipe\"",
    );
    refused(
        |v| v["sample"]["groups"][1]["group"] = json!("pipeline"),
        "sample.groups[1].group: group \"pipeline\" is listed twice",
    );
    refused(
        |v| v["sample"]["groups"].as_array_mut().unwrap().truncate(3),
        "sample.groups: group \"data\" is missing",
    );
    refused(
        |v| v["sample"]["groups"][3]["share"] = json!([1, 3]),
        "sample.groups: exactly one group has no share (it takes the rows left over), not 0",
    );
    refused(
        |v| v["sample"]["groups"][0]["share"] = json!([22, 0]),
        "sample.groups[0].share: the denominator is 0",
    );
    refused(
        |v| v["sample"]["answers"][0]["question"] = json!("job"),
        "sample.answers[0].question: unknown question \"job\"",
    );
    refused(
        |v| v["sample"]["answers"][1]["groups"][0] = json!("pipe"),
        "sample.answers[1].groups[0]: unknown group \"pipe\"",
    );
    refused(
        |v| v["sample"]["answers"][0]["choose"][2][0] = json!("Data engineer"),
        "sample.answers[0].choose[2]: unknown option \"Data engineer\" of question \"title\"",
    );
    refused(
        |v| v["sample"]["ratings"][0]["question"] = json!("role"),
        "sample.ratings[0].question: question \"role\" is not a rating grid",
    );
    refused(
        |v| v["sample"]["ratings"][4]["items"][1] = json!("z"),
        "sample.ratings[4].items[1]: unknown item \"z\" of question \"obstacles\"",
    );
    refused(
        |v| {
            v["maturity"] = Value::Null;
            v["claims"] = json!([]);
        },
        "sample: the sample is drawn by maturity group, and this preset has no maturity rules",
    );
}

/// Kaggle did not ask the questions of Figs. 3 to 6: its preset says so,
/// and its report lists those figures as not in the file, as before.
#[test]
fn kaggle_lists_the_figures_it_cannot_fill() {
    let p = Preset::built_in("kaggle-2020").unwrap();
    let ids: Vec<(&str, bool)> = p.figures.iter().map(|f| (f.id.as_str(), f.asked)).collect();
    assert_eq!(
        ids,
        [
            ("fig2", true),
            ("fig3", false),
            ("fig4", false),
            ("fig5", false),
            ("fig6", false)
        ]
    );
    assert!(p.sample.is_none() && p.text.share.is_none() && p.text.ratings.is_none());
}
