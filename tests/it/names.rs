//! The core names no question, option or figure of any survey: every id and
//! label of every built-in preset lives in `presets/`, and none is written
//! as a string literal in `src/` (test code aside). A literal that merely
//! contains a name ("the goals of the work") is prose, not a use of the name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use survey_report::Preset;

/// Literals that equal a preset's name by coincidence, each the generic
/// vocabulary of one table of the reader, which reads it in any file of any
/// survey: `(the const item holding it, the literal, why)`.
const GENERIC: &[(&str, &str, &str)] = &[
    (
        "METADATA",
        "timestamp",
        "form exports head their submission-time column so; the State of ML preset calls that column \"timestamp\" too",
    ),
    (
        "TRUE_MARKS",
        "1",
        "how one-column-per-option exports tick an option; \"1\" is also a team size",
    ),
    (
        "FALSE_MARKS",
        "0",
        "how one-column-per-option exports leave an option unticked; \"0\" is also a Kaggle team size",
    ),
];

/// Every survey-specific name of the built-in presets, with what it is.
fn names() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |name: &str, what: String| {
        out.entry(name.to_string()).or_insert(what);
    };
    let presets = Preset::all_built_in();
    assert_eq!(presets.len(), 2, "every built-in preset is scanned");
    for p in &presets {
        for q in &p.questions {
            add(&q.id, format!("question id in {}", p.id));
            for o in q.options.iter().chain(&q.scale).chain(q.aliases.values().flatten()) {
                add(o, format!("option of {:?} in {}", q.id, p.id));
            }
            for i in &q.items {
                add(&i.label, format!("item of {:?} in {}", q.id, p.id));
            }
        }
        for f in &p.figures {
            add(&f.id, format!("figure id in {}", p.id));
        }
        if let Some(m) = &p.maturity {
            for g in m.groups.iter().chain([&m.unclassified]) {
                add(&g.id, format!("maturity group id in {}", p.id));
            }
        }
    }
    out
}

#[test]
fn the_core_writes_no_survey_name_as_a_literal() {
    let names = names();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut scanned = Scanned::default();
    // Test modules kept in files of their own are found from their
    // `#[cfg(test)] mod` lines, and left out like inline ones.
    for file in &files {
        scanned.test_files.extend(scan(file, &mut scanned.literals));
    }
    let mut found = Vec::new();
    let mut generic_seen = vec![false; GENERIC.len()];
    for lit in &scanned.literals {
        if scanned.test_files.contains(&lit.file) {
            continue;
        }
        let Some(what) = names.get(&lit.text) else { continue };
        if let Some(g) = GENERIC
            .iter()
            .position(|(c, text, _)| lit.text == *text && lit.in_const.as_deref() == Some(*c))
        {
            generic_seen[g] = true;
            continue;
        }
        let rel = lit.file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&lit.file);
        found.push(format!("{}:{}: {:?} ({what})", rel.display(), lit.line, lit.text));
    }
    assert!(
        found.is_empty(),
        "survey names written in the core; they belong in presets/:\n{}",
        found.join("\n")
    );
    for ((c, text, _), seen) in GENERIC.iter().zip(generic_seen) {
        assert!(
            seen,
            "GENERIC lists {text:?} in {c}, which no longer holds it: drop the entry"
        );
    }
    assert!(scanned.literals.len() > 1000, "the scan found the core's literals");
}

/// The scanner finds what it should: a name as a literal, not in a comment,
/// nor in prose, nor in test code.
#[test]
fn the_scan_sees_literals_and_skips_comments_and_tests() {
    let dir = std::env::temp_dir().join(format!("survey-report-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lib.rs");
    std::fs::write(
        &file,
        concat!(
            "// r.question(\"goals\") in a comment\n",
            "/* nested /* \"goals\" */ */\n",
            "fn f<'a>(x: &'a str) -> bool { x == \"go\\u{61}ls\" && '\"' != 'x' }\n",
            "const T: &[&str] = &[r#\"fig2\"#, \"the goals of the work\"];\n",
            "#[cfg(test)]\nmod tests { fn t() { let _ = \"obstacles\"; } }\n",
            "#[cfg(test)]\n#[path = \"more_tests.rs\"]\nmod more;\n",
        ),
    )
    .unwrap();
    let mut literals = Vec::new();
    let tests = scan(&file, &mut literals);
    std::fs::remove_dir_all(&dir).unwrap();
    let seen: Vec<(usize, &str, Option<&str>)> = literals
        .iter()
        .map(|l| (l.line, l.text.as_str(), l.in_const.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (3, "goals", None),
            (4, "fig2", Some("T")),
            (4, "the goals of the work", Some("T")),
        ]
    );
    assert_eq!(tests, [dir.join("more_tests.rs")]);
}

#[derive(Default)]
struct Scanned {
    literals: Vec<Literal>,
    test_files: Vec<PathBuf>,
}

struct Literal {
    file: PathBuf,
    line: usize,
    /// The literal's value, escapes decoded.
    text: String,
    /// The `const` or `static` item whose value holds it, if any.
    in_const: Option<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Punct(char),
}

/// Rust source as tokens with their lines: comments dropped, string
/// literals decoded, lifetimes and char literals told apart.
fn tokens(src: &str) -> Vec<(usize, Token)> {
    let c: Vec<char> = src.chars().collect();
    let (mut i, mut line) = (0, 1);
    let mut out = Vec::new();
    let count_lines = |from: usize, to: usize| c[from..to].iter().filter(|&&x| x == '\n').count();
    while i < c.len() {
        let start = i;
        let ch = c[i];
        if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if let Some((text, end)) = string_at(&c, i) {
            out.push((line, Token::Str(text)));
            i = end;
        } else if ch == '\'' {
            // A char literal ('x', '\n', '"') or a lifetime ('a).
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if ch.is_alphabetic() || ch == '_' {
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((line, Token::Ident(c[start..i].iter().collect())));
        } else {
            if !ch.is_whitespace() {
                out.push((line, Token::Punct(ch)));
            }
            i += 1;
        }
        line += count_lines(start, i);
    }
    out
}

/// The string literal starting at `i` ("..", r#".."#, b"..", br".."), decoded,
/// and where it ends.
fn string_at(c: &[char], i: usize) -> Option<(String, usize)> {
    // A prefix is only a prefix at the start of a token.
    if i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) == Some(&'r') {
        j += 1;
        let hashes = c[j..].iter().take_while(|&&x| x == '#').count();
        j += hashes;
        if c.get(j) != Some(&'"') {
            return None;
        }
        let body = j + 1;
        let mut k = body;
        while k < c.len() {
            if c[k] == '"' && c[k + 1..].iter().take(hashes).filter(|&&x| x == '#').count() == hashes {
                return Some((c[body..k].iter().collect(), k + 1 + hashes));
            }
            k += 1;
        }
        return None;
    }
    if c.get(j) != Some(&'"') {
        return None;
    }
    let mut k = j + 1;
    let mut text = String::new();
    while k < c.len() && c[k] != '"' {
        if c[k] != '\\' {
            text.push(c[k]);
            k += 1;
            continue;
        }
        let e = c.get(k + 1).copied().unwrap_or('\\');
        k += 2;
        match e {
            'n' => text.push('\n'),
            't' => text.push('\t'),
            'r' => text.push('\r'),
            '0' => text.push('\0'),
            'x' => {
                let hex: String = c[k..k + 2].iter().collect();
                text.push(u8::from_str_radix(&hex, 16).map_or('\u{fffd}', char::from));
                k += 2;
            }
            'u' => {
                let end = k + c[k..].iter().position(|&x| x == '}').unwrap_or(0);
                let hex: String = c[k + 1..end].iter().filter(|&&x| x != '_').collect();
                text.push(
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}'),
                );
                k = end + 1;
            }
            // A backslash before a line break continues the line.
            '\n' => {
                while k < c.len() && c[k].is_whitespace() {
                    k += 1;
                }
            }
            other => text.push(other),
        }
    }
    Some((text, k + 1))
}

/// Adds the literals of `file` outside test code to `out`, and returns the
/// files of its `#[cfg(test)]` modules.
fn scan(file: &Path, out: &mut Vec<Literal>) -> Vec<PathBuf> {
    let src = std::fs::read_to_string(file).unwrap();
    let toks = tokens(&src);
    let is = |k: usize, t: &Token| toks.get(k).is_some_and(|(_, x)| x == t);
    let punct = |k: usize, p: char| is(k, &Token::Punct(p));
    let ident = |k: usize, s: &str| is(k, &Token::Ident(s.to_string()));
    let mut test_files = Vec::new();
    let (mut depth, mut k) = (0i32, 0);
    let mut in_const: Option<(String, i32)> = None;
    while k < toks.len() {
        // `#[cfg(test)]`: skip the item it gates.
        if punct(k, '#') && punct(k + 1, '[') && ident(k + 2, "cfg") && punct(k + 3, '(') && ident(k + 4, "test") {
            k += 7;
            let mut path = None;
            while punct(k, '#') && punct(k + 1, '[') {
                if ident(k + 2, "path") && punct(k + 3, '=') {
                    if let Some((_, Token::Str(p))) = toks.get(k + 4) {
                        path = Some(p.clone());
                    }
                }
                while k < toks.len() && !punct(k, ']') {
                    k += 1;
                }
                k += 1;
            }
            if ident(k, "mod") && punct(k + 2, ';') {
                if let Some((_, Token::Ident(name))) = toks.get(k + 1) {
                    test_files.push(module_file(file, name, path.as_deref()));
                }
            }
            k = item_end(&toks, k);
            continue;
        }
        let (line, tok) = &toks[k];
        match tok {
            Token::Ident(w) if (w == "const" || w == "static") && !ident(k + 1, "fn") => {
                if let Some((_, Token::Ident(name))) = toks.get(k + 1) {
                    in_const = Some((name.clone(), depth));
                }
            }
            Token::Str(text) => out.push(Literal {
                file: file.to_path_buf(),
                line: *line,
                text: text.clone(),
                in_const: in_const.as_ref().map(|(n, _)| n.clone()),
            }),
            Token::Punct('(' | '[' | '{') => depth += 1,
            Token::Punct(')' | ']' | '}') => depth -= 1,
            Token::Punct(';') if in_const.as_ref().is_some_and(|(_, d)| *d == depth) => in_const = None,
            _ => {}
        }
        k += 1;
    }
    test_files
}

/// The token after the item starting at `k`: its `;`, or its block's `}`.
fn item_end(toks: &[(usize, Token)], mut k: usize) -> usize {
    let mut depth = 0;
    while k < toks.len() {
        match toks[k].1 {
            Token::Punct('(' | '[' | '{') => depth += 1,
            Token::Punct(')' | ']') => depth -= 1,
            Token::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            Token::Punct(';') if depth == 0 => return k + 1,
            _ => {}
        }
        k += 1;
    }
    k
}

/// Where the module `name` declared in `file` lives, as rustc finds it.
fn module_file(file: &Path, name: &str, path: Option<&str>) -> PathBuf {
    let dir = file.parent().unwrap();
    if let Some(p) = path {
        return dir.join(p);
    }
    let owns_dir = matches!(
        file.file_name().and_then(|f| f.to_str()),
        Some("mod.rs" | "lib.rs" | "main.rs")
    );
    let base = if owns_dir {
        dir.to_path_buf()
    } else {
        dir.join(file.file_stem().unwrap())
    };
    let flat = base.join(format!("{name}.rs"));
    if flat.exists() {
        flat
    } else {
        base.join(name).join("mod.rs")
    }
}
