//! The command line: the same core as the page, for researchers who want the
//! figures as files and the report as JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use survey_report::{
    alt_text, build_figures, every_figure, figure_csv, figure_file_stem, render_png, render_svg, sample, Body, Error,
    ErrorKind, Feeder, Preset, Report, Session, Verdict,
};

const USAGE: &str = "usage:
  survey-report sample [--seed N] [--rows N]          write the synthetic sample CSV to stdout
  survey-report analyze FILE [--json] [--preset ID]   summarise FILE, or print the report as JSON
  survey-report bench-input sample|kaggle|large [--rows N] [--columns N] [--mb N]
                                                      write a benchmark input to stdout
  survey-report render FILE --out DIR [--format svg|png|csv|alt] [--width PX] [--scale N] [--preset ID]
                                                      (FILE may be a CSV or a .zip/.gz holding one;
                                                      the preset is the built-in one that fits best)
                                                      write one file per figure";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`survey-report ... | head`) is not an error.
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("survey-report: {e}");
            if e.kind() == ErrorKind::Usage {
                eprintln!("{USAGE}");
            }
            ExitCode::FAILURE
        }
    }
}

/// A failed write to stdout: [`ErrorKind::BrokenPipe`] when the reader has
/// gone away, which ends the command quietly.
fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::new(ErrorKind::BrokenPipe, "stdout closed")
    } else {
        Error::new(ErrorKind::Io, format!("writing to stdout: {e}"))
    }
}

/// Writes a line to stdout without panicking when the reader has gone away.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(stdout_error)
    };
}

fn usage(msg: &str) -> Error {
    Error::new(ErrorKind::Usage, format!("usage error: {msg}"))
}

/// The value after `--name`, if given.
fn flag<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, Error> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .map(|s| Some(s.as_str()))
            .ok_or_else(|| usage(&format!("{name} needs a value"))),
    }
}

fn number<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Result<T, Error> {
    match flag(args, name)? {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| usage(&format!("{name} takes a number, not {v:?}"))),
    }
}

fn run(args: &[String]) -> Result<(), Error> {
    let Some(cmd) = args.first() else {
        say!("{USAGE}")?;
        return Ok(());
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "sample" => {
            let seed = number(rest, "--seed", sample::DEFAULT_SEED)?;
            let rows = number(rest, "--rows", sample::DEFAULT_ROWS)?;
            let csv = sample::generate(&Preset::state_of_ml_2020(), seed, rows);
            write!(std::io::stdout().lock(), "{csv}").map_err(stdout_error)?;
            Ok(())
        }
        "analyze" => {
            let file = input(rest)?;
            let report = load(&file, rest)?;
            if rest.iter().any(|a| a == "--json") {
                let json =
                    serde_json::to_string_pretty(&report).map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?;
                say!("{json}")?;
            } else {
                print_summary(&file, &report)?;
            }
            Ok(())
        }
        "render" => {
            let file = input(rest)?;
            let out = PathBuf::from(flag(rest, "--out")?.ok_or_else(|| usage("render needs --out DIR"))?);
            let format = flag(rest, "--format")?.unwrap_or("svg");
            let width = number(rest, "--width", 720u32)?;
            let scale = number(rest, "--scale", 2.0f64)?;
            if !["svg", "png", "csv", "alt"].contains(&format) {
                return Err(usage(&format!("--format is svg, png, csv or alt, not {format:?}")));
            }
            let report = load(&file, rest)?;
            std::fs::create_dir_all(&out).map_err(|e| io_error(&out, e))?;
            let mut figures = build_figures(&report);
            figures.extend(every_figure(&report));
            let ext = if format == "alt" { "txt" } else { format };
            let mut names = FileNames::default();
            for fig in figures {
                if matches!(fig.body, Body::Missing { .. }) {
                    eprintln!("{}: {} (skipped)", fig.id, fig.title);
                    continue;
                }
                let path = names.path_in(&out, &fig.id, ext)?;
                let text = match format {
                    "svg" => Some(render_svg(&fig, width)?),
                    "csv" => Some(figure_csv(&fig)),
                    "alt" => Some(alt_text(&fig) + "\n"),
                    _ => None,
                };
                match text {
                    Some(t) => std::fs::write(&path, t).map_err(|e| io_error(&path, e))?,
                    None => render_png(&fig, width, scale, &path)?,
                }
                say!("{}", path.display())?;
            }
            Ok(())
        }
        "bench-input" => {
            // Inputs of the benchmarks (README "Benchmarks"), written to stdout.
            let kind = rest.first().map(String::as_str).unwrap_or("");
            let csv = match kind {
                "sample" => sample::generate(&Preset::state_of_ml_2020(), sample::DEFAULT_SEED, sample::DEFAULT_ROWS),
                "kaggle" => sample::kaggle_like(
                    1,
                    number(rest, "--rows", 20_000usize)?,
                    number(rest, "--columns", 355usize)?,
                ),
                "large" => {
                    // The sample's rows, repeated with other seeds, up to --mb megabytes.
                    let target = number(rest, "--mb", 200usize)? * 1_000_000;
                    let rows = target / 514 + 1;
                    sample::generate(&Preset::state_of_ml_2020(), 7, rows)
                }
                other => return Err(usage(&format!("bench-input is sample, kaggle or large, not {other:?}"))),
            };
            write!(std::io::stdout().lock(), "{csv}").map_err(stdout_error)?;
            Ok(())
        }
        other => Err(usage(&format!("unknown command {other:?}"))),
    }
}

/// The names of the files `render` writes: each figure's id made safe
/// ([`figure_file_stem`]), numbered from 2 when two ids give one name
/// (`q-q1.svg`, `q-q1-2.svg`).
#[derive(Default)]
struct FileNames {
    used: std::collections::HashSet<String>,
}

impl FileNames {
    /// The path of figure `id`'s file in `dir`: always directly inside it.
    fn path_in(&mut self, dir: &Path, id: &str, ext: &str) -> Result<PathBuf, Error> {
        let stem = figure_file_stem(id);
        let name = (1..)
            .map(|n| match n {
                1 => format!("{stem}.{ext}"),
                n => format!("{stem}-{n}.{ext}"),
            })
            .find(|name| !self.used.contains(name))
            .unwrap_or_default();
        self.used.insert(name.clone());
        let path = dir.join(&name);
        // The stem has no separator and no dot, so this cannot fail; checked
        // anyway, as a name from a file must never lead out of --out.
        if path.parent() != Some(dir) || path.file_name().and_then(|n| n.to_str()) != Some(name.as_str()) {
            return Err(Error::new(
                ErrorKind::Io,
                format!(
                    "internal: the file name {name:?} for figure {id:?} would not be directly inside {}; nothing was written for it",
                    dir.display()
                ),
            ));
        }
        Ok(path)
    }
}

fn input(rest: &[String]) -> Result<PathBuf, Error> {
    rest.first()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .ok_or_else(|| usage("name the CSV file"))
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::new(ErrorKind::Io, format!("{}: {e}", path.display()))
}

/// Reads FILE, streamed in 1 MiB pieces, with the preset named by
/// `--preset`, or the built-in one that fits best.
fn load(file: &Path, rest: &[String]) -> Result<Report, Error> {
    use std::io::Read;
    let in_file = |e: Error| e.within(file.display());
    let mut f = std::fs::File::open(file).map_err(|e| io_error(file, e))?;
    let mut feeder = Feeder::new();
    if let Ok(meta) = f.metadata() {
        feeder.set_size_hint(meta.len());
    }
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| io_error(file, e))?;
        if n == 0 {
            break;
        }
        feeder.push(&buf[..n]).map_err(in_file)?;
    }
    let mut session = Session::from_feeder(feeder).map_err(in_file)?;
    if let Some(id) = flag(rest, "--preset")? {
        session.set_preset(Preset::built_in(id)?);
    }
    if let Some(name) = file.file_name().and_then(|n| n.to_str()) {
        session.set_name(name);
    }
    Ok(session.report())
}

fn print_summary(file: &Path, r: &Report) -> Result<(), Error> {
    say!(
        "{}: {} respondents, {} countries",
        file.display(),
        r.respondents,
        r.countries
    )?;
    say!(
        "rows: {} read, {} used, {} set aside",
        r.rows.read,
        r.rows.used,
        r.rows.set_aside_total()
    )?;
    for s in &r.rows.set_aside {
        say!("  {}: {} (rows {:?})", s.reason, s.count, s.rows)?;
    }
    say!(
        "encoding {}, delimiter {:?}, {} columns",
        r.input.encoding,
        r.input.delimiter,
        r.input.columns
    )?;
    for m in &r.missing {
        say!("not in file: {} ({})", m.header, m.id)?;
    }
    if let Some(m) = &r.maturity {
        let groups: Vec<String> = m.groups.iter().map(|g| format!("{} {}", g.label, g.count)).collect();
        say!("maturity: {}", groups.join(", "))?;
    }
    say!("claims:")?;
    for c in &r.claims {
        let mark = match c.verdict {
            Verdict::Holds => "holds",
            Verdict::DoesNotHold => "DOES NOT HOLD",
            Verdict::NotEnoughData => "not enough data",
            Verdict::NotInFile => "not in file",
            Verdict::NotComparable => "not comparable",
        };
        say!("  [{mark}] {}: {} | {}", c.id, c.observed, c.statistic)?;
    }
    for n in &r.notices {
        say!("note: {}", n.message)?;
    }
    Ok(())
}
