//! Dates as the data contract writes them (`YYYY-MM-DD`, times in UTC) and yes/no.
//!
//! Interim: `shared::format` is gaining these (issue 9, shared part); once it has them, the
//! app calls those and this module goes.

use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// `YYYY-MM-DD` (surrounding blanks allowed), as a date input gives it.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), &format_description!("[year]-[month]-[day]")).ok()
}

/// `YYYY-MM-DD`, or empty for no date.
pub fn date_text(d: Option<Date>) -> String {
    d.and_then(|d| d.format(&format_description!("[year]-[month]-[day]")).ok())
        .unwrap_or_default()
}

/// `YYYY-MM-DD HH:MM UTC`.
pub fn when(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .format(&format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_default()
}

pub fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn dates_read_and_write_the_contract_form() {
        let cases = [
            ("2026-03-09", Some(date!(2026 - 03 - 09))),
            (" 2026-03-09 ", Some(date!(2026 - 03 - 09))),
            ("", None),
            ("2026-02-30", None),
            ("09/03/2026", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want, "{input:?}");
        }
        assert_eq!(date_text(Some(date!(2026 - 03 - 09))), "2026-03-09");
        assert_eq!(date_text(None), "");
    }

    #[test]
    fn times_show_in_utc() {
        assert_eq!(
            when(datetime!(2026-03-09 23:30 -02:00)),
            "2026-03-10 01:30 UTC"
        );
        assert_eq!(
            when(datetime!(2026-03-09 08:05 UTC)),
            "2026-03-09 08:05 UTC"
        );
        assert_eq!((yes_no(true), yes_no(false)), ("Yes", "No"));
    }
}
