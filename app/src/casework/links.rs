//! Links between cases, each with why: referred together, the same
//! exploiters, the same family, or the same person (a duplicate). A link is
//! shown on both cases; caseworkers add and remove links, saying why. A
//! duplicate link is the lifecycle's `LinkAsDuplicate` event, which closes
//! the case: it is added by that event and never removed by hand.

use crate::forms::FieldError;

/// Why two cases are linked.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum LinkKind {
    ReferredTogether,
    SameExploiters,
    SameFamily,
    /// The same person referred twice: this case closes as a duplicate.
    Duplicate,
}

crate::stored_names!(LinkKind, "link kind", {
    ReferredTogether => "referred-together",
    SameExploiters => "same-exploiters",
    SameFamily => "same-family",
    Duplicate => "duplicate",
});

impl LinkKind {
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::ReferredTogether => "Referred together",
            LinkKind::SameExploiters => "Same exploiters",
            LinkKind::SameFamily => "Same family",
            LinkKind::Duplicate => "Duplicate: the same person",
        }
    }

    /// Whether a caseworker may take the link off: a duplicate link is the
    /// decision that closed the case, undone only through the lifecycle.
    pub fn removable(self) -> bool {
        self != LinkKind::Duplicate
    }
}

/// The link forms' fields.
pub const LINK_TO: &str = "link-to";
pub const LINK_KIND: &str = "link-kind";
pub const LINK_REASONS: &str = "link-reasons";
/// Which link a remove form takes off, and why.
pub const LINK_ID: &str = "link-id";
pub const UNLINK_REASONS: &str = "unlink-reasons";

/// The id of the reasons box of the remove form of the link `link_id`.
pub fn unlink_field(link_id: &str) -> String {
    format!("{UNLINK_REASONS}-{link_id}")
}

/// The longest reasons taken for adding or removing a link.
pub const MAX_LINK_REASONS: usize = 1_000;

/// A link a caseworker asked for from the case `this`: the other case's
/// reference (trimmed, in capitals), why, and the reasons; or what is wrong.
pub fn check_link(
    this: &str,
    to: &str,
    kind: &str,
    reasons: &str,
) -> Result<(String, LinkKind, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let to = to.trim().to_ascii_uppercase();
    if to.is_empty() {
        errors.push(FieldError::new(
            LINK_TO,
            "Enter the reference of the case to link to",
        ));
    } else if to == this {
        errors.push(FieldError::new(
            LINK_TO,
            "A case cannot be linked to itself",
        ));
    }
    let kind = kind.parse::<LinkKind>();
    if kind.is_err() {
        errors.push(FieldError::new(
            LINK_KIND,
            "Select why the cases are linked",
        ));
    }
    let reasons = check_reasons(LINK_REASONS, reasons, "Enter why you are linking the cases");
    if let Err(error) = &reasons {
        errors.push(error.clone());
    }
    match (kind, reasons) {
        (Ok(kind), Ok(reasons)) if errors.is_empty() => Ok((to, kind, reasons)),
        _ => Err(errors),
    }
}

/// The reasons for removing a link, trimmed, or what is wrong with them.
pub fn check_unlink(reasons: &str) -> Result<String, FieldError> {
    check_reasons(
        UNLINK_REASONS,
        reasons,
        "Enter why you are removing the link",
    )
}

fn check_reasons(field: &str, reasons: &str, missing: &str) -> Result<String, FieldError> {
    let reasons = reasons.trim();
    if reasons.is_empty() {
        Err(FieldError::new(field, missing))
    } else if reasons.chars().count() > MAX_LINK_REASONS {
        Err(FieldError::new(
            field,
            "Reasons must be 1,000 characters or fewer",
        ))
    } else {
        Ok(reasons.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::tests::round_trips;

    #[test]
    fn kinds_are_stored_by_their_names_and_only_a_duplicate_stays() {
        round_trips(LinkKind::ALL, |k| k.as_str());
        let kept: Vec<LinkKind> = LinkKind::ALL
            .iter()
            .copied()
            .filter(|k| !k.removable())
            .collect();
        assert_eq!(kept, vec![LinkKind::Duplicate]);
    }

    #[test]
    fn a_link_is_checked_before_it_is_made() {
        let this = "NRM-2026-000001";
        assert_eq!(
            check_link(this, " nrm-2026-000002 ", "same-family", " Sisters "),
            Ok((
                "NRM-2026-000002".to_owned(),
                LinkKind::SameFamily,
                "Sisters".to_owned()
            ))
        );
        let fields = |to: &str, kind: &str, reasons: &str| -> Vec<String> {
            check_link(this, to, kind, reasons)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields("", "", ""), [LINK_TO, LINK_KIND, LINK_REASONS]);
        assert_eq!(fields("nrm-2026-000001", "same-family", "x"), [LINK_TO]);
        assert_eq!(fields("NRM-2026-000002", "cousins", "x"), [LINK_KIND]);
        let long = "x".repeat(MAX_LINK_REASONS + 1);
        assert_eq!(
            fields("NRM-2026-000002", "same-family", &long),
            [LINK_REASONS]
        );
        assert_eq!(check_unlink("  ").unwrap_err().field, UNLINK_REASONS);
        assert_eq!(check_unlink(" Wrong case "), Ok("Wrong case".to_owned()));
    }
}
