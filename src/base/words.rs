//! Words as matching sees them: a header or label reduced to what identifies
//! it, and the questionnaire's "Other" choice. Below the reader, whose header
//! layouts need both.

/// A header or label reduced to what identifies it: lower case, figure
/// decorations such as "(Fig. 2)" and a leading "Q5." removed, punctuation
/// dropped, whitespace collapsed.
pub fn normalize(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let s = strip_decorations(strip_question_number(&lower));
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if ch.is_alphanumeric() || ch == '+' || ch == '&' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        } else {
            // Punctuation and whitespace both separate words; "1-10" and
            // "1 10" are the same label, which is fine for matching.
            space = true;
        }
    }
    out
}

/// Removes "(fig. 2)", "(figure 3)", "(paper)" and "(optional)" decorations.
fn strip_decorations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else { break };
        let inner = rest[open + 1..open + close].trim();
        let decoration = inner.starts_with("fig")
            || inner.starts_with("figure")
            || inner == "paper"
            || inner == "optional"
            || inner == "required";
        out.push_str(&rest[..open]);
        if !decoration {
            out.push_str(&rest[open..=open + close]);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// "q5. what is your role" -> "what is your role", also "5) ..." and
/// "q5 ..."; "2-5" and a bare "q5" stay as they are.
fn strip_question_number(s: &str) -> &str {
    let t = s.trim_start();
    let (has_q, rest) = match t.strip_prefix('q') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return s;
    }
    let after = &rest[digits..];
    let marked = after.starts_with(['.', ')', ':']) || (has_q && after.starts_with(' '));
    let remainder = after.trim_start_matches(['.', ')', ':']).trim_start();
    if marked && !remainder.is_empty() && remainder.starts_with(char::is_alphabetic) {
        remainder
    } else {
        s
    }
}

/// Whether an option label is the questionnaire's "Other" choice: "Other",
/// "Other (please specify)", "Other, please describe", "Other:".
pub fn is_other_label(label: &str) -> bool {
    let n = normalize(label);
    n == "other"
        || (n.starts_with("other ")
            && ["specify", "please", "describe", "text", "write"]
                .iter()
                .any(|w| n.split(' ').any(|x| x == *w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_drops_decorations_and_numbering() {
        assert_eq!(
            normalize("What is your role in your team? (Fig. 2)  "),
            "what is your role in your team"
        );
        assert_eq!(
            normalize("Q5. What is your role in your team?"),
            "what is your role in your team"
        );
        assert_eq!(
            normalize("Not enough budget for purchases (solutions, computing)"),
            "not enough budget for purchases solutions computing"
        );
        assert_eq!(normalize("1001+"), "1001+");
        // Ranges are labels, not question numbers.
        assert_eq!(normalize("2-5"), "2 5");
        assert_eq!(normalize("5) What is your role?"), "what is your role");
        assert_eq!(normalize("q12 Country"), "country");
    }

    #[test]
    fn other_labels_are_the_other_choice_only() {
        for label in [
            "Other",
            "Other:",
            "Other (please specify)",
            "Other, please describe",
            "OTHER - Text",
        ] {
            assert!(is_other_label(label), "{label}");
        }
        for label in ["Other tools", "Another", "Others in my team", "None"] {
            assert!(!is_other_label(label), "{label}");
        }
    }
}
