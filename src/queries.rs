//! Saved queries: the `.rq` files of `queries/`, compiled into the binary, each opening with a
//! `#` comment whose first line is its one-line description. Also turns `--bind VAR=VALUE`
//! into a variable and an RDF term (never by pasting text into the query).

use crate::embedded;
use crate::iri;
use oxrdf::{Literal, NamedNode, Term, Variable};
use std::str::FromStr;

/// A saved query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedQuery {
    pub name: &'static str,
    pub text: &'static str,
}

impl SavedQuery {
    /// The first line of the header comment.
    pub fn description(&self) -> &'static str {
        description(self.text)
    }
}

/// First line of a query's leading `#` comment, without the `#`.
pub fn description(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// Every saved query, by name.
pub fn all() -> Vec<SavedQuery> {
    embedded::QUERIES
        .iter()
        .map(|(file, text)| SavedQuery {
            name: file.strip_suffix(".rq").unwrap_or(file),
            text,
        })
        .collect()
}

/// A saved query by name (names only: no path is ever resolved here).
pub fn get(name: &str) -> Option<SavedQuery> {
    all().into_iter().find(|q| q.name == name)
}

/// Parses `VAR=VALUE` for `--bind`. VALUE may be `<iri>`, a bare `http(s)://` IRI, a prefixed
/// name with one of the
/// standard prefixes (`ent:russia`), an N-Triples literal (`"روسيا"@ar`, `"3"^^xsd:integer` in
/// full IRI form), an integer, or else any text, taken as a plain string literal.
pub fn parse_binding(s: &str) -> Result<(Variable, Term), String> {
    let (var, value) = s
        .split_once('=')
        .ok_or_else(|| format!("--bind {s:?}: expected VAR=VALUE"))?;
    let var = Variable::new(var.trim().trim_start_matches(['?', '$']))
        .map_err(|e| format!("--bind {s:?}: bad variable name: {e}"))?;
    Ok((var, parse_term(value)))
}

fn parse_term(value: &str) -> Term {
    if value.starts_with('<') || value.starts_with('"') {
        if let Ok(t) = Term::from_str(value) {
            return t;
        }
    }
    if value.starts_with("http://") || value.starts_with("https://") || value.starts_with("urn:") {
        if let Ok(n) = NamedNode::new(value) {
            return n.into();
        }
    }
    if let Some((p, local)) = value.split_once(':') {
        if let Some((_, ns)) = iri::PREFIXES.iter().find(|(name, _)| *name == p) {
            if let Ok(n) = NamedNode::new(format!("{ns}{local}")) {
                return n.into();
            }
        }
    }
    if let Ok(i) = value.parse::<i64>() {
        return Literal::from(i).into();
    }
    Literal::new_simple_literal(value).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_parse_to_terms_not_text() {
        let (v, t) = parse_binding("entity=ent:russia").unwrap();
        assert_eq!(v.as_str(), "entity");
        assert_eq!(
            t,
            NamedNode::new_unchecked(format!("{}russia", iri::ENTITY)).into()
        );
        let (_, t) = parse_binding("?x=\"روسيا\"@ar").unwrap();
        assert_eq!(
            t,
            Literal::new_language_tagged_literal_unchecked("روسيا", "ar").into()
        );
        // Quotes, braces and # stay inside one plain literal.
        let (_, t) = parse_binding("x=a\" } # DROP ALL").unwrap();
        assert_eq!(t, Literal::new_simple_literal("a\" } # DROP ALL").into());
        assert!(parse_binding("novalue").is_err());
        let (_, t) = parse_binding("e=https://w3id.org/khabar/id/event/visit-1").unwrap();
        assert!(matches!(t, Term::NamedNode(_)));
    }

    #[test]
    fn every_saved_query_has_a_description() {
        let qs = all();
        assert!(qs.iter().any(|q| q.name == "entities"));
        for q in qs {
            assert!(
                !q.description().is_empty(),
                "{} has no header comment",
                q.name
            );
        }
    }
}
