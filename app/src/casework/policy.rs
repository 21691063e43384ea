//! Policy as dated data: each value with the date it took effect. A case uses
//! the values in force on the day it was received.

use crate::dates::Ymd;

/// A value and the day it took effect, oldest first.
type Dated<T> = &'static [(Ymd, T)];

/// Working days from receipt to the reasonable grounds decision.
const RG_TARGET_WORKING_DAYS: Dated<u32> = &[((2009, 4, 1), 5)];
/// The least recovery period after a positive RG decision, in days. It was 45
/// until the Nationality and Borders Act 2022 changes of 13 December 2022.
const RECOVERY_MIN_DAYS: Dated<u32> = &[((2009, 4, 1), 45), ((2022, 12, 13), 30)];
/// Days of move-on support after a positive conclusive grounds decision.
const MOVE_ON_SUPPORT_DAYS: Dated<u32> = &[((2009, 4, 1), 14), ((2019, 1, 1), 45)];
/// Whether a negative decision needs a second, more senior person's review before it is issued.
const NEGATIVE_NEEDS_REVIEW: Dated<bool> = &[((2009, 4, 1), true)];
/// Working days a senior caseworker has to review a proposed negative
/// decision. The SCA's own service standard, not statute: ours to set.
const REVIEW_WORKING_DAYS: Dated<u32> = &[((2009, 4, 1), 5)];
/// Working days to follow up a request for information, when the caseworker
/// asking does not choose another date.
const FOLLOW_UP_WORKING_DAYS: Dated<u32> = &[((2009, 4, 1), 10)];
/// Days from the start of the recovery period to the conclusive grounds
/// decision's due date (the SCA's service standard; never before the recovery
/// period ends).
const CG_TARGET_DAYS: Dated<u32> = &[((2009, 4, 1), 90)];
/// Working days to reconsider a decision once asked.
const RECONSIDERATION_WORKING_DAYS: Dated<u32> = &[((2009, 4, 1), 20)];

fn in_force<T: Copy>(values: Dated<T>, on: Ymd) -> T {
    values
        .iter()
        .rev()
        .find(|(from, _)| *from <= on)
        .or_else(|| values.first())
        .map(|(_, value)| *value)
        .expect("every policy has at least one value")
}

/// The rules a case follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub rg_target_working_days: u32,
    pub recovery_min_days: u32,
    pub move_on_support_days: u32,
    pub negative_needs_review: bool,
    pub review_working_days: u32,
    pub follow_up_working_days: u32,
    pub cg_target_days: u32,
    pub reconsideration_working_days: u32,
}

impl Policy {
    /// The values in force on `date` (for a case, the day it was received).
    pub fn on(date: Ymd) -> Self {
        Self {
            rg_target_working_days: in_force(RG_TARGET_WORKING_DAYS, date),
            recovery_min_days: in_force(RECOVERY_MIN_DAYS, date),
            move_on_support_days: in_force(MOVE_ON_SUPPORT_DAYS, date),
            negative_needs_review: in_force(NEGATIVE_NEEDS_REVIEW, date),
            review_working_days: in_force(REVIEW_WORKING_DAYS, date),
            follow_up_working_days: in_force(FOLLOW_UP_WORKING_DAYS, date),
            cg_target_days: in_force(CG_TARGET_DAYS, date),
            reconsideration_working_days: in_force(RECONSIDERATION_WORKING_DAYS, date),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_received_in_november_2022_gets_45_days_and_one_in_2023_gets_30() {
        assert_eq!(Policy::on((2022, 11, 15)).recovery_min_days, 45);
        assert_eq!(Policy::on((2022, 12, 12)).recovery_min_days, 45);
        assert_eq!(Policy::on((2022, 12, 13)).recovery_min_days, 30);
        assert_eq!(Policy::on((2023, 3, 1)).recovery_min_days, 30);
        assert_eq!(Policy::on((2026, 11, 29)).rg_target_working_days, 5);
        assert!(Policy::on((2026, 11, 29)).negative_needs_review);
    }
}
