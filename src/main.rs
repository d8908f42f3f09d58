//! The `tipsearch` command: a thin layer of argument parsing over the library.

use std::io::{ErrorKind, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tipsearch::render::{csv::Csv, json::JsonLines, printable, terminal::Terminal, Counts, Render};
use tipsearch::{parse_query, Format, Index, IngestOptions, Period, Progress, SearchRequest};

/// Search US diplomatic cables and Trafficking in Persons reports, passage by passage.
#[derive(Parser, Debug)]
#[command(name = "tipsearch", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    search: SearchArgs,
    /// Never page long output (on a terminal it goes through $PAGER, else `less -FRX`).
    #[arg(long, global = true)]
    no_pager: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build or update an on-disk index from files, folders (recursively) and archives.
    ///
    /// Reads plain text, WikiLeaks pages (.html), the cables.csv dump, JSON Lines
    /// (.jsonl: a `text` field plus metadata that overrides the parser's), and .gz, .tar
    /// and .tar.gz archives without unpacking them. Unchanged files are skipped.
    Index {
        #[command(flatten)]
        index: IndexArg,
        /// Files, folders or archives to index.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Delete the index first and build it anew (after a schema change).
        #[arg(long)]
        rebuild: bool,
        /// Also drop documents whose source file no longer exists.
        #[arg(long)]
        prune: bool,
        /// Memory for the index writer, in MB (bounds peak memory however large the input).
        #[arg(long, default_value_t = (tipsearch::WRITER_MEMORY >> 20) as u64, value_parser = clap::value_parser!(u64).range(16..=65536))]
        memory: u64,
        /// Longest time between two commits, in seconds: what a crash can lose at most.
        #[arg(long, default_value_t = 10)]
        commit_every: u64,
        /// No progress bar and no summary; failures are still reported.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Remove documents from the index by id.
    Remove {
        #[command(flatten)]
        index: IndexArg,
        /// Document ids, e.g. 09BAKU141 (their own ids, not other ids they were published under).
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Count documents and passages by kind, year, origin, tag and classification: of the
    /// whole index, or of the documents matching a query.
    Stats {
        #[command(flatten)]
        index: IndexArg,
        #[command(flatten)]
        output: OutputArg,
        /// Instead of the counts, the documents over time: a bar per year or month (with
        /// --json, `{"series": [{"period": "2009-02", "documents": 12, "passages": 40}]}`).
        #[arg(long, value_parser = ["year", "month"])]
        by: Option<String>,
        /// Count only the documents matching this query (same syntax as a search).
        query: Vec<String>,
    },
    /// Serve the index over HTTP: a JSON API and a search page.
    ///
    /// Reads are open; writes (POST /documents) need the token from TIPSEARCH_TOKEN or
    /// --token-file, and are off without one. With no index, serves the bundled corpus.
    /// Warns when the address is reachable from the network without a token, when the
    /// token is shorter than 16 bytes, and when others can read the token file.
    Serve {
        #[command(flatten)]
        index: IndexArg,
        /// Address to listen on (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1:7878")]
        addr: String,
        /// File holding the bearer token that enables writes: one line, readable by its
        /// owner only. An empty file is an error, not "writes off".
        #[arg(long)]
        token_file: Option<PathBuf>,
    },
    /// Print each parsed document as one JSON line, without indexing.
    Parse {
        /// Files, folders or archives to parse.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// A country's tier by report year, from the TIP reports and interim assessments
    /// indexed, beside its cables tagged KTIP each year; every reported country without
    /// COUNTRY.
    Tiers {
        #[command(flatten)]
        index: IndexArg,
        #[command(flatten)]
        output: OutputArg,
        /// The country, e.g. Azerbaijan (case aside).
        country: Vec<String>,
    },
    /// Write every matching document (every document without QUERY), or with --passages
    /// every matching passage, for analysis elsewhere; streamed, a progress bar on a
    /// terminal.
    Export {
        #[command(flatten)]
        index: IndexArg,
        /// jsonl (a document per line) or csv (a header row, a row per document).
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// A passage per line or row, as search hits, instead of a whole document.
        #[arg(long)]
        passages: bool,
        /// Only the documents with a passage matching this query (same syntax as a search).
        query: Vec<String>,
    },
    /// Print the shell completions for bash, zsh, fish, elvish or PowerShell (see the
    /// README for where to put them).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `tipsearch man > tipsearch.1`.
    Man,
    /// Print one document from the index, passage by passage.
    Show {
        #[command(flatten)]
        index: IndexArg,
        /// Document id, e.g. 09BAKU141, or another id it was published under.
        id: String,
        #[command(flatten)]
        output: OutputArg,
        /// List the cables it cites and the documents that cite it, instead of its text.
        #[arg(long)]
        refs: bool,
    },
}

/// How a command writes its answer.
#[derive(Args, Debug, Clone, Copy)]
struct OutputArg {
    /// Print JSON for programs (as --format jsonl).
    #[arg(long)]
    json: bool,
    /// text for people, jsonl for programs, csv for spreadsheets and R.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
}

impl OutputArg {
    fn format(self) -> Format {
        match (self.json, self.format) {
            (true, _) | (_, FormatArg::Jsonl) => Format::Jsonl,
            (_, FormatArg::Csv) => Format::Csv,
            (_, FormatArg::Text) => Format::Native,
        }
    }

    /// The same, as the `format` parameter of a search request.
    fn name(self) -> &'static str {
        match self.format() {
            Format::Native => "text",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum FormatArg {
    Text,
    Jsonl,
    Csv,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ExportFormat {
    Jsonl,
    Csv,
}

#[derive(Args, Debug, Clone)]
struct IndexArg {
    /// Index folder [default: the platform's data directory, tipsearch/index].
    #[arg(long, env = "TIPSEARCH_INDEX", global = true)]
    index: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum SortArg {
    Relevance,
    Date,
    #[value(name = "-date")]
    DateDesc,
}

/// The search flags: each is a parameter of [`SearchRequest`] (see [`PARAMETERS`]), read by
/// the same code as the server's URL parameters.
#[derive(Args, Debug)]
struct SearchArgs {
    /// The query: words, "phrases", AND/OR/NOT, (groups), "a b"~5, NEAR(a b, 5), prefix*,
    /// -word, field:value filters, date:A..B (see the README's query table).
    query: Vec<String>,
    #[command(flatten)]
    index: IndexArg,
    /// Number of hits to show (documents, with --by-document).
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,
    /// Hits to skip, for paging.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[command(flatten)]
    output: OutputArg,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Only documents with this TAG (repeatable).
    #[arg(long)]
    tag: Vec<String>,
    /// Only documents from this post (words of its name).
    #[arg(long)]
    origin: Option<String>,
    /// Only this kind: cable, tip_report, tip_interim.
    #[arg(long)]
    kind: Option<String>,
    /// Only this country (case aside).
    #[arg(long)]
    country: Option<String>,
    /// Only this TIP tier (case aside).
    #[arg(long)]
    tier: Option<String>,
    /// Only passages under a section heading with these words.
    #[arg(long)]
    section: Option<String>,
    /// Only this classification.
    #[arg(long)]
    classification: Option<String>,
    /// Only documents dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Only documents dated on or before this day (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Order of results.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance, allow_hyphen_values = true)]
    sort: SortArg,
    /// One hit per document: its best passage, how many of its passages match, and where
    /// the next best are.
    #[arg(long)]
    by_document: bool,
    /// Only print how many passages and documents match.
    #[arg(long)]
    count: bool,
    /// Also count the matching documents by year, origin, tag, classification and kind
    /// (with --json, as a last line `{"facets": {...}}`).
    #[arg(long)]
    facets: bool,
    /// Show why each hit ranked where it did: its passage and document evidence, and each
    /// expansion that matched (demonym, acronym from the text, word family, near spelling).
    #[arg(long)]
    explain: bool,
}

impl SearchArgs {
    /// The flags as the `name=value` pairs a [`SearchRequest`] is read from.
    fn params(&self) -> Vec<(&'static str, String)> {
        let sort = match self.sort {
            SortArg::Relevance => "relevance",
            SortArg::Date => "date",
            SortArg::DateDesc => "-date",
        };
        let mut p = vec![
            ("q", self.query.join(" ")),
            ("limit", self.limit.to_string()),
            ("offset", self.offset.to_string()),
            ("sort", sort.to_string()),
            ("format", self.output.name().to_string()),
        ];
        p.extend(self.tag.iter().map(|t| ("tag", t.clone())));
        let filters = [
            ("origin", &self.origin),
            ("kind", &self.kind),
            ("country", &self.country),
            ("tier", &self.tier),
            ("section", &self.section),
            ("classification", &self.classification),
            ("from", &self.from),
            ("to", &self.to),
        ];
        p.extend(
            filters
                .iter()
                .filter_map(|(n, v)| Some((*n, (*v).clone()?))),
        );
        let switches = [
            ("group", self.by_document, "document"),
            ("facets", self.facets, "true"),
            ("explain", self.explain, "true"),
            ("count", self.count, "true"),
        ];
        p.extend(
            switches
                .iter()
                .filter(|s| s.1)
                .map(|(n, _, v)| (*n, v.to_string())),
        );
        p
    }
}

fn main() -> ExitCode {
    // A damaged index's panics come back as errors naming it; they are reported once.
    tipsearch::quiet_guarded_panics();
    let cli = Cli::parse();
    let _ = NO_PAGER.set(cli.no_pager);
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`| head`) has what it wanted: not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("tipsearch: {e:#}"));
            ExitCode::from(2)
        }
    }
}

/// Whether the output was closed under us, wherever in the chain the write error sits.
/// serde_json keeps the io::Error inside its own error, out of the `source()` chain.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            == Some(ErrorKind::BrokenPipe)
    })
}

/// Writes one line to stderr, its control characters escaped: messages name files and
/// quote documents, neither of which may drive the terminal. A failed write is dropped,
/// as there is nowhere left to report it (`eprintln!` would panic instead).
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", printable(line));
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Index {
            index,
            paths,
            rebuild,
            prune,
            memory,
            commit_every,
            quiet,
        }) => {
            let opts = IngestOptions {
                memory_bytes: (memory as usize) << 20,
                commit_every: Duration::from_secs(commit_every),
                prune,
            };
            cmd_index(index, &paths, rebuild, &opts, quiet)
        }
        Some(Command::Remove { index, ids }) => cmd_remove(index, &ids),
        Some(Command::Stats {
            index,
            output,
            by,
            query,
        }) => cmd_stats(index, output, by, &query),
        Some(Command::Parse { paths }) => cmd_parse(&paths),
        Some(Command::Export {
            index,
            format,
            passages,
            query,
        }) => cmd_export(index, format, passages, &query.join(" ")),
        Some(Command::Completions { shell }) => {
            // Into memory first: the generator panics on a closed pipe (`| head`).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "tipsearch", &mut script);
            std::io::stdout().lock().write_all(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            std::io::stdout().lock().write_all(&page)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Tiers {
            index,
            output,
            country,
        }) => cmd_tiers(index, output, &country.join(" ")),
        Some(Command::Serve {
            index,
            addr,
            token_file,
        }) => cmd_serve(index, &addr, token_file.as_deref()),
        Some(Command::Show {
            index,
            id,
            output,
            refs: true,
        }) => cmd_refs(index, &id, output),
        Some(Command::Show {
            index, id, output, ..
        }) => cmd_show(index, &id, output),
        None => cmd_search(cli.search),
    }
}

fn index_dir(arg: &IndexArg) -> Result<PathBuf> {
    arg.index
        .clone()
        .or_else(tipsearch::default_index_dir)
        .context("no --index given and no data directory on this platform")
}

/// The index to search: the named one (which must exist), else the default one if it
/// exists, else the bundled corpus in memory.
fn open_for_search(arg: &IndexArg) -> Result<Index> {
    if let Some(dir) = &arg.index {
        return Ok(Index::open(dir)?);
    }
    if let Some(dir) = tipsearch::default_index_dir() {
        if dir.exists() {
            return Ok(Index::open(&dir)?);
        }
    }
    say("tipsearch: no index found; searching the bundled corpus (5 documents) indexed in memory");
    Ok(tipsearch::bundled_index()?)
}

fn cmd_index(
    arg: IndexArg,
    paths: &[PathBuf],
    rebuild: bool,
    opts: &IngestOptions,
    quiet: bool,
) -> Result<ExitCode> {
    let dir = index_dir(&arg)?;
    if rebuild {
        Index::remove(&dir)?;
    }
    let index = Index::open_or_create(&dir)?;
    let started = Instant::now();
    let bar = Bar::new(quiet);
    let s = index.index_paths(paths, opts, &bar)?;
    bar.bar.finish_and_clear();
    if !quiet {
        let secs = started.elapsed().as_secs_f64();
        let mb = s.bytes as f64 / 1e6;
        say(&format!(
            "indexed {} documents ({} new, {} updated; {} passages; {} with gaps); {} unchanged, \
             {} duplicates, {} removed, {} failed; {} files ({mb:.1} MB, {} unchanged) in \
             {secs:.1} s into {}",
            s.indexed + s.updated,
            s.indexed,
            s.updated,
            s.passages,
            s.with_gaps,
            s.unchanged,
            s.duplicates,
            s.removed,
            s.failures.len(),
            s.files,
            s.files_unchanged,
            dir.display()
        ));
    }
    Ok(if s.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// The CLI's view of an indexing run: a progress bar on a terminal, failures as they come.
struct Bar {
    bar: ProgressBar,
    files: AtomicUsize,
    total_files: AtomicUsize,
    pages: AtomicUsize,
}

impl Bar {
    fn new(quiet: bool) -> Bar {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
        };
        let style = ProgressStyle::with_template(
            "{bar:30} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Bar {
            bar,
            files: AtomicUsize::new(0),
            total_files: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
        }
    }

    /// Files done, and the PDF pages read when there are any.
    fn show_count(&self) {
        let done = self.files.load(Ordering::Relaxed);
        let total = self.total_files.load(Ordering::Relaxed);
        match self.pages.load(Ordering::Relaxed) {
            0 => self.bar.set_message(format!("{done}/{total} files")),
            pages => self
                .bar
                .set_message(format!("{done}/{total} files, {pages} PDF pages")),
        }
    }
}

impl Progress for Bar {
    fn start(&self, files: usize, bytes: u64) {
        self.total_files.store(files, Ordering::Relaxed);
        self.bar.set_length(bytes);
        self.bar.set_message(format!("0/{files} files"));
    }

    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    fn file_done(&self) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.show_count();
    }

    fn pages(&self, pages: usize) {
        self.pages.fetch_add(pages, Ordering::Relaxed);
        self.show_count();
    }

    fn failure(&self, error: &tipsearch::Error) {
        self.bar
            .suspend(|| say(&format!("tipsearch: skipped {error}")));
    }

    fn warning(&self, message: &str) {
        self.bar
            .suspend(|| say(&format!("tipsearch: warning: {message}")));
    }
}

fn cmd_remove(arg: IndexArg, ids: &[String]) -> Result<ExitCode> {
    let dir = index_dir(&arg)?;
    let index = Index::open(&dir)?;
    let removed = index.remove_documents(ids)?;
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !removed.contains(&id.trim().to_uppercase()))
        .collect();
    for id in &missing {
        let hint = alias_of(&index, id)
            .map(|real| format!(" (it is another id of {real}; remove that)"))
            .unwrap_or_default();
        say(&format!("tipsearch: no document with id {id}{hint}"));
    }
    say(&format!(
        "removed {} documents from {}",
        removed.len(),
        dir.display()
    ));
    Ok(if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// The document `id` is another id of, when it is one: removing goes by a document's own
/// id only, since an alias may name several documents, and the user needs the id to use.
fn alias_of(index: &Index, id: &str) -> Option<String> {
    index.document(id).ok().map(|d| d.doc_id)
}

fn cmd_stats(
    arg: IndexArg,
    output: OutputArg,
    by: Option<String>,
    query: &[String],
) -> Result<ExitCode> {
    let index = open_for_search(&arg)?;
    let text = query.join(" ");
    let q = match text.trim().is_empty() {
        true => None,
        false => Some(parse_query(&text)?),
    };
    let mut r = renderer(output.format(), terminal_colour(Color::Auto));
    let mut out = Screen::open(output.format());
    // clap lets through only the names Period reads.
    if let Some(by) = by.as_deref().and_then(Period::from_name) {
        let series = match &q {
            Some(q) => index.series_for(q, by)?,
            None => index.series(by)?,
        };
        r.series(&mut out, &series)?;
        return Ok(ExitCode::SUCCESS);
    }
    let s = match &q {
        Some(q) => index.facets(q)?,
        None => index.stats()?,
    };
    r.stats(&mut out, &s)?;
    Ok(ExitCode::SUCCESS)
}

/// Set once from `--no-pager`.
static NO_PAGER: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Where output for people goes: through a pager when it is a terminal's (`$TIPSEARCH_PAGER`,
/// `$PAGER`, else `less -FRX`, which quits at once when it all fits), as git does; straight
/// out when piped, for programs, or with `--no-pager`. Dropping it waits for the pager.
struct Screen {
    pager: Option<std::process::Child>,
}

impl Screen {
    fn open(format: Format) -> Screen {
        let wanted = format == Format::Native
            && !NO_PAGER.get().copied().unwrap_or(false)
            && std::io::stdout().is_terminal();
        let command = std::env::var("TIPSEARCH_PAGER")
            .or_else(|_| std::env::var("PAGER"))
            .unwrap_or_else(|_| "less -FRX".into());
        let pager = (wanted && !command.trim().is_empty() && command.trim() != "cat")
            .then(|| {
                std::process::Command::new("sh")
                    .args(["-c", &command])
                    .stdin(std::process::Stdio::piped())
                    .spawn()
                    .ok()
            })
            .flatten();
        Screen { pager }
    }
}

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.pager.as_mut().and_then(|p| p.stdin.as_mut()) {
            Some(stdin) => stdin.write(buf),
            None => std::io::stdout().lock().write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.pager.as_mut().and_then(|p| p.stdin.as_mut()) {
            Some(stdin) => stdin.flush(),
            None => std::io::stdout().lock().flush(),
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        if let Some(mut pager) = self.pager.take() {
            drop(pager.stdin.take());
            let _ = pager.wait();
        }
    }
}

/// The renderer of a format: text for people (coloured when `color`, as wide as the
/// terminal), JSON Lines for programs, CSV for spreadsheets.
fn renderer(format: Format, color: bool) -> Box<dyn Render> {
    match format {
        Format::Jsonl => Box::new(JsonLines),
        Format::Csv => Box::new(Csv::default()),
        Format::Native => {
            let mut t = Terminal::new(color);
            if let Some((_, columns)) = console::Term::stdout().size_checked() {
                t.width = usize::from(columns);
            }
            Box::new(t)
        }
    }
}

/// Whether to colour: as asked, or on a terminal unless `NO_COLOR` is set.
fn terminal_colour(asked: Color) -> bool {
    match asked {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn cmd_export(arg: IndexArg, format: ExportFormat, passages: bool, text: &str) -> Result<ExitCode> {
    let index = open_for_search(&arg)?;
    let q = match text.trim().is_empty() {
        true => None,
        false => Some(parse_query(text)?),
    };
    let docs = index.matching_documents(q.as_ref())?;
    let format = match format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
    };
    let mut r = renderer(format, false);
    let bar = match std::io::stderr().is_terminal() {
        true => ProgressBar::new(docs.len() as u64),
        false => ProgressBar::hidden(),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (id, matching) in &docs {
        let doc = index.document(id)?;
        match passages {
            true => {
                let shown = doc
                    .passages
                    .iter()
                    .filter(|p| matching.contains(&p.ordinal));
                shown.into_iter().try_for_each(|p| r.hit(&mut out, p))?;
            }
            false => r.record(&mut out, &doc)?,
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_tiers(arg: IndexArg, output: OutputArg, country: &str) -> Result<ExitCode> {
    let index = open_for_search(&arg)?;
    let asked = Some(country.trim()).filter(|c| !c.is_empty());
    let histories = index.tiers(asked)?;
    renderer(output.format(), false).tiers(&mut Screen::open(output.format()), &histories)?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_refs(arg: IndexArg, id: &str, output: OutputArg) -> Result<ExitCode> {
    let index = open_for_search(&arg)?;
    let r = index.references(id)?;
    renderer(output.format(), false).references(&mut Screen::open(output.format()), &r)?;
    Ok(ExitCode::SUCCESS)
}

/// A token shorter than this could be guessed by anyone who can keep asking the server.
const MIN_TOKEN_BYTES: usize = 16;

fn cmd_serve(arg: IndexArg, addr: &str, token_file: Option<&Path>) -> Result<ExitCode> {
    // The token first: a bad token file must stop the server before it opens anything.
    let token = match token_file {
        Some(f) => Some(read_token_file(f)?),
        None => std::env::var("TIPSEARCH_TOKEN")
            .ok()
            .filter(|t| !t.is_empty()),
    };
    let index = std::sync::Arc::new(open_for_search(&arg)?);
    let writes = if token.is_some() { "on" } else { "off" };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .with_context(|| format!("listening on {addr}"))?;
    let bound = listener
        .local_addr()
        .with_context(|| format!("listening on {addr}"))?;
    warn_about_token(bound, token.as_deref());
    let router = tipsearch::server::router(index, token)?;
    // The bound address, not the asked one: with port 0 this is how a caller learns the port.
    say(&format!(
        "tipsearch: serving on http://{bound} (writes {writes})"
    ));
    runtime
        .block_on(tipsearch::server::serve(router, listener))
        .with_context(|| format!("serving on {bound}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The one token in `file`. An empty file or several tokens are refused rather than read
/// as "writes off" or as one odd token: either way the operator meant something else.
fn read_token_file(file: &Path) -> Result<String> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading the token file {}", file.display()))?;
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let token = match lines[..] {
        [token] => token.to_string(),
        [] => anyhow::bail!(
            "the token file {} is empty: put one token in it, or leave out --token-file to \
             serve with writes off",
            file.display()
        ),
        _ => anyhow::bail!(
            "the token file {} has {} lines: it must hold exactly one token",
            file.display(),
            lines.len()
        ),
    };
    warn_if_shared(file);
    Ok(token)
}

/// A token file that others can read gives writes to every user of the machine.
#[cfg(unix)]
fn warn_if_shared(file: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(file) else {
        return;
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        say(&format!(
            "tipsearch: warning: the token file {} can be read by other users (mode {mode:04o}); \
             chmod 600 it",
            file.display()
        ));
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_file: &Path) {}

/// Warnings about who can reach the server: everyone on the network, when it listens
/// beyond loopback; anyone patient, when the token is short.
fn warn_about_token(bound: std::net::SocketAddr, token: Option<&str>) {
    let open = !bound.ip().is_loopback();
    match token {
        None if open => say(&format!(
            "tipsearch: warning: serving on {bound}, reachable from the network, with no \
             token: anyone who can reach it can read the index (writes are off)"
        )),
        Some(t) if t.len() < MIN_TOKEN_BYTES => say(&format!(
            "tipsearch: warning: the token is {} bytes; use at least {MIN_TOKEN_BYTES} random \
             bytes so that it cannot be guessed{}",
            t.len(),
            if open {
                " (the server is reachable from the network)"
            } else {
                ""
            }
        )),
        _ => {}
    }
}

fn cmd_parse(paths: &[PathBuf]) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failures = Vec::new();
    let mut written = Ok(());
    tipsearch::read_paths(paths, &mut |p| match p {
        Ok(p) => {
            for w in &p.warnings {
                say(&format!("tipsearch: warning: {w}"));
            }
            if written.is_ok() {
                written = serde_json::to_writer(&mut out, &p.document)
                    .map_err(anyhow::Error::from)
                    .and_then(|()| Ok(writeln!(out)?));
            }
        }
        Err(e) => failures.push(e),
    });
    written?;
    for f in &failures {
        say(&format!("tipsearch: {f}"));
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn cmd_show(arg: IndexArg, id: &str, output: OutputArg) -> Result<ExitCode> {
    let index = open_for_search(&arg)?;
    let doc = index.document(id)?;
    renderer(output.format(), false).document(&mut Screen::open(output.format()), &doc)?;
    Ok(ExitCode::SUCCESS)
}

fn cmd_search(args: SearchArgs) -> Result<ExitCode> {
    let params = args.params();
    let pairs = params.iter().map(|(k, v)| (*k, v.as_str()));
    let request = match SearchRequest::from_params(pairs) {
        Err(tipsearch::Error::Request(_)) if args.query.is_empty() => anyhow::bail!(
            "no query given; try `tipsearch \"forced labor Nakhchivan\"` or `tipsearch --help`"
        ),
        other => other?,
    };
    let index = open_for_search(&args.index)?;
    let answer = index.answer(&request, None)?;
    for note in &answer.notes {
        say(&format!("tipsearch: note: {note}"));
    }
    let mut r = renderer(request.format, terminal_colour(args.color));
    let mut out = Screen::open(request.format);
    if args.count {
        let n = Counts {
            passages: answer.total,
            documents: answer.documents.unwrap_or(0),
        };
        r.count(&mut out, n)?;
        return Ok(ExitCode::SUCCESS);
    }
    if answer.hits.is_empty() {
        let what = match args.by_document {
            true => "document",
            false => "passage",
        };
        say(&format!("tipsearch: no {what} matches {:?}", request.text));
        return Ok(ExitCode::from(1));
    }
    for h in &answer.hits {
        r.hit(&mut out, h)?;
    }
    if let Some(f) = &answer.facets {
        r.facets(&mut out, f)?;
        if request.format == Format::Native {
            r.series(
                &mut out,
                &tipsearch::Series {
                    series: f.timeline.clone(),
                },
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
