//! The core's dependencies run one way (ARCHITECTURE.md, "Layers"): every
//! `crate::` path in `src/` (in `use` lines and written inline) may name only
//! its own layer or one below it, and no module imports another in a circle.
//!
//! The check is written here rather than with a crate (`cargo-modules`,
//! `cargo-deny`'s bans work on crates, not modules): it needs only the
//! paths, which a short scan of the source finds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first: a module of one may use modules of its own
/// layer and of those before it.
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &["base"]),
    ("read", &["read"]),
    ("infer", &["infer"]),
    ("count", &["count"]),
    ("report", &["report"]),
    ("present", &["present"]),
    ("session", &["session"]),
    // The crate root re-exports for the edges; nothing else may use it.
    ("edges", &["web", ""]),
];

/// A module's path from the crate root, from its file: `src/count/engine.rs`
/// is `count::engine`, `src/count/mod.rs` is `count`, `src/lib.rs` is the root.
fn module_of(file: &str) -> Vec<String> {
    let rel = file.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn layer_of(module: &[String]) -> Option<usize> {
    let top = module.first().map_or("", String::as_str);
    LAYERS.iter().position(|(_, tops)| tops.contains(&top))
}

/// The source without comments, string literals and char literals, so
/// that only code is scanned.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let end = src[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            i = end;
        } else if b[i] == b'"' {
            // A raw string's hashes are rare here; a plain string ends at an
            // unescaped quote.
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && i + 2 < b.len() && (b[i + 2] == b'\'' || b[i + 1] == b'\\') {
            // A char literal ('x', '\n'), not a lifetime.
            let close = src[i + 1..].find('\'').map_or(b.len(), |e| i + 1 + e + 1);
            i = close;
        } else {
            let ch = src[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The paths a use tree names, starting at `s` just after `crate::`:
/// `a::b`, `a::{b, c::d}`, `{a, b}`. Returns the paths and the bytes read.
fn use_tree(s: &str, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    let mut path = prefix.to_vec();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'{' {
            i += 1;
            loop {
                i += use_tree(&s[i..], &path, out);
                while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'}' {
                    return i + 1;
                }
            }
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        let seg = &s[start..i];
        if !seg.is_empty() && seg != "self" {
            path.push(seg.to_string());
        }
        if s[i..].starts_with("::") {
            i += 2;
            continue;
        }
        out.push(path);
        return i;
    }
}

/// Every module path named after `crate::` in a file's code.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::") {
        let at = from + at;
        let before = code[..at].chars().next_back();
        from = at + "crate::".len();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::` in a macro, `some_crate::`
        }
        from += use_tree(&code[from..], &[], &mut out);
    }
    out
}

/// What is wrong with a set of `(file, source)`: upward imports, modules
/// of no layer, and import circles between modules.
fn problems(files: &[(String, String)]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(f, _)| module_of(f)).collect();
    let mut problems = Vec::new();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (file, src) in files {
        let me = module_of(file);
        let Some(my_layer) = layer_of(&me) else {
            problems.push(format!("{file}: module {} is in no layer (see LAYERS)", me.join("::")));
            continue;
        };
        for path in crate_paths(&code_only(src)) {
            // The module the path names: its longest prefix that is a module.
            let target = (0..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains(p))
                .unwrap_or_default();
            // A path whose first name is no layer's is an item of the crate
            // root (its re-exports, for the edges).
            let layer = layer_of(&path).unwrap_or(LAYERS.len() - 1);
            if layer > my_layer {
                problems.push(format!(
                    "{file}: `crate::{}` is in layer {:?}, above {:?}",
                    path.join("::"),
                    LAYERS[layer].0,
                    LAYERS[my_layer].0
                ));
            }
            // A module using its own parent folder's re-exports is not a circle.
            if target != me && !me.starts_with(&target) {
                edges.entry(me.clone()).or_default().insert(target);
            }
        }
    }
    // Circles: a depth-first walk that meets a module still on its path.
    fn walk(
        m: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
        found: &mut Vec<String>,
    ) {
        state.insert(m.clone(), 1);
        stack.push(m.clone());
        for n in edges.get(m).into_iter().flatten() {
            match state.get(n) {
                Some(1) => {
                    let from = stack.iter().position(|x| x == n).unwrap_or(0);
                    let circle: Vec<String> = stack[from..].iter().chain([n]).map(|x| x.join("::")).collect();
                    found.push(format!("import circle: {}", circle.join(" -> ")));
                }
                Some(_) => {}
                None => walk(n, edges, state, stack, found),
            }
        }
        stack.pop();
        state.insert(m.clone(), 2);
    }
    let mut state = BTreeMap::new();
    for m in edges.keys() {
        if !state.contains_key(m) {
            walk(m, &edges, &mut state, &mut Vec::new(), &mut problems);
        }
    }
    problems
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("src/ is readable").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            sources(&p, root, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let rel = p
                .strip_prefix(root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            // The binary is its own crate, using the library's public paths.
            if rel != "src/main.rs" {
                out.push((rel, std::fs::read_to_string(&p).expect("source is UTF-8")));
            }
        }
    }
}

#[test]
fn every_import_points_down_and_none_is_circular() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), root, &mut files);
    assert!(files.len() > 30, "the scan found only {} files", files.len());
    let problems = problems(&files);
    assert!(problems.is_empty(), "the layers are broken:\n{}", problems.join("\n"));
}

fn fixture(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files.iter().map(|(f, s)| (f.to_string(), s.to_string())).collect()
}

#[test]
fn the_check_finds_an_upward_import_in_any_form() {
    for src in [
        "use crate::report::types::Report;",
        "use crate::{base::error::Error, report::{types::Report}};",
        "fn f() -> crate::report::types::Report { todo!() }",
        "use crate::{report, base};",
    ] {
        let files = fixture(&[
            ("src/base/error.rs", ""),
            ("src/read/table.rs", src),
            ("src/report/types.rs", ""),
            ("src/report/mod.rs", ""),
        ]);
        let p = problems(&files);
        assert_eq!(p.len(), 1, "{src}: {p:?}");
        assert!(p[0].starts_with("src/read/table.rs: `crate::report"), "{p:?}");
    }
}

#[test]
fn the_check_ignores_comments_strings_and_allows_downward_imports() {
    let files = fixture(&[
        ("src/base/error.rs", ""),
        (
            "src/read/table.rs",
            "// use crate::report::X;\n/* crate::session */ use crate::base::error::Error;\nconst S: &str = \"crate::report::x\";",
        ),
        ("src/report/types.rs", "use crate::read::table::Table;"),
    ]);
    assert_eq!(problems(&files), Vec::<String>::new());
}

#[test]
fn the_check_finds_a_circle_within_a_layer_and_a_module_of_no_layer() {
    let files = fixture(&[
        ("src/present/claims.rs", "use crate::present::text::Section;"),
        ("src/present/text.rs", "use crate::present::figures::Figure;"),
        ("src/present/figures/mod.rs", "use crate::present::claims::pct;"),
        ("src/extra.rs", ""),
    ]);
    let p = problems(&files);
    assert!(
        p.iter()
            .any(|x| x == "src/extra.rs: module extra is in no layer (see LAYERS)"),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|x| x
                .starts_with("import circle: present::claims -> present::text -> present::figures -> present::claims")),
        "{p:?}"
    );
}
