//! `/casework/admin/failed-mail`: email the service gave up sending after its
//! last attempt (a sign-in link, a confirmation, a decision letter), the
//! oldest first, each with a button that puts it back in the queue.

use leptos::prelude::*;

use crate::api::{failed_mail, FailedMailRow};
use crate::components::{Page, RowAction};
use crate::pages::LoadProblem;
use crate::routes;

#[component]
pub fn FailedMail() -> impl IntoView {
    let load = Resource::new(|| (), |()| failed_mail());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(rows) => view! { <Messages rows /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Messages(rows: Vec<FailedMailRow>) -> impl IntoView {
    let count = rows.len();
    view! {
        <Page title="Email not sent" back=routes::STAFF_ADMIN.to_owned()>
            <h1 class="govuk-heading-l">"Email not sent"</h1>
            <p class="govuk-body">
                "The service tries to send each email 8 times over about 4 hours. These are the ones it gave up on. Check the mail server or the address, then send the email again."
            </p>
            <p class="govuk-body" id="failed-mail-count">
                {match count {
                    0 => "Every email has been sent.".to_owned(),
                    1 => "1 email was not sent.".to_owned(),
                    n => format!("{n} emails were not sent (at most 200 are shown)."),
                }}
            </p>
            {(count > 0).then(|| view! {
                <div class="nrm-table-scroll" role="region" aria-label="Email not sent" tabindex="0">
                    <table class="govuk-table" id="failed-mail">
                        <caption class="govuk-table__caption govuk-visually-hidden">"Email not sent, oldest first"</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Queued"</th>
                                <th scope="col" class="govuk-table__header">"To"</th>
                                <th scope="col" class="govuk-table__header">"Subject"</th>
                                <th scope="col" class="govuk-table__header">"What went wrong"</th>
                                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Action"</span></th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {rows.into_iter().map(|row| {
                                let about = format!("to {}: {}", row.recipient, row.subject);
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">{row.queued}</td>
                                        <td class="govuk-table__cell nrm-answer">{row.recipient}</td>
                                        <td class="govuk-table__cell">{row.subject}</td>
                                        <td class="govuk-table__cell nrm-answer">
                                            {row.last_error}<br />
                                            <span class="govuk-hint govuk-!-margin-bottom-0">{format!("{} attempts", row.attempts)}</span>
                                        </td>
                                        <td class="govuk-table__cell">
                                            <RowAction action=row.retry_href label="Send again" about />
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </Page>
    }
}
