//! Radiology studies, on SQLite and PostgreSQL, with real DICOM files nobody here wrote:
//! pydicom's test files from its wheel on PyPI (`scripts/fetch-dicom-examples`, never
//! committed; the folder in `DOSSIER_DICOM_EXAMPLES_DIR`). Without it these tests are
//! skipped with a note, unless `DOSSIER_TEST_REQUIRE_DICOM_EXAMPLES=1`.
//!
//! Import: the metadata as the files say, a preview that is a real PNG with an image in it,
//! a non-DICOM file, files of two studies and files without pixel data refused whole, the
//! same study twice changing nothing, a report of another kind refused. The app: the study
//! only while its report is shown, its ZIP holding exactly the files imported. Share codes:
//! stored hashed, at most 30 days, expired / revoked / blocked after wrong dates of birth
//! refused, a code never opening another study, every use in the patient's access log on
//! the ground `share_code`.

#![allow(clippy::print_stderr)] // A skipped test says why.

mod common;

use std::{io::Read, path::PathBuf};

use chrono::TimeDelta;
use common::{Backend, Enrolled, TestServer, assert_plain_and_labelled, enrol};
use dossier_api::reports::ReportType;
use dossier_server::{
    links,
    radiology::{self, Imported, RadiologyError},
    reports::{self, ImportOutcome, IncomingReport, IncomingStatus, SourceVersion},
    staff,
};
use dossier_test_kit::dicom;
use reqwest::{Method, StatusCode, header, redirect::Policy};
use serde_json::{Value, json};

on_both_databases!(
    a_study_of_real_dicom_files_is_imported_and_shown_with_its_report,
    folders_that_are_not_one_study_with_images_are_refused_whole,
    share_codes_open_their_own_study_only_and_every_use_is_logged,
);

/// pydicom's `test_files` folder, or None (the test is skipped) when not fetched.
fn examples() -> Option<PathBuf> {
    let examples = dicom::examples();
    if examples.is_none() {
        eprintln!("skipped: {} is not set (scripts/fetch-dicom-examples)", dicom::DIR_VAR);
    }
    examples
}

struct Clinic {
    server: TestServer,
    an: Enrolled,
    token: String,
    /// Follows no redirect and keeps no cookie: the test reads both.
    browser: reqwest::Client,
    examples: PathBuf,
}

async fn clinic(backend: Backend) -> Option<Clinic> {
    let examples = examples()?;
    let server = TestServer::start(backend).await?;
    staff::add_hospital(
        &server.test.state,
        &staff::NewHospital {
            id: "hzk".into(),
            name: "Heilig Hart Ziekenhuis".into(),
            city: "Leuven".into(),
            reports_visible_from: dossier_server::clock::date(2016, 8, 15),
            shares_child_reports: true,
            patient_number_system: None,
        },
    )
    .await
    .unwrap();
    // Radiology reports wait 7 days after validation at this hospital.
    sqlx::query(
        "INSERT INTO hospital_report_delays (hospital_id, report_type, delay_days) \
         VALUES ('hzk', 'radiology', 7)",
    )
    .execute(server.test.state.db.pool())
    .await
    .unwrap();
    let an = enrol(&server.test, "An", "Peeters", Some(11), None).await;
    let token = server.session(&an).await;
    let browser = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    Some(Clinic { server, an, token, browser, examples })
}

impl Clinic {
    /// A validated report of `kind` for An, validated `days_ago`.
    async fn report(&self, source: &str, kind: ReportType, days_ago: i64) -> String {
        let at = self.server.test.clock.now_timestamp() - TimeDelta::days(days_ago);
        let report = IncomingReport {
            source_id: source.into(),
            hospital_id: "hzk".into(),
            report_type: kind,
            title: "CT thorax".into(),
            author: "Dr. R. Maes".into(),
            performed_on: at.date_naive(),
            status: IncomingStatus::Validated { at },
            source_version: SourceVersion::default(),
            body: "Geen afwijkingen.".into(),
            lab_values: Vec::new(),
        };
        let mut conn = self.server.test.state.db.pool().acquire().await.unwrap();
        let now = self.server.test.state.now();
        match reports::import(&mut conn, &self.an.patient_id, &report, now).await.unwrap().unwrap()
        {
            ImportOutcome::New { report_id } => report_id,
            other => panic!("{other:?}"),
        }
    }

    async fn import(&self, files: &[&str], report: &str) -> Result<Imported, RadiologyError> {
        let folder = dicom::folder_of(&self.examples, files);
        let state = &self.server.test.state;
        radiology::import_folder(&state.db, folder.path(), report, state.now()).await.map(
            |summary| {
                assert!(summary.without_preview.is_empty(), "{:?}", summary.without_preview);
                summary.imported
            },
        )
    }

    async fn api(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let path = format!("/api/v1/records/{}/reports/{path}", self.an.patient_id);
        self.server.authed(method, &path, &self.token, body).await
    }

    async fn bytes(&self, path: &str) -> (StatusCode, Option<String>, Vec<u8>) {
        let url =
            self.server.url(&format!("/api/v1/records/{}/reports/{path}", self.an.patient_id));
        let response = self.server.http.get(url).bearer_auth(&self.token).send().await.unwrap();
        let kind = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().into());
        (response.status(), kind, response.bytes().await.unwrap().to_vec())
    }

    async fn page(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> (StatusCode, Vec<u8>, Option<String>) {
        let mut request = self.browser.request(method, self.server.url(path));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if !form.is_empty() {
            request = request.form(form);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let set_cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned());
        (status, response.bytes().await.unwrap().to_vec(), set_cookie)
    }

    async fn open(&self, code: &str, birth_date: &str) -> (StatusCode, String, Option<String>) {
        let form = [("code", code), ("birth_date", birth_date), ("lang", "en")];
        let (status, body, cookie) = self.page(Method::POST, "/images", None, &form).await;
        (status, String::from_utf8(body).unwrap(), cookie)
    }

    async fn log(&self) -> Vec<Value> {
        let path = format!("/api/v1/records/{}/access-log", self.an.patient_id);
        let (status, page) = self.server.authed(Method::GET, &path, &self.token, None).await;
        assert_eq!(status, 200, "{page}");
        page["entries"].as_array().unwrap().clone()
    }
}

/// A PNG's size and whether its pixels differ (an image, not a flat grey).
fn png_facts(bytes: &[u8]) -> (u32, u32, bool) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let pixels = &pixels[..info.buffer_size()];
    let varied = pixels.iter().any(|p| *p != pixels[0]);
    (info.width, info.height, varied)
}

/// The files of a ZIP, with their bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().into_owned(), content)
        })
        .collect()
}

async fn a_study_of_real_dicom_files_is_imported_and_shown_with_its_report(backend: Backend) {
    let Some(mut clinic) = clinic(backend).await else { return };
    let ct = clinic.report("rad-1", ReportType::Radiology, 10).await;
    let started = std::time::Instant::now();
    let imported = clinic.import(&["CT_small.dcm"], &ct).await.unwrap();
    eprintln!("import of CT_small.dcm with its preview: {:?}", started.elapsed());
    let Imported::New { study_id } = imported else { panic!("{imported:?}") };
    // The same study on the same report again: nothing changes.
    let again = clinic.import(&["CT_small.dcm"], &ct).await.unwrap();
    assert_eq!(again, Imported::AlreadyThere { study_id: study_id.clone() });

    let (status, study) = clinic.api(Method::GET, &format!("{ct}/study"), None).await;
    assert_eq!(status, 200, "{study}");
    assert_eq!(study["id"], json!(study_id));
    assert_eq!(study["modalities"], json!(["CT"]));
    assert_eq!(study["image_count"], 1);
    let size = std::fs::metadata(clinic.examples.join("CT_small.dcm")).unwrap().len();
    assert_eq!(study["size_bytes"], json!(size));
    let series = study["series"].as_array().unwrap();
    assert_eq!(series.len(), 1);
    assert_eq!(
        (series[0]["modality"].as_str(), series[0]["image_count"].as_u64()),
        (Some("CT"), Some(1))
    );
    assert_eq!(series[0]["has_preview"], true);
    eprintln!("CT_small.dcm as the API shows it: {study}");

    // The preview: a PNG of the 128 × 128 slice, not one grey.
    let series_id = series[0]["id"].as_str().unwrap();
    let (status, kind, png) = clinic.bytes(&format!("{ct}/study/series/{series_id}/preview")).await;
    assert_eq!((status, kind.as_deref()), (StatusCode::OK, Some("image/png")));
    assert_eq!(png_facts(&png), (128, 128, true));

    // The ZIP holds exactly the file imported, byte for byte.
    let (status, kind, zipped) = clinic.bytes(&format!("{ct}/study/zip")).await;
    assert_eq!((status, kind.as_deref()), (StatusCode::OK, Some("application/zip")));
    let files = unzip(&zipped);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "DICOM/S001/I00001.dcm");
    assert_eq!(files[0].1, std::fs::read(clinic.examples.join("CT_small.dcm")).unwrap());

    // An MR study of two images... of the same SOP instance is refused; MR_small alone
    // makes a second study, on a report still in its hospital's delay: not there yet.
    let waiting = clinic.report("rad-2", ReportType::Radiology, 2).await;
    clinic.import(&["MR_small.dcm"], &waiting).await.unwrap();
    let (status, body) = clinic.api(Method::GET, &format!("{waiting}/study"), None).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, _, _) = clinic.bytes(&format!("{waiting}/study/zip")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let share = json!({"days": 3});
    let made = clinic.api(Method::POST, &format!("{waiting}/study/share-codes"), Some(share)).await;
    assert_eq!(made.0, 404);
    // After the delay it is there, with its own series.
    clinic.server.test.advance(6 * 24 * 60 * 60);
    clinic.token = clinic.server.session(&clinic.an).await;
    let (status, mr) = clinic.api(Method::GET, &format!("{waiting}/study"), None).await;
    assert_eq!(status, 200, "{mr}");
    assert_eq!(mr["modalities"], json!(["MR"]));
    let mr_series = mr["series"][0]["id"].as_str().unwrap();
    let (_, _, png) = clinic.bytes(&format!("{waiting}/study/series/{mr_series}/preview")).await;
    assert_eq!(png_facts(&png), (64, 64, true));
    // A series of another study is not reached through this report.
    let (status, _, _) = clinic.bytes(&format!("{ct}/study/series/{mr_series}/preview")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A study of several series and images (the demo's CT, made with dicom-object): the
    // ZIP holds every file byte for byte, series by series in instance-number order.
    let day = dossier_server::clock::date(2026, 11, 1);
    let files = dossier_server::demo_radiology::study(
        dossier_server::demo_radiology::Phantom::ChestCt,
        "Peeters^An",
        day,
    )
    .unwrap();
    let folder = tempfile::tempdir().unwrap();
    // Written in reverse, so the order read is not the order kept.
    for (name, bytes) in files.iter().rev() {
        let path = folder.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let third = clinic.report("rad-3", ReportType::Radiology, 10).await;
    let state = &clinic.server.test.state;
    radiology::import_folder(&state.db, folder.path(), &third, state.now()).await.unwrap();
    let (_, study) = clinic.api(Method::GET, &format!("{third}/study"), None).await;
    assert_eq!(
        (study["image_count"].as_u64(), study["series"].as_array().unwrap().len()),
        (Some(10), 2)
    );
    assert_eq!(study["body_part"], "CHEST");
    assert_eq!(study["study_date"], "2026-11-01");
    let (_, _, zipped) = clinic.bytes(&format!("{third}/study/zip")).await;
    let zipped = unzip(&zipped);
    let names: Vec<&str> = zipped.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[..2], ["DICOM/S001/I00001.dcm", "DICOM/S001/I00002.dcm"]);
    assert_eq!(names[9], "DICOM/S002/I00004.dcm");
    let contents: Vec<&Vec<u8>> = zipped.iter().map(|(_, b)| b).collect();
    let made: Vec<&Vec<u8>> = files.iter().map(|(_, b)| b).collect();
    assert_eq!(contents, made);
    for series in study["series"].as_array().unwrap() {
        let id = series["id"].as_str().unwrap();
        let (_, _, png) = clinic.bytes(&format!("{third}/study/series/{id}/preview")).await;
        assert_eq!(png_facts(&png), (128, 128, true));
    }

    // A study as another system wrote it: pydicom's three MR series of one study from
    // 2003 (a localiser, a pilot, an angiography), mixed in a folder with none of its own.
    let fourth = clinic.report("rad-4", ReportType::Radiology, 10).await;
    clinic.import(&dicom::REAL_MR_STUDY, &fourth).await.unwrap();
    let (_, study) = clinic.api(Method::GET, &format!("{fourth}/study"), None).await;
    assert_eq!(study["modalities"], json!(["MR"]), "{study}");
    assert_eq!(study["study_date"], "2003-05-05");
    let series = study["series"].as_array().unwrap();
    let mut counts: Vec<u64> = series.iter().map(|s| s["image_count"].as_u64().unwrap()).collect();
    counts.sort_unstable();
    assert_eq!((study["image_count"].as_u64(), counts), (Some(11), vec![1, 3, 7]));
    for one in series {
        let id = one["id"].as_str().unwrap();
        let (status, _, png) = clinic.bytes(&format!("{fourth}/study/series/{id}/preview")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(png_facts(&png).0, 16, "drawn at the images' own 16 pixels");
    }
    let (_, _, zipped) = clinic.bytes(&format!("{fourth}/study/zip")).await;
    let mut kept: Vec<Vec<u8>> = unzip(&zipped).into_iter().map(|(_, bytes)| bytes).collect();
    let mut given: Vec<Vec<u8>> = dicom::REAL_MR_STUDY
        .iter()
        .map(|f| std::fs::read(clinic.examples.join(f)).unwrap())
        .collect();
    kept.sort();
    given.sort();
    assert!(kept == given, "the ZIP holds the eleven files byte for byte");

    // Another record's session sees none of it.
    let bart = enrol(&clinic.server.test, "Bart", "Claes", Some(12), None).await;
    let bart_token = clinic.server.session(&bart).await;
    let path = format!("/api/v1/records/{}/reports/{ct}/study", clinic.an.patient_id);
    let (status, _) = clinic.server.authed(Method::GET, &path, &bart_token, None).await;
    assert_eq!(status, 404);
    let path = format!("/api/v1/records/{}/reports/{ct}/study", bart.patient_id);
    let (status, _) = clinic.server.authed(Method::GET, &path, &bart_token, None).await;
    assert_eq!(status, 404);
}

async fn folders_that_are_not_one_study_with_images_are_refused_whole(backend: Backend) {
    let Some(clinic) = clinic(backend).await else { return };
    let report = clinic.report("rad-1", ReportType::Radiology, 10).await;
    let count = || async {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM radiology_studies) + (SELECT COUNT(*) FROM radiology_series) \
             + (SELECT COUNT(*) FROM radiology_files)",
        )
        .fetch_one(clinic.server.test.state.db.pool())
        .await
        .unwrap();
        n
    };

    // A text file among DICOM files: named, nothing kept.
    let error = clinic.import(&["CT_small.dcm", "README.txt"], &report).await.unwrap_err();
    assert!(
        matches!(&error, RadiologyError::File { file, .. } if file.ends_with("README.txt")),
        "{error}"
    );
    assert!(error.to_string().contains("not a DICOM file"), "{error}");
    // Two studies.
    let error = clinic.import(&["CT_small.dcm", "MR_small.dcm"], &report).await.unwrap_err();
    assert!(
        matches!(&error, RadiologyError::OtherStudy { file, .. } if file.contains("MR_small")),
        "{error}"
    );
    // The same image twice (MR_small and its RLE-compressed copy are one SOP instance).
    let error = clinic.import(&["MR_small.dcm", "MR_small_RLE.dcm"], &report).await.unwrap_err();
    assert!(matches!(error, RadiologyError::SameImageTwice { .. }), "{error}");
    // An empty folder.
    let error = clinic.import(&[], &report).await.unwrap_err();
    assert!(matches!(error, RadiologyError::EmptyFolder), "{error}");
    // A structured report alone: DICOM, but no image in it.
    let error = clinic.import(&["test-SR.dcm"], &report).await.unwrap_err();
    assert!(matches!(error, RadiologyError::NoPixelData), "{error}");
    // A lab report is not a radiology report; an unknown id is no report.
    let lab = clinic.report("lab-1", ReportType::LabResult, 10).await;
    let error = clinic.import(&["CT_small.dcm"], &lab).await.unwrap_err();
    assert!(matches!(error, RadiologyError::NotRadiology { kind: "lab_result", .. }), "{error}");
    let error = clinic.import(&["CT_small.dcm"], "no-such-report").await.unwrap_err();
    assert!(matches!(error, RadiologyError::NoSuchReport(_)), "{error}");
    assert_eq!(count().await, 0);

    // The study on one report, then on another: refused, and the report keeps its study.
    clinic.import(&["CT_small.dcm"], &report).await.unwrap();
    let other = clinic.report("rad-2", ReportType::Radiology, 10).await;
    let error = clinic.import(&["CT_small.dcm"], &other).await.unwrap_err();
    assert!(matches!(&error, RadiologyError::StudyOnAnotherReport(on) if *on == report), "{error}");
    let error = clinic.import(&["MR_small.dcm"], &report).await.unwrap_err();
    assert!(matches!(error, RadiologyError::ReportHasAnotherStudy(_)), "{error}");
    assert_eq!(count().await, 3);
}

async fn share_codes_open_their_own_study_only_and_every_use_is_logged(backend: Backend) {
    let Some(mut clinic) = clinic(backend).await else { return };
    let ct = clinic.report("rad-1", ReportType::Radiology, 10).await;
    let mr = clinic.report("rad-2", ReportType::Radiology, 10).await;
    clinic.import(&["CT_small.dcm"], &ct).await.unwrap();
    clinic.import(&["MR_small.dcm"], &mr).await.unwrap();
    let codes = format!("{ct}/study/share-codes");

    // More than 30 days, or none: refused with the limit.
    for days in [31, 0] {
        let (status, body) = clinic.api(Method::POST, &codes, Some(json!({ "days": days }))).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("share_code_refused")), "{body}");
        assert_eq!(body["problem"], json!({"problem": "days", "max": 30}));
    }
    let (status, made) = clinic.api(Method::POST, &codes, Some(json!({ "days": 7 }))).await;
    assert_eq!(status, 201, "{made}");
    let code = made["code"].as_str().unwrap().to_owned();
    assert_eq!(made["share"]["ending"].as_str().unwrap(), &code[code.len() - 4..]);
    assert_eq!(made["share"]["status"], "active");
    assert_eq!(
        made["share"]["page_url"],
        json!(clinic.server.test.state.public_url.to_string() + "/images")
    );

    // Stored hashed: the code is nowhere in the table, in any form.
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT code_hash, id, ending FROM radiology_share_codes")
            .fetch_all(clinic.server.test.state.db.pool())
            .await
            .unwrap();
    let plain = code.replace('-', "");
    for (hash, id, ending) in &rows {
        for column in [hash, id, ending] {
            assert!(!column.contains(&code) && !column.contains(&plain), "{column}");
        }
    }

    // The page: the form, a wrong date (tries left), the right one typed in lower case.
    let (status, form, _) = clinic.page(Method::GET, "/images?lang=en", None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8(form).unwrap().contains("date of birth"));
    // In each language: plain HTML without script, each field with its label.
    for lang in ["nl", "fr", "en"] {
        let page = reqwest::get(clinic.server.url(&format!("/images?lang={lang}"))).await.unwrap();
        let csp = page.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        assert_plain_and_labelled(&page.text().await.unwrap(), &csp, lang);
    }
    let (status, html, cookie) = clinic.open(&code, "18/05/1980").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("4 tries left"), "{html}");
    assert!(cookie.is_none());
    let (status, _, cookie) = clinic.open(&code.to_lowercase(), "17/05/1980").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = cookie.expect("a session cookie");
    let (status, html, _) = clinic.page(Method::GET, "/images/study", Some(&cookie), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("Download the study (ZIP)") && html.contains("<dd>CT</dd>"), "{html}");

    // Its previews; never a series of the other study, even by its id.
    let (_, study) = clinic.api(Method::GET, &format!("{ct}/study"), None).await;
    let (_, other) = clinic.api(Method::GET, &format!("{mr}/study"), None).await;
    let own = study["series"][0]["id"].as_str().unwrap();
    let foreign = other["series"][0]["id"].as_str().unwrap();
    assert!(html.contains(&format!("/images/series/{own}/preview")));
    let (status, png, _) = clinic
        .page(Method::GET, &format!("/images/series/{own}/preview"), Some(&cookie), &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(png_facts(&png).0, 128);
    let (status, _, _) = clinic
        .page(Method::GET, &format!("/images/series/{foreign}/preview"), Some(&cookie), &[])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The download: the same files as the app's.
    let (status, zipped, _) =
        clinic.page(Method::GET, "/images/download", Some(&cookie), &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, app_zip) = clinic.bytes(&format!("{ct}/study/zip")).await;
    assert_eq!(unzip(&zipped), unzip(&app_zip));

    // Every use in the access log: the wrong date, the opening, the download.
    let log = clinic.log().await;
    let uses: Vec<_> = log
        .iter()
        .map(|e| {
            (
                e["who"].clone(),
                e["event"]["event"].clone(),
                e["event"]["what"]["action"].clone(),
                e["event"]["what"]["report_id"].clone(),
            )
        })
        .collect();
    let who = json!({"kind": "share_code", "ending": &code[code.len() - 4..]});
    assert_eq!(
        uses,
        [
            (who.clone(), json!("refused"), json!("viewed"), json!(ct)),
            (who.clone(), json!("opened"), json!("viewed"), json!(ct)),
            (who.clone(), json!("opened"), json!("downloaded"), json!(ct)),
        ]
    );
    assert_eq!(log[0]["event"]["reason"], "wrong_birth_date");
    // Opened on the code itself: not a referrer's consent or any other ground.
    let grounds: Vec<&Value> = log[1..].iter().map(|e| &e["event"]["ground"]).collect();
    assert_eq!(grounds, [&json!("share_code"), &json!("share_code")]);
    let (_, list) = clinic.api(Method::GET, &codes, None).await;
    assert_eq!(list[0]["uses"], 2);
    assert!(list[0].get("code").is_none());

    // A trusted person reads the study but does not share it.
    let bart = enrol(&clinic.server.test, "Bart", "Claes", Some(12), None).await;
    let now = clinic.server.test.state.now();
    let from = dossier_server::clock::date(2026, 1, 1);
    let link = links::NewLink::by_staff(
        &bart.patient_id,
        &clinic.an.patient_id,
        dossier_api::links::LinkKind::TrustedPerson,
        from,
        None,
    );
    let mut conn = clinic.server.test.state.db.pool().acquire().await.unwrap();
    links::insert(&mut conn, &link, now).await.unwrap();
    drop(conn);
    let bart_token = clinic.server.session(&bart).await;
    let on_an = format!("/api/v1/records/{}/reports/{ct}/study", clinic.an.patient_id);
    let (status, _) = clinic.server.authed(Method::GET, &on_an, &bart_token, None).await;
    assert_eq!(status, 200);
    let share = Some(json!({ "days": 3 }));
    let (status, body) = clinic
        .server
        .authed(Method::POST, &format!("{on_an}/share-codes"), &bart_token, share)
        .await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_allowed_to_change")));

    // Revoked: the open page closes, the code opens nothing.
    let id = made["share"]["id"].as_str().unwrap();
    let (status, revoked) = clinic.api(Method::DELETE, &format!("{codes}/{id}"), None).await;
    assert_eq!((status, revoked["status"].as_str()), (200, Some("revoked")), "{revoked}");
    let (status, _, _) = clinic.page(Method::GET, "/images/study", Some(&cookie), &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = clinic.page(Method::GET, "/images/download", Some(&cookie), &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, html, _) = clinic.open(&code, "17/05/1980").await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("This code was revoked"), "{html}");
    // The patient learns someone still has it: logged once a day, however often tried.
    clinic.open(&code, "17/05/1980").await;
    let refusals = |log: &[Value]| -> Vec<String> {
        log.iter()
            .filter(|e| e["event"]["event"] == "refused")
            .map(|e| e["event"]["reason"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(refusals(&clinic.log().await), ["wrong_birth_date", "share_code_stopped"]);

    // Blocked after 5 wrong dates; the right one does not open it then.
    let (_, made) = clinic.api(Method::POST, &codes, Some(json!({ "days": 30 }))).await;
    let code = made["code"].as_str().unwrap().to_owned();
    for left in (1..5).rev() {
        let (status, html, _) = clinic.open(&code, "01/01/2000").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(&format!("{left} tr")), "{html}");
    }
    let (status, html, _) = clinic.open(&code, "01/01/2000").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("This code is blocked"), "{html}");
    let (status, _, cookie) = clinic.open(&code, "17/05/1980").await;
    assert_eq!((status, cookie), (StatusCode::FORBIDDEN, None));
    let log = clinic.log().await;
    assert_eq!(refusals(&log).last().map(String::as_str), Some("share_code_blocked"));
    assert_eq!(refusals(&log).iter().filter(|r| *r == "wrong_birth_date").count(), 6);
    let (_, list) = clinic.api(Method::GET, &codes, None).await;
    let listed = list.as_array().unwrap().iter().find(|c| c["id"] == made["share"]["id"]);
    assert_eq!(listed.unwrap()["status"], "blocked");

    // Expired: a one-day code, a day and a second later.
    let (_, made) = clinic.api(Method::POST, &codes, Some(json!({ "days": 1 }))).await;
    let code = made["code"].as_str().unwrap().to_owned();
    clinic.server.test.advance(24 * 60 * 60 + 1);
    clinic.token = clinic.server.session(&clinic.an).await;
    let (status, html, _) = clinic.open(&code, "17/05/1980").await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("This code has expired"), "{html}");
    let log = clinic.log().await;
    assert_eq!(refusals(&log).last().map(String::as_str), Some("share_code_expired"));

    // A code of the MR study opens the MR study, never the CT.
    let (_, made) = clinic
        .api(Method::POST, &format!("{mr}/study/share-codes"), Some(json!({ "days": 2 })))
        .await;
    let (status, _, cookie) = clinic.open(made["code"].as_str().unwrap(), "1980-05-17x").await;
    assert_eq!((status, cookie), (StatusCode::UNPROCESSABLE_ENTITY, None));
    let form = [("code", made["code"].as_str().unwrap()), ("birth_date_picked", "1980-05-17")];
    let (status, _, cookie) = clinic.page(Method::POST, "/images", None, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = cookie.unwrap();
    let (_, html, _) = clinic.page(Method::GET, "/images/study", Some(&cookie), &[]).await;
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("<dd>MR</dd>") && !html.contains(own), "{html}");
    let (status, _, _) = clinic
        .page(Method::GET, &format!("/images/series/{own}/preview"), Some(&cookie), &[])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
