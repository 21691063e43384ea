use leptos::prelude::*;

use crate::components::Page;

#[component]
pub fn PrivacyNotice() -> impl IntoView {
    view! {
        <Page title="Privacy notice">
            <h1 class="govuk-heading-l">"Privacy notice"</h1>
            <p class="govuk-body">
                "This notice explains what happens to the information you give us when you use this service, whether it is about you or about the person you are referring."
            </p>
            <h2 class="govuk-heading-m">"Who is responsible for the information"</h2>
            <p class="govuk-body">
                "The Home Office is the data controller. Referrals are decided by the Single Competent Authority (SCA), which is part of the Home Office."
            </p>
            <h2 class="govuk-heading-m">"What we collect"</h2>
            <ul class="govuk-list govuk-list--bullet">
                <li>"About you: your name, work email address, phone number, job title and organisation."</li>
                <li>
                    "About the potential victim: what you tell us about them and what happened to them, their contact details if they agree, and any documents you upload."
                </li>
                <li>"Technical information: when you used the service and from which internet address, kept in our logs."</li>
            </ul>
            <h2 class="govuk-heading-m">"Why we use it"</h2>
            <p class="govuk-body">
                "We use the information to decide whether the person is a victim of modern slavery, to arrange support for them if they want it, and to meet the duty to notify under section 52 of the Modern Slavery Act 2015. Duty to notify reports are anonymous unless the person agrees to help the authorities."
            </p>
            <p class="govuk-body">
                "Our lawful basis is that the processing is needed to perform a task in the public interest. Information about a person's health, or that reveals their race, ethnic origin or religion, is processed for reasons of substantial public interest."
            </p>
            <h2 class="govuk-heading-m">"Who we share it with"</h2>
            <p class="govuk-body">
                "We share information only where it is needed: with support providers when the person asks for support, with the police and other law enforcement bodies to investigate crime, and with local authorities to protect children. We never sell it."
            </p>
            <h2 class="govuk-heading-m">"How long we keep it"</h2>
            <p class="govuk-body">
                "Unsent referrals are deleted if they are not changed for 28 days. Sent referrals and decisions are kept for as long as the law requires, and then deleted."
            </p>
            <h2 class="govuk-heading-m">"How we protect it"</h2>
            <p class="govuk-body">
                "Information is encrypted while it travels, and only people who need it for their work can see it. Contact details are used only in the ways the person has told us are safe."
            </p>
            <h2 class="govuk-heading-m">"Your rights"</h2>
            <p class="govuk-body">
                "You can ask to see the information we hold about you, ask for it to be corrected, or object to how it is used. You can complain to the Information Commissioner's Office (ICO) if you are not happy with how we use it."
            </p>
            <h2 class="govuk-heading-m">"Cookies"</h2>
            <p class="govuk-body">
                "We use one cookie to keep you signed in. It is essential for the service to work and is deleted when you sign out or close your browser. We do not use analytics or advertising cookies."
            </p>
        </Page>
    }
}
