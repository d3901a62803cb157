//! One column of a report table, declared in one line by the kind of value it shows:
//!
//! ```
//! # use shared::reports::Column;
//! # struct Row { name: String, mau: u64, upsell: bool, trace: Vec<String> }
//! // Naming the row type once lets each closure know its argument's type.
//! type Col = Column<Row>;
//!
//! static COLUMNS: &[Col] = &[
//!     Col::text("name", "Tenant name", |r| r.name.clone()),
//!     Col::count("mau", "MAU", |r| r.mau),
//!     Col::yes_no("upsell", "Tenant upsell", |r| r.upsell)
//!         .why(|r| r.trace.clone())
//!         .hidden(),
//! ];
//! assert_eq!(COLUMNS[2].cell(&Row { name: "Contoso".into(), mau: 3, upsell: true, trace: vec![] }), "Yes");
//! ```
//!
//! The kind decides the cell's CSV text and its on-screen form (both through [`crate::format`]), the
//! sort key (text case aside, numbers by value, an unknown value last) and the alignment;
//! [`Column::sorted_by`] overrides the sort where the kind's order is not the report's (a
//! sales motion sorts in the spec's order, not the alphabet's).

use super::SortKey;
use crate::access::{may_see, Field, Role};
use crate::format::{self, ViewCell};
use crate::model::YearMonth;
use crate::money::Money;
use crate::ratio::Ratio;
use time::{Date, OffsetDateTime};

/// One column of a report table.
pub struct Column<R> {
    /// Stable id, used in URLs and remembered column settings.
    pub id: &'static str,
    /// The report's column name: table header and CSV header.
    pub header: &'static str,
    value: Value<R>,
    sort: Option<fn(&R) -> SortKey>,
    /// Right-aligned, as numbers are.
    pub numeric: bool,
    pub default_visible: bool,
    /// The checks that produced a computed cell ("why?"); `None` for data shown as imported.
    pub why: Option<fn(&R) -> Vec<String>>,
    /// The sensitive field the column shows (revenue, personal data): left out of the table,
    /// the picker's choices and every CSV for a role that may not see it.
    pub sensitive: Option<Field>,
}

/// The value a column shows, by kind.
enum Value<R> {
    Text(fn(&R) -> String),
    YesNo(fn(&R) -> bool),
    Count(fn(&R) -> u64),
    OptCount(fn(&R) -> Option<u64>),
    Percent(fn(&R) -> Option<Ratio>),
    Money(fn(&R) -> Money),
    OptMoney(fn(&R) -> Option<Money>),
    Month(fn(&R) -> Option<YearMonth>),
    Date(fn(&R) -> Option<Date>),
    Instant(fn(&R) -> Option<OffsetDateTime>),
}

impl<R> Column<R> {
    const fn of(id: &'static str, header: &'static str, value: Value<R>) -> Self {
        // Numbers, amounts and calendar values line up on the right; words and the long
        // RFC 3339 instants read from the left.
        let numeric = !matches!(value, Value::Text(_) | Value::YesNo(_) | Value::Instant(_));
        Column {
            id,
            header,
            value,
            sort: None,
            numeric,
            default_visible: true,
            why: None,
            sensitive: None,
        }
    }

    /// Text as given, sorted case aside; an empty cell sorts last.
    pub const fn text(id: &'static str, header: &'static str, get: fn(&R) -> String) -> Self {
        Self::of(id, header, Value::Text(get))
    }

    /// `Yes` / `No`.
    pub const fn yes_no(id: &'static str, header: &'static str, get: fn(&R) -> bool) -> Self {
        Self::of(id, header, Value::YesNo(get))
    }

    /// A whole number.
    pub const fn count(id: &'static str, header: &'static str, get: fn(&R) -> u64) -> Self {
        Self::of(id, header, Value::Count(get))
    }

    /// A whole number, or an empty cell (sorted last) when unknown.
    pub const fn opt_count(
        id: &'static str,
        header: &'static str,
        get: fn(&R) -> Option<u64>,
    ) -> Self {
        Self::of(id, header, Value::OptCount(get))
    }

    /// `63.5%`, or `–` (sorted last) when undefined.
    pub const fn percent(
        id: &'static str,
        header: &'static str,
        get: fn(&R) -> Option<Ratio>,
    ) -> Self {
        Self::of(id, header, Value::Percent(get))
    }

    /// `1234.50`.
    pub const fn money(id: &'static str, header: &'static str, get: fn(&R) -> Money) -> Self {
        Self::of(id, header, Value::Money(get))
    }

    /// `1234.50`, or an empty cell (sorted last) when unknown.
    pub const fn opt_money(
        id: &'static str,
        header: &'static str,
        get: fn(&R) -> Option<Money>,
    ) -> Self {
        Self::of(id, header, Value::OptMoney(get))
    }

    /// `YYYY-MM`, or an empty cell (sorted last).
    pub const fn month(
        id: &'static str,
        header: &'static str,
        get: fn(&R) -> Option<YearMonth>,
    ) -> Self {
        Self::of(id, header, Value::Month(get))
    }

    /// `YYYY-MM-DD`, or an empty cell (sorted last).
    pub const fn date(id: &'static str, header: &'static str, get: fn(&R) -> Option<Date>) -> Self {
        Self::of(id, header, Value::Date(get))
    }

    /// An RFC 3339 instant, or an empty cell (sorted last).
    pub const fn instant(
        id: &'static str,
        header: &'static str,
        get: fn(&R) -> Option<OffsetDateTime>,
    ) -> Self {
        Self::of(id, header, Value::Instant(get))
    }

    /// Left out of the table until the partner picks it.
    pub const fn hidden(mut self) -> Self {
        self.default_visible = false;
        self
    }

    /// A computed cell, with the checks that produced it.
    pub const fn why(mut self, trace: fn(&R) -> Vec<String>) -> Self {
        self.why = Some(trace);
        self
    }

    /// Shows `field`: only for roles that may see it (`access::may_see`).
    pub const fn sensitive(mut self, field: Field) -> Self {
        self.sensitive = Some(field);
        self
    }

    /// Whether `role` may see this column.
    pub fn visible_to(&self, role: Role) -> bool {
        self.sensitive.is_none_or(|f| may_see(role, f))
    }

    /// Sorted by `key` instead of the value.
    pub const fn sorted_by(mut self, key: fn(&R) -> SortKey) -> Self {
        self.sort = Some(key);
        self
    }

    /// Right-aligned although its cell is text (a countdown).
    pub const fn numeric(mut self) -> Self {
        self.numeric = true;
        self
    }

    /// The same column under another header: an export names its columns as the data
    /// contract does, which is not always the seed's table header.
    pub const fn renamed(mut self, header: &'static str) -> Self {
        self.header = header;
        self
    }

    /// The cell's text in CSV and exports: the data contract's plain form.
    pub fn cell(&self, row: &R) -> String {
        match self.value {
            Value::Text(get) => get(row),
            Value::YesNo(get) => format::yes_no(get(row)).to_string(),
            Value::Count(get) => get(row).to_string(),
            Value::OptCount(get) => format::or_blank(get(row)),
            Value::Percent(get) => format::percent(get(row)),
            Value::Money(get) => get(row).to_string(),
            Value::OptMoney(get) => format::or_blank(get(row)),
            Value::Month(get) => format::or_blank(get(row)),
            Value::Date(get) => format::opt_date(get(row)),
            Value::Instant(get) => get(row).map(format::timestamp).unwrap_or_default(),
        }
    }

    /// The cell as the view shows it: counts with thousands separators, money with `$` and
    /// separators, dates and instants typed for the browser's locale; the rest as [`cell`].
    /// Only the screen uses it: CSV and exports keep [`cell`]'s plain forms.
    ///
    /// [`cell`]: Self::cell
    pub fn display(&self, row: &R) -> ViewCell {
        let blank = || ViewCell::text("");
        match self.value {
            Value::Count(get) => ViewCell::text(format::grouped(get(row))),
            Value::OptCount(get) => {
                get(row).map_or_else(blank, |n| ViewCell::text(format::grouped(n)))
            }
            Value::Money(get) => ViewCell::text(format::money(get(row))),
            Value::OptMoney(get) => {
                get(row).map_or_else(blank, |m| ViewCell::text(format::money(m)))
            }
            Value::Date(get) => get(row).map_or_else(blank, ViewCell::Date),
            Value::Instant(get) => get(row).map_or_else(blank, ViewCell::Instant),
            Value::Text(_) | Value::YesNo(_) | Value::Percent(_) | Value::Month(_) => {
                ViewCell::text(self.cell(row))
            }
        }
    }

    pub fn sort_key(&self, row: &R) -> SortKey {
        if let Some(key) = self.sort {
            return key(row);
        }
        match self.value {
            Value::Text(get) => SortKey::text(&get(row)),
            Value::YesNo(get) => SortKey::text(format::yes_no(get(row))),
            Value::Count(get) => SortKey::Num(get(row) as f64),
            Value::OptCount(get) => SortKey::num(get(row).map(|n| n as f64)),
            Value::Percent(get) => SortKey::num(get(row).map(Ratio::value)),
            Value::Money(get) => SortKey::Num(get(row).cents() as f64),
            Value::OptMoney(get) => SortKey::num(get(row).map(|m| m.cents() as f64)),
            Value::Month(get) => {
                SortKey::num(get(row).map(|m| f64::from(m.year) * 12.0 + f64::from(m.month)))
            }
            Value::Date(get) => SortKey::num(get(row).map(|d| f64::from(d.to_julian_day()))),
            Value::Instant(get) => SortKey::num(get(row).map(|t| t.unix_timestamp() as f64)),
        }
    }
}

pub fn column_by_id<'a, R>(columns: &'a [Column<R>], id: &str) -> Option<&'a Column<R>> {
    columns.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    /// One row with a value of every kind, and one where each is unknown.
    struct Row {
        name: &'static str,
        flag: bool,
        n: Option<u64>,
        pct: Option<Ratio>,
        amount: Option<Money>,
        month: Option<YearMonth>,
        day: Option<Date>,
        at: Option<OffsetDateTime>,
    }

    const KNOWN: Row = Row {
        name: "Contoso",
        flag: true,
        n: Some(1200),
        pct: Some(Ratio(0.635)),
        amount: Some(Money(123_450)),
        month: Some(YearMonth {
            year: 2026,
            month: 3,
        }),
        day: Some(date!(2026 - 03 - 01)),
        at: Some(datetime!(2026-11-02 09:30 UTC)),
    };

    const UNKNOWN: Row = Row {
        name: "",
        flag: false,
        n: None,
        pct: None,
        amount: None,
        month: None,
        day: None,
        at: None,
    };

    static COLUMNS: &[Column<Row>] = &[
        Column::text("text", "Text", |r| r.name.to_string()),
        Column::yes_no("yes_no", "Yes/no", |r| r.flag),
        Column::count("count", "Count", |r| r.n.unwrap_or(0)),
        Column::opt_count("opt_count", "Optional count", |r| r.n),
        Column::percent("percent", "Percent", |r| r.pct),
        Column::money("money", "Money", |r| r.amount.unwrap_or_default()),
        Column::opt_money("opt_money", "Optional money", |r| r.amount),
        Column::month("month", "Month", |r| r.month),
        Column::date("date", "Date", |r| r.day),
        Column::instant("instant", "Instant", |r| r.at),
    ];

    #[test]
    fn each_kind_has_its_cell_sort_key_and_alignment() {
        use SortKey::{Missing, Num, Text};
        // (id, known cell, known key, unknown cell, unknown key, numeric)
        let cases: [(&str, &str, SortKey, &str, SortKey, bool); 10] = [
            (
                "text",
                "Contoso",
                Text("contoso".into()),
                "",
                Missing,
                false,
            ),
            (
                "yes_no",
                "Yes",
                Text("yes".into()),
                "No",
                Text("no".into()),
                false,
            ),
            ("count", "1200", Num(1200.0), "0", Num(0.0), true),
            ("opt_count", "1200", Num(1200.0), "", Missing, true),
            ("percent", "63.5%", Num(0.635), "–", Missing, true),
            ("money", "1234.50", Num(123_450.0), "0.00", Num(0.0), true),
            ("opt_money", "1234.50", Num(123_450.0), "", Missing, true),
            (
                "month",
                "2026-03",
                Num(2026.0 * 12.0 + 3.0),
                "",
                Missing,
                true,
            ),
            (
                "date",
                "2026-03-01",
                Num(f64::from(date!(2026 - 03 - 01).to_julian_day())),
                "",
                Missing,
                true,
            ),
            (
                "instant",
                "2026-11-02T09:30:00Z",
                Num(datetime!(2026-11-02 09:30 UTC).unix_timestamp() as f64),
                "",
                Missing,
                false,
            ),
        ];
        assert_eq!(cases.len(), COLUMNS.len(), "every kind is covered");
        for (id, cell, key, blank, blank_key, numeric) in cases {
            let c = column_by_id(COLUMNS, id).unwrap();
            assert_eq!(c.cell(&KNOWN), cell, "{id}");
            assert_eq!(c.sort_key(&KNOWN), key, "{id}");
            assert_eq!(c.cell(&UNKNOWN), blank, "{id}");
            assert_eq!(c.sort_key(&UNKNOWN), blank_key, "{id}");
            assert_eq!(c.numeric, numeric, "{id}");
            assert!(c.default_visible && c.why.is_none(), "{id}");
        }
    }

    #[test]
    fn the_view_form_is_for_people_and_the_cell_stays_plain() {
        // (id, known view, unknown view); the cells above are unchanged by it.
        let t = |s: &str| ViewCell::text(s);
        let cases = [
            ("text", t("Contoso"), t("")),
            ("yes_no", t("Yes"), t("No")),
            ("count", t("1,200"), t("0")),
            ("opt_count", t("1,200"), t("")),
            ("percent", t("63.5%"), t("–")),
            ("money", t("$1,234.50"), t("$0.00")),
            ("opt_money", t("$1,234.50"), t("")),
            ("month", t("2026-03"), t("")),
            ("date", ViewCell::Date(date!(2026 - 03 - 01)), t("")),
            (
                "instant",
                ViewCell::Instant(datetime!(2026-11-02 09:30 UTC)),
                t(""),
            ),
        ];
        assert_eq!(cases.len(), COLUMNS.len(), "every kind is covered");
        for (id, known, unknown) in cases {
            let c = column_by_id(COLUMNS, id).unwrap();
            assert_eq!(c.display(&KNOWN), known, "{id}");
            assert_eq!(c.display(&UNKNOWN), unknown, "{id}");
        }
        let all: Vec<&Column<Row>> = COLUMNS.iter().collect();
        let csv = crate::reports::rows_to_csv(&[KNOWN], &[0], &all);
        assert_eq!(
            csv.lines().nth(1),
            Some("Contoso,Yes,1200,1200,63.5%,1234.50,1234.50,2026-03,2026-03-01,2026-11-02T09:30:00Z")
        );
    }

    #[test]
    fn modifiers_change_only_what_they_name() {
        let c = Column::<Row>::text("t", "T", |r| r.name.to_string())
            .hidden()
            .why(|r| vec![format!("named {}", r.name)])
            .sorted_by(|r| SortKey::Num(r.name.len() as f64))
            .numeric()
            .renamed("Renamed");
        assert_eq!((c.id, c.header), ("t", "Renamed"));
        assert!(!c.default_visible && c.numeric);
        assert_eq!(c.cell(&KNOWN), "Contoso");
        assert_eq!(c.sort_key(&KNOWN), SortKey::Num(7.0));
        assert_eq!((c.why.unwrap())(&KNOWN), ["named Contoso"]);
    }

    #[test]
    fn finds_a_column_by_id() {
        assert_eq!(
            column_by_id(COLUMNS, "money").map(|c| c.header),
            Some("Money")
        );
        assert!(column_by_id(COLUMNS, "nope").is_none());
    }
}
