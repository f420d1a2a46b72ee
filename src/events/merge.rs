//! Merging: reports of one event become one.
//!
//! * Within an article ([`merge_in_document`]): two reports of the same type with the same core
//!   roles, no conflicting dates or figures and no occurred/prospective clash are one report
//!   (an article speaks of an event once in the gold model, however many sentences it takes).
//! * Across articles ([`cluster`]): reports of the same type whose core roles agree (places
//!   compared by their country, except for air routes) and whose times fit are one event.
//!   Dated reports must overlap in time. An undated report is placed near its article's
//!   publication date — before it when it says the event happened, after it when the event is
//!   planned or expected — and joins the closest compatible event within a window; a figure
//!   that contradicts the event's figures keeps it apart. Two reports of one article are never
//!   one event. Conflicting figures stay on their reports, side by side.

use super::model::{EventType, Report, Role, Status, Value, When};
use crate::time::CalendarValue;
use std::collections::{BTreeMap, BTreeSet};

fn times_conflict(a: &When, b: &When) -> bool {
    match (a.bounds(), b.bounds()) {
        (Some((a0, a1)), Some((b0, b1))) => a1 < b0 || b1 < a0,
        _ => false,
    }
}

fn counts_conflict(a: &Report, b: &Report) -> bool {
    a.count.is_stated()
        && b.count.is_stated()
        && (a.count.min, a.count.max) != (b.count.min, b.count.max)
}

fn status_clash(a: &Report, b: &Report) -> bool {
    let occurred = |r: &Report| r.status == Status::Occurred && r.status_explicit;
    let prospective = |r: &Report| r.status.is_prospective();
    (occurred(a) && prospective(b)) || (prospective(a) && occurred(b))
}

/// Core roles with places compared by their country (`state` maps an entity id to its
/// country's id, if any): «visit to Wonsan» and «visit to North Korea» are one visit.
fn comparable_core(
    r: &Report,
    state: &dyn Fn(&str) -> Option<String>,
) -> Vec<(Role, std::collections::BTreeSet<Value>)> {
    r.core_key()
        .into_iter()
        .map(|(role, values)| {
            if matches!(role, Role::Participant | Role::Visitor | Role::Personnel) {
                return (role, values);
            }
            let values = values
                .into_iter()
                .map(|v| match v {
                    Value::Entity(id) => Value::Entity(state(&id).unwrap_or(id)),
                    k => k,
                })
                .collect();
            (role, values)
        })
        .collect()
}

fn absorb(m: &mut Report, r: Report) {
    for (role, values) in r.roles {
        m.roles.entry(role).or_default().extend(values);
    }
    m.attributed_to.extend(r.attributed_to);
    // Keep the more precise of two compatible times («هذا الأسبوع» < «من 11 إلى 13»).
    let width = |w: &When| w.bounds().map(|(a, b)| day_number(b) - day_number(a));
    if m.when.is_empty() || matches!((width(&m.when), width(&r.when)), (Some(a), Some(b)) if b < a)
    {
        m.when = r.when;
    }
    if !m.count.is_stated() && r.count.is_stated() {
        m.count = r.count;
    }
    if !m.status_explicit && r.status_explicit {
        m.status = r.status;
        m.status_explicit = true;
    }
    if m.agreement.is_none() {
        m.agreement = r.agreement;
    }
}

fn compatible(m: &Report, r: &Report) -> bool {
    // Two air services with different operators are two services.
    let operators_clash = match (m.roles.get(&Role::Operator), r.roles.get(&Role::Operator)) {
        (Some(a), Some(b)) => a.is_disjoint(b),
        _ => false,
    };
    m.etype == r.etype
        && !times_conflict(&m.when, &r.when)
        && !counts_conflict(m, r)
        && !status_clash(m, r)
        && !operators_clash
}

/// Merges the reports of one article that speak of the same event. Complete reports with the
/// same core roles merge; an incomplete report (a later «زيارة لافروف» without its
/// destination) joins the complete report whose core roles contain its own, or is dropped.
pub fn merge_in_document(
    reports: Vec<Report>,
    state: &dyn Fn(&str) -> Option<String>,
) -> Vec<Report> {
    let mut out: Vec<Report> = Vec::new();
    let (complete, partial): (Vec<Report>, Vec<Report>) =
        reports.into_iter().partition(Report::is_complete);
    for r in complete {
        let key = comparable_core(&r, state);
        match out
            .iter_mut()
            .find(|m| compatible(m, &r) && comparable_core(m, state) == key)
        {
            None => out.push(r),
            Some(m) => absorb(m, r),
        }
    }
    for r in partial {
        let key = comparable_core(&r, state);
        let has_core = key.iter().any(|(_, v)| !v.is_empty());
        // The nearest complete report (in the text) whose core contains the partial one's.
        let target = out
            .iter_mut()
            .filter(|m| {
                compatible(m, &r)
                    && comparable_core(m, state)
                        .iter()
                        .zip(&key)
                        .all(|((_, mv), (_, rv))| rv.is_subset(mv))
            })
            .min_by_key(|m| m.trigger.start.abs_diff(r.trigger.start));
        match (has_core, target) {
            (true, Some(m)) => absorb(m, r),
            // «الزيارة» with nothing of its own: the visit just reported.
            (false, _) if r.definite => {
                if let Some(m) = out
                    .iter_mut()
                    .rev()
                    .find(|m| m.trigger < r.trigger && compatible(m, &r))
                {
                    absorb(m, r);
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|r| r.trigger);
    out
}

/// What clustering needs of a report (read back from the store, so that events can be merged
/// across every document ingested so far).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRecord {
    /// The report's IRI (its identity).
    pub id: String,
    pub doc: String,
    pub published: Option<CalendarValue>,
    pub etype: EventType,
    pub status: Status,
    /// Role values: entity IRIs or kind IRIs.
    pub roles: BTreeMap<Role, BTreeSet<String>>,
    /// Country of each entity value that has one (entity IRI → country IRI).
    pub countries: BTreeMap<String, String>,
    pub when: When,
    pub count_min: Option<u64>,
    pub count_max: Option<u64>,
}

/// Days since 0000-03-01 of a (y, m, d) tuple (proleptic Gregorian), for distances.
pub fn day_number((y, m, d): crate::time::Ymd) -> i64 {
    let (y, m) = if m <= 2 {
        (y as i64 - 1, m as i64 + 12)
    } else {
        (y as i64, m as i64)
    };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d as i64
}

impl ReportRecord {
    /// Core-role values as compared across articles: places by their country (but cities
    /// themselves on air routes), people and kinds as they are.
    fn core(&self) -> Vec<(Role, BTreeSet<String>)> {
        self.etype
            .core_roles()
            .iter()
            .map(|r| {
                let values = self.roles.get(r).cloned().unwrap_or_default();
                let normalised = if self.etype == EventType::AirService
                    || *r == Role::Participant
                    || *r == Role::Visitor
                {
                    values
                } else {
                    values
                        .into_iter()
                        .map(|v| self.countries.get(&v).cloned().unwrap_or(v))
                        .collect()
                };
                (*r, normalised)
            })
            .collect()
    }

    fn interval(&self) -> Option<(i64, i64)> {
        self.when
            .bounds()
            .map(|(a, b)| (day_number(a), day_number(b)))
    }

    fn pub_day(&self) -> Option<i64> {
        self.published.map(|p| day_number(p.bounds().0))
    }
}

/// A record's core roles and their (normalised) values.
type Core<'a> = &'a [(Role, BTreeSet<String>)];

/// `ca` and `cb` are the records' [`ReportRecord::core`], computed once by the caller.
fn core_compatible(a: &ReportRecord, ca: Core, b: &ReportRecord, cb: Core) -> bool {
    if a.etype != b.etype {
        return false;
    }
    ca.iter()
        .zip(cb.iter())
        .all(|((role, x), (_, y))| match role {
            // Lists that must agree exactly: who met, who signed.
            Role::Participant | Role::Party => x == y,
            // Kinds of people sent and places: some value in common.
            _ => !x.is_disjoint(y),
        })
        && match (a.roles.get(&Role::Operator), b.roles.get(&Role::Operator)) {
            (Some(x), Some(y)) => !x.is_disjoint(y),
            _ => true,
        }
}

/// How far a report is from another in time (days), or `None` when they cannot be the same
/// event.
fn time_distance(a: &ReportRecord, b: &ReportRecord) -> Option<i64> {
    match (a.interval(), b.interval()) {
        (Some((a0, a1)), Some((b0, b1))) => (a1 >= b0 && b1 >= a0).then_some(0),
        (None, Some(iv)) => soft_distance(a, iv),
        (Some(iv), None) => soft_distance(b, iv),
        (None, None) => {
            let (pa, pb) = (a.pub_day()?, b.pub_day()?);
            let same_outlook = a.status.is_prospective() == b.status.is_prospective()
                || a.status == Status::Denied
                || b.status == Status::Denied;
            (same_outlook || (pa - pb).abs() <= 7)
                .then_some((pa - pb).abs())
                .filter(|d| *d <= 60)
        }
    }
}

/// An undated report against a dated one: before the article if it happened, after it if it
/// is planned or expected.
fn soft_distance(undated: &ReportRecord, (s, e): (i64, i64)) -> Option<i64> {
    let p = undated.pub_day()?;
    if undated.status.is_prospective() {
        // A plan points to a precise, near date.
        (e >= p - 3 && e - s <= 62)
            .then_some((s - p).max(0))
            .filter(|d| *d <= 200)
    } else {
        // A coarse date (a season, a year) is weak evidence of distance.
        let gap = (p - e).max(0);
        let gap = if e - s > 62 { gap / 4 } else { gap };
        (s <= p && (p - e).max(0) <= 400).then_some(gap)
    }
}

fn figures_fit(a: &ReportRecord, b: &ReportRecord) -> bool {
    let range = |r: &ReportRecord| -> Option<(u64, u64)> {
        match (r.count_min, r.count_max) {
            (None, None) => None,
            (lo, hi) => Some((lo.unwrap_or(0), hi.unwrap_or(u64::MAX))),
        }
    };
    match (range(a), range(b)) {
        (Some((a0, a1)), Some((b0, b1))) => {
            // Allow a quarter either way: outlets round differently.
            let widen = |x: u64, up: bool| {
                if up {
                    x.saturating_add(x / 4)
                } else {
                    x - x / 4
                }
            };
            widen(a1, true) >= widen(b0, false) && widen(b1, true) >= widen(a0, false)
        }
        _ => true,
    }
}

/// Groups report records into events; returns clusters of indices into `records`, each
/// sorted, clusters in a deterministic order.
pub fn cluster(records: &[ReportRecord]) -> Vec<Vec<usize>> {
    // Dated reports first (earliest first), then undated by publication date; ties by id.
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&records[a], &records[b]);
        (ra.interval().is_none(), ra.interval(), ra.pub_day(), &ra.id).cmp(&(
            rb.interval().is_none(),
            rb.interval(),
            rb.pub_day(),
            &rb.id,
        ))
    });
    // Computed once: comparing every report with every event is quadratic, so the comparison
    // must not rebuild them.
    let cores: Vec<Vec<(Role, BTreeSet<String>)>> =
        records.iter().map(ReportRecord::core).collect();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for i in order {
        let r = &records[i];
        let mut best: Option<(i64, usize)> = None;
        for (ci, members) in clusters.iter().enumerate() {
            // Members of an event share its type.
            if records[members[0]].etype != r.etype
                || members.iter().any(|&m| records[m].doc == r.doc)
            {
                continue;
            }
            if !members
                .iter()
                .all(|&m| core_compatible(&records[m], &cores[m], r, &cores[i]))
            {
                continue;
            }
            let undated = r.interval().is_none();
            if undated && !members.iter().all(|&m| figures_fit(&records[m], r)) {
                continue;
            }
            let d = members
                .iter()
                .filter_map(|&m| time_distance(&records[m], r))
                .min();
            // Every dated member must fit the report's time.
            let dated_fit = members.iter().all(|&m| {
                records[m].interval().is_none() || time_distance(&records[m], r).is_some()
            });
            if let (Some(d), true) = (d, dated_fit) {
                // An undated report goes to the event most articles tell, unless another is
                // much nearer in time (90 days per article).
                let docs = members
                    .iter()
                    .map(|&m| records[m].doc.as_str())
                    .collect::<BTreeSet<_>>()
                    .len() as i64;
                let score = if undated { d - 90 * docs } else { d };
                if best.is_none_or(|(bd, _)| score < bd) {
                    best = Some((score, ci));
                }
            }
        }
        match best {
            Some((_, ci)) => clusters[ci].push(i),
            None => clusters.push(vec![i]),
        }
    }
    for c in &mut clusters {
        c.sort_by(|&a, &b| records[a].id.cmp(&records[b].id));
    }
    clusters.sort_by(|a, b| records[a[0]].id.cmp(&records[b[0]].id));
    clusters
}

/// Keeps only values that are entities (for callers that need entity ids of a role).
pub fn entity_values(r: &Report, role: Role) -> Vec<String> {
    r.values(role)
        .filter_map(|v| match v {
            Value::Entity(id) => Some(id.clone()),
            Value::Kind(_) => None,
        })
        .collect()
}

fn local(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// Rebuilds report records from the rows of the saved query `reports` (one row per role value).
pub fn records_from_rows(rows: &[BTreeMap<String, String>]) -> Vec<ReportRecord> {
    let mut by_id: BTreeMap<String, ReportRecord> = BTreeMap::new();
    for row in rows {
        let get = |k: &str| row.get(k).map(String::as_str);
        let (Some(id), Some(doc), Some(t), Some(st)) =
            (get("report"), get("doc"), get("type"), get("status"))
        else {
            continue;
        };
        let Some(etype) = EventType::parse(t) else {
            continue;
        };
        let Some(status) = Status::ALL.into_iter().find(|s| s.name() == st) else {
            continue;
        };
        let iso = |k: &str| get(k).and_then(CalendarValue::parse_iso);
        let rec = by_id.entry(id.to_string()).or_insert_with(|| ReportRecord {
            id: id.to_string(),
            doc: doc.to_string(),
            published: iso("published"),
            etype,
            status,
            roles: BTreeMap::new(),
            countries: BTreeMap::new(),
            when: When {
                date: iso("date"),
                start: iso("start"),
                end: iso("end"),
            },
            count_min: get("countMin").and_then(|v| v.parse().ok()),
            count_max: get("countMax").and_then(|v| v.parse().ok()),
        });
        if let (Some(role), Some(value)) = (get("role"), get("value")) {
            if let Some(role) = Role::ALL.into_iter().find(|r| r.name() == local(role)) {
                rec.roles.entry(role).or_default().insert(value.to_string());
                if let Some(c) = get("country") {
                    rec.countries.insert(value.to_string(), c.to_string());
                }
            }
        }
    }
    by_id.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(
        id: &str,
        doc: &str,
        published: &str,
        status: Status,
        when: When,
        visitor: &str,
        dest: &str,
    ) -> ReportRecord {
        let mut roles = BTreeMap::new();
        roles.insert(Role::Visitor, BTreeSet::from([visitor.to_string()]));
        roles.insert(Role::Destination, BTreeSet::from([dest.to_string()]));
        ReportRecord {
            id: id.into(),
            doc: doc.into(),
            published: CalendarValue::parse_iso(published),
            etype: EventType::Visit,
            status,
            roles,
            countries: BTreeMap::from([("pyongyang".to_string(), "north-korea".to_string())]),
            when,
            count_min: None,
            count_max: None,
        }
    }

    fn span(a: &str, b: &str) -> When {
        When {
            date: None,
            start: CalendarValue::parse_iso(a),
            end: CalendarValue::parse_iso(b),
        }
    }

    #[test]
    fn same_visit_merges_across_articles_and_spellings_of_place() {
        let rs = vec![
            rec(
                "a1",
                "a",
                "2025-07-09",
                Status::Planned,
                span("2025-07-11", "2025-07-13"),
                "lavrov",
                "north-korea",
            ),
            rec(
                "b1",
                "b",
                "2025-07-13",
                Status::Occurred,
                When::default(),
                "lavrov",
                "pyongyang",
            ),
            rec(
                "c1",
                "c",
                "2025-07-12",
                Status::Occurred,
                span("2025-07-11", "2025-07-11"),
                "lavrov",
                "north-korea",
            ),
        ];
        assert_eq!(cluster(&rs), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn visits_a_year_apart_stay_apart() {
        let rs = vec![
            rec(
                "a1",
                "a",
                "2025-07-09",
                Status::Planned,
                span("2025-07-11", "2025-07-13"),
                "lavrov",
                "north-korea",
            ),
            rec(
                "b1",
                "b",
                "2025-07-09",
                Status::Occurred,
                When {
                    date: CalendarValue::parse_iso("2024-06"),
                    ..When::default()
                },
                "lavrov",
                "north-korea",
            ),
        ];
        assert_eq!(cluster(&rs).len(), 2);
    }

    #[test]
    fn an_undated_plan_does_not_join_a_past_event() {
        let rs = vec![
            rec(
                "a1",
                "a",
                "2024-07-01",
                Status::Occurred,
                When {
                    date: CalendarValue::parse_iso("2024-06"),
                    ..When::default()
                },
                "putin",
                "north-korea",
            ),
            rec(
                "b1",
                "b",
                "2025-07-09",
                Status::Planned,
                When::default(),
                "putin",
                "north-korea",
            ),
        ];
        assert_eq!(cluster(&rs).len(), 2);
    }

    #[test]
    fn one_article_never_merges_with_itself() {
        let rs = vec![
            rec(
                "a1",
                "a",
                "2025-07-09",
                Status::Occurred,
                When::default(),
                "lavrov",
                "north-korea",
            ),
            rec(
                "a2",
                "a",
                "2025-07-09",
                Status::Occurred,
                When::default(),
                "lavrov",
                "north-korea",
            ),
        ];
        assert_eq!(cluster(&rs).len(), 2);
    }

    #[test]
    fn day_numbers_are_consecutive() {
        assert_eq!(day_number((2024, 3, 1)) - day_number((2024, 2, 28)), 2);
        assert_eq!(day_number((2025, 1, 1)) - day_number((2024, 12, 31)), 1);
    }
}
