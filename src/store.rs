//! The store: the only module that touches Oxigraph's `Store`. It opens the on-disk RocksDB
//! store behind Khabar's own lock file, replaces one document's named graph in one
//! transaction, runs read-only SPARQL, and writes sorted, byte-stable exports.
//!
//! Locking: a writer holds an exclusive lock on `<store>/khabar.lock` for its whole run; readers
//! hold a shared lock. A second writer, or a reader while a writer works, gets
//! [`StoreError::Locked`] naming the store instead of RocksDB's lock error.

use crate::error::StoreError;
use crate::iri;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, Quad, Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator, Variable,
};
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of `khabar query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

/// Output formats of `khabar export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Turtle,
    NTriples,
    NQuads,
    TriG,
    RdfXml,
}

impl ExportFormat {
    fn rdf(self) -> RdfFormat {
        match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::NTriples => RdfFormat::NTriples,
            ExportFormat::NQuads => RdfFormat::NQuads,
            ExportFormat::TriG => RdfFormat::TriG,
            ExportFormat::RdfXml => RdfFormat::RdfXml,
        }
    }
    /// Does the format keep named graphs?
    pub fn is_dataset(self) -> bool {
        matches!(self, ExportFormat::NQuads | ExportFormat::TriG)
    }
}

/// An open store with its lock.
pub struct KhabarStore {
    store: Store,
    path: PathBuf,
    _lock: File,
}

fn storage(path: &Path) -> impl FnOnce(oxigraph::store::StorageError) -> StoreError + '_ {
    move |source| StoreError::Storage {
        path: path.into(),
        source,
    }
}

/// Written once a store has been opened for writing, i.e. RocksDB finished creating it.
const READY: &str = "khabar.ready";

fn mark_ready(path: &Path) -> Result<(), StoreError> {
    let ready = path.join(READY);
    if ready.exists() {
        return Ok(());
    }
    fs::write(&ready, b"").map_err(|source| StoreError::Lock {
        path: ready,
        source,
    })
}

fn lock_file(path: &Path, exclusive: bool) -> Result<File, StoreError> {
    let lock_path = path.join("khabar.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|source| StoreError::Lock {
            path: lock_path.clone(),
            source,
        })?;
    let attempt = if exclusive {
        file.try_lock()
    } else {
        file.try_lock_shared()
    };
    match attempt {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: path.into(),
            lock: lock_path,
        }),
        Err(TryLockError::Error(source)) => Err(StoreError::Lock {
            path: lock_path,
            source,
        }),
    }
}

impl KhabarStore {
    /// Opens (creating if needed) a store for writing.
    pub fn open_write(path: &Path) -> Result<KhabarStore, StoreError> {
        fs::create_dir_all(path).map_err(|source| StoreError::Lock {
            path: path.into(),
            source,
        })?;
        let lock = lock_file(path, true)?;
        let store = Store::open(path).map_err(storage(path))?;
        mark_ready(path)?;
        Ok(KhabarStore {
            store,
            path: path.into(),
            _lock: lock,
        })
    }

    /// Opens an existing store for reading.
    pub fn open_read(path: &Path) -> Result<KhabarStore, StoreError> {
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::Missing { path: path.into() });
        }
        let lock = lock_file(path, false)?;
        let store = match Store::open_read_only(path) {
            Ok(store) => store,
            // A store whose creation was interrupted (killed before RocksDB made its column
            // families) cannot open read-only. Finishing the creation only adds empty column
            // families, so do that, then open again.
            Err(_) if !path.join(READY).exists() => {
                drop(lock);
                drop(KhabarStore::open_write(path)?);
                return KhabarStore::open_read(path);
            }
            Err(e) => return Err(storage(path)(e)),
        };
        Ok(KhabarStore {
            store,
            path: path.into(),
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the content of one named graph by `quads`, atomically. A graph that already
    /// holds exactly these quads is left alone (nothing is written); returns whether it changed.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<bool, StoreError> {
        let g = NamedNodeRef::new_unchecked(graph);
        let wanted: HashSet<&Quad> = quads.iter().collect();
        let mut held = 0;
        let mut same = true;
        for q in self
            .store
            .quads_for_pattern(None, None, None, Some(g.into()))
        {
            let q = q.map_err(storage(&self.path))?;
            held += 1;
            if !wanted.contains(&q) {
                same = false;
                break;
            }
        }
        if same && held == wanted.len() {
            return Ok(false);
        }
        let mut t = self
            .store
            .start_transaction()
            .map_err(storage(&self.path))?;
        t.clear_graph(g).map_err(storage(&self.path))?;
        t.extend(quads.iter());
        t.commit().map_err(storage(&self.path))?;
        Ok(true)
    }

    /// Loads (or reloads) the ontology into its own named graph.
    pub fn replace_ontology(&self, turtle: &str) -> Result<bool, StoreError> {
        let graph = iri::ontology_graph();
        let parser = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(NamedNode::new_unchecked(graph.clone()));
        let mut quads = Vec::new();
        for q in parser.for_reader(turtle.as_bytes()) {
            quads.push(q.map_err(|e| StoreError::Serialize(format!("ontology: {e}")))?);
        }
        self.replace_graph(&graph, &quads)
    }

    /// The lexical value of `subject predicate ?o` in `graph`, if any.
    pub fn value(
        &self,
        graph: &str,
        subject: &str,
        predicate: &str,
    ) -> Result<Option<String>, StoreError> {
        let quad = self
            .store
            .quads_for_pattern(
                Some(NamedNodeRef::new_unchecked(subject).into()),
                Some(NamedNodeRef::new_unchecked(predicate)),
                None,
                Some(NamedNodeRef::new_unchecked(graph).into()),
            )
            .next()
            .transpose()
            .map_err(storage(&self.path))?;
        Ok(quad.map(|q| match q.object {
            Term::Literal(l) => l.value().to_string(),
            other => other.to_string(),
        }))
    }

    /// Every `(graph IRI, subject, value)` with `predicate`, in any graph, sorted.
    pub fn values_of(&self, predicate: &str) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut out = Vec::new();
        for q in self.store.quads_for_pattern(
            None,
            Some(NamedNodeRef::new_unchecked(predicate)),
            None,
            None,
        ) {
            let q = q.map_err(storage(&self.path))?;
            let value = match q.object {
                Term::Literal(l) => l.value().to_string(),
                other => other.to_string(),
            };
            let graph = match q.graph_name {
                GraphName::NamedNode(g) => g.into_string(),
                other => other.to_string(),
            };
            out.push((graph, q.subject.to_string(), value));
        }
        out.sort();
        Ok(out)
    }

    /// Removes a named graph and everything in it. Returns whether it existed.
    pub fn remove_graph(&self, graph: &str) -> Result<bool, StoreError> {
        let g = NamedNodeRef::new_unchecked(graph);
        let existed = self
            .store
            .contains_named_graph(g)
            .map_err(storage(&self.path))?;
        if existed {
            self.store
                .remove_named_graph(g)
                .map_err(storage(&self.path))?;
        }
        Ok(existed)
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(storage(&self.path))
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.store.is_empty().map_err(storage(&self.path))
    }

    /// Runs a read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of all graphs
    /// and writes its results. Returns the number of result rows (or triples).
    pub fn query(
        &self,
        sparql: &str,
        bindings: &[(Variable, Term)],
        format: ResultFormat,
        timeout: Option<std::time::Duration>,
        out: &mut dyn Write,
    ) -> Result<usize, StoreError> {
        // Oxigraph is built without its HTTP client: SERVICE cannot reach out (and is refused).
        let mut evaluator = SparqlEvaluator::new();
        if let Some(limit) = timeout {
            let token = CancellationToken::new();
            evaluator = evaluator.with_cancellation_token(token.clone());
            std::thread::spawn(move || {
                std::thread::sleep(limit);
                token.cancel();
            });
        }
        let secs = timeout.map(|t| t.as_secs_f64()).unwrap_or(0.0);
        let qerr = move |e: QueryEvaluationError| match e {
            QueryEvaluationError::UnsupportedService(name) => StoreError::Refused(format!(
                "SERVICE {name}: khabar queries never send requests to other endpoints"
            )),
            QueryEvaluationError::Cancelled => {
                StoreError::Refused(format!("the query was stopped after {secs} s (--timeout)"))
            }
            e => StoreError::Query(e.to_string()),
        };
        for (p, ns) in iri::PREFIXES {
            evaluator = evaluator
                .with_prefix(*p, *ns)
                .map_err(|e| StoreError::Query(e.to_string()))?;
        }
        let mut prepared = match evaluator.clone().parse_query(sparql) {
            Ok(p) => p,
            Err(e) => {
                if evaluator.parse_update(sparql).is_ok() {
                    return Err(StoreError::Refused(
                        "this is a SPARQL UPDATE; `khabar query` is read-only (the graph changes only through `khabar ingest`)".into(),
                    ));
                }
                return Err(StoreError::Query(e.to_string()));
            }
        };
        prepared.dataset_mut().set_default_graph_as_union();
        for (var, term) in bindings {
            prepared = prepared.substitute_variable(var.clone(), term.clone());
        }
        let results = prepared.on_store(&self.store).execute().map_err(qerr)?;
        let io = StoreError::Write;
        match results {
            QueryResults::Solutions(solutions) => {
                let vars: Vec<Variable> = solutions.variables().to_vec();
                let mut rows: Vec<Vec<Option<Term>>> = Vec::new();
                for s in solutions {
                    let s = s.map_err(qerr)?;
                    rows.push(vars.iter().map(|v| s.get(v).cloned()).collect());
                }
                let n = rows.len();
                let sformat = match format {
                    ResultFormat::Table => {
                        write_table(&vars, &rows, out).map_err(io)?;
                        return Ok(n);
                    }
                    ResultFormat::Csv => QueryResultsFormat::Csv,
                    ResultFormat::Tsv => QueryResultsFormat::Tsv,
                    ResultFormat::Json => QueryResultsFormat::Json,
                    ResultFormat::Xml => QueryResultsFormat::Xml,
                };
                let mut w = QueryResultsSerializer::from_format(sformat)
                    .serialize_solutions_to_writer(&mut *out, vars.clone())
                    .map_err(io)?;
                for row in &rows {
                    w.serialize(
                        vars.iter()
                            .zip(row)
                            .filter_map(|(v, t)| t.as_ref().map(|t| (v.as_ref(), t.as_ref()))),
                    )
                    .map_err(io)?;
                }
                w.finish().map_err(io)?;
                Ok(n)
            }
            QueryResults::Boolean(b) => {
                let sformat = match format {
                    ResultFormat::Table => {
                        writeln!(out, "{b}").map_err(io)?;
                        return Ok(1);
                    }
                    ResultFormat::Csv => QueryResultsFormat::Csv,
                    ResultFormat::Tsv => QueryResultsFormat::Tsv,
                    ResultFormat::Json => QueryResultsFormat::Json,
                    ResultFormat::Xml => QueryResultsFormat::Xml,
                };
                QueryResultsSerializer::from_format(sformat)
                    .serialize_boolean_to_writer(&mut *out, b)
                    .map_err(io)?;
                Ok(1)
            }
            QueryResults::Graph(triples) => {
                let mut all = BTreeMap::new();
                for t in triples {
                    let t = t.map_err(qerr)?;
                    all.insert(triple_key(&t), t);
                }
                let n = all.len();
                let fmt = if format == ResultFormat::Xml {
                    RdfFormat::RdfXml
                } else {
                    RdfFormat::Turtle
                };
                write_triples(all.values(), fmt, out)?;
                Ok(n)
            }
        }
    }

    /// Runs a SELECT query over the union of all graphs and returns its rows: variable name →
    /// the term's value (an IRI's text or a literal's lexical form).
    pub fn select(&self, sparql: &str) -> Result<Vec<BTreeMap<String, String>>, StoreError> {
        let mut prepared = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|e| StoreError::Query(e.to_string()))?;
        prepared.dataset_mut().set_default_graph_as_union();
        let results = prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| StoreError::Query(e.to_string()))?;
        let QueryResults::Solutions(solutions) = results else {
            return Err(StoreError::Query("not a SELECT query".into()));
        };
        let mut rows = Vec::new();
        for s in solutions {
            let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
            let mut row = BTreeMap::new();
            for (v, t) in s.iter() {
                let text = match t {
                    Term::NamedNode(n) => n.as_str().to_string(),
                    Term::Literal(l) => l.value().to_string(),
                    other => other.to_string(),
                };
                row.insert(v.as_str().to_string(), text);
            }
            rows.push(row);
        }
        Ok(rows)
    }

    /// Writes the whole graph (ontology included), sorted. Single-graph formats merge the
    /// named graphs (duplicates collapse); dataset formats keep them.
    pub fn export(&self, format: ExportFormat, out: &mut dyn Write) -> Result<usize, StoreError> {
        if format.is_dataset() {
            let mut quads = BTreeMap::new();
            for q in self.store.iter() {
                let q = q.map_err(storage(&self.path))?;
                quads.insert(quad_key(&q), q);
            }
            let n = quads.len();
            let mut w = serializer(format.rdf()).for_writer(&mut *out);
            for q in quads.values() {
                w.serialize_quad(q).map_err(StoreError::Write)?;
            }
            w.finish().map_err(StoreError::Write)?;
            Ok(n)
        } else {
            let mut triples = BTreeMap::new();
            for q in self.store.iter() {
                let q = q.map_err(storage(&self.path))?;
                let t = Triple::new(q.subject, q.predicate, q.object);
                triples.insert(triple_key(&t), t);
            }
            let n = triples.len();
            write_triples(triples.values(), format.rdf(), out)?;
            Ok(n)
        }
    }

    /// Named graphs in the store, sorted.
    pub fn graphs(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            out.push(g.map_err(storage(&self.path))?.to_string());
        }
        out.sort();
        Ok(out)
    }
}

/// Sort key of a triple: subject, predicate, object in N-Triples form.
fn triple_key(t: &Triple) -> (String, String, String) {
    (
        t.subject.to_string(),
        t.predicate.to_string(),
        t.object.to_string(),
    )
}

/// Sort key of a quad: graph (default graph first), then the triple's key.
fn quad_key(q: &Quad) -> (String, String, String, String) {
    let g = match &q.graph_name {
        GraphName::DefaultGraph => String::new(),
        g => g.to_string(),
    };
    (
        g,
        q.subject.to_string(),
        q.predicate.to_string(),
        q.object.to_string(),
    )
}

fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    for (p, ns) in iri::PREFIXES {
        s = s.with_prefix(*p, *ns).expect("static prefixes are valid");
    }
    s
}

fn write_triples<'a>(
    triples: impl Iterator<Item = &'a Triple>,
    format: RdfFormat,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    let mut w = serializer(format).for_writer(out);
    for t in triples {
        w.serialize_triple(t).map_err(StoreError::Write)?;
    }
    w.finish().map_err(StoreError::Write)?;
    Ok(())
}

/// A term as a table cell: prefixed IRIs, lexical forms of literals.
pub fn cell(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => {
            let s = n.as_str();
            for (p, ns) in iri::PREFIXES {
                if let Some(local) = s.strip_prefix(ns) {
                    return format!("{p}:{local}");
                }
            }
            format!("<{s}>")
        }
        Term::BlankNode(b) => b.to_string(),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// A Markdown table: readable in a terminal and pastes into documents.
fn write_table(
    vars: &[Variable],
    rows: &[Vec<Option<Term>>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|t| {
                    t.as_ref()
                        .map(cell)
                        .unwrap_or_default()
                        .replace(['\n', '|'], " ")
                })
                .collect()
        })
        .collect();
    let mut width: Vec<usize> = vars.iter().map(|v| v.as_str().chars().count()).collect();
    for row in &cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |items: Vec<String>| format!("| {} |", items.join(" | "));
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    writeln!(
        out,
        "{}",
        line(
            vars.iter()
                .zip(&width)
                .map(|(v, w)| pad(v.as_str(), *w))
                .collect()
        )
    )?;
    writeln!(
        out,
        "{}",
        line(width.iter().map(|w| "-".repeat(*w)).collect())
    )?;
    for row in &cells {
        writeln!(
            out,
            "{}",
            line(row.iter().zip(&width).map(|(c, w)| pad(c, *w)).collect())
        )?;
    }
    Ok(())
}
