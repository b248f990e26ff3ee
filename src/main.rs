//! The command line: the same core as the page, for researchers who want the
//! figures as files and the report as JSON.
//!
//! The arguments are parsed by clap (derive): each sub-command has its
//! `--help`, made from the doc comments below, and an unknown or misspelt
//! flag, a missing value or a flag given twice is a usage error naming it
//! (exit status 2). Other errors print `survey-report: <message>` and exit 1;
//! a reader that goes away early (`survey-report sample | head`) ends the
//! command quietly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use survey_report::{
    alt_text, build_figures, every_figure, figure_csv, figure_file_stem, render_png, render_svg, sample, Body, Error,
    ErrorKind, Feeder, Preset, Report, Session, Verdict,
};

/// Survey CSV to report: the results section of "Who Needs MLOps" (State of
/// ML 2020), or a report on any survey export, from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "survey-report",
    version,
    after_help = "Examples:
  survey-report sample > sample.csv
  survey-report analyze sample.csv
  survey-report analyze export.zip --json --preset kaggle-2020
  survey-report render sample.csv --out figures --format png

Each command has its own help: survey-report help render"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the synthetic sample (a State of ML 2020 look-alike) as CSV to stdout.
    Sample(SampleArgs),
    /// Summarise a survey file, or print its whole report as JSON.
    Analyze(AnalyzeArgs),
    /// Write one file per figure of the report into a folder.
    Render(RenderArgs),
    /// Write one of the benchmarks' inputs (README "Benchmarks") as CSV to stdout.
    #[command(subcommand)]
    BenchInput(BenchInput),
}

#[derive(Debug, Args)]
struct SampleArgs {
    /// The seed of the generator: the same seed gives the same file.
    #[arg(long, value_name = "N", default_value_t = sample::DEFAULT_SEED)]
    seed: u64,
    /// How many respondents (rows after the header).
    #[arg(long, value_name = "N", default_value_t = sample::DEFAULT_ROWS)]
    rows: usize,
}

/// The file to read and the preset to read it with.
#[derive(Debug, Args)]
struct Input {
    /// The survey export: a CSV, or a .zip or .gz holding one.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// A built-in preset by its id (default: the one that fits the file best).
    #[arg(long, value_name = "ID", value_parser = built_in_preset)]
    preset: Option<Preset>,
}

#[derive(Debug, Args)]
struct AnalyzeArgs {
    #[command(flatten)]
    input: Input,
    /// Print the whole report as JSON instead of the summary.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct RenderArgs {
    #[command(flatten)]
    input: Input,
    /// The folder to write into (made if missing); each file is named after its figure.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// What to write per figure.
    #[arg(long, value_enum, default_value_t = Format::Svg)]
    format: Format,
    /// The figures' width in CSS pixels (svg and png).
    #[arg(long, value_name = "PX", default_value_t = 720)]
    width: u32,
    /// Device pixels per CSS pixel of the PNGs.
    #[arg(long, value_name = "N", default_value_t = 2.0)]
    scale: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// An SVG image
    Svg,
    /// A PNG image, drawn with the embedded font
    Png,
    /// The figure's numbers as CSV (UTF-8 with a byte-order mark, as the page's download)
    Csv,
    /// The figure's alternative text (.txt)
    Alt,
}

impl Format {
    /// The extension of the files written in this format.
    fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Csv => "csv",
            Format::Alt => "txt",
        }
    }
}

#[derive(Debug, Subcommand)]
enum BenchInput {
    /// The synthetic sample at its default seed and size.
    Sample,
    /// A Kaggle-sized export: many questions, many rows.
    Kaggle {
        /// Rows after the header.
        #[arg(long, value_name = "N", default_value_t = 20_000)]
        rows: usize,
        /// Columns per row.
        #[arg(long, value_name = "N", default_value_t = 355)]
        columns: usize,
    },
    /// The sample's questionnaire over many more rows, up to a size.
    Large {
        /// The file's size in megabytes (10^6 bytes), about.
        #[arg(long, value_name = "N", default_value_t = 200)]
        mb: usize,
    },
}

/// `--preset ID`: a built-in preset, or a usage error listing the ids.
fn built_in_preset(id: &str) -> Result<Preset, String> {
    Preset::built_in(id).map_err(|_| {
        let ids: Vec<String> = Preset::all_built_in().into_iter().map(|p| p.id).collect();
        format!(
            "no built-in preset has this id; the built-in ones are {}",
            ids.join(", ")
        )
    })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // A usage error (exit 2), or --help and --version (exit 0), as clap
        // words them. A closed pipe while printing the help is not an error.
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`survey-report ... | head`) is not an error.
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("survey-report: {e}");
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

fn run(cli: Cli) -> Result<(), Error> {
    let Some(command) = cli.command else {
        // No sub-command: the overview, as `--help` prints it.
        let help = <Cli as clap::CommandFactory>::command().render_long_help();
        say!("{help}")?;
        return Ok(());
    };
    match command {
        Command::Sample(a) => {
            let csv = sample::generate(&Preset::state_of_ml_2020(), a.seed, a.rows);
            write!(std::io::stdout().lock(), "{csv}").map_err(stdout_error)
        }
        Command::Analyze(a) => {
            let report = load(&a.input)?;
            if a.json {
                let json =
                    serde_json::to_string_pretty(&report).map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?;
                say!("{json}")
            } else {
                print_summary(&a.input.file, &report)
            }
        }
        Command::Render(a) => render(&a),
        Command::BenchInput(kind) => {
            let csv = match kind {
                BenchInput::Sample => {
                    sample::generate(&Preset::state_of_ml_2020(), sample::DEFAULT_SEED, sample::DEFAULT_ROWS)
                }
                BenchInput::Kaggle { rows, columns } => sample::kaggle_like(1, rows, columns),
                BenchInput::Large { mb } => {
                    // The sample's rows, repeated with other seeds, up to --mb megabytes.
                    let rows = mb * 1_000_000 / 514 + 1;
                    sample::generate(&Preset::state_of_ml_2020(), 7, rows)
                }
            };
            write!(std::io::stdout().lock(), "{csv}").map_err(stdout_error)
        }
    }
}

fn render(a: &RenderArgs) -> Result<(), Error> {
    let report = load(&a.input)?;
    let out = &a.out;
    std::fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
    let mut figures = build_figures(&report);
    figures.extend(every_figure(&report));
    let mut names = FileNames::default();
    for fig in figures {
        if matches!(fig.body, Body::Missing { .. }) {
            eprintln!("{}: {} (skipped)", fig.id, fig.title);
            continue;
        }
        let path = names.path_in(out, &fig.id, a.format.extension())?;
        let text = match a.format {
            Format::Svg => Some(render_svg(&fig, a.width)?),
            Format::Csv => Some(figure_csv(&fig)),
            Format::Alt => Some(alt_text(&fig) + "\n"),
            Format::Png => None,
        };
        match text {
            Some(t) => std::fs::write(&path, t).map_err(|e| io_error(&path, e))?,
            None => render_png(&fig, a.width, a.scale, &path)?,
        }
        say!("{}", path.display())?;
    }
    Ok(())
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

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::new(ErrorKind::Io, format!("{}: {e}", path.display()))
}

/// Reads FILE, streamed in 1 MiB pieces, with the preset named by
/// `--preset`, or the built-in one that fits best.
fn load(input: &Input) -> Result<Report, Error> {
    use std::io::Read;
    let file = input.file.as_path();
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
    if let Some(preset) = &input.preset {
        session.set_preset(preset.clone());
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
