use super::*;

fn column(values: &[(&str, usize)]) -> Column {
    let mut c = Column::default();
    for (v, n) in values {
        for _ in 0..*n {
            c.push(v);
        }
    }
    c
}

#[test]
fn joined_labels_keep_commas_inside_labels() {
    let c = column(&[
        ("Online course (e.g., Coursera, edX, Datacamp)", 30),
        ("Books", 20),
        ("Books, Online course (e.g., Coursera, edX, Datacamp)", 15),
        ("Books, University", 5),
        ("University", 10),
    ]);
    let mut labels = joined_labels(&c, "How did you learn R?", false).unwrap();
    labels.sort();
    assert_eq!(
        labels,
        ["Books", "Online course (e.g., Coursera, edX, Datacamp)", "University"]
    );
}

#[test]
fn sentences_with_commas_are_not_multi_select() {
    let c = column(&[
        ("I like it, mostly", 1),
        ("Fast, but hard to learn", 1),
        ("The community, the packages, the docs", 1),
        ("Nothing", 1),
        ("ggplot", 1),
        ("Tidyverse, really", 1),
        ("RStudio", 1),
        ("It is free, open", 1),
        ("Speed", 1),
        ("Plots, plots", 1),
    ]);
    assert_eq!(joined_labels(&c, "What do you like best about R?", false), None);
}

#[test]
fn scales_are_ordered_by_meaning() {
    let labels: Vec<String> = ["Good", "Bad", "Excellent", "OK"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(scale_order(&labels).unwrap(), ["Bad", "OK", "Good", "Excellent"]);
    let labels: Vec<String> = ["Somewhat important", "Very Important", "Critical", "Not Important"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        scale_order(&labels).unwrap(),
        ["Not Important", "Somewhat important", "Very Important", "Critical"]
    );
    let labels: Vec<String> = ["Models", "Data"].iter().map(|s| s.to_string()).collect();
    assert_eq!(scale_order(&labels), None);
}

#[test]
fn markers_mean_chosen() {
    assert!(is_chosen("Python", "Python"));
    assert!(is_chosen("1", "Python") && is_chosen("TRUE", "Python") && is_chosen("x", "Python"));
    assert!(!is_chosen("0", "Python") && !is_chosen("", "Python") && !is_chosen("FALSE", "Python"));
}
