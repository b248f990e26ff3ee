use survey_report::{build_figures, Body};
use crate::{report, SAMPLE};
#[test]
fn dump() {
    for f in build_figures(&report(SAMPLE)) {
        match &f.body {
            Body::Bars(b) => println!("{} bars one={} series={} {:?} | {:?}", f.id, b.one_answer, b.series.len(), b.rows.iter().map(|r| (&r.label, r.values[0].count, r.values[0].base)).collect::<Vec<_>>(), f.note),
            Body::Likert(l) => println!("{} likert {:?} {:?}", f.id, l.scale, l.rows.iter().map(|r| (&r.label, &r.counts, r.n)).collect::<Vec<_>>()),
            _ => println!("{} missing", f.id),
        }
    }
}
