//! A radiology report's images in the real app: An opens her newest chest CT report and
//! sees its study with a preview per series; she downloads the study as a ZIP through
//! the save dialog (every image in it); she makes a code to share it (more than 30 days is
//! refused first), and a care provider opens the server's page in a real browser with the
//! code and her date of birth, sees the previews and downloads the study; back in the app
//! the code shows its uses; she stops it, and the page refuses it from then on; "Who
//! looked at my record" names the provider's use by the code's end, and the stopped
//! code's try. Then a study another
//! system wrote (pydicom's files from PyPI), imported on another of her reports, shows its
//! facts, date and previews. Screenshots NL/FR/EN, phone and desktop.

use std::time::Duration;

use dossier_e2e::E2e;
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";

/// The number of entries in a ZIP's end-of-central-directory record.
fn zip_entries(zip: &[u8]) -> u16 {
    let end = zip.len() - 22;
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06", "a ZIP ends with its directory");
    u16::from_le_bytes([zip[end + 10], zip[end + 11]])
}

/// How many images matching `css` the page drew from real picture data.
async fn drawn_images(client: &fantoccini::Client, css: &str) -> anyhow::Result<u64> {
    let drawn = client
        .execute(
            "return [...document.querySelectorAll(arguments[0])]\
             .filter(i => i.complete && i.naturalWidth > 0).length",
            vec![css.into()],
        )
        .await?;
    Ok(drawn.as_u64().unwrap_or(0))
}

async fn wait_for_drawn(client: &fantoccini::Client, css: &str, n: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    while drawn_images(client, css).await? < n {
        anyhow::ensure!(started.elapsed() < WAIT, "{css}: fewer than {n} images drawn");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// GET `path` (absolute or from the server's root) with a cookie, over HTTP/1.0 so the
/// answer ends with the connection: the body, after a 200.
async fn http_get(server: &str, path: &str, cookie: &str) -> anyhow::Result<Vec<u8>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = server.trim_start_matches("http://");
    let path = path.strip_prefix(server).unwrap_or(path);
    let mut stream = tokio::net::TcpStream::connect(host).await?;
    let request = format!("GET {path} HTTP/1.0\r\nHost: {host}\r\nCookie: {cookie}\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..end]);
    anyhow::ensure!(head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"), "{head}");
    Ok(answer[(end + 4).min(answer.len())..].to_vec())
}

/// From the reports list, the radiology report `report`.
async fn open_radiology_report(e2e: &E2e, report: &str) -> anyhow::Result<()> {
    e2e.wait_for(".report-item", WAIT).await?;
    e2e.click("#filter-type option[value=radiology]").await?;
    // The list is drawn again with the filter: an item found before that is gone when
    // clicked, so the click is tried until the report opens.
    let item = format!(".report-item[data-report='{report}']");
    let started = std::time::Instant::now();
    while e2e.client.find(Locator::Id("report-title")).await.is_err() {
        anyhow::ensure!(started.elapsed() < WAIT, "the report never opened");
        let _ = e2e.click(&item).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_study_is_previewed_downloaded_and_shared_with_a_provider_who_opens_it()
-> anyhow::Result<()> {
    let e2e = E2e::start("radiology").await?;
    let (born, report, title): (String, String, String) = sqlx::query_as(
        "SELECT p.date_of_birth, r.id, r.title FROM radiology_studies s \
         JOIN reports r ON r.id = s.report_id JOIN patients p ON p.id = r.patient_id \
         WHERE p.given_name = 'An' AND s.modalities = 'CT'",
    )
    .fetch_one(e2e.server_state().db.pool())
    .await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("an.peeters", PIN, WAIT).await?;

    // Her newest radiology report, with its study.
    e2e.click("#go-reports").await?;
    open_radiology_report(&e2e, &report).await?;
    assert_eq!(e2e.text("#report-title").await?, title);
    e2e.wait_for("#study-facts", WAIT).await?;
    let facts = e2e.text("#study-facts").await?;
    assert!(facts.contains("CT scan") && facts.contains("Chest"), "{facts}");
    assert!(facts.contains("2 series, 10 images"), "{facts}");
    wait_for_drawn(&e2e.client, "#series-list .series-preview", 2).await?;
    let alt = e2e
        .client
        .find(Locator::Css("#series-list .series-preview"))
        .await?
        .attr("alt")
        .await?
        .unwrap_or_default();
    assert!(alt.starts_with("Preview of Series"), "{alt}");
    e2e.look_in_every_language("1-study").await?;
    e2e.look_in_every_language_at("2-previews", "#study-title").await?;

    // Download: the study as a ZIP where she chooses, every image in it.
    let folder = e2e.files_dir();
    std::fs::create_dir_all(&folder)?;
    let zip_path = folder.join("ct-thorax.zip");
    e2e.click("#save-study").await?;
    e2e.answer_save_dialog("Save the images", &zip_path).await?;
    e2e.wait_for_text("#study-saved", "ct-thorax.zip", WAIT).await?;
    let zip = std::fs::read(&zip_path)?;
    assert!(zip.starts_with(b"PK\x03\x04"));
    assert_eq!(zip_entries(&zip), 10, "every image of the study");
    assert!(!folder.join("ct-thorax.zip.part").exists(), "no partial file left");

    // Share: more than 30 days refused, then a code for a week, shown once.
    e2e.click("#share-study").await?;
    e2e.wait_for("#share-codes-empty", WAIT).await?;
    e2e.fill("share-days", "45").await?;
    e2e.click("#create-share-code").await?;
    e2e.wait_for_text(".share-form .form-error", "1 to 30 days", WAIT).await?;
    e2e.fill("share-days", "7").await?;
    e2e.click("#create-share-code").await?;
    e2e.wait_for("#share-code", WAIT).await?;
    let code = e2e.text("#share-code").await?;
    let page = e2e.text("#share-page").await?;
    assert_eq!(code.len(), 19, "{code}");
    assert_eq!(page, format!("{}/images", e2e.server_url()));
    let listed = e2e.text("#share-codes").await?;
    assert!(listed.contains(&code[15..]) && listed.contains("Not used yet"), "{listed}");
    assert!(!listed.contains(&code), "the list shows the ending only");
    e2e.look_in_every_language_at("3-shared", "#share-title").await?;

    // The care provider: the page, the code and her date of birth; previews and the study.
    let browser = e2e.open_browser().await?;
    browser.client.goto(&format!("{page}?lang=nl")).await?;
    browser.look_in_every_language("provider-code").await?;
    browser.wait_for_title("The patient's images", WAIT).await?;
    browser.fill("code", &code).await?;
    let (year, rest) = born.split_once('-').unwrap();
    let (month, day) = rest.split_once('-').unwrap();
    browser.fill("birth_date", &format!("{day}/{month}/{year}")).await?;
    browser.click("button[type=submit]").await?;
    browser.client.wait().for_element(Locator::Css("dl.study")).await?;
    wait_for_drawn(&browser.client, "ul.series img", 2).await?;
    // The page allows no script to fetch: the download is read with the browser's cookie.
    let cookie = browser
        .client
        .get_all_cookies()
        .await?
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect::<Vec<_>>()
        .join("; ");
    let href = browser
        .client
        .find(Locator::Css("a.download"))
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    let provider_zip = http_get(&e2e.server_url(), &href, &cookie).await?;
    assert_eq!(provider_zip.len(), zip.len(), "the same study for the provider");
    assert_eq!(zip_entries(&provider_zip), 10);
    browser.look_in_every_language("provider-study").await?;
    browser.client.delete_all_cookies().await?;

    // Back in the app: the code was used; she stops it.
    e2e.click("#share-study").await?;
    e2e.click("#share-study").await?;
    e2e.wait_for_text("#share-codes", "Used", WAIT).await?;
    let listed = e2e.text("#share-codes").await?;
    assert!(!listed.contains("Not used yet"), "{listed}");
    let code_id = e2e
        .client
        .find(Locator::Css("#share-codes .share-code-item"))
        .await?
        .attr("data-code-id")
        .await?
        .unwrap_or_default();
    e2e.click(&format!("#revoke-{code_id}")).await?;
    e2e.click(&format!("#revoke-{code_id}-confirm")).await?;
    e2e.wait_for("#share-codes .share-code-item[data-status=revoked]", WAIT).await?;
    assert!(e2e.text("#share-codes").await?.contains("Stopped"));
    e2e.look_in_every_language_at("4-stopped", "#share-codes").await?;

    // The page refuses the stopped code, even with the right date of birth.
    browser.client.goto(&format!("{page}?lang=en")).await?;
    browser.wait_for_title("The patient's images", WAIT).await?;
    browser.fill("code", &code).await?;
    browser.fill("birth_date", &format!("{day}/{month}/{year}")).await?;
    browser.click("button[type=submit]").await?;
    browser.wait_for_title("This code was revoked", WAIT).await?;
    assert!(browser.client.find(Locator::Css("dl.study")).await.is_err(), "no study shown");
    browser.look("provider-stopped").await?;
    browser.close().await?;

    // "Who looked at my record": the provider's opening and download, with the code's end.
    e2e.click("#back").await?;
    e2e.click("#go-care-access").await?;
    e2e.update_access_log(WAIT).await?;
    e2e.wait_for_text("#log-entries", "with an image code", WAIT).await?;
    let log = e2e.text("#log-entries").await?;
    assert!(log.contains(&code[15..]) && log.contains(&title), "{log}");
    // The stopped code's try is there too: someone still has it.
    assert!(log.contains("refused: this code was stopped"), "{log}");
    e2e.look_in_every_language_at("5-access-log", "#log-entries").await?;

    // A study another system wrote (pydicom's MR files, from PyPI), imported by staff on
    // another of her radiology reports: its facts with its date, a preview per series.
    let examples = dossier_test_kit::dicom::examples().ok_or_else(|| {
        anyhow::anyhow!("the real study needs scripts/fetch-dicom-examples's folder in $DOSSIER_DICOM_EXAMPLES_DIR")
    })?;
    let others: Vec<(String,)> = sqlx::query_as(
        "SELECT r.id FROM reports r JOIN patients p ON p.id = r.patient_id \
         WHERE p.given_name = 'An' AND r.report_type = 'radiology' \
         AND r.id NOT IN (SELECT report_id FROM radiology_studies) ORDER BY r.performed_on DESC",
    )
    .fetch_all(e2e.server_state().db.pool())
    .await?;
    // Back to her reports (the access screen's way back).
    e2e.click("#back").await?;
    e2e.wait_for("#reports-title", WAIT).await?;
    e2e.wait_for(".report-item", WAIT).await?;
    e2e.click("#filter-type option[value=radiology]").await?;
    // The first of them the list shows (the filtered list is drawn again meanwhile).
    let started = std::time::Instant::now();
    let other = 'found: loop {
        for (id,) in &others {
            if e2e.count(&format!(".report-item[data-report='{id}']")).await? > 0 {
                break 'found id.clone();
            }
        }
        anyhow::ensure!(started.elapsed() < WAIT, "none of her other radiology reports shows");
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let folder =
        dossier_test_kit::dicom::folder_of(&examples, &dossier_test_kit::dicom::REAL_MR_STUDY);
    let state = e2e.server_state();
    dossier_server::radiology::import_folder(&state.db, folder.path(), &other, state.now()).await?;
    open_radiology_report(&e2e, &other).await?;
    e2e.wait_for("#study-facts", WAIT).await?;
    let facts = e2e.text("#study-facts").await?;
    assert!(facts.contains("MRI scan") && facts.contains("May 5, 2003"), "{facts}");
    assert!(facts.contains("3 series, 11 images"), "{facts}");
    wait_for_drawn(&e2e.client, "#series-list .series-preview", 3).await?;
    e2e.look_in_every_language_at("6-real-study", "#study-title").await?;
    e2e.finish().await
}
