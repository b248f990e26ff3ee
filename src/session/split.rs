//! One question split by the answers of a single-choice question.

use crate::base::error::Result;
use crate::count::{self, Selection};
use crate::infer::schema::Kind;
use crate::present::figures::{self, Figure, SplitCounts};
use crate::report::question::kept;
use crate::report::types::{can_split, can_split_by, OTHER_FREE_TEXT};
use crate::session::Session;

impl Session {
    /// Counts of question `id` by the groups of single-choice question `by`,
    /// for a split figure. None when either is missing or `by` is not single.
    /// An error when its table would pass the limits on a split
    /// (`MAX_SPLIT_BY_OPTIONS`, `MAX_SPLIT_CELLS`).
    pub fn split(&self, id: &str, by: &str, stacked: bool) -> Result<Option<Figure>> {
        let p = self.prepare();
        let Some(qi) = p.ids.iter().position(|x| x == id) else {
            return Ok(None);
        };
        let Some(bi) = p.ids.iter().position(|x| x == by) else {
            return Ok(None);
        };
        let (q, b) = (&p.resolvers[qi], &p.resolvers[bi]);
        if qi == bi || !can_split(p.qs[qi].kind, &q.encoding) || !can_split_by(p.qs[bi].kind, &b.encoding) {
            return Ok(None);
        }
        // The options, then the free-text bucket, so each group adds up.
        let other_at = q.labels.len();
        let mut options = q.labels.clone();
        options.push(OTHER_FREE_TEXT.to_string());
        let (header, by_header) = (&p.qs[qi].header, &p.qs[bi].header);
        let mut split = SplitCounts::new(header, by_header, options, b.labels.clone())?;
        let table = &self.data.table;
        let all = Selection::all(table.rows);
        let groups = count::engine::group_by_answer(table, b, &all);
        let counted = count::count(table, q, &all, None, Some(&groups));
        for (g, c) in counted.groups.iter().enumerate() {
            split.answered[g] = c.base.respondents;
            for (o, t) in c.options.iter().enumerate() {
                split.counts[g][o] = t.respondents;
            }
            split.counts[g][other_at] = c.other.respondents;
        }
        if split.counts.iter().all(|row| row[other_at] == 0) {
            split.options.pop();
            for row in &mut split.counts {
                row.pop();
            }
        }
        // Preset options and groups this file does not offer are not drawn.
        let keep: Vec<bool> = (0..split.options.len())
            .map(|o| !q.preset_only.get(o).copied().unwrap_or(false) || split.counts.iter().any(|row| row[o] > 0))
            .collect();
        split.options = kept(&split.options, &keep);
        for row in &mut split.counts {
            *row = kept(row, &keep);
        }
        let keep: Vec<bool> = (0..split.groups.len())
            .map(|g| !b.preset_only.get(g).copied().unwrap_or(false) || split.answered[g] > 0)
            .collect();
        split.groups = kept(&split.groups, &keep);
        split.counts = kept(&split.counts, &keep);
        split.answered = kept(&split.answered, &keep);
        // 100% stacking needs one answer per respondent: single choice and ratings only.
        let mut figure = if stacked && p.qs[qi].kind != Kind::Multi {
            figures::stacked_split_figure(id, &p.qs[qi].header, &p.qs[bi].header, &split, p.qs[qi].ordered)
        } else {
            figures::split_figure(id, &p.qs[qi].header, &p.qs[bi].header, &split)
        };
        figure.source = figures::source_line(self.data.info.name.as_deref());
        Ok(Some(figure))
    }
}
