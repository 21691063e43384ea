//! `/casework/cases/<reference>`: one case, its forms, timeline, letters, documents and
//! possible duplicates.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

use crate::journey::summary::SummarySection;
use crate::journey::views::UPLOAD_FIELD;

use super::work::TaskDue;
use crate::api::{
    casework_case, AccessRequestEntry, AccessTab, CaseLoad, CaseTabView, CaseTask, CaseView,
    DocumentLink, DocumentsTab, DuplicateCandidate, FlagEntry, LetterEntry, LinkEntry, LinksTab,
    RestrictedCase, RestrictionView, ShareEntry, SummaryTab, ViewerEntry,
};
use crate::casework::case_forms::{
    reasons_field, CaseForm, ASSIGNEE, DUPLICATE_OF, EVENT, FOLLOW_UP_ON, FORM, NOTE, REASONS,
    VERSION,
};
use crate::casework::documents::{
    caseworker_categories, DocumentCategory, DocumentRefusal, CATEGORY, DOCUMENT_ADDED,
    DOCUMENT_REFUSED,
};
use crate::casework::flags::{Flag, FLAG, FLAG_ID, FLAG_TEXT};
use crate::casework::lifecycle::Event;
use crate::casework::links::{
    unlink_field, LinkKind, LINK_ID, LINK_KIND, LINK_REASONS, LINK_TO, UNLINK_REASONS,
};
use crate::casework::restriction::{
    AccessDecision, ACCESS_REASON, DECISION, REQUEST_ID, RESTRICT_REASON, RESTRICT_TO,
};
use crate::components::{
    group_class, use_form_state, ErrorSummary, Problem, RadioItems, ScrollTable, SubNavigation,
    TextArea, Timeline,
};
use crate::pages::{LoadProblem, NotFound};
use crate::routes::{self, CaseTab};

/// `/casework/cases/<reference>` and its tabs, `/casework/cases/<reference>/<tab>`.
#[component]
pub fn CaseDetail() -> impl IntoView {
    let params = use_params_map();
    // Each tab loads only what it shows; an unknown tab is no case.
    let load = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("reference").unwrap_or_default(),
                    p.get("tab").unwrap_or_default(),
                )
            })
        },
        |(reference, tab)| casework_case(reference, tab),
    );
    let query = use_query_map();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                // The address's query is read now, while the page's scope
                // is live: under load the server may drop the scope of a
                // request given up on while its case loads, and a router
                // hook read after that finds no router (and panics).
                let query = query.get_untracked();
                Suspend::new(async move {
                    match load.await {
                        Ok(Some(CaseLoad::Open(view))) => view! { <Case view=*view query /> }.into_any(),
                        Ok(Some(CaseLoad::Restricted(case))) => view! { <Restricted case /> }.into_any(),
                        Ok(None) => view! { <NotFound /> }.into_any(),
                        Err(error) => view! { <LoadProblem error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Who the case is about, its state and its next deadline, above every tab
/// (MoJ Frontend's identity bar).
#[component]
fn IdentityBar(
    name: String,
    adult_or_child: String,
    nationality: String,
    status: String,
    flags: Vec<FlagEntry>,
    deadline: Option<(String, String)>,
) -> impl IntoView {
    let name = if name.trim().is_empty() {
        "Anonymous".to_owned()
    } else {
        name
    };
    view! {
        <div class="moj-identity-bar nrm-identity-bar">
            <div class="moj-identity-bar__container">
                <div class="moj-identity-bar__details">
                    <ul class="moj-identity-bar__title nrm-identity-list" id="identity">
                        <li><strong id="case-name">{name}</strong></li>
                        <li>{adult_or_child}</li>
                        <li>{if nationality.is_empty() { "Nationality not known".to_owned() } else { nationality }}</li>
                        <li><strong class="govuk-tag govuk-tag--blue">{status}</strong></li>
                        {flags.into_iter().map(|f| view! {
                            <li><strong class=f.kind.tag_class()>{f.shown}</strong></li>
                        }).collect_view()}
                        {deadline.map(|(what, when)| view! { <li id="next-deadline">{format!("{what}: due {when}")}</li> })}
                    </ul>
                </div>
            </div>
        </div>
    }
}

/// The case's flags, each with who set it and a button to take it off, and
/// the form that adds one.
#[component]
fn CaseFlags(
    flags: Vec<FlagEntry>,
    version: i64,
    can_flag: bool,
    case_href: String,
    /// What was wrong with a refused flag: its kind, its text.
    problems: (Option<String>, Option<String>),
    /// What was sent with a refused flag.
    typed: (String, String),
) -> impl IntoView {
    let (kind_problem, text_problem) = problems;
    let (typed_kind, typed_text) = typed;
    let described = |problem: &Option<String>, id: &str| {
        let hint = format!("{id}-hint");
        match problem {
            Some(_) => format!("{hint} {id}-error"),
            None => hint,
        }
    };
    let kind_described = kind_problem.as_ref().map(|_| format!("{FLAG}-error"));
    let text_described = described(&text_problem, FLAG_TEXT);
    view! {
        <h2 class="govuk-heading-m" id="flags" tabindex="-1">"Flags"</h2>
        {if flags.is_empty() {
            view! { <p class="govuk-body" id="flag-list">"The case has no flags."</p> }.into_any()
        } else {
            view! {
                <dl class="govuk-summary-list" id="flag-list">
                    {flags.into_iter().map(|f| view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">{f.shown.clone()}</dt>
                            <dd class="govuk-summary-list__value">{f.added}</dd>
                            {can_flag.then(|| view! {
                                <dd class="govuk-summary-list__actions">
                                    <form method="post" action=case_href.clone()>
                                        <input type="hidden" name=FORM value=CaseForm::Unflag.as_str() />
                                        <CaseVersion version />
                                        <input type="hidden" name=FLAG_ID value=f.id.clone() />
                                        <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                                            "Remove" <span class="govuk-visually-hidden">{format!(" the flag “{}”", f.shown)}</span>
                                        </button>
                                    </form>
                                </dd>
                            })}
                        </div>
                    }).collect_view()}
                </dl>
            }.into_any()
        }}
        {can_flag.then(|| view! {
            <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                <input type="hidden" name=FORM value=CaseForm::Flag.as_str() />
                <CaseVersion version />
                <div class=group_class(kind_problem.is_some())>
                    <fieldset class="govuk-fieldset" aria-describedby=kind_described>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Add a flag"</legend>
                        {kind_problem.clone().map(|message| view! { <Problem id=FLAG.to_owned() message /> })}
                        <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                            <RadioItems name=FLAG checked=typed_kind.clone() choices=Flag::ALL.iter().map(|f| (f.as_str(), f.label().to_owned())).collect() />
                        </div>
                    </fieldset>
                </div>
                <div class=group_class(text_problem.is_some())>
                    <label class="govuk-label" for=FLAG_TEXT>"Details"</label>
                    <div id=format!("{FLAG_TEXT}-hint") class="govuk-hint">"Needed for “Other”. For example, the language an interpreter must speak."</div>
                    {text_problem.clone().map(|message| view! { <Problem id=FLAG_TEXT.to_owned() message /> })}
                    <input
                        class=if text_problem.is_some() { "govuk-input govuk-input--error" } else { "govuk-input" }
                        id=FLAG_TEXT name=FLAG_TEXT type="text" value=typed_text
                        aria-describedby=text_described
                    />
                </div>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Add flag"</button>
            </form>
        })}
    }
}

/// The version of the case the page shows, sent back with a form: a write
/// against an older version is refused.
#[component]
fn CaseVersion(version: i64) -> impl IntoView {
    view! { <input type="hidden" name=VERSION value=version.to_string() /> }
}

/// Who else has had the case open in the last few minutes.
#[component]
fn OthersHere(others: Vec<String>) -> impl IntoView {
    (!others.is_empty()).then(|| view! {
        <div class="govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-2" id="others-here">
            <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">"Also looking at this case in the last few minutes:"</p>
            <ul class="govuk-list govuk-!-margin-bottom-0">
                {others.into_iter().map(|who| view! { <li>{who}</li> }).collect_view()}
            </ul>
        </div>
    })
}

/// Claiming or releasing the case's task: a one-button form.
#[component]
fn TaskButton(action: String, to: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <form method="post" action=action>
            <input type="hidden" name=FORM value=CaseForm::Assign.as_str() />
            <input type="hidden" name=ASSIGNEE value=to />
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{label}</button>
        </form>
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
fn Case(view: CaseView, query: ParamsMap) -> impl IntoView {
    let CaseView {
        reference,
        version,
        others_here,
        name,
        adult_or_child,
        nationality,
        status,
        flags,
        task,
        redacted_on,
        tab: content,
    } = view;
    let tab = content.tab();
    // Every form posts to the case's own address (`FORM` says which).
    let case_href = format!("{}/{reference}", routes::CASES);
    // After a refused post the server draws this page again (422) with the
    // problem and what was typed.
    let (posted, errors) = use_form_state();
    // A refused document (a multipart post) comes back to the Documents tab
    // with its reason in the address.
    let (document_refused, document_category, document_added) = {
        (
            query
                .get(DOCUMENT_REFUSED)
                .filter(|_| tab == CaseTab::Documents)
                .map(|names| {
                    names
                        .split(',')
                        .filter_map(DocumentRefusal::parse)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
            query.get(CATEGORY).unwrap_or_default(),
            tab == CaseTab::Documents && query.get(DOCUMENT_ADDED).is_some(),
        )
    };
    if !document_refused.is_empty() {
        errors.update_untracked(|all| {
            all.extend(
                document_refused
                    .iter()
                    .map(|r| crate::forms::FieldError::new(r.field(), r.message())),
            )
        });
    }
    let deadline = task
        .as_ref()
        .map(|t| (t.clock.task.clone(), t.clock.due.clone()));
    let tabs = CaseTab::ALL
        .iter()
        .map(|t| (t.href(&reference), t.label().to_owned()))
        .collect();
    // The case's forms are plain posts: a refusal is drawn by the server, so
    // the title is fixed when the page is drawn (nothing reactive to read
    // after the page's scope has gone, which the server may do under load).
    let title = format!("{} - {reference}", tab.label());
    let full_title = if errors.with_untracked(|e| e.is_empty()) {
        title
    } else {
        format!("Error: {title}")
    };
    let main = crate::components::use_main_landmark();
    let shown = match content {
        CaseTabView::Summary(summary) => view! {
            <CaseSummary summary=*summary status=status.clone() flags=flags.clone() task version case_href errors posted />
        }
        .into_any(),
        CaseTabView::Referral(sections) => view! { <ReferralAnswers sections /> }.into_any(),
        CaseTabView::Timeline(entries) => view! { <Timeline id="timeline" entries /> }.into_any(),
        CaseTabView::Letters(letters) => view! { <CaseLetters letters /> }.into_any(),
        CaseTabView::Access(access) => {
            let AccessTab {
                restriction,
                requests,
                can_restrict,
                caseworkers,
                shares,
                viewed_by,
            } = *access;
            view! {
                <CaseRestriction restriction access_requests=requests can_restrict caseworkers version case_href errors posted />
                <CaseShares shares />
                <ViewedBy viewed_by />
            }
            .into_any()
        }
        CaseTabView::Documents(DocumentsTab { documents, can_add }) => view! {
            <CaseDocuments documents reference=reference.clone() can_add errors chosen=document_category added=document_added />
        }
        .into_any(),
        CaseTabView::LinkedCases(LinksTab {
            links,
            can_manage,
            duplicates,
            can_link,
        }) => view! {
            <CaseLinks links version can_manage_links=can_manage can_link case_href=case_href.clone() errors posted />
            <PossibleDuplicates duplicates version can_link case_href />
        }
        .into_any(),
    };
    view! {
        <leptos_meta::Title text=full_title />
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper govuk-!-padding-top-4" id="main-content" tabindex="-1" node_ref=main>
            <ErrorSummary errors />
            <IdentityBar name adult_or_child nationality status flags deadline />
            <OthersHere others=others_here />
            <h1 class="govuk-heading-l govuk-!-margin-top-4">
                <span class="govuk-caption-m">"Case"</span>
                <span id="case-reference">{reference.clone()}</span>
            </h1>
            {redacted_on.map(|on| view! {
                <div class="govuk-inset-text">
                    "This case closed long enough ago that its personal details were removed on "
                    {on}
                    " under the retention schedule: the answers, names, reasons, notes, letters and evidence files are no longer held."
                </div>
            })}
            <SubNavigation label="Case" items=tabs current=tab.href(&reference) />
            <h2 class="govuk-heading-m" id="tab-heading">{tab.label()}</h2>
            {shown}
            </main>
        </div>
    }
}

/// The Summary tab: the case's dates, its flags, its task and who holds it,
/// the events the viewer may send, and an internal note.
#[component]
fn CaseSummary(
    summary: SummaryTab,
    status: String,
    flags: Vec<FlagEntry>,
    task: Option<CaseTask>,
    version: i64,
    case_href: String,
    errors: RwSignal<Vec<crate::forms::FieldError>>,
    posted: crate::forms::FormValues,
) -> impl IntoView {
    let SummaryTab {
        received,
        rg_due,
        overdue,
        assignee,
        can_flag,
        follow_up,
        caseworkers,
        actions,
    } = summary;
    let shown_assignee = if assignee.is_empty() {
        "Nobody".to_owned()
    } else {
        assignee.clone()
    };
    let message_for = move |field: &str| {
        errors.with_untracked(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    };
    let note_problem = message_for(NOTE);
    let flag_problems = (message_for(FLAG), message_for(FLAG_TEXT));
    let typed_flag = (
        posted.get(FLAG).to_owned(),
        posted.get(FLAG_TEXT).to_owned(),
    );
    let assign_problem = message_for(ASSIGNEE);
    let typed_note = posted.get(NOTE).to_owned();
    let refused_event = posted.get(EVENT).to_owned();
    let typed_reasons = posted.get(REASONS).to_owned();
    view! {
            <dl class="govuk-summary-list">
                <Fact key="Status"><span id="case-status">{status}</span></Fact>
                <Fact key="Received">{received}</Fact>
                <Fact key="Reasonable grounds due">
                    <span id="rg-due">
                        {rg_due}
                        {overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Overdue"</strong> })}
                    </span>
                </Fact>
            </dl>
            <CaseFlags flags version can_flag case_href=case_href.clone() problems=flag_problems typed=typed_flag />
            <h2 class="govuk-heading-m" id=ASSIGNEE tabindex="-1">"Task"</h2>
            {assign_problem.map(|message| view! {
                <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{message}</p>
            })}
            {match task {
                None => view! { <p class="govuk-body" id="task">"The case has no open task."</p> }.into_any(),
                Some(task) => {
                    let to_do = task.clock.task.clone();
                    let clock = task.clock.clone();
                    view! {
                    <dl class="govuk-summary-list">
                        <Fact key="To do"><span id="task">{to_do}</span></Fact>
                        <Fact key="Due"><span id="task-due"><TaskDue clock /></span></Fact>
                        <Fact key="Held by"><span id="task-holder">{shown_assignee}</span></Fact>
                    </dl>
                    {task.can_claim.then(|| view! { <TaskButton action=case_href.clone() to="me" label="Claim this task" /> })}
                    {task.can_release.then(|| view! { <TaskButton action=case_href.clone() to="nobody" label="Release this task" /> })}
                    {(!caseworkers.is_empty()).then(|| view! {
                        <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                            <input type="hidden" name=FORM value=CaseForm::Assign.as_str() />
                            <div class="govuk-form-group">
                                <label class="govuk-label" for="reassign">"Give the task to"</label>
                                <select class="govuk-select" id="reassign" name=ASSIGNEE>
                                    {caseworkers.into_iter().map(|email| {
                                        let selected = email == assignee;
                                        view! { <option value=email.clone() selected=selected>{email.clone()}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Give the task"</button>
                        </form>
                    })}
                }.into_any()
                }
            }}
            <h2 class="govuk-heading-m" id="next-steps" tabindex="-1">"Next steps"</h2>
            {if actions.is_empty() {
                view! { <p class="govuk-body">"There is nothing you can do to this case now."</p> }.into_any()
            } else {
                actions.into_iter().enumerate().map(|(i, action)| {
                    let id = reasons_field(i);
                    let error = message_for(&id);
                    let typed = if action.event == refused_event { typed_reasons.clone() } else { String::new() };
                    view! {
                        <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                            <input type="hidden" name=FORM value=CaseForm::Event.as_str() />
                            <CaseVersion version />
                            <input type="hidden" name=EVENT value=action.event.clone() />
                            {action.needs_reasons.then(|| view! {
                                <TextArea id=id.clone() name=REASONS label=format!("Reasons: {}", action.label.to_ascii_lowercase()) value=typed problem=error />
                            })}
                            {(action.event == Event::RequestInformation.as_str()).then(|| view! {
                                <div class="govuk-form-group">
                                    <label class="govuk-label" for=FOLLOW_UP_ON>"Follow up by"</label>
                                    <select class="govuk-select" id=FOLLOW_UP_ON name=FOLLOW_UP_ON>
                                        {follow_up.iter().map(|(value, label, default)| view! {
                                            <option value=value.clone() selected=*default>{label.clone()}</option>
                                        }).collect_view()}
                                    </select>
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
                <CaseVersion version />
                <TextArea id=NOTE name=NOTE label="Note (first responders never see notes)" value=typed_note problem=note_problem />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Add note"</button>
            </form>
    }
}

/// The Referral tab: the referral's answers as it was sent.
#[component]
fn ReferralAnswers(sections: Vec<SummarySection>) -> impl IntoView {
    sections
        .into_iter()
        .map(|section| {
            view! {
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
            }
        })
        .collect_view()
}

/// Whom the referrer shared the referral with (the colleagues who can see
/// its messages and answer), withdrawn shares included.
#[component]
fn CaseShares(shares: Vec<ShareEntry>) -> impl IntoView {
    view! {
        <h3 class="govuk-heading-s">"Shared by the referrer"</h3>
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
        <h3 class="govuk-heading-s">"Who has opened this case"</h3>
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
        {if letters.is_empty() {
            view! { <p class="govuk-body">"No letters yet: letters are written when a decision is issued."</p> }.into_any()
        } else {
            view! {
                <ScrollTable
                    labelled_by="tab-heading".to_owned()
                    id="letters".to_owned()
                    caption="Letters written for this case".to_owned()
                    headers=&["Written", "To", "By", "Address", "Subject"]
                >
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
                </ScrollTable>
            }.into_any()
        }}
    }
}

/// The case's documents by category, each with who added it and when, and
/// (for caseworkers) a form to add one: a plain multipart post that comes
/// back to this tab, with the reason if the file was refused.
#[component]
fn CaseDocuments(
    documents: Vec<DocumentLink>,
    reference: String,
    can_add: bool,
    errors: RwSignal<Vec<crate::forms::FieldError>>,
    /// The category chosen before a refusal.
    chosen: String,
    /// A document was added just now.
    added: bool,
) -> impl IntoView {
    let problem = move |field: &'static str| {
        Memo::new(move |_| {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field == field)
                    .map(|e| e.message.clone())
            })
        })
    };
    let file_problem = problem(UPLOAD_FIELD);
    let category_problem = problem(CATEGORY).get_untracked();
    let categories = DocumentCategory::ALL.iter().map(|&category| {
        let held: Vec<DocumentLink> = documents
            .iter()
            .filter(|d| d.category == category)
            .cloned()
            .collect();
        let id = format!("documents-{}", category.as_str());
        let heading_id = format!("{id}-heading");
        view! {
            <h3 class="govuk-heading-s" id=heading_id.clone()>{category.heading()}</h3>
            {(category == DocumentCategory::DecisionLetter).then(|| view! {
                <p class="govuk-body">
                    "The letters the service wrote and sent are on the "
                    <a class="govuk-link" href=CaseTab::Letters.href(&reference)>"Letters tab"</a>
                    "."
                </p>
            })}
            {if held.is_empty() {
                view! { <p class="govuk-body" id=id>{category.none_yet()}</p> }.into_any()
            } else {
                view! {
                    <ScrollTable
                        labelled_by=heading_id
                        id
                        caption=category.heading().to_owned()
                        headers=&["Document", "Size", "Added by", "Added"]
                    >
                        {held.into_iter().map(|d| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell nrm-answer"><a class="govuk-link" href=d.href download="">{d.name}</a></td>
                                <td class="govuk-table__cell">{d.size}</td>
                                <td class="govuk-table__cell nrm-answer">{d.added_by}</td>
                                <td class="govuk-table__cell">{d.added}</td>
                            </tr>
                        }).collect_view()}
                    </ScrollTable>
                }.into_any()
            }}
        }
    }).collect_view();
    let form = can_add.then(|| {
        let choices: Vec<(&'static str, String)> = caseworker_categories()
            .map(|category| (category.as_str(), category.choice().to_owned()))
            .collect();
        view! {
            <h3 class="govuk-heading-m govuk-!-margin-top-6" id="add-document">"Add a document"</h3>
            <form method="post" action=routes::add_document_href(&reference) enctype="multipart/form-data" novalidate=true>
                <div class=group_class(category_problem.is_some())>
                    <fieldset class="govuk-fieldset" aria-describedby=category_problem.as_ref().map(|_| format!("{CATEGORY}-error"))>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"What kind of document is it?"</legend>
                        {category_problem.clone().map(|message| view! { <Problem id=CATEGORY.to_owned() message /> })}
                        <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                            <RadioItems name=CATEGORY checked=chosen.clone() choices />
                        </div>
                    </fieldset>
                </div>
                <crate::components::FileUpload label_class="govuk-label--s" error=file_problem />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Add document"</button>
            </form>
        }
    });
    view! {
        {added.then(|| view! {
            <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="document-added-title" data-module="govuk-notification-banner">
                <div class="govuk-notification-banner__header">
                    <h3 class="govuk-notification-banner__title" id="document-added-title">"Success"</h3>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">"The document was added to the case."</p>
                </div>
            </div>
        })}
        {categories}
        {form}
    }
}

/// A restricted case the viewer may not open: that it exists, and a request
/// for access (or where theirs stands).
#[component]
fn Restricted(case: RestrictedCase) -> impl IntoView {
    let RestrictedCase {
        reference,
        asked,
        can_ask,
    } = case;
    let (posted, errors) = use_form_state();
    let problem = errors.with_untracked(|list| {
        list.iter()
            .find(|e| e.field == ACCESS_REASON)
            .map(|e| e.message.clone())
    });
    let title = if problem.is_some() {
        format!("Error: Restricted case - {reference}")
    } else {
        format!("Restricted case - {reference}")
    };
    let action = format!("{}/{reference}", routes::CASES);
    let main = crate::components::use_main_landmark();
    view! {
        <leptos_meta::Title text=title />
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1" node_ref=main>
                <ErrorSummary errors />
                <h1 class="govuk-heading-l">
                    <span class="govuk-caption-m">"Restricted case"</span>
                    <span id="case-reference">{reference}</span>
                </h1>
                <p class="govuk-body" id="restricted">"This case is restricted. Only the caseworkers a senior caseworker has named can open it."</p>
                {asked.map(|text| view! { <p class="govuk-body" id="access-asked">{text}</p> })}
                {can_ask.then(|| view! {
                    <form method="post" action=action>
                        <input type="hidden" name=FORM value=CaseForm::AskAccess.as_str() />
                        <TextArea
                            id=ACCESS_REASON name=ACCESS_REASON label="Why do you need to open this case?" heading=true
                            hint="A senior caseworker reads this and grants or refuses your request."
                            value=posted.get(ACCESS_REASON).to_owned() problem
                        />
                        <button type="submit" class="govuk-button" data-module="govuk-button">"Ask for access"</button>
                    </form>
                })}
            </main>
        </div>
    }
}

/// The case's restriction on its Access tab: who may open it and why; for
/// senior caseworkers, the forms that restrict it, lift it and decide
/// requests for access.
#[component]
fn CaseRestriction(
    restriction: Option<RestrictionView>,
    access_requests: Vec<AccessRequestEntry>,
    can_restrict: bool,
    /// Whom a case may be restricted to.
    caseworkers: Vec<String>,
    version: i64,
    case_href: String,
    errors: RwSignal<Vec<crate::forms::FieldError>>,
    posted: crate::forms::FormValues,
) -> impl IntoView {
    let message_for = move |field: &str| {
        errors.with_untracked(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    };
    let (to_problem, reason_problem) = (message_for(RESTRICT_TO), message_for(RESTRICT_REASON));
    let restricted = restriction.is_some();
    let chosen: Vec<String> = posted
        .get(RESTRICT_TO)
        .split(' ')
        .map(str::to_owned)
        .collect();
    let named_now: Vec<String> = restriction
        .as_ref()
        .map(|r| {
            r.named
                .iter()
                .filter_map(|n| n.split(',').next())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let describe =
        |problem: &Option<String>, id: &str| problem.as_ref().map(|_| format!("{id}-error"));
    view! {
        <h3 class="govuk-heading-s" id="restriction-heading">"Restriction"</h3>
        {match restriction {
            None => view! { <p class="govuk-body" id="restriction">"The case is not restricted: every caseworker can open it."</p> }.into_any(),
            Some(r) => view! {
                <div id="restriction">
                    <p class="govuk-body"><strong class="govuk-tag govuk-tag--red">"Restricted"</strong> " " {r.by}</p>
                    <p class="govuk-body nrm-answer">{r.reason}</p>
                    <p class="govuk-body govuk-!-margin-bottom-1">"Who may open it (and senior caseworkers):"</p>
                    <ul class="govuk-list govuk-list--bullet" id="named">
                        {r.named.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                    </ul>
                </div>
            }.into_any(),
        }}
        {(can_restrict && !access_requests.is_empty()).then(|| view! {
            <h3 class="govuk-heading-s">"Requests for access"</h3>
            <ul class="govuk-list" id="access-requests">
                {access_requests.into_iter().map(|request| view! {
                    <li class="govuk-!-margin-bottom-4">
                        <p class="govuk-body govuk-!-margin-bottom-1">{request.asked.clone()}</p>
                        <p class="govuk-body govuk-!-margin-bottom-1 nrm-answer">{request.reason}</p>
                        {match request.decided {
                            Some(decided) => view! { <p class="govuk-body-s">{decided}</p> }.into_any(),
                            None => view! {
                                <form method="post" action=case_href.clone() class="govuk-button-group">
                                    <input type="hidden" name=FORM value=CaseForm::DecideAccess.as_str() />
                                    <input type="hidden" name=REQUEST_ID value=request.id.clone() />
                                    <button type="submit" name=DECISION value=AccessDecision::Granted.as_str() class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
                                        "Grant" <span class="govuk-visually-hidden">{format!(" the request: {}", request.asked)}</span>
                                    </button>
                                    <button type="submit" name=DECISION value=AccessDecision::Refused.as_str() class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                                        "Refuse" <span class="govuk-visually-hidden">{format!(" the request: {}", request.asked)}</span>
                                    </button>
                                </form>
                            }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {can_restrict.then(|| view! {
            <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                <input type="hidden" name=FORM value=CaseForm::Restrict.as_str() />
                <CaseVersion version />
                <div class=group_class(to_problem.is_some())>
                    <fieldset class="govuk-fieldset" aria-describedby=describe(&to_problem, RESTRICT_TO)>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                            {if restricted { "Change who may open the case" } else { "Restrict the case to" }}
                        </legend>
                        {to_problem.clone().map(|message| view! { <Problem id=RESTRICT_TO.to_owned() message /> })}
                        <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                            {caseworkers.into_iter().enumerate().map(|(i, email)| {
                                let id = if i == 0 { RESTRICT_TO.to_owned() } else { format!("{RESTRICT_TO}-{i}") };
                                let checked = chosen.contains(&email) || named_now.contains(&email);
                                view! {
                                    <div class="govuk-checkboxes__item">
                                        <input class="govuk-checkboxes__input" id=id.clone() name=RESTRICT_TO type="checkbox" value=email.clone() checked=checked />
                                        <label class="govuk-label govuk-checkboxes__label" for=id>{email}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
                <TextArea id=RESTRICT_REASON name=RESTRICT_REASON label="Why is the case restricted?" value=posted.get(RESTRICT_REASON).to_owned() problem=reason_problem rows=2 />
                <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                    {if restricted { "Change the restriction" } else { "Restrict the case" }}
                </button>
            </form>
            {restricted.then(|| view! {
                <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                    <input type="hidden" name=FORM value=CaseForm::Unrestrict.as_str() />
                    <CaseVersion version />
                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Lift the restriction"</button>
                </form>
            })}
        })}
    }
}

/// The cases this one is linked to, each with why and a form to remove the
/// link, and the form that links it to another.
#[component]
fn CaseLinks(
    links: Vec<LinkEntry>,
    version: i64,
    can_manage_links: bool,
    /// A duplicate link may be made now (the lifecycle allows it).
    can_link: bool,
    case_href: String,
    errors: RwSignal<Vec<crate::forms::FieldError>>,
    posted: crate::forms::FormValues,
) -> impl IntoView {
    let message_for = move |field: &str| {
        errors.with_untracked(|list| {
            list.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    };
    let (to_problem, kind_problem, reasons_problem) = (
        message_for(LINK_TO),
        message_for(LINK_KIND),
        message_for(LINK_REASONS),
    );
    let typed_kind = posted.get(LINK_KIND).to_owned();
    let refused_link = posted.get(LINK_ID).to_owned();
    let kinds: Vec<LinkKind> = LinkKind::ALL
        .iter()
        .copied()
        .filter(|k| k.removable() || can_link)
        .collect();
    let describe =
        |problem: &Option<String>, id: &str| problem.as_ref().map(|_| format!("{id}-error"));
    view! {
        <h3 class="govuk-heading-s">"Linked cases"</h3>
        {if links.is_empty() {
            view! { <p class="govuk-body" id="links">"This case is not linked to another."</p> }.into_any()
        } else {
            view! {
                <ul class="govuk-list" id="links">
                    {links.into_iter().map(|link| {
                        let href = format!("{}/{}", routes::CASES, link.other);
                        let field = unlink_field(&link.id);
                        let problem = message_for(&field);
                        let typed = if link.id == refused_link { posted.get(UNLINK_REASONS).to_owned() } else { String::new() };
                        let removable = can_manage_links && link.kind.removable();
                        view! {
                            <li class="govuk-!-margin-bottom-4">
                                <a class="govuk-link" href=href>{link.other.clone()}</a>
                                " " <strong class="govuk-tag govuk-tag--grey">{link.kind.label()}</strong>
                                <p class="govuk-body govuk-!-margin-bottom-1 nrm-answer">{link.reasons}</p>
                                <p class="govuk-body-s govuk-!-margin-bottom-1">{link.added}</p>
                                {removable.then(|| view! {
                                    <details class="govuk-details govuk-!-margin-bottom-0" open=problem.is_some()>
                                        <summary class="govuk-details__summary">
                                            <span class="govuk-details__summary-text">{format!("Remove the link to {}", link.other)}</span>
                                        </summary>
                                        <div class="govuk-details__text">
                                            <form method="post" action=case_href.clone()>
                                                <input type="hidden" name=FORM value=CaseForm::Unlink.as_str() />
                                                <CaseVersion version />
                                                <input type="hidden" name=LINK_ID value=link.id.clone() />
                                                <TextArea id=field.clone() name=UNLINK_REASONS label=format!("Why remove the link to {}?", link.other) value=typed problem=problem.clone() rows=2 />
                                                <button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">"Remove link"</button>
                                            </form>
                                        </div>
                                    </details>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {can_manage_links.then(|| view! {
            <form method="post" action=case_href.clone() class="govuk-!-margin-bottom-6">
                <input type="hidden" name=FORM value=CaseForm::Link.as_str() />
                <CaseVersion version />
                <h3 class="govuk-heading-s">"Link to another case"</h3>
                <div class=group_class(to_problem.is_some())>
                    <label class="govuk-label" for=LINK_TO>"Reference of the other case"</label>
                    <div id=format!("{LINK_TO}-hint") class="govuk-hint">"For example, NRM-2026-000123"</div>
                    {to_problem.clone().map(|message| view! { <Problem id=LINK_TO.to_owned() message /> })}
                    <input
                        class=if to_problem.is_some() { "govuk-input govuk-input--width-20 govuk-input--error" } else { "govuk-input govuk-input--width-20" }
                        id=LINK_TO name=LINK_TO type="text" spellcheck="false" autocomplete="off" value=posted.get(LINK_TO).to_owned()
                        aria-describedby=match &to_problem { Some(_) => format!("{LINK_TO}-hint {LINK_TO}-error"), None => format!("{LINK_TO}-hint") }
                    />
                </div>
                <div class=group_class(kind_problem.is_some())>
                    <fieldset class="govuk-fieldset" aria-describedby=describe(&kind_problem, LINK_KIND)>
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Why are the cases linked?"</legend>
                        {kind_problem.clone().map(|message| view! { <Problem id=LINK_KIND.to_owned() message /> })}
                        <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                            <RadioItems name=LINK_KIND checked=typed_kind.clone() choices=kinds.into_iter().map(|k| (k.as_str(), k.label().to_owned())).collect() />
                        </div>
                    </fieldset>
                </div>
                <TextArea id=LINK_REASONS name=LINK_REASONS label="Reasons" value=posted.get(LINK_REASONS).to_owned() problem=reasons_problem />
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Link the cases"</button>
            </form>
        })}
    }
}

#[component]
fn PossibleDuplicates(
    duplicates: Vec<DuplicateCandidate>,
    version: i64,
    can_link: bool,
    case_href: String,
) -> impl IntoView {
    view! {
        <h3 class="govuk-heading-s">"Possible duplicates"</h3>
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
                                        <CaseVersion version />
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
