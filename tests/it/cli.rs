//! The command line, run as a user would.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_survey-report"))
}

fn sample_path() -> String {
    format!("{}/www/state-of-ml-2020-synthetic.csv", env!("CARGO_MANIFEST_DIR"))
}

/// `render` of the sample into `dir` in `format`; fails the test if it fails.
fn render_sample(dir: &std::path::Path, format: &str) {
    let out = bin()
        .args([
            "render",
            &sample_path(),
            "--out",
            dir.to_str().unwrap(),
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn analyze_json_has_the_documented_fields() {
    let out = bin().args(["analyze", &sample_path(), "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["respondents"], 331);
    assert_eq!(v["countries"], 63);
    let q = v["questions"].as_array().unwrap();
    let role = q.iter().find(|q| q["id"] == "role").unwrap();
    assert_eq!(role["kind"], "single");
    assert_eq!(role["header"], "What is your role in your team?");
    assert!(role["answered"].as_u64().unwrap() > 300);
    assert!(role["options"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["label"].is_string() && o["count"].is_u64()));
    assert_eq!(q.iter().find(|q| q["id"] == "data").unwrap()["kind"], "multi");
    assert_eq!(q.iter().find(|q| q["id"] == "obstacles").unwrap()["kind"], "rating");
    let groups = v["maturity"]["groups"].as_array().unwrap();
    assert_eq!(groups.iter().map(|g| g["count"].as_u64().unwrap()).sum::<u64>(), 331);
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 14);
    // N, countries and pipeline_n count the paper's own sample: not comparable (issue 14).
    let sample_counts = ["N", "countries", "pipeline_n"];
    assert!(claims.iter().all(|c| {
        let want = if sample_counts.contains(&c["id"].as_str().unwrap()) {
            "not_comparable"
        } else {
            "holds"
        };
        c["verdict"] == want && c["paper"].is_string() && c["observed"].is_string()
    }));
}

#[test]
fn sample_command_is_seeded_and_sized() {
    let a = bin().args(["sample", "--seed", "5", "--rows", "40"]).output().unwrap();
    let b = bin().args(["sample", "--seed", "5", "--rows", "40"]).output().unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8(a.stdout).unwrap();
    assert_eq!(text.lines().count(), 41);
    let c = bin().args(["sample", "--seed", "6", "--rows", "40"]).output().unwrap();
    assert_ne!(text.as_bytes(), &c.stdout[..]);
}

#[test]
fn render_writes_one_file_per_figure() {
    let dir = std::env::temp_dir().join(format!("survey-report-cli-{}", std::process::id()));
    render_sample(&dir, "svg");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    // The paper's 11 figures, then one per charted question of the file.
    for id in [
        "continents",
        "countries",
        "fig2",
        "fig3",
        "fig4",
        "fig5",
        "fig6",
        "maturity",
    ] {
        assert!(files.contains(&format!("{id}.svg")), "{id} in {files:?}");
    }
    assert!(files.iter().any(|f| f == "q-role.svg"), "{files:?}");
    assert!(
        !files.iter().any(|f| f == "q-timestamp.svg"),
        "skipped columns have no figure: {files:?}"
    );
    let svg = std::fs::read_to_string(dir.join("fig2.svg")).unwrap();
    assert!(svg.contains("Fig. 2 What is your role in your team?"));
    // A figure copied out of the report still says where its numbers come from.
    assert!(svg.contains("Data: state-of-ml-2020-synthetic.csv, a synthetic sample (not the paper&apos;s responses)."));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn render_writes_the_data_and_alt_text_of_each_figure() {
    let dir = std::env::temp_dir().join(format!("survey-report-cli-data-{}", std::process::id()));
    for format in ["csv", "alt"] {
        render_sample(&dir, format);
    }
    let csv = std::fs::read_to_string(dir.join("fig2.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}label,series,count,base,percent,ci95_low_percent,ci95_high_percent\r\n"),
        "{csv}"
    );
    let alt = std::fs::read_to_string(dir.join("fig2.txt")).unwrap();
    assert!(
        alt.starts_with("Bar chart: Fig. 2 What is your role in your team?"),
        "{alt}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errors_name_the_file_and_exit_non_zero() {
    let dir = std::env::temp_dir().join(format!("survey-report-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("photo.csv");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\nxxxx").unwrap();
    let out = bin().args(["analyze", png.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("photo.csv") && err.contains("PNG image"), "{err}");
    let out = bin().args(["analyze", "/nonexistent/file.csv"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("survey-report: ") && err.contains("/nonexistent/file.csv"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(1), "an error in a file is not a usage error");
    let out = bin().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unrecognized subcommand 'frobnicate'"));
    // A usage error is followed by the usage; an error in a file is not.
    assert!(String::from_utf8_lossy(&out.stderr).contains("\nUsage: survey-report"));
    let out = bin().args(["analyze", png.to_str().unwrap()]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Usage:"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Output read by something that stops early (`survey-report sample |
/// head -c 1`): the command stops quietly, exit status 0, nothing on stderr
/// (no panic, no "broken pipe").
#[test]
fn output_into_a_pipe_closed_early_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // A report of 1,500 questions: its JSON is written in one piece.
    let dir = std::env::temp_dir().join(format!("survey-report-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wide = dir.join("wide.csv");
    let header: Vec<String> = (1..=1500).map(|i| format!("Question {i}?")).collect();
    let mut csv = header.join(",") + "\n";
    for row in 0..30 {
        let answers: Vec<&str> = (0..1500).map(|i| ["Yes", "No", "Maybe"][(row + i) % 3]).collect();
        csv += &(answers.join(",") + "\n");
    }
    std::fs::write(&wide, csv).unwrap();
    let wide = wide.to_str().unwrap();
    let commands: [&[&str]; 3] = [
        &["sample", "--rows", "20000"],
        &["analyze", wide, "--json"],
        &["bench-input", "kaggle", "--rows", "2000", "--columns", "50"],
    ];
    for args in commands {
        // More than a pipe holds (64 KiB on Linux), so the command is still
        // writing when its reader goes away.
        let whole = bin().args(args).output().unwrap();
        assert!(whole.status.success(), "{args:?}");
        assert!(whole.stdout.len() > 256 << 10, "{args:?}: {} bytes", whole.stdout.len());

        let mut child = bin()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert_eq!(err, "", "{args:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn render_writes_svgs_that_parse_as_xml_whatever_the_file_holds() {
    // Issue #12: a control character or U+FFFF in a header or an answer
    // made the exported SVG one that XML parsers refuse.
    let dir = std::env::temp_dir().join(format!("survey-report-xml-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The file's name is in each figure's source line.
    let csv = dir.join("hostile\u{7}\u{1b}[31m.csv");
    std::fs::write(&csv, crate::export::hostile_csv()).unwrap();
    let out_dir = dir.join("out");
    let out = bin()
        .args(["render", csv.to_str().unwrap(), "--out", out_dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut parsed = 0;
    for e in std::fs::read_dir(&out_dir).unwrap() {
        let path = e.unwrap().path();
        let svg = std::fs::read_to_string(&path).unwrap();
        let text = crate::export::parse_svg(&path.display().to_string(), &svg);
        assert!(!text.is_empty(), "{}", path.display());
        parsed += 1;
    }
    // The paper's role figure and one per question of the file, at least.
    assert!(parsed >= 4, "only {parsed} SVGs");
    assert!(out_dir.join("fig2.svg").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every file under `dir`, as paths relative to it, folders marked with a '/'.
fn tree(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                out.push(format!("{rel}/"));
                stack.push(p);
            } else {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// A Qualtrics export (codes, question texts, import ids) whose column codes
/// are the given strings, each a single-choice question.
fn qualtrics_with_codes(codes: &[&str]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(codes).unwrap();
    w.write_record(codes.iter().enumerate().map(|(i, _)| format!("Question number {i}?")))
        .unwrap();
    w.write_record(codes.iter().map(|c| format!("{{\"ImportId\":\"{c}\"}}")))
        .unwrap();
    for row in 0..12 {
        w.write_record(codes.iter().map(|_| ["Yes", "No", "Maybe"][row % 3]))
            .unwrap();
    }
    w.into_inner().unwrap()
}

#[test]
fn render_writes_every_file_inside_out_whatever_the_codes_say() {
    // Issue #12: a code `x/../../PWNED` wrote PWNED.svg two folders up once
    // a folder `q-x/` existed, and a '/' in a code stopped the render.
    let long = "L".repeat(300);
    let codes = [
        "x/../../PWNED",
        "../../../escaped",
        "/etc/passwd",
        "..\\..\\x",
        "C:\\x",
        "a/b",
        "..",
        ".",
        "ÅÄÖ 😀 \u{202e}txt.exe",
        "Q1",
        "q1",
        "q-1",
        "fig2",
        long.as_str(),
    ];
    let root = std::env::temp_dir().join(format!("survey-report-names-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let out_dir = root.join("outer").join("out");
    // Folders a path in a code could walk through.
    for d in ["q-x", "q-..", "q-a", "q-C:"] {
        std::fs::create_dir_all(out_dir.join(d)).unwrap();
    }
    let csv = root.join("codes.csv");
    let bytes = qualtrics_with_codes(&codes);
    std::fs::write(&csv, &bytes).unwrap();
    let before = tree(&root);
    for format in ["svg", "csv"] {
        let out = bin()
            .args([
                "render",
                csv.to_str().unwrap(),
                "--out",
                out_dir.to_str().unwrap(),
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let printed: Vec<std::path::PathBuf> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(std::path::PathBuf::from)
            .collect();
        let names: Vec<String> = printed
            .iter()
            .map(|p| {
                assert_eq!(
                    p.parent(),
                    Some(out_dir.as_path()),
                    "{} is not directly in --out",
                    p.display()
                );
                p.file_name().unwrap().to_str().unwrap().to_string()
            })
            .collect();
        for name in &names {
            let stem = name
                .strip_suffix(&format!(".{format}"))
                .unwrap_or_else(|| panic!("{name}"));
            assert!(
                !stem.is_empty()
                    && stem
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-".contains(c)),
                "{name}"
            );
            assert!(stem.len() <= 80, "{name}");
        }
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len(), "names clash: {names:?}");
        // One file per figure the report has (the paper's missing ones are skipped).
        let mut feeder = survey_report::Feeder::new();
        feeder.push(&bytes).unwrap();
        let report = survey_report::Session::from_feeder(feeder).unwrap().report();
        let mut figures = survey_report::build_figures(&report);
        figures.extend(survey_report::every_figure(&report));
        let drawn = figures
            .iter()
            .filter(|f| !matches!(f.body, survey_report::Body::Missing { .. }))
            .count();
        assert_eq!(names.len(), drawn);
        assert!(drawn >= codes.len(), "a figure per code: {names:?}");
        // Each code's name, in the order of the columns: ".." and "." both
        // come to "q" (the second numbered), "Q1" and "q1" to "q-q1".
        let mut want: Vec<String> = [
            "q-x-pwned",
            "q-escaped",
            "q-etc-passwd",
            "q-x",
            "q-c-x",
            "q-a-b",
            "q",
            "q-2",
            "q-txt-exe",
            "q-q1",
            "q-q1-2",
            "q-q-1",
            "q-fig2",
        ]
        .map(String::from)
        .to_vec();
        want.push(format!("q-{}", "l".repeat(78)));
        let want: Vec<String> = want.iter().map(|n| format!("{n}.{format}")).collect();
        assert_eq!(names, want);
        // Nothing written anywhere else: the tree is what it was, plus these files.
        let mut expected = before.clone();
        expected.extend(names.iter().map(|n| format!("outer/out/{n}")));
        expected.sort();
        expected.dedup();
        let after = tree(&root);
        let new: Vec<&String> = after.iter().filter(|p| !expected.contains(p)).collect();
        assert!(new.is_empty(), "written outside the figures' names: {new:?}");
        for name in &names {
            std::fs::remove_file(out_dir.join(name)).unwrap();
        }
    }
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn render_csv_is_the_pages_csv_byte_for_byte_bom_included() {
    // Issue #12: the page's "Data (CSV)" began with a UTF-8 byte-order mark
    // (so Excel reads accents right) and the command line's did not.
    let dir = std::env::temp_dir().join(format!("survey-report-csv-bom-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    render_sample(&dir, "csv");
    // The figures the command line drew, as it reads the file.
    let mut feeder = survey_report::Feeder::new();
    feeder.push(&std::fs::read(sample_path()).unwrap()).unwrap();
    let mut session = survey_report::Session::from_feeder(feeder).unwrap();
    session.set_name("state-of-ml-2020-synthetic.csv");
    let report = session.report();
    let mut figures = survey_report::build_figures(&report);
    figures.extend(survey_report::every_figure(&report));
    let mut compared = 0;
    for fig in figures
        .iter()
        .filter(|f| !matches!(f.body, survey_report::Body::Missing { .. }))
    {
        let path = dir.join(format!("{}.csv", survey_report::figure_file_stem(&fig.id)));
        let written = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(written.starts_with(b"\xEF\xBB\xBF"), "{}: no UTF-8 BOM", fig.id);
        // What the page's figureCsv returns, and its download holds.
        assert_eq!(written, survey_report::figure_csv(fig).into_bytes(), "{}", fig.id);
        compared += 1;
    }
    assert!(compared > 20, "only {compared} figures");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs the command line with `args` and checks it refused them as a usage
/// error: exit status 2, nothing written to stdout, and a message on stderr
/// holding each of `says` and followed by the usage.
fn usage_error(args: &[&str], says: &[&str]) {
    let out = bin().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    assert!(err.starts_with("error: "), "{args:?}: {err}");
    for s in says {
        assert!(err.contains(s), "{args:?}: {s:?} not in {err}");
    }
    assert!(
        err.contains("Usage: survey-report") || err.contains("try '--help'"),
        "{args:?}: {err}"
    );
}

#[test]
fn a_misspelt_or_unknown_flag_is_a_usage_error_naming_it() {
    // Issue #15: `--jsn` was ignored and the command ran as if it were absent.
    let sample = sample_path();
    let out_dir = std::env::temp_dir().join(format!("survey-report-typo-{}", std::process::id()));
    let out = out_dir.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["analyze", &sample, "--jsn"], "unexpected argument '--jsn'"),
        (
            &["analyze", &sample, "--filtre", "role=Manager"],
            "unexpected argument '--filtre'",
        ),
        (&["sample", "--sead", "3"], "unexpected argument '--sead'"),
        (&["sample", "-r", "3"], "unexpected argument '-r'"),
        (
            &["render", &sample, "--out", out, "--formt", "png"],
            "unexpected argument '--formt'",
        ),
        (
            &["bench-input", "kaggle", "--rowz", "10"],
            "unexpected argument '--rowz'",
        ),
        // A flag of another kind of input is not silently dropped either.
        (&["bench-input", "kaggle", "--mb", "3"], "unexpected argument '--mb'"),
        (
            &["bench-input", "sample", "--rows", "3"],
            "unexpected argument '--rows'",
        ),
        (&["bench-input", "huge"], "unrecognized subcommand 'huge'"),
        (&["analyze", &sample, "extra.csv"], "unexpected argument 'extra.csv'"),
    ];
    for (args, says) in cases {
        usage_error(args, &[says]);
    }
    // A misspelling close to a real flag gets a hint.
    usage_error(&["analyze", &sample, "--jsn"], &["a similar argument exists: '--json'"]);
    assert!(!out_dir.exists(), "render ran despite the typo");
}

#[test]
fn a_missing_or_wrong_value_is_a_usage_error_naming_the_flag() {
    let sample = sample_path();
    let cases: &[(&[&str], &[&str])] = &[
        (&["sample", "--rows"], &["a value is required for '--rows <N>'"]),
        (
            &["sample", "--rows", "many"],
            &["invalid value 'many' for '--rows <N>'"],
        ),
        (&["sample", "--seed=-1"], &["invalid value '-1' for '--seed <N>'"]),
        (&["analyze"], &["required arguments were not provided", "<FILE>"]),
        (
            &["render", &sample],
            &["required arguments were not provided", "--out <DIR>"],
        ),
        (
            &["render", &sample, "--out"],
            &["a value is required for '--out <DIR>'"],
        ),
        (
            &["render", &sample, "--out", "x", "--format", "gif"],
            &["invalid value 'gif' for '--format <FORMAT>'", "svg, png, csv, alt"],
        ),
        (
            &["render", &sample, "--out", "x", "--width", "wide"],
            &["'--width <PX>'"],
        ),
        (
            &["analyze", &sample, "--preset", "nope"],
            &["invalid value 'nope' for '--preset <ID>'", "state-of-ml-2020"],
        ),
    ];
    for (args, says) in cases {
        usage_error(args, says);
    }
    // bench-input without the kind of input: its help, on stderr, exit 2.
    let out = bin().args(["bench-input"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage: survey-report bench-input <COMMAND>"));
}

#[test]
fn a_flag_given_twice_is_a_usage_error() {
    let sample = sample_path();
    let cases: &[(&[&str], &str)] = &[
        (&["analyze", &sample, "--json", "--json"], "'--json'"),
        (
            &[
                "analyze",
                &sample,
                "--preset",
                "state-of-ml-2020",
                "--preset",
                "kaggle-2020",
            ],
            "'--preset <ID>'",
        ),
        (&["sample", "--seed", "1", "--seed", "2"], "'--seed <N>'"),
        (&["render", &sample, "--out", "a", "--out", "b"], "'--out <DIR>'"),
        (
            &["render", &sample, "--out", "a", "--format", "svg", "--format", "png"],
            "'--format <FORMAT>'",
        ),
        (&["bench-input", "large", "--mb", "1", "--mb", "2"], "'--mb <N>'"),
    ];
    for (args, flag) in cases {
        usage_error(args, &[&format!("the argument {flag} cannot be used multiple times")]);
    }
}

#[test]
fn every_sub_command_has_a_help_that_names_its_flags() {
    let cases: &[(&[&str], &str, &[&str])] = &[
        (
            &["sample"],
            "Write the synthetic sample",
            &["--seed <N>", "--rows <N>", "[default: 331]"],
        ),
        (
            &["analyze"],
            "Summarise a survey file",
            &[
                "<FILE>",
                "--json",
                "--preset <ID>",
                "--filter <QID=OPTION[|OPTION...]>",
                "--weight <COLUMN>",
                "--rake <TARGETS.json>",
                "--trim <CAP>",
                "'\\|'",
            ],
        ),
        (
            &["render"],
            "Write one file per figure",
            &[
                "<FILE>",
                "--out <DIR>",
                "--format <FORMAT>",
                "--width <PX>",
                "--scale <N>",
                "--preset <ID>",
                "alt",
                "--filter",
                "--weight",
                "--rake",
                "--trim",
            ],
        ),
        (
            &["split"],
            "Compare the answers to one question",
            &[
                "<FILE>",
                "--question <QID>",
                "--by <QID>",
                "--filter",
                "--weight",
                "--rake",
                "--trim",
                "--json",
                "rao-scott",
            ],
        ),
        (
            &["bench-input"],
            "Write one of the benchmarks' inputs",
            &["sample", "kaggle", "large"],
        ),
        (
            &["bench-input", "kaggle"],
            "A Kaggle-sized export",
            &["--rows <N>", "--columns <N>"],
        ),
        (&["bench-input", "large"], "The sample's questionnaire", &["--mb <N>"]),
        (&["bench-input", "sample"], "The synthetic sample", &[]),
    ];
    for (command, about, flags) in cases {
        let usage = format!("Usage: survey-report {}", command.join(" "));
        // `--help` and `help COMMAND` print the same text.
        let via_help: Vec<&str> = ["help"].iter().chain(command.iter()).copied().collect();
        let with_flag: Vec<&str> = command.iter().copied().chain(["--help"]).collect();
        for args in [with_flag, via_help] {
            let out = bin().args(&args).output().unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            assert!(out.stderr.is_empty(), "{args:?}");
            assert!(text.starts_with(about), "{args:?}: {text}");
            assert!(text.contains(&usage), "{args:?}: {text}");
            for f in *flags {
                assert!(text.contains(f), "{args:?}: {f} not in {text}");
            }
        }
    }
    // With no command at all: the overview, listing every command, exit 0.
    let out = bin().output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    for c in ["sample", "analyze", "render", "split", "bench-input"] {
        assert!(text.contains(&format!("\n  {c} ")), "{c} in {text}");
    }
}

/// A folder of this test's own under the temp dir, empty.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("survey-report-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The command's stdout parsed as JSON; fails the test if it fails.
fn run_json(args: &[&str]) -> serde_json::Value {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// The command's stdout as text; fails the test if it fails.
fn run_text(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the command line with `args` and checks it failed on what the flags
/// name (exit status 1, not a usage error) with a message holding `says`.
fn refused(args: &[&str], says: &[&str]) {
    let out = bin().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    assert!(err.starts_with("survey-report: "), "{args:?}: {err}");
    for s in says {
        assert!(err.contains(s), "{args:?}: {s:?} not in {err}");
    }
}

/// `survey-report sample > FILE`, in `dir`: its path and its rows as records.
fn sample_file(dir: &std::path::Path) -> (String, Vec<csv::StringRecord>, csv::StringRecord) {
    let path = dir.join("sample.csv");
    std::fs::write(&path, run_text(&["sample"])).unwrap();
    let mut r = csv::Reader::from_path(&path).unwrap();
    let headers = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    (path.to_str().unwrap().to_string(), rows, headers)
}

fn column(headers: &csv::StringRecord, header: &str) -> usize {
    headers
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("{header}"))
}

const ROLE: &str = "What is your role in your team?";
const COMPANY_SIZE: &str = "How many employees does your organization have?";

#[test]
fn a_filter_keeps_the_respondents_counted_by_hand() {
    let dir = scratch("filter");
    let (file, rows, headers) = sample_file(&dir);
    let (role, size) = (column(&headers, ROLE), column(&headers, COMPANY_SIZE));
    let by_hand = rows
        .iter()
        .filter(|r| ["151-500", "501-1000"].contains(&&r[size]) && &r[role] == "Models")
        .count();
    assert!(by_hand > 5 && by_hand < rows.len(), "{by_hand}");
    // OR within a question (one flag, or the question given twice), AND across.
    let ways: [&[&str]; 2] = [
        &["--filter", "company_size=151-500|501-1000", "--filter", "role=Models"],
        &[
            "--filter",
            "company_size=151-500",
            "--filter",
            "role=Models",
            "--filter",
            "company_size= 501-1000 ",
        ],
    ];
    for filters in ways {
        let args: Vec<&str> = ["analyze", file.as_str(), "--json"]
            .iter()
            .chain(filters)
            .copied()
            .collect();
        let v = run_json(&args);
        let sel = &v["selection"];
        assert_eq!(sel["respondents"], by_hand, "{filters:?}");
        assert_eq!(sel["of"], rows.len(), "{filters:?}");
        // One filter per question, its options merged, in the order given.
        let f = sel["filters"].as_array().unwrap();
        assert_eq!(f.len(), 2, "{sel}");
        assert_eq!(f[0]["question"], "company_size");
        assert_eq!(f[0]["options"], serde_json::json!(["151-500", "501-1000"]));
        assert_eq!(f[1]["options"], serde_json::json!(["Models"]));
        let label = sel["label"].as_str().unwrap();
        assert!(
            label.starts_with("Filtered: ") && label.contains(&format!("n = {by_hand}")),
            "{label}"
        );
        // The role question counts only the filtered respondents.
        let q = v["questions"].as_array().unwrap();
        let role_q = q.iter().find(|q| q["id"] == "role").unwrap();
        assert_eq!(role_q["answered"], by_hand);
        // The summary says it too.
        let args: Vec<&str> = ["analyze", file.as_str()].iter().chain(filters).copied().collect();
        let text = run_text(&args);
        assert!(text.contains(label), "{text}");
    }
    // Rendered figures say whom they count.
    let out = dir.join("figures");
    let o = out.to_str().unwrap();
    let written = run_text(&[
        "render",
        &file,
        "--out",
        o,
        "--format",
        "alt",
        "--filter",
        "role=Models",
    ]);
    let v = run_json(&["analyze", &file, "--json", "--filter", "role=Models"]);
    let label = v["selection"]["label"].as_str().unwrap();
    assert!(written.lines().count() > 10, "{written}");
    for path in written.lines() {
        let alt = std::fs::read_to_string(path).unwrap();
        assert!(alt.contains(label), "{path}: {alt}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_weight_column_weights_the_shares_as_computed_by_hand() {
    let dir = scratch("weight");
    let (_, rows, headers) = sample_file(&dir);
    let role = column(&headers, ROLE);
    // The sample with a weight column: 1, 2, 3, 1, 2, 3, ...
    let weighted = dir.join("weighted.csv");
    let mut w = csv::Writer::from_path(&weighted).unwrap();
    w.write_record(headers.iter().chain(["weight"])).unwrap();
    let weight = |i: usize| (1 + i % 3) as f64;
    for (i, r) in rows.iter().enumerate() {
        let wt = weight(i).to_string();
        w.write_record(r.iter().chain([wt.as_str()])).unwrap();
    }
    w.flush().unwrap();
    let file = weighted.to_str().unwrap();
    let (sum, sum_sq) = (0..rows.len()).fold((0.0, 0.0), |(s, q), i| (s + weight(i), q + weight(i) * weight(i)));
    let efficiency = sum * sum / (rows.len() as f64 * sum_sq);
    let answered: f64 = (0..rows.len()).filter(|&i| !rows[i][role].is_empty()).map(weight).sum();
    let models: f64 = (0..rows.len())
        .filter(|&i| &rows[i][role] == "Models")
        .map(weight)
        .sum();

    // Unweighted, the column is offered as a weight.
    let v = run_json(&["analyze", file, "--json"]);
    assert!(v["weights"].is_null());
    let offered = v["weight_columns"].as_array().unwrap();
    assert!(
        offered.iter().any(|c| c["column"] == "weight" && c["detected"] == true),
        "{offered:?}"
    );

    let v = run_json(&["analyze", file, "--json", "--weight", "weight"]);
    let wi = &v["weights"];
    assert_eq!(wi["source"], "column");
    assert_eq!(wi["column"], "weight");
    assert!((wi["efficiency"].as_f64().unwrap() - efficiency).abs() < 1e-9, "{wi}");
    assert!(
        (wi["effective_n"].as_f64().unwrap() - sum * sum / sum_sq).abs() < 1e-6,
        "{wi}"
    );
    assert_eq!((wi["min"].as_f64(), wi["max"].as_f64()), (Some(1.0), Some(3.0)));
    let q = v["questions"].as_array().unwrap();
    let role_q = q.iter().find(|q| q["id"] == "role").unwrap();
    assert!(
        (role_q["weighted_base"].as_f64().unwrap() - answered).abs() < 1e-9,
        "{role_q}"
    );
    let m = role_q["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["label"] == "Models")
        .unwrap();
    assert!((m["weighted"].as_f64().unwrap() - models).abs() < 1e-9, "{m}");
    assert!(
        (m["weighted_percent"].as_f64().unwrap() - 100.0 * models / answered).abs() < 1e-9,
        "{m}"
    );
    // The summary says what was weighted, how efficiently, and the effective n.
    let text = run_text(&["analyze", file, "--weight", "weight"]);
    let label = wi["label"].as_str().unwrap();
    assert!(text.contains(label), "{text}");
    assert!(
        text.contains(&format!("efficiency {:.1}%", 100.0 * efficiency)),
        "{text}"
    );
    assert!(
        text.contains(&format!("effective n {:.1}", sum * sum / sum_sq)),
        "{text}"
    );

    // Trimmed at 1.2 x the mean weight: no weight above the cap.
    let v = run_json(&["analyze", file, "--json", "--weight", "weight", "--trim", "1.2"]);
    let wi = &v["weights"];
    assert_eq!(wi["trim"], 1.2);
    assert!(wi["trimmed"].as_u64().unwrap() > 0, "{wi}");
    assert!(
        wi["max"].as_f64().unwrap() <= 1.2 * sum / rows.len() as f64 + 1e-9,
        "{wi}"
    );
    // Rendered figures say they are weighted.
    let out = dir.join("figures");
    run_text(&["render", file, "--out", out.to_str().unwrap(), "--weight", "weight"]);
    let svg = std::fs::read_to_string(out.join("fig2.svg")).unwrap();
    assert!(svg.contains(label), "{label} not in {svg}");
    // A column that is not there names it.
    refused(&["analyze", file, "--weight", "wieght"], &["--weight", "wieght"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn raking_meets_the_targets_of_a_targets_file() {
    let dir = scratch("rake");
    let (file, _, _) = sample_file(&dir);
    let targets = dir.join("targets.json");
    let shares = serde_json::json!({
        "company_size": {"1-10": 0.1, "11-50": 0.2, "51-150": 0.2, "151-500": 0.2, "501-1000": 0.1, "1001+": 0.2},
        "team_size": {"1": 0.3, "2-5": 0.3, "6-10": 0.2, "11-30": 0.1, "31+": 0.1},
    });
    std::fs::write(&targets, shares.to_string()).unwrap();
    let t = targets.to_str().unwrap();
    let v = run_json(&["analyze", &file, "--json", "--rake", t]);
    let wi = &v["weights"];
    assert_eq!(wi["source"], "rake");
    assert_eq!(wi["converged"], true, "{wi}");
    assert!(wi["iterations"].as_u64().unwrap() >= 2, "{wi}");
    // Each raked question's weighted shares are its targets.
    let q = v["questions"].as_array().unwrap();
    for (id, want) in shares.as_object().unwrap() {
        let question = q.iter().find(|q| q["id"] == *id).unwrap();
        for o in question["options"].as_array().unwrap() {
            let label = o["label"].as_str().unwrap();
            let target = want[label].as_f64().unwrap_or_else(|| panic!("{id}: {label}"));
            let got = o["weighted_percent"].as_f64().unwrap();
            assert!((got - 100.0 * target).abs() < 1e-3, "{id} {label}: {got}");
        }
        let margin = wi["margins"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["question"] == *id)
            .unwrap();
        assert!(margin["options"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["target"] == want[o["label"].as_str().unwrap()]));
    }
    // Trimming re-rakes within the cap.
    let v = run_json(&["analyze", &file, "--json", "--rake", t, "--trim", "2"]);
    assert_eq!(v["weights"]["trim"], 2.0);
    let text = run_text(&["analyze", &file, "--rake", t]);
    assert!(text.contains("raking: ") && text.contains("converged"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_targets_file_that_is_not_targets_is_refused_naming_it() {
    let dir = scratch("targets");
    let sample = sample_path();
    let cases: &[(&str, &str, &str)] = &[
        ("text.json", "company size: half", "not raking targets"),
        ("list.json", "[0.5, 0.5]", "not raking targets"),
        ("flat.json", r#"{"company_size": 0.5}"#, "not raking targets"),
        (
            "words.json",
            r#"{"company_size": {"1-10": "half"}}"#,
            "not raking targets",
        ),
        ("empty.json", "{}", "no question to rake on"),
        (
            "none.json",
            r#"{"company_size": {}}"#,
            "\"company_size\" has no target shares",
        ),
    ];
    for (name, text, says) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let p = path.to_str().unwrap();
        refused(&["analyze", &sample, "--rake", p], &[p, says, "raking targets are {"]);
    }
    let missing = dir.join("missing.json");
    refused(
        &["analyze", &sample, "--rake", missing.to_str().unwrap()],
        &[missing.to_str().unwrap()],
    );
    // Targets the file has no question or option for: the session says which.
    let path = dir.join("unknown.json");
    std::fs::write(&path, r#"{"company_size": {"1-10": 0.5, "huge": 0.5}}"#).unwrap();
    refused(
        &["analyze", &sample, "--rake", path.to_str().unwrap()],
        &["--rake", "huge"],
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn split_json_has_groups_letters_and_the_test() {
    let dir = scratch("split");
    let (file, rows, headers) = sample_file(&dir);
    let args = [
        "split",
        file.as_str(),
        "--question",
        "role",
        "--by",
        "company_size",
        "--json",
    ];
    let v = run_json(&args);
    assert_eq!(
        (v["question"].as_str(), v["by"].as_str()),
        (Some("role"), Some("company_size"))
    );
    let groups = v["groups"].as_array().unwrap();
    assert!(groups.len() >= 2, "{v}");
    let letters: Vec<&str> = groups.iter().filter_map(|g| g["letter"].as_str()).collect();
    assert!(letters.starts_with(&["A", "B"]), "{letters:?}");
    // Each group's n is the rows with that company size and a role, by hand.
    let (size, role) = (column(&headers, COMPANY_SIZE), column(&headers, ROLE));
    for g in groups {
        let label = g["label"].as_str().unwrap();
        let by_hand = rows.iter().filter(|r| &r[size] == label && !r[role].is_empty()).count();
        if by_hand > 0 {
            assert_eq!(g["n"], by_hand, "{label}");
        }
        for o in g["options"].as_array().unwrap() {
            assert!(o["count"].is_u64() && o["percent"].is_f64(), "{o}");
            for l in o["letters"].as_array().unwrap() {
                assert!(letters.contains(&l.as_str().unwrap()) && *l != g["letter"], "{o}");
            }
        }
    }
    let test = &v["test"];
    assert_eq!(test["method"], "pearson", "{test}");
    assert!(
        test["statistic"].as_f64().unwrap() > 0.0 && test["df"].as_f64().unwrap() >= 1.0,
        "{test}"
    );
    let p = test["p"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p), "{test}");
    assert!(test["ndf"].is_null() && test["ddf"].is_null(), "{test}");
    // Pearson's statistic and p, from the groups' counts as printed.
    let table: Vec<Vec<f64>> = groups
        .iter()
        .map(|g| {
            g["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["count"].as_f64().unwrap())
                .collect()
        })
        .collect();
    let rows_sum: Vec<f64> = table.iter().map(|r| r.iter().sum()).collect();
    let cols_sum: Vec<f64> = (0..table[0].len()).map(|j| table.iter().map(|r| r[j]).sum()).collect();
    let n: f64 = rows_sum.iter().sum();
    let mut chi2 = 0.0;
    for (i, r) in table.iter().enumerate() {
        for (j, &c) in cols_sum.iter().enumerate().filter(|(_, &c)| c > 0.0) {
            let expected = rows_sum[i] * c / n;
            chi2 += (r[j] - expected).powi(2) / expected;
        }
    }
    let df = (rows_sum.len() - 1) * (cols_sum.iter().filter(|&&c| c > 0.0).count() - 1);
    assert!(
        (test["statistic"].as_f64().unwrap() - chi2).abs() < 1e-9,
        "{test}: {chi2}"
    );
    assert_eq!(test["df"].as_f64().unwrap(), df as f64, "{test}");
    use statrs::distribution::ContinuousCDF;
    let want_p = 1.0 - statrs::distribution::ChiSquared::new(df as f64).unwrap().cdf(chi2);
    assert!((p - want_p).abs() < 1e-9, "{test}: {want_p}");

    // Letters: a group lettered "B" for an option has a larger share of it than group B.
    let v = run_json(&[
        "split",
        file.as_str(),
        "--question",
        "industry",
        "--by",
        "title",
        "--json",
    ]);
    let groups = v["groups"].as_array().unwrap();
    let mut lettered = 0;
    for g in groups {
        for o in g["options"].as_array().unwrap() {
            for l in o["letters"].as_array().unwrap() {
                let other = groups.iter().find(|h| h["letter"] == *l).unwrap();
                let theirs = other["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["label"] == o["label"])
                    .unwrap();
                assert!(
                    o["percent"].as_f64() > theirs["percent"].as_f64(),
                    "{o} against {other}"
                );
                lettered += 1;
            }
        }
    }
    assert!(lettered > 0, "no letters in {v}");

    // Weighted: the Rao-Scott test, with its degrees of freedom, and effective sizes.
    let weighted = dir.join("weighted.csv");
    let mut w = csv::Writer::from_path(&weighted).unwrap();
    w.write_record(headers.iter().chain(["weight"])).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let wt = ["0.5", "1", "2.5"][i % 3];
        w.write_record(r.iter().chain([wt])).unwrap();
    }
    w.flush().unwrap();
    let wfile = weighted.to_str().unwrap();
    let v = run_json(&[
        "split",
        wfile,
        "--question",
        "role",
        "--by",
        "company_size",
        "--weight",
        "weight",
        "--json",
    ]);
    let test = &v["test"];
    assert_eq!(test["method"], "rao-scott", "{test}");
    assert!(
        test["ndf"].as_f64().unwrap() > 0.0 && test["ddf"].as_f64().unwrap() > 0.0,
        "{test}"
    );
    let g = &v["groups"][0];
    assert!(g["effective_n"].as_f64().unwrap() < g["n"].as_f64().unwrap(), "{g}");
    assert!(g["options"][0]["weighted"].is_f64(), "{g}");
    assert!(v["analysis"].as_str().unwrap().contains("eight"), "{v}");

    // Without --json: a table with the groups' letters and the test in words.
    let text = run_text(&[
        "split",
        &file,
        "--question",
        "role",
        "--by",
        "company_size",
        "--filter",
        "team_size=2-5|6-10",
    ]);
    assert!(text.contains("  A ") && text.contains("(n = "), "{text}");
    assert!(text.contains("Models") && text.contains('%'), "{text}");
    assert!(text.contains("Filtered: "), "{text}");
    // A question the file does not have, named with the file's questions.
    refused(
        &["split", &file, "--question", "rol", "--by", "company_size"],
        &["no question \"rol\"", "role"],
    );
    // Groups from a multiple-choice question: refused, saying what --by takes.
    refused(
        &["split", &file, "--question", "role", "--by", "data"],
        &["\"data\" (multi)", "--by takes a single-choice question"],
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn filters_and_weights_are_usage_errors_when_malformed() {
    let sample = sample_path();
    let s = sample.as_str();
    let filter = "invalid value '{}' for '--filter <QID=OPTION[|OPTION...]>'";
    for bad in ["role", "=Models", "role=", "role=Models|", "role=|Models", " = "] {
        let says = filter.replace("{}", bad);
        usage_error(
            &["analyze", s, "--filter", bad],
            &[&says, "expected QID=OPTION[|OPTION...]"],
        );
    }
    let t = "targets.json";
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["analyze", s, "--weight", "w", "--rake", t],
            &["'--weight <COLUMN>' cannot be used with '--rake <TARGETS.json>'"],
        ),
        (
            &["analyze", s, "--trim", "5"],
            &[
                "required arguments were not provided",
                "--weight <COLUMN>|--rake <TARGETS.json>",
            ],
        ),
        (
            &["analyze", s, "--weight", "w", "--trim", "0.5"],
            &["invalid value '0.5' for '--trim <CAP>'", "above 1"],
        ),
        (
            &["analyze", s, "--weight", "w", "--trim", "many"],
            &["invalid value 'many' for '--trim <CAP>'"],
        ),
        (
            &["analyze", s, "--weight"],
            &["a value is required for '--weight <COLUMN>'"],
        ),
        (
            &["analyze", s, "--weight", "a", "--weight", "b"],
            &["'--weight <COLUMN>' cannot be used multiple times"],
        ),
        (
            &["analyze", s, "--rake", t, "--rake", t],
            &["'--rake <TARGETS.json>' cannot be used multiple times"],
        ),
        (
            &["render", s, "--out", "x", "--weight", "w", "--rake", t],
            &["cannot be used with"],
        ),
        (
            &["render", s, "--out", "x", "--filtr", "role=Models"],
            &["unexpected argument '--filtr'"],
        ),
        (
            &["render", s, "--out", "x", "--filter", "role"],
            &["'--filter <QID=OPTION[|OPTION...]>'"],
        ),
        (
            &["split", s, "--question", "role"],
            &["required arguments were not provided", "--by <QID>"],
        ),
        (
            &["split", s, "--by", "role"],
            &["required arguments were not provided", "--question <QID>"],
        ),
        (
            &["split", s, "--question", "role", "--by", "title", "--by", "role"],
            &["'--by <QID>' cannot be used multiple times"],
        ),
        (
            &["split", s, "--question", "role", "--by", "title", "--jsn"],
            &["unexpected argument '--jsn'"],
        ),
        (
            &["split", s, "--question", "role", "--by", "title", "--trim", "3"],
            &["required arguments were not provided"],
        ),
    ];
    for (args, says) in cases {
        usage_error(args, says);
    }
    // Well formed, but naming what the file does not have: the session says what.
    refused(&["analyze", s, "--filter", "rol=Models"], &["--filter", "rol"]);
    refused(&["analyze", s, "--filter", "role=Modles"], &["--filter", "Modles"]);
    // A '|' inside an option is written '\|': one option, "Models|Data".
    refused(&["analyze", s, "--filter", r"role=Models\|Data"], &["Models|Data"]);
}

fn edition(year: &str) -> String {
    format!("{}/tests/data/compare/edition-{year}.csv", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn compare_json_has_the_documented_fields() {
    let out = bin()
        .args(["compare", &edition("2020"), &edition("2021"), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["a"]["name"].as_str(), v["a"]["respondents"].as_u64()),
        (Some("2020"), Some(200))
    );
    assert_eq!(
        (v["b"]["name"].as_str(), v["b"]["respondents"].as_u64()),
        (Some("2021"), Some(300))
    );
    let qs = v["questions"].as_array().unwrap();
    let role = qs
        .iter()
        .find(|q| q["a_header"] == "Q1. What is your role?")
        .expect("role");
    for key in ["a_id", "b_id", "a_header", "b_header", "confidence", "options"] {
        assert!(!role[key].is_null(), "{key}");
    }
    let eng = role["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["label"] == "Engineer")
        .unwrap();
    assert_eq!(eng["a"]["count"], 100);
    assert_eq!(eng["a"]["base"], 200);
    assert_eq!(eng["b"]["percent"], 40.0);
    assert!((eng["change"].as_f64().unwrap() + 10.0).abs() < 1e-9);
    assert!(eng["p"].as_f64().unwrap() < 0.05 && eng["q"].as_f64().unwrap() < 0.05);
    let tools = qs
        .iter()
        .find(|q| q["a_header"].as_str().unwrap().contains("tools"))
        .unwrap();
    let julia = tools["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["label"] == "Julia")
        .unwrap();
    assert!(julia["a"].is_null() && julia["p"].is_null() && julia["b"]["count"] == 30);
    // Names and a pairing file.
    let dir = std::env::temp_dir().join(format!("survey-report-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pairing = dir.join("pairing.json");
    std::fs::write(&pairing, r#"{"unpaired": ["column_2"]}"#).unwrap();
    let out = bin()
        .args([
            "compare",
            &edition("2020"),
            &edition("2021"),
            "--json",
            "--name-a",
            "Before",
        ])
        .args(["--pairing", pairing.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["a"]["name"], "Before");
    assert!(v["unmatched_a"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["id"] == "column_2"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn compare_writes_a_figure_per_compared_question_and_says_what_changed() {
    let dir = std::env::temp_dir().join(format!("survey-report-compare-out-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = bin()
        .args([
            "compare",
            &edition("2020"),
            &edition("2021"),
            "--out",
            dir.to_str().unwrap(),
        ])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let files = tree(&dir);
    assert_eq!(files.len(), 5, "{files:?}");
    let role = std::fs::read_to_string(dir.join("cmp-column_2.csv")).unwrap();
    assert!(
        role.contains("Engineer,2020,100,200,50.0") && role.contains("Engineer,2021,120,300,40.0"),
        "{role}"
    );
    std::fs::remove_dir_all(&dir).ok();
    let out = bin()
        .args(["compare", &edition("2020"), &edition("2021")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("What changed from 2020 to 2021"), "{text}");
    assert!(
        text.contains("rose from 30% to 40%") && text.contains("about the same"),
        "{text}"
    );
    // Usage errors: --format without --out, --json with --out, a missing file.
    usage_error(
        &["compare", &edition("2020"), &edition("2021"), "--format", "png"],
        &["--out"],
    );
    usage_error(
        &["compare", &edition("2020"), &edition("2021"), "--json", "--out", "x"],
        &["--json", "--out"],
    );
    usage_error(&["compare", &edition("2020")], &["<B>"]);
}
