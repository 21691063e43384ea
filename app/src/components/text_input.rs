use leptos::prelude::*;

use crate::forms::FieldError;

/// A GOV.UK text input with label, optional hint and inline error.
/// The input's id and name are both `name`, which the error summary links to.
#[component]
pub fn TextInput(
    name: &'static str,
    label: &'static str,
    value: String,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] spellcheck_off: bool,
    #[prop(optional)] width_class: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let error = Memo::new(move |_| {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone())
        })
    });
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input_class = move || {
        let mut class = String::from("govuk-input");
        if let Some(width) = width_class {
            class.push(' ');
            class.push_str(width);
        }
        if error.with(Option::is_some) {
            class.push_str(" govuk-input--error");
        }
        class
    };
    view! {
        <div class=move || crate::components::group_class(error.with(Option::is_some))>
            <label class="govuk-label govuk-label--s" for=name>
                {label}
            </label>
            {hint.map(|text| view! { <div id=hint_id.clone() class="govuk-hint">{text}</div> })}
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p id=error_id.clone() class="govuk-error-message">
                                <span class="govuk-visually-hidden">"Error: "</span>
                                {message}
                            </p>
                        }
                    })
            }}
            <input
                class=input_class
                id=name
                name=name
                type=input_type
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                list=list
                spellcheck=spellcheck_off.then_some("false")
                aria-describedby=described_by
            />
        </div>
    }
}
