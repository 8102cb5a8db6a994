//! UI strings in Japanese and English, from the resource files
//! `crates/web/i18n/{ja,en}.toml` (compiled in). The language is chosen per
//! request (URL prefix `/en/`), never globally. A test checks both files
//! have the same keys.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Japanese, the default (no URL prefix).
    Ja,
    /// English (URL prefix `en/`).
    En,
}

impl Lang {
    /// The BCP 47 code for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
    /// The URL prefix of the language's pages.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Ja => "",
            Lang::En => "en/",
        }
    }
    /// The other language (for the switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];
}

/// The strings of one language.
#[derive(Debug)]
pub struct Texts {
    map: HashMap<String, String>,
}

impl Texts {
    fn parse(source: &str) -> Texts {
        // The files are part of the binary and checked by tests; a broken file yields no strings
        // (keys are then shown as-is) rather than a crash.
        let map = toml::from_str::<HashMap<String, String>>(source).unwrap_or_default();
        Texts { map }
    }
    /// The string for a key; the key itself when missing (tests forbid that).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }
    /// All keys.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

static JA: LazyLock<Texts> = LazyLock::new(|| Texts::parse(include_str!("../i18n/ja.toml")));
static EN: LazyLock<Texts> = LazyLock::new(|| Texts::parse(include_str!("../i18n/en.toml")));

/// The strings of a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_have_the_same_non_empty_keys() {
        let ja: BTreeSet<&str> = texts(Lang::Ja).keys().collect();
        let en: BTreeSet<&str> = texts(Lang::En).keys().collect();
        assert!(ja.len() > 50, "the Japanese file parsed");
        assert_eq!(ja, en);
        for lang in Lang::ALL {
            for k in texts(lang).keys() {
                assert!(
                    !texts(lang).get(k).trim().is_empty(),
                    "{k} is empty in {}",
                    lang.code()
                );
            }
        }
    }
}
