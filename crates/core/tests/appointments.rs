//! Appointments and invoices on the device, against a real server with the demo data: a
//! sync fills the encrypted cache and a second brings nothing; the lists read in the order
//! a patient looks for them, offline after a restart too; cancelling goes to the server and
//! shows at once (refused for a trusted person and past the department's notice); what the
//! hospital withdrew leaves the device at the next sync; an invoice's PDF comes whole.

#![allow(clippy::print_stderr)] // Tests say why they skip.

use dossier_api::{
    appointments::{AppointmentStatus, CancelRefusal},
    invoices::InvoiceStatus,
    reports::Relation,
};
use dossier_core::{CoreError, Unlocked};
use dossier_test_kit::{device_account, keychain, start_server, synced_demo_device};

const PIN: &str = "284719";

#[tokio::test]
async fn appointments_and_invoices_sync_read_offline_cancel_and_leave_when_withdrawn() {
    let Some(keychain) = keychain() else { return };
    let mut server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let (app, own) =
        synced_demo_device(&keychain, &summary, &server.url(), data.path(), "an.peeters", PIN)
            .await;
    let records = app.records().await;
    let jan =
        records.iter().find(|r| r.relation == Relation::TrustedPerson).unwrap().record_id.clone();

    // Nothing before the first sync, and "never updated".
    let empty = app.appointments(&own).await.unwrap();
    assert!(empty.upcoming.is_empty() && empty.past.is_empty() && empty.last_synced.is_none());

    let changed = app.sync_appointments_and_invoices().await.unwrap();
    assert!(changed.contains(&own) && changed.contains(&jan), "{changed:?}");
    assert!(app.sync_appointments_and_invoices().await.unwrap().is_empty(), "nothing new");

    let now = chrono::Utc::now().timestamp();
    let list = app.appointments(&own).await.unwrap();
    assert!(list.last_synced.is_some());
    assert!(list.upcoming.len() >= 3 && list.past.len() >= 5, "{list:?}");
    assert!(list.upcoming.windows(2).all(|w| w[0].starts_at <= w[1].starts_at), "soonest first");
    assert!(list.past.windows(2).all(|w| w[0].starts_at >= w[1].starts_at), "newest first");
    assert!(list.upcoming.iter().all(|a| a.status.is_upcoming() && a.ends_at > now));
    assert!(list.past.iter().any(|a| a.status == AppointmentStatus::Cancelled));

    let invoices = app.invoices(&own).await.unwrap();
    assert!(!invoices.to_pay.is_empty() && !invoices.settled.is_empty(), "{invoices:?}");
    assert!(invoices.to_pay.iter().all(|i| i.left_to_pay_cents > 0));
    assert!(invoices.to_pay.windows(2).all(|w| w[0].due_on <= w[1].due_on), "soonest due first");
    assert!(invoices.settled.iter().any(|i| i.status == InvoiceStatus::Paid));

    // Nothing of them is readable in the cache file.
    let bytes = std::fs::read(data.path().join("cache/reports.sqlite3")).unwrap();
    let department = list.upcoming[0].department.as_bytes();
    let number = invoices.to_pay[0].number.as_bytes();
    for needle in [department, number] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "in clear");
    }

    // Cancelling: refused past the department's notice or where it is by phone only,
    // refused for a trusted person, done where allowed (and held as cancelled at once).
    let allowed = list
        .upcoming
        .iter()
        .find(|a| a.cancellable_until.is_some_and(|until| until > now))
        .expect("the demo has an appointment that can still be cancelled")
        .clone();
    let too_late = list.upcoming.iter().find(|a| a.cancellable_until.is_none()).expect("by phone");
    {
        let refused = app.cancel_appointment(&own, &too_late.id).await;
        assert!(
            matches!(
                refused,
                Err(CoreError::CancelRefused(
                    CancelRefusal::TooLate { .. } | CancelRefusal::NotCancellableHere
                ))
            ),
            "{refused:?}"
        );
    }
    let jans = app.appointments(&jan).await.unwrap();
    {
        let his = jans.upcoming.first().expect("Jan has appointments ahead");
        let refused = app.cancel_appointment(&jan, &his.id).await;
        assert!(matches!(refused, Err(CoreError::NotAllowedToChange)), "{refused:?}");
    }
    let cancelled = app.cancel_appointment(&own, &allowed.id).await.unwrap();
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    let held = app.appointment(&own, &allowed.id).await.unwrap().unwrap();
    assert_eq!(held.status, AppointmentStatus::Cancelled, "held as cancelled at once");
    assert!(!app.appointments(&own).await.unwrap().upcoming.iter().any(|a| a.id == allowed.id));
    let again = app.cancel_appointment(&own, &allowed.id).await;
    assert!(
        matches!(again, Err(CoreError::CancelRefused(CancelRefusal::AlreadyCancelled))),
        "{again:?}"
    );

    // The invoice as a PDF.
    let pdf = app.invoice_pdf(&own, &invoices.to_pay[0].id).await.unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 1000);

    // What the hospital cancels stays, as cancelled by the hospital, among the past ones;
    // what it withdrew (entered in error) leaves the device at the next sync.
    let mut others = list.upcoming.iter().filter(|a| a.id != allowed.id);
    let gone_appointment = others.next().unwrap().clone();
    let hospital_cancels = others.next().unwrap().clone();
    let gone_invoice = invoices.settled[0].clone();
    {
        let mut conn = server.state.db.pool().acquire().await.unwrap();
        let now = server.state.now();
        let withdrawn = dossier_server::appointments::change_by_staff(
            &mut conn,
            &gone_appointment.id,
            dossier_server::appointments::StaffChange::Withdraw,
            now,
        )
        .await
        .unwrap();
        assert_eq!(withdrawn, Ok(true));
        let cancelled = dossier_server::appointments::change_by_staff(
            &mut conn,
            &hospital_cancels.id,
            dossier_server::appointments::StaffChange::Cancel,
            now,
        )
        .await
        .unwrap();
        assert_eq!(cancelled, Ok(true));
        let withdrawn = dossier_server::invoices::change_by_staff(
            &mut conn,
            &gone_invoice.hospital_id,
            &gone_invoice.number,
            dossier_server::invoices::StaffChange::Withdraw,
            now,
        )
        .await
        .unwrap();
        assert_eq!(withdrawn, Ok(true));
    }
    assert!(app.sync_appointments(&own).await.unwrap());
    assert!(app.sync_invoices(&own).await.unwrap());
    assert!(app.appointment(&own, &gone_appointment.id).await.unwrap().is_none());
    assert!(app.invoice(&own, &gone_invoice.id).await.unwrap().is_none());
    let after = app.appointments(&own).await.unwrap();
    assert!(!after.upcoming.iter().any(|a| a.id == hospital_cancels.id));
    let by_hospital = after.past.iter().find(|a| a.id == hospital_cancels.id).unwrap();
    assert_eq!(by_hospital.status, AppointmentStatus::Cancelled);
    assert_eq!(by_hospital.cancelled_by, Some(dossier_api::appointments::CancelledBy::Hospital));
    let invoices_after = app.invoices(&own).await.unwrap();

    // Offline after a restart: the same lists, from the device.
    server.stop().await;
    let offline = device_account(&keychain, &server.url(), data.path());
    assert_eq!(offline.unlock(PIN).await.unwrap(), Unlocked::Offline);
    let read = offline.appointments(&own).await.unwrap();
    assert_eq!((read.upcoming, read.past), (after.upcoming, after.past));
    assert_eq!(offline.invoices(&own).await.unwrap(), invoices_after);
    assert!(matches!(offline.sync_appointments(&own).await, Err(e) if e.is_offline()));
}
