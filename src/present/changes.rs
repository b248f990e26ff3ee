//! What changed between two editions, in sentences: only changes that are
//! significant after correction are said to rise or fall; the rest are
//! "about the same".

use crate::base::format::{and_list, p_value, percent, q_value};
use crate::report::compare::{ComparedOption, ComparedQuestion, Comparison, ALPHA, GROUPS_ID};
use crate::report::types::Section;

/// At most this many significant changes are named per question, largest first.
const NAMED: usize = 3;

/// The comparison's "What changed" section.
pub fn changes_section(c: &Comparison) -> Section {
    let (na, nb) = (&c.a.name, &c.b.name);
    let mut paragraphs = vec![overview(c)];
    for q in c.questions.iter().filter(|q| q.figure.is_some()) {
        paragraphs.push(question_sentence(q, na, nb));
    }
    Section {
        id: "changes".into(),
        heading: format!("What changed from {na} to {nb}"),
        paragraphs,
    }
}

fn overview(c: &Comparison) -> String {
    let paired: Vec<&ComparedQuestion> = c.questions.iter().filter(|q| q.a_id != GROUPS_ID).collect();
    let by = |how: &str| paired.iter().filter(|q| q.matched_by == how).count();
    let mut ways: Vec<String> = [
        ("code and text", "by the same code and text"),
        ("text", "by the same text"),
        ("similar text and options", "by similar text and options"),
        ("you", "by you"),
    ]
    .iter()
    .filter_map(|(how, words)| {
        let n = by(how);
        (n > 0).then(|| format!("{n} {words}"))
    })
    .collect();
    if ways.len() == 1 {
        ways = vec![ways[0].split_once(' ').map_or(ways[0].clone(), |(_, w)| w.to_string())];
    }
    let count = |n: u64| crate::base::format::trim_number(n as f64);
    format!(
        "{} ({} respondents) compared with {} ({} respondents): {} question{} paired{}, {} only in {}, {} only in {}. \
         Each share's change is tested by a two-proportion z test, Benjamini-Hochberg corrected within each \
         question; a change is said only where q < {ALPHA}.",
        c.a.name,
        count(c.a.respondents),
        c.b.name,
        count(c.b.respondents),
        paired.len(),
        if paired.len() == 1 { "" } else { "s" },
        if ways.is_empty() {
            String::new()
        } else {
            format!(" ({})", and_list(&ways))
        },
        c.unmatched_a.len(),
        c.a.name,
        c.unmatched_b.len(),
        c.b.name,
    )
}

/// "Rose from 31% to 39% (p = 0.004, q = 0.012)".
fn moved(o: &ComparedOption) -> Option<String> {
    let (a, b, change) = (o.a?, o.b?, o.change?);
    let verb = if change > 0.0 { "rose" } else { "fell" };
    let mut stats = Vec::new();
    if let Some(p) = o.p {
        stats.push(p_value(p));
    }
    if let Some(q) = o.q {
        stats.push(q_value(q));
    }
    // Whole percents that read the same say nothing of a change: one decimal then.
    let (mut from, mut to) = (percent(a.percent / 100.0), percent(b.percent / 100.0));
    if from == to {
        (from, to) = (format!("{:.1}%", a.percent), format!("{:.1}%", b.percent));
    }
    Some(format!("{verb} from {from} to {to} ({})", stats.join(", ")))
}

fn question_sentence(q: &ComparedQuestion, na: &str, nb: &str) -> String {
    let mut sig: Vec<&ComparedOption> = q.options.iter().filter(|o| o.significant).collect();
    sig.sort_by(|x, y| {
        let size = |o: &ComparedOption| o.change.unwrap_or(0.0).abs();
        size(y).total_cmp(&size(x))
    });
    let tested = q.options.iter().filter(|o| o.q.is_some()).count();
    let subject = |o: &ComparedOption| {
        if q.a_id == GROUPS_ID {
            format!("the share of respondents in the {} group", o.label)
        } else if q.grid {
            format!("the share rating \u{201c}{}\u{201d} in the top two points", o.label)
        } else {
            format!("the share choosing \u{201c}{}\u{201d}", o.label)
        }
    };
    let head = if q.a_id == GROUPS_ID {
        "Maturity groups".to_string()
    } else {
        format!("\u{201c}{}\u{201d}", q.a_header)
    };
    let noun = |n: usize| {
        let one = if q.a_id == GROUPS_ID {
            "group"
        } else if q.grid {
            "item"
        } else {
            "option"
        };
        if n == 1 {
            one.to_string()
        } else {
            format!("{one}s")
        }
    };
    let only: Vec<String> = [
        (q.options.iter().filter(|o| o.b.is_none()).count(), na),
        (q.options.iter().filter(|o| o.a.is_none()).count(), nb),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, e)| format!("{n} {} only in {e}", noun(*n)))
    .collect();
    let only = if only.is_empty() {
        String::new()
    } else {
        format!(" ({} not compared)", and_list(&only))
    };
    if sig.is_empty() {
        let largest = q
            .options
            .iter()
            .filter(|o| o.q.is_some())
            .max_by(|x, y| x.change.unwrap_or(0.0).abs().total_cmp(&y.change.unwrap_or(0.0).abs()));
        let detail = largest.map_or(String::new(), |o| {
            let points = o.change.unwrap_or(0.0);
            format!(
                "; the largest change, \u{201c}{}\u{201d}, is {} point{} ({})",
                o.label,
                crate::present::figures::signed_points(points),
                if points.round().abs() == 1.0 { "" } else { "s" },
                q_value(o.q.unwrap_or(1.0))
            )
        });
        return format!(
            "{head}: about the same from {na} to {nb} for every {} tested{detail}.{only}",
            noun(1)
        );
    }
    let named: Vec<String> = sig
        .iter()
        .take(NAMED)
        .filter_map(|o| Some(format!("{} {}", subject(o), moved(o)?)))
        .collect();
    let more = sig.len().saturating_sub(NAMED);
    let rest = tested - sig.len();
    let mut tail = Vec::new();
    if more > 0 {
        tail.push(format!("{more} more changed significantly (see its figure)"));
    }
    if rest > 0 {
        tail.push(if rest == 1 {
            format!("the other {} is about the same", noun(1))
        } else {
            format!("the other {rest} {} are about the same", noun(rest))
        });
    }
    let tail = if tail.is_empty() {
        String::new()
    } else {
        format!("; {}", tail.join("; "))
    };
    format!("{head}: {}{tail}.{only}", and_list(&named))
}
