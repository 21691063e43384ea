//! The GOV.UK components a journey step is drawn with, driven by the field
//! definitions in `journey::fields`: text inputs, textareas with a character
//! count, radios and checkboxes with conditional reveals, single ticks, date
//! inputs and list pickers (an input with suggestions, which works without
//! JavaScript). One function per kind; [`field`] picks the right one.

use leptos::prelude::*;

use crate::forms::{FieldError, FormValues};
use crate::journey::fields::{
    checkbox_name, place_name, Choice, Field, Format, Kind, Width, DATE_PARTS, MAX_PLACES, TICKED,
};
use crate::journey::validate::thousands;
use crate::reference::List;

/// What every field on a page shares: the values to start from and the page's errors.
#[derive(Clone)]
pub struct FieldContext {
    pub values: FormValues,
    pub errors: RwSignal<Vec<FieldError>>,
}

impl FieldContext {
    fn value(&self, name: &str) -> String {
        self.values.get(name).to_owned()
    }

    fn error(&self, id: String) -> Memo<Option<String>> {
        let errors = self.errors;
        Memo::new(move |_| {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == id)
                    .map(|e| e.message.clone())
            })
        })
    }
}

/// How a field's question is labelled: as the page's heading, or as a plain label.
#[derive(Clone, Copy)]
pub enum Label {
    Heading(&'static str),
    Plain,
}

/// Draws one field.
pub fn field(field: &'static Field, context: &FieldContext, label: Label) -> AnyView {
    match field.kind {
        Kind::Text { format, width } => text_input(field, context, label, format, width),
        Kind::TextArea { rows } => textarea(field, context, label, rows),
        Kind::Radios(choices) => radios(field, context, label, choices),
        Kind::Checkboxes(choices) => checkboxes(field, context, label, choices),
        Kind::Tick => tick(field, context),
        Kind::Date => date(field, context, label),
        Kind::Pick(list) => pick(field, context, label, list),
        Kind::Places(list) => places(field, context, label, list),
    }
}

fn group_class(error: Memo<Option<String>>, extra: &'static str) -> impl Fn() -> String {
    move || {
        let group = crate::components::group_class(error.with(Option::is_some));
        if extra.is_empty() {
            group.to_owned()
        } else {
            format!("{group} {extra}")
        }
    }
}

fn error_message(id: String, error: Memo<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <p id=format!("{id}-error") class="govuk-error-message">
                    <span class="govuk-visually-hidden">"Error: "</span>
                    {message}
                </p>
            }
        })
    }
}

fn described_by(
    id: String,
    has_hint: bool,
    error: Memo<Option<String>>,
    extra: Option<String>,
) -> impl Fn() -> Option<String> {
    move || {
        let mut ids = Vec::new();
        if let Some(extra) = &extra {
            ids.push(extra.clone());
        }
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if error.with(Option::is_some) {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

fn hint(id: &str, text: Option<&'static str>) -> impl IntoView {
    text.map(|text| view! { <div id=format!("{id}-hint") class="govuk-hint">{text}</div> })
}

/// A `<label>`, inside the page's `<h1>` when the field is the page's question.
fn label_for(id: String, field: &'static Field, label: Label) -> AnyView {
    match label {
        Label::Heading(text) => view! {
            <h1 class="govuk-label-wrapper">
                <label class="govuk-label govuk-label--l" for=id>{text}</label>
            </h1>
        }
        .into_any(),
        Label::Plain => {
            view! { <label class="govuk-label" for=id>{field.label}</label> }.into_any()
        }
    }
}

/// A `<legend>`, holding the page's `<h1>` when the group is the page's question.
fn legend(field: &'static Field, label: Label) -> AnyView {
    match label {
        Label::Heading(text) => view! {
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
                <h1 class="govuk-fieldset__heading">{text}</h1>
            </legend>
        }
        .into_any(),
        Label::Plain => view! {
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{field.label}</legend>
        }
        .into_any(),
    }
}

fn input_class(
    base: &'static str,
    width: Option<&'static str>,
    error: Memo<Option<String>>,
) -> impl Fn() -> String {
    move || {
        let mut class = String::from(base);
        if let Some(width) = width {
            class.push(' ');
            class.push_str(width);
        }
        if error.with(Option::is_some) {
            class.push_str(" govuk-input--error");
        }
        class
    }
}

fn width_class(width: Width) -> Option<&'static str> {
    match width {
        Width::Full => None,
        Width::Medium => Some("govuk-input--width-20"),
        Width::Short => Some("govuk-input--width-10"),
        Width::Tiny => Some("govuk-input--width-3"),
    }
}

fn text_input(
    field: &'static Field,
    context: &FieldContext,
    label: Label,
    format: Format,
    width: Width,
) -> AnyView {
    let id = field.name.to_owned();
    let error = context.error(id.clone());
    let (input_type, input_mode) = match format {
        Format::Plain => ("text", None),
        Format::Email => ("email", None),
        Format::Phone => ("tel", None),
        Format::Digits => ("text", Some("numeric")),
    };
    let spellcheck =
        matches!(format, Format::Email | Format::Phone | Format::Digits).then_some("false");
    view! {
        <div class=group_class(error, "")>
            {label_for(id.clone(), field, label)}
            {hint(&id, field.hint)}
            {error_message(id.clone(), error)}
            <input
                class=input_class("govuk-input", width_class(width), error)
                id=id.clone()
                name=field.name
                type=input_type
                inputmode=input_mode
                spellcheck=spellcheck
                autocomplete=field.autocomplete
                value=context.value(field.name)
                aria-describedby=described_by(id.clone(), field.hint.is_some(), error, None)
            />
        </div>
    }
    .into_any()
}

fn textarea(field: &'static Field, context: &FieldContext, label: Label, rows: u8) -> AnyView {
    let id = field.name.to_owned();
    let error = context.error(id.clone());
    let initial = context.value(field.name);
    let max = field.max.unwrap_or(usize::MAX);
    let count = RwSignal::new(initial.chars().count());
    // The live count takes over from the static message once the page is interactive.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let info_id = format!("{id}-info");
    let message = move || {
        let limit = thousands(max);
        if !live.get() {
            return format!("You can enter up to {limit} characters");
        }
        let used = count.get();
        if used > max {
            let over = used - max;
            format!(
                "You have {} character{} too many",
                thousands(over),
                if over == 1 { "" } else { "s" }
            )
        } else {
            let left = max - used;
            format!(
                "You have {} character{} remaining",
                thousands(left),
                if left == 1 { "" } else { "s" }
            )
        }
    };
    let over = move || live.get() && count.get() > max;
    // What a screen reader hears: the count, once typing pauses for a second
    // (as GOV.UK Frontend's character count does), not at every key.
    let announced = RwSignal::new(String::new());
    let pause = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let on_input = move |event: leptos::ev::Event| {
        count.set(event_target_value(&event).chars().count());
        if let Some(handle) = pause.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                // The page may have moved on in the second since.
                if count.try_get_untracked().is_some() {
                    announced.set(message());
                }
            },
            std::time::Duration::from_secs(1),
        );
        pause.set_value(handle.ok());
    };
    on_cleanup(move || {
        if let Some(Some(handle)) = pause.try_get_value() {
            handle.clear();
        }
    });
    view! {
        <div class=group_class(error, "govuk-character-count")>
            {label_for(id.clone(), field, label)}
            {hint(&id, field.hint)}
            {error_message(id.clone(), error)}
            <textarea
                class=move || {
                    if error.with(Option::is_some) || over() {
                        "govuk-textarea govuk-textarea--error"
                    } else {
                        "govuk-textarea"
                    }
                }
                id=id.clone()
                name=field.name
                rows=rows.to_string()
                aria-describedby=described_by(id.clone(), field.hint.is_some(), error, Some(info_id.clone()))
                on:input=on_input
            >
                {initial}
            </textarea>
            <div
                id=info_id
                class=move || {
                    if over() {
                        "govuk-error-message govuk-character-count__message"
                    } else {
                        "govuk-hint govuk-character-count__message"
                    }
                }
            >
                {message}
            </div>
            <div class="govuk-character-count__sr-status govuk-visually-hidden" aria-live="polite">
                {move || announced.get()}
            </div>
        </div>
    }
    .into_any()
}

/// The id of a radio: the first one carries the field's name, so that the
/// error summary's link lands on it.
fn radio_id(field: &Field, index: usize, choice: &Choice) -> String {
    if index == 0 {
        field.name.to_owned()
    } else {
        format!("{}-{}", field.name, choice.value)
    }
}

fn reveal(
    choice: &'static Choice,
    id: &str,
    shown: impl Fn() -> bool + Send + Sync + 'static,
    context: &FieldContext,
    kind: &'static str,
) -> Option<AnyView> {
    if choice.reveals.is_empty() {
        return None;
    }
    let fields = choice
        .reveals
        .iter()
        .map(|f| field(f, context, Label::Plain))
        .collect_view();
    Some(
        view! {
            <div
                class=move || {
                    if shown() {
                        format!("govuk-{kind}__conditional")
                    } else {
                        format!("govuk-{kind}__conditional govuk-{kind}__conditional--hidden")
                    }
                }
                id=format!("conditional-{id}")
            >
                {fields}
            </div>
        }
        .into_any(),
    )
}

fn radios(
    field: &'static Field,
    context: &FieldContext,
    label: Label,
    choices: &'static [Choice],
) -> AnyView {
    let id = field.name.to_owned();
    let error = context.error(id.clone());
    let selected = RwSignal::new(context.value(field.name));
    let items = choices
        .iter()
        .enumerate()
        .map(|(index, choice)| {
            let item_id = radio_id(field, index, choice);
            let checked = selected.get_untracked() == choice.value;
            let shown = move || selected.get() == choice.value;
            let controls = (!choice.reveals.is_empty()).then(|| format!("conditional-{item_id}"));
            view! {
                <div class="govuk-radios__item">
                    <input
                        class="govuk-radios__input"
                        id=item_id.clone()
                        name=field.name
                        type="radio"
                        value=choice.value
                        checked=checked
                        aria-controls=controls
                        aria-describedby=choice.hint.map(|_| format!("{item_id}-item-hint"))
                        on:change=move |_| selected.set(choice.value.to_owned())
                    />
                    <label class="govuk-label govuk-radios__label" for=item_id.clone()>
                        {choice.label}
                    </label>
                    {choice.hint.map(|text| {
                        view! {
                            <div id=format!("{item_id}-item-hint") class="govuk-hint govuk-radios__hint">
                                {text}
                            </div>
                        }
                    })}
                </div>
                {reveal(choice, &item_id, shown, context, "radios")}
            }
        })
        .collect_view();
    view! {
        <div class=group_class(error, "")>
            <fieldset class="govuk-fieldset" aria-describedby=described_by(id.clone(), field.hint.is_some(), error, None)>
                {legend(field, label)}
                {hint(&id, field.hint)}
                {error_message(id.clone(), error)}
                <div class="govuk-radios" data-module="govuk-radios">{items}</div>
            </fieldset>
        </div>
    }
    .into_any()
}

fn checkboxes(
    field: &'static Field,
    context: &FieldContext,
    label: Label,
    choices: &'static [Choice],
) -> AnyView {
    let id = field.anchor();
    let error = context.error(id.clone());
    let items = choices
        .iter()
        .map(|choice| {
            let item_id = checkbox_name(field.name, choice.value);
            let ticked = RwSignal::new(context.value(&item_id) == TICKED);
            let controls = (!choice.reveals.is_empty()).then(|| format!("conditional-{item_id}"));
            view! {
                <div class="govuk-checkboxes__item">
                    <input
                        class="govuk-checkboxes__input"
                        id=item_id.clone()
                        name=item_id.clone()
                        type="checkbox"
                        value=TICKED
                        checked=ticked.get_untracked()
                        aria-controls=controls
                        on:change=move |event| ticked.set(event_target_checked(&event))
                    />
                    <label class="govuk-label govuk-checkboxes__label" for=item_id.clone()>
                        {choice.label}
                    </label>
                </div>
                {reveal(choice, &item_id, move || ticked.get(), context, "checkboxes")}
            }
        })
        .collect_view();
    view! {
        <div class=group_class(error, "")>
            <fieldset class="govuk-fieldset" aria-describedby=described_by(field.name.to_owned(), field.hint.is_some(), error, None)>
                {legend(field, label)}
                {hint(field.name, field.hint)}
                {error_message(id.clone(), error)}
                <div class="govuk-checkboxes" data-module="govuk-checkboxes">{items}</div>
            </fieldset>
        </div>
    }
    .into_any()
}

fn tick(field: &'static Field, context: &FieldContext) -> AnyView {
    let id = field.name.to_owned();
    let error = context.error(id.clone());
    view! {
        <div class=group_class(error, "")>
            {error_message(id.clone(), error)}
            <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                <div class="govuk-checkboxes__item">
                    <input
                        class="govuk-checkboxes__input"
                        id=id.clone()
                        name=field.name
                        type="checkbox"
                        value=TICKED
                        checked=context.value(field.name) == TICKED
                        aria-describedby=described_by(id.clone(), false, error, None)
                    />
                    <label class="govuk-label govuk-checkboxes__label" for=id.clone()>{field.label}</label>
                </div>
            </div>
        </div>
    }
    .into_any()
}

fn date(field: &'static Field, context: &FieldContext, label: Label) -> AnyView {
    let id = field.anchor();
    let error = context.error(id.clone());
    let parts = DATE_PARTS
        .iter()
        .map(|part| {
            let name = format!("{}-{part}", field.name);
            let (text, width) = match *part {
                "day" => ("Day", "govuk-input--width-2"),
                "month" => ("Month", "govuk-input--width-2"),
                _ => ("Year", "govuk-input--width-4"),
            };
            let value = context.value(&name);
            view! {
                <div class="govuk-date-input__item">
                    <div class="govuk-form-group">
                        <label class="govuk-label govuk-date-input__label" for=name.clone()>{text}</label>
                        <input
                            class=input_class("govuk-input govuk-date-input__input", Some(width), error)
                            id=name.clone()
                            name=name.clone()
                            type="text"
                            inputmode="numeric"
                            value=value
                        />
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=group_class(error, "")>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=described_by(id.clone(), field.hint.is_some(), error, None)>
                {legend(field, label)}
                {hint(&id, field.hint)}
                {error_message(id.clone(), error)}
                <div class="govuk-date-input" id=field.name>{parts}</div>
            </fieldset>
        </div>
    }
    .into_any()
}

/// The suggestions for a list picker (a `<datalist>`). Browsers show them as the responder
/// types; the answer must still match an entry exactly (spec V7).
///
/// The server writes the options into the page. The browser fetches a list the
/// first time a step needs it: while it does, a page it drew keeps the server's
/// options (hydration leaves set HTML alone) and a page drawn in the browser has
/// none yet; once the list is here, both get the options.
pub fn list_options(id: String, list: List) -> impl IntoView {
    let ready = RwSignal::new(list.is_ready());
    if !ready.get_untracked() {
        leptos::task::spawn_local(async move {
            if list.load().await {
                // The page may have gone by now: then there is nothing to fill.
                let _ = ready.try_set(true);
            }
        });
    }
    view! { <datalist id=id inner_html=move || ready.get().then(|| list.options_html())></datalist> }
}

fn pick(field: &'static Field, context: &FieldContext, label: Label, list: List) -> AnyView {
    let id = field.name.to_owned();
    let error = context.error(id.clone());
    let list_id = format!("{id}-options");
    view! {
        <div class=group_class(error, "")>
            {label_for(id.clone(), field, label)}
            {hint(&id, field.hint)}
            {error_message(id.clone(), error)}
            <input
                class=input_class("govuk-input", None, error)
                id=id.clone()
                name=field.name
                type="text"
                autocomplete="off"
                list=list_id.clone()
                value=context.value(field.name)
                aria-describedby=described_by(id.clone(), field.hint.is_some(), error, None)
            />
            {list_options(list_id, list)}
        </div>
    }
    .into_any()
}

/// The button that adds a row to a list of places, and the value it sends.
pub const ADD_ANOTHER: &str = "add-another";

fn places(field: &'static Field, context: &FieldContext, label: Label, list: List) -> AnyView {
    let filled = (1..=MAX_PLACES)
        .rev()
        .find(|n| !context.value(&place_name(field.name, *n)).is_empty())
        .unwrap_or(0);
    let asked = usize::from(context.value(ADD_ANOTHER) == field.name);
    let rows = RwSignal::new((filled + asked).clamp(1, MAX_PLACES));
    let list_id = format!("{}-options", field.name);
    let values = context.values.clone();
    let errors = context.errors;
    let row = {
        let list_id = list_id.clone();
        move |n: usize| {
            let name = place_name(field.name, n);
            let error = Memo::new({
                let name = name.clone();
                move |_| {
                    errors.with(|all| {
                        all.iter()
                            .find(|e| e.field == name)
                            .map(|e| e.message.clone())
                    })
                }
            });
            let text = format!("{} {n}", field.noun);
            let label_text = if n == 1 {
                text
            } else {
                format!("{text} (optional)")
            };
            view! {
                <div class=group_class(error, "")>
                    <label class="govuk-label" for=name.clone()>{label_text}</label>
                    {error_message(name.clone(), error)}
                    <input
                        class=input_class("govuk-input", None, error)
                        id=name.clone()
                        name=name.clone()
                        type="text"
                        autocomplete="off"
                        list=list_id.clone()
                        value=values.get(&name).to_owned()
                        aria-describedby=described_by(name.clone(), false, error, None)
                    />
                </div>
            }
        }
    };
    let add = move |event: leptos::ev::MouseEvent| {
        // With the page interactive, add the row here; without, the post adds it.
        event.prevent_default();
        let next = (rows.get_untracked() + 1).min(MAX_PLACES);
        rows.set(next);
        #[cfg(feature = "hydrate")]
        crate::browser::focus_by_id(&place_name(field.name, next));
    };
    view! {
        <div class="govuk-form-group">
            <fieldset class="govuk-fieldset" aria-describedby=field.hint.map(|_| format!("{}-hint", field.name))>
                {legend(field, label)}
                {hint(field.name, field.hint)}
                <For each=move || 1..=rows.get() key=|n| *n children=row.clone() />
                {move || {
                    (rows.get() < MAX_PLACES).then(|| {
                        view! {
                            <button
                                type="submit"
                                name=ADD_ANOTHER
                                value=field.name
                                class="govuk-button govuk-button--secondary"
                                data-module="govuk-button"
                                on:click=add
                            >
                                {format!("Add another {}", field.noun.to_ascii_lowercase())}
                            </button>
                        }
                    })
                }}
            </fieldset>
            {list_options(list_id, list)}
        </div>
    }
    .into_any()
}
