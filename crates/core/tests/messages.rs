//! Messages on the device, against a real server with the demo data: one written online
//! is sent at once; one written without a connection waits in the sealed outbox, survives
//! the app being closed (a crash, a restart), is readable offline, and is sent once when
//! the connection is back; a file that is not a PDF, JPEG or PNG, or is over 10 MB, is
//! refused before anything is kept; nothing of a message is readable in the cache file. A
//! sync of every record reads the hospitals a message can go to once, not once a record.

#![allow(clippy::print_stderr)] // Tests say why they skip.

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::messages::{
    AttachmentProblem, MessageDestination, MessageProblem, MessageService, NewAttachment,
    NewMessage,
};
use dossier_core::{CoreError, Unlocked};
use dossier_test_kit::{Capture, device_account, keychain, start_server, synced_demo_device};

const PIN: &str = "284719";

fn message(client_id: &str, body: &str, file: Option<(&str, &[u8])>) -> NewMessage {
    NewMessage {
        client_id: client_id.to_owned(),
        destination: MessageDestination::NewThread {
            hospital_id: "hzk".into(),
            service: MessageService::PatientQuestionsOther,
            subject: "Parking at the hospital".into(),
        },
        body: body.to_owned(),
        attachments: file
            .map(|(name, bytes)| NewAttachment {
                file_name: name.into(),
                content: STANDARD.encode(bytes),
            })
            .into_iter()
            .collect(),
    }
}

#[tokio::test]
async fn a_message_written_offline_waits_survives_a_restart_and_is_sent_once() {
    let Some(keychain) = keychain() else { return };
    let mut server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let (app, own) =
        synced_demo_device(&keychain, &summary, &server.url(), data.path(), "an.peeters", PIN)
            .await;

    // Online: sent at once.
    let first = "3f2b8e1a-6c4d-4e5f-9a0b-1c2d3e4f5a6b";
    let pdf: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n";
    let list = app
        .write_message(
            &own,
            message(first, "Is there parking for wheelchairs?", Some(("plan.pdf", pdf))),
        )
        .await
        .unwrap();
    assert!(list.pending.is_empty(), "{list:?}");
    let thread = list.threads.iter().find(|t| t.subject == "Parking at the hospital").unwrap();
    assert_eq!(thread.messages[0].attachments[0].file_name, "plan.pdf");
    let thread_id = thread.id.clone();

    // A file that is not what it says: refused here, nothing kept.
    let refused = app
        .write_message(
            &own,
            message(
                "4f2b8e1a-6c4d-4e5f-9a0b-1c2d3e4f5a6b",
                "See file",
                Some(("x.pdf", b"MZ\x90\0")),
            ),
        )
        .await;
    assert!(matches!(
        refused,
        Err(CoreError::MessageRefused(MessageProblem::Attachment {
            index: 0,
            reason: AttachmentProblem::NotAllowedType
        }))
    ));
    assert!(app.messages(&own).await.unwrap().pending.is_empty());
    // A file over 10 MB: refused here too (told by its length before decoding), nothing
    // kept.
    let mut large = b"%PDF-1.7\n".to_vec();
    large.resize(dossier_api::messages::MAX_ATTACHMENT_BYTES + 1, b' ');
    for size in [large.len(), large.len() + 5_000_000] {
        large.resize(size, b' ');
        let refused = app
            .write_message(
                &own,
                message("6f2b8e1a-6c4d-4e5f-9a0b-1c2d3e4f5a6b", "Scan", Some(("scan.pdf", &large))),
            )
            .await;
        assert!(
            matches!(
                refused,
                Err(CoreError::MessageRefused(MessageProblem::Attachment {
                    index: 0,
                    reason: AttachmentProblem::TooLarge
                }))
            ),
            "{size}: {refused:?}"
        );
    }
    assert!(app.messages(&own).await.unwrap().pending.is_empty());
    // Without a connection: it waits.
    server.stop().await;
    let second = "5f2b8e1a-6c4d-4e5f-9a0b-1c2d3e4f5a6b";
    let reply = NewMessage {
        client_id: second.into(),
        destination: MessageDestination::Thread { thread_id: thread_id.clone() },
        body: "And is it free for patients?".into(),
        attachments: Vec::new(),
    };
    let list = app.write_message(&own, reply).await.unwrap();
    assert_eq!(list.pending.len(), 1);
    assert_eq!(list.pending[0].client_id, second);
    drop(app);

    // The app closed and opened again, still without the server: it is there, readable.
    let offline = device_account(&keychain, &server.url(), data.path());
    assert_eq!(offline.unlock(PIN).await.unwrap(), Unlocked::Offline);
    let held = offline.messages(&own).await.unwrap();
    assert_eq!(held.pending.len(), 1);
    assert_eq!(held.pending[0].body, "And is it free for patients?");
    assert_eq!(held.threads[0].messages.len(), 1, "the conversation as last read");
    // Where a new conversation can go, offline too.
    assert!(held.hospitals.iter().any(|h| h.id == "hzk"), "{:?}", held.hospitals);
    assert!(matches!(offline.sync_messages(&own).await, Err(e) if e.is_offline()));
    assert_eq!(offline.messages(&own).await.unwrap().pending.len(), 1, "still waiting");
    drop(offline);

    // Nothing of it is readable in the cache file.
    let bytes = std::fs::read(data.path().join("cache/reports.sqlite3")).unwrap();
    for needle in [&b"free for patients"[..], b"wheelchairs", b"Parking"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "in clear");
    }

    // The connection is back: sent, once, even when the outbox is sent twice.
    server.restart().await;
    let online = device_account(&keychain, &server.url(), data.path());
    assert_eq!(online.unlock(PIN).await.unwrap(), Unlocked::Online);
    let changed = online.sync_all_messages().await.unwrap();
    assert!(changed.contains(&own));
    online.sync_messages(&own).await.unwrap();
    let list = online.messages(&own).await.unwrap();
    assert!(list.pending.is_empty());
    let thread = list.threads.iter().find(|t| t.id == thread_id).unwrap();
    let ids: Vec<_> = thread.messages.iter().map(|m| m.client_id.clone()).collect();
    assert_eq!(ids, [Some(first.to_owned()), Some(second.to_owned())]);
}

#[tokio::test]
async fn a_sync_of_every_record_reads_the_hospitals_once() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let capture = Capture::start(server.addr()).await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) =
        synced_demo_device(&keychain, &summary, &capture.url, data.path(), "an.peeters", PIN).await;
    let records = app.records().await;
    assert_eq!(records.len(), 2, "her own and her father's");

    let before = capture.requests().len();
    app.sync_all_messages().await.unwrap();
    let asked = capture.requests().split_off(before);
    let hospitals = asked.iter().filter(|line| line.starts_with("GET /api/v1/hospitals ")).count();
    assert_eq!(hospitals, 1, "{asked:?}");
    for record in &records {
        let threads = format!("GET /api/v1/records/{}/messages ", record.record_id);
        assert!(asked.iter().any(|line| line.starts_with(&threads)), "{threads} in {asked:?}");
        // Each record keeps the list, for writing offline.
        let held = app.messages(&record.record_id).await.unwrap();
        assert!(held.hospitals.iter().any(|h| h.id == "hzk"), "{:?}", held.hospitals);
    }
}
