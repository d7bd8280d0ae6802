//! The translation layer: Fluent messages in `ui/locales/{nl,fr,en}.ftl`, the current
//! language as a signal in context, and `tr` / `tr_args` to format a message. Fluent
//! handles plurals and arguments per language ("2 tries left" / "nog 2 pogingen").

use std::{cell::RefCell, collections::HashMap};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use leptos::prelude::*;
use unic_langid::LanguageIdentifier;

pub use dossier_api::Language;

fn source(language: Language) -> &'static str {
    match language {
        Language::Nl => include_str!("../locales/nl.ftl"),
        Language::Fr => include_str!("../locales/fr.ftl"),
        Language::En => include_str!("../locales/en.ftl"),
    }
}

thread_local! {
    // Bundles are built once per language on first use; wasm has one thread.
    static BUNDLES: RefCell<HashMap<Language, FluentBundle<FluentResource>>> =
        RefCell::new(HashMap::new());
}

fn bundle_for(language: Language) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = language.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Directional isolation marks are for mixed-direction text; nl/fr/en do not need them
    // and they would end up in copied text.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source(language).to_owned())
        .unwrap_or_else(|(resource, _errors)| resource);
    let _ = bundle.add_resource(resource);
    bundle
}

/// Formats message `key` in `language`. A missing message shows its key, so a gap is
/// visible in review instead of leaving an empty space.
pub fn translate(language: Language, key: &str, args: Option<&FluentArgs<'_>>) -> String {
    BUNDLES.with(|bundles| {
        let mut bundles = bundles.borrow_mut();
        let bundle = bundles.entry(language).or_insert_with(|| bundle_for(language));
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, args, &mut errors).into_owned()
    })
}

const STORAGE_KEY: &str = "dossier.language";

/// The current language, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    language: RwSignal<Language>,
}

impl I18n {
    /// Creates the language signal (saved choice, else the system language, else English)
    /// and provides it to every component below.
    pub fn provide() -> Self {
        let initial = saved_language().or_else(system_language).unwrap_or(Language::En);
        let i18n = Self { language: RwSignal::new(initial) };
        provide_context(i18n);
        Effect::new(move |_| {
            let language = i18n.language.get();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", language.code());
            }
            if let Some(storage) = window().local_storage().ok().flatten() {
                let _ = storage.set_item(STORAGE_KEY, language.code());
            }
        });
        i18n
    }

    pub fn language(&self) -> Language {
        self.language.get()
    }

    pub fn set_language(&self, language: Language) {
        self.language.set(language);
    }

    /// Message `key` in the current language; reactive.
    pub fn tr(&self, key: &str) -> String {
        translate(self.language.get(), key, None)
    }

    /// Message `key` with arguments (text or numbers, for plurals), in the current
    /// language; reactive.
    pub fn tr_args(&self, key: &str, args: Vec<(&'static str, FluentValue<'static>)>) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(name, value);
        }
        translate(self.language.get(), key, Some(&fluent_args))
    }
}

/// Whose record a text speaks of: the reader's own ("my record", "your GP") or another's
/// that the reader opens as parent or representative ("Lotte's record"). Messages that
/// differ select on `$whose` (`own` / `other`) and name the other by `$given`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    Own,
    Other { given_name: String },
}

impl I18n {
    /// Message `key` worded for whose record it is, with further arguments.
    pub fn tr_whose(
        &self,
        key: &str,
        whose: &Whose,
        mut args: Vec<(&'static str, FluentValue<'static>)>,
    ) -> String {
        match whose {
            Whose::Own => args.push(("whose", FluentValue::from("own"))),
            Whose::Other { given_name } => {
                args.push(("whose", FluentValue::from("other")));
                args.push(("given", FluentValue::from(given_name.clone())));
            }
        }
        self.tr_args(key, args)
    }
}

/// The [`I18n`] provided by the app root.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn saved_language() -> Option<Language> {
    let storage = window().local_storage().ok().flatten()?;
    Language::from_code(&storage.get_item(STORAGE_KEY).ok().flatten()?)
}

fn system_language() -> Option<Language> {
    let languages = window().navigator().languages();
    languages
        .iter()
        .filter_map(|l| l.as_string())
        .chain(window().navigator().language())
        .find_map(|code| Language::from_code(&code))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn message_ids(language: Language) -> BTreeSet<String> {
        let resource = FluentResource::try_new(source(language).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{} does not parse: {errors:?}", language.code()));
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_has_the_same_messages() {
        let english = message_ids(Language::En);
        assert!(!english.is_empty());
        for language in [Language::Nl, Language::Fr] {
            let other = message_ids(language);
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", language.code());
            assert!(extra.is_empty(), "{} has extra {extra:?}", language.code());
        }
    }

    #[test]
    fn every_key_used_in_the_code_exists() {
        let english = message_ids(Language::En);
        // Where cargo runs the test from, not where it was built (a shared target folder
        // serves clones at other paths).
        let manifest =
            std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or(env!("CARGO_MANIFEST_DIR").into());
        let mut used = Vec::new();
        collect_keys(&std::path::Path::new(&manifest).join("src"), &mut used);
        assert!(!used.is_empty(), "no tr(...) calls found: the scan is broken");
        let unknown: Vec<_> = used.iter().filter(|k| !english.contains(*k)).collect();
        assert!(unknown.is_empty(), "keys used but not defined: {unknown:?}");
    }

    fn collect_keys(dir: &std::path::Path, keys: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_keys(&path, keys);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for marker in ["tr(\"", "tr_args(\"", "tr_whose(\"", "label=\""] {
                    for (at, _) in text.match_indices(marker) {
                        let rest = &text[at + marker.len()..];
                        let key = &rest[..rest.find('"').unwrap()];
                        if !key.is_empty() && !key.contains(' ') {
                            keys.push(key.to_owned());
                        }
                    }
                }
            }
        }
    }

    /// One apostrophe in French, the typographic one the server's French pages and mails
    /// use too: a screen mixing both looks unfinished.
    #[test]
    fn french_texts_use_one_apostrophe() {
        let straight: Vec<_> = source(Language::Fr)
            .lines()
            .enumerate()
            .filter(|(_, line)| line.contains('\''))
            .map(|(at, _)| at + 1)
            .collect();
        assert!(straight.is_empty(), "fr.ftl lines with ' instead of ’: {straight:?}");
    }

    #[test]
    fn formats_arguments_and_falls_back_to_the_key() {
        let mut args = FluentArgs::new();
        args.set("version", "0.1.0");
        assert_eq!(
            translate(Language::Nl, "connection-server-version", Some(&args)),
            "Serverversie 0.1.0"
        );
        assert_eq!(translate(Language::Fr, "no-such-message", None), "no-such-message");
    }

    #[test]
    fn a_record_of_another_is_named_and_never_called_mine() {
        let mut other = FluentArgs::new();
        other.set("whose", "other");
        other.set("given", "Lotte");
        let mut own = FluentArgs::new();
        own.set("whose", "own");
        for (language, mine) in
            [(Language::Nl, "mijn"), (Language::Fr, "mon"), (Language::En, "my")]
        {
            let theirs = translate(language, "care-who-may", Some(&other));
            assert!(theirs.contains("Lotte"), "{theirs}");
            assert!(!theirs.split_whitespace().any(|w| w == mine), "{theirs}");
            let yours = translate(language, "care-who-may", Some(&own));
            assert!(yours.split_whitespace().any(|w| w == mine), "{yours}");
        }
    }

    #[test]
    fn plurals_follow_the_language() {
        let mut count = FluentArgs::new();
        count.set("count", 1);
        assert_eq!(translate(Language::En, "home-codes-left", Some(&count)), "1 unused code left");
        count.set("count", 3);
        assert_eq!(
            translate(Language::Fr, "home-codes-left", Some(&count)),
            "Encore 3 codes inutilisés"
        );
        assert_eq!(
            translate(Language::Nl, "home-codes-left", Some(&count)),
            "Nog 3 ongebruikte codes"
        );
    }
}
