//! The staff second factor's pages, after the password:
//!
//! - `/staff/second-factor/set-up`: a first sign-in adds the service to an
//!   authenticator app (a QR code, or the secret typed out) and confirms it
//!   with a code. The answer to that form is this page again, showing the
//!   ten recovery codes once.
//! - `/staff/second-factor`: the code from the app.
//! - `/staff/second-factor/recovery-code`: a recovery code instead.
//!
//! Every form is a plain post to its page's own address; the wasm checks the
//! code's shape first, the server whether it is right.

use leptos::prelude::*;

use crate::api::second_factor;
use crate::components::{use_form_state, CheckedForm, ErrorSummary, Page, SignOut, TextInput};
use crate::forms::FormSpec;
use crate::pages::LoadProblem;
use crate::routes;
use crate::second_factor::{
    CodeForm, Enrolment, IssuedRecoveryCodes, RecoveryCodeForm, SecondFactorLoad, CODE,
    RECOVERY_CODE,
};

/// Loads where the person stands, then draws `show` (or the way back to sign-in).
fn with_load(show: fn(SecondFactorLoad) -> AnyView) -> impl IntoView {
    let load = Resource::new(|| (), |_| second_factor());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(SecondFactorLoad::SignInFirst) => view! { <SignInFirst /> }.into_any(),
                    Ok(found) => show(found),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/staff/second-factor/set-up`.
#[component]
pub fn SetUpSecondFactor() -> impl IntoView {
    // Drawn by the server in its answer to a right code, once; a reload shows
    // the set-up's state again (and no codes).
    let issued = SharedValue::new(use_context::<IssuedRecoveryCodes>).into_inner();
    match issued {
        Some(issued) => view! { <RecoveryCodesIssued issued /> }.into_any(),
        None => with_load(|found| match found {
            SecondFactorLoad::SetUp(enrolment) => view! { <SetUp enrolment /> }.into_any(),
            _ => view! { <AlreadySetUp /> }.into_any(),
        })
        .into_any(),
    }
}

#[component]
fn SetUp(enrolment: Enrolment) -> impl IntoView {
    let (_, errors) = use_form_state();
    let has_errors = Signal::derive(move || !errors.read().is_empty());
    view! {
        <Page title="Set up your second factor" has_errors>
            <ErrorSummary errors />
            <span class="govuk-caption-l govuk-!-text-break-word">{enrolment.email}</span>
            <h1 class="govuk-heading-l">"Set up your second factor"</h1>
            <p class="govuk-body">
                "Every time you sign in to the casework desk you will give your password and a 6-digit code from an authenticator app on your work phone. The code changes every 30 seconds."
            </p>
            <h2 class="govuk-heading-m">"1. Add the casework desk to your authenticator app"</h2>
            <p class="govuk-body">"Open the app and scan this QR code."</p>
            <img class="nrm-qr-code" src=enrolment.qr_code width="200" height="200"
                alt="QR code for your authenticator app. If you cannot scan it, use the setup key below." />
            <h3 class="govuk-heading-s">"If you cannot scan the QR code"</h3>
            <p class="govuk-body">"Choose to enter a setup key in the app, and type this key. It is not case sensitive and the spaces do not matter."</p>
            <p class="govuk-body govuk-!-font-weight-bold nrm-secret" id="setup-key">{enrolment.secret}</p>
            <p class="govuk-body">"Choose a time-based code if the app asks."</p>
            <h2 class="govuk-heading-m">"2. Enter the code the app shows"</h2>
            <CodeEntry errors button="Confirm and continue" />
            <SignOut />
        </Page>
    }
}

/// The code field and its button, for setting up and for signing in.
#[component]
fn CodeEntry(
    errors: RwSignal<Vec<crate::forms::FieldError>>,
    button: &'static str,
) -> impl IntoView {
    view! {
        <CheckedForm errors fields=CodeForm::FIELDS check=CodeForm::errors>
            <TextInput
                name=CODE
                label="Code from your authenticator app"
                hint="The 6-digit code, for example 123456"
                value=String::new()
                errors
                autocomplete="one-time-code"
                inputmode="numeric"
                spellcheck_off=true
                width_class="govuk-input--width-5"
            />
            <button type="submit" class="govuk-button" data-module="govuk-button">{button}</button>
        </CheckedForm>
    }
}

#[component]
fn RecoveryCodesIssued(issued: IssuedRecoveryCodes) -> impl IntoView {
    view! {
        <Page title="Save your recovery codes">
            <div class="govuk-panel govuk-panel--confirmation">
                <h1 class="govuk-panel__title">"Your second factor is set up"</h1>
            </div>
            <h2 class="govuk-heading-m">"Save your recovery codes"</h2>
            <p class="govuk-body">
                "If you lose your phone or cannot use the app, you can sign in with one of these codes instead. Each code works once."
            </p>
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    "This is the only time the codes are shown. Keep them somewhere safe and private, such as your password manager. Do not keep them with your phone."
                </strong>
            </div>
            <ol class="govuk-list govuk-list--number nrm-recovery-codes" id="recovery-codes">
                {issued.codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ol>
            <p class="govuk-body">"If you run out of codes or lose them, ask an administrator to reset your second factor."</p>
            // A full page load: the page (and its header) is drawn anew for
            // the session that has just begun.
            <a class="govuk-button" data-module="govuk-button" href=issued.continue_to role="button" draggable="false" rel="external">
                "I have saved my codes: continue"
            </a>
        </Page>
    }
}

#[component]
fn AlreadySetUp() -> impl IntoView {
    view! {
        <Page title="Your second factor is already set up">
            <h1 class="govuk-heading-l">"Your second factor is already set up"</h1>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::SECOND_FACTOR>"Enter the code from your authenticator app"</a>
            </p>
            <p class="govuk-body">"If you have lost the phone with the app, use a recovery code, or ask an administrator to reset your second factor."</p>
        </Page>
    }
}

#[component]
fn SignInFirst() -> impl IntoView {
    view! {
        <Page title="Sign in first">
            <h1 class="govuk-heading-l">"Sign in first"</h1>
            <p class="govuk-body">
                "The code is asked for after your password, and only for a few minutes. "
                <a class="govuk-link" href=routes::STAFF_SIGN_IN>"Sign in to the casework desk"</a>
            </p>
        </Page>
    }
}

/// `/staff/second-factor`.
#[component]
pub fn EnterSecondFactor() -> impl IntoView {
    with_load(|found| match found {
        SecondFactorLoad::EnterCode { email } => view! { <EnterCode email /> }.into_any(),
        _ => view! { <NotSetUp /> }.into_any(),
    })
}

#[component]
fn EnterCode(email: String) -> impl IntoView {
    view! {
        <CodeStep
            email
            title="Enter the code from your authenticator app"
            intro="Open the authenticator app on your work phone and enter the code it shows for the casework desk."
            form=|errors| view! { <CodeEntry errors button="Continue" /> }.into_any()
        >
            <p class="govuk-body">
                <a class="govuk-link" href=routes::RECOVERY_CODE>"I cannot use my authenticator app"</a>
            </p>
        </CodeStep>
    }
}

/// A sign-in's second step: the person's address, a heading, a line of
/// help, the form, what follows it, and a way to sign out.
#[component]
fn CodeStep(
    email: String,
    title: &'static str,
    intro: &'static str,
    form: fn(RwSignal<Vec<crate::forms::FieldError>>) -> AnyView,
    children: Children,
) -> impl IntoView {
    let (_, errors) = use_form_state();
    let has_errors = Signal::derive(move || !errors.read().is_empty());
    view! {
        <Page title has_errors>
            <ErrorSummary errors />
            <span class="govuk-caption-l govuk-!-text-break-word">{email}</span>
            <h1 class="govuk-heading-l">{title}</h1>
            <p class="govuk-body">{intro}</p>
            {form(errors)}
            {children()}
            <SignOut />
        </Page>
    }
}

#[component]
fn NotSetUp() -> impl IntoView {
    view! {
        <Page title="Set up your second factor first">
            <h1 class="govuk-heading-l">"Set up your second factor first"</h1>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::SECOND_FACTOR_SET_UP>"Set up your second factor"</a>
            </p>
        </Page>
    }
}

/// `/staff/second-factor/recovery-code`.
#[component]
pub fn EnterRecoveryCode() -> impl IntoView {
    with_load(|found| match found {
        SecondFactorLoad::EnterCode { email } => view! { <RecoveryCodeEntry email /> }.into_any(),
        _ => view! { <NotSetUp /> }.into_any(),
    })
}

#[component]
fn RecoveryCodeEntry(email: String) -> impl IntoView {
    view! {
        <CodeStep
            email
            title="Enter a recovery code"
            intro="Use one of the codes you saved when you set up your second factor. Each code works once."
            form=|errors| view! {
                <CheckedForm errors fields=RecoveryCodeForm::FIELDS check=RecoveryCodeForm::errors>
                    <TextInput
                        name=RECOVERY_CODE
                        label="Recovery code"
                        hint="16 letters and numbers, for example abcd-efgh-jkmn-pqrs"
                        value=String::new()
                        errors
                        autocomplete="off"
                        spellcheck_off=true
                        width_class="govuk-input--width-20"
                    />
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Continue"</button>
                </CheckedForm>
            }.into_any()
        >
            <p class="govuk-body">
                <a class="govuk-link" href=routes::SECOND_FACTOR>"Use the code from your authenticator app instead"</a>
            </p>
            <p class="govuk-body">"If you have no codes left, ask an administrator to reset your second factor. You will set it up again when you next sign in."</p>
        </CodeStep>
    }
}
