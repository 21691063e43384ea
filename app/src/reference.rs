//! Reference lists (countries, nationalities, UK towns, local authorities,
//! police forces, UK regions) kept as data in `reference-data/`, from the Home
//! Office's MIT-licensed `ms-*` npm packages. Each is parsed once, on first use.
//!
//! The server (and the tests) build the lists in. The browser's wasm does not:
//! the lists would be a fifth of its data (UK towns alone 7.5 KB brotli) and
//! only a few steps use them. A step that needs a list fetches it once through
//! [`reference_list`] ([`List::load`]); the request's address holds
//! the list's version, so the browser's cache keeps it until the list changes.

use std::sync::OnceLock;

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum List {
    /// Every country, the United Kingdom and "Unknown" included.
    Countries,
    /// Countries outside the UK, for where exploitation happened overseas.
    OverseasCountries,
    Nationalities,
    UkTowns,
    LocalAuthorities,
    PoliceForces,
    /// The first-responder organisations a responder chooses theirs from at sign-in.
    FirstResponderOrganisations,
    UkRegions,
}

/// How many lists there are (`UkRegions` must stay the last variant).
const LISTS: usize = List::UkRegions as usize + 1;

const UNITED_KINGDOM: &str = "United Kingdom";

/// Each list's file: its text where the lists are built in, and everywhere a
/// version (a hash of the file, worked out while compiling, so the browser's
/// wasm holds the number and not the file).
macro_rules! files {
    ($($($list:ident)|+ => $file:literal),* $(,)?) => {
        impl List {
            /// The list's file, as the browser fetches it (not in the browser's own build).
            #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
            pub fn file_text(self) -> &'static str {
                match self {
                    $($(List::$list)|+ => include_str!(concat!("../../reference-data/", $file)),)*
                }
            }

            /// Changes whenever the list's file does.
            pub fn version(self) -> u64 {
                match self {
                    $($(List::$list)|+ => {
                        const VERSION: u64 =
                            fnv1a(include_bytes!(concat!("../../reference-data/", $file)));
                        VERSION
                    })*
                }
            }
        }
    };
}

files! {
    Countries | OverseasCountries => "countries.txt",
    Nationalities => "nationalities.txt",
    UkTowns => "uk-towns.txt",
    LocalAuthorities => "local-authorities.txt",
    PoliceForces => "police-forces.txt",
    FirstResponderOrganisations => "first-responder-organisations.txt",
    UkRegions => "uk-regions.txt",
}

/// The 64-bit FNV-1a hash (stable across builds and platforms, unlike std's hasher).
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

impl List {
    /// The entries, in the source's order; none in the browser until [`List::load`] has finished.
    pub fn entries(self) -> &'static [&'static str] {
        static PARSED: [OnceLock<Vec<&'static str>>; LISTS] = [const { OnceLock::new() }; LISTS];
        let cell = &PARSED[self as usize];
        if let Some(entries) = cell.get() {
            return entries;
        }
        let Some(text) = self.text() else {
            return &[];
        };
        cell.get_or_init(|| {
            let mut entries = parse(text);
            if self == List::OverseasCountries {
                entries.retain(|country| *country != UNITED_KINGDOM);
            }
            entries
        })
    }

    /// Whether `value` is exactly an entry (the journey's list questions accept nothing else).
    pub fn contains(self, value: &str) -> bool {
        self.entries().contains(&value)
    }

    /// The entry `typed` names, whatever its case and spacing (`None`: no entry does).
    pub fn entry_for(self, typed: &str) -> Option<&'static str> {
        let typed = typed.split_whitespace().collect::<Vec<_>>().join(" ");
        self.entries()
            .iter()
            .find(|entry| entry.eq_ignore_ascii_case(&typed))
            .copied()
    }

    /// Whether the entries are here: always on the server, in the browser once loaded.
    pub fn is_ready(self) -> bool {
        self.text().is_some()
    }

    /// The options of a `<datalist>` for the list, as HTML.
    pub fn options_html(self) -> String {
        let mut html = String::new();
        for entry in self.entries() {
            html.push_str("<option value=\"");
            html.push_str(&crate::markup::escape(entry));
            html.push_str("\"></option>");
        }
        html
    }
}

#[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
impl List {
    fn text(self) -> Option<&'static str> {
        Some(self.file_text())
    }

    /// Makes the entries ready (they always are here); says whether they are.
    pub async fn load(self) -> bool {
        true
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
static FETCHED: [OnceLock<String>; LISTS] = [const { OnceLock::new() }; LISTS];

impl List {
    /// Every list.
    pub const ALL: [List; LISTS] = [
        List::Countries,
        List::OverseasCountries,
        List::Nationalities,
        List::UkTowns,
        List::LocalAuthorities,
        List::PoliceForces,
        List::FirstResponderOrganisations,
        List::UkRegions,
    ];

    /// The file a list's entries come from (the overseas countries are the countries less the UK).
    pub fn file(self) -> List {
        match self {
            List::OverseasCountries => List::Countries,
            other => other,
        }
    }

    /// The lists the browser fetches, each file once.
    pub fn fetched() -> impl Iterator<Item = List> {
        List::ALL.into_iter().filter(|list| list.file() == *list)
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
impl List {
    fn text(self) -> Option<&'static str> {
        FETCHED[self.file() as usize].get().map(String::as_str)
    }

    /// Fetches the list's file from the server, unless it is here already;
    /// says whether the list is here. A list is fetched once however many ask
    /// for it at the same time (a step's picker, and a submit that waits for it).
    pub async fn load(self) -> bool {
        use std::task::{Poll, Waker};
        thread_local! {
            /// Who waits for each list being fetched (`None`: not being fetched).
            static WAITING: std::cell::RefCell<[Option<Vec<Waker>>; LISTS]> =
                const { std::cell::RefCell::new([const { None }; LISTS]) };
        }
        let file = self.file();
        if self.is_ready() {
            return true;
        }
        if WAITING.with_borrow(|waiting| waiting[file as usize].is_some()) {
            std::future::poll_fn(|cx| {
                WAITING.with_borrow_mut(|waiting| match &mut waiting[file as usize] {
                    Some(wakers) => {
                        wakers.push(cx.waker().clone());
                        Poll::Pending
                    }
                    None => Poll::Ready(()),
                })
            })
            .await;
            return self.is_ready();
        }
        WAITING.with_borrow_mut(|waiting| waiting[file as usize] = Some(Vec::new()));
        if let Ok(text) = reference_list(file, file.version()).await {
            let _ = FETCHED[file as usize].set(text);
        }
        let wakers = WAITING.with_borrow_mut(|waiting| waiting[file as usize].take());
        wakers.into_iter().flatten().for_each(Waker::wake);
        self.is_ready()
    }
}

/// A reference list's file, for the browser's list pickers (the wasm does not
/// hold the lists). Public data, the same for everyone. The address holds the
/// list's version, so a browser may keep the answer for good; a request for
/// another version (a page from before the list changed) gets today's list,
/// not to be kept.
#[server(endpoint = "reference-list", input = GetUrl)]
pub async fn reference_list(list: List, version: u64) -> Result<String, ServerFnError> {
    use http::header::{HeaderValue, CACHE_CONTROL};
    let keep = if version == list.version() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(CACHE_CONTROL, HeaderValue::from_static(keep));
    }
    Ok(list.file_text().to_owned())
}

/// One entry per line; `#` lines are comments.
fn parse(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_the_sources_sizes() {
        assert_eq!(List::Countries.entries().len(), 196);
        assert_eq!(List::OverseasCountries.entries().len(), 195);
        assert_eq!(List::Nationalities.entries().len(), 222);
        assert_eq!(List::FirstResponderOrganisations.entries().len(), 526);
        assert_eq!(List::UkTowns.entries().len(), 1622);
        assert_eq!(List::LocalAuthorities.entries().len(), 451);
        assert_eq!(List::PoliceForces.entries().len(), 47);
        assert_eq!(List::UkRegions.entries().len(), 98);
    }

    #[test]
    fn matching_is_exact() {
        assert!(List::UkTowns.contains("Aberdeen"));
        assert!(List::UkTowns.contains("London"));
        assert!(List::UkRegions.contains("Greater London"));
        assert!(List::LocalAuthorities.contains("The Aberdeen City Council"));
        assert!(List::Nationalities.contains("British"));
        assert!(List::Nationalities.contains("Jamaican"));
        assert!(List::Nationalities.contains("French"));
        assert!(!List::UkTowns.contains("aberdeen"));
        assert!(!List::UkTowns.contains(" Aberdeen"));
        assert!(!List::UkTowns.contains("<script>"));
    }

    #[test]
    fn a_version_follows_its_file() {
        let file = |name: &str| {
            std::fs::read(format!(
                "{}/../reference-data/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("list file")
        };
        assert_eq!(List::UkTowns.version(), fnv1a(&file("uk-towns.txt")));
        assert_eq!(List::Countries.version(), fnv1a(&file("countries.txt")));
        assert_eq!(List::OverseasCountries.version(), List::Countries.version());
        assert_ne!(List::UkTowns.version(), List::LocalAuthorities.version());
        assert_ne!(fnv1a(b"Aberdeen\n"), fnv1a(b"Aberdeen\n\n"));
    }

    #[test]
    fn datalist_options_hold_every_entry_escaped() {
        let html = List::UkTowns.options_html();
        assert_eq!(html.matches("<option value=").count(), 1622);
        assert!(html.starts_with("<option value=\""));
        assert!(html.contains("<option value=\"Aberdeen\"></option>"));
        let apostrophes = List::UkTowns
            .entries()
            .iter()
            .filter(|t| t.contains('\''))
            .count();
        assert!(apostrophes > 0);
        assert_eq!(html.matches("&#39;").count(), apostrophes);
        assert!(!html.contains("value=\"\""));
    }

    #[test]
    fn lists_are_always_ready_where_built_in() {
        assert!(List::UkTowns.is_ready());
        assert!(List::OverseasCountries.is_ready());
        assert!(List::Countries.file_text().contains("Albania"));
    }

    #[test]
    fn overseas_countries_leave_out_the_uk() {
        assert!(List::Countries.contains(UNITED_KINGDOM));
        assert!(!List::OverseasCountries.contains(UNITED_KINGDOM));
        assert!(List::OverseasCountries.contains("Albania"));
    }

    #[test]
    fn unknown_is_allowed_where_the_spec_allows_it() {
        for list in [List::Nationalities, List::UkTowns, List::UkRegions] {
            assert!(list.contains("Unknown"), "{list:?}");
        }
    }
}
