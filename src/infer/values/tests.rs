use super::*;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn brackets_sort_by_lower_bound_with_open_ends_outside() {
    let got = ordinal_order(&strings(&[
        "$10,001-25,000",
        ">$150,000",
        "$0-999",
        "$100,001-150,000",
        "1,000-9,999",
        "I do not know",
    ]))
    .unwrap();
    assert_eq!(
        got,
        strings(&[
            "$0-999",
            "1,000-9,999",
            "$10,001-25,000",
            "$100,001-150,000",
            ">$150,000",
            "I do not know"
        ])
    );
    let got = ordinal_order(&strings(&[
        "5-10 years",
        "I have never written code",
        "< 1 years",
        "20+ years",
        "1-3 years",
    ]))
    .unwrap();
    assert_eq!(
        got,
        strings(&[
            "I have never written code",
            "< 1 years",
            "1-3 years",
            "5-10 years",
            "20+ years"
        ])
    );
    let got = ordinal_order(&strings(&["20+", "1-2", "0", "10-14", "3-4"])).unwrap();
    assert_eq!(got, strings(&["0", "1-2", "3-4", "10-14", "20+"]));
    let got = ordinal_order(&strings(&[
        "More than 10 years",
        "1-2 years",
        "Less than 1 year",
        "3-5 years",
    ]))
    .unwrap();
    assert_eq!(
        got,
        strings(&["Less than 1 year", "1-2 years", "3-5 years", "More than 10 years"])
    );
}

#[test]
fn time_spans_sort_by_length() {
    let got = ordinal_order(&strings(&["Years", "Weeks", "Days", "Months", "Never"])).unwrap();
    assert_eq!(got, strings(&["Days", "Weeks", "Months", "Years", "Never"]));
}

#[test]
fn word_scales_sort_by_degree() {
    let got = ordinal_order(&strings(&["Somewhat useful", "Critical to me", "Not relevant for me"])).unwrap();
    assert_eq!(
        got,
        strings(&["Not relevant for me", "Somewhat useful", "Critical to me"])
    );
    let got = ordinal_order(&strings(&[
        "Satisfied",
        "Very unsatisfied",
        "Neither",
        "Very satisfied",
        "Unsatisfied",
    ]))
    .unwrap();
    assert_eq!(
        got,
        strings(&[
            "Very unsatisfied",
            "Unsatisfied",
            "Neither",
            "Satisfied",
            "Very satisfied"
        ])
    );
}

#[test]
fn proficiency_levels_sort_from_none() {
    let got = ordinal_order(&strings(&["Intermediate", "Expert", "Beginner", "None"])).unwrap();
    assert_eq!(got, strings(&["None", "Beginner", "Intermediate", "Expert"]));
}

#[test]
fn nominal_labels_have_no_order() {
    assert_eq!(
        ordinal_order(&strings(&["Data Scientist", "Student", "Not employed", "Other"])),
        None
    );
    assert_eq!(ordinal_order(&strings(&["Python", "R", "SQL"])), None);
    assert_eq!(ordinal_order(&strings(&["Finland", "USA", "Germany", "Spain"])), None);
}

#[test]
fn numbers_as_people_write_them() {
    let f = number_format(&["2,5", "10", "7,5"], true).unwrap();
    assert!(f.decimal_comma);
    assert_eq!(f.parse("2,5"), Some(2.5));
    let f = number_format(&["1,000", "12,500", "250"], false).unwrap();
    assert!(f.thousands);
    assert_eq!(f.parse("12,500"), Some(12500.0));
    let f = number_format(&["5 years", "10 years", "1 year"], false).unwrap();
    assert_eq!(f.unit.as_deref(), Some("years"));
    assert_eq!(f.parse("1 year"), Some(1.0));
    let f = number_format(&["10%", "25%"], false).unwrap();
    assert_eq!(f.parse("25%"), Some(25.0));
    assert_eq!(number_format(&["2-5", "3"], false), None);
    assert_eq!(number_format(&["1-2 years", "3 years"], false), None);
    assert_eq!(number_format(&["inf", "3"], false), None);
}

#[test]
fn markers_depend_on_the_column() {
    assert!(is_missing_marker("nan", 10) && is_missing_marker("#N/A", 3));
    assert!(is_missing_marker("N/A", 0) && !is_missing_marker("N/A", 4));
    assert!(!is_missing_marker("None of these", 0) && !is_missing_marker("None", 0));
}

#[test]
fn date_serials_are_read_as_dates() {
    assert_eq!(date_serial("41310").as_deref(), Some("2013-02-05"));
    assert_eq!(date_serial("2"), None);
    assert!(is_range("2-5") && is_range("20+") && !is_range("2.5") && !is_range("abc"));
}
