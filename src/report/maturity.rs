//! The maturity analysis as reported: each rule group with its rule in
//! words and the options it names as this file spells them.

use crate::base::format::or_list;
use crate::infer::preset::GroupSpec;
use crate::report::types::{GroupReport, QuestionReport, RuleOption};

pub fn group_report(g: &GroupSpec, count: u64, question: &str) -> GroupReport {
    let rule = if g.any_answer {
        format!("otherwise, chose any answer to \u{201c}{question}\u{201d}")
    } else {
        let names: Vec<String> = g.any_of.iter().map(|o| format!("\u{201c}{o}\u{201d}")).collect();
        format!("chose {}", or_list(&names))
    };
    GroupReport {
        id: g.id.clone(),
        label: g.label.clone(),
        description: g.description.clone(),
        rule,
        count,
        weighted: None,
        options: Vec::new(),
    }
}

/// Whether the question as read offers `option`, and how the file spells it.
pub fn rule_option(q: &QuestionReport, option: &str) -> RuleOption {
    let found = q.options.iter().any(|o| o.label == option) && !q.not_offered.iter().any(|o| o == option);
    RuleOption {
        option: option.to_string(),
        found,
        file_label: q
            .renamed
            .iter()
            .find(|r| r.label == option)
            .map(|r| r.file_label.clone()),
    }
}
