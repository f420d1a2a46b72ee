//! The event model of GOLD.md as plain data: event types, roles, statuses and the [`Report`] —
//! one article's account of one event, with its roles, time, figures, sources and quote.

use crate::dates::DateValue;
use crate::text::Span;
use crate::time::{CalendarValue, Ymd};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The seven scored event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum EventType {
    Visit,
    Meeting,
    AgreementSigning,
    Deployment,
    ArmsTransfer,
    CasualtyReport,
    AirService,
}

impl EventType {
    pub const ALL: [EventType; 7] = [
        EventType::Visit,
        EventType::Meeting,
        EventType::AgreementSigning,
        EventType::Deployment,
        EventType::ArmsTransfer,
        EventType::CasualtyReport,
        EventType::AirService,
    ];
    /// Local name of the ontology class (as GOLD.md names the type).
    pub fn name(self) -> &'static str {
        match self {
            EventType::Visit => "Visit",
            EventType::Meeting => "Meeting",
            EventType::AgreementSigning => "AgreementSigning",
            EventType::Deployment => "Deployment",
            EventType::ArmsTransfer => "ArmsTransfer",
            EventType::CasualtyReport => "CasualtyReport",
            EventType::AirService => "AirService",
        }
    }
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.name() == s)
    }
    /// Roles that identify the event (GOLD.md's core roles).
    pub fn core_roles(self) -> &'static [Role] {
        match self {
            EventType::Visit => &[Role::Visitor, Role::Destination],
            EventType::Meeting => &[Role::Participant],
            EventType::AgreementSigning => &[Role::Party],
            EventType::Deployment => &[Role::Sender, Role::Receiver, Role::Personnel],
            EventType::ArmsTransfer => &[Role::Supplier, Role::Recipient],
            EventType::CasualtyReport => &[Role::AffectedParty],
            EventType::AirService => &[Role::Origin, Role::Destination],
        }
    }
}

/// Roles of GOLD.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Role {
    Visitor,
    Destination,
    Inviter,
    Purpose,
    Participant,
    Place,
    Party,
    Signatory,
    Sender,
    Receiver,
    Personnel,
    Supplier,
    Recipient,
    Materiel,
    AffectedParty,
    CasualtyKind,
    Origin,
    Operator,
    AuthorizedBy,
}

impl Role {
    pub const ALL: [Role; 19] = [
        Role::Visitor,
        Role::Destination,
        Role::Inviter,
        Role::Purpose,
        Role::Participant,
        Role::Place,
        Role::Party,
        Role::Signatory,
        Role::Sender,
        Role::Receiver,
        Role::Personnel,
        Role::Supplier,
        Role::Recipient,
        Role::Materiel,
        Role::AffectedParty,
        Role::CasualtyKind,
        Role::Origin,
        Role::Operator,
        Role::AuthorizedBy,
    ];
    /// Local name of the ontology property (as GOLD.md names the role).
    pub fn name(self) -> &'static str {
        match self {
            Role::Visitor => "visitor",
            Role::Destination => "destination",
            Role::Inviter => "inviter",
            Role::Purpose => "purpose",
            Role::Participant => "participant",
            Role::Place => "place",
            Role::Party => "party",
            Role::Signatory => "signatory",
            Role::Sender => "sender",
            Role::Receiver => "receiver",
            Role::Personnel => "personnel",
            Role::Supplier => "supplier",
            Role::Recipient => "recipient",
            Role::Materiel => "materiel",
            Role::AffectedParty => "affectedParty",
            Role::CasualtyKind => "casualtyKind",
            Role::Origin => "origin",
            Role::Operator => "operator",
            Role::AuthorizedBy => "authorizedBy",
        }
    }
    /// Roles whose value is a kind (troops, missiles, killed), not an entity.
    pub fn takes_kind(self) -> bool {
        matches!(self, Role::Personnel | Role::Materiel | Role::CasualtyKind)
    }
}

/// What a report says of the event's reality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    Occurred,
    Planned,
    Expected,
    Possible,
    Denied,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Occurred,
        Status::Planned,
        Status::Expected,
        Status::Possible,
        Status::Denied,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Status::Occurred => "occurred",
            Status::Planned => "planned",
            Status::Expected => "expected",
            Status::Possible => "possible",
            Status::Denied => "denied",
        }
    }
    /// Does the report speak of something still to come (or hypothetical)?
    pub fn is_prospective(self) -> bool {
        matches!(self, Status::Planned | Status::Expected | Status::Possible)
    }
}

/// A role's value: an entity (by gazetteer or discovered id) or a kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Value {
    Entity(String),
    Kind(String),
}

/// When a report places its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct When {
    pub date: Option<CalendarValue>,
    pub start: Option<CalendarValue>,
    pub end: Option<CalendarValue>,
}

impl When {
    /// From a date expression; a single day is the start when the trigger marks an arrival.
    pub fn from_date(d: DateValue, arrival: bool) -> When {
        match d {
            DateValue::Range(a, b) => When {
                date: None,
                start: Some(a),
                end: Some(b),
            },
            DateValue::Point(p @ CalendarValue::Day { .. }) if arrival => When {
                date: None,
                start: Some(p),
                end: None,
            },
            DateValue::Point(p) => When {
                date: Some(p),
                start: None,
                end: None,
            },
        }
    }
    pub fn is_empty(&self) -> bool {
        self.date.is_none() && self.start.is_none() && self.end.is_none()
    }
    /// First and last day covered, as comparable (y, m, d) tuples.
    pub fn bounds(&self) -> Option<(Ymd, Ymd)> {
        // An end alone («اختتم … أمس») bounds the event on both sides as far as we know.
        let first = self.date.or(self.start).or(self.end)?;
        let last = self.end.or(self.date).or(self.start)?;
        Some((first.bounds().0, last.bounds().1))
    }
}

/// A stated figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Count {
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub approximate: bool,
    pub vague: bool,
}

impl Count {
    pub fn is_stated(&self) -> bool {
        self.min.is_some() || self.max.is_some()
    }
}

/// The agreement an AgreementSigning report is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Agreement {
    /// The words that name it in the text (clean text).
    pub name: String,
    /// Its kind, when the text says (mutual_defence, joint_statement …).
    pub kind: Option<String>,
}

/// One article's account of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub etype: EventType,
    pub status: Status,
    /// Was the status read from a cue (rather than defaulted from tense)?
    pub status_explicit: bool,
    pub roles: BTreeMap<Role, BTreeSet<Value>>,
    pub when: When,
    pub count: Count,
    /// Who the article says the claim comes from (entity ids).
    pub attributed_to: BTreeSet<String>,
    pub agreement: Option<Agreement>,
    /// The trigger's span in the raw text (code points).
    pub trigger: Span,
    /// Index of the sentence the report was read from.
    pub sentence: usize,
    /// The trigger is a definite noun («الزيارة»): it may refer to an event already reported.
    pub definite: bool,
}

impl Report {
    pub fn new(etype: EventType, trigger: Span, sentence: usize) -> Report {
        Report {
            etype,
            status: Status::Occurred,
            status_explicit: false,
            roles: BTreeMap::new(),
            when: When::default(),
            count: Count::default(),
            attributed_to: BTreeSet::new(),
            agreement: None,
            trigger,
            sentence,
            definite: false,
        }
    }
    pub fn add(&mut self, role: Role, value: Value) {
        self.roles.entry(role).or_default().insert(value);
    }
    pub fn add_entity(&mut self, role: Role, id: &str) {
        self.add(role, Value::Entity(id.to_string()));
    }
    pub fn values(&self, role: Role) -> impl Iterator<Item = &Value> {
        self.roles.get(&role).into_iter().flatten()
    }
    pub fn has(&self, role: Role) -> bool {
        self.roles.get(&role).is_some_and(|v| !v.is_empty())
    }
    /// Every core role is filled (Meeting and AgreementSigning need two values).
    pub fn is_complete(&self) -> bool {
        self.etype.core_roles().iter().all(|r| {
            let n = self.roles.get(r).map_or(0, |v| v.len());
            match r {
                Role::Participant | Role::Party => n >= 2,
                _ => n >= 1,
            }
        })
    }
    /// The core roles as a comparable key.
    pub fn core_key(&self) -> Vec<(Role, BTreeSet<Value>)> {
        self.etype
            .core_roles()
            .iter()
            .map(|r| (*r, self.roles.get(r).cloned().unwrap_or_default()))
            .collect()
    }
}
