//! The command line: the same core as the page, for researchers who want the
//! figures as files and the report as JSON.
//!
//! The arguments are parsed by clap (derive): each sub-command has its
//! `--help`, made from the doc comments below, and an unknown or misspelt
//! flag, a missing value or a flag given twice is a usage error naming it
//! (exit status 2). Other errors print `survey-report: <message>` and exit 1;
//! a reader that goes away early (`survey-report sample | head`) ends the
//! command quietly.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use survey_report::{
    alt_text, build_figures, every_figure, figure_csv, figure_file_stem, render_png, render_svg, sample, Analysis,
    Body, Error, ErrorKind, Feeder, Filter, Pairing, Preset, Report, Session, SplitReport, Verdict, Weighting,
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
  survey-report analyze sample.csv --filter 'QID=OPTION|OTHER OPTION' --rake targets.json
  survey-report split sample.csv --question QID --by QID --weight weight --json
  survey-report compare survey-2020.zip survey-2021.zip --json

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
    /// Compare the answers to one question between the groups of another, with a test.
    Split(SplitArgs),
    /// Compare two editions of a survey question by question: what changed, and is it real.
    Compare(CompareArgs),
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
    #[command(flatten)]
    analysis: AnalysisArgs,
    /// Print the whole report as JSON instead of the summary.
    #[arg(long)]
    json: bool,
}

/// Whom the report describes (filters) and how they count (weights): the
/// same flags on analyze, render and split.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("weighting").args(["weight", "rake"])))]
struct AnalysisArgs {
    /// Only respondents who gave one of these answers to question QID (its id
    /// as `analyze --json` lists it; options by their labels). Repeat the flag
    /// to filter on more questions (a respondent must meet every one); the
    /// same QID given again adds options to it. A '|' inside an option is
    /// written '\|'.
    #[arg(long, value_name = "QID=OPTION[|OPTION...]", value_parser = parse_filter)]
    filter: Vec<FilterArg>,
    /// Weight each respondent by this column of the file, named by its header
    /// (`analyze` lists the columns that could be weights).
    #[arg(long, value_name = "COLUMN", conflicts_with = "rake")]
    weight: Option<String>,
    /// Rake the weights to target shares, as R's survey::rake: a JSON file
    /// {"<question id or continent>": {"<option label>": share, ...}, ...},
    /// each question's shares summing to 1, one for every option the sample
    /// answered (0 weights its respondents out).
    #[arg(long, value_name = "TARGETS.json")]
    rake: Option<PathBuf>,
    /// Cap the weights at CAP times the mean weight (5 = five times the
    /// mean), the excess spread over the others (and raked again), as
    /// survey::trimWeights; needs --weight or --rake.
    #[arg(long, value_name = "CAP", requires = "weighting", value_parser = parse_cap)]
    trim: Option<f64>,
}

/// One `--filter QID=OPTION[|OPTION...]` as given.
#[derive(Clone, Debug, PartialEq)]
struct FilterArg {
    question: String,
    options: Vec<String>,
}

const FILTER_FORM: &str =
    "expected QID=OPTION[|OPTION...]: a question id, '=', then one or more of its options separated by '|'";

/// `--filter`'s value: the question id before the first '=', then options
/// separated by '|' (a '|' in an option written '\|'), each trimmed.
fn parse_filter(s: &str) -> Result<FilterArg, String> {
    let Some((question, rest)) = s.split_once('=') else {
        return Err(format!("no '=' in it; {FILTER_FORM}"));
    };
    let question = question.trim();
    if question.is_empty() {
        return Err(format!("no question id before '='; {FILTER_FORM}"));
    }
    let mut options = Vec::new();
    let mut option = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                option.push('|');
            }
            '|' => options.push(std::mem::take(&mut option)),
            c => option.push(c),
        }
    }
    options.push(option);
    let options: Vec<String> = options.iter().map(|o| o.trim().to_string()).collect();
    if options.iter().any(String::is_empty) {
        let what = if options.len() == 1 {
            "no option after '='"
        } else {
            "an empty option between '|'s"
        };
        return Err(format!("{what}; {FILTER_FORM}"));
    }
    Ok(FilterArg {
        question: question.to_string(),
        options,
    })
}

/// `--trim`'s value: a cap above the mean weight (a cap at or under it
/// could not keep the weights' total).
fn parse_cap(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(cap) if cap.is_finite() && cap > 1.0 => Ok(cap),
        _ => Err("the cap is a multiple of the mean weight, a number above 1 (e.g. 5)".to_string()),
    }
}

/// The filters for the session: one per question, in the order first
/// given, holding every option named for it (an option named twice once).
fn merge_filters(given: &[FilterArg]) -> Vec<Filter> {
    let mut out: Vec<Filter> = Vec::new();
    for f in given {
        let at = match out.iter().position(|m| m.question == f.question) {
            Some(at) => at,
            None => {
                out.push(Filter {
                    question: f.question.clone(),
                    options: Vec::new(),
                });
                out.len() - 1
            }
        };
        for o in &f.options {
            if !out[at].options.contains(o) {
                out[at].options.push(o.clone());
            }
        }
    }
    out
}

/// The raking targets of `--rake FILE`, or an error naming the file and
/// what in it is not targets.
fn read_targets(path: &Path) -> Result<BTreeMap<String, BTreeMap<String, f64>>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
    let bad = |what: String| {
        Error::new(
            ErrorKind::Malformed,
            format!(
                "{}: {what}; raking targets are {{\"<question id or continent>\": {{\"<option label>\": share, ...}}, ...}}",
                path.display()
            ),
        )
    };
    let targets: BTreeMap<String, BTreeMap<String, f64>> =
        serde_json::from_str(&text).map_err(|e| bad(format!("not raking targets ({e})")))?;
    if targets.is_empty() {
        return Err(bad("no question to rake on".to_string()));
    }
    if let Some((q, _)) = targets.iter().find(|(_, shares)| shares.is_empty()) {
        return Err(bad(format!("{q:?} has no target shares")));
    }
    Ok(targets)
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
    #[command(flatten)]
    analysis: AnalysisArgs,
}

#[derive(Debug, Args)]
struct SplitArgs {
    #[command(flatten)]
    input: Input,
    /// The question whose answers are compared (its id as `analyze --json` lists it).
    #[arg(long, value_name = "QID")]
    question: String,
    /// The single-choice question whose answers make the groups.
    #[arg(long, value_name = "QID")]
    by: String,
    #[command(flatten)]
    analysis: AnalysisArgs,
    /// Print the split as JSON: per group its letter, n, effective n and per
    /// option the count, weighted count, percent and letters; and the test
    /// (pearson, or rao-scott with weights).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// Edition A (the earlier one): a CSV, or a .zip or .gz holding one.
    #[arg(value_name = "A")]
    a: PathBuf,
    /// Edition B (the later one).
    #[arg(value_name = "B")]
    b: PathBuf,
    /// A built-in preset to read both files with (default: the one that fits each best).
    #[arg(long, value_name = "ID", value_parser = built_in_preset)]
    preset: Option<Preset>,
    /// Edition A's name (default: a year in its file's name, else the name).
    #[arg(long, value_name = "NAME")]
    name_a: Option<String>,
    /// Edition B's name.
    #[arg(long, value_name = "NAME")]
    name_b: Option<String>,
    /// Corrections to the automatic pairing, as JSON: {"pairs": [{"a": QID,
    /// "b": QID}], "unpaired": [QID], "options": [{"question": QID, "a":
    /// LABEL, "b": LABEL or null}]}.
    #[arg(long, value_name = "PAIRING.json")]
    pairing: Option<PathBuf>,
    /// Filters and weights in A's terms, translated to B through the pairing.
    #[command(flatten)]
    analysis: AnalysisArgs,
    /// Print the comparison as JSON.
    #[arg(long, conflicts_with = "out")]
    json: bool,
    /// Write one figure per compared question into this folder (made if missing).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// What to write per figure, with --out.
    #[arg(long, value_enum, default_value_t = Format::Svg, requires = "out")]
    format: Format,
    /// The figures' width in CSS pixels (svg and png), with --out.
    #[arg(long, value_name = "PX", default_value_t = 720, requires = "out")]
    width: u32,
    /// Device pixels per CSS pixel of the PNGs, with --out.
    #[arg(long, value_name = "N", default_value_t = 2.0, requires = "out")]
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
            let report = open(&a.input, &a.analysis)?.report();
            if a.json {
                say!("{}", to_json(&report)?)
            } else {
                print_summary(&a.input.file, &report)
            }
        }
        Command::Render(a) => render(&a),
        Command::Compare(a) => compare(&a),
        Command::Split(a) => {
            let session = open(&a.input, &a.analysis)?;
            let Some(split) = session.split_report(&a.question, &a.by)? else {
                return Err(no_split(&session.report(), &a.question, &a.by));
            };
            if a.json {
                say!("{}", to_json(&split)?)
            } else {
                print_split(&split)
            }
        }
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

fn compare(c: &CompareArgs) -> Result<(), Error> {
    let input = |file: &PathBuf| Input {
        file: file.clone(),
        preset: c.preset.clone(),
    };
    let a = open(&input(&c.a), &c.analysis)?;
    let b = read(&input(&c.b))?;
    let mut pairing: Pairing = match &c.pairing {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
            serde_json::from_str(&text)
                .map_err(|e| Error::new(ErrorKind::Usage, format!("--pairing {}: {e}", path.display())))?
        }
        None => Pairing::default(),
    };
    if c.name_a.is_some() || c.name_b.is_some() {
        pairing.names.resize(2, String::new());
        for (i, name) in [&c.name_a, &c.name_b].into_iter().enumerate() {
            if let Some(n) = name {
                pairing.names[i].clone_from(n);
            }
        }
    }
    let compared = a.compare(&b, &pairing)?;
    if c.json {
        return say!("{}", to_json(&compared.comparison)?);
    }
    if let Some(out) = &c.out {
        std::fs::create_dir_all(out).map_err(|e| io_error(out, e))?;
        let mut names = FileNames::default();
        for fig in &compared.figures {
            let path = names.path_in(out, &fig.id, c.format.extension())?;
            write_figure(fig, c.format, c.width, c.scale, &path)?;
            say!("{}", path.display())?;
        }
        return Ok(());
    }
    for section in &compared.comparison.text {
        say!("{}\n", section.heading)?;
        for p in &section.paragraphs {
            say!("{p}\n")?;
        }
    }
    Ok(())
}

/// Writes one figure in `format` to `path`.
fn write_figure(fig: &survey_report::Figure, format: Format, width: u32, scale: f64, path: &Path) -> Result<(), Error> {
    let text = match format {
        Format::Svg => Some(render_svg(fig, width)?),
        Format::Csv => Some(figure_csv(fig)),
        Format::Alt => Some(alt_text(fig) + "\n"),
        Format::Png => None,
    };
    match text {
        Some(t) => std::fs::write(path, t).map_err(|e| io_error(path, e)),
        None => render_png(fig, width, scale, path),
    }
}

fn render(a: &RenderArgs) -> Result<(), Error> {
    let report = open(&a.input, &a.analysis)?.report();
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
        write_figure(&fig, a.format, a.width, a.scale, &path)?;
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

fn to_json(value: &impl serde::Serialize) -> Result<String, Error> {
    serde_json::to_string_pretty(value).map_err(|e| Error::new(ErrorKind::Io, e.to_string()))
}

/// Reads FILE with its preset and applies the filters and weights.
fn open(input: &Input, a: &AnalysisArgs) -> Result<Session, Error> {
    let mut session = read(input)?;
    let filters = merge_filters(&a.filter);
    let weighting = match (&a.weight, &a.rake) {
        (Some(column), _) => Some(Weighting::Column {
            column: column.clone(),
            trim: a.trim,
        }),
        (None, Some(path)) => Some(Weighting::Rake {
            targets: read_targets(path)?,
            trim: a.trim,
        }),
        (None, None) => None,
    };
    if filters.is_empty() && weighting.is_none() {
        return Ok(session);
    }
    // The filters alone first, so that an error says which flag it is about.
    if !filters.is_empty() {
        let only = Analysis {
            filters: filters.clone(),
            weighting: None,
        };
        session.set_analysis(only).map_err(|e| e.within("--filter"))?;
    }
    if weighting.is_some() {
        let flag = match (&a.weight, &a.rake) {
            (Some(column), _) => format!("--weight {column:?}"),
            (None, path) => format!("--rake {}", path.as_deref().unwrap_or(Path::new("")).display()),
        };
        session
            .set_analysis(Analysis { filters, weighting })
            .map_err(|e| e.within(flag))?;
    }
    Ok(session)
}

/// Why `split` has nothing to show: a question the file does not have
/// (its questions listed), or a pair of kinds that cannot be split.
fn no_split(report: &Report, question: &str, by: &str) -> Error {
    let kind = |id: &str| {
        let q = report.questions.iter().find(|q| q.id == id)?;
        Some(serde_json::to_value(q.kind).ok()?.as_str()?.to_string())
    };
    let message = match (kind(question), kind(by)) {
        (Some(q), Some(b)) => format!(
            "{question:?} ({q}) cannot be split by {by:?} ({b}): --by takes a single-choice question, --question a single- or multiple-choice one"
        ),
        (q, _) => {
            let missing = if q.is_none() { question } else { by };
            let ids: Vec<&str> = report.questions.iter().map(|q| q.id.as_str()).collect();
            format!("no question {missing:?} in the file; its questions are {}", ids.join(", "))
        }
    };
    Error::new(ErrorKind::Malformed, message)
}

/// Reads FILE, streamed in 1 MiB pieces, with the preset named by
/// `--preset`, or the built-in one that fits best.
fn read(input: &Input) -> Result<Session, Error> {
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
    Ok(session)
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
    if let Some(sel) = &r.selection {
        say!("{} of {} respondents", sel.label, sel.of)?;
    }
    if let Some(w) = &r.weights {
        say!(
            "{}: efficiency {:.1}%, effective n {:.1}, weights {:.3} to {:.3} (median {:.3}){}",
            w.label,
            100.0 * w.efficiency,
            w.effective_n,
            w.min,
            w.max,
            w.median,
            match w.trim {
                Some(cap) => format!(", {} trimmed to {cap} x the mean", w.trimmed),
                None => String::new(),
            }
        )?;
        if w.source == "rake" {
            let state = if w.converged { "converged" } else { "DID NOT CONVERGE" };
            say!("  raking: {} iterations, {state}", w.iterations)?;
        }
        for s in &w.set_aside {
            say!("  weight set aside, {}: {} (rows {:?})", s.reason, s.count, s.rows)?;
        }
        if let Some(warning) = &w.warning {
            say!("warning: {warning}")?;
        }
    }
    if r.weights.is_none() && !r.weight_columns.is_empty() {
        let columns: Vec<String> = r
            .weight_columns
            .iter()
            .map(|c| {
                if c.detected {
                    format!("{:?} (looks like a weight)", c.column)
                } else {
                    format!("{:?}", c.column)
                }
            })
            .collect();
        say!("numeric columns (--weight COLUMN): {}", columns.join(", "))?;
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
        let mark = verdict_mark(c.verdict);
        say!("  [{mark}] {}: {} | {}", c.id, c.observed, c.statistic)?;
        if let Some(w) = &c.weighted {
            say!(
                "      weighted [{}]: {} | {}",
                verdict_mark(w.verdict),
                w.observed,
                w.statistic
            )?;
        }
    }
    for n in &r.notices {
        say!("note: {}", n.message)?;
    }
    Ok(())
}

/// A verdict as the summary marks it: the one to look at in capitals.
fn verdict_mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Holds => "holds",
        Verdict::DoesNotHold => "DOES NOT HOLD",
        Verdict::NotEnoughData => "not enough data",
        Verdict::NotInFile => "not in file",
        Verdict::NotComparable => "not comparable",
    }
}

/// `split` without --json: the groups with their letters and sizes, a
/// table of percents (count, and the letters of the groups each is higher
/// than), then the test.
fn print_split(s: &SplitReport) -> Result<(), Error> {
    say!("{}", s.header)?;
    if let Some(a) = &s.analysis {
        say!("{a}")?;
    }
    for (i, g) in s.groups.iter().enumerate() {
        let letter = g.letter.clone().unwrap_or_else(|| "-".to_string());
        let effective = g
            .effective_n
            .map(|e| format!(", effective n = {e:.1}"))
            .unwrap_or_default();
        say!("  {letter} {} (n = {}{effective})", g.label, g.n)?;
        if i + 1 == s.groups.len() {
            say!()?;
        }
    }
    // Rows are the compared question's options, as the first group lists them.
    let labels: Vec<&str> = s
        .groups
        .first()
        .map(|g| g.options.iter().map(|o| o.label.as_str()).collect())
        .unwrap_or_default();
    let mut table: Vec<Vec<String>> = vec![std::iter::once(String::new())
        .chain(
            s.groups
                .iter()
                .map(|g| g.letter.clone().unwrap_or_else(|| g.label.clone())),
        )
        .collect()];
    for label in labels {
        let mut row = vec![label.to_string()];
        for g in &s.groups {
            row.push(match g.options.iter().find(|o| o.label == label) {
                Some(o) => {
                    let letters = if o.letters.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", o.letters.concat())
                    };
                    format!("{:.1}% ({}){letters}", o.percent, o.count)
                }
                None => String::new(),
            });
        }
        table.push(row);
    }
    let columns = table.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .iter()
                .map(|r| r.get(c).map_or(0, |t| t.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &table {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (t, w))| if c == 0 { format!("{t:<w$}") } else { format!("{t:>w$}") })
            .collect();
        say!("{}", cells.join("  ").trim_end())?;
    }
    if let Some(t) = &s.test {
        say!()?;
        say!("{}", t.text)?;
        if let Some(w) = &t.warning {
            say!("warning: {w}")?;
        }
    }
    // The note repeats the test's text when there is one; said once.
    let said = s.test.as_ref().map(|t| t.text.as_str()).filter(|t| !t.is_empty());
    if let Some(n) = s.note.as_ref().filter(|n| said.is_none_or(|t| !n.contains(t))) {
        say!("note: {n}")?;
    }
    Ok(())
}
