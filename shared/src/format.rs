//! How values read: the plain forms of CSV, exports and import files (the data contract's:
//! `1234.50`, `63.5%`, RFC 3339), and the forms a person reads at a glance on screen
//! (`display`: `1,234`, `$1,234.50`, tiles `$8.19M`). A download carries the view's rows and
//! columns in the plain forms, so it reads back in as an import. Dates and instants on screen
//! are the browser's locale and time zone, which only the app knows (`app::locale`); here they
//! stay typed ([`ViewCell`]).
//!
//! An unknown value (no claim date, no Starting HWM, no renewal) is an empty cell, as in the
//! import files; an undefined percent (usage with PAU 0) is [`DASH`], since it is not a
//! number and `N/A` already means a threshold. Months are `YYYY-MM` ([`YearMonth`]'s
//! `Display`), money `1234.50` ([`crate::Money`]'s `Display`).
//!
//! [`YearMonth`]: crate::model::YearMonth

use crate::ratio::Ratio;
use std::fmt::Display;
use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::{Date, OffsetDateTime};

/// Shown for an undefined value (e.g. usage with PAU 0).
pub const DASH: &str = "–";

/// `Yes` / `No`, as the import files write flags.
pub fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

/// `63.5%`, or [`DASH`] when undefined.
pub fn percent(r: Option<Ratio>) -> String {
    r.map_or_else(|| DASH.to_string(), |r| r.to_string())
}

/// The value's own form, or an empty cell when unknown: counts, months, claim numbers, tiers.
pub fn or_blank<T: Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// `YYYY-MM-DD`: dates in cells, import files, JSON and form fields.
pub const DATE: &[BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// `YYYY-MM-DD`.
pub fn date(d: Date) -> String {
    // Infallible for a four-digit year, the only kind the import accepts.
    d.format(DATE).unwrap_or_default()
}

/// A `YYYY-MM-DD` date, surrounding spaces aside.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), DATE).ok()
}

/// `YYYY-MM-DD`, or an empty cell when unknown.
pub fn opt_date(d: Option<Date>) -> String {
    d.map(date).unwrap_or_default()
}

/// An instant as RFC 3339 (`2026-11-02T09:30:00Z`), the import files' form.
pub fn timestamp(t: OffsetDateTime) -> String {
    // Infallible for the four-digit years the import accepts.
    t.format(&Rfc3339).unwrap_or_default()
}

/// `YYYY-MM-DD HH:MM UTC`: when a note or change was made, as the tenant detail shows it.
pub fn utc_minute(t: OffsetDateTime) -> String {
    const MINUTE: &[BorrowedFormatItem<'static>] =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.to_offset(time::UtcOffset::UTC)
        .format(MINUTE)
        .unwrap_or_default()
}

mod display;
pub use display::{grouped, money, money_compact, ViewCell};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::YearMonth;
    use time::macros::{date, datetime};

    #[test]
    fn each_form() {
        let cases: &[(String, &str)] = &[
            (yes_no(true).into(), "Yes"),
            (yes_no(false).into(), "No"),
            (percent(Some(Ratio(0.635))), "63.5%"),
            (percent(Some(Ratio(0.0))), "0.0%"),
            (percent(None), "–"),
            (or_blank(Some(0u64)), "0"),
            (or_blank(Some(1234u64)), "1234"),
            (or_blank(None::<u64>), ""),
            (or_blank(YearMonth::parse("2026-03")), "2026-03"),
            (or_blank(None::<YearMonth>), ""),
            (date(date!(2026 - 03 - 01)), "2026-03-01"),
            (date(date!(0999 - 12 - 31)), "0999-12-31"),
            (opt_date(Some(date!(2025 - 06 - 30))), "2025-06-30"),
            (opt_date(None), ""),
            (
                timestamp(datetime!(2026-11-02 09:30 UTC)),
                "2026-11-02T09:30:00Z",
            ),
            (
                timestamp(datetime!(2026-11-02 09:30:15 +02:00)),
                "2026-11-02T09:30:15+02:00",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn dates_read_back() {
        assert_eq!(parse_date(" 2026-03-01 "), Some(date!(2026 - 03 - 01)));
        for bad in ["", "2026-3-1", "2026-02-30", "01/03/2026", "2026-03"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let d = date!(2024 - 02 - 29);
        assert_eq!(parse_date(&date(d)), Some(d));
    }

    #[test]
    fn instants_show_to_the_minute_in_utc() {
        assert_eq!(
            utc_minute(datetime!(2026-03-09 23:30 -02:00)),
            "2026-03-10 01:30 UTC"
        );
        assert_eq!(
            utc_minute(datetime!(2026-03-09 08:05 UTC)),
            "2026-03-09 08:05 UTC"
        );
    }
}
