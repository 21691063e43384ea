//! Every step of the journey (spec §2) as data: its question, its fields and
//! where check-your-answers shows it. The order and branches are in `route.rs`.

use super::fields::*;
use crate::reference::List;

/// The check-your-answers section a step belongs to (spec §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    YourReport,
    PotentialVictim,
    AlternateContact,
    YourDetails,
    Evidence,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::YourReport,
        Section::PotentialVictim,
        Section::AlternateContact,
        Section::YourDetails,
        Section::Evidence,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::YourReport => "Your report",
            Section::PotentialVictim => "The potential victim",
            Section::AlternateContact => "Who gets the decision",
            Section::YourDetails => "Your details",
            Section::Evidence => "Evidence",
        }
    }
}

/// One page of the journey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub slug: &'static str,
    pub section: Section,
    /// The page's heading: the question itself on one-question pages.
    pub heading: &'static str,
    /// The row's name on check-your-answers.
    pub summary: &'static str,
    /// A paragraph under the heading.
    pub intro: Option<&'static str>,
    pub fields: &'static [Field],
    /// Reminds the responder to cover every situation when there was more than one (spec §3 rule 10).
    pub covers_every_situation: bool,
}

const fn step(
    slug: &'static str,
    section: Section,
    heading: &'static str,
    summary: &'static str,
    fields: &'static [Field],
) -> Step {
    Step {
        slug,
        section,
        heading,
        summary,
        intro: None,
        fields,
        covers_every_situation: false,
    }
}

impl Step {
    const fn intro(mut self, text: &'static str) -> Self {
        self.intro = Some(text);
        self
    }

    const fn every_situation(mut self) -> Self {
        self.covers_every_situation = true;
        self
    }

    /// Whether the page asks a single question, whose label is the page's heading.
    pub fn is_single_question(&self) -> bool {
        self.fields.len() == 1
    }

    /// Every name the step's form sends.
    pub fn names(&self) -> Vec<String> {
        self.fields.iter().flat_map(Field::names).collect()
    }

    /// The reference lists the step's answers must come from.
    pub fn lists(&self) -> Vec<List> {
        self.fields.iter().flat_map(Field::lists).collect()
    }
}

/// The step with this slug.
pub fn find(slug: &str) -> Option<&'static Step> {
    STEPS.iter().find(|step| step.slug == slug)
}

/// The question named `name` on any step, revealed questions included.
pub fn find_field(name: &str) -> Option<&'static Field> {
    STEPS
        .iter()
        .flat_map(|step| step.fields.iter())
        .flat_map(Field::with_revealed)
        .find(|field| field.name == name)
}

use Section::*;

// Fields shared by the referral and Duty to Notify routes: both write the same answers.
const PV_NAME: &[Field] = &[
    text("pv-name-first-name", "First name", "Enter their first name")
        .noun("Their first name")
        .autocomplete("off"),
    text("pv-name-last-name", "Last name", "Enter their last name")
        .noun("Their last name")
        .autocomplete("off"),
    text(
        "pv-name-nickname",
        "Any other names or nicknames (optional)",
        "",
    )
    .optional()
    .noun("Other names")
    .autocomplete("off"),
];

const PV_GENDER: &[Field] = &[radios(
    "pv-gender",
    "",
    "Select their gender",
    &[
        choice("female", "Female"),
        choice("male", "Male"),
        Choice {
            value: "unknown",
            label: "Another gender, or not known",
            hint: Some("For example, they identify as neither female nor male"),
            reveals: &[],
        },
    ],
)];

const PV_NATIONALITY: &[Field] = &[
    pick(
        "pv-nationality",
        "Nationality",
        "Enter their nationality and choose it from the list",
        List::Nationalities,
    )
    .hint("Choose Unknown if you do not know")
    .noun("Nationality"),
    pick(
        "pv-nationality-second",
        "Second nationality (optional)",
        "",
        List::Nationalities,
    )
    .optional()
    .noun("Second nationality"),
];

macro_rules! contact_details {
    ($group:literal, $email:literal, $email_check:literal, $street:literal, $town:literal,
     $county:literal, $postcode:literal, $post_check:literal) => {
        &[checkboxes(
            $group,
            "How can they be contacted safely?",
            "Select how they can be contacted",
            &[
                revealing(
                    "email",
                    "Email",
                    &[
                        formatted(
                            $email,
                            "Email address",
                            "Enter their email address",
                            Format::Email,
                            Width::Full,
                        )
                        .noun("Their email address")
                        .autocomplete("off"),
                        tick(
                            $email_check,
                            "It is safe to send emails to this address",
                            "Confirm it is safe to email them",
                        ),
                    ],
                ),
                revealing(
                    "post",
                    "Post",
                    &[
                        text(
                            $street,
                            "Building and street",
                            "Enter the building and street",
                        )
                        .noun("Building and street")
                        .autocomplete("off"),
                        text($town, "Town or city", "Enter the town or city")
                            .noun("Town or city")
                            .autocomplete("off"),
                        text($county, "County (optional)", "")
                            .optional()
                            .noun("County")
                            .autocomplete("off"),
                        formatted(
                            $postcode,
                            "Postcode",
                            "Enter the postcode",
                            Format::Plain,
                            Width::Short,
                        )
                        .noun("Postcode")
                        .autocomplete("off"),
                        tick(
                            $post_check,
                            "It is safe to send letters to this address",
                            "Confirm it is safe to send them letters",
                        ),
                    ],
                ),
            ],
        )
        .hint("Select all that apply")]
    };
}

const PV_CONTACT: &[Field] = contact_details!(
    "pv-contact-details",
    "pv-contact-details-email-input",
    "pv-contact-details-email-check",
    "pv-contact-details-street",
    "pv-contact-details-town",
    "pv-contact-details-county",
    "pv-contact-details-postcode",
    "pv-contact-details-post-check"
);

/// Every step, in the order the route table lists them.
pub const STEPS: &[Step] = &[
    // 2.1 Report and age
    step(
        "reference",
        YourReport,
        "What do you want to call this report?",
        "Report name (not sent)",
        &[text("reference", "", "Enter a name for this report")
            .max(None)
            .noun("The report name")
            .hint("Only you see this, in your list of reports. It is not sent to the Home Office. Do not use the person's name.")],
    ),
    step(
        "organisation",
        YourReport,
        "Which organisation do you work for?",
        "Your organisation",
        &[text("user-organisation", "", "Enter your organisation").noun("Your organisation")],
    ),
    step(
        "fr-location",
        YourReport,
        "Which part of the UK are you making this report in?",
        "Nation",
        &[radios(
            "fr-location",
            "",
            "Select the nation you are making this report in",
            &[
                choice("england", "England"),
                choice("wales", "Wales"),
                choice("scotland", "Scotland"),
                choice("northern-ireland", "Northern Ireland"),
            ],
        )],
    ),
    step(
        "pv-under-age",
        PotentialVictim,
        "Is the potential victim under 18?",
        "Under 18",
        &[radios(
            "pv-under-age",
            "",
            "Select yes if they are under 18",
            &[
                choice("yes", "Yes"),
                choice("no", "No"),
                Choice {
                    value: "not-sure",
                    label: "Not sure",
                    hint: Some("The local authority will assess their age. Until then they are treated as a child."),
                    reveals: &[],
                },
            ],
        )],
    )
    .intro("Children are referred automatically. They do not need to agree to it."),
    step(
        "local-authority-contacted-about-child",
        PotentialVictim,
        "Which local authority have you contacted about the child?",
        "Local authority contacted",
        &[
            pick(
                "local-authority-contacted-about-child-local-authority-name",
                "Local authority",
                "Enter the local authority and choose it from the list",
                List::LocalAuthorities,
            )
            .noun("Local authority"),
            formatted(
                "local-authority-contacted-about-child-local-authority-phone",
                "Phone number",
                "Enter the local authority's phone number",
                Format::Plain,
                Width::Medium,
            )
            .noun("Phone number")
            .autocomplete("off"),
            formatted(
                "local-authority-contacted-about-child-local-authority-email",
                "Email address",
                "Enter the local authority's email address",
                Format::Email,
                Width::Full,
            )
            .noun("Email address")
            .autocomplete("off"),
            text(
                "local-authority-contacted-about-child-local-authority-first-name",
                "Contact's first name (optional)",
                "",
            )
            .optional()
            .noun("Contact's first name")
            .autocomplete("off"),
            text(
                "local-authority-contacted-about-child-local-authority-last-name",
                "Contact's last name (optional)",
                "",
            )
            .optional()
            .noun("Contact's last name")
            .autocomplete("off"),
        ],
    )
    .intro("You must tell the local authority about a child before you refer them."),
    step(
        "pv-under-age-at-time-of-exploitation",
        PotentialVictim,
        "Were they under 18 when the exploitation happened?",
        "Under 18 when exploited",
        &[radios(
            "pv-under-age-at-time-of-exploitation",
            "",
            "Select yes if they were under 18 when the exploitation happened",
            YES_NO_NOT_SURE,
        )],
    ),
    // 2.2 Background and exploitation
    step(
        "what-is-their-background",
        YourReport,
        "What do you know about their background?",
        "Background",
        &[
            text("birthplace", "Where were they born?", "Enter where they were born")
                .noun("Where they were born")
                .autocomplete("off"),
            textarea("family", "Their family", "Enter what you know about their family")
                .noun("Their family"),
            textarea("education", "Their education", "Enter what you know about their education")
                .noun("Their education"),
            textarea(
                "employment-history",
                "Their work history",
                "Enter what you know about their work history",
            )
            .noun("Their work history"),
        ],
    )
    .intro("Write \u{201c}Not known\u{201d} for anything you do not know."),
    step(
        "potential-victim-exploitative-situation-multiple",
        YourReport,
        "Were they exploited in more than one situation?",
        "More than one situation",
        &[radios(
            "potential-victim-exploitative-situation-multiple",
            "",
            "Select whether they were exploited in more than one situation",
            &[
                choice("yes", "Yes"),
                choice("no", "No"),
                choice("i-dont-know", "I do not know"),
            ],
        )],
    ),
    step(
        "when-did-the-exploitation-take-place",
        YourReport,
        "When did the exploitation start and end?",
        "When it happened",
        &[textarea(
            "when-did-the-exploitation-take-place",
            "",
            "Enter when the exploitation started and ended",
        )
        .noun("When it happened")
        .hint("Rough dates are fine, for example \u{2018}spring 2023 to last month\u{2019}.")],
    ),
    step(
        "when-did-the-exploitation-take-place-multiple",
        YourReport,
        "When did each situation happen, and what sort of exploitation was it?",
        "When each situation happened",
        &[textarea(
            "when-did-the-exploitation-take-place-multiple",
            "",
            "Enter when each situation happened and what sort it was",
        )
        .noun("When each situation happened")
        .hint("Rough dates are fine. Describe each situation separately.")],
    ),
    step(
        "how-did-the-exploitation-start",
        YourReport,
        "How did the exploitation start?",
        "How it started",
        &[textarea(
            "how-did-the-exploitation-start",
            "",
            "Enter how the exploitation started",
        )
        .noun("How it started")
        .hint("For example, what they were promised, what they expected and what they were told they would be paid.")],
    )
    .every_situation(),
    step(
        "were-they-taken-somewhere-by-their-exploiter",
        YourReport,
        "Did the exploiters move them from one place to another?",
        "Moved by the exploiters",
        &[radios(
            "were-they-taken-somewhere-by-their-exploiter",
            "",
            "Select yes if the exploiters moved them",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[textarea(
                        "were-they-taken-somewhere-by-their-exploiter-journey-details",
                        "Describe the journey",
                        "Describe the journey",
                    )
                    .noun("The journey")],
                ),
                choice("no", "No"),
            ],
        )],
    ),
    step(
        "how-they-were-treated",
        YourReport,
        "How were they treated?",
        "How they were treated",
        &[
            textarea(
                "what-were-they-required-to-do",
                "What were they made to do?",
                "Enter what they were made to do",
            )
            .noun("What they were made to do"),
            textarea(
                "living-conditions",
                "What were their living conditions?",
                "Enter what their living conditions were",
            )
            .noun("Their living conditions"),
            textarea(
                "how-they-were-treated",
                "How did the exploiters treat them?",
                "Enter how the exploiters treated them",
            )
            .noun("How they were treated"),
        ],
    )
    .every_situation(),
    step(
        "is-the-potential-victim-still-in-an-exploitative-situation",
        YourReport,
        "Are they still being exploited?",
        "Still being exploited",
        &[radios(
            "still-in-exploitative-situation",
            "",
            "Select yes if they are still being exploited",
            YES_NO,
        )],
    ),
    step(
        "reasons-preventing-potential-victim-from-leaving",
        YourReport,
        "What is stopping them from leaving?",
        "What stops them leaving",
        &[textarea(
            "what-is-keeping-them-in-situation",
            "",
            "Enter what is stopping them from leaving",
        )
        .noun("What stops them leaving")],
    ),
    step(
        "how-why-did-they-leave-the-situation",
        YourReport,
        "How and why did they leave?",
        "How and why they left",
        &[textarea(
            "how-why-did-they-leave-the-situation",
            "",
            "Enter how and why they left",
        )
        .noun("How and why they left")],
    ),
    step(
        "when-last-contact",
        YourReport,
        "When were they last in contact with the exploiters?",
        "Last contact with the exploiters",
        &[radios(
            "when-last-contact",
            "",
            "Select when they were last in contact with the exploiters",
            &[
                choice("within-the-last-week", "In the last week"),
                choice("within-the-last-month", "In the last month"),
                choice("within-the-last-3-month", "In the last 3 months"),
                choice("within-the-last-6-month", "In the last 6 months"),
                choice("within-the-last-6-12-month", "Between 6 and 12 months ago"),
                choice("over-a-year-ago", "More than a year ago"),
                choice("not-sure", "Not sure"),
            ],
        )],
    ),
    step(
        "details-last-contact",
        YourReport,
        "What happened the last time they were in contact? (optional)",
        "What the last contact involved",
        &[textarea("details-last-contact", "", "")
            .optional()
            .not_url()
            .noun("What the last contact involved")
            .hint("For example, a phone call or a message asking them to come back. Do not paste web links.")],
    ),
    step(
        "is-this-the-first-chance-to-report",
        YourReport,
        "Is this the first chance they have had to report the exploitation?",
        "First chance to report",
        &[radios(
            "is-this-the-first-chance-to-report",
            "",
            "Select yes if this is the first chance they have had to report it",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[textarea(
                        "yes-the-first-chance-to-report",
                        "Anything else you want to add (optional)",
                        "",
                    )
                    .optional()
                    .noun("Further details")],
                ),
                choice("no", "No"),
                revealing(
                    "not-sure",
                    "Not sure",
                    &[textarea(
                        "not-sure-the-first-chance-to-report",
                        "Anything else you want to add (optional)",
                        "",
                    )
                    .optional()
                    .noun("Further details")],
                ),
            ],
        )],
    ),
    step(
        "why-report-now",
        YourReport,
        "What stopped them reporting it earlier?",
        "Why they are reporting now",
        &[textarea("why-report-now", "", "Enter what stopped them reporting it earlier")
            .noun("What stopped them reporting earlier")],
    ),
    step(
        "modern-slavery-indicators",
        YourReport,
        "Have you seen signs that they are a victim of modern slavery?",
        "Signs of modern slavery",
        &[radios(
            "modern-slavery-indicators",
            "",
            "Select yes if you have seen signs of modern slavery",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[textarea(
                        "modern-slavery-indicators-details",
                        "What signs have you seen?",
                        "Enter the signs you have seen",
                    )
                    .noun("The signs you have seen")],
                ),
                choice("no", "No"),
            ],
        )],
    )
    .every_situation(),
    step(
        "where-how-interview-carried-out",
        YourReport,
        "Where and how did you speak to them?",
        "Where and how you spoke to them",
        &[textarea(
            "where-how-interview-carried-out",
            "",
            "Enter where and how you spoke to them",
        )
        .noun("Where and how you spoke to them")
        .hint("For example, in person at a police station with an interpreter.")],
    ),
    step(
        "professional-insight",
        YourReport,
        "What is your professional view of their account?",
        "Your professional view",
        &[textarea("professional-insight", "", "Enter your professional view")
            .noun("Your professional view")],
    ),
    step(
        "evidence-of-dishonesty",
        YourReport,
        "Is there evidence that makes you doubt their account?",
        "Evidence that raises doubts",
        &[radios(
            "evidence-of-dishonesty",
            "",
            "Select yes if there is evidence that makes you doubt their account",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[textarea(
                        "evidence-of-dishonesty-details",
                        "What is the evidence?",
                        "Enter the evidence",
                    )
                    .noun("The evidence")],
                ),
                choice("no", "No"),
            ],
        )],
    ),
    step(
        "are-others-involved",
        YourReport,
        "Are other professionals involved with them?",
        "Other professionals involved",
        &[radios(
            "are-others-involved",
            "",
            "Select yes if other professionals are involved",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[textarea(
                        "are-others-involved-details",
                        "Who are they and how are they involved?",
                        "Enter who the other professionals are",
                    )
                    .noun("The other professionals")],
                ),
                choice("no", "No"),
            ],
        )],
    ),
    // 2.3 Places, exploiters, types
    step(
        "where-exploitation-happened",
        YourReport,
        "Where did the exploitation happen?",
        "Where it happened",
        &[radios(
            "where-exploitation-happened",
            "",
            "Select where the exploitation happened",
            &[
                choice("uk", "In the UK"),
                choice("overseas", "Outside the UK"),
                choice("uk-and-overseas", "Both in and outside the UK"),
            ],
        )],
    ),
    step(
        "where-exploitation-happened-uk",
        YourReport,
        "Where in the UK did it happen?",
        "Places in the UK",
        &[
            places(
                "where-exploitation-happened-uk-city",
                "Town or city",
                "Enter a town or city and choose it from the list",
                List::UkTowns,
            )
            .noun("Town or city"),
            textarea(
                "where-exploitation-happened-other-uk-other-location",
                "Anything else about where it happened (optional)",
                "",
            )
            .optional()
            .noun("Other details about where it happened")
            .hint("For example, an address or the name of a business."),
        ],
    ),
    step(
        "where-exploitation-happened-overseas",
        YourReport,
        "Which countries outside the UK did it happen in?",
        "Countries outside the UK",
        &[
            places(
                "where-exploitation-happened-overseas-country",
                "Country",
                "Enter a country and choose it from the list",
                List::OverseasCountries,
            )
            .noun("Country"),
            textarea(
                "where-exploitation-happened-other-overseas-other-location",
                "Anything else about where it happened (optional)",
                "",
            )
            .optional()
            .noun("Other details about where it happened"),
        ],
    ),
    step(
        "current-pv-location",
        YourReport,
        "Where are they staying now?",
        "Where they are staying now",
        &[
            pick(
                "current-pv-location-uk-city",
                "Town or city",
                "Enter the town or city and choose it from the list",
                List::UkTowns,
            )
            .noun("Town or city")
            .hint("Choose Unknown if you do not know"),
            pick(
                "current-pv-location-uk-region",
                "County or region",
                "Enter the county or region and choose it from the list",
                List::UkRegions,
            )
            .noun("County or region")
            .hint("Choose Unknown if you do not know"),
        ],
    ),
    step(
        "who-exploited-pv",
        YourReport,
        "What do you know about the exploiters?",
        "About the exploiters",
        &[textarea("who-exploited-pv", "", "Enter what you know about the exploiters")
            .noun("What you know about the exploiters")
            .hint("For example, names, nicknames, how many there were and how they were connected.")],
    )
    .every_situation(),
    step(
        "exploiters-location",
        YourReport,
        "Do you know anything about where the exploiters are?",
        "Where the exploiters are known",
        &[radios(
            "exploiters-location",
            "",
            "Select yes if you know anything about where the exploiters are",
            YES_NO,
        )],
    ),
    step(
        "are-exploiters-in-the-uk",
        YourReport,
        "Were the exploiters last known to be in the UK?",
        "Exploiters in the UK",
        &[radios(
            "are-exploiters-in-the-uk",
            "",
            "Select yes if the exploiters were last known to be in the UK",
            YES_NO,
        )],
    ),
    step(
        "exploiters-current-location-details",
        YourReport,
        "What do you know about where the exploiters are?",
        "Where the exploiters are",
        &[textarea(
            "exploiters-current-location-details",
            "",
            "Enter what you know about where the exploiters are",
        )
        .noun("Where the exploiters are")],
    ),
    step(
        "types-of-exploitation",
        YourReport,
        "How were they exploited?",
        "Types of exploitation",
        &[checkboxes(
            "types-of-exploitation",
            "",
            "Select at least one type of exploitation",
            &[
                choice("forced-to-work", "Made to work for nothing or almost nothing"),
                choice("wages-taken", "Wages taken by someone else"),
                choice("forced-to-commit-fraud", "Made to commit fraud, such as benefit fraud"),
                choice("prostitution", "Made to sell sex"),
                choice("child-exploitation", "Sexually exploited as a child"),
                choice("taken-somewhere", "Held somewhere and sexually assaulted"),
                choice("forced-to-commit-crime", "Made to commit crimes, such as drug dealing"),
                choice("organs-removed", "Organs removed or attempted removal"),
                choice("unpaid-household-work", "Made to do household work for little or no pay"),
                revealing(
                    "other",
                    "Another type of exploitation",
                    &[textarea(
                        "other-exploitation-details",
                        "Describe the exploitation",
                        "Describe the other type of exploitation",
                    )
                    .noun("The other type of exploitation")],
                ),
            ],
        )
        .hint("Select all that apply")],
    ),
    step(
        "any-other-pvs",
        YourReport,
        "Were other people exploited with them?",
        "Other potential victims",
        &[radios(
            "any-other-pvs",
            "",
            "Select yes if other people were exploited with them",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[textarea(
                        "other-potential-victims-yes-details",
                        "Tell us about them (optional)",
                        "",
                    )
                    .optional()
                    .noun("Details about other victims")],
                ),
                choice("no", "No"),
                revealing(
                    "not-sure",
                    "Not sure",
                    &[textarea(
                        "other-potential-victims-not-sure-details",
                        "Tell us what you know (optional)",
                        "",
                    )
                    .optional()
                    .noun("Details about other victims")],
                ),
            ],
        )],
    ),
    step(
        "future-exploitation",
        YourReport,
        "Is there evidence they are at risk of being exploited again?",
        "Risk of further exploitation",
        &[radios(
            "future-exploitation-concerns",
            "",
            "Select yes if there is evidence they are at risk of being exploited again",
            YES_NO,
        )],
    ),
    step(
        "concerns-future-exploitation",
        YourReport,
        "What puts them at risk of being exploited again?",
        "Why they are at risk",
        &[textarea(
            "future-exploitation-reasons",
            "",
            "Enter what puts them at risk of being exploited again",
        )
        .noun("What puts them at risk")],
    ),
    step(
        "reported-to-police",
        YourReport,
        "Has a modern slavery crime been reported to the police?",
        "Reported to the police",
        &[radios(
            "reported-to-police",
            "",
            "Select yes if a modern slavery crime has been reported to the police",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[
                        pick(
                            "reported-to-police-police-forces",
                            "Police force",
                            "Enter the police force and choose it from the list",
                            List::PoliceForces,
                        )
                        .noun("Police force"),
                        formatted(
                            "reported-to-police-crime-reference",
                            "Crime reference number",
                            "Enter the crime reference number",
                            Format::Plain,
                            Width::Medium,
                        )
                        .noun("Crime reference number")
                        .autocomplete("off"),
                    ],
                ),
                choice("no", "No"),
            ],
        )],
    ),
    step(
        "authorities-cooperation",
        YourReport,
        "Are they willing to help the police or other authorities with their enquiries?",
        "Willing to help the authorities",
        &[radios(
            "authorities-cooperation",
            "",
            "Select yes if they are willing to help the authorities",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[textarea(
                        "authorities-cooperation-details",
                        "How are they willing to help? (optional)",
                        "",
                    )
                    .optional()
                    .not_url()
                    .noun("How they are willing to help")
                    .hint("Do not paste web links.")],
                ),
                choice("no", "No"),
            ],
        )],
    ),
    // 2.4 Consent and the potential victim's details
    step(
        "pv-want-to-submit-nrm",
        PotentialVictim,
        "Do they agree to be referred to the National Referral Mechanism?",
        "Agrees to be referred",
        &[radios(
            "pv-want-to-submit-nrm",
            "",
            "Select yes if they agree to be referred",
            &[
                choice("yes", "Yes, they agree to be referred"),
                Choice {
                    value: "no",
                    label: "No, they do not agree",
                    hint: Some("You will make an anonymous Duty to Notify report instead."),
                    reveals: &[],
                },
            ],
        )
        .hint("Before you ask, explain what a referral means: the Home Office decides whether they are a victim of modern slavery, and they can get support while it decides.")],
    ),
    step(
        "refuse-nrm",
        PotentialVictim,
        "Why do they not want to be referred? (optional)",
        "Why they declined",
        &[textarea("refuse-nrm", "", "").optional().noun("Why they declined")],
    ),
    step(
        "pv-gender-dtn",
        PotentialVictim,
        "What is their gender?",
        "Gender",
        PV_GENDER,
    ),
    step(
        "pv-nationality-dtn",
        PotentialVictim,
        "What is their nationality?",
        "Nationality",
        PV_NATIONALITY,
    ),
    step(
        "pv-name-dtn",
        PotentialVictim,
        "What is their name?",
        "Name",
        PV_NAME,
    )
    .intro("They are willing to help the authorities, so you can give their name."),
    step(
        "pv-contact-details-dtn",
        PotentialVictim,
        "How can they be contacted?",
        "Contact details",
        PV_CONTACT,
    ),
    step(
        "does-pv-need-support",
        PotentialVictim,
        "Do they want support while the Home Office makes its decision?",
        "Wants support",
        &[radios(
            "does-pv-need-support",
            "",
            "Select yes if they want support",
            YES_NO,
        )
        .hint("Support can include somewhere safe to live, money, medical care and legal advice.")],
    ),
    step(
        "pv-phone-number",
        PotentialVictim,
        "How can the support provider phone them?",
        "Phone number for support",
        &[radios(
            "pv-phone-number",
            "",
            "Select how the support provider can phone them",
            &[
                revealing(
                    "yes",
                    "On their own phone",
                    &[formatted(
                        "pv-phone-number-yes",
                        "Their phone number",
                        "Enter their phone number",
                        Format::Phone,
                        Width::Medium,
                    )
                    .noun("Their phone number")
                    .autocomplete("off")
                    .hint("For a number outside the UK, include the country code, for example +33")],
                ),
                revealing(
                    "pv-alternative-number",
                    "On someone else's phone",
                    &[
                        formatted(
                            "pv-phone-number-alternative",
                            "Phone number",
                            "Enter the phone number",
                            Format::Phone,
                            Width::Medium,
                        )
                        .noun("The phone number")
                        .autocomplete("off")
                        .hint("For a number outside the UK, include the country code, for example +33"),
                        text(
                            "alternative-number-relation-to-pv",
                            "Whose phone is it?",
                            "Enter whose phone it is",
                        )
                        .max(Some(250))
                        .noun("Whose phone it is")
                        .hint("For example, a friend or a support worker"),
                    ],
                ),
                revealing(
                    "no",
                    "They cannot be phoned",
                    &[textarea(
                        "no-contact-details",
                        "Why can they not be phoned?",
                        "Enter why they cannot be phoned",
                    )
                    .noun("Why they cannot be phoned")],
                ),
            ],
        )],
    ),
    step(
        "pv-name-referral",
        PotentialVictim,
        "What is their name?",
        "Name",
        PV_NAME,
    ),
    step(
        "pv-dob",
        PotentialVictim,
        "What is their date of birth? (optional)",
        "Date of birth",
        &[date("pv-dob", "").optional().noun("Date of birth").hint("For example, 27 3 2001. Leave it blank if you do not know.")],
    ),
    step(
        "pv-gender-referral",
        PotentialVictim,
        "What is their gender?",
        "Gender",
        PV_GENDER,
    ),
    step(
        "does-pv-have-children",
        PotentialVictim,
        "Do they have children?",
        "Children",
        &[radios(
            "does-pv-have-children",
            "",
            "Select yes if they have children",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[formatted(
                        "does-pv-have-children-yes-amount",
                        "How many children?",
                        "Enter how many children they have",
                        Format::Digits,
                        Width::Tiny,
                    )
                    .noun("Number of children")],
                ),
                choice("no", "No"),
            ],
        )],
    ),
    step(
        "pv-nationality-referral",
        PotentialVictim,
        "What is their nationality?",
        "Nationality",
        PV_NATIONALITY,
    ),
    step(
        "pv-interpreter-requirements",
        PotentialVictim,
        "Do they need an interpreter?",
        "Interpreter",
        &[radios(
            "pv-interpreter-requirements",
            "",
            "Select yes if they need an interpreter",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[text(
                        "pv-interpreter-requirements-language",
                        "Which language?",
                        "Enter the language they need",
                    )
                    .noun("Language")],
                ),
                choice("no", "No"),
            ],
        )],
    ),
    step(
        "pv-other-help-with-communication",
        PotentialVictim,
        "Do they need any other help to communicate?",
        "Other help to communicate",
        &[radios(
            "pv-other-help-with-communication",
            "",
            "Select yes if they need other help to communicate",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[text(
                        "pv-other-help-with-communication-aid",
                        "What help do they need?",
                        "Enter the help they need",
                    )
                    .noun("Help needed")
                    .hint("For example, a sign language interpreter")],
                ),
                choice("no", "No"),
            ],
        )],
    ),
    step(
        "pv-ho-reference",
        PotentialVictim,
        "Do they have a Home Office reference number?",
        "Home Office reference",
        &[radios(
            "pv-ho-reference",
            "",
            "Select yes if they have a Home Office reference number",
            &[
                revealing(
                    "yes",
                    "Yes",
                    &[text(
                        "pv-ho-reference-type",
                        "Reference number",
                        "Enter their Home Office reference number",
                    )
                    .noun("Reference number")
                    .autocomplete("off")],
                ),
                choice("no", "No"),
            ],
        )
        .hint("For example, from an immigration or asylum application")],
    ),
    step(
        "who-contact",
        AlternateContact,
        "Who should the Home Office send its decision to?",
        "Who gets the decision",
        &[radios(
            "who-contact",
            "",
            "Select who should get the decision",
            &[
                choice("potential-victim", "The potential victim"),
                Choice {
                    value: "someone-else",
                    label: "Someone else",
                    hint: Some("For example, a support worker or solicitor they trust"),
                    reveals: &[],
                },
            ],
        )],
    ),
    step(
        "pv-contact-details-referral",
        PotentialVictim,
        "How can they be contacted?",
        "Contact details",
        PV_CONTACT,
    ),
    step(
        "someone-else",
        AlternateContact,
        "Who should get the decision for them?",
        "Decision recipient",
        &[
            text("someone-else-first-name", "First name (optional)", "")
                .optional()
                .noun("First name")
                .autocomplete("off"),
            text("someone-else-last-name", "Last name (optional)", "")
                .optional()
                .noun("Last name")
                .autocomplete("off"),
            checkboxes(
                "someone-else",
                "How should the decision be sent?",
                "Select how the decision should be sent",
                &[
                    revealing(
                        "email",
                        "Email",
                        &[formatted(
                            "someone-else-email-input",
                            "Email address",
                            "Enter their email address",
                            Format::Email,
                            Width::Full,
                        )
                        .noun("Their email address")
                        .autocomplete("off")],
                    ),
                    revealing(
                        "post",
                        "Post",
                        &[
                            text("someone-else-street", "Building and street", "Enter the building and street")
                                .noun("Building and street")
                                .autocomplete("off"),
                            text("someone-else-town", "Town or city", "Enter the town or city")
                                .noun("Town or city")
                                .autocomplete("off"),
                            text("someone-else-county", "County (optional)", "")
                                .optional()
                                .noun("County")
                                .autocomplete("off"),
                            formatted(
                                "someone-else-postcode",
                                "Postcode",
                                "Enter the postcode",
                                Format::Plain,
                                Width::Short,
                            )
                            .noun("Postcode")
                            .autocomplete("off"),
                        ],
                    ),
                ],
            )
            .hint("Select all that apply"),
            tick(
                "someone-else-permission-check",
                "The potential victim has agreed that this person can get the decision",
                "Confirm the potential victim agrees this person can get the decision",
            ),
        ],
    ),
    // 2.5 First responder and evidence
    step(
        "fr-details",
        YourDetails,
        "Your details",
        "Your details",
        &[
            text("fr-details-first-name", "First name", "Enter your first name")
                .noun("Your first name")
                .autocomplete("given-name"),
            text("fr-details-last-name", "Last name", "Enter your last name")
                .noun("Your last name")
                .autocomplete("family-name"),
            text("fr-details-role", "Job title", "Enter your job title")
                .noun("Your job title")
                .autocomplete("organization-title"),
            formatted(
                "fr-details-phone",
                "Phone number",
                "Enter your phone number",
                Format::Plain,
                Width::Medium,
            )
            .noun("Your phone number")
            .autocomplete("tel"),
        ],
    )
    .intro("The Home Office may contact you about this referral."),
    step(
        "fr-alternative-contact",
        YourDetails,
        "Who else can the Home Office contact if you are not available?",
        "Other contact email",
        &[formatted(
            "fr-alternative-contact",
            "",
            "Enter an email address",
            Format::Email,
            Width::Full,
        )
        .noun("Email address")
        .autocomplete("off")
        .hint("Give a colleague's or your team's work email address")],
    ),
    step(
        "upload-evidence",
        Evidence,
        "Upload evidence (optional)",
        "Files",
        &[],
    )
    .intro("For example, a statement or a photo. You can upload Word, PDF, JPEG and PNG files up to 25MB each, and up to 100 files."),
    step(
        "what-evidence-you-will-submit",
        Evidence,
        "Describe the evidence you have uploaded",
        "About the evidence",
        &[textarea(
            "what-evidence-you-will-submit",
            "",
            "Describe the evidence you have uploaded",
        )
        .noun("About the evidence")
        .hint("Say what each file is and the date it is from.")],
    ),
];

#[cfg(test)]
mod tests {
    use super::super::route::{is_step, ROUTE};
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_step_names_the_lists_its_answers_come_from_revealed_fields_included() {
        let lists = |slug| find(slug).map(Step::lists);
        assert_eq!(
            lists("local-authority-contacted-about-child"),
            Some(vec![List::LocalAuthorities])
        );
        assert_eq!(lists("reported-to-police"), Some(vec![List::PoliceForces]));
        assert_eq!(lists("pv-under-age"), Some(vec![]));
        let every: BTreeSet<String> = STEPS
            .iter()
            .flat_map(Step::lists)
            .map(|l| format!("{l:?}"))
            .collect();
        assert_eq!(
            every.into_iter().collect::<Vec<_>>(),
            [
                "LocalAuthorities",
                "Nationalities",
                "OverseasCountries",
                "PoliceForces",
                "UkRegions",
                "UkTowns"
            ]
        );
    }

    #[test]
    fn every_routed_step_has_a_definition_and_every_definition_is_routed() {
        for (slug, _) in ROUTE {
            assert!(find(slug).is_some(), "{slug} has no definition");
        }
        for step in STEPS {
            assert!(is_step(step.slug), "{} is not routed", step.slug);
        }
    }

    #[test]
    fn field_names_are_unique_within_a_step() {
        for step in STEPS {
            let names = step.names();
            let unique: BTreeSet<_> = names.iter().collect();
            assert_eq!(names.len(), unique.len(), "{}", step.slug);
        }
    }

    #[test]
    fn every_required_field_says_what_is_missing() {
        fn check(field: &Field, slug: &str) {
            if field.required && !matches!(field.kind, Kind::Date) {
                assert!(!field.missing.is_empty(), "{slug}: {}", field.name);
            }
            if let Kind::Radios(choices) | Kind::Checkboxes(choices) = field.kind {
                for choice in choices {
                    for revealed in choice.reveals {
                        check(revealed, slug);
                    }
                }
            }
        }
        for step in STEPS {
            for field in step.fields {
                check(field, step.slug);
            }
        }
    }

    #[test]
    fn the_report_name_has_no_limit_and_the_relationship_250() {
        assert_eq!(find("reference").unwrap().fields[0].max, None);
        let phone = find("pv-phone-number").unwrap();
        let Kind::Radios(choices) = phone.fields[0].kind else {
            panic!("radios expected")
        };
        let relation = choices[1].reveals[1];
        assert_eq!(relation.name, "alternative-number-relation-to-pv");
        assert_eq!(relation.max, Some(250));
    }
}
