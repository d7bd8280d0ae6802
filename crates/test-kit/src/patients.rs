//! Patients registered through the real staff path, and the code cards issued to them.

use chrono::NaiveDate;
use dossier_api::{Language, NationalRegisterNumber, Sensitive};
use dossier_core::Account;
use dossier_server::{
    AppState,
    cards::Delivery,
    patients::{self, NewPatient, Patient},
};

use crate::logs::record_secrets;

/// A code card as its holder has it.
#[derive(Clone)]
pub struct Card {
    pub user_name: String,
    pub serial: String,
    pub password: Sensitive<String>,
    pub codes: Vec<Sensitive<String>>,
}

impl Card {
    /// Code number `index` (1 to 24).
    pub fn code(&self, index: u8) -> Sensitive<String> {
        self.codes[usize::from(index) - 1].clone()
    }

    /// Logs `account` in with the password and the code the server asks for.
    pub async fn log_in(&self, account: &Account) {
        let asked = account.start_login(&self.user_name, self.password.clone()).await.unwrap();
        account.enter_code(self.code(asked.code_index)).await.unwrap();
    }
}

/// Registers a patient born on `born`; with `register_serial`, a national register number
/// of that date with that serial (written down for the log audit).
pub async fn register(
    state: &AppState,
    given_name: &str,
    family_name: &str,
    born: NaiveDate,
    register_serial: Option<u16>,
    email: Option<&str>,
) -> Patient {
    let patient = NewPatient {
        ead_number: format!("{}", 20_000_000 + (uuid::Uuid::new_v4().as_u128() % 9_999_999) as u64),
        national_register_number: register_serial.map(|serial| {
            let (year, month, day) = patients::register_ymd(born);
            NationalRegisterNumber::for_birth_date(year, month, day, serial).unwrap()
        }),
        given_name: given_name.into(),
        family_name: family_name.into(),
        date_of_birth: born,
        date_of_death: None,
        email: email.map(str::to_owned),
        street: "Bondgenotenlaan 1".into(),
        postal_code: "3000".into(),
        city: "Leuven".into(),
        country: "BE".into(),
        language: Language::Nl,
    };
    let id = dossier_server::staff::register_patient(state, &patient).await.unwrap();
    if let Some(number) = &patient.national_register_number {
        record_secrets([number.digits()]);
    }
    let mut conn = state.db.pool().acquire().await.unwrap();
    patients::find_by_id(&mut conn, &id).await.unwrap().unwrap()
}

/// Issues `patient` a code card at the desk (its password and codes written down for the
/// log audit).
pub async fn issue_desk_card(state: &AppState, patient: &Patient) -> Card {
    let issued =
        dossier_server::enrolment::issue_card(state, patient, Delivery::Desk, None).await.unwrap();
    let card = issued.card;
    record_secrets(card.initial_password.iter().map(|p| p.expose().as_str()));
    record_secrets(card.codes.iter().map(|c| c.expose().as_str()));
    Card {
        user_name: card.user_name.clone(),
        serial: card.serial.clone(),
        password: card.initial_password.clone().unwrap(),
        codes: card.codes.clone(),
    }
}

/// An adult patient with a desk-issued card, without a register number.
pub async fn enrol(
    server: &crate::TestServer,
    given_name: &str,
    family_name: &str,
    email: Option<&str>,
) -> Card {
    let born = dossier_server::clock::date(1975, 3, 9);
    let patient = register(&server.state, given_name, family_name, born, None, email).await;
    issue_desk_card(&server.state, &patient).await
}
