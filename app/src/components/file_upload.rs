use leptos::prelude::*;

use crate::journey::views::UPLOAD_FIELD;

/// GOV.UK's file upload: a label, the types and size taken, the error if the
/// last file was refused, and the input. The server checks every file
/// (`crate::uploads`); `accept` only narrows the browser's picker.
#[component]
pub fn FileUpload(
    /// The label's GOV.UK size class (`govuk-label--m`, or empty).
    label_class: &'static str,
    error: Memo<Option<String>>,
) -> impl IntoView {
    const HINT: &str = "upload-file-hint";
    const ERROR: &str = "upload-file-error";
    view! {
        <div class=move || crate::components::group_class(error.with(Option::is_some))>
            <label class=format!("govuk-label {label_class}") for=UPLOAD_FIELD>"Upload a file"</label>
            <div id=HINT class="govuk-hint">"Word (.docx), PDF, JPEG or PNG, up to "{crate::limits::max_file_size()}</div>
            {move || error.get().map(|message| view! {
                <p id=ERROR class="govuk-error-message">
                    <span class="govuk-visually-hidden">"Error: "</span>{message}
                </p>
            })}
            <input
                class="govuk-file-upload"
                id=UPLOAD_FIELD
                name=UPLOAD_FIELD
                type="file"
                accept=".docx,.pdf,.jpg,.jpeg,.png"
                aria-describedby=move || {
                    if error.with(Option::is_some) { format!("{HINT} {ERROR}") } else { HINT.to_owned() }
                }
            />
        </div>
    }
}
