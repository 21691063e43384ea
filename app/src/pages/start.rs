use leptos::prelude::*;

use crate::components::Page;
use crate::routes;
use crate::SERVICE_NAME;

#[component]
pub fn StartPage() -> impl IntoView {
    view! {
        <Page title=SERVICE_NAME>
            <h1 class="govuk-heading-xl">{SERVICE_NAME}</h1>
            <p class="govuk-body">
                "Use this service to refer someone who may be a victim of modern slavery or human trafficking to the National Referral Mechanism (NRM)."
            </p>
            <p class="govuk-body">
                "You can also use it to tell the Home Office about an adult who does not want to be referred. This is called the duty to notify."
            </p>
            <h2 class="govuk-heading-m">"Who can use this service"</h2>
            <p class="govuk-body">
                "You must be a first responder. This means you work for one of the organisations allowed to make referrals, such as a police force, a local authority, UK Visas and Immigration or a designated charity."
            </p>
            <p class="govuk-body">
                "You sign in with your work email address. We will email you a link to continue."
            </p>
            <h2 class="govuk-heading-m">"Before you start"</h2>
            <p class="govuk-body">
                "It takes about 45 minutes. You can save your answers and come back later. Saved answers are deleted if you do not change them for 28 days."
            </p>
            <p class="govuk-body">
                "If the person is under 18, or may be, they are referred automatically and do not need to agree."
            </p>
            <a
                href=routes::WHO_DO_YOU_WORK_FOR
                role="button"
                draggable="false"
                class="govuk-button govuk-button--start"
            >
                "Start now"
                <svg
                    class="govuk-button__start-icon"
                    xmlns="http://www.w3.org/2000/svg"
                    width="17.5"
                    height="19"
                    viewBox="0 0 33 40"
                    aria-hidden="true"
                    focusable="false"
                >
                    <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"></path>
                </svg>
            </a>
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">
                    "!"
                </span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    "If someone is in immediate danger, call 999."
                </strong>
            </div>
            <h2 class="govuk-heading-m">"If you are not a first responder"</h2>
            <p class="govuk-body">
                "Call the Modern Slavery and Exploitation Helpline on 08000 121 700. It is free and open 24 hours a day."
            </p>
        </Page>
    }
}
