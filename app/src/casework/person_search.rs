//! Finding a person across every case: by name (folded as the duplicates
//! check folds it, each word matched from its start, in any order), date of
//! birth, nationality, Home Office reference, crime reference, phone number
//! or email address. Each case's searchable facts are kept as terms
//! ("n:arben", "d:1990-04-02") in an index the server keeps beside the case;
//! a search asks for the cases that hold every term it is given. A name word
//! is kept whole and by each of its beginnings of 3 letters or more ("n:hox",
//! "n:hoxh", "n:hoxha"), so that every lookup is an equality an ordinary
//! index answers on either database, whatever its collation.

use serde::{Deserialize, Serialize};

use crate::forms::FieldError;
use crate::journey::route::Answers;

/// What a term is about: its prefix in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    Name,
    DateOfBirth,
    Nationality,
    HomeOfficeReference,
    CrimeReference,
    Phone,
    Email,
}

impl Fact {
    fn prefix(self) -> &'static str {
        match self {
            Fact::Name => "n:",
            Fact::DateOfBirth => "d:",
            Fact::Nationality => "t:",
            Fact::HomeOfficeReference => "h:",
            Fact::CrimeReference => "c:",
            Fact::Phone => "p:",
            Fact::Email => "e:",
        }
    }

    /// The term for a value, folded as every value of this fact is.
    pub fn term(self, value: &str) -> Option<String> {
        let folded = match self {
            // Name words come folded already (`name_key`).
            Fact::Name | Fact::DateOfBirth => value.trim().to_owned(),
            Fact::Nationality | Fact::Email => value.trim().to_ascii_lowercase(),
            Fact::HomeOfficeReference | Fact::CrimeReference => value
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect(),
            Fact::Phone => phone_digits(value),
        };
        (!folded.is_empty()).then(|| format!("{}{folded}", self.prefix()))
    }
}

/// A phone number as its digits, a UK +44 written as the 0 it stands for.
fn phone_digits(value: &str) -> String {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("44") {
        Some(rest) if value.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    }
}

/// The answers that hold each fact besides the name, date of birth and
/// nationality (which the case keeps in columns of its own).
pub const FROM_ANSWERS: &[(Fact, &str)] = &[
    (Fact::HomeOfficeReference, "pv-ho-reference-type"),
    (Fact::CrimeReference, "reported-to-police-crime-reference"),
    (Fact::Phone, "pv-phone-number-yes"),
    (Fact::Phone, "pv-phone-number-alternative"),
    (Fact::Email, "pv-contact-details-email-input"),
];

/// The shortest beginning of a name word that finds the longer words.
pub const MIN_BEGINNING: usize = 3;

/// A name word and each of its beginnings of `MIN_BEGINNING` letters or more.
fn name_beginnings(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().collect();
    let mut all: Vec<String> = (MIN_BEGINNING..letters.len())
        .map(|n| letters[..n].iter().collect())
        .collect();
    all.push(word.to_owned());
    all
}

/// Every term of a case: its name's words (folded by `name_key`), its date
/// of birth (ISO), its nationality, and the facts its answers hold.
pub fn terms_of(name_key: &str, dob: &str, nationality: &str, answers: &Answers) -> Vec<String> {
    let mut terms: Vec<String> = name_key
        .split(' ')
        .flat_map(name_beginnings)
        .filter_map(|word| Fact::Name.term(&word))
        .collect();
    terms.extend(Fact::DateOfBirth.term(dob));
    terms.extend(Fact::Nationality.term(nationality));
    for (fact, field) in FROM_ANSWERS {
        if let Some(value) = answers.get(*field) {
            terms.extend(fact.term(value));
        }
    }
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// The search form's fields.
pub const NAME: &str = "name";
pub const DOB_DAY: &str = "dob-day";
pub const DOB_MONTH: &str = "dob-month";
pub const DOB_YEAR: &str = "dob-year";
pub const NATIONALITY: &str = "nationality";
pub const HO_REFERENCE: &str = "ho-reference";
pub const CRIME_REFERENCE: &str = "crime-reference";
pub const PHONE: &str = "phone";
pub const EMAIL: &str = "email";

/// A search as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonQuery {
    pub name: String,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    pub nationality: String,
    pub ho_reference: String,
    pub crime_reference: String,
    pub phone: String,
    pub email: String,
}

/// The shortest name word searched for (2 letters find only that whole
/// name, like "Ng"; 3 or more find every name that starts with them).
pub const MIN_NAME_WORD: usize = 2;

impl PersonQuery {
    pub fn is_empty(&self) -> bool {
        [
            &self.name,
            &self.dob_day,
            &self.dob_month,
            &self.dob_year,
            &self.nationality,
            &self.ho_reference,
            &self.crime_reference,
            &self.phone,
            &self.email,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// What the search is by, as the audit log says it (never the values).
    pub fn facts_given(&self) -> Vec<&'static str> {
        let dob = [&self.dob_day, &self.dob_month, &self.dob_year];
        [
            ("name", self.name.trim().is_empty()),
            ("date of birth", dob.iter().all(|p| p.trim().is_empty())),
            ("nationality", self.nationality.trim().is_empty()),
            ("Home Office reference", self.ho_reference.trim().is_empty()),
            ("crime reference", self.crime_reference.trim().is_empty()),
            ("phone", self.phone.trim().is_empty()),
            ("email", self.email.trim().is_empty()),
        ]
        .into_iter()
        .filter(|(_, empty)| !empty)
        .map(|(fact, _)| fact)
        .collect()
    }

    /// The terms the search asks for, given the name's words folded by
    /// `fold` (the server's `name_key`); or what is wrong with it.
    pub fn wanted(&self, fold: impl Fn(&str) -> String) -> Result<Vec<String>, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut wanted = Vec::new();
        if self.is_empty() {
            return Err(vec![FieldError::new(
                NAME,
                "Enter at least one thing to search for",
            )]);
        }
        let folded = fold(&self.name);
        for word in folded.split(' ').filter(|w| !w.is_empty()) {
            if word.chars().count() < MIN_NAME_WORD {
                errors.push(FieldError::new(
                    NAME,
                    "Enter at least 2 letters of each name",
                ));
                break;
            }
            wanted.extend(Fact::Name.term(word));
        }
        let dob = [&self.dob_day, &self.dob_month, &self.dob_year];
        if dob.iter().any(|p| !p.trim().is_empty()) {
            let part = |p: &str| p.trim().parse::<u32>().ok();
            match (
                part(&self.dob_day),
                part(&self.dob_month),
                part(&self.dob_year),
            ) {
                (Some(d), Some(m), Some(y))
                    if (1..=31).contains(&d)
                        && (1..=12).contains(&m)
                        && (1900..=2100).contains(&y) =>
                {
                    let iso = format!("{y:04}-{m:02}-{d:02}");
                    wanted.extend(Fact::DateOfBirth.term(&iso));
                }
                _ => errors.push(FieldError::new(
                    DOB_DAY,
                    "Date of birth must be a real date, like 27 3 2007",
                )),
            }
        }
        let exact = [
            (Fact::Nationality, &self.nationality),
            (Fact::HomeOfficeReference, &self.ho_reference),
            (Fact::CrimeReference, &self.crime_reference),
            (Fact::Phone, &self.phone),
            (Fact::Email, &self.email),
        ];
        for (fact, value) in exact {
            wanted.extend(fact.term(value));
        }
        if errors.is_empty() && wanted.is_empty() {
            errors.push(FieldError::new(
                NAME,
                "Enter at least one thing to search for",
            ));
        }
        if errors.is_empty() {
            Ok(wanted)
        } else {
            Err(errors)
        }
    }
}

/// One case found, as the results list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMatch {
    pub reference: String,
    /// The name, or "Restricted" for a case closed to the viewer.
    pub name: String,
    pub date_of_birth: String,
    pub nationality: String,
    pub status: String,
    pub received: String,
}

/// The results of a search, or why it was refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSearchView {
    pub query: PersonQuery,
    pub matches: Vec<PersonMatch>,
    /// More cases match than are shown.
    pub more: bool,
    /// Whether a search was made (the form alone, before one).
    pub searched: bool,
    pub errors: Vec<FieldError>,
}

/// The most cases a search shows.
pub const SHOWN: usize = 50;

/// What a list's one search box (the queue's "reference or name", the Duty
/// to Notify register's reference) looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuickSearch {
    Reference(ReferenceSearch),
    /// The name terms of its words (each word of 2 letters or more), held
    /// together by the cases it finds: the same index as person search.
    Name(Vec<String>),
}

/// A reference searched for, upper-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReferenceSearch {
    /// A whole reference ("NRM-2026-000123"), looked up exactly.
    Whole(String),
    /// Part of one: read through every reference.
    Part(String),
}

/// Reads a search box: with a digit in it, a reference; otherwise a name,
/// folded by `fold` (the server's `name_key`). A name with no word of 2
/// letters or more is read as part of a reference (and finds little).
pub fn quick_search(text: &str, fold: impl Fn(&str) -> String) -> QuickSearch {
    if !text.chars().any(|c| c.is_ascii_digit()) {
        let terms: Vec<String> = fold(text)
            .split(' ')
            .filter(|word| word.chars().count() >= MIN_NAME_WORD)
            .filter_map(|word| Fact::Name.term(word))
            .collect();
        if !terms.is_empty() {
            return QuickSearch::Name(terms);
        }
    }
    QuickSearch::Reference(reference_search(text))
}

/// Reads a search for a reference: whole, or part of one.
pub fn reference_search(text: &str) -> ReferenceSearch {
    let upper = text.trim().to_ascii_uppercase();
    if is_whole_reference(&upper) {
        ReferenceSearch::Whole(upper)
    } else {
        ReferenceSearch::Part(upper)
    }
}

/// "NRM-2026-000123": three letters, a year and six digits.
fn is_whole_reference(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [letters, year, serial]
        if letters.len() == 3 && letters.chars().all(|c| c.is_ascii_uppercase())
            && year.len() == 4 && year.chars().all(|c| c.is_ascii_digit())
            && serial.len() == 6 && serial.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_box_reads_a_reference_or_a_name() {
        let fold = |s: &str| s.to_ascii_lowercase();
        assert_eq!(
            quick_search(" nrm-2026-000123 ", fold),
            QuickSearch::Reference(ReferenceSearch::Whole("NRM-2026-000123".into()))
        );
        assert_eq!(
            quick_search("000123", fold),
            QuickSearch::Reference(ReferenceSearch::Part("000123".into()))
        );
        assert_eq!(
            quick_search("Ana Hox", fold),
            QuickSearch::Name(vec!["n:ana".into(), "n:hox".into()])
        );
        // A one-letter word is left out; a name of none is no name.
        assert_eq!(
            quick_search("Ana B", fold),
            QuickSearch::Name(vec!["n:ana".into()])
        );
        assert_eq!(
            quick_search("b", fold),
            QuickSearch::Reference(ReferenceSearch::Part("B".into()))
        );
    }

    use crate::journey::steps::find_field;

    fn fold(name: &str) -> String {
        let mut words: Vec<String> = name
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        words.sort();
        words.join(" ")
    }

    #[test]
    fn every_answer_searched_is_the_journeys() {
        for (_, field) in FROM_ANSWERS {
            assert!(find_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn a_case_is_found_by_its_terms() {
        let answers: Answers = [
            ("pv-ho-reference-type", "b12-345 678"),
            ("pv-phone-number-alternative", "+44 7700 900123"),
            ("pv-contact-details-email-input", " Arben@Example.org "),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(
            terms_of("arben hoxha", "1990-04-02", "Albanian", &answers),
            [
                "d:1990-04-02",
                "e:arben@example.org",
                "h:B12345678",
                "n:arb",
                "n:arbe",
                "n:arben",
                "n:hox",
                "n:hoxh",
                "n:hoxha",
                "p:07700900123",
                "t:albanian",
            ]
        );
    }

    #[test]
    fn a_search_asks_for_terms_or_says_what_is_wrong() {
        let query = PersonQuery {
            name: "Hox Arben".into(),
            dob_day: "2".into(),
            dob_month: "4".into(),
            dob_year: "1990".into(),
            phone: "07700 900123".into(),
            ..PersonQuery::default()
        };
        assert_eq!(
            query.wanted(fold),
            Ok(vec![
                "n:arben".to_owned(),
                "n:hox".to_owned(),
                "d:1990-04-02".to_owned(),
                "p:07700900123".to_owned(),
            ])
        );
        let fields = |query: PersonQuery| -> Vec<String> {
            query
                .wanted(fold)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(PersonQuery::default()), [NAME]);
        assert_eq!(
            fields(PersonQuery {
                name: "A Hoxha".into(),
                ..PersonQuery::default()
            }),
            [NAME]
        );
        assert_eq!(
            fields(PersonQuery {
                dob_day: "31".into(),
                dob_month: "13".into(),
                dob_year: "1990".into(),
                ..PersonQuery::default()
            }),
            [DOB_DAY]
        );
        assert_eq!(
            fields(PersonQuery {
                phone: "--".into(),
                ..PersonQuery::default()
            }),
            [NAME]
        );
    }
}
