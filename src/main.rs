//! The `tipsearch` command: a thin layer of argument parsing over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use tipsearch::render::{json::JsonLines, terminal::Terminal, Render};
use tipsearch::{ingest, query, Index, SearchOptions, Sort};

/// Search US diplomatic cables and Trafficking in Persons reports, passage by passage.
#[derive(Parser, Debug)]
#[command(name = "tipsearch", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    search: SearchArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build or update an on-disk index from files and folders (recursively).
    Index {
        #[command(flatten)]
        index: IndexArg,
        /// Files or folders to index.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Delete the index first and build it anew (after a schema change).
        #[arg(long)]
        rebuild: bool,
    },
    /// Print each parsed document as one JSON line, without indexing.
    Parse {
        /// Files or folders to parse.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print one document from the index, passage by passage.
    Show {
        #[command(flatten)]
        index: IndexArg,
        /// Document id, e.g. 09BAKU141.
        id: String,
        /// Print JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
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

#[derive(Args, Debug)]
struct SearchArgs {
    /// The query: words, "phrases", -word, field:value filters, date:A..B.
    query: Vec<String>,
    #[command(flatten)]
    index: IndexArg,
    /// Number of hits to show.
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,
    /// Print JSON Lines (one hit per line) for programs.
    #[arg(long)]
    json: bool,
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
    /// Only documents dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Only documents dated on or before this day (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Order of results.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance, allow_hyphen_values = true)]
    sort: SortArg,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tipsearch: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Index {
            index,
            paths,
            rebuild,
        }) => cmd_index(index, &paths, rebuild),
        Some(Command::Parse { paths }) => cmd_parse(&paths),
        Some(Command::Show { index, id, json }) => cmd_show(index, &id, json),
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
    eprintln!(
        "tipsearch: no index found; searching the bundled corpus (5 documents) indexed in memory"
    );
    Ok(tipsearch::bundled_index()?)
}

fn cmd_index(arg: IndexArg, paths: &[PathBuf], rebuild: bool) -> Result<ExitCode> {
    let dir = index_dir(&arg)?;
    if rebuild {
        Index::remove(&dir)?;
    }
    let index = Index::open_or_create(&dir)?;
    let batch = ingest::read_paths(paths);
    index.add_documents(&batch.documents)?;
    let passages: usize = batch.documents.iter().map(|d| d.passages.len()).sum();
    for f in &batch.failures {
        eprintln!("tipsearch: skipped {f}");
    }
    eprintln!(
        "indexed {} documents ({} passages) into {}; {} failed",
        batch.documents.len(),
        passages,
        dir.display(),
        batch.failures.len()
    );
    Ok(if batch.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn cmd_parse(paths: &[PathBuf]) -> Result<ExitCode> {
    let batch = ingest::read_paths(paths);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for d in &batch.documents {
        serde_json::to_writer(&mut out, d)?;
        writeln!(out)?;
    }
    for f in &batch.failures {
        eprintln!("tipsearch: {f}");
    }
    Ok(if batch.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn cmd_show(arg: IndexArg, id: &str, json: bool) -> Result<ExitCode> {
    let index = open_for_search(&arg)?;
    let hits = index.document(id)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let (false, Some(first)) = (json, hits.first()) {
        writeln!(out, "{}  {}", first.doc_id, first.title)?;
        let meta = [
            first.date.clone(),
            first.origin.clone(),
            first.classification.clone(),
            Some(first.tags.join(" ")),
        ];
        writeln!(
            out,
            "{}\n",
            meta.into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ")
        )?;
        let mut section: Option<String> = None;
        for h in &hits {
            if h.section != section {
                if let Some(s) = &h.section {
                    writeln!(out, "== {s}\n")?;
                }
                section = h.section.clone();
            }
            match &h.paragraph {
                Some(p) => writeln!(out, "¶{p}  {}\n", h.text)?,
                None => writeln!(out, "{}\n", h.text)?,
            }
        }
    } else {
        let mut r = JsonLines;
        for h in &hits {
            r.hit(&mut out, h)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_search(args: SearchArgs) -> Result<ExitCode> {
    let text = args.query.join(" ");
    if text.trim().is_empty() && args.tag.is_empty() && args.origin.is_none() && args.kind.is_none()
    {
        anyhow::bail!(
            "no query given; try `tipsearch \"forced labor Nakhchivan\"` or `tipsearch --help`"
        );
    }
    let mut q = if text.trim().is_empty() {
        query::Query::default()
    } else {
        query::parse(&text)?
    };
    for t in &args.tag {
        q.filters.push(query::filter(t, "tag", 0, t, 0)?);
    }
    if let Some(o) = &args.origin {
        q.filters.push(query::filter(o, "origin", 0, o, 0)?);
    }
    if let Some(k) = &args.kind {
        q.filters.push(query::filter(k, "kind", 0, k, 0)?);
    }
    if args.from.is_some() || args.to.is_some() {
        let range = format!(
            "{}..{}",
            args.from.as_deref().unwrap_or(""),
            args.to.as_deref().unwrap_or("")
        );
        q.filters.push(query::date_range(&range, &range, 0)?);
    }
    let index = open_for_search(&args.index)?;
    let sort = match args.sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Date => Sort::Date,
        SortArg::DateDesc => Sort::DateDesc,
    };
    let hits = index.search(
        &q,
        &SearchOptions {
            limit: args.limit,
            offset: 0,
            sort,
        },
    )?;
    if hits.is_empty() {
        eprintln!("tipsearch: no passage matches {text:?}");
        return Ok(ExitCode::from(1));
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut renderer: Box<dyn Render> = if args.json {
        Box::new(JsonLines)
    } else {
        Box::new(Terminal::new(color))
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for h in &hits {
        if let Err(e) = renderer.hit(&mut out, h) {
            // A closed pipe (`| head`) is not an error worth reporting.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e.into());
        }
    }
    Ok(ExitCode::SUCCESS)
}
