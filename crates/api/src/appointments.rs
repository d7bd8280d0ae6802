//! Appointments and their sync: `/api/v1/records/{id}/appointments`, and cancelling one
//! from the app (`…/appointments/{appointment}/cancel`). Instants travel as Unix seconds;
//! the app shows them in Europe/Brussels, the hospitals' zone.

use serde::{Deserialize, Serialize};

use crate::reports::RecordAccess;

/// A video consultation's join link is given from this long before the start until the end.
pub const VIDEO_LINK_LEAD_SECONDS: i64 = 15 * 60;

/// In person, or a video consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppointmentKind {
    InPerson,
    Video,
}

impl AppointmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Video => "video",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::InPerson, Self::Video].into_iter().find(|k| k.as_str() == text)
    }
}

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    Planned,
    /// Planned again at another time by the hospital.
    Moved,
    Cancelled,
    Done,
}

impl AppointmentStatus {
    pub const ALL: [Self; 4] = [Self::Planned, Self::Moved, Self::Cancelled, Self::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Moved => "moved",
            Self::Cancelled => "cancelled",
            Self::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Still to come: planned or moved.
    pub fn is_upcoming(self) -> bool {
        matches!(self, Self::Planned | Self::Moved)
    }
}

/// Who cancelled an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CancelledBy {
    /// From the app: the patient, a parent or a representative.
    App,
    Hospital,
}

/// Where to go: the campus, the route (signs to follow) and the floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentPlace {
    pub campus: String,
    /// "Route 52", "Entrance B, then the red line".
    pub route: Option<String>,
    pub floor: Option<String>,
}

/// An appointment as the patient sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentView {
    pub id: String,
    /// The record (patient) it belongs to.
    pub record_id: String,
    pub hospital_id: String,
    pub hospital_name: String,
    pub department: String,
    /// None for a video consultation without a place.
    pub place: Option<AppointmentPlace>,
    /// Unix seconds; shown in Europe/Brussels.
    pub starts_at: i64,
    /// Unix seconds; after `starts_at`.
    pub ends_at: i64,
    /// The care provider or team.
    pub with_whom: String,
    pub kind: AppointmentKind,
    /// A video consultation's join link (https), given only from 15 minutes before the
    /// start until the end; the next sync in that window brings it.
    pub video_link: Option<String>,
    pub status: AppointmentStatus,
    /// Set when cancelled.
    pub cancelled_by: Option<CancelledBy>,
    /// What to do beforehand: fasting, what to bring.
    pub instructions: String,
    /// The last instant it may be cancelled from the app (Unix seconds), by its
    /// department's rule; None where the department does not allow it or it is no longer
    /// upcoming. A trusted person never cancels.
    pub cancellable_until: Option<i64>,
}

/// `GET /api/v1/records/{id}/appointments?cursor=…&limit=…`: what changed since `cursor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentSyncResponse {
    pub record_id: String,
    /// Appointments to add or replace.
    pub upserts: Vec<AppointmentView>,
    /// Appointments the hospital withdrew: the device deletes them.
    pub removals: Vec<String>,
    /// Give this back for the next page or the next sync.
    pub cursor: String,
    /// More changes wait: ask again at once with `cursor`.
    pub more: bool,
    /// Every record the user may still open; any other record on the device is purged.
    pub records: Vec<RecordAccess>,
}

/// Why an appointment cannot be cancelled from the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CancelRefusal {
    /// The department takes cancellations by phone only.
    NotCancellableHere,
    /// Less than the department's notice is left before the start: call the department.
    TooLate {
        notice_hours: u32,
    },
    AlreadyCancelled,
    /// It has started, took place, or is past.
    NotUpcoming,
}
