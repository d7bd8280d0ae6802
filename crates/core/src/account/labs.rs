//! "My lab values": a record's lab tests and one test's values over time, from the reports
//! the device holds (offline too, for every record the user may open: a parent follows a
//! child's values). Nothing is asked of the server.

use dossier_api::{
    dates::NaiveDate,
    labs::{LabSeries, LabTestKey, LabTestSummary},
};

use crate::error::CoreError;

use super::Account;

impl Account {
    /// The record's lab tests, by name; with `text`, those one of whose names (any
    /// hospital's) holds every word of it, case and accents aside.
    pub async fn lab_tests(
        &self,
        record: &str,
        text: Option<&str>,
    ) -> Result<Vec<LabTestSummary>, CoreError> {
        let text = text.map(str::to_owned);
        self.with_record(record, move |cache, record| cache.lab_tests(record, text.as_deref()))
            .await
    }

    /// One test's values from `since` on (all when None), oldest first, with its summary
    /// over all its values; None when the record has no such test (any more).
    pub async fn lab_series(
        &self,
        record: &str,
        key: &LabTestKey,
        since: Option<NaiveDate>,
    ) -> Result<Option<LabSeries>, CoreError> {
        let key = key.clone();
        self.with_record(record, move |cache, record| cache.lab_series(record, &key, since)).await
    }
}
