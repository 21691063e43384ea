//! A case's documents, by category: what the first responder sent with the
//! referral, and what caseworkers add (information received from others,
//! signed decision letters, anything else). A caseworker's document passes
//! the same type and size checks as a responder's upload (`crate::uploads`).

use crate::journey::views::UPLOAD_FIELD;
use crate::limits::UploadRefusal;

/// Where a document came from, or what it is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum DocumentCategory {
    /// Sent by the first responder with the referral (only they add these).
    FromReferrer,
    /// From the police, a local authority, a doctor or anyone else asked.
    InformationReceived,
    /// A decision letter as sent (signed, or as the person received it).
    DecisionLetter,
    Other,
}

crate::stored_names!(DocumentCategory, "document category", {
    FromReferrer => "from-referrer",
    InformationReceived => "information-received",
    DecisionLetter => "decision-letter",
    Other => "other",
});

impl DocumentCategory {
    /// The category's heading on the Documents tab.
    pub fn heading(self) -> &'static str {
        match self {
            DocumentCategory::FromReferrer => "Evidence from the referrer",
            DocumentCategory::InformationReceived => "Information received",
            DocumentCategory::DecisionLetter => "Decision letters",
            DocumentCategory::Other => "Other documents",
        }
    }

    /// The category as a choice in the add-a-document form.
    pub fn choice(self) -> &'static str {
        match self {
            DocumentCategory::FromReferrer => "Evidence from the referrer",
            DocumentCategory::InformationReceived => {
                "Information received (from the police, a local authority or others asked)"
            }
            DocumentCategory::DecisionLetter => "Decision letter (as sent)",
            DocumentCategory::Other => "Other",
        }
    }

    /// What the tab says when the category holds nothing.
    pub fn none_yet(self) -> &'static str {
        match self {
            DocumentCategory::FromReferrer => "The first responder sent no files.",
            DocumentCategory::InformationReceived => "No information received has been added.",
            DocumentCategory::DecisionLetter => "No decision letters have been added.",
            DocumentCategory::Other => "No other documents have been added.",
        }
    }

    /// Whether a caseworker may add a document of this category (the
    /// referrer's evidence comes only with the referral).
    pub fn added_by_caseworkers(self) -> bool {
        self != DocumentCategory::FromReferrer
    }
}

/// The categories a caseworker chooses from.
pub fn caseworker_categories() -> impl Iterator<Item = DocumentCategory> {
    DocumentCategory::ALL
        .iter()
        .copied()
        .filter(|c| c.added_by_caseworkers())
}

/// The add-a-document form's fields (the file's field is the journey's upload field).
pub const CATEGORY: &str = "category";

/// The most documents caseworkers may add to one case.
pub const MAX_CASE_DOCUMENTS: i64 = 200;

/// The query parameters the Documents tab is sent back with: why a document
/// was refused (the category chosen comes back in [`CATEGORY`], so the form
/// keeps it), or that one was added.
pub const DOCUMENT_REFUSED: &str = "refused";
pub const DOCUMENT_ADDED: &str = "added";

/// Why a caseworker's document was not added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentRefusal {
    /// No category, or the referrer's (which only comes with a referral).
    NoCategory,
    /// The file itself, refused by the upload checks.
    File(UploadRefusal),
}

const NO_CATEGORY: &str = "no-category";

impl DocumentRefusal {
    /// How the refusal is named in the tab's address.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentRefusal::NoCategory => NO_CATEGORY,
            DocumentRefusal::File(refusal) => refusal.as_str(),
        }
    }

    /// The refusal an address names (`None`: no refusal, or one unknown).
    pub fn parse(name: &str) -> Option<DocumentRefusal> {
        if name == NO_CATEGORY {
            return Some(DocumentRefusal::NoCategory);
        }
        name.parse().ok().map(DocumentRefusal::File)
    }

    /// The form field the problem is shown at.
    pub fn field(self) -> &'static str {
        match self {
            DocumentRefusal::NoCategory => CATEGORY,
            DocumentRefusal::File(_) => UPLOAD_FIELD,
        }
    }

    pub fn message(self) -> String {
        match self {
            DocumentRefusal::NoCategory => "Select what kind of document it is".to_owned(),
            DocumentRefusal::File(UploadRefusal::TooMany) => format!(
                "This case already holds {MAX_CASE_DOCUMENTS} documents added by caseworkers, the most it can"
            ),
            DocumentRefusal::File(refusal) => refusal.message(),
        }
    }
}

/// Reads the category a caseworker chose (`None`: nothing, or one they may not add).
pub fn chosen(value: &str) -> Option<DocumentCategory> {
    value
        .parse::<DocumentCategory>()
        .ok()
        .filter(|c| c.added_by_caseworkers())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_round_trip_and_each_reads_well() {
        crate::names::tests::round_trips(DocumentCategory::ALL, |c| c.as_str());
        for category in DocumentCategory::ALL {
            assert!(!category.heading().is_empty());
            assert!(!category.choice().is_empty());
            assert!(category.none_yet().ends_with('.'));
        }
    }

    #[test]
    fn caseworkers_add_every_category_but_the_referrers_evidence() {
        assert_eq!(
            caseworker_categories().collect::<Vec<_>>(),
            [
                DocumentCategory::InformationReceived,
                DocumentCategory::DecisionLetter,
                DocumentCategory::Other
            ]
        );
        assert_eq!(chosen("from-referrer"), None);
        assert_eq!(chosen(""), None);
        assert_eq!(chosen("Other"), None);
        assert_eq!(
            chosen("decision-letter"),
            Some(DocumentCategory::DecisionLetter)
        );
    }

    #[test]
    fn refusals_read_back_from_the_address_and_point_at_their_field() {
        let mut every = vec![DocumentRefusal::NoCategory];
        every.extend(
            UploadRefusal::ALL
                .iter()
                .copied()
                .map(DocumentRefusal::File),
        );
        for refusal in every {
            assert_eq!(DocumentRefusal::parse(refusal.as_str()), Some(refusal));
            assert!(!refusal.message().is_empty());
        }
        assert_eq!(DocumentRefusal::parse("made-up"), None);
        assert_eq!(DocumentRefusal::NoCategory.field(), CATEGORY);
        assert_eq!(
            DocumentRefusal::File(UploadRefusal::Empty).field(),
            UPLOAD_FIELD
        );
        assert!(DocumentRefusal::File(UploadRefusal::TooMany)
            .message()
            .contains(&MAX_CASE_DOCUMENTS.to_string()));
    }
}
