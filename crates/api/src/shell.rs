//! Names of the Tauri commands and events, shared by the shell and the UI so a rename is a
//! compile error on both sides rather than a silent failure at run time.

pub mod commands {
    /// Returns the current [`crate::ConnectionView`] without contacting the server.
    pub const CONNECTION_STATUS: &str = "connection_status";
    /// Checks the server now and returns the fresh [`crate::ConnectionView`].
    pub const CHECK_CONNECTION: &str = "check_connection";
}

pub mod events {
    /// Emitted with a [`crate::ConnectionView`] whenever the connection state changes.
    pub const CONNECTION_CHANGED: &str = "connection-changed";
}
