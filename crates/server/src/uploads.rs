//! Files a patient sends inside a JSON body (a message's attachments, a parent's document
//! for a child's record) travel as base64 text. One reader for them, with the size limit
//! checked before decoding, so a text far too large is never decoded into memory.

use base64::{Engine, engine::general_purpose::STANDARD};

/// Why a file's text gives no file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    /// Longer than `max_bytes` can take as base64.
    TooLarge,
    NotBase64,
}

/// The bytes of a file sent as base64 text, for a file of at most `max_bytes` bytes. The
/// text is refused before decoding when longer than such a file can be (four characters
/// per three bytes, and padding); the decoded size and kind are the caller's to check.
pub fn decode(text: &str, max_bytes: usize) -> Result<Vec<u8>, UploadProblem> {
    if text.len() > max_bytes.div_ceil(3) * 4 + 4 {
        return Err(UploadProblem::TooLarge);
    }
    STANDARD.decode(text).map_err(|_| UploadProblem::NotBase64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_too_long_is_refused_before_decoding() {
        assert_eq!(decode(&STANDARD.encode([7; 9]), 9), Ok(vec![7; 9]));
        assert_eq!(decode(&"A".repeat(17), 9), Err(UploadProblem::TooLarge));
        assert_eq!(decode("not base64 !!", 100), Err(UploadProblem::NotBase64));
    }
}
