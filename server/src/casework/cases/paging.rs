//! How the desk's lists of cases page and count: the queue ([`super::lists`])
//! and My work and Available work ([`super::tasks`]) alike.

/// Rows on one page of a list.
pub const PAGE_SIZE: i64 = 25;

/// Counts above this are shown as "more than": counting every match of a
/// free-text search across a million cases would make the page slow.
pub const COUNT_CAP: i64 = 10_000;

/// How many pages a list has, as far as its pager can tell: those of an
/// exact count; for a count cut off at its cap ("more than"), at least one
/// more after a full page, so that Next goes on past the count.
pub fn pages(total: i64, exact: bool, page: i64, rows_here: usize) -> i64 {
    let counted = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let full = i64::try_from(rows_here).is_ok_and(|rows| rows == PAGE_SIZE);
    if exact {
        counted
    } else if full {
        counted.max(page + 2)
    } else {
        counted.max(page + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_count_pages_on_while_pages_are_full() {
        // Exact: the count's pages, wherever the reader is.
        assert_eq!(pages(51, true, 0, 25), 3);
        assert_eq!(pages(50, true, 1, 25), 2);
        assert_eq!(pages(0, true, 0, 0), 0);
        // "More than 1,000": 40 pages counted, and Next beyond them while
        // the page is full.
        assert_eq!(pages(1_000, false, 0, 25), 40);
        assert_eq!(pages(1_000, false, 39, 25), 41);
        assert_eq!(pages(1_000, false, 120, 25), 122);
        // A page that is not full is the last.
        assert_eq!(pages(1_000, false, 120, 7), 121);
    }
}
