//! Every journey step, drawn from its definition: `/nrm/<step-slug>`.
//!
//! With JavaScript off (or before the wasm loads) the form is a plain post to
//! the same address. Once the page is interactive, the rules run on submit and
//! a valid answer is saved through the `save_step` server function, and the
//! next page is shown without a full page load.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{load_step, StepLoad, StepView, UploadedFile};
use crate::components::fields::{field, FieldContext, Label};
use crate::components::{use_form_state, ErrorSummary, OfflineStatus, Page};
use crate::journey::progress::CONSENT_STEP;
use crate::journey::steps::{find, Step};
use crate::pages::NotFound;
use crate::routes;

/// The button that saves the step and signs the responder out.
pub const SAVE_AND_EXIT: &str = "save-and-exit";

#[component]
pub fn StepPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let slug = params.read().get("step").unwrap_or_default();
        let changing = query.read().get("change").as_deref() == Some("true");
        (slug, changing)
    };
    // Keyed on the address: each step gets a fresh page (new form state, new
    // inputs), never the previous step's markup patched in place.
    view! {
        <For each=move || std::iter::once(key()) key=Clone::clone let:page>
            <StepLoader slug=page.0 changing=page.1 />
        </For>
    }
}

#[component]
fn StepLoader(slug: String, changing: bool) -> impl IntoView {
    // A refused upload comes back to its step with the reason in the
    // address, read now, while the page's scope is live (under load the
    // server may drop the scope of a request given up on while its step
    // loads, and a router hook read after that finds no router).
    let refused = use_query_map()
        .read_untracked()
        .get(crate::limits::UPLOAD_REFUSED)
        .and_then(|name| name.parse::<crate::limits::UploadRefusal>().ok());
    let load = Resource::new(
        {
            let slug = slug.clone();
            move || (slug.clone(), changing)
        },
        |(slug, changing)| load(slug, changing),
    );
    let navigate = use_navigate();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let navigate = navigate.clone();
                let slug = slug.clone();
                Suspend::new(async move {
                    let Some(step) = find(&slug) else {
                        return view! { <NotFound /> }.into_any();
                    };
                    match load.await {
                        Ok(StepLoad::Show(view)) => view! { <StepForm step view refused /> }.into_any(),
                        Ok(StepLoad::GoTo(href)) => {
                            go_to(&href, navigate);
                            ().into_any()
                        }
                        Err(_) => view! { <ServiceProblem /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A step page from the server; in the browser, from the phone's copy when
/// steps saved without a signal wait to be sent or the server cannot be reached.
async fn load(slug: String, changing: bool) -> Result<StepLoad, ServerFnError> {
    #[cfg(feature = "hydrate")]
    {
        use crate::on_device;
        on_device::sendable(async move {
            if on_device::is_waiting().await {
                if let Some(page) = on_device::load_step(&slug, changing).await {
                    return Ok(page);
                }
            }
            match load_step(slug.clone(), changing).await {
                Ok(page) => Ok(page),
                Err(error) => on_device::load_step(&slug, changing).await.ok_or(error),
            }
        })
        .await
    }
    #[cfg(not(feature = "hydrate"))]
    load_step(slug, changing).await
}

/// Sends the browser elsewhere: a redirect while rendering on the server, a
/// client-side navigation in the browser.
pub fn go_to(href: &str, navigate: impl Fn(&str, leptos_router::NavigateOptions)) {
    #[cfg(feature = "ssr")]
    {
        let _ = &navigate;
        leptos_axum::redirect(href);
        // A page (not a server function) is being rendered: always a real
        // redirect, whatever the request's Accept header says.
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::FOUND);
        }
    }
    #[cfg(not(feature = "ssr"))]
    navigate(
        href,
        leptos_router::NavigateOptions {
            replace: true,
            ..Default::default()
        },
    );
}

#[component]
pub fn ServiceProblem() -> impl IntoView {
    view! {
        <Page title="Sorry, there is a problem with the service">
            <h1 class="govuk-heading-l">"Sorry, there is a problem with the service"</h1>
            <p class="govuk-body">"Try again later. Your saved answers have not been lost."</p>
        </Page>
    }
}

#[component]
fn StepForm(
    step: &'static Step,
    view: StepView,
    refused: Option<crate::limits::UploadRefusal>,
) -> impl IntoView {
    // After a plain post with errors, the server's values and errors win.
    let (posted, errors) = use_form_state();
    if step.slug == UPLOAD_STEP {
        if let Some(refused) = refused {
            errors.update_untracked(|all| {
                all.push(crate::forms::FieldError::new(
                    UPLOAD_FIELD,
                    refused.message(),
                ))
            });
        }
    }
    let values = if errors.with_untracked(Vec::is_empty) && posted == Default::default() {
        view.values.clone()
    } else {
        posted
    };
    let context = FieldContext { values, errors };
    let has_errors = Signal::derive(move || errors.with(|e| !e.is_empty()));
    let child_consent = step.slug == CONSENT_STEP && view.child;
    let heading = if child_consent {
        "The child will be referred automatically"
    } else {
        step.heading
    };
    let body = if child_consent {
        view! {
            <h1 class="govuk-heading-l">{heading}</h1>
            <p class="govuk-body">
                "Children do not need to agree to be referred. Explain to them what the referral means and what support they can get."
            </p>
        }
        .into_any()
    } else if step.is_single_question() {
        field(&step.fields[0], &context, Label::Heading(step.heading))
    } else {
        let fields = step
            .fields
            .iter()
            .map(|f| field(f, &context, Label::Plain))
            .collect_view();
        view! {
            <h1 class="govuk-heading-l">{step.heading}</h1>
            {step.intro.map(|text| view! { <p class="govuk-body">{text}</p> })}
            {fields}
        }
        .into_any()
    };
    let intro_above = step.is_single_question().then_some(step.intro).flatten();
    let reminder = (step.covers_every_situation && view.several_situations).then(|| {
        view! {
            <div class="govuk-inset-text">
                "They were exploited in more than one situation: cover each of them."
            </div>
        }
    });
    let uploads =
        (step.slug == UPLOAD_STEP).then(|| view! { <Uploads files=view.files.clone() errors /> });
    let on_submit = submit_handler(step, view.child, view.changing, errors);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| crate::on_device::on_journey_page());
    view! {
        <Page title=heading back=view.back.clone() has_errors>
            <ErrorSummary errors />
            <OfflineStatus />
            <span class="govuk-caption-l">{view.report_name.clone()}</span>
            {intro_above.map(|text| view! { <p class="govuk-body">{text}</p> })}
            {reminder}
            {uploads.is_some().then(|| body_above_uploads(step))}
            {uploads}
            <form method="post" novalidate=true on:submit=on_submit>
                {(step.slug != UPLOAD_STEP).then_some(body)}
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-module="govuk-button">
                        "Save and continue"
                    </button>
                    <button
                        type="submit"
                        name=SAVE_AND_EXIT
                        value="true"
                        class="govuk-button govuk-button--secondary"
                        data-module="govuk-button"
                    >
                        "Save and exit"
                    </button>
                </div>
            </form>
        </Page>
    }
}

use crate::journey::views::{UPLOAD_FIELD, UPLOAD_STEP};

fn body_above_uploads(step: &'static Step) -> impl IntoView {
    view! {
        <h1 class="govuk-heading-l">{step.heading}</h1>
        {step.intro.map(|text| view! { <p class="govuk-body">{text}</p> })}
    }
}

/// The upload step's files, each with a Remove button, and a form to add one.
/// Uploads are plain multipart posts: the page reloads with the new list.
#[component]
fn Uploads(
    files: Vec<UploadedFile>,
    errors: RwSignal<Vec<crate::forms::FieldError>>,
) -> impl IntoView {
    let error = Memo::new(move |_| {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == UPLOAD_FIELD)
                .map(|e| e.message.clone())
        })
    });
    let list = if files.is_empty() {
        view! { <p class="govuk-body" id="no-files">"No files uploaded"</p> }.into_any()
    } else {
        view! {
            <h2 class="govuk-heading-m">"Files added"</h2>
            <dl class="govuk-summary-list" id="uploaded-files">
                {files
                    .into_iter()
                    .map(|file| {
                        view! {
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key nrm-answer">{file.name.clone()}</dt>
                                <dd class="govuk-summary-list__value">{file.size}</dd>
                                <dd class="govuk-summary-list__actions">
                                    <form method="post" action=routes::REMOVE_UPLOAD>
                                        <input type="hidden" name="id" value=file.id />
                                        <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                                            "Remove" <span class="govuk-visually-hidden">" " {file.name}</span>
                                        </button>
                                    </form>
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        }
        .into_any()
    };
    view! {
        {list}
        <form method="post" action=routes::UPLOAD enctype="multipart/form-data" novalidate=true on:submit=upload_handler(errors)>
            <crate::components::FileUpload label_class="govuk-label--m" error />
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                "Upload file"
            </button>
        </form>
    }
}

/// The upload form's submit handler. Online with nothing waiting, the form
/// goes as the plain multipart post it is. Without a signal (or behind steps
/// saved without one), the file is checked as the server would check it and
/// sealed on the phone, to be uploaded with what else waits.
fn upload_handler(
    errors: RwSignal<Vec<crate::forms::FieldError>>,
) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use crate::on_device::{self, Queued};
            use wasm_bindgen::JsValue;
            let online = js_sys::Reflect::get(&window(), &JsValue::from_str("navigator"))
                .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("onLine")))
                .map(|v| v.as_bool() != Some(false))
                .unwrap_or(true);
            let waiting = on_device::waiting().get_untracked() != Default::default();
            if online && !waiting {
                return;
            }
            event.prevent_default();
            let Some(input) = document().get_element_by_id(UPLOAD_FIELD) else {
                return;
            };
            leptos::task::spawn_local(on_device::sendable(async move {
                match on_device::queue_file(input.clone().into()).await {
                    Queued::Queued => {
                        errors.set(Vec::new());
                        let _ = js_sys::Reflect::set(
                            &input,
                            &JsValue::from_str("value"),
                            &JsValue::from_str(""),
                        );
                    }
                    Queued::Refused(refusal) => {
                        errors.set(vec![crate::forms::FieldError::new(
                            UPLOAD_FIELD,
                            refusal.message(),
                        )]);
                        crate::browser::focus_error_summary();
                    }
                    Queued::NoCopy => crate::browser::post_form_plainly(&event),
                }
            }));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&event, errors);
    }
}

/// The form's submit handler: checks the answers in the browser, then saves
/// them through the server function and moves on without a page load.
fn submit_handler(
    step: &'static Step,
    child: bool,
    changing: bool,
    errors: RwSignal<Vec<crate::forms::FieldError>>,
) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    let saving = RwSignal::new(false);
    let navigate = use_navigate();
    move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use crate::browser;
            use crate::journey::progress::check;

            if browser::take_send_unchecked() {
                return;
            }
            let waiting: Vec<_> = step.lists().into_iter().filter(|l| !l.is_ready()).collect();
            if !waiting.is_empty() {
                browser::submit_once_lists_arrive(&event, waiting);
                return;
            }
            let names = step.names();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let Some(values) = browser::submitted_values(&event, &names) else {
                return;
            };
            let submitter = browser::submitter_name(&event);
            if let Err(found) = check(step, &values, child, crate::dates::today()) {
                event.prevent_default();
                errors.set(found);
                browser::focus_error_summary();
                return;
            }
            if submitter == SAVE_AND_EXIT {
                // Signing out needs the server's response: a plain post.
                return;
            }
            event.prevent_default();
            if saving.get_untracked() {
                return;
            }
            saving.set(true);
            let navigate = navigate.clone();
            let slug = step.slug.to_owned();
            leptos::task::spawn_local(async move {
                use crate::api::SaveOutcome;
                use crate::on_device;
                // Steps saved without a signal go first: this one waits behind them.
                let outcome = if on_device::is_waiting().await {
                    on_device::save_step(&slug, changing, &values)
                        .await
                        .ok_or(())
                } else {
                    match crate::api::save_step(slug.clone(), changing, values.clone()).await {
                        Ok(outcome) => {
                            if let SaveOutcome::GoTo(to) = &outcome {
                                on_device::saved_online(&slug, changing, &values, to).await;
                            }
                            Ok(outcome)
                        }
                        // No signal: kept on the phone, to be sent later.
                        Err(_) => on_device::save_step(&slug, changing, &values)
                            .await
                            .ok_or(()),
                    }
                };
                match outcome {
                    Ok(SaveOutcome::GoTo(href)) => navigate(&href, Default::default()),
                    Ok(SaveOutcome::Invalid(found)) => {
                        browser::note_activity();
                        errors.set(found);
                        browser::focus_error_summary();
                    }
                    Err(()) => browser::post_form_plainly(&event),
                }
                saving.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&event, step, child, changing, errors, saving, &navigate);
    }
}
