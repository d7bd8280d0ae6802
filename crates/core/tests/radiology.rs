//! A radiology report's images on the device, against a real server with the demo data:
//! the study of her newest chest CT report with a preview per series, the study as a ZIP
//! read piece by piece (every image in it), share codes made, listed without the code,
//! refused beyond 30 days and stopped; reports without images answer None; without a
//! connection the images are not there and the app says so.

#![allow(clippy::print_stderr)] // Tests say why they skip.

use dossier_api::{
    radiology::{MAX_SHARE_DAYS, ShareCodeProblem, ShareCodeStatus},
    reports::{Relation, ReportType},
};
use dossier_core::{Account, CoreError, ReportQuery};
use dossier_test_kit::{demo_card, device_account, keychain, start_server};

const PIN: &str = "284719";

/// The number of entries in a ZIP's end-of-central-directory record.
fn zip_entries(zip: &[u8]) -> u16 {
    let end = zip.len() - 22;
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06", "a ZIP ends with its directory");
    u16::from_le_bytes([zip[end + 10], zip[end + 11]])
}

#[tokio::test]
async fn a_study_is_shown_downloaded_and_shared_and_its_codes_stopped() {
    let Some(keychain) = keychain() else { return };
    let mut server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let app: Account = device_account(&keychain, &server.url(), data.path());
    demo_card(&summary, "an.peeters").log_in(&app).await;
    app.register_device("laptop", PIN).await.unwrap();
    app.sync_reports(|_| {}).await.unwrap();
    let own =
        app.records().await.into_iter().find(|r| r.relation == Relation::Own).unwrap().record_id;

    let query = ReportQuery { report_type: Some(ReportType::Radiology), ..ReportQuery::default() };
    let radiology = app.reports(&own, &query).await.unwrap();
    assert!(radiology.len() >= 2, "the demo has several radiology reports");
    let mut with_study = Vec::new();
    for report in &radiology {
        if let Some(study) = app.radiology_study(&own, &report.id).await.unwrap() {
            with_study.push((report.id.clone(), study));
        }
    }
    assert_eq!(with_study.len(), 2, "a chest CT and a head MRI");
    // The images fit the report they belong to.
    with_study.sort_by_key(|(_, study)| study.modalities.clone());
    let titles: Vec<_> = with_study
        .iter()
        .map(|(id, _)| radiology.iter().find(|r| &r.id == id).unwrap().title.clone())
        .collect();
    assert_eq!(with_study[0].1.modalities, ["CT"]);
    assert!(["CT thorax", "Scanner du thorax"].contains(&titles[0].as_str()), "{titles:?}");
    assert_eq!(with_study[1].1.modalities, ["MR"]);
    assert!(["MRI hersenen", "IRM cérébrale"].contains(&titles[1].as_str()), "{titles:?}");
    let (report, study) = with_study.remove(0);
    assert_eq!(study.report_id, report);
    assert_eq!(study.modalities, ["CT"]);
    assert_eq!(study.series.len(), 2);
    assert_eq!(study.series.iter().map(|s| s.image_count).sum::<u32>(), study.image_count);
    // A lab report has no study: None, not an error.
    let lab = ReportQuery { report_type: Some(ReportType::LabResult), ..ReportQuery::default() };
    let lab = app.reports(&own, &lab).await.unwrap().remove(0);
    assert_eq!(app.radiology_study(&own, &lab.id).await.unwrap(), None);

    for series in &study.series {
        assert!(series.has_preview);
        let png = app.series_preview(&own, &report, &series.id).await.unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    }

    let mut download = app.download_study(&own, &report).await.unwrap();
    let mut zip = Vec::new();
    let mut pieces = 0;
    while let Some(piece) = download.next_piece().await.unwrap() {
        zip.extend_from_slice(&piece);
        pieces += 1;
    }
    assert!(pieces >= 1);
    assert!(zip.starts_with(b"PK\x03\x04"));
    assert_eq!(u32::from(zip_entries(&zip)), study.image_count, "every image in the ZIP");
    assert!(zip.len() as u64 > study.size_bytes, "the files whole, plus the ZIP's headers");

    // Share codes: none at first; one made is shown once, then listed by its ending only.
    assert!(app.share_codes(&own, &report).await.unwrap().is_empty());
    let made = app.create_share_code(&own, &report, 7).await.unwrap();
    let code = made.code.expose().clone();
    assert_eq!(code.len(), 19, "XXXX-XXXX-XXXX-XXXX");
    assert!(code.ends_with(&made.share.ending));
    assert_eq!(made.share.status, ShareCodeStatus::Active);
    assert!(made.share.page_url.ends_with("/images"), "{}", made.share.page_url);
    let days = (made.share.expires_at - made.share.created_at) / 86_400;
    assert_eq!(days, 7);
    let listed = app.share_codes(&own, &report).await.unwrap();
    assert_eq!(listed, vec![made.share.clone()]);
    assert!(!format!("{listed:?}").contains(&code), "the list never holds the code");

    let refused = app.create_share_code(&own, &report, MAX_SHARE_DAYS + 1).await;
    assert!(
        matches!(refused, Err(CoreError::ShareCodeRefused(ShareCodeProblem::Days { max: 30 }))),
        "{refused:?}"
    );
    assert_eq!(app.share_codes(&own, &report).await.unwrap().len(), 1, "nothing made");

    let stopped = app.revoke_share_code(&own, &report, &made.share.id).await.unwrap();
    assert_eq!(stopped.status, ShareCodeStatus::Revoked);
    assert!(stopped.revoked_at.is_some());
    assert_eq!(app.share_codes(&own, &report).await.unwrap(), vec![stopped]);

    // Without a connection: the images are not there, and the error says so.
    server.stop().await;
    let offline = app.radiology_study(&own, &report).await;
    assert!(offline.as_ref().is_err_and(CoreError::is_offline), "{offline:?}");
    // The report itself stays readable.
    assert!(app.report(&own, &report).await.unwrap().is_some());
}
