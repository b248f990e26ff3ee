//! What leaves the page with a figure: CSV of its numbers, alt text, SVG,
//! and the checks a figure from an embed link must pass.

use survey_report::{
    alt_text, build_figures, check_figure, every_figure, figure_csv, figure_limits, render_svg, BarRow, BarValue, Bars,
    Body, ErrorKind, Figure, Likert, LikertRow, Series,
};

use crate::{report, SAMPLE};

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(String::from).collect())
        .collect()
}

fn bars(id: &str, labels: &[&str], counts: &[u64], base: u64) -> Figure {
    Figure {
        id: id.into(),
        section: "every".into(),
        title: "A test figure".into(),
        subtitle: format!("% of {base} who answered"),
        note: None,
        quotes: None,
        alt: None,
        source: Some("Data: test.csv".into()),
        edited: None,
        labels: Default::default(),
        filter_by: None,
        analysis: None,
        test: None,
        body: Body::Bars(Bars {
            series: vec![Series::new("All", base)],
            rows: labels
                .iter()
                .zip(counts)
                .map(|(l, &c)| BarRow {
                    label: l.to_string(),
                    values: vec![BarValue::new(c, base)],
                    change: None,
                })
                .collect(),
            one_answer: true,
        }),
    }
}

#[test]
fn every_sample_figure_round_trips_its_numbers_through_csv() {
    let r = report(SAMPLE);
    let mut figs = build_figures(&r);
    figs.extend(every_figure(&r));
    let mut checked = 0;
    for fig in &figs {
        let rows = parse_csv(&figure_csv(fig));
        match &fig.body {
            Body::Bars(b) => {
                assert_eq!(rows[0][..3], ["label", "series", "count"], "{}", fig.id);
                assert_eq!(rows.len() - 1, b.rows.len() * b.series.len(), "{}", fig.id);
                let mut it = rows.iter().skip(1);
                for row in &b.rows {
                    for (s, v) in b.series.iter().zip(&row.values) {
                        let r = it.next().unwrap();
                        assert_eq!(r[0].trim_start_matches('\''), row.label);
                        assert_eq!(r[1], s.name);
                        assert_eq!(r[2].parse::<u64>().unwrap(), v.count);
                        assert_eq!(r[3].parse::<u64>().unwrap(), v.base);
                        let p: f64 = r[4].parse().unwrap();
                        assert!((p - v.share * 100.0).abs() <= 0.05, "{}: {p} vs {}", fig.id, v.share);
                        let (lo, hi): (f64, f64) = (r[5].parse().unwrap(), r[6].parse().unwrap());
                        assert!(
                            lo <= p + 0.05 && p <= hi + 0.05,
                            "{}: interval {lo}..{hi} around {p}",
                            fig.id
                        );
                        checked += 1;
                    }
                }
            }
            Body::Likert(l) => {
                assert_eq!(rows[0][..3], ["key", "label", "base"]);
                assert_eq!(rows.len() - 1, l.rows.len());
                for (row, r) in l.rows.iter().zip(rows.iter().skip(1)) {
                    assert_eq!(r[2].parse::<u64>().unwrap(), row.n);
                    for (i, c) in row.counts.iter().enumerate() {
                        assert_eq!(r[3 + i].parse::<u64>().unwrap(), *c, "{} {}", fig.id, row.label);
                    }
                    checked += 1;
                }
            }
            Body::Missing { .. } => {}
        }
    }
    assert!(checked > 150, "only {checked} rows checked");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_escaped() {
    let fig = bars(
        "f",
        &[
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tTab",
            "plain, with comma",
        ],
        &[1, 2, 3, 4, 5, 6],
        30,
    );
    let rows = parse_csv(&figure_csv(&fig));
    let labels: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert_eq!(
        labels,
        [
            "'=HYPERLINK(\"http://x\")",
            "'+1",
            "'-2",
            "'@SUM(A1)",
            "'\tTab",
            "plain, with comma"
        ]
    );
    // Numbers are never altered.
    assert_eq!(rows[1][2], "1");
}

#[test]
fn alt_text_reads_out_the_numbers() {
    let fig = bars("f", &["Both models and infrastructure", "Models only"], &[124, 80], 318);
    let alt = alt_text(&fig);
    assert!(
        alt.starts_with("Bar chart: A test figure (% of 318 who answered)."),
        "{alt}"
    );
    assert!(alt.contains("Both models and infrastructure 39% (124 of 318)"), "{alt}");
    assert!(alt.contains("Models only 25% (80 of 318)"), "{alt}");
    assert!(alt.ends_with("Data: test.csv."), "{alt}");

    let r = report(SAMPLE);
    let figs = build_figures(&r);
    let fig6 = figs.iter().find(|f| f.id == "fig6").unwrap();
    let alt = alt_text(fig6);
    let Body::Likert(l) = &fig6.body else {
        panic!("fig6 is Likert")
    };
    assert!(alt.starts_with("Diverging stacked bar chart"), "{alt}");
    for row in &l.rows {
        assert!(
            alt.contains(&format!(
                "({}) {} {:.0}% (n={})",
                row.key,
                row.label,
                row.top2 * 100.0,
                row.n
            )),
            "{alt}"
        );
    }
    let team = figs.iter().find(|f| f.id == "pipeline_team_size").unwrap();
    assert!(alt_text(team).starts_with("Grouped bar chart"), "{}", alt_text(team));
}

#[test]
fn figures_from_the_analysis_pass_the_embed_checks() {
    let r = report(SAMPLE);
    let mut figs = build_figures(&r);
    figs.extend(every_figure(&r));
    for fig in figs.iter().filter(|f| !matches!(f.body, Body::Missing { .. })) {
        check_figure(fig).unwrap_or_else(|e| panic!("{}: {e}", fig.id));
    }
}

#[test]
fn crafted_figures_are_refused_with_the_reason() {
    let refused = |fig: &Figure, words: &str| {
        let e = check_figure(fig).expect_err("refused");
        assert_eq!(e.kind(), ErrorKind::Figure);
        assert!(e.message().contains(words), "{:?} lacks {words:?}", e.message());
    };
    let good = bars("q-1", &["a", "b"], &[1, 2], 10);
    check_figure(&good).unwrap();

    let mut f = good.clone();
    f.id = "\"><img src=x onerror=alert(1)>".into();
    refused(&f, "its id must be");

    let mut f = good.clone();
    if let Body::Bars(b) = &mut f.body {
        b.rows[0].values.push(BarValue::new(1, 10));
    }
    refused(&f, "bar 1 has 2 values for 1 series");

    let mut f = good.clone();
    if let Body::Bars(b) = &mut f.body {
        b.rows[1].values[0].share = 7.0;
    }
    refused(&f, "not a share between 0 and 1");

    let mut f = good.clone();
    if let Body::Bars(b) = &mut f.body {
        b.rows[1].values[0].count = 11;
    }
    refused(&f, "count above its base");

    let many: Vec<String> = (0..=figure_limits::ROWS).map(|i| format!("l{i}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    refused(&bars("f", &refs, &vec![1; refs.len()], 10), "at most 200");

    let mut f = good.clone();
    f.title = "x".repeat(figure_limits::TEXT_CHARS + 1);
    refused(&f, "the title is 2001 characters long");

    let likert = Figure {
        body: Body::Likert(Likert {
            scale: vec!["no".into(), "yes".into()],
            rows: vec![LikertRow {
                key: "a".into(),
                label: "x".into(),
                n: 3,
                counts: vec![2, 2],
                top2: 0.5,
                weights: None,
            }],
            diverging: true,
            ordered: true,
        }),
        ..good.clone()
    };
    refused(&likert, "add up to more than its base");

    let missing = Figure {
        body: Body::Missing { message: "m".into() },
        ..good
    };
    refused(&missing, "no data");
}

#[test]
fn markup_in_labels_stays_text_in_the_svg() {
    let fig = bars(
        "xss",
        &[
            "<script>alert(1)</script>",
            "\"><svg onload=alert(2)>",
            "<img src=x onerror=alert(3)> & co",
        ],
        &[1, 2, 3],
        10,
    );
    let svg = render_svg(&fig, 720).unwrap();
    let lower = svg.to_lowercase();
    for raw in ["<script", "<svg onload", "<img"] {
        assert!(!lower.contains(raw), "raw {raw:?} in the SVG");
    }
    assert!(svg.contains("&lt;script&gt;"), "escaped label missing");
    // Exactly one root element, well-formed enough to open: every '<' starts a tag.
    assert_eq!(svg.matches("<svg").count(), 1);
    assert!(svg.trim_end().ends_with("</svg>"));
}

/// Every character XML 1.0 forbids that a Rust string can hold: the C0
/// controls but tab, line feed and carriage return, then U+FFFE and U+FFFF.
/// (Lone surrogates, the other forbidden class, cannot be in a `str`.)
fn not_xml_chars() -> Vec<char> {
    (0u8..0x20)
        .map(char::from)
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .chain(['\u{FFFE}', '\u{FFFF}'])
        .collect()
}

/// Markup and XML's own delimiters, to be shown as text.
const MARKUP: &str = "<script>alert(1)</script> & ]]> \"q\" 'a'";

/// A survey whose headers and answers hold every character XML forbids but
/// NUL (a row holding a NUL is set aside as undecodable), beside markup:
/// three single-choice questions (the first the preset's role question, so
/// the paper's figures carry them too), each answer holding one of them.
pub fn hostile_csv() -> Vec<u8> {
    let chars: Vec<char> = not_xml_chars().into_iter().filter(|&c| c != '\0').collect();
    let groups: Vec<&[char]> = chars.chunks(chars.len().div_ceil(3)).collect();
    let headers = [
        "What is your role in your team?".to_string(),
        format!("Team\u{1}size {MARKUP}\u{FFFE}"),
        format!("Tools\u{1f}used\u{b} {MARKUP}\u{FFFF}"),
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(std::iter::once("Timestamp".to_string()).chain(headers.iter().cloned()))
        .unwrap();
    for row in 0..60 {
        let mut record = vec![format!("2024-01-{:02}", row % 28 + 1)];
        for (q, group) in groups.iter().enumerate() {
            let c = group[row % group.len()];
            record.push(format!("answer {q}.{}{c}x {MARKUP}", row % group.len()));
        }
        w.write_record(&record).unwrap();
    }
    w.into_inner().unwrap()
}

/// Every text of a figure, for checking what reached it.
fn figure_texts(fig: &Figure) -> Vec<String> {
    let mut out = vec![fig.title.clone(), fig.subtitle.clone()];
    out.extend([&fig.note, &fig.quotes, &fig.source].into_iter().flatten().cloned());
    match &fig.body {
        Body::Bars(b) => {
            out.extend(b.series.iter().map(|s| s.name.clone()));
            out.extend(b.rows.iter().map(|r| r.label.clone()));
        }
        Body::Likert(l) => {
            out.extend(l.scale.iter().cloned());
            out.extend(l.rows.iter().flat_map(|r| [r.key.clone(), r.label.clone()]));
        }
        Body::Missing { message } => out.push(message.clone()),
    }
    out
}

/// Parses `svg` as XML 1.0 and returns its text: fails the test, naming
/// `what`, if a parser refuses it or if markup from the data became elements.
pub fn parse_svg(what: &str, svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: not well-formed XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{what}");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            ["svg", "rect", "text", "line", "polyline", "polygon", "circle", "path"].contains(&name),
            "{what}: an element <{name}> in the SVG"
        );
    }
    let text: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(
        !text.chars().any(|c| not_xml_chars().contains(&c)),
        "{what}: a forbidden character in the text"
    );
    text
}

#[test]
fn svg_exports_are_well_formed_xml_whatever_the_file_holds() {
    let bytes = hostile_csv();
    let mut session = survey_report::Session::open_best(&bytes).unwrap();
    session.set_name("hostile\u{7}\u{FFFF}.csv");
    let r = session.report();
    let mut figs = build_figures(&r);
    figs.extend(every_figure(&r));
    let singles: Vec<&str> = r
        .questions
        .iter()
        .filter(|q| q.kind == survey_report::Kind::Single)
        .map(|q| q.id.as_str())
        .collect();
    for &q in &singles {
        for &by in &singles {
            figs.extend(
                [false, true]
                    .into_iter()
                    .filter_map(|stacked| session.split(q, by, stacked).expect("a split within the limits")),
            );
        }
    }
    let fig2 = figs.iter().find(|f| f.id == "fig2").expect("the paper's role figure");
    assert!(matches!(fig2.body, Body::Bars(_)), "the role question was found");
    // The test is only as good as its input: every forbidden character (but
    // NUL, which the reader sets aside) reached some figure's text.
    let texts: String = figs.iter().flat_map(figure_texts).collect();
    for c in not_xml_chars().into_iter().filter(|&c| c != '\0') {
        assert!(texts.contains(c), "{c:?} reached no figure");
    }
    let mut drawn = 0;
    for fig in figs.iter().filter(|f| !matches!(f.body, Body::Missing { .. })) {
        for dark in [false, true] {
            let svg = survey_report::render_svg_themed(fig, 720, dark).unwrap();
            let text = parse_svg(&fig.id, &svg);
            // Drawn as text, the markup reads as written.
            if figure_texts(fig).iter().any(|t| t.contains("<script>")) {
                assert!(text.contains("<script>"), "{}: markup lost from {text:?}", fig.id);
            }
            drawn += 1;
        }
    }
    assert!(drawn >= 12, "only {drawn} SVGs drawn");
}

#[test]
fn svg_of_a_figure_from_outside_is_well_formed_xml() {
    // What `figureSvg` draws in the page may come from a crafted link: every
    // text field holds every forbidden character, NUL too.
    let bad: String = not_xml_chars().into_iter().collect::<String>() + MARKUP;
    let mut fig = bars("f", &[&bad, &format!("b{bad}")], &[1, 2], 10);
    fig.title = bad.clone();
    fig.subtitle = bad.clone();
    fig.note = Some(bad.clone());
    fig.quotes = Some(bad.clone());
    fig.source = Some(bad.clone());
    if let Body::Bars(b) = &mut fig.body {
        b.series[0].name = bad.clone();
    }
    let likert = Figure {
        body: Body::Likert(Likert {
            scale: vec![bad.clone(), format!("y{bad}")],
            rows: vec![LikertRow {
                key: bad.clone(),
                label: bad.clone(),
                n: 3,
                counts: vec![1, 2],
                top2: 0.5,
                weights: None,
            }],
            diverging: true,
            ordered: true,
        }),
        ..fig.clone()
    };
    for f in [&fig, &likert] {
        let text = parse_svg("crafted", &render_svg(f, 600).unwrap());
        assert!(text.contains(MARKUP), "the markup is shown as written: {text:?}");
        assert!(
            text.contains('\u{FFFD}'),
            "a forbidden character shows as U+FFFD: {text:?}"
        );
    }
}
