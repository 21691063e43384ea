//! `/casework/cases/<reference>`: one case, its forms, timeline, letters, documents and
//! possible duplicates.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{
    casework_case, CaseView, DocumentLink, DuplicateCandidate, LetterEntry, ShareEntry, ViewerEntry,
};
use crate::casework::case_forms::{
    reasons_field, CaseForm, ASSIGNEE, DUPLICATE_OF, EVENT, FORM, NOTE, REASONS,
};
use crate::casework::lifecycle::Event;
use crate::components::{use_form_state, ErrorSummary, Page};
use crate::pages::{LoadProblem, NotFound};
use crate::routes;

/// `/casework/cases/<reference>`.
#[component]
pub fn CaseDetail() -> impl IntoView {
    let params = use_params_map();
    let load = Resource::new(
        move || params.read().get("reference").unwrap_or_default(),
        casework_case,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match load.await {
                    Ok(Some(view)) => view! { <Case view /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <LoadProblem error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A row of a summary list.
#[component]
fn Fact(key: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{children()}</dd>
        </div>
    }
}

#[component]
fn Case(view: CaseView) -> impl IntoView {
    let CaseView {
        reference,
        status,
        received,
        rg_due,
        overdue,
        assignee,
        me,
        caseworkers,
        sections,
        documents,
        letters,
        shares,
        viewed_by,
        duplicates,
        can_link,
        timeline,
        actions,
        redacted_on,
    } = view;
    // Every form posts to the case's own address (`FORM` says which).
    let case_href = format!("{}/{reference}", routes::CASES);
    let mine = assignee == me;
    let shown_assignee = if assignee.is_empty() {
        "Nobody".to_owned()
    } else {
        assignee.clone()
    };
    // After a refused post the server draws this page again (422) with the
    // problem and what was typed.
    let (posted, errors) = use_form_state();
    let message_for = move |field: &str| {
        errors.with_untracked(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    };
    let note_problem = message_for(NOTE);
    let typed_note = posted.get(NOTE).to_owned();
    let refused_event = posted.get(EVENT).to_owned();
    let typed_reasons = posted.get(REASONS).to_owned();
    view! {
        <Page title="Case" back=routes::CASEWORK.to_owned() has_errors=Signal::derive(move || errors.with(|e| !e.is_empty()))>
            <ErrorSummary errors />
            <span class="govuk-caption-l">"Case"</span>
            <h1 class="govuk-heading-l" id="case-reference">{reference.clone()}</h1>
            <dl class="govuk-summary-list">
                <Fact key="Status"><span id="case-status">{status}</span></Fact>
                <Fact key="Received">{received}</Fact>
                <Fact key="Reasonable grounds due">
                    <span id="rg-due">
                        {rg_due}
                        {overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Overdue"</strong> })}
                    </span>
                </Fact>
                <Fact key="Assigned to">
                    <span id="assignee">{shown_assignee}</span>
                </Fact>
            </dl>
            <form method="post" action=case_href.clone()>
                <input type="hidden" name=FORM value=CaseForm::Assign.as_str() />
                <input type="hidden" name=ASSIGNEE value=if mine { "nobody" } else { "me" } />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                    {if mine { "Unassign me" } else { "Assign to me" }}
                </button>
            </form>
            {(!caseworkers.is_empty()).then(|| view! {
                <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                    <input type="hidden" name=FORM value=CaseForm::Assign.as_str() />
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="reassign">"Give the case to"</label>
                        <select class="govuk-select" id="reassign" name=ASSIGNEE>
                            {caseworkers.into_iter().map(|email| {
                                let selected = email == assignee;
                                view! { <option value=email.clone() selected=selected>{email.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Reassign"</button>
                </form>
            })}
            <h2 class="govuk-heading-m" id="next-steps" tabindex="-1">"Next steps"</h2>
            {if actions.is_empty() {
                view! { <p class="govuk-body">"There is nothing you can do to this case now."</p> }.into_any()
            } else {
                actions.into_iter().enumerate().map(|(i, action)| {
                    let id = reasons_field(i);
                    let error = message_for(&id);
                    let typed = if action.event == refused_event { typed_reasons.clone() } else { String::new() };
                    let error_id = format!("{id}-error");
                    view! {
                        <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                            <input type="hidden" name=FORM value=CaseForm::Event.as_str() />
                            <input type="hidden" name=EVENT value=action.event.clone() />
                            {action.needs_reasons.then(|| view! {
                                <div class=if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                                    <label class="govuk-label" for=id.clone()>{format!("Reasons: {}", action.label.to_ascii_lowercase())}</label>
                                    {error.clone().map(|message| view! {
                                        <p id=error_id.clone() class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{message}</p>
                                    })}
                                    <textarea
                                        class=if error.is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                                        id=id.clone() name=REASONS rows="3"
                                        aria-describedby=error.is_some().then(|| error_id.clone())
                                    >{typed}</textarea>
                                </div>
                            })}
                            <button type="submit" class="govuk-button" data-module="govuk-button">{action.label}</button>
                        </form>
                    }
                }).collect_view().into_any()
            }}
            <h2 class="govuk-heading-m">"Add an internal note"</h2>
            <form method="post" action=case_href.clone()>
                <input type="hidden" name=FORM value=CaseForm::Note.as_str() />
                <div class=if note_problem.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <label class="govuk-label" for="note">"Note (first responders never see notes)"</label>
                    {note_problem.clone().map(|message| view! {
                        <p id="note-error" class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{message}</p>
                    })}
                    <textarea
                        class=if note_problem.is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                        id=NOTE name=NOTE rows="3"
                        aria-describedby=note_problem.as_ref().map(|_| "note-error")
                    >{typed_note}</textarea>
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Add note"</button>
            </form>
            <h2 class="govuk-heading-m">"Timeline"</h2>
            <ol class="nrm-timeline" id="timeline">
                {timeline.into_iter().map(|entry| view! {
                    <li class="nrm-timeline__item">
                        <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{entry.title}</h3>
                        <p class="govuk-body-s govuk-!-margin-bottom-1">{entry.who} ", " {entry.when}</p>
                        {(!entry.reasons.is_empty()).then(|| view! { <p class="govuk-body nrm-answer">{entry.reasons}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            <CaseLetters letters />
            <CaseShares shares />
            <ViewedBy viewed_by />
            <CaseDocuments documents />
            <PossibleDuplicates duplicates can_link case_href />
            <h2 class="govuk-heading-m">"The referral"</h2>
            {redacted_on.map(|on| view! {
                <div class="govuk-inset-text">
                    "This case closed long enough ago that its personal details were removed on "
                    {on}
                    " under the retention schedule: the answers, names, reasons, notes, letters and evidence files are no longer held."
                </div>
            })}
            {sections.into_iter().map(|section| view! {
                <h3 class="govuk-heading-s">{section.title}</h3>
                <dl class="govuk-summary-list govuk-!-margin-bottom-6">
                    {section.rows.into_iter().map(|row| view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">{row.key}</dt>
                            <dd class="govuk-summary-list__value nrm-answer">
                                {row.lines.into_iter().map(|line| view! { <p class="govuk-body">{line}</p> }).collect_view()}
                            </dd>
                        </div>
                    }).collect_view()}
                </dl>
            }).collect_view()}
        </Page>
    }
}

/// Whom the referrer shared the referral with (the colleagues who can see
/// its messages and answer), withdrawn shares included.
#[component]
fn CaseShares(shares: Vec<ShareEntry>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Shared by the referrer"</h2>
        {if shares.is_empty() {
            view! { <p class="govuk-body">"The referrer has not shared this referral."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list govuk-list--bullet" id="shares">
                    {shares.into_iter().map(|share| {
                        let text = match share.until {
                            Some(until) => format!("{} by {}, from {} to {}", share.with, share.by, share.since, until),
                            None => format!("{} by {}, since {}", share.with, share.by, share.since),
                        };
                        view! { <li>{format!("Shared with {text}")}</li> }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// Who has opened the case, from the audit log.
#[component]
fn ViewedBy(viewed_by: Vec<ViewerEntry>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Who has opened this case"</h2>
        <ul class="govuk-list govuk-list--bullet" id="viewed-by">
            {viewed_by.into_iter().map(|viewer| {
                let times = if viewer.times == 1 { "once".to_owned() } else { format!("{} times", viewer.times) };
                view! { <li>{format!("{} ({}), last on {}, {times}", viewer.who, viewer.role, viewer.last)}</li> }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn CaseLetters(letters: Vec<LetterEntry>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m" id="letters-heading">"Letters"</h2>
        {if letters.is_empty() {
            view! { <p class="govuk-body">"No letters yet: letters are written when a decision is issued."</p> }.into_any()
        } else {
            view! {
                <div class="nrm-table-scroll" role="region" aria-labelledby="letters-heading" tabindex="0">
                    <table class="govuk-table" id="letters">
                        <caption class="govuk-table__caption govuk-visually-hidden">"Letters written for this case"</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"Written"</th>
                                <th scope="col" class="govuk-table__header">"To"</th>
                                <th scope="col" class="govuk-table__header">"By"</th>
                                <th scope="col" class="govuk-table__header">"Address"</th>
                                <th scope="col" class="govuk-table__header">"Subject"</th>
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {letters.into_iter().map(|l| view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">{l.when}</td>
                                    <td class="govuk-table__cell">{l.to}</td>
                                    <td class="govuk-table__cell">{l.route}</td>
                                    <td class="govuk-table__cell nrm-answer">
                                        {l.address.into_iter().map(|line| view! { {line} <br /> }).collect_view()}
                                    </td>
                                    <td class="govuk-table__cell">{l.subject}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn CaseDocuments(documents: Vec<DocumentLink>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Documents"</h2>
        {if documents.is_empty() {
            view! { <p class="govuk-body">"The first responder sent no files."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list" id="documents">
                    {documents.into_iter().map(|d| view! {
                        <li><a class="govuk-link" href=d.href download="">{d.name}</a> {format!(" ({})", d.size)}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn PossibleDuplicates(
    duplicates: Vec<DuplicateCandidate>,
    can_link: bool,
    case_href: String,
) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">"Possible duplicates"</h2>
        {if duplicates.is_empty() {
            view! { <p class="govuk-body" id="duplicates">"No other referral has a similar name with the same date of birth or nationality."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list" id="duplicates">
                    {duplicates.into_iter().map(|d| {
                        let href = format!("{}/{}", routes::CASES, d.reference);
                        view! {
                            <li class="govuk-!-margin-bottom-4">
                                <a class="govuk-link" href=href>{d.reference.clone()}</a>
                                {format!(": {}, born {}, {}, referred by {}. {}.", d.name, d.date_of_birth, d.nationality, d.organisation, d.why)}
                                {can_link.then(|| view! {
                                    <form method="post" action=case_href.clone()>
                                        <input type="hidden" name=FORM value=CaseForm::Event.as_str() />
                                        <input type="hidden" name=EVENT value=Event::LinkAsDuplicate.as_str() />
                                        <input type="hidden" name=DUPLICATE_OF value=d.reference.clone() />
                                        <button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                                            "Link this case as a duplicate of " {d.reference.clone()}
                                        </button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
