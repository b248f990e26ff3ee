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
            &["analyze", &sample, "--filter", "role=Manager"],
            "unexpected argument '--filter'",
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
            &["<FILE>", "--json", "--preset <ID>"],
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
    for c in ["sample", "analyze", "render", "bench-input"] {
        assert!(text.contains(&format!("\n  {c} ")), "{c} in {text}");
    }
}
