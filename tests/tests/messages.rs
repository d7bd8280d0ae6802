//! Messages in the real app: the demo patient An reads her conversation with patient
//! support and saves the PDF the hospital sent; without a connection she writes a new
//! message with a photo (a text file named .pdf is refused first, by its content), which
//! waits in the outbox; the connection back, it is sent once; staff list it and answer with
//! a file (`admin messages`, `admin answer-message`); she reads the answer and saves its
//! file. Screenshots NL/FR/EN, phone and desktop.

use std::{path::PathBuf, time::Duration};

use dossier_e2e::E2e;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";
const SUBJECT: &str = "Foto van mijn wonde";

fn icon() -> PathBuf {
    // Where cargo runs the test from, not where it was built (a shared target folder
    // serves clones at other paths).
    let manifest =
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or(env!("CARGO_MANIFEST_DIR").into());
    PathBuf::from(manifest).join("../icons/32x32.png")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_written_offline_is_sent_once_when_online_and_answered_by_staff()
-> anyhow::Result<()> {
    let mut e2e = E2e::start("messages").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("an.peeters", PIN, WAIT).await?;

    // Her conversation with patient support, answered with a form as PDF.
    e2e.click("#go-messages").await?;
    e2e.wait_for_text("#messages-status", "Last updated", WAIT).await?;
    e2e.wait_for("#threads .thread", WAIT).await?;
    let card = e2e.text("#threads .thread:first-child").await?;
    assert!(card.contains("Codekaart kwijt") && card.contains("Answered"), "{card}");
    e2e.look_in_every_language("1-list").await?;
    let thread = e2e.attribute("#threads .thread:first-child", "data-id").await?;
    e2e.click(&format!("#thread-{thread}")).await?;
    e2e.wait_for("#thread-messages .message", WAIT).await?;
    assert_eq!(e2e.count("#thread-messages .message").await?, 2);
    assert_eq!(e2e.count("#thread-messages .message-mine").await?, 1, "hers, and the answer");
    let folder = e2e.files_dir();
    std::fs::create_dir_all(&folder)?;
    let form = folder.join("aanvraag.pdf");
    e2e.click("#thread-messages .attachment button").await?;
    e2e.answer_save_dialog("Save the file", &form).await?;
    e2e.wait_for_text(".attachment-saved", "aanvraag.pdf", WAIT).await?;
    assert!(std::fs::read(&form)?.starts_with(b"%PDF-"), "the hospital's PDF, whole");
    e2e.look_in_every_language("2-thread").await?;

    // No connection: she writes a new message with a photo of her wound.
    e2e.stop_server().await?;
    e2e.click("#back").await?;
    e2e.click("#new-message").await?;
    e2e.wait_for("#message-hospital option[value=hzk]", WAIT).await?;
    e2e.click("#message-hospital option[value=hzk]").await?;
    e2e.click("#message-service option[value=patient_questions_other]").await?;
    e2e.fill("message-subject", SUBJECT).await?;
    e2e.fill("message-body", "Is deze wonde normaal na de operatie?").await?;
    // A text file named .pdf is refused by what it is, not by its name.
    let fake = folder.join("brief.pdf");
    std::fs::write(&fake, "not a PDF at all")?;
    e2e.choose_file("message-files", &fake).await?;
    e2e.wait_for_text(".message-form .form-error", "Only PDF, JPEG and PNG", WAIT).await?;
    assert_eq!(e2e.count("#chosen-files li").await?, 0);
    e2e.choose_file("message-files", &icon()).await?;
    e2e.wait_for_text("#chosen-files", "32x32.png", WAIT).await?;
    e2e.look_in_every_language("3-compose").await?;
    e2e.click("#send-message").await?;
    e2e.wait_for("#outbox .pending-message[data-refused=false]", WAIT).await?;
    let waiting = e2e.text("#outbox").await?;
    assert!(waiting.contains(SUBJECT) && waiting.contains("Waiting to be sent"), "{waiting}");
    e2e.look_in_every_language("4-outbox-offline").await?;

    // The connection back: sent, once, whatever the retries.
    e2e.restart_server().await?;
    e2e.click("#messages-update").await?;
    e2e.wait_for_text("#threads", SUBJECT, WAIT).await?;
    assert_eq!(e2e.count("#outbox").await?, 0, "the outbox is empty");
    e2e.click("#messages-update").await?;
    e2e.wait_for_text("#messages-status", "Last updated", WAIT).await?;
    let (threads, messages): (i64, i64) = {
        let mut conn = e2e.server_state().db.pool().acquire().await?;
        sqlx::query_as(
            "SELECT COUNT(DISTINCT t.id), COUNT(m.id) FROM message_threads t \
             JOIN messages m ON m.thread_id = t.id WHERE t.subject = $1",
        )
        .bind(SUBJECT)
        .fetch_one(&mut *conn)
        .await?
    };
    assert_eq!((threads, messages), (1, 1), "no duplicate");

    // Staff see it waiting and answer with a file.
    let waiting = e2e.staff(&["messages", "--hospital", "hzk"], &[]).await?;
    let line = waiting.lines().find(|l| l.contains(SUBJECT)).expect("her message listed");
    assert!(line.contains("(1 attachment(s))"), "{line}");
    let new_thread = line.split_whitespace().next().unwrap().to_owned();
    let icon = icon();
    let said = e2e
        .staff(
            &[
                "answer-message",
                "--thread",
                &new_thread,
                "--staff-name",
                "Dr. Janssens",
                "--text",
                "Dat ziet er normaal uit. Kom gerust langs als het rood wordt.",
                "--attach",
                icon.to_str().unwrap(),
            ],
            &[],
        )
        .await?;
    assert!(said.contains("sent"), "{said}");

    // She reads the answer and saves its file.
    e2e.click("#messages-update").await?;
    e2e.wait_for_text(&format!("#threads .thread[data-id='{new_thread}']"), "Answered", WAIT)
        .await?;
    e2e.click(&format!("#thread-{new_thread}")).await?;
    e2e.wait_for_text("#thread-messages", "Dr. Janssens", WAIT).await?;
    let photo = folder.join("antwoord.png");
    e2e.click("#thread-messages .message:not(.message-mine) .attachment button").await?;
    e2e.answer_save_dialog("Save the file", &photo).await?;
    e2e.wait_for_text(".attachment-saved", "antwoord.png", WAIT).await?;
    assert_eq!(std::fs::read(&photo)?, std::fs::read(&icon)?, "the file staff sent, whole");
    e2e.look_in_every_language("5-answered").await?;
    e2e.finish().await
}
