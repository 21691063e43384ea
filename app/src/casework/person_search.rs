//! Finding a person across every case: by name (folded as the duplicates
//! check folds it, each word matched from its start, in any order), date of
//! birth, nationality, Home Office reference, crime reference, phone number
//! or email address. Each case's searchable facts are kept as terms
//! ("n:arben", "d:1990-04-02") in an index the server keeps beside the case;
//! a search asks for the cases that hold every term it is given. A name word
//! is kept whole and by each of its beginnings of 3 letters or more ("n:hox",
//! "n:hoxh", "n:hoxha"), so that every lookup is an equality an ordinary
//! index answers on either database, whatever its collation. Each two words
//! of a name are also kept as a pair of their first letters ("b:arb hox"),
//! so that a search by a whole name reads only the cases that have both
//! words' beginnings, however common each word is alone.

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

    /// The term for a value, folded as every value of this fact is, and cut
    /// to [`MAX_TERM`] letters (a name word to [`MAX_BEGINNING`]): a value
    /// typed at any length is searched by its beginning.
    pub fn term(self, value: &str) -> Option<String> {
        let folded: String = match self {
            // Name words come folded already (`name_key`).
            Fact::Name => value.trim().chars().take(MAX_BEGINNING).collect(),
            Fact::DateOfBirth => value.trim().to_owned(),
            Fact::Nationality | Fact::Email => value.trim().to_ascii_lowercase(),
            Fact::HomeOfficeReference | Fact::CrimeReference => value
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect(),
            Fact::Phone => phone_digits(value),
        };
        let folded: String = folded.chars().take(MAX_TERM).collect();
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

/// The longest beginning of a name word kept: a longer word is found by
/// this much of it (a name is free text up to 15,000 characters, and each
/// beginning is a row).
pub const MAX_BEGINNING: usize = 24;

/// The longest term kept: an index entry has a size limit (PostgreSQL's
/// B-tree about 2,700 bytes), and a search needs no more.
pub const MAX_TERM: usize = 200;

/// A name word and each of its beginnings of `MIN_BEGINNING` letters or
/// more, up to `MAX_BEGINNING`.
fn name_beginnings(word: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().take(MAX_BEGINNING).collect();
    let mut all: Vec<String> = (MIN_BEGINNING..letters.len())
        .map(|n| letters[..n].iter().collect())
        .collect();
    all.push(letters.iter().collect());
    all
}

/// A name's distinct words paired are kept up to this many distinct
/// beginnings (66 pairs); a name with more (no person's has) is kept as
/// [`MANY_NAMES`] instead.
pub const MAX_PAIRED: usize = 12;

/// The term of a case whose name has too many words to pair: a search led
/// by a pair reads these cases too.
pub const MANY_NAMES: &str = "b:*";

/// What pairs a name word with another: its first `MIN_BEGINNING` letters
/// (a shorter word whole), which every search for the word starts with.
fn pairing_beginning(word: &str) -> String {
    word.chars().take(MIN_BEGINNING).collect()
}

/// The pair term of two different pairing beginnings, in either order.
fn pair_term(a: &str, b: &str) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    format!("b:{first} {second}")
}

/// The pair terms of a folded name: each two of its words' different
/// pairing beginnings, or [`MANY_NAMES`] for a name with too many.
fn name_pairs(name_key: &str) -> Vec<String> {
    let mut beginnings: Vec<String> = name_key
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(pairing_beginning)
        .collect();
    beginnings.sort_unstable();
    beginnings.dedup();
    if beginnings.len() > MAX_PAIRED {
        return vec![MANY_NAMES.to_owned()];
    }
    let mut pairs = Vec::new();
    for (n, first) in beginnings.iter().enumerate() {
        for second in &beginnings[n + 1..] {
            pairs.push(pair_term(first, second));
        }
    }
    pairs
}

/// The terms one of which every case with all these name terms ("n:…", as
/// a search asks for them) holds, when two of the words begin differently:
/// the pair of the two longest such words, and [`MANY_NAMES`]. A search led
/// by them reads only the cases with both words' beginnings.
pub fn name_pair_lead(name_terms: &[String]) -> Option<[String; 2]> {
    let prefix = Fact::Name.prefix();
    let mut words: Vec<&str> = name_terms
        .iter()
        .filter_map(|term| term.strip_prefix(prefix))
        .collect();
    words.sort_by_key(|word| std::cmp::Reverse(word.chars().count()));
    let first = pairing_beginning(words.first()?);
    let second = words
        .iter()
        .map(|word| pairing_beginning(word))
        .find(|beginning| *beginning != first)?;
    Some([pair_term(&first, &second), MANY_NAMES.to_owned()])
}

/// A case's name as a few of 63 bits: two for each word's pairing
/// beginning (its first [`MIN_BEGINNING`] letters), chosen by a fixed hash.
/// Every case that holds a name term "n:hox…" has that beginning's bits, so
/// a list read in an order of its own (the queue, searched by a common
/// name) passes over a case whose bits lack a searched word's without
/// looking up its terms. A case that has them is still checked against its
/// terms: other beginnings share bits (a name of three words sets six of
/// 63, so about 1 case in 100 passes a one-word search's bits by chance).
pub fn name_bits(name_key: &str) -> i64 {
    words_bits(name_key.split(' ').filter(|word| !word.is_empty()))
}

/// The bits every case holding all these name terms ("n:…", as a search
/// asks for them) has: 0, which every case passes, when there are none.
pub fn name_terms_bits(name_terms: &[String]) -> i64 {
    let prefix = Fact::Name.prefix();
    words_bits(
        name_terms
            .iter()
            .filter_map(|term| term.strip_prefix(prefix)),
    )
}

/// The name bits of a case whose bits were not worked out (one received
/// before they were kept): every bit, so that every search checks its terms.
pub const NAME_BITS_UNKNOWN: i64 = i64::MAX;

fn words_bits<'a>(words: impl Iterator<Item = &'a str>) -> i64 {
    words.fold(0, |bits, word| {
        bits | beginning_bits(&pairing_beginning(word))
    })
}

/// Two of 63 bits for a beginning, by FNV-1a (64-bit): a hash fixed for
/// good, as the bits one build stores are read by the next.
fn beginning_bits(beginning: &str) -> i64 {
    let hash = beginning
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    (1_i64 << (hash % 63)) | (1_i64 << ((hash / 63) % 63))
}

/// Every term of a case: its name's words (folded by `name_key`) and their
/// pairs, its date of birth (ISO), its nationality, and the facts its
/// answers hold.
pub fn terms_of(name_key: &str, dob: &str, nationality: &str, answers: &Answers) -> Vec<String> {
    let mut terms: Vec<String> = name_key
        .split(' ')
        .flat_map(name_beginnings)
        .filter_map(|word| Fact::Name.term(&word))
        .collect();
    terms.extend(name_pairs(name_key));
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
                "b:arb hox",
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
    fn a_whole_name_is_led_by_a_pair_every_holder_of_its_words_has() {
        let none = Answers::default();
        let held = |name: &str| terms_of(&fold(name), "", "", &none);
        let lead = |search: &str| match quick_search(search, fold) {
            QuickSearch::Name(terms) => name_pair_lead(&terms),
            other => panic!("{other:?}"),
        };
        let both = |pair: &str| Some([pair.to_owned(), MANY_NAMES.to_owned()]);
        // In either order, by whole words or their beginnings.
        assert_eq!(lead("Hoxha Arben"), both("b:arb hox"));
        assert_eq!(lead("arb hoxh"), both("b:arb hox"));
        assert!(held("Arben Hoxha").contains(&"b:arb hox".to_owned()));
        // A two-letter word pairs whole; a third word leaves the longest two.
        assert_eq!(lead("Jo Smith"), both("b:jo smi"));
        assert!(held("Smith Jo").contains(&"b:jo smi".to_owned()));
        assert_eq!(lead("Ana Maria Kowalski"), both("b:kow mar"));
        assert!(held("Kowalski Ana Maria").contains(&"b:kow mar".to_owned()));
        // Words that begin alike cannot be told apart by a pair.
        assert_eq!(lead("Ana Anabel"), None);
        assert_eq!(lead("Anabel"), None);
        assert!(!held("Ana Anabel").iter().any(|term| term.starts_with("b:")));
        // Each two of a name's words, once.
        let pairs = |name: &str| -> Vec<String> {
            held(name)
                .into_iter()
                .filter(|term| term.starts_with("b:"))
                .collect()
        };
        assert_eq!(
            pairs("Nguyen Van Anh Nguyen"),
            ["b:anh ngu", "b:anh van", "b:ngu van"]
        );
        // A name of more words than are paired holds the marker instead,
        // which a pair's search also reads.
        let many = "Aa Bb Cc Dd Ee Ff Gg Hh Ii Jj Kk Ll Mm";
        assert_eq!(pairs(many), [MANY_NAMES]);
        assert_eq!(pairs(&many[3..]).len(), 66);
    }

    #[test]
    fn a_name_has_the_bits_of_every_search_it_is_found_by() {
        let none = Answers::default();
        let names = [
            "Arben Hoxha",
            "Ana Hoxha-Marku",
            "Jo Smith",
            "Nguyen Van Anh",
            "Mira Kola",
            "Besnik Krasniqi",
            "Tran Thi Mai",
            "Olena Kowalska",
            "Ng",
            "Maria de la Cruz Fernandez",
        ];
        let searches = [
            "hox",
            "hoxha",
            "arb",
            "arben",
            "hoxha arben",
            "jo",
            "smi",
            "smith jo",
            "ngu",
            "van anh",
            "kola",
            "kol",
            "mira kola",
            "kra",
            "krasniqi",
            "mai",
            "thi",
            "ole",
            "kowalsk",
            "ng",
            "cruz",
            "fernandez maria",
            "zzz",
            "sm",
            "marku ana",
            "besnik",
        ];
        let (mut passed_by_chance, mut not_held) = (0, 0);
        for name in names {
            let key = fold(name);
            let held = terms_of(&key, "", "", &none);
            let bits = name_bits(&key);
            assert_eq!(bits & NAME_BITS_UNKNOWN, bits, "{name}: 63 bits");
            for search in searches {
                let QuickSearch::Name(terms) = quick_search(search, fold) else {
                    panic!("{search} is a name");
                };
                let wanted = name_terms_bits(&terms);
                let holds = terms.iter().all(|term| held.contains(term));
                if holds {
                    assert_eq!(bits & wanted, wanted, "{name} is found by {search}");
                } else {
                    not_held += 1;
                    passed_by_chance += usize::from(bits & wanted == wanted);
                }
                // A case whose bits are not known yet is checked by its terms.
                assert_eq!(NAME_BITS_UNKNOWN & wanted, wanted);
            }
        }
        // Bits pass over most cases that do not hold the words.
        assert!(
            passed_by_chance * 10 < not_held,
            "{passed_by_chance} of {not_held} passed"
        );
        // The hash is fixed: bits stored by one build are read by the next.
        assert_eq!(name_bits("hoxha"), name_terms_bits(&["n:hox".to_owned()]));
        assert_eq!(name_bits("arben hoxha"), 0x2100_0000_8000_0080);
        assert_eq!(name_terms_bits(&[]), 0, "no name words: every case passes");
    }

    #[test]
    fn a_long_value_is_kept_and_searched_by_its_beginning() {
        let none = Answers::default();
        let word = "a".repeat(15_000);
        let terms = terms_of(&word, "", "", &none);
        assert_eq!(terms.len(), MAX_BEGINNING - MIN_BEGINNING + 1);
        let searched = Fact::Name.term(&word[..30]).unwrap();
        assert!(terms.contains(&searched));
        assert_eq!(searched.len(), 2 + MAX_BEGINNING);
        let reference = Fact::HomeOfficeReference.term(&"B1".repeat(5_000)).unwrap();
        assert_eq!(reference.len(), 2 + MAX_TERM);
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
