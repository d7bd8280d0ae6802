//! The languages Dossier speaks: the app's UI, the e-mails and the pages behind e-mail links.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Nl,
    Fr,
    #[default]
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Nl, Language::Fr, Language::En];

    /// BCP 47 code, also used for `lang` attributes and stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::Fr => "fr",
            Language::En => "en",
        }
    }

    /// The language's own name: shown as is in every language, so a patient finds theirs.
    pub fn endonym(self) -> &'static str {
        match self {
            Language::Nl => "Nederlands",
            Language::Fr => "Français",
            Language::En => "English",
        }
    }

    /// Reads `nl`, `nl-BE`, `FR_be`, ...; None for other languages.
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_language_codes() {
        assert_eq!(Language::from_code("nl-BE"), Some(Language::Nl));
        assert_eq!(Language::from_code("FR_be"), Some(Language::Fr));
        assert_eq!(Language::from_code("en"), Some(Language::En));
        assert_eq!(Language::from_code("de-DE"), None);
        assert_eq!(Language::from_code(""), None);
    }
}
