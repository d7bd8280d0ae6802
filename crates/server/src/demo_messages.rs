//! The demo's messages: An's conversation with patient support about her code card,
//! answered by the hospital with a form as PDF; Els's question to the parent/child link
//! service about Lotte, waiting for an answer (`admin messages --hospital hzk` lists it).

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::messages::{MessageDestination, MessageService, NewAttachment, NewMessage};
use sqlx::AnyConnection;

use crate::{error::ServerError, messages};

/// `an`, `els` and `lotte` are the demo patients' ids.
pub async fn seed(
    conn: &mut AnyConnection,
    an: &str,
    els: &str,
    lotte: &str,
    now: i64,
) -> Result<(), ServerError> {
    let day = 24 * 60 * 60;
    let refused = |problem| ServerError::Demo(format!("demo message refused: {problem}"));
    let card = NewMessage {
        client_id: "9d0c6a1e-2b3f-4c5d-8e7f-0a1b2c3d4e5f".into(),
        destination: MessageDestination::NewThread {
            hospital_id: "hzk".into(),
            service: MessageService::PatientSupport,
            subject: "Codekaart kwijt".into(),
        },
        body: "Ik heb mijn codekaart verloren. Kan ik een nieuwe krijgen?".into(),
        attachments: Vec::new(),
    };
    let (thread, _) = messages::post(conn, an, an, &card, now - 6 * day).await?.map_err(refused)?;
    let form = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    messages::answer(
        conn,
        &thread.id,
        "Patiëntenondersteuning",
        "Uw oude kaart is geblokkeerd. Een nieuwe kaart is onderweg; u kunt ze ook aanvragen in de app. In bijlage het formulier voor een kaart aan de balie.",
        &[("aanvraag-codekaart.pdf".to_owned(), form.to_vec())],
        now - 5 * day,
    )
    .await?;
    let question = NewMessage {
        client_id: "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b".into(),
        destination: MessageDestination::NewThread {
            hospital_id: "hzk".into(),
            service: MessageService::ParentChildLink,
            subject: "Toegang tot het dossier van Lotte".into(),
        },
        body: "Mag de vader van Lotte ook toegang krijgen tot haar dossier?".into(),
        attachments: vec![NewAttachment {
            file_name: "gezinssamenstelling.pdf".into(),
            content: STANDARD.encode(form),
        }],
    };
    messages::post(conn, lotte, els, &question, now - day).await?.map_err(refused)?;
    Ok(())
}
