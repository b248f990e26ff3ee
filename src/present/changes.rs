//! What changed between two editions, in sentences: only changes that are
//! significant after correction are said to rise or fall; the rest are
//! "about the same".

use crate::base::format::{and_list, or_list, p_value, percent, q_value};
use crate::infer::preset::TextSpec;
use crate::infer::values::{f64_key, reorder};
use crate::present::text::lower_first;
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
    let count = crate::base::format::count;
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
    let keys: Vec<u64> = sig.iter().map(|o| f64_key(-o.change.unwrap_or(0.0).abs())).collect();
    reorder(&mut sig, &keys);
    let tested = q.options.iter().filter(|o| o.q.is_some()).count();
    let subject = |o: &ComparedOption| {
        if q.a_id == GROUPS_ID {
            format!("the share of respondents in the {} group", o.label)
        } else if q.grid {
            format!(
                "the share rating \u{201c}{}\u{201d} as {}",
                o.label,
                crate::base::format::or_list(&q.top.iter().map(|t| format!("\u{201c}{t}\u{201d}")).collect::<Vec<_>>())
            )
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

/// The paper's results section written for the comparison, from the
/// preset's text (both editions read with the same preset): each sentence's
/// share as a change, said to rise or fall only when significant. None when
/// the preset's text names no question both editions have.
pub fn results_changes(spec: &TextSpec, c: &Comparison) -> Option<Section> {
    let (na, nb) = (&c.a.name, &c.b.name);
    let find = |id: &str| c.questions.iter().find(|q| q.a_id == id && q.figure.is_some());
    let mut paragraphs = Vec::new();
    if let Some(o) = spec.share.as_ref().and_then(|s| {
        let q = find(&s.question)?;
        q.options
            .iter()
            .find(|o| o.a_label.as_deref() == Some(s.option.as_str()))
    }) {
        if let Some(said) = change_or_same(o, na, nb) {
            paragraphs.push(format!(
                "The share of respondents who say that they work with {} {said}.",
                lower_first(o.a_label.as_deref().unwrap_or(&o.label))
            ));
        }
    }
    let tops: [(Option<&String>, usize, String); 3] = [
        (
            spec.top_two.as_ref().map(|t| &t.question),
            2,
            "the kinds of data the work revolves most around are".into(),
        ),
        (
            spec.top_three.as_ref().map(|t| &t.question),
            3,
            "the largest categories of problems to be solved are".into(),
        ),
        (
            spec.top_four.as_ref().map(|t| &t.question),
            4,
            "the four top goals are".into(),
        ),
    ];
    for (id, k, words) in tops {
        if let Some(q) = id.and_then(|id| find(id)) {
            paragraphs.push(top_sentence(q, k, &words, na, nb));
        }
    }
    if let Some(q) = spec.ratings.as_ref().and_then(|r| find(&r.question)).filter(|q| q.grid) {
        paragraphs.push(top_sentence(
            q,
            3,
            &format!(
                "the obstacles rated {} by the largest shares are",
                or_list(&q.top.iter().map(|t| lower_first(t)).collect::<Vec<_>>())
            ),
            na,
            nb,
        ));
    }
    (!paragraphs.is_empty()).then(|| Section {
        id: "changes-results".into(),
        heading: "The paper's results, edition by edition".into(),
        paragraphs,
    })
}

/// "rose from 31% to 39% (p = 0.004, q = 0.012)", or "is about the same
/// (31% in 2020, 33% in 2021; p = 0.41)".
fn change_or_same(o: &ComparedOption, na: &str, nb: &str) -> Option<String> {
    if o.significant {
        return moved(o);
    }
    let (a, b) = (o.a?, o.b?);
    Some(format!(
        "is about the same ({} in {na}, {} in {nb}{})",
        percent(a.percent / 100.0),
        percent(b.percent / 100.0),
        o.p.map_or(String::new(), |p| format!("; {}", p_value(p)))
    ))
}

/// The `k` options with the largest shares in each edition ("in both
/// editions" when they are the same, in the same order), then how each of
/// them changed when significantly.
fn top_sentence(q: &ComparedQuestion, k: usize, words: &str, na: &str, nb: &str) -> String {
    let top = |side: fn(&ComparedOption) -> Option<crate::report::compare::Share>| -> Vec<&ComparedOption> {
        let mut v: Vec<&ComparedOption> = q
            .options
            .iter()
            .filter(|o| side(o).is_some_and(|s| s.count > 0))
            .collect();
        let keys: Vec<u64> = v.iter().map(|o| f64_key(-side(o).map_or(0.0, |s| s.percent))).collect();
        reorder(&mut v, &keys);
        v.truncate(k);
        v
    };
    let (ta, tb) = (top(|o| o.a), top(|o| o.b));
    let names = |v: &[&ComparedOption], side: fn(&ComparedOption) -> Option<crate::report::compare::Share>| -> String {
        and_list(
            &v.iter()
                .map(|o| {
                    format!(
                        "{} ({})",
                        lower_first(&o.label),
                        percent(side(o).map_or(0.0, |s| s.percent) / 100.0)
                    )
                })
                .collect::<Vec<_>>(),
        )
    };
    let same = ta.len() == tb.len() && ta.iter().zip(&tb).all(|(x, y)| std::ptr::eq(*x, *y));
    let words = capitalise(words);
    let mut s = if same {
        let shares = |side: fn(&ComparedOption) -> Option<crate::report::compare::Share>| {
            and_list(
                &ta.iter()
                    .map(|o| percent(side(o).map_or(0.0, |s| s.percent) / 100.0))
                    .collect::<Vec<_>>(),
            )
        };
        format!(
            "{words} {} in both editions ({} in {na}; {} in {nb})",
            and_list(&ta.iter().map(|o| lower_first(&o.label)).collect::<Vec<_>>()),
            shares(|o| o.a),
            shares(|o| o.b)
        )
    } else {
        format!(
            "{words} {} in {na}, and {} in {nb}",
            names(&ta, |o| o.a),
            names(&tb, |o| o.b)
        )
    };
    let mut named: Vec<&ComparedOption> = ta.clone();
    for o in &tb {
        if !named.iter().any(|x| std::ptr::eq(*x, *o)) {
            named.push(o);
        }
    }
    let moves: Vec<String> = named
        .iter()
        .filter(|o| o.significant)
        .filter_map(|o| Some(format!("{} {}", lower_first(&o.label), moved(o)?)))
        .collect();
    if moves.is_empty() {
        s.push_str("; none of them changed significantly.");
    } else {
        s.push_str(&format!("; {}.", and_list(&moves)));
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
