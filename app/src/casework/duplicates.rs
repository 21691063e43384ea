//! Candidate duplicates: the same person referred more than once, often by
//! different organisations, with their name spelt differently. A candidate has
//! a similar name and the same date of birth or, where either date is not
//! known, the same nationality. A caseworker decides; nothing links itself.

use crate::journey::route::Answers;

/// The person a referral is about, as duplicates are matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Folded by `name_key`.
    pub name_key: String,
    /// ISO date, or empty when not known.
    pub dob: String,
    pub nationality: String,
}

/// A name folded for matching: its words in lower-case letters, sorted, so
/// "Hoxha Arben" and "Arben Hoxha" fold alike. Names come in every script, so
/// this folds Unicode (the server alone runs it: the browser's wasm stays free
/// of the case tables). At most [`MAX_NAME_KEY_BYTES`]: the words in that
/// order as far as they fit, the last one that does not fit cut on a letter.
#[allow(clippy::disallowed_methods)]
pub fn name_key(name: &str) -> String {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort_unstable();
    let mut key = String::new();
    for word in &words {
        if !key.is_empty() {
            if key.len() + 2 > MAX_NAME_KEY_BYTES {
                break;
            }
            key.push(' ');
        }
        let room = MAX_NAME_KEY_BYTES - key.len();
        key.extend(word.chars().scan(0, |bytes, c| {
            *bytes += c.len_utf8();
            (*bytes <= room).then_some(c)
        }));
        if word.len() > room {
            break;
        }
    }
    key.truncate(key.trim_end().len());
    key
}

/// The longest folded name kept, in bytes: it is indexed, and a
/// PostgreSQL index entry holds at most about 2,700 bytes (a name is free
/// text up to 15,000 characters, of up to 4 bytes each); no person's name
/// comes near it.
pub const MAX_NAME_KEY_BYTES: usize = 600;

/// The date of birth as an ISO date, if the answers hold a whole, valid one.
pub fn dob_key(answers: &Answers) -> String {
    let part = |p: &str| {
        answers
            .get(&format!("pv-dob-{p}"))
            .and_then(|v| v.trim().parse::<u32>().ok())
    };
    match (part("day"), part("month"), part("year")) {
        (Some(d), Some(m), Some(y))
            if (1..=31).contains(&d) && (1..=12).contains(&m) && y > 1900 =>
        {
            format!("{y:04}-{m:02}-{d:02}")
        }
        _ => String::new(),
    }
}

/// Jaro-Winkler similarity of two strings, 0.0 (nothing alike) to 1.0 (equal).
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_hit = vec![false; a.len()];
    let mut b_hit = vec![false; b.len()];
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let from = i.saturating_sub(window);
        let to = (i + window + 1).min(b.len());
        for j in from..to {
            if !b_hit[j] && b[j] == *ca {
                a_hit[i] = true;
                b_hit[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_matched = a
        .iter()
        .zip(&a_hit)
        .filter(|(_, hit)| **hit)
        .map(|(c, _)| c);
    let b_matched = b
        .iter()
        .zip(&b_hit)
        .filter(|(_, hit)| **hit)
        .map(|(c, _)| c);
    let transpositions = a_matched.zip(b_matched).filter(|(x, y)| x != y).count() / 2;
    let m = matches as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Names this close or closer are "similar".
pub const SIMILAR: f64 = 0.9;

/// Whether two folded names are similar.
pub fn similar_names(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && similarity(a, b) >= SIMILAR
}

/// Why `other` may be the same person as `this`, if it may.
pub fn why_candidate(this: &Person, other: &Person) -> Option<&'static str> {
    if !similar_names(&this.name_key, &other.name_key) {
        return None;
    }
    if !this.dob.is_empty() && !other.dob.is_empty() {
        return (this.dob == other.dob).then_some("Similar name and the same date of birth");
    }
    (!this.nationality.is_empty() && this.nationality == other.nationality)
        .then_some("Similar name and the same nationality (a date of birth is not known)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, dob: &str, nationality: &str) -> Person {
        Person {
            name_key: name_key(name),
            dob: dob.into(),
            nationality: nationality.into(),
        }
    }

    #[test]
    fn names_fold_to_letters() {
        assert_eq!(name_key("  O'BRIEN, Ana-Maria "), "ana brien maria o");
        assert_eq!(name_key("Šarić  Đorđe"), "đorđe šarić");
    }

    #[test]
    fn a_folded_name_fits_an_index_entry() {
        // The words in their folded order as far as they fit.
        let many = "Ana ".repeat(400);
        let key = name_key(&format!("Zed {many}"));
        assert!(key.len() <= MAX_NAME_KEY_BYTES && key.len() > MAX_NAME_KEY_BYTES - 4);
        assert!(key.starts_with("ana ana") && !key.contains("zed"), "{key}");
        // A word longer than the room left is cut, on a letter, in any script.
        let long = "ж".repeat(15_000);
        let key = name_key(&long);
        assert_eq!(key.len(), MAX_NAME_KEY_BYTES);
        assert!(key.chars().all(|c| c == 'ж'));
        let key = name_key(&format!("{long} Kola"));
        assert!(key.starts_with("kola жж") && key.len() > MAX_NAME_KEY_BYTES - 4);
        assert_eq!(name_key("Arben Hoxha"), "arben hoxha");
    }

    #[test]
    fn similarity_is_jaro_winkler() {
        assert!((similarity("martha", "marhta") - 0.961).abs() < 0.001);
        assert!((similarity("dixon", "dicksonx") - 0.813).abs() < 0.001);
        assert_eq!(similarity("abc", "abc"), 1.0);
        assert_eq!(similarity("abc", "xyz"), 0.0);
    }

    #[test]
    fn spelling_and_word_order_do_not_hide_a_duplicate() {
        let first = person("Arben Hoxha", "1999-04-02", "Albanian");
        assert!(why_candidate(&first, &person("Arben Hoxa", "1999-04-02", "Albanian")).is_some());
        assert!(why_candidate(&first, &person("Hoxha Arben", "1999-04-02", "Kosovan")).is_some());
        assert!(
            why_candidate(&first, &person("Arben Hoxha", "2001-04-02", "Albanian")).is_none(),
            "a different date of birth is a different person"
        );
        assert!(why_candidate(&first, &person("Mary Smith", "1999-04-02", "Albanian")).is_none());
        assert_eq!(
            why_candidate(&first, &person("Arben Hoxha", "", "Albanian")),
            Some("Similar name and the same nationality (a date of birth is not known)")
        );
        assert!(why_candidate(&first, &person("Arben Hoxha", "", "British")).is_none());
        assert!(why_candidate(&person("", "", "Albanian"), &person("", "", "Albanian")).is_none());
    }

    #[test]
    fn dates_of_birth_are_whole_or_nothing() {
        let answers: Answers = [
            ("pv-dob-day", "2"),
            ("pv-dob-month", "4"),
            ("pv-dob-year", "1999"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(dob_key(&answers), "1999-04-02");
        let mut partial = answers.clone();
        partial.remove("pv-dob-day");
        assert_eq!(dob_key(&partial), "");
    }
}
