//! Reference lists (countries, nationalities, UK towns, local authorities,
//! police forces, UK regions) kept as data in `reference-data/`, from the Home
//! Office's MIT-licensed `ms-*` npm packages. Each is parsed once, on first use.

use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum List {
    /// Every country, the United Kingdom and "Unknown" included.
    Countries,
    /// Countries outside the UK, for where exploitation happened overseas.
    OverseasCountries,
    Nationalities,
    UkTowns,
    LocalAuthorities,
    PoliceForces,
    UkRegions,
}

const UNITED_KINGDOM: &str = "United Kingdom";

impl List {
    /// The entries, in the source's order.
    pub fn entries(self) -> &'static [&'static str] {
        macro_rules! parsed {
            ($file:literal) => {{
                static CELL: OnceLock<Vec<&'static str>> = OnceLock::new();
                CELL.get_or_init(|| parse(include_str!(concat!("../../reference-data/", $file))))
            }};
        }
        match self {
            List::Countries => parsed!("countries.txt"),
            List::OverseasCountries => {
                static CELL: OnceLock<Vec<&'static str>> = OnceLock::new();
                CELL.get_or_init(|| {
                    List::Countries
                        .entries()
                        .iter()
                        .copied()
                        .filter(|c| *c != UNITED_KINGDOM)
                        .collect()
                })
            }
            List::Nationalities => parsed!("nationalities.txt"),
            List::UkTowns => parsed!("uk-towns.txt"),
            List::LocalAuthorities => parsed!("local-authorities.txt"),
            List::PoliceForces => parsed!("police-forces.txt"),
            List::UkRegions => parsed!("uk-regions.txt"),
        }
    }

    /// Whether `value` is exactly an entry (the journey's list questions accept nothing else).
    pub fn contains(self, value: &str) -> bool {
        self.entries().contains(&value)
    }
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
