//! Tolerant matching of what a file says to what a preset expects: header
//! texts, option labels, multi-select cells and rating answers.

use rustc_hash::{FxHashMap, FxHashSet};

// How headers and labels are compared lives in the base layer, below the
// reader whose header layouts use it too; matching offers it with the rest.
pub use crate::base::words::{is_other_label, normalize};

/// Splits multi-select cells into known options and free-text answers.
///
/// Known labels are matched first, longest first, so a label that itself
/// contains ", " (e.g. "Online course (e.g., Coursera, edX)") is never cut in
/// two; what is left between separators is free text.
///
/// The labels are a trie over their lower-cased bytes, so finding the
/// longest label at a position walks the cell once, however many labels
/// there are (trying each label in turn was labels x positions: a column of
/// 20,000 learnt labels took 15 s). A hand-written trie rather than the
/// `aho-corasick` crate: the match wanted is anchored at a separator and
/// must end at one, which is one walk down a trie, and the crate would add
/// its automata to the page's wasm.
pub struct MultiSplitter {
    /// Child of (node, byte); node 0 is the root.
    edges: FxHashMap<(u32, u8), u32>,
    /// The option whose label ends at each node (the first given, for labels
    /// alike once lower-cased).
    ends: Vec<Option<usize>>,
}

/// One multi-select cell, split.
#[derive(Debug, Default, PartialEq)]
pub struct Split {
    pub chosen: Vec<usize>,
    /// Free-text answers, consecutive unknown pieces joined back with ", ".
    pub other: Vec<String>,
}

impl MultiSplitter {
    /// A splitter that knows `options`, matched in lower case; the index of
    /// an option is its place in `options`.
    pub fn new(options: &[String]) -> MultiSplitter {
        let mut out = MultiSplitter {
            edges: FxHashMap::default(),
            ends: vec![None],
        };
        for (i, o) in options.iter().enumerate() {
            let label = o.trim().to_lowercase();
            if label.is_empty() {
                continue;
            }
            let mut node = 0u32;
            for &b in label.as_bytes() {
                let next = out.ends.len() as u32;
                node = *out.edges.entry((node, b)).or_insert(next);
                if node == next {
                    out.ends.push(None);
                }
            }
            out.ends[node as usize].get_or_insert(i);
        }
        out
    }

    /// The longest label starting at the beginning of `rest` and ending an
    /// answer there: (its length in bytes, its option).
    fn longest(&self, rest: &str) -> Option<(usize, usize)> {
        let mut node = 0u32;
        let mut best = None;
        for (depth, &b) in rest.as_bytes().iter().enumerate() {
            match self.edges.get(&(node, b)) {
                Some(&next) => node = next,
                None => break,
            }
            if let Some(option) = self.ends[node as usize] {
                if ends_answer(&rest[depth + 1..]) {
                    best = Some((depth + 1, option));
                }
            }
        }
        best
    }

    /// The known options chosen in `cell`, each once in the order written,
    /// and what is left between separators as free text.
    pub fn split(&self, cell: &str) -> Split {
        // Match in lower case; `orig[i]` is the byte of `cell` that byte `i`
        // of `hay` came from, since lower-casing can change byte lengths.
        let mut hay = String::with_capacity(cell.len());
        let mut orig: Vec<usize> = Vec::with_capacity(cell.len() + 1);
        for (i, ch) in cell.char_indices() {
            for lc in ch.to_lowercase() {
                let start = hay.len();
                hay.push(lc);
                orig.extend(std::iter::repeat_n(i, hay.len() - start));
            }
        }
        orig.push(cell.len());
        let mut out = Split::default();
        let mut chosen = FxHashSet::default();
        let mut unknown: Option<String> = None;
        let mut pos = 0;
        let bytes = hay.as_bytes();
        while pos < hay.len() {
            // Skip separators and whitespace between answers.
            while pos < hay.len() && matches!(bytes[pos], b',' | b';' | b' ' | b'\t' | b'\n' | b'\r') {
                pos += 1;
            }
            if pos >= hay.len() {
                break;
            }
            let rest = &hay[pos..];
            if let Some((len, index)) = self.longest(rest) {
                if let Some(text) = unknown.take() {
                    out.other.push(text);
                }
                if chosen.insert(index) {
                    out.chosen.push(index);
                }
                pos += len;
                continue;
            }
            // Free text up to the next separator, cut from the cell as written.
            let end = rest.find([',', ';']).map_or(hay.len(), |e| pos + e);
            let piece = cell[orig[pos]..orig[end]].trim();
            if !piece.is_empty() {
                match &mut unknown {
                    Some(text) => {
                        text.push_str(", ");
                        text.push_str(piece);
                    }
                    None => unknown = Some(piece.to_string()),
                }
            }
            pos = end;
        }
        if let Some(text) = unknown {
            out.other.push(text);
        }
        out
    }
}

/// A label ends an answer when the cell ends or a separator follows.
fn ends_answer(after: &str) -> bool {
    let t = after.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with([',', ';', '\n', '\r'])
}

/// Reads a rating answer as a 0-based scale point: the scale label itself,
/// its 1-based number ("4"), or both ("4 - Very relevant").
pub fn parse_rating(scale_norm: &[String], answer: &str) -> Option<usize> {
    let a = answer.trim();
    if let Some(i) = scale_norm.iter().position(|s| *s == normalize(a)) {
        return Some(i);
    }
    let digits: String = a.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: usize = digits.parse().ok()?;
    (1..=scale_norm.len()).contains(&n).then(|| n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `cell` with `options` known; returns the chosen labels and the free text.
    fn split(options: &[&str], cell: &str) -> (Vec<String>, Vec<String>) {
        let opts: Vec<String> = options.iter().map(|s| s.to_string()).collect();
        let s = MultiSplitter::new(&opts).split(cell);
        (s.chosen.iter().map(|&i| opts[i].clone()).collect(), s.other)
    }

    #[test]
    fn labels_containing_the_separator_survive() {
        let opts = ["Online course (e.g., Coursera, edX, Datacamp)", "Books", "Coursera"];
        let (chosen, other) = split(&opts, "Books, Online course (e.g., Coursera, edX, Datacamp), Coursera");
        assert_eq!(
            chosen,
            vec!["Books", "Online course (e.g., Coursera, edX, Datacamp)", "Coursera"]
        );
        assert!(other.is_empty());
    }

    #[test]
    fn unknown_pieces_are_free_text_joined_back() {
        let (chosen, other) = split(&["Images", "Text"], "Images, lidar, point clouds;Text");
        assert_eq!(chosen, vec!["Images", "Text"]);
        assert_eq!(other, vec!["lidar, point clouds".to_string()]);
    }

    #[test]
    fn a_label_prefix_of_a_longer_answer_is_not_a_match() {
        let (chosen, other) = split(&["Time series"], "Time series forecasting");
        assert!(chosen.is_empty());
        assert_eq!(other, vec!["Time series forecasting".to_string()]);
    }

    #[test]
    fn case_and_separators_are_tolerated() {
        let (chosen, other) = split(&["Relational data", "Images"], " relational DATA;images ,");
        assert_eq!(chosen, vec!["Relational data", "Images"]);
        assert!(other.is_empty());
    }

    #[test]
    fn ratings_by_label_number_or_both() {
        let scale: Vec<String> = [
            "Not relevant",
            "Slightly relevant",
            "Moderately relevant",
            "Very relevant",
            "Extremely relevant",
        ]
        .iter()
        .map(|s| normalize(s))
        .collect();
        assert_eq!(parse_rating(&scale, "Very relevant"), Some(3));
        assert_eq!(parse_rating(&scale, "5"), Some(4));
        assert_eq!(parse_rating(&scale, "2 - Slightly relevant"), Some(1));
        assert_eq!(parse_rating(&scale, "6"), None);
        assert_eq!(parse_rating(&scale, "maybe"), None);
    }
}
