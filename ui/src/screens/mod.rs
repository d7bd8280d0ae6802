//! One module per screen (or group of small screens).

pub mod access;
pub mod appointments;
pub mod details;
pub mod device;
pub mod home;
pub mod invoices;
pub mod labs;
pub mod links;
pub mod login;
pub mod messages;
pub mod questionnaires;
pub mod radiology;
pub mod records;
pub mod recovery;
pub mod reports;
pub mod settings;
pub mod welcome;
