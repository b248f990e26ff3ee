//! A preset's cross-references checked when it is loaded: every rule, claim,
//! figure, sentence and sample entry names a question, option, item and
//! group the preset defines, so a typo fails loudly, not silently.

use super::sample::SampleSpec;
use super::{Names, Preset, SpecKind, TextSpec, MAX_MATURITY_GROUPS};
use crate::base::error::{Error, ErrorKind, Result};

/// What is wrong, with the field it is in: "figures[1].role: unknown question \"dta\"".
type Problem = std::result::Result<(), String>;

impl Preset {
    /// Checks cross-references; the error names the preset, the field and
    /// the value that is wrong.
    pub(super) fn validate(&self) -> Result<()> {
        self.check_rules()
            .and_then(|()| self.check_claims())
            .and_then(|()| self.check_figures())
            .and_then(|()| self.check_text(&self.text))
            .and_then(|()| self.sample.as_ref().map_or(Ok(()), |s| self.check_sample(s)))
            .map_err(|msg| Error::new(ErrorKind::Preset, format!("preset {:?}: {msg}", self.id)))
    }

    fn has_option(&self, q: &str, o: &str) -> bool {
        self.question(q)
            .is_some_and(|q| q.options.iter().any(|x| x == o) || q.items.iter().any(|i| i.label == o))
    }

    fn group_known(&self, g: &str) -> bool {
        self.maturity
            .as_ref()
            .is_some_and(|m| m.groups.iter().any(|x| x.id == g) || m.unclassified.id == g)
    }

    /// `field: unknown question "id"` unless the preset defines it.
    fn known_question(&self, field: &str, id: &str) -> Problem {
        match self.question(id) {
            Some(_) => Ok(()),
            None => Err(format!("{field}: unknown question {id:?}")),
        }
    }

    fn known_option(&self, field: &str, question: &str, option: &str) -> Problem {
        if self.has_option(question, option) {
            Ok(())
        } else {
            Err(format!("{field}: unknown option {option:?} of question {question:?}"))
        }
    }

    fn rating_grid(&self, field: &str, id: &str) -> Problem {
        self.known_question(field, id)?;
        match self.question(id) {
            Some(q) if q.kind == SpecKind::RatingGrid => Ok(()),
            _ => Err(format!("{field}: question {id:?} is not a rating grid")),
        }
    }

    fn check_rules(&self) -> Problem {
        if let Some(m) = &self.maturity {
            if self.question(&m.question).is_none() {
                return Err(format!("maturity reads unknown question {:?}", m.question));
            }
            // A respondent's group is kept as one byte while counting.
            if m.groups.len() > MAX_MATURITY_GROUPS {
                return Err(format!(
                    "maturity has {} groups; at most {MAX_MATURITY_GROUPS} are supported",
                    m.groups.len()
                ));
            }
            for g in &m.groups {
                for o in &g.any_of {
                    if !self.has_option(&m.question, o) {
                        return Err(format!("group {:?} names unknown option {o:?}", g.id));
                    }
                }
            }
            for c in &m.compare {
                if self.question(&c.question).is_none() {
                    return Err(format!("maturity compares unknown question {:?}", c.question));
                }
            }
        }
        for q in &self.questions {
            if let Some(o) = q.aliases.keys().find(|o| !q.options.contains(o)) {
                return Err(format!("question {:?} lists aliases of unknown option {o:?}", q.id));
            }
        }
        Ok(())
    }

    fn check_claims(&self) -> Problem {
        for c in &self.claims {
            if c.sample_count && !c.check.is_count() {
                return Err(format!(
                    "claim {:?}: sample_count is for checks that compare a count (respondents, distinct_countries, group_count)",
                    c.id
                ));
            }
            let Names {
                question,
                options,
                groups,
            } = c.check.names();
            if let Some(q) = question {
                if self.question(q).is_none() {
                    return Err(format!("claim {:?} names unknown question {q:?}", c.id));
                }
                for o in options {
                    if !self.has_option(q, o) {
                        return Err(format!("claim {:?} names unknown option {o:?} of {q:?}", c.id));
                    }
                }
            }
            for g in groups {
                if !self.group_known(g) {
                    return Err(format!("claim {:?} names unknown group {g:?}", c.id));
                }
            }
        }
        Ok(())
    }

    fn check_figures(&self) -> Problem {
        for (i, f) in self.figures.iter().enumerate() {
            if self.figures[..i].iter().any(|e| e.id == f.id) {
                return Err(format!("figures[{i}].id: duplicate figure id {:?}", f.id));
            }
            match (f.asked, self.question(&f.role).is_some()) {
                (true, false) => return Err(format!("figures[{i}].role: unknown question {:?}", f.role)),
                (false, true) => {
                    return Err(format!(
                        "figures[{i}].asked: false, but {:?} is a question of this preset",
                        f.role
                    ))
                }
                _ => {}
            }
        }
        // The report names a question's figure by the question's label: it
        // must be the title of the figure that shows the question.
        for (i, q) in self.questions.iter().enumerate() {
            let (Some(label), Some(f)) = (&q.figure, self.figures.iter().find(|f| f.role == q.id)) else {
                continue;
            };
            if *label != f.title {
                return Err(format!(
                    "questions[{i}].figure: {label:?}, but figure {:?} of this question is titled {:?}",
                    f.id, f.title
                ));
            }
        }
        Ok(())
    }

    fn check_text(&self, t: &TextSpec) -> Problem {
        for (i, m) in t.mix.iter().enumerate() {
            self.known_question(&format!("text.mix[{i}].question"), &m.question)?;
        }
        if let Some(s) = &t.share {
            self.known_question("text.share.question", &s.question)?;
            self.known_option("text.share.option", &s.question, &s.option)?;
        }
        if let Some(s) = &t.top_two {
            self.known_question("text.top_two.question", &s.question)?;
        }
        if let Some(s) = &t.top_three {
            self.known_question("text.top_three.question", &s.question)?;
        }
        if let Some(s) = &t.top_four {
            self.known_question("text.top_four.question", &s.question)?;
        }
        if let Some(r) = &t.ratings {
            self.rating_grid("text.ratings.question", &r.question)?;
            if let Some(item) = &r.also {
                self.known_option("text.ratings.also", &r.question, item)?;
            }
        }
        Ok(())
    }

    fn check_sample(&self, s: &SampleSpec) -> Problem {
        let Some(m) = &self.maturity else {
            return Err("sample: the sample is drawn by maturity group, and this preset has no maturity rules".into());
        };
        for (i, g) in s.groups.iter().enumerate() {
            if !self.group_known(&g.group) {
                return Err(format!("sample.groups[{i}].group: unknown group {:?}", g.group));
            }
            if s.groups[..i].iter().any(|e| e.group == g.group) {
                return Err(format!("sample.groups[{i}].group: group {:?} is listed twice", g.group));
            }
            if g.share.is_some_and(|(_, d)| d == 0) {
                return Err(format!("sample.groups[{i}].share: the denominator is 0"));
            }
        }
        let every = m.groups.iter().chain([&m.unclassified]);
        if let Some(g) = every.clone().find(|g| !s.groups.iter().any(|e| e.group == g.id)) {
            return Err(format!("sample.groups: group {:?} is missing", g.id));
        }
        let rest = s.groups.iter().filter(|g| g.share.is_none()).count();
        if rest != 1 {
            return Err(format!(
                "sample.groups: exactly one group has no share (it takes the rows left over), not {rest}"
            ));
        }
        for (i, a) in s.answers.iter().enumerate() {
            self.known_question(&format!("sample.answers[{i}].question"), &a.question)?;
            for (j, g) in a.groups.iter().enumerate() {
                if !self.group_known(g) {
                    return Err(format!("sample.answers[{i}].groups[{j}]: unknown group {g:?}"));
                }
            }
            for (j, (o, _)) in a.choose.iter().enumerate() {
                self.known_option(&format!("sample.answers[{i}].choose[{j}]"), &a.question, o)?;
            }
        }
        for (i, r) in s.ratings.iter().enumerate() {
            let field = format!("sample.ratings[{i}].question");
            self.rating_grid(&field, &r.question)?;
            let q = self.question(&r.question).expect("checked above");
            if q.scale.len() != r.shares.len() {
                return Err(format!(
                    "{field}: the sample rates on {} points, and {:?} has {}",
                    r.shares.len(),
                    r.question,
                    q.scale.len()
                ));
            }
            for (j, k) in r.items.iter().enumerate() {
                if !q.items.iter().any(|item| item.key == *k) {
                    return Err(format!(
                        "sample.ratings[{i}].items[{j}]: unknown item {k:?} of question {:?}",
                        r.question
                    ));
                }
            }
        }
        Ok(())
    }
}
