//! One weight per respondent, for a sample weighted to a population.

use crate::base::error::{Error, ErrorKind, Result};

#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    pub(crate) values: Vec<f64>,
}

impl Weights {
    /// One weight per respondent, in row order: each finite and not
    /// negative (a weight of 0 leaves the respondent out of weighted sums
    /// but not of the respondent counts).
    pub fn new(values: Vec<f64>) -> Result<Weights> {
        if let Some((i, w)) = values.iter().enumerate().find(|(_, w)| !w.is_finite() || **w < 0.0) {
            return Err(Error::new(
                ErrorKind::Malformed,
                format!(
                    "respondent {}: the weight {w} is not a finite number of 0 or more; give every respondent such a weight",
                    i + 1
                ),
            ));
        }
        Ok(Weights { values })
    }

    /// Respondents weighted.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The weight of `row` (0 past the last).
    #[inline]
    pub fn of(&self, row: usize) -> f64 {
        self.values.get(row).copied().unwrap_or(0.0)
    }
}
