//! dossier-labs: a record's lab values as tests over time.
//!
//! Which values are one test ([`identity`]: the same LOINC code, or codes the
//! [`catalogue`] knows to be one analyte in different units, or the same hospital code, or
//! for uncoded values the same hospital, name and unit dimension; never a name alone across
//! hospitals), units and their conversions ([`units`], with the molar masses and equations
//! of the catalogue), values and reference ranges as printed ([`reading`]), the tests list
//! and one test's chart series from a record's reports ([`series`]), and one line of plain
//! words per common test in NL, FR and EN ([`explanation`]).
//!
//! No I/O and no dependency beyond dossier-api: the device computes series from the
//! reports it holds in memory, and the UI (wasm32) reads the explanations.

pub mod catalogue;
mod explain;
pub mod identity;
pub mod reading;
pub mod series;
pub mod units;

pub use catalogue::KnownTest;
pub use explain::explanation;
pub use identity::TestIdentity;
pub use series::{TestOverview, overview, series};
