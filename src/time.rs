//! Calendar values at the precision a text supports (day, month, season, year), and how they
//! are written: an ISO string at that precision (`2025-07-11`, `2024-06`, `2024`) plus the
//! earliest and latest instants as `xsd:dateTime` — `xsd:date` and `xsd:gYear` are outside the
//! OWL 2 datatype map, so the ontology never uses them.

use serde::Serialize;
use std::fmt;

/// A calendar day as a comparable (year, month, day) tuple.
pub type Ymd = (i32, u8, u8);

/// How precise a calendar value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Precision {
    Day,
    Month,
    /// A season of a year (Northern hemisphere meteorological seasons).
    Season,
    Year,
}

impl Precision {
    pub fn name(self) -> &'static str {
        match self {
            Precision::Day => "DayPrecision",
            Precision::Month => "MonthPrecision",
            Precision::Season => "SeasonPrecision",
            Precision::Year => "YearPrecision",
        }
    }
}

/// Seasons, as ISO 8601-2 codes them (21 spring … 24 winter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

/// A calendar value: a day, a month, a season or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CalendarValue {
    Day { year: i32, month: u8, day: u8 },
    Month { year: i32, month: u8 },
    Season { year: i32, season: Season },
    Year { year: i32 },
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl CalendarValue {
    /// A valid day, or `None`.
    pub fn day(year: i32, month: u8, day: u8) -> Option<CalendarValue> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(CalendarValue::Day { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM`, `YYYY-SS` (ISO 8601-2 season 21–24) or `YYYY`.
    pub fn parse_iso(s: &str) -> Option<CalendarValue> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |x: &str, len: usize| -> Option<i64> {
            (x.len() == len && x.bytes().all(|b| b.is_ascii_digit())).then(|| x.parse().ok())?
        };
        match parts.as_slice() {
            [y] => Some(CalendarValue::Year {
                year: num(y, 4)? as i32,
            }),
            [y, m] => {
                let (year, month) = (num(y, 4)? as i32, num(m, 2)? as u8);
                let season = match month {
                    21 => Some(Season::Spring),
                    22 => Some(Season::Summer),
                    23 => Some(Season::Autumn),
                    24 => Some(Season::Winter),
                    _ => None,
                };
                match season {
                    Some(season) => Some(CalendarValue::Season { year, season }),
                    None => (1..=12)
                        .contains(&month)
                        .then_some(CalendarValue::Month { year, month }),
                }
            }
            [y, m, d] => CalendarValue::day(num(y, 4)? as i32, num(m, 2)? as u8, num(d, 2)? as u8),
            _ => None,
        }
    }

    pub fn precision(&self) -> Precision {
        match self {
            CalendarValue::Day { .. } => Precision::Day,
            CalendarValue::Month { .. } => Precision::Month,
            CalendarValue::Season { .. } => Precision::Season,
            CalendarValue::Year { .. } => Precision::Year,
        }
    }

    /// ISO 8601 at this precision; seasons use ISO 8601-2 codes (`2024-23` = autumn 2024).
    pub fn iso(&self) -> String {
        match *self {
            CalendarValue::Day { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            CalendarValue::Month { year, month } => format!("{year:04}-{month:02}"),
            CalendarValue::Season { year, season } => {
                let code = match season {
                    Season::Spring => 21,
                    Season::Summer => 22,
                    Season::Autumn => 23,
                    Season::Winter => 24,
                };
                format!("{year:04}-{code}")
            }
            CalendarValue::Year { year } => format!("{year:04}"),
        }
    }

    /// First and last day covered, as (year, month, day).
    pub fn bounds(&self) -> (Ymd, Ymd) {
        match *self {
            CalendarValue::Day { year, month, day } => ((year, month, day), (year, month, day)),
            CalendarValue::Month { year, month } => {
                ((year, month, 1), (year, month, days_in_month(year, month)))
            }
            CalendarValue::Season { year, season } => match season {
                Season::Spring => ((year, 3, 1), (year, 5, 31)),
                Season::Summer => ((year, 6, 1), (year, 8, 31)),
                Season::Autumn => ((year, 9, 1), (year, 11, 30)),
                Season::Winter => ((year, 12, 1), (year + 1, 2, days_in_month(year + 1, 2))),
            },
            CalendarValue::Year { year } => ((year, 1, 1), (year, 12, 31)),
        }
    }

    /// Earliest instant, as an `xsd:dateTime` lexical form (UTC).
    pub fn earliest(&self) -> String {
        let (y, m, d) = self.bounds().0;
        format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
    }

    /// Latest instant, as an `xsd:dateTime` lexical form (UTC).
    pub fn latest(&self) -> String {
        let (y, m, d) = self.bounds().1;
        format!("{y:04}-{m:02}-{d:02}T23:59:59Z")
    }
}

impl fmt::Display for CalendarValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip_and_bounds() {
        for s in ["2025-07-11", "2024-06", "2024", "2024-23"] {
            assert_eq!(CalendarValue::parse_iso(s).unwrap().iso(), s);
        }
        assert!(CalendarValue::parse_iso("2025-02-30").is_none());
        assert!(CalendarValue::parse_iso("2025-13").is_none());
        assert!(CalendarValue::parse_iso("25-01-01").is_none());
        let feb = CalendarValue::parse_iso("2024-02").unwrap();
        assert_eq!(feb.earliest(), "2024-02-01T00:00:00Z");
        assert_eq!(feb.latest(), "2024-02-29T23:59:59Z");
        let autumn = CalendarValue::Season {
            year: 2024,
            season: Season::Autumn,
        };
        assert_eq!(autumn.iso(), "2024-23");
        assert_eq!(autumn.latest(), "2024-11-30T23:59:59Z");
    }
}
