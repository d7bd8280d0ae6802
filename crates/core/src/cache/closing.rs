//! Closing records the device may no longer show, also without a connection: each linked
//! record's last day travels with the records list (sealed in the store), and a record past
//! it is purged by the device's own clock, a clock that is never trusted to be earlier than
//! the latest time the server gave (setting the clock back does not reopen a record). A
//! record the server stops listing is purged at the next sync. Either way the person is
//! told once, in plain words, why the record left.

use chrono::NaiveDate;
use dossier_api::reports::{RecordAccess, Relation};

use super::{ACCOUNT_SERVER_TIME, ReportCache};
use crate::{clock::brussels_date, error::CoreError};

/// Why a record left the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedReason {
    /// The child turned 15: the record is theirs now.
    TurnedFifteen,
    /// The link's period is over.
    PeriodOver,
    /// The server no longer lists it: a link revoked or ended, a death.
    NoLongerLinked,
}

/// A record closed and purged from the device, to say so once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedRecord {
    pub record: RecordAccess,
    pub reason: ClosedReason,
}

/// Why `record` is past its last day on `today`, if it is.
fn past_last_day(record: &RecordAccess, today: NaiveDate) -> Option<ClosedReason> {
    let last_day = record.last_day?;
    (today > last_day).then_some(if record.relation == Relation::Child {
        ClosedReason::TurnedFifteen
    } else {
        ClosedReason::PeriodOver
    })
}

impl ReportCache {
    /// The time the device goes by: its clock, but never earlier than the latest time the
    /// server gave.
    pub fn trusted_now(&self, device_now: i64) -> i64 {
        device_now.max(self.server_time.unwrap_or(i64::MIN))
    }

    /// Remembers a time the server gave (the `Date` of an answer). Kept sealed, so a
    /// restart without a connection still knows it; written when it moved on by a minute.
    /// A write that fails (a full disk) keeps it in memory: reading must go on.
    pub fn saw_server_time(&mut self, server_now: i64) -> Result<(), CoreError> {
        if self.server_time.is_none() {
            self.server_time = self.account_item(ACCOUNT_SERVER_TIME)?;
        }
        let known = self.server_time;
        if known.is_none_or(|known| server_now > known) {
            self.server_time = Some(server_now);
            if known.is_none_or(|known| server_now - known >= 60) {
                let sealed = self.seal_account_item(ACCOUNT_SERVER_TIME, &server_now)?;
                if let Err(error) = self.store.put_account_item(ACCOUNT_SERVER_TIME, &sealed) {
                    tracing::info!(%error, "the server's time is kept in memory only for now");
                }
            }
        }
        Ok(())
    }

    /// Closes every record past its last day on the Brussels date of `device_now` (as
    /// trusted): key, reports and seen list deleted with the list in one step, the
    /// in-memory index dropped. The records closed.
    pub fn close_expired(&mut self, device_now: i64) -> Result<Vec<ClosedRecord>, CoreError> {
        let list = self.record_list()?;
        self.close_expired_in(list, device_now).map(|(closed, _)| closed)
    }

    /// [`Self::close_expired`] over `list` (as just read); also gives the records kept.
    fn close_expired_in(
        &mut self,
        list: Vec<RecordAccess>,
        device_now: i64,
    ) -> Result<(Vec<ClosedRecord>, Vec<RecordAccess>), CoreError> {
        if self.server_time.is_none() {
            self.server_time = self.account_item(ACCOUNT_SERVER_TIME)?;
        }
        let today = brussels_date(self.trusted_now(device_now));
        let (expired, kept): (Vec<_>, Vec<_>) =
            list.into_iter().partition(|record| past_last_day(record, today).is_some());
        if expired.is_empty() {
            return Ok((Vec::new(), kept));
        }
        self.replace_records(&kept)?;
        let closed: Vec<ClosedRecord> = expired
            .into_iter()
            .filter_map(|record| {
                let reason = past_last_day(&record, today)?;
                Some(ClosedRecord { record, reason })
            })
            .collect();
        tracing::info!(count = closed.len(), "records past their last day closed");
        self.closed.extend(closed.iter().cloned());
        Ok((closed, kept))
    }

    /// The records closed since this was last asked (each told once).
    pub fn take_closed(&mut self) -> Vec<ClosedRecord> {
        std::mem::take(&mut self.closed)
    }

    /// Whether `record` may be shown now: listed (or no list kept yet), and not past its
    /// last day (closed here if it is). A record that is not may not be opened, even when
    /// the purge itself cannot be written yet (a full disk).
    pub fn check_open(&mut self, record: &str, device_now: i64) -> Result<(), CoreError> {
        // One read of the sealed list per switch: the purge works on it and gives back
        // what stays (a purge that cannot be written still leaves the record out).
        let list = self.record_list()?;
        let no_list_yet = list.is_empty();
        let kept = match self.close_expired_in(list.clone(), device_now) {
            Ok((_, kept)) => kept,
            Err(error) => {
                tracing::info!(%error, "closing records past their last day failed; tried again later");
                let today = brussels_date(self.trusted_now(device_now));
                list.into_iter().filter(|r| past_last_day(r, today).is_none()).collect()
            }
        };
        // No list kept yet (a first sync that could not store it): one's own record is the
        // only one the device can hold then.
        if no_list_yet || kept.iter().any(|r| r.record_id == record) {
            Ok(())
        } else {
            Err(CoreError::RecordClosed)
        }
    }

    /// Notes why the records the server stopped listing left: past their last day by the
    /// server's time, or no longer linked.
    pub(super) fn note_unlisted(&mut self, gone: Vec<RecordAccess>) {
        let today = self.server_time.map(brussels_date);
        self.closed.extend(gone.into_iter().map(|record| {
            let reason = today
                .and_then(|today| past_last_day(&record, today))
                .unwrap_or(ClosedReason::NoLongerLinked);
            ClosedRecord { record, reason }
        }));
    }
}

#[cfg(test)]
mod tests {
    use dossier_api::reports::Relation;

    use super::*;
    use crate::cache::{MemoryStore, conformance::access, conformance::key};

    /// Unix seconds of a UTC `YYYY-MM-DDTHH:MM:SSZ`.
    fn at(text: &str) -> i64 {
        text.parse::<chrono::DateTime<chrono::Utc>>().unwrap().timestamp()
    }

    fn cache_with_child(last_day: &str) -> ReportCache {
        let mut cache = ReportCache::new(Box::new(MemoryStore::new()), key(1));
        let mut child = access("child", Relation::Child);
        child.last_day = dossier_api::dates::parse_iso(last_day);
        cache.adopt_records(&[access("own", Relation::Own), child]).unwrap();
        cache
    }

    fn open_at(last_day: &str, now: &str) -> bool {
        let mut cache = cache_with_child(last_day);
        let closed = cache.close_expired(at(now)).unwrap();
        let open = cache.record_list().unwrap().iter().any(|r| r.record_id == "child");
        assert_eq!(open, closed.is_empty());
        open
    }

    #[test]
    fn a_childs_record_closes_at_midnight_in_brussels_on_the_15th_birthday() {
        // Born 29 February 2012: the last day is 28 February 2027 (a common year).
        assert!(open_at("2027-02-28", "2027-02-28T22:59:59Z"), "23:59:59 in Brussels");
        assert!(!open_at("2027-02-28", "2027-02-28T23:00:00Z"), "midnight in Brussels");
        // Born 29 March 2012: the last day is the day summer time starts (28 March 2027);
        // midnight after it is 22:00 UTC.
        assert!(open_at("2027-03-28", "2027-03-28T21:59:59Z"));
        assert!(!open_at("2027-03-28", "2027-03-28T22:00:00Z"));
        // The day winter time comes back (31 October 2027): midnight is 23:00 UTC.
        assert!(open_at("2027-10-31", "2027-10-31T22:59:59Z"));
        assert!(!open_at("2027-10-31", "2027-10-31T23:00:00Z"));
        // The day before and the day itself.
        assert!(open_at("2027-06-14", "2027-06-13T10:00:00Z"));
        assert!(open_at("2027-06-14", "2027-06-14T10:00:00Z"));
        assert!(!open_at("2027-06-14", "2027-06-15T10:00:00Z"));
    }

    #[test]
    fn the_servers_time_wins_over_a_clock_set_back() {
        let mut cache = cache_with_child("2027-06-14");
        cache.saw_server_time(at("2027-06-15T08:00:00Z")).unwrap();
        let closed = cache.close_expired(at("2027-06-01T08:00:00Z")).unwrap();
        assert_eq!(closed.len(), 1);
        assert_eq!(closed[0].reason, ClosedReason::TurnedFifteen);
        assert_eq!(cache.take_closed().len(), 1);
        assert!(cache.take_closed().is_empty(), "told once");
        assert!(matches!(
            cache.check_open("child", at("2027-06-01T08:00:00Z")),
            Err(CoreError::RecordClosed)
        ));
        assert!(cache.check_open("own", at("2027-06-01T08:00:00Z")).is_ok());
    }
}
