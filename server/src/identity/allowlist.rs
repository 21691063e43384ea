//! Which work email domains may ask for a sign-in link: data in
//! `reference-data/email-allowlist.txt`, read once at start.

use app::domain::WorkEmail;

const BUILT_IN: &str = include_str!("../../../reference-data/email-allowlist.txt");

#[derive(Clone, Debug)]
pub struct EmailAllowlist {
    domains: Vec<String>,
}

impl EmailAllowlist {
    /// The list kept in the repository.
    pub fn built_in() -> Self {
        Self::parse(BUILT_IN)
    }

    /// One domain per line; blank lines and `#` comments are ignored.
    pub fn parse(text: &str) -> Self {
        let domains = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default().trim())
            .filter(|line| !line.is_empty())
            .map(|line| line.trim_start_matches('.').to_ascii_lowercase())
            .collect();
        Self { domains }
    }

    /// Whether the email's domain is a listed domain or a subdomain of one.
    /// The match is on a dot boundary: `police.uk` admits `met.police.uk`
    /// but not `xpolice.uk`.
    pub fn allows(&self, email: &WorkEmail) -> bool {
        let domain = email.domain();
        self.domains.iter().any(|listed| {
            domain == listed
                || domain
                    .strip_suffix(listed.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }

    pub fn len(&self) -> usize {
        self.domains.len()
    }

    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(list: &EmailAllowlist, email: &str) -> bool {
        list.allows(&WorkEmail::parse(email).unwrap())
    }

    #[test]
    fn suffixes_match_on_a_dot_boundary_only() {
        let list = EmailAllowlist::built_in();
        assert!(allows(&list, "a@met.police.uk"));
        assert!(allows(&list, "a@police.uk"));
        assert!(allows(&list, "a@x.pnn.police.uk"));
        assert!(allows(&list, "a@homeoffice.gov.uk"));
        assert!(allows(&list, "a@gov.scot"));
        assert!(allows(&list, "a@nhs.hscni.net"));
        assert!(!allows(&list, "a@xpolice.uk"));
        assert!(!allows(&list, "a@police.uk.evil.com"));
        assert!(!allows(&list, "a@notgov.uk"));
        assert!(!allows(&list, "test@test.com"));
    }

    #[test]
    fn matching_ignores_case() {
        let list = EmailAllowlist::built_in();
        assert!(allows(&list, "Jo@MET.Police.UK"));
    }

    #[test]
    fn comments_and_blank_lines_are_not_domains() {
        let list = EmailAllowlist::parse("# a comment\n\nexample.org  # trailing\n.Lead.Dot\n");
        assert_eq!(list.len(), 2);
        assert!(allows(&list, "a@sub.example.org"));
        assert!(allows(&list, "a@lead.dot"));
    }
}
