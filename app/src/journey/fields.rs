//! The building blocks of a step: fields, their kinds and their choices.
//! Steps (in `steps.rs`) are made of these; the generic components render
//! them and `validate.rs` checks them.

use crate::reference::List;

/// The longest text any free-text field takes (spec V2).
pub const MAX_TEXT: usize = 15_000;

/// What sort of question a field asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A one-line text input.
    Text { format: Format, width: Width },
    /// A multi-line answer with a character count.
    TextArea { rows: u8 },
    /// One choice from a list; a choice may reveal more fields.
    Radios(&'static [Choice]),
    /// Any number of choices, each sent as its own field `<name>-<value>` = "true".
    Checkboxes(&'static [Choice]),
    /// A single box that must be ticked to go on (a safety or permission check).
    Tick,
    /// Day, month and year, sent as `<name>-day`, `<name>-month`, `<name>-year`.
    Date,
    /// One entry of a reference list, typed or picked (must match exactly).
    Pick(List),
    /// Up to ten entries of a reference list, `<name>-1` … `<name>-10`; the first is required.
    Places(List),
}

/// Extra checks on a text field beyond being present and short enough.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Plain,
    Email,
    /// A phone number: UK numbers as dialled in the UK, others with `+` and the country code.
    Phone,
    /// Whole numbers only.
    Digits,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    Full,
    /// About 20 characters: phone numbers, references.
    Medium,
    /// About 10 characters: postcodes.
    Short,
    /// About 3 characters: counts.
    Tiny,
}

/// One option of a radio or checkbox question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    /// Fields shown (and checked) only while this option is chosen; blanked otherwise.
    pub reveals: &'static [Field],
}

/// One question on a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The name the form sends and the answers keep (the spec's name).
    pub name: &'static str,
    /// The label or legend. On a step with one field the step's heading is used instead.
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub kind: Kind,
    pub required: bool,
    /// The longest answer taken, for text fields; `None` means no limit.
    pub max: Option<usize>,
    /// The error when a required answer is missing.
    pub missing: &'static str,
    /// A short noun phrase for the other errors ("the phone number").
    pub noun: &'static str,
    /// Refuse web addresses (spec V9).
    pub not_url: bool,
    /// The HTML autocomplete token, where one applies.
    pub autocomplete: Option<&'static str>,
}

impl Field {
    const fn new(
        name: &'static str,
        label: &'static str,
        kind: Kind,
        missing: &'static str,
    ) -> Self {
        let max = match kind {
            Kind::Text { .. } | Kind::TextArea { .. } => Some(MAX_TEXT),
            _ => None,
        };
        Self {
            name,
            label,
            hint: None,
            kind,
            required: true,
            max,
            missing,
            noun: label,
            not_url: false,
            autocomplete: None,
        }
    }

    pub const fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub const fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub const fn noun(mut self, noun: &'static str) -> Self {
        self.noun = noun;
        self
    }

    pub const fn max(mut self, max: Option<usize>) -> Self {
        self.max = max;
        self
    }

    pub const fn not_url(mut self) -> Self {
        self.not_url = true;
        self
    }

    pub const fn autocomplete(mut self, token: &'static str) -> Self {
        self.autocomplete = Some(token);
        self
    }

    /// Every name this field sends, its revealed fields' names included.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        match self.kind {
            Kind::Date => {
                for part in DATE_PARTS {
                    names.push(format!("{}-{part}", self.name));
                }
            }
            Kind::Places(_) => {
                for n in 1..=MAX_PLACES {
                    names.push(place_name(self.name, n));
                }
            }
            Kind::Checkboxes(choices) => {
                for choice in choices {
                    names.push(checkbox_name(self.name, choice.value));
                }
            }
            _ => names.push(self.name.to_owned()),
        }
        if let Kind::Radios(choices) | Kind::Checkboxes(choices) = self.kind {
            for choice in choices {
                for revealed in choice.reveals {
                    names.extend(revealed.names());
                }
            }
        }
        names
    }

    /// The reference lists this field's answers come from, its revealed fields' included.
    pub fn lists(&self) -> Vec<List> {
        match self.kind {
            Kind::Pick(list) | Kind::Places(list) => vec![list],
            Kind::Radios(choices) | Kind::Checkboxes(choices) => choices
                .iter()
                .flat_map(|choice| choice.reveals)
                .flat_map(Field::lists)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The values of a radio or checkbox question's choices (empty for other kinds).
    pub fn choice_values(&self) -> Vec<&'static str> {
        match self.kind {
            Kind::Radios(choices) | Kind::Checkboxes(choices) => {
                choices.iter().map(|c| c.value).collect()
            }
            _ => Vec::new(),
        }
    }

    /// This field and every field its choices reveal, depth first.
    pub fn with_revealed(&'static self) -> Vec<&'static Field> {
        let mut all = vec![self];
        if let Kind::Radios(choices) | Kind::Checkboxes(choices) = self.kind {
            for choice in choices {
                for revealed in choice.reveals {
                    all.extend(revealed.with_revealed());
                }
            }
        }
        all
    }

    /// The id the error summary links to: the first input of the field.
    pub fn anchor(&self) -> String {
        match self.kind {
            Kind::Date => format!("{}-day", self.name),
            Kind::Places(_) => place_name(self.name, 1),
            Kind::Checkboxes(choices) => checkbox_name(self.name, choices[0].value),
            _ => self.name.to_owned(),
        }
    }
}

pub const DATE_PARTS: [&str; 3] = ["day", "month", "year"];
pub const MAX_PLACES: usize = 10;

pub fn place_name(field: &str, n: usize) -> String {
    format!("{field}-{n}")
}

pub fn checkbox_name(field: &str, value: &str) -> String {
    format!("{field}-{value}")
}

/// The value a ticked box sends.
pub const TICKED: &str = "true";

pub const fn text(name: &'static str, label: &'static str, missing: &'static str) -> Field {
    Field::new(
        name,
        label,
        Kind::Text {
            format: Format::Plain,
            width: Width::Full,
        },
        missing,
    )
}

pub const fn formatted(
    name: &'static str,
    label: &'static str,
    missing: &'static str,
    format: Format,
    width: Width,
) -> Field {
    Field::new(name, label, Kind::Text { format, width }, missing)
}

pub const fn textarea(name: &'static str, label: &'static str, missing: &'static str) -> Field {
    Field::new(name, label, Kind::TextArea { rows: 5 }, missing)
}

pub const fn radios(
    name: &'static str,
    label: &'static str,
    missing: &'static str,
    choices: &'static [Choice],
) -> Field {
    Field::new(name, label, Kind::Radios(choices), missing)
}

pub const fn checkboxes(
    name: &'static str,
    label: &'static str,
    missing: &'static str,
    choices: &'static [Choice],
) -> Field {
    Field::new(name, label, Kind::Checkboxes(choices), missing)
}

pub const fn tick(name: &'static str, label: &'static str, missing: &'static str) -> Field {
    Field::new(name, label, Kind::Tick, missing)
}

pub const fn date(name: &'static str, label: &'static str) -> Field {
    Field::new(name, label, Kind::Date, "")
}

pub const fn pick(
    name: &'static str,
    label: &'static str,
    missing: &'static str,
    list: List,
) -> Field {
    Field::new(name, label, Kind::Pick(list), missing)
}

pub const fn places(
    name: &'static str,
    label: &'static str,
    missing: &'static str,
    list: List,
) -> Field {
    Field::new(name, label, Kind::Places(list), missing)
}

pub const fn choice(value: &'static str, label: &'static str) -> Choice {
    Choice {
        value,
        label,
        hint: None,
        reveals: &[],
    }
}

pub const fn revealing(
    value: &'static str,
    label: &'static str,
    reveals: &'static [Field],
) -> Choice {
    Choice {
        value,
        label,
        hint: None,
        reveals,
    }
}

pub const YES_NO: &[Choice] = &[choice("yes", "Yes"), choice("no", "No")];
pub const YES_NO_NOT_SURE: &[Choice] = &[
    choice("yes", "Yes"),
    choice("no", "No"),
    choice("not-sure", "Not sure"),
];
