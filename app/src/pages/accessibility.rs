use leptos::prelude::*;

use crate::components::Page;
use crate::SERVICE_NAME;

#[component]
pub fn AccessibilityStatement() -> impl IntoView {
    view! {
        <Page title="Accessibility statement">
            <h1 class="govuk-heading-l">"Accessibility statement"</h1>
            <p class="govuk-body">
                "This statement applies to the service " {SERVICE_NAME} "."
            </p>
            <p class="govuk-body">
                "We want as many people as possible to be able to use this service. You should be able to:"
            </p>
            <ul class="govuk-list govuk-list--bullet">
                <li>"change colours, contrast levels and fonts using your browser or device settings"</li>
                <li>"zoom in up to 400% without the text spilling off the screen"</li>
                <li>"use every page with a keyboard alone"</li>
                <li>"use every page with a screen reader, including JAWS, NVDA and VoiceOver"</li>
                <li>"use every page with JavaScript turned off"</li>
                <li>"use the service on a phone with a screen 320 pixels wide"</li>
            </ul>
            <h2 class="govuk-heading-m">"How accessible this service is"</h2>
            <p class="govuk-body">
                "We build every page to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page is checked automatically, in its normal state and with errors showing, on a phone-sized and a desktop-sized screen, each time we change the service."
            </p>
            <p class="govuk-body">
                "Automated checks find only some problems. The service has not yet been audited by an independent accessibility specialist. We will publish the results here when it has."
            </p>
            <h2 class="govuk-heading-m">"Reporting accessibility problems"</h2>
            <p class="govuk-body">
                "If you find a problem that is not listed on this page, or you need information from this service in a different format, tell the NRM contact in your organisation. They will pass it to the team that runs the service, who will reply within 5 working days."
            </p>
            <h2 class="govuk-heading-m">"Enforcement procedure"</h2>
            <p class="govuk-body">
                "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the accessibility regulations). If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS)."
            </p>
            <h2 class="govuk-heading-m">"Technical information"</h2>
            <p class="govuk-body">
                "This service is partially compliant with WCAG version 2.2 AA, because it has not yet been independently audited. We know of no failures at the time of writing."
            </p>
            <p class="govuk-body">"This statement was prepared on 29 November 2026."</p>
        </Page>
    }
}
