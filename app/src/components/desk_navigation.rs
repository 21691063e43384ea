//! The casework desk's navigation (MoJ Frontend's primary navigation): its
//! parts, as far as the signed-in role may open them, with the part the page
//! belongs to marked; and the sub-navigation within a part.

use leptos::prelude::*;

use crate::casework::lifecycle::Role;
use crate::casework::permissions::{may, Action};
use crate::routes;

/// One part of the desk: its label, its address, the addresses that belong
/// to it (prefixes; the queue's own address only exactly), and the action
/// that opens it.
pub struct DeskPart {
    pub label: &'static str,
    pub href: &'static str,
    pub holds: &'static [&'static str],
    pub needs: Action,
}

/// The desk's parts, in the order the navigation shows them.
pub const DESK_PARTS: &[DeskPart] = &[
    DeskPart {
        label: "My work",
        href: routes::MY_WORK,
        holds: &[routes::MY_WORK, routes::AVAILABLE_WORK],
        needs: Action::ViewQueue,
    },
    DeskPart {
        label: "All cases",
        href: routes::CASEWORK,
        holds: &[routes::CASES],
        needs: Action::ViewQueue,
    },
    DeskPart {
        label: "Find a person",
        href: routes::PERSON_SEARCH,
        holds: &[routes::PERSON_SEARCH],
        needs: Action::ViewQueue,
    },
    DeskPart {
        label: "Duty to Notify",
        href: routes::DTN_REGISTER,
        holds: &[routes::DTN_REGISTER],
        needs: Action::ViewQueue,
    },
    DeskPart {
        label: "Team",
        href: routes::TEAM,
        holds: &[routes::TEAM],
        needs: Action::ViewTeam,
    },
    DeskPart {
        label: "Statistics",
        href: routes::STATISTICS,
        holds: &[routes::STATISTICS],
        needs: Action::ViewStatistics,
    },
    DeskPart {
        label: "Administration",
        href: routes::STAFF_ADMIN,
        holds: &[routes::ADMINISTRATION],
        needs: Action::ManageStaff,
    },
];

impl DeskPart {
    /// Whether the page at `path` belongs to this part.
    pub fn holds(&self, path: &str) -> bool {
        path == self.href
            || self
                .holds
                .iter()
                .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
    }
}

/// The parts `role` may open.
pub fn parts_for(role: Role) -> impl Iterator<Item = &'static DeskPart> {
    DESK_PARTS.iter().filter(move |part| may(role, part.needs))
}

/// The desk's primary navigation, under the header, for `role`.
#[component]
pub fn DeskNavigation(role: Role) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let items = parts_for(role)
        .map(|part| {
            let current = move || {
                location
                    .pathname
                    .with(|path| part.holds(path))
                    .then_some("page")
            };
            view! {
                <li class="moj-primary-navigation__item">
                    <a class="moj-primary-navigation__link" href=part.href aria-current=current>
                        {part.label}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="moj-primary-navigation">
            <div class="moj-primary-navigation__container nrm-desk-width">
                <div class="moj-primary-navigation__nav">
                    <nav class="moj-primary-navigation" aria-label="Casework desk">
                        <ul class="moj-primary-navigation__list">{items}</ul>
                    </nav>
                </div>
            </div>
        </div>
    }
}

/// Tabs within a part (MoJ Frontend's sub-navigation): each its own address.
#[component]
pub fn SubNavigation(
    label: &'static str,
    /// (address, label) of each tab.
    items: Vec<(String, String)>,
    /// The address of the tab shown.
    current: String,
) -> impl IntoView {
    view! {
        <nav class="moj-sub-navigation" aria-label=label>
            <ul class="moj-sub-navigation__list">
                {items.into_iter().map(|(href, text)| {
                    let here = (href == current).then_some("page");
                    view! {
                        <li class="moj-sub-navigation__item">
                            <a class="moj-sub-navigation__link" href=href aria-current=here>{text}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(role: Role) -> Vec<&'static str> {
        parts_for(role).map(|p| p.label).collect()
    }

    #[test]
    fn each_role_sees_the_parts_it_may_open() {
        assert_eq!(
            labels(Role::Caseworker),
            vec![
                "My work",
                "All cases",
                "Find a person",
                "Duty to Notify",
                "Statistics"
            ]
        );
        assert_eq!(
            labels(Role::SeniorCaseworker),
            vec![
                "My work",
                "All cases",
                "Find a person",
                "Duty to Notify",
                "Team",
                "Statistics"
            ]
        );
        assert_eq!(labels(Role::Admin), vec!["Statistics", "Administration"]);
        assert!(labels(Role::FirstResponder).is_empty());
    }

    #[test]
    fn a_page_belongs_to_one_part() {
        let part_of = |path: &str| {
            DESK_PARTS
                .iter()
                .filter(|p| p.holds(path))
                .map(|p| p.label)
                .collect::<Vec<_>>()
        };
        assert_eq!(part_of("/casework"), vec!["All cases"]);
        assert_eq!(
            part_of("/casework/cases/NRM-2026-000001"),
            vec!["All cases"]
        );
        assert_eq!(part_of("/casework/available-work"), vec!["My work"]);
        assert_eq!(part_of("/casework/admin/audit"), vec!["Administration"]);
        assert_eq!(part_of("/casework/statistics"), vec!["Statistics"]);
        assert!(part_of("/casework/cases-old").is_empty());
    }
}
