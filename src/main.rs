//! The `khabar` command line: parses arguments (clap), runs one command, maps failures to
//! documented exit codes. All the work is in the library; this file only wires it up.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use khabar::error::StoreError;
use khabar::events::merge::{cluster, records_from_rows};
use khabar::extract::{extract, Knowledge};
use khabar::input::{self, Severity};
use khabar::store::{ExportFormat, KhabarStore, ResultFormat};
use khabar::{embedded, iri, queries, rdf};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes (documented in README.md).
mod exit {
    pub const OK: u8 = 0;
    pub const ERROR: u8 = 1;
    // 2 is clap's code for a usage error.
    pub const INPUT_SKIPPED: u8 = 3;
    pub const STORE_LOCKED: u8 = 4;
}

#[derive(Parser)]
#[command(
    name = "khabar",
    version,
    about = "Arabic news articles in, a queryable knowledge graph out"
)]
struct Cli {
    /// Store folder (an on-disk RocksDB store).
    #[arg(
        long,
        global = true,
        env = "KHABAR_STORE",
        default_value = "khabar-store"
    )]
    store: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (.txt files or folders; default: seeds/) into the store.
    Ingest {
        paths: Vec<PathBuf>,
        /// Re-read every file, even those unchanged since the last ingest.
        #[arg(long)]
        force: bool,
    },
    /// Remove documents (by id) and their facts; events are rebuilt from what remains.
    Remove {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Run a saved query (by name) or a .rq file; read-only.
    Query {
        /// Saved query name (see `khabar queries`) or path to a .rq file.
        query: String,
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
        /// Pre-bind a variable: VAR=VALUE (VALUE: <iri>, prefix:name, "literal"@lang, number, text).
        #[arg(long = "bind", value_name = "VAR=VALUE")]
        bind: Vec<String>,
        /// Stop the query after this many seconds.
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<f64>,
    },
    /// List the saved queries.
    Queries,
    /// Export the whole graph with the ontology, sorted and byte-stable.
    Export {
        #[arg(long, value_enum, default_value_t = GraphFormat::Turtle)]
        format: GraphFormat,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Counts by class and by document.
    Stats,
}

#[derive(Clone, Copy, ValueEnum)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A closed pipe (`khabar export | head`) is not an error worth a message.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::from(exit::OK);
            }
            eprintln!("error: {e:#}");
            let locked = e.chain().any(|c| {
                matches!(
                    c.downcast_ref::<StoreError>(),
                    Some(StoreError::Locked { .. })
                )
            });
            ExitCode::from(if locked {
                exit::STORE_LOCKED
            } else {
                exit::ERROR
            })
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Ingest { paths, force } => ingest(&cli.store, paths, force),
        Command::Remove { ids } => remove(&cli.store, &ids),
        Command::Query {
            query,
            format,
            bind,
            timeout,
        } => query_cmd(&cli.store, &query, format, &bind, timeout),
        Command::Queries => {
            let mut out = io::stdout().lock();
            for q in queries::all() {
                writeln!(out, "{:<18} {}", q.name, q.description())?;
            }
            Ok(exit::OK)
        }
        Command::Export { format, output } => export(&cli.store, format, output.as_deref()),
        Command::Stats => stats(&cli.store),
    }
}

fn ingest(store_path: &Path, mut paths: Vec<PathBuf>, force: bool) -> Result<u8> {
    if paths.is_empty() {
        paths.push(PathBuf::from("seeds"));
    }
    let plan = input::plan(&paths);
    let (mut skipped, mut warnings) = (0, 0);
    let mut print_diagnostics = |diags: &[input::Diagnostic]| {
        for d in diags {
            match d.severity {
                Severity::Warning => {
                    warnings += 1;
                    eprintln!("warning: {}", d.message)
                }
                Severity::Skipped => {
                    skipped += 1;
                    eprintln!("skipped: {}", d.message)
                }
            }
        }
    };
    print_diagnostics(&plan.diagnostics);
    let store = KhabarStore::open_write(store_path)
        .with_context(|| format!("opening the store {}", store_path.display()))?;
    let mut written = usize::from(
        store
            .replace_ontology(embedded::ONTOLOGY)
            .context("loading the ontology")?,
    );
    let mut entities = BTreeSet::new();
    let mut mentions = 0;
    let mut reports = 0;
    let mut unchanged = 0;
    let mut kb = None;
    let mut documents = 0;
    // One article in memory at a time.
    for planned in plan.files {
        let (doc, diags) = planned.read();
        print_diagnostics(&diags);
        let Some(doc) = doc else { continue };
        documents += 1;
        // Same bytes read by the same extractor: nothing to do.
        let graph = iri::document_graph(&doc.meta.id);
        let subject = iri::document(&doc.meta.id);
        let same = !force
            && store
                .value(&graph, &subject, &iri::term("contentHash"))?
                .as_deref()
                == Some(doc.content_hash.as_str())
            && store
                .value(&graph, &subject, &iri::term("extractedBy"))?
                .as_deref()
                == Some(embedded::EXTRACTOR);
        if same {
            unchanged += 1;
            continue;
        }
        // Loaded on first need: an ingest with nothing new to read does not build the matcher.
        if kb.is_none() {
            kb = Some(Knowledge::load().context("loading the gazetteer and lexicons")?);
        }
        let x = extract(&doc, kb.as_ref().expect("loaded just above"));
        mentions += x.mentions.len();
        reports += x.reports.len();
        entities.extend(x.entities.iter().map(|e| e.id.clone()));
        let quads = rdf::document_quads(&x);
        written += usize::from(
            store
                .replace_graph(&iri::document_graph(&x.meta.id), &quads)
                .with_context(|| format!("writing {}", doc.meta.file))?,
        );
    }
    let (events, changed) = rebuild_events(&store)?;
    written += usize::from(changed);
    let triples = store.len()?;
    println!(
                "ingested {} documents ({} unchanged); extracted {} entities, {} mentions, {} reports; {} graphs written; {} events, {} quads in {}; {} warnings, {} skipped",
        documents,
        unchanged,
        entities.len(),
        mentions,
        reports,
        written,
        events,
        triples,
        store_path.display(),
        warnings,
        skipped
    );
    Ok(if skipped > 0 {
        exit::INPUT_SKIPPED
    } else {
        exit::OK
    })
}

fn remove(store_path: &Path, ids: &[String]) -> Result<u8> {
    let store = KhabarStore::open_write(store_path)
        .with_context(|| format!("opening the store {}", store_path.display()))?;
    let mut missing = 0;
    for id in ids {
        if store.remove_graph(&iri::document_graph(id))? {
            eprintln!("removed {id}");
        } else {
            missing += 1;
            eprintln!("warning: no document {id:?} in {}", store_path.display());
        }
    }
    let (events, _) = rebuild_events(&store)?;
    println!(
        "removed {} documents; {} events, {} quads in {}",
        ids.len() - missing,
        events,
        store.len()?,
        store_path.display()
    );
    Ok(if missing > 0 {
        exit::INPUT_SKIPPED
    } else {
        exit::OK
    })
}

/// Merges every report in the store into events and rewrites the events graph. Returns the
/// number of events and whether the graph changed.
///
/// The events graph records a stamp of what it was built from (every document's content hash
/// and extractor); when the stamp still matches, the rebuild is skipped. A run killed between
/// writing documents and writing events leaves a stale stamp, so the next ingest rebuilds.
fn rebuild_events(store: &KhabarStore) -> Result<(usize, bool)> {
    let graph = iri::events_graph();
    let mut inputs = store.values_of(&iri::term("contentHash"))?;
    inputs.extend(store.values_of(&iri::term("extractedBy"))?);
    inputs.sort();
    let listing: String = inputs
        .iter()
        .map(|(g, s, v)| format!("{g} {s} {v}\n"))
        .collect();
    let stamp = input::sha256_hex(listing.as_bytes());
    let built_from = iri::term("builtFrom");
    if store.value(&graph, &graph, &built_from)?.as_deref() == Some(stamp.as_str()) {
        let events = store
            .values_of(&iri::term("reportCount"))?
            .iter()
            .filter(|(g, _, _)| *g == graph)
            .count();
        return Ok((events, false));
    }
    let q = queries::get("reports").context("saved query `reports` is missing")?;
    let rows = store.select(q.text).context("reading reports back")?;
    let records = records_from_rows(&rows);
    let clusters = cluster(&records);
    let changed = store
        .replace_graph(&graph, &rdf::event_quads(&records, &clusters, &stamp))
        .context("writing events")?;
    Ok((clusters.len(), changed))
}

fn query_cmd(
    store_path: &Path,
    query: &str,
    format: QueryFormat,
    bind: &[String],
    timeout: Option<f64>,
) -> Result<u8> {
    let timeout = match timeout {
        Some(s) if s.is_finite() && s > 0.0 => Some(std::time::Duration::from_secs_f64(s)),
        Some(s) => bail!("--timeout {s}: want a positive number of seconds"),
        None => None,
    };
    if let Some(limit) = timeout {
        // The query is cancelled at the limit; an operator that checks cancellation rarely (a
        // huge join under an aggregate) is cut short here a second later. Queries only read, so
        // leaving early loses nothing.
        std::thread::spawn(move || {
            std::thread::sleep(limit + std::time::Duration::from_secs(1));
            eprintln!(
                "error: query refused: the query was stopped after {} s (--timeout)",
                limit.as_secs_f64()
            );
            std::process::exit(i32::from(exit::ERROR));
        });
    }
    // Only a path ending in `.rq` is read from disk; anything else is a saved query's name, so
    // a name such as `../../etc/passwd` never reaches the file system.
    let text: String = if query.ends_with(".rq") {
        std::fs::read_to_string(query).with_context(|| format!("reading query file {query}"))?
    } else {
        match queries::get(query) {
            Some(q) => q.text.to_string(),
            None => {
                let names: Vec<&str> = queries::all().iter().map(|q| q.name).collect();
                bail!(
                    "no saved query named {query:?}; saved queries: {}",
                    names.join(", ")
                );
            }
        }
    };
    let mut bindings = Vec::new();
    for b in bind {
        bindings.push(queries::parse_binding(b).map_err(anyhow::Error::msg)?);
    }
    let format = match format {
        QueryFormat::Table => ResultFormat::Table,
        QueryFormat::Csv => ResultFormat::Csv,
        QueryFormat::Tsv => ResultFormat::Tsv,
        QueryFormat::Json => ResultFormat::Json,
        QueryFormat::Xml => ResultFormat::Xml,
    };
    let store = KhabarStore::open_read(store_path)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    store
        .query(&text, &bindings, format, timeout, &mut out)
        .with_context(|| format!("query {query}"))?;
    out.flush()?;
    Ok(exit::OK)
}

fn export(store_path: &Path, format: GraphFormat, output: Option<&Path>) -> Result<u8> {
    let format = match format {
        GraphFormat::Turtle => ExportFormat::Turtle,
        GraphFormat::Ntriples => ExportFormat::NTriples,
        GraphFormat::Nquads => ExportFormat::NQuads,
        GraphFormat::Trig => ExportFormat::TriG,
        GraphFormat::Rdfxml => ExportFormat::RdfXml,
    };
    let store = KhabarStore::open_read(store_path)?;
    match output {
        None => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            store.export(format, &mut out)?;
            out.flush()?;
        }
        Some(path) => {
            // Write beside the target, then rename: never a half-written export.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
            {
                let mut w = io::BufWriter::new(tmp.as_file_mut());
                let n = store.export(format, &mut w)?;
                w.flush()?;
                eprintln!(
                    "exported {n} {} to {}",
                    if format.is_dataset() {
                        "quads"
                    } else {
                        "triples"
                    },
                    path.display()
                );
            }
            tmp.persist(path)
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(exit::OK)
}

fn stats(store_path: &Path) -> Result<u8> {
    let store = KhabarStore::open_read(store_path)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(out, "{} quads in {}\n", store.len()?, store_path.display())?;
    for name in ["stats-classes", "stats-documents"] {
        let q = queries::get(name).with_context(|| format!("saved query {name} is missing"))?;
        store.query(q.text, &[], ResultFormat::Table, None, &mut out)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(exit::OK)
}
