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
    assert!(claims
        .iter()
        .all(|c| c["verdict"] == "holds" && c["paper"].is_string() && c["observed"].is_string()));
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
        csv.starts_with("label,series,count,base,percent,ci95_low_percent,ci95_high_percent\r\n"),
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
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.csv"));
    let out = bin().args(["frobnicate"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown command"));
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
