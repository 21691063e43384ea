use leptos::prelude::*;
use leptos_meta::Title;

use crate::SERVICE_NAME;

/// Skip link, service name and phase banner: the top of every page; for
/// anyone signed in, a "Sign out" button that ends the session on the server
/// (a form post, so it works without JavaScript).
#[component]
pub fn Header() -> impl IntoView {
    let signed_in = crate::session::use_idle_timeout().is_some();
    let desk = crate::session::use_desk_user();
    let container = if desk.is_some() {
        "govuk-generic-header__container govuk-width-container nrm-desk-width"
    } else {
        "govuk-generic-header__container govuk-width-container"
    };
    let email = desk.as_ref().map(|d| d.email.clone());
    let role = desk.map(|d| d.role);
    view! {
        // target="_self": the browser, not the client-side router, follows
        // in-page links, so focus moves to the target as it should.
        <a href="#main-content" class="govuk-skip-link" target="_self">"Skip to main content"</a>
        <header class="govuk-generic-header">
            <div class=container>
                <div class="govuk-generic-header__logo">
                    <a href="/" class="govuk-generic-header__homepage-link">{SERVICE_NAME}</a>
                </div>
                {signed_in.then(|| view! {
                    <div class="nrm-header-account">
                        {email.map(|email| view! {
                            <p class="nrm-header-who">
                                <span class="govuk-visually-hidden">"Signed in as "</span>{email}
                            </p>
                        })}
                        <a class="nrm-header-sessions" href=crate::routes::SESSIONS>"Your sessions"</a>
                        <SignOut class="nrm-header-sign-out" inverse=true />
                    </div>
                })}
            </div>
        </header>
        {role.map(|role| view! { <super::DeskNavigation role /> })}
        <div class="govuk-phase-banner govuk-width-container">
            <p class="govuk-phase-banner__content">
                <strong class="govuk-tag govuk-phase-banner__content__tag">"Beta"</strong>
                <span class="govuk-phase-banner__text">
                    "This is a new service. Tell us what you think of it through your organisation's NRM contact."
                </span>
            </p>
        </div>
    }
}

/// A "Sign out" button: a form post to the server, which ends the session.
#[component]
pub fn SignOut(
    #[prop(optional)] class: &'static str,
    #[prop(optional)] id: &'static str,
    #[prop(optional)] inverse: bool,
) -> impl IntoView {
    let button = if inverse {
        "govuk-button govuk-button--inverse"
    } else {
        "govuk-button govuk-button--secondary"
    };
    view! {
        <form method="post" action=crate::routes::SIGN_OUT class=class id=(!id.is_empty()).then_some(id)>
            <button type="submit" class=button data-module="govuk-button">"Sign out"</button>
        </form>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="govuk-footer">
            <div class="govuk-width-container">
                <div class="govuk-footer__meta">
                    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                        <h2 class="govuk-visually-hidden">"Support links"</h2>
                        <ul class="govuk-footer__inline-list">
                            <li class="govuk-footer__inline-list-item">
                                <a class="govuk-footer__link" href="/accessibility">
                                    "Accessibility statement"
                                </a>
                            </li>
                            <li class="govuk-footer__inline-list-item">
                                <a class="govuk-footer__link" href="/privacy">"Privacy notice"</a>
                            </li>
                        </ul>
                    </div>
                </div>
            </div>
        </footer>
    }
}

/// The page's `<main>`: after a client-side move to the page, it takes the
/// focus (see `browser::page_shown`). Every page's `<main id="main-content">`
/// carries this reference.
pub fn use_main_landmark() -> NodeRef<leptos::html::Main> {
    let main = NodeRef::<leptos::html::Main>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(main) = main.get() {
            crate::browser::page_shown(main);
        }
    });
    main
}

/// One page's frame: its `<title>`, an optional back link and the `<main>`
/// landmark, with the content in the two-thirds column GOV.UK pages use.
///
/// `title` is the page's own heading; when `has_errors` is true the title is
/// prefixed with "Error:" so that screen reader users hear it first.
#[component]
pub fn Page(
    title: &'static str,
    #[prop(optional, into)] back: Option<String>,
    #[prop(into, optional)] has_errors: Signal<bool>,
    children: Children,
) -> impl IntoView {
    // The server may read the title after the page's reactive scope has gone
    // (under load it does): then the state the page was drawn with counts.
    let drawn_with_errors = has_errors.get_untracked();
    let full_title = move || {
        if has_errors.try_get().unwrap_or(drawn_with_errors) {
            format!("Error: {title}")
        } else {
            title.to_owned()
        }
    };
    let main = use_main_landmark();
    view! {
        <Title text=full_title />
        <div class="govuk-width-container">
            {back.map(|href| view! { <a href=href class="govuk-back-link">"Back"</a> })}
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1" node_ref=main>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-two-thirds">{children()}</div>
                </div>
            </main>
        </div>
    }
}
