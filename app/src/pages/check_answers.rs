//! `/nrm/confirm` (check your answers and send) and `/nrm/confirmation`.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{check_answers, find_submitted, CheckAnswersLoad, CheckAnswersView, Submitted};
use crate::components::{OfflineStatus, Page};
use crate::journey::summary::SummarySection;
use crate::pages::step::{go_to, ServiceProblem};
use crate::pages::NotFound;
use crate::routes;

#[component]
pub fn CheckAnswers() -> impl IntoView {
    let load = Resource::new(|| (), |_| load());
    let navigate = use_navigate();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let navigate = navigate.clone();
                Suspend::new(async move {
                    match load.await {
                        Ok(CheckAnswersLoad::Show(view)) => view! { <Answers view /> }.into_any(),
                        Ok(CheckAnswersLoad::GoTo(href)) => {
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

/// Check-your-answers from the server; in the browser, from the phone's copy
/// when steps saved without a signal wait or the server cannot be reached.
async fn load() -> Result<CheckAnswersLoad, ServerFnError> {
    #[cfg(feature = "hydrate")]
    {
        use crate::on_device;
        on_device::sendable(async move {
            if on_device::is_waiting().await {
                if let Some(page) = on_device::check_answers().await {
                    return Ok(page);
                }
            }
            match check_answers().await {
                Ok(page) => Ok(page),
                Err(error) => on_device::check_answers().await.ok_or(error),
            }
        })
        .await
    }
    #[cfg(not(feature = "hydrate"))]
    check_answers().await
}

/// Send, with JavaScript: through the phone's copy, so that a press without
/// a signal is kept and sent (once) when there is one; without a copy, the
/// plain post.
#[cfg(feature = "hydrate")]
fn send(event: leptos::ev::SubmitEvent, sending: RwSignal<bool>) {
    use crate::on_device;
    event.prevent_default();
    let navigate = use_navigate();
    leptos::task::spawn_local(on_device::sendable(async move {
        if !on_device::press_send().await {
            crate::browser::post_form_plainly(&event);
            return;
        }
        match on_device::sync().await {
            Some(to) => navigate(&to, Default::default()),
            // Kept: the status says so, and it goes when the signal is back.
            None => sending.set(false),
        }
    }));
}

#[component]
fn Answers(view: CheckAnswersView) -> impl IntoView {
    let sending = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| crate::on_device::on_journey_page());
    let (title, button) = if view.duty_to_notify {
        (
            "Check your answers before sending your Duty to Notify report",
            "Accept and send report",
        )
    } else {
        (
            "Check your answers before sending your referral",
            "Accept and send referral",
        )
    };
    view! {
        <Page title=title back=view.back.clone()>
            <OfflineStatus />
            <span class="govuk-caption-l">{view.report_name.clone()}</span>
            <h1 class="govuk-heading-l">{title}</h1>
            {view.sections.into_iter().map(|section| view! { <Section section /> }).collect_view()}
            {(!view.replaced.is_empty()).then(|| {
                let section = SummarySection {
                    title: "Answers replaced by newer ones".to_owned(),
                    rows: view.replaced.clone(),
                };
                view! { <div id="replaced-answers"><Section section /></div> }
            })}
            <h2 class="govuk-heading-m">"Now send your report"</h2>
            <p class="govuk-body">
                "By sending this report you confirm that, to the best of your knowledge, the details you are giving are correct."
            </p>
            <p class="govuk-body">
                "The Home Office will use the details to decide whether the person is a victim of modern slavery and, for a Duty to Notify report, to understand modern slavery and to help the police."
            </p>
            // One press only: the button disables itself, and the server sends
            // each report once however many posts arrive.
            <form method="post" action=routes::CONFIRM on:submit=move |event| {
                sending.set(true);
                #[cfg(feature = "hydrate")]
                send(event, sending);
                #[cfg(not(feature = "hydrate"))]
                let _ = event;
            }>
                <button
                    type="submit"
                    class="govuk-button"
                    data-module="govuk-button"
                    data-prevent-double-click="true"
                    aria-disabled=move || sending.get().then_some("true")
                    on:click=move |event| {
                        if sending.get_untracked() {
                            event.prevent_default();
                        }
                    }
                >
                    {button}
                </button>
            </form>
        </Page>
    }
}

#[component]
fn Section(section: SummarySection) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">{section.title}</h2>
        <dl class="govuk-summary-list govuk-!-margin-bottom-9">
            {section
                .rows
                .into_iter()
                .map(|row| {
                    let key = row.key.clone();
                    view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">{row.key}</dt>
                            <dd class="govuk-summary-list__value nrm-answer">
                                {row.lines.into_iter().map(|line| view! { <p class="govuk-body">{line}</p> }).collect_view()}
                                {row.note.map(|note| view! { <p class="govuk-hint">{note}</p> })}
                            </dd>
                            {match row.change {
                                Some(href) => view! {
                                    <dd class="govuk-summary-list__actions">
                                        <a class="govuk-link" href=href>
                                            "Change" <span class="govuk-visually-hidden">" " {key.to_ascii_lowercase()}</span>
                                        </a>
                                    </dd>
                                }.into_any(),
                                None => view! { <dd class="govuk-summary-list__actions"></dd> }.into_any(),
                            }}
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// `/nrm/confirmation?reference=…`: the reference, on screen (the live service only emails it).
#[component]
pub fn Confirmation() -> impl IntoView {
    let query = use_query_map();
    let reference = move || query.read().get("reference").unwrap_or_default();
    let load = Resource::new(reference, find_submitted);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(Some(sent)) => view! { <Sent sent /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <ServiceProblem /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sent(sent: Submitted) -> impl IntoView {
    let title = if sent.duty_to_notify {
        "Duty to Notify report sent"
    } else {
        "Referral sent"
    };
    view! {
        <Page title=title>
            <div class="govuk-panel govuk-panel--confirmation">
                <h1 class="govuk-panel__title">{title}</h1>
                <div class="govuk-panel__body">
                    "Your reference number" <br /> <strong id="reference">{sent.reference.clone()}</strong>
                </div>
            </div>
            <p class="govuk-body">
                "We have sent a confirmation email to " <strong>{sent.email}</strong>
                " with the reference number. Keep the reference: you will need it if you contact us about this report."
            </p>
            {if sent.duty_to_notify {
                view! {
                    <h2 class="govuk-heading-m">"How the report is used"</h2>
                    <p class="govuk-body">
                        "The report is anonymous unless the person agreed to help the authorities. The Home Office uses it to understand modern slavery, and shares it with the police and other law enforcement bodies to help them tackle it."
                    </p>
                }.into_any()
            } else {
                view! {
                    <h2 class="govuk-heading-m">"What happens next"</h2>
                    <p class="govuk-body">
                        "The Single Competent Authority will decide whether there are reasonable grounds to believe the person is a victim of modern slavery. It aims to decide within 5 working days."
                    </p>
                    <h2 class="govuk-heading-m">"Support"</h2>
                    <p class="govuk-body">
                        "If the person agreed to support, a support provider will contact them. If they are in immediate danger, call 999."
                    </p>
                }.into_any()
            }}
            <p class="govuk-body">
                <a class="govuk-link" href=routes::REPORTS>"Go to your reports"</a>
            </p>
        </Page>
    }
}
