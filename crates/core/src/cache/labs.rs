//! A record's lab values over time, read from its open reports in memory (no decrypting
//! pass of its own): the tests list with a search by name, and one test's series. The
//! grouping, units and trends are dossier-labs'; the name search folds like the reports'.

use dossier_api::{
    dates::NaiveDate,
    labs::{LabSeries, LabTestKey, LabTestSummary},
};

use super::{ReportCache, search};
use crate::error::CoreError;

impl ReportCache {
    /// The record's lab tests (opened if needed), by name (case and accents aside); with
    /// `text`, those one of whose names holds every word of it ("hemoglobine" finds
    /// "Hémoglobine"), under any hospital's name for the test.
    pub fn lab_tests(
        &mut self,
        record: &str,
        text: Option<&str>,
    ) -> Result<Vec<LabTestSummary>, CoreError> {
        self.open_record(record)?;
        let words = text.map(search::search_words).unwrap_or_default();
        let mut tests: Vec<(String, LabTestSummary)> = dossier_labs::overview(self.reports(record))
            .into_iter()
            .filter(|test| {
                words.is_empty() || {
                    let names = search::fold(&test.names.join("\n"));
                    words.iter().all(|word| names.contains(word.as_str()))
                }
            })
            .map(|test| (search::fold(&test.summary.name), test.summary))
            .collect();
        tests
            .sort_by(|(a, a_test), (b, b_test)| a.cmp(b).then_with(|| a_test.key.cmp(&b_test.key)));
        Ok(tests.into_iter().map(|(_, test)| test).collect())
    }

    /// One lab test's values from `since` on (all when None), oldest first, with its
    /// summary; None when the record has no such test (any more).
    pub fn lab_series(
        &mut self,
        record: &str,
        key: &LabTestKey,
        since: Option<NaiveDate>,
    ) -> Result<Option<LabSeries>, CoreError> {
        self.open_record(record)?;
        Ok(dossier_labs::series(self.reports(record), key, since))
    }
}

#[cfg(test)]
mod tests {
    use dossier_api::reports::{LabFlag, LabTestCode, LabValue, ReportType, ReportView};
    use zeroize::Zeroizing;

    use super::*;
    use crate::cache::{
        MemoryStore,
        conformance::{date, page, report},
    };

    fn lab(report: &mut ReportView, hospital: &str, values: &[(&str, &str, &str, &str)]) {
        report.hospital_id = hospital.into();
        report.lab_values = values
            .iter()
            .map(|(analyte, value, unit, loinc)| LabValue {
                analyte: (*analyte).into(),
                value: (*value).into(),
                unit: Some((*unit).into()),
                reference_range: None,
                flag: LabFlag::Normal,
                code: Some(LabTestCode {
                    system: LabTestCode::LOINC.into(),
                    code: (*loinc).into(),
                }),
                panel: None,
            })
            .collect();
    }

    fn cache_with(reports: Vec<ReportView>) -> ReportCache {
        let mut cache = ReportCache::new(Box::new(MemoryStore::new()), Zeroizing::new([3; 32]));
        cache.apply_sync(&page("an", reports, vec![], "1"), 1).unwrap();
        cache
    }

    fn lab_report(id: &str, on: &str) -> ReportView {
        report("an", id, "Bloedonderzoek", ReportType::LabResult, on)
    }

    #[test]
    fn tests_are_listed_by_folded_name_and_found_by_any_hospitals_name() {
        let mut first = lab_report("r1", "2024-01-10");
        lab(
            &mut first,
            "cbw",
            &[
                ("Glycémie à jeun", "5,5", "mmol/L", "14771-0"),
                ("Hémoglobine", "135", "g/L", "718-7"),
            ],
        );
        let mut second = lab_report("r2", "2025-01-10");
        lab(
            &mut second,
            "hzk",
            &[
                ("Glucose (nuchter)", "104", "mg/dL", "1558-6"),
                ("Creatinine", "0,82", "mg/dL", "2160-0"),
                ("Cholesterol", "182", "mg/dL", "2093-3"),
            ],
        );
        let mut cache = cache_with(vec![first, second]);
        let names =
            |tests: Vec<LabTestSummary>| tests.into_iter().map(|t| t.name).collect::<Vec<_>>();
        assert_eq!(
            names(cache.lab_tests("an", None).unwrap()),
            ["Cholesterol", "Creatinine", "Glucose (nuchter)", "Hémoglobine"]
        );
        // Case and accents aside; a name the other hospital used finds the test too.
        assert_eq!(names(cache.lab_tests("an", Some("HEMOGLOBINE")).unwrap()), ["Hémoglobine"]);
        assert_eq!(names(cache.lab_tests("an", Some("glycemie")).unwrap()), ["Glucose (nuchter)"]);
        assert_eq!(
            names(cache.lab_tests("an", Some("gluc nucht")).unwrap()),
            ["Glucose (nuchter)"]
        );
        assert!(cache.lab_tests("an", Some("ferritine")).unwrap().is_empty());
        // A record without lab values has no tests.
        assert!(cache.lab_tests("nobody", None).unwrap().is_empty());
    }

    #[test]
    fn a_series_follows_what_a_sync_brings() {
        let mut first = lab_report("r1", "2024-01-10");
        lab(&mut first, "cbw", &[("Glycémie à jeun", "5,5", "mmol/L", "14771-0")]);
        let mut cache = cache_with(vec![first]);
        let glucose = cache.lab_tests("an", None).unwrap().remove(0);
        assert_eq!(glucose.unit.as_deref(), Some("mg/dL"));
        let mut second = lab_report("r2", "2025-01-10");
        lab(&mut second, "hzk", &[("Glucose (nuchter)", "104", "mg/dL", "1558-6")]);
        cache.apply_sync(&page("an", vec![second], vec![], "2"), 2).unwrap();
        let series = cache.lab_series("an", &glucose.key, None).unwrap().unwrap();
        assert_eq!(series.points.len(), 2);
        assert_eq!(series.test.latest.report_id, "r2");
        let since =
            cache.lab_series("an", &glucose.key, Some(date("2025-01-01"))).unwrap().unwrap();
        assert_eq!(since.points.len(), 1);
        // The report removed: its value goes with it; the last one gone, so does the test.
        cache.apply_sync(&page("an", vec![], vec!["r1", "r2"], "3"), 3).unwrap();
        assert_eq!(cache.lab_series("an", &glucose.key, None).unwrap(), None);
    }
}
