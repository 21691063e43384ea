use leptos::prelude::*;

use crate::components::Page;
use crate::SERVICE_NAME;

/// The testing tools, at the versions `end2end/package.json` pins (a browser
/// test holds the two in step).
pub struct Tools {
    pub axe: &'static str,
    pub playwright: &'static str,
    pub screen_reader: &'static str,
}

pub const TOOLS: Tools = Tools {
    axe: "axe-core 4.14.1 (through @axe-core/playwright 4.14.0)",
    playwright: "Playwright 1.65.1",
    screen_reader: "the Guidepup virtual screen reader 0.33.0",
};

/// When the checks last ran on this build: the test command builds the
/// service it tests with the day's date (`NRM_CHECKED_ON`).
fn last_run() -> String {
    match option_env!("NRM_CHECKED_ON") {
        Some(date) if !date.is_empty() => {
            format!("These checks last ran on this version of the service on {date}.")
        }
        _ => "This version of the service was built without running these checks.".to_owned(),
    }
}

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
                <li>"use every page with a screen reader"</li>
                <li>"use every page with JavaScript turned off"</li>
                <li>"use the service on a phone with a screen 320 pixels wide"</li>
            </ul>
            <h2 class="govuk-heading-m">"How accessible this service is"</h2>
            <p class="govuk-body">
                "We build every page to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Each time we change the service, automated tests check it in the Chromium browser, as below."
            </p>
            <h3 class="govuk-heading-s">"What is tested, and how"</h3>
            <ul class="govuk-list govuk-list--bullet" id="tested">
                <li>
                    "Every page, in its normal state and with errors showing, on a 375 pixel phone screen and a 1280 pixel desktop screen, with JavaScript on and off, is checked against WCAG 2.2 AA rules with "
                    {TOOLS.axe}" and "{TOOLS.playwright}"."
                </li>
                <li>
                    "What a screen reader says is checked with "{TOOLS.screen_reader}" for: the error summary, radio questions and what they reveal, the character count, the date of birth, suggestions from a list, the warning before you are signed out, the list of uploaded files, the casework queue's sort order and a refused casework decision."
                </li>
                <li>"A whole referral for an adult and one for a child, and a casework decision, are made with the keyboard alone, checking at every step that the focus can be seen."</li>
                <li>"The public pages, every question of a referral (and one with its errors showing), check your answers, the confirmation, your reports, and every page of the casework desk are checked at 320 pixels wide and at 400% zoom for sideways scrolling, with wider text spacing for text that is cut off, and in forced colours (high contrast) for buttons, tags, error borders and focus outlines."</li>
            </ul>
            <p class="govuk-body" id="last-run">{last_run()}</p>
            <h3 class="govuk-heading-s">"What is not tested yet"</h3>
            <ul class="govuk-list govuk-list--bullet" id="not-tested">
                <li>"The service has not been audited by an independent accessibility specialist. We will publish the results here when it has."</li>
                <li>"It has not been tested in sessions with real screen readers (JAWS, NVDA, VoiceOver, TalkBack) or with speech recognition software. The virtual screen reader follows the rules these screen readers follow, but each has its own behaviour."</li>
                <li>"It has not been tested in browsers other than Chromium."</li>
            </ul>
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
            <p class="govuk-body">"This statement was prepared on 29 November 2026. It was last reviewed on 6 December 2026."</p>
        </Page>
    }
}
