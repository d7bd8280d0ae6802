//! `Sensitive<T>`: a value that must never show up in a log, an error or a debug print
//! (passwords, card codes, tokens). Its `Debug` prints `<redacted>` and its memory is
//! wiped when dropped.

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret itself. Named so every use stands out in review.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_its_value() {
        let secret = Sensitive::new(String::from("hunter22"));
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(<redacted>)");
        assert_eq!(secret.expose(), "hunter22");
    }

    #[test]
    fn serializes_as_the_bare_value() {
        let secret = Sensitive::new(String::from("123456"));
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"123456\"");
        let back: Sensitive<String> = serde_json::from_str("\"654321\"").unwrap();
        assert_eq!(back.expose(), "654321");
    }
}
