//! From extraction to RDF: an [`Extraction`] becomes the quads of its document's named graph.
//! Plain data in, plain data (`oxrdf` quads) out; IRIs come from [`crate::iri`] only.
//!
//! A document graph is self-contained: it holds the document, its sentences that carry
//! mentions, its mentions, and the description of every entity it mentions (type, labels,
//! roles, links). Merging the document graphs therefore gives the whole knowledge graph, and
//! replacing one graph replaces exactly one document's facts.

use crate::events::merge::ReportRecord;
use crate::events::model::{Report, Value};
use crate::extract::Extraction;
use crate::gazetteer::Entity;
use crate::iri;
use crate::time::CalendarValue;
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

/// Builds quads for one graph.
pub struct GraphBuilder {
    graph: GraphName,
    quads: Vec<Quad>,
}

fn node(iri: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn kh(local: &str) -> NamedNode {
    node(iri::term(local))
}

impl GraphBuilder {
    pub fn new(graph_iri: &str) -> Self {
        GraphBuilder {
            graph: GraphName::NamedNode(node(graph_iri)),
            quads: Vec::new(),
        }
    }

    pub fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p,
            o.into(),
            self.graph.clone(),
        ));
    }

    fn string(&mut self, s: &NamedNode, p: &str, v: &str) {
        self.add(s, kh(p), Literal::new_simple_literal(v));
    }

    /// Counts and offsets are `xsd:integer`: Oxigraph stores every integer-derived datatype as
    /// `xsd:integer` anyway (a `xsd:nonNegativeInteger` reads back as `xsd:integer`), and a
    /// graph must read back exactly as written for [`crate::store`] to see that nothing changed.
    /// The ontology's ranges stay `xsd:nonNegativeInteger`; the values lie in them.
    fn count(&mut self, s: &NamedNode, p: &str, v: usize) {
        self.add(
            s,
            kh(p),
            Literal::new_typed_literal(v.to_string(), xsd::INTEGER),
        );
    }

    /// A language-tagged literal; a tag that is not well-formed BCP 47 (from a hand-written
    /// documents.csv) gives a plain literal instead of an invalid export.
    fn lang(&mut self, s: &NamedNode, p: NamedNode, v: &str, lang: &str) {
        let lit = Literal::new_language_tagged_literal(v, lang)
            .unwrap_or_else(|_| Literal::new_simple_literal(v));
        self.add(s, p, lit);
    }

    /// Describes a calendar value (its own node, shared by every graph that uses it).
    pub fn calendar(&mut self, value: &CalendarValue) -> NamedNode {
        let iso = value.iso();
        let n = node(iri::time(&iso));
        self.add(&n, rdf::TYPE.into(), kh("CalendarValue"));
        self.add(&n, rdfs::LABEL.into(), Literal::new_simple_literal(&iso));
        self.string(&n, "iso", &iso);
        self.add(&n, kh("precision"), kh(value.precision().name()));
        self.add(
            &n,
            kh("earliest"),
            Literal::new_typed_literal(value.earliest(), xsd::DATE_TIME),
        );
        self.add(
            &n,
            kh("latest"),
            Literal::new_typed_literal(value.latest(), xsd::DATE_TIME),
        );
        n
    }

    /// Describes an entity.
    pub fn entity(&mut self, e: &Entity) -> NamedNode {
        let n = node(iri::entity(&e.id));
        self.add(&n, rdf::TYPE.into(), kh(e.etype.class_name()));
        match &e.label_en {
            Some(en) => self.lang(&n, rdfs::LABEL.into(), en, "en"),
            // Protégé shows only English or untagged labels: give the Arabic name untagged too.
            None => self.add(
                &n,
                rdfs::LABEL.into(),
                Literal::new_simple_literal(&e.label_ar),
            ),
        }
        self.lang(&n, rdfs::LABEL.into(), &e.label_ar, "ar");
        for alt in &e.alt_ar {
            self.lang(&n, node(iri::skos("altLabel")), alt, "ar");
        }
        for r in &e.roles_en {
            self.lang(&n, kh("role"), r, "en");
        }
        for r in &e.roles_ar {
            self.lang(&n, kh("role"), r, "ar");
        }
        if let Some(iso) = &e.iso {
            self.string(&n, "isoCode", iso);
        }
        if let Some(q) = &e.wikidata {
            self.add(&n, kh("wikidata"), node(iri::wikidata(q)));
        }
        if let Some(c) = &e.country {
            self.add(&n, kh("country"), node(iri::entity(c)));
        }
        self.string(&n, "source", &e.source);
        n
    }

    pub fn finish(self) -> Vec<Quad> {
        self.quads
    }
}

/// The quads of one document's graph.
pub fn document_quads(x: &Extraction) -> Vec<Quad> {
    let doc_id = &x.meta.id;
    let mut g = GraphBuilder::new(&iri::document_graph(doc_id));
    let d = node(iri::document(doc_id));
    g.add(&d, rdf::TYPE.into(), kh("Document"));
    g.add(&d, rdfs::LABEL.into(), Literal::new_simple_literal(doc_id));
    g.string(&d, "documentId", doc_id);
    g.string(&d, "fileName", &x.meta.file);
    g.string(&d, "language", &x.meta.language);
    g.string(&d, "contentHash", &x.content_hash);
    g.string(&d, "extractedBy", crate::embedded::EXTRACTOR);
    g.count(&d, "characterCount", x.char_count);
    if let Some(t) = &x.title {
        g.lang(&d, kh("title"), t, &x.meta.language);
    }
    if let Some(p) = &x.meta.published {
        let c = g.calendar(p);
        g.add(&d, kh("published"), c);
    }
    if let Some(b) = &x.meta.published_basis {
        g.string(&d, "publishedBasis", b);
    }
    if let Some(o) = &x.meta.outlet {
        g.string(&d, "outlet", o);
    }
    if let Some(u) = &x.meta.url {
        g.add(&d, kh("url"), Literal::new_typed_literal(u, xsd::ANY_URI));
    }
    let entity_nodes: Vec<NamedNode> = x.entities.iter().map(|e| g.entity(e)).collect();
    let mut used_sentences: Vec<usize> = x
        .mentions
        .iter()
        .map(|m| m.sentence)
        .chain(x.reports.iter().map(|r| r.sentence))
        .collect();
    used_sentences.sort_unstable();
    used_sentences.dedup();
    for &i in &used_sentences {
        let Some(sentence) = x.sentences.get(i) else {
            continue;
        };
        let s = node(iri::sentence(doc_id, i));
        g.add(&s, rdf::TYPE.into(), kh("Sentence"));
        let label = format!("{doc_id} sentence {i}");
        g.add(&s, rdfs::LABEL.into(), Literal::new_simple_literal(label));
        g.add(&s, kh("inDocument"), d.clone());
        g.count(&s, "sentenceIndex", i);
        g.count(&s, "beginIndex", sentence.span.start);
        g.count(&s, "endIndex", sentence.span.end);
        g.string(&s, "quote", &sentence.text);
    }
    for m in &x.mentions {
        let n = node(iri::mention(doc_id, m.span.start, m.span.end));
        g.add(&n, rdf::TYPE.into(), kh("Mention"));
        let label = format!("{} ({doc_id} {}-{})", m.quote, m.span.start, m.span.end);
        g.add(&n, rdfs::LABEL.into(), Literal::new_simple_literal(label));
        g.add(&n, kh("inDocument"), d.clone());
        if x.sentences.get(m.sentence).is_some() {
            g.add(
                &n,
                kh("inSentence"),
                node(iri::sentence(doc_id, m.sentence)),
            );
        }
        g.add(&n, kh("refersTo"), entity_nodes[m.entity].clone());
        g.count(&n, "beginIndex", m.span.start);
        g.count(&n, "endIndex", m.span.end);
        g.string(&n, "quote", &m.quote);
        g.string(&n, "mentionKind", m.kind.as_str());
    }
    for r in &x.reports {
        report(&mut g, x, &d, r);
    }
    g.finish()
}

fn kind_node(kind: &str) -> NamedNode {
    kh(kind)
}

/// The quads of one report (in its document's graph).
fn report(g: &mut GraphBuilder, x: &Extraction, d: &NamedNode, r: &Report) {
    let doc_id = &x.meta.id;
    let n = node(iri::report(
        doc_id,
        r.etype.name(),
        r.trigger.start,
        r.trigger.end,
    ));
    let trigger_text = x.sentences.get(r.sentence).map(|s| {
        let chars: Vec<char> = s.text.chars().collect();
        let a = r
            .trigger
            .start
            .saturating_sub(s.span.start)
            .min(chars.len());
        let b = r.trigger.end.saturating_sub(s.span.start).min(chars.len());
        chars[a..b].iter().collect::<String>()
    });
    g.add(&n, rdf::TYPE.into(), kh("Report"));
    let label = format!(
        "{} report ({doc_id} {}-{})",
        r.etype.name(),
        r.trigger.start,
        r.trigger.end
    );
    g.add(&n, rdfs::LABEL.into(), Literal::new_simple_literal(label));
    g.add(&n, kh("inDocument"), d.clone());
    g.add(
        &n,
        kh("inSentence"),
        node(iri::sentence(doc_id, r.sentence)),
    );
    g.string(&n, "eventType", r.etype.name());
    g.add(&n, kh("status"), kh(r.status.name()));
    g.count(&n, "beginIndex", r.trigger.start);
    g.count(&n, "endIndex", r.trigger.end);
    if let Some(t) = trigger_text {
        g.string(&n, "quote", &t);
    }
    for (role, values) in &r.roles {
        for v in values {
            let o = match v {
                Value::Entity(id) => node(iri::entity(id)),
                Value::Kind(k) => kind_node(k),
            };
            g.add(&n, kh(role.name()), o);
        }
    }
    for (p, v) in [
        ("date", r.when.date),
        ("start", r.when.start),
        ("end", r.when.end),
    ] {
        if let Some(v) = v {
            let c = g.calendar(&v);
            g.add(&n, kh(p), c);
        }
    }
    if let Some(v) = r.count.min {
        g.count(&n, "countMin", v as usize);
    }
    if let Some(v) = r.count.max {
        g.count(&n, "countMax", v as usize);
    }
    if r.count.approximate {
        g.add(&n, kh("countApproximate"), Literal::from(true));
    }
    if r.count.vague {
        g.add(&n, kh("countVague"), Literal::from(true));
    }
    for a in &r.attributed_to {
        g.add(&n, kh("attributedTo"), node(iri::entity(a)));
    }
    if let Some(a) = &r.agreement {
        let an = node(iri::agreement(doc_id, r.trigger.start));
        g.add(&an, rdf::TYPE.into(), kh("Agreement"));
        g.add(
            &an,
            rdfs::LABEL.into(),
            Literal::new_simple_literal(&a.name),
        );
        g.lang(&an, rdfs::LABEL.into(), &a.name, "ar");
        if let Some(k) = &a.kind {
            g.string(&an, "agreementKind", k);
        }
        g.add(&n, kh("agreement"), an);
    }
}

/// The quads of the events graph: one event per cluster of reports, with its reports and the
/// union of their role values.
///
/// `stamp` identifies the inputs (documents and extractor) the events were derived from; it is
/// recorded as `kh:builtFrom` on the events graph's IRI.
pub fn event_quads(records: &[ReportRecord], clusters: &[Vec<usize>], stamp: &str) -> Vec<Quad> {
    let mut g = GraphBuilder::new(&iri::events_graph());
    let events = node(iri::events_graph());
    g.string(&events, "builtFrom", stamp);
    g.lang(&events, rdfs::LABEL.into(), "merged events", "en");
    g.lang(&events, rdfs::LABEL.into(), "الأحداث المدمجة", "ar");
    for members in clusters {
        let first = &records[members[0]];
        let ev = node(iri::event(first.etype.name(), &first.id));
        g.add(&ev, rdf::TYPE.into(), kh(first.etype.name()));
        let docs: std::collections::BTreeSet<&str> =
            members.iter().map(|&m| records[m].doc.as_str()).collect();
        let label = format!(
            "{} reported by {} article(s)",
            first.etype.name(),
            docs.len()
        );
        g.add(&ev, rdfs::LABEL.into(), Literal::new_simple_literal(label));
        g.count(&ev, "reportCount", members.len());
        let mut roles = std::collections::BTreeSet::new();
        for &m in members {
            let r = &records[m];
            let rn = node(r.id.clone());
            g.add(&rn, kh("reports"), ev.clone());
            g.add(&ev, kh("reportedBy"), rn);
            for (role, values) in &r.roles {
                for v in values {
                    roles.insert((role.name(), v.clone()));
                }
            }
        }
        for (role, v) in roles {
            g.add(&ev, kh(role), node(v));
        }
    }
    g.finish()
}
