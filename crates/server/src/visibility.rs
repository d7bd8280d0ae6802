//! The one rule that decides whether a patient sees a report now, and if not, why.
//!
//! In this order: a protected report is hidden and never explained (its existence is not
//! revealed); a draft is not validated yet; a report performed before the hospital's first
//! date is not shown; a child's reports are hidden at hospitals that do not share them
//! while the child is under 15; a validated report waits its hospital's delay for its type.
//! The clock is an argument: the rule depends on "now" and nothing else hidden.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

use crate::{clock::hospital_zone, patients::is_child_on};

/// Where a report stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportStatus {
    Draft,
    Validated {
        at: DateTime<Utc>,
    },
    Protected,
    /// Cancelled or entered in error at the source.
    Withdrawn,
}

/// What the rule needs to know about a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportFacts {
    pub status: ReportStatus,
    pub performed_on: NaiveDate,
    /// The hospital's delay for this report's type.
    pub delay_days: u32,
}

/// What the rule needs to know about the hospital.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HospitalRules {
    pub reports_visible_from: NaiveDate,
    pub shares_child_reports: bool,
}

/// Why a report is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Never told to the patient.
    Protected,
    /// Cancelled or entered in error: gone from devices.
    Withdrawn,
    NotValidated,
    BeforeFirstDate {
        first: NaiveDate,
    },
    ChildReportsNotShared,
    /// Shown from this instant (its Brussels date is what the patient is told).
    InDelay {
        until: DateTime<Utc>,
    },
}

impl Hidden {
    /// When the patient is told about this hidden report ("a report is waiting until …"),
    /// the instant it will be shown; None for a report the patient is never told of.
    pub fn waiting_until(self) -> Option<DateTime<Utc>> {
        match self {
            Hidden::InDelay { until } => Some(until),
            _ => None,
        }
    }
}

/// The rule. `record_born` is the date of birth of the record's patient.
pub fn visibility(
    report: &ReportFacts,
    hospital: &HospitalRules,
    record_born: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), Hidden> {
    let validated_at = match report.status {
        ReportStatus::Protected => return Err(Hidden::Protected),
        ReportStatus::Withdrawn => return Err(Hidden::Withdrawn),
        ReportStatus::Draft => return Err(Hidden::NotValidated),
        ReportStatus::Validated { at } => at,
    };
    if report.performed_on < hospital.reports_visible_from {
        return Err(Hidden::BeforeFirstDate { first: hospital.reports_visible_from });
    }
    let today = local_date(now);
    if !hospital.shares_child_reports && is_child_on(record_born, today) {
        return Err(Hidden::ChildReportsNotShared);
    }
    let visible_from = visible_from(validated_at, report.delay_days);
    if now < visible_from {
        return Err(Hidden::InDelay { until: visible_from });
    }
    Ok(())
}

/// When a report validated at `validated_at` with a delay of `days` days appears: the same
/// wall-clock time `days` calendar days later in Brussels, as patients count days (around a
/// change of summer time a day is 23 or 25 hours, never "24 hours later").
pub fn visible_from(validated_at: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let local = validated_at.with_timezone(&hospital_zone()).naive_local();
    local
        .checked_add_days(Days::new(u64::from(days)))
        .map(brussels_instant)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The earliest validation time whose delay of `days` days has ended at `now`: the inverse
/// of [`visible_from`], give or take the hour a change of summer time moves.
pub fn validated_by(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let local = now.with_timezone(&hospital_zone()).naive_local();
    local
        .checked_sub_days(Days::new(u64::from(days)))
        .map(brussels_instant)
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The instant of a Brussels wall-clock time. A time that occurs twice (the hour winter
/// time comes back) is the first; one that does not occur (the hour summer time skips) is
/// read with the offset before the change, so it lands as far after the change (02:30
/// becomes 03:30 summer time).
fn brussels_instant(local: NaiveDateTime) -> DateTime<Utc> {
    let zone = hospital_zone();
    match zone.from_local_datetime(&local).earliest() {
        Some(zoned) => zoned.with_timezone(&Utc),
        None => {
            // A day earlier the offset is the one before the change.
            let before = local.checked_sub_days(Days::new(1)).unwrap_or(local);
            let offset = zone.offset_from_utc_datetime(&before).fix();
            (local - offset).and_utc()
        }
    }
}

/// The date in the hospitals' time zone, as patients are told it.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&hospital_zone()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::date;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    const NETWORK: HospitalRules =
        HospitalRules { reports_visible_from: date(2016, 8, 15), shares_child_reports: true };
    const STRICT: HospitalRules =
        HospitalRules { reports_visible_from: date(2017, 11, 1), shares_child_reports: false };
    const ADULT: NaiveDate = date(1979, 4, 12);

    fn validated(when: &str, performed: NaiveDate, delay_days: u32) -> ReportFacts {
        ReportFacts {
            status: ReportStatus::Validated { at: at(when) },
            performed_on: performed,
            delay_days,
        }
    }

    #[test]
    fn a_validated_report_without_delay_is_shown_at_once() {
        let report = validated("2026-03-02T10:00:00Z", date(2026, 3, 1), 0);
        assert_eq!(visibility(&report, &NETWORK, ADULT, at("2026-03-02T10:00:00Z")), Ok(()));
    }

    #[test]
    fn protected_is_hidden_before_anything_else_and_never_told() {
        let report = ReportFacts {
            status: ReportStatus::Protected,
            performed_on: date(2010, 1, 1),
            delay_days: 7,
        };
        let hidden = visibility(&report, &STRICT, date(2020, 1, 1), at("2026-03-02T10:00:00Z"));
        assert_eq!(hidden, Err(Hidden::Protected));
        assert_eq!(Hidden::Protected.waiting_until(), None);
    }

    #[test]
    fn drafts_are_not_validated_yet() {
        let report = ReportFacts {
            status: ReportStatus::Draft,
            performed_on: date(2026, 3, 1),
            delay_days: 0,
        };
        assert_eq!(
            visibility(&report, &NETWORK, ADULT, at("2026-03-02T10:00:00Z")),
            Err(Hidden::NotValidated)
        );
        assert_eq!(Hidden::NotValidated.waiting_until(), None);
    }

    #[test]
    fn the_first_date_is_inclusive() {
        let now = at("2026-03-02T10:00:00Z");
        let on = validated("2017-11-02T08:00:00Z", date(2017, 11, 1), 0);
        let before = validated("2017-11-02T08:00:00Z", date(2017, 10, 31), 0);
        assert_eq!(visibility(&on, &STRICT, ADULT, now), Ok(()));
        assert_eq!(
            visibility(&before, &STRICT, ADULT, now),
            Err(Hidden::BeforeFirstDate { first: date(2017, 11, 1) })
        );
        let network_edge = validated("2016-08-15T08:00:00Z", date(2016, 8, 15), 0);
        let network_before = validated("2016-08-15T08:00:00Z", date(2016, 8, 14), 0);
        assert_eq!(visibility(&network_edge, &NETWORK, ADULT, now), Ok(()));
        assert!(visibility(&network_before, &NETWORK, ADULT, now).is_err());
    }

    #[test]
    fn the_delay_ends_exactly_after_its_days() {
        let report = validated("2026-03-02T10:00:00Z", date(2026, 3, 1), 7);
        let until = at("2026-03-09T10:00:00Z");
        assert_eq!(
            visibility(&report, &NETWORK, ADULT, at("2026-03-09T09:59:59Z")),
            Err(Hidden::InDelay { until })
        );
        assert_eq!(visibility(&report, &NETWORK, ADULT, until), Ok(()));
        assert_eq!(Hidden::InDelay { until }.waiting_until(), Some(until));
        assert_eq!(local_date(until), date(2026, 3, 9));
        // A one-day delay for lab results.
        let lab = validated("2026-03-02T22:30:00Z", date(2026, 3, 2), 1);
        assert!(visibility(&lab, &NETWORK, ADULT, at("2026-03-03T22:29:59Z")).is_err());
        assert_eq!(visibility(&lab, &NETWORK, ADULT, at("2026-03-03T22:30:00Z")), Ok(()));
        // Told as the Brussels date: 23:30 local is already the 4th there.
        assert_eq!(local_date(at("2026-03-03T22:30:00Z")), date(2026, 3, 3));
        assert_eq!(local_date(at("2026-03-03T23:30:00Z")), date(2026, 3, 4));
    }

    #[test]
    fn delays_count_brussels_calendar_days_across_a_change_of_summer_time() {
        // Validated Saturday 28 March 2026 at 23:30 in Brussels (22:30 UTC, winter time).
        // Summer time starts that night: "1 day later" is Sunday 29 March at 23:30 summer
        // time (21:30 UTC), 23 hours on; 24 hours on would already be Monday the 30th there.
        let lab = validated("2026-03-28T22:30:00Z", date(2026, 3, 28), 1);
        assert_eq!(visible_from(at("2026-03-28T22:30:00Z"), 1), at("2026-03-29T21:30:00Z"));
        assert!(visibility(&lab, &NETWORK, ADULT, at("2026-03-29T21:29:59Z")).is_err());
        assert_eq!(visibility(&lab, &NETWORK, ADULT, at("2026-03-29T21:30:00Z")), Ok(()));
        assert_eq!(local_date(visible_from(at("2026-03-28T22:30:00Z"), 1)), date(2026, 3, 29));
        // Never on the day it was validated: back to winter time, 25 hours.
        let autumn = at("2026-10-24T22:30:00Z"); // Sunday 25 October 00:30 summer time
        assert_eq!(local_date(autumn), date(2026, 10, 25));
        assert_eq!(visible_from(autumn, 1), at("2026-10-25T23:30:00Z"));
        assert_eq!(local_date(visible_from(autumn, 1)), date(2026, 10, 26));
        // 7 days across the change: the same wall-clock time a week later.
        assert_eq!(visible_from(at("2026-03-25T09:00:00Z"), 7), at("2026-04-01T08:00:00Z"));
        // A day later at a time the change skips (02:30 on 29 March): 03:30 summer time.
        assert_eq!(visible_from(at("2026-03-28T01:30:00Z"), 1), at("2026-03-29T01:30:00Z"));
        // At a time that comes twice (02:30 on 25 October): the first, in summer time.
        assert_eq!(visible_from(at("2026-10-24T00:30:00Z"), 1), at("2026-10-25T00:30:00Z"));
        // The inverse, used to read only what may have become visible.
        for (validated_at, days) in [("2026-03-28T22:30:00Z", 1), ("2026-10-24T22:30:00Z", 7)] {
            let validated_at = at(validated_at);
            let shown = visible_from(validated_at, days);
            assert!(validated_by(shown, days) >= validated_at);
        }
    }

    #[test]
    fn children_under_15_see_nothing_where_the_hospital_does_not_share() {
        let born = date(2012, 3, 10);
        let report = validated("2026-03-02T10:00:00Z", date(2026, 3, 1), 0);
        // The day before the 15th birthday (Brussels date): hidden; on it: shown.
        assert_eq!(
            visibility(&report, &STRICT, born, at("2027-03-09T22:59:59Z")),
            Err(Hidden::ChildReportsNotShared)
        );
        assert_eq!(visibility(&report, &STRICT, born, at("2027-03-09T23:00:00Z")), Ok(()));
        assert_eq!(Hidden::ChildReportsNotShared.waiting_until(), None);
        // Hospitals that share children's reports show them.
        assert_eq!(visibility(&report, &NETWORK, born, at("2026-03-02T10:00:00Z")), Ok(()));
    }

    #[test]
    fn a_child_report_in_delay_is_explained_by_the_child_rule_first() {
        let born = date(2016, 1, 1);
        let report = validated("2026-03-02T10:00:00Z", date(2026, 3, 1), 7);
        assert_eq!(
            visibility(&report, &STRICT, born, at("2026-03-03T10:00:00Z")),
            Err(Hidden::ChildReportsNotShared)
        );
    }
}
