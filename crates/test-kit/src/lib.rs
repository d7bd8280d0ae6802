//! Dossier's test kit (dev-only): what the server's tests, the core's tests, the end-to-end
//! tests and the benches set up, in one place, so each sets it up the same way.
//!
//! - [`relay`]: TCP relays in front of a test server (one that records the bytes, one that
//!   shapes the link like a home connection).

pub mod relay;

pub use relay::{Capture, Link, ShapedRelay};
