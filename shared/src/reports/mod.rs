//! Report tables: their columns (header, cell text, sort key) and the sorting, searching and
//! filtering every report shares. The app renders these; the server exports them; both write
//! the same cells, so a download is exactly the view.

pub mod opportunities;
pub mod referrals;
pub mod tenants;

use std::cmp::Ordering;

/// What a column sorts by. Missing values sort last in either direction.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Missing,
    Num(f64),
    Text(String),
}

impl SortKey {
    pub fn text(s: &str) -> SortKey {
        if s.is_empty() {
            SortKey::Missing
        } else {
            SortKey::Text(s.to_lowercase())
        }
    }

    fn cmp_present(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Num(a), SortKey::Num(b)) => a.total_cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            (SortKey::Num(_), SortKey::Text(_)) => Ordering::Less,
            (SortKey::Text(_), SortKey::Num(_)) => Ordering::Greater,
            _ => Ordering::Equal,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

impl SortDir {
    pub fn flip(self) -> SortDir {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }
    pub fn parse(s: &str) -> Option<SortDir> {
        match s {
            "asc" => Some(SortDir::Asc),
            "desc" => Some(SortDir::Desc),
            _ => None,
        }
    }
}

/// One column of a report table.
pub struct Column<R> {
    /// Stable id, used in URLs and remembered column settings.
    pub id: &'static str,
    /// The report's column name: table header and CSV header.
    pub header: &'static str,
    pub cell: fn(&R) -> String,
    pub sort: fn(&R) -> SortKey,
    pub numeric: bool,
    pub default_visible: bool,
    /// The checks that produced a computed cell ("why?"); `None` for data shown as imported.
    pub why: Option<fn(&R) -> Vec<String>>,
}

pub fn column_by_id<'a, R>(columns: &'a [Column<R>], id: &str) -> Option<&'a Column<R>> {
    columns.iter().find(|c| c.id == id)
}

/// Row indices ordered by `column` (stable: ties keep the input order).
pub fn sort_indices<R>(rows: &[R], column: &Column<R>, dir: SortDir) -> Vec<u32> {
    let keys: Vec<SortKey> = rows.iter().map(|r| (column.sort)(r)).collect();
    let mut idx: Vec<u32> = (0..rows.len() as u32).collect();
    idx.sort_by(|&a, &b| {
        let (ka, kb) = (&keys[a as usize], &keys[b as usize]);
        match (ka, kb) {
            (SortKey::Missing, SortKey::Missing) => Ordering::Equal,
            (SortKey::Missing, _) => Ordering::Greater,
            (_, SortKey::Missing) => Ordering::Less,
            _ => {
                let o = ka.cmp_present(kb);
                if dir == SortDir::Desc {
                    o.reverse()
                } else {
                    o
                }
            }
        }
    });
    idx
}

/// Lower-cased search terms; a row matches when every term occurs in its haystack.
pub fn search_terms(query: &str) -> Vec<String> {
    query.split_whitespace().map(|t| t.to_lowercase()).collect()
}

pub fn matches_terms(haystack: &str, terms: &[String]) -> bool {
    terms.iter().all(|t| haystack.contains(t.as_str()))
}

/// A report's search and filters over its rows.
pub trait RowFilter<R> {
    /// The search box's text.
    fn search(&self) -> &str;

    /// Whether a row passes, given the search split into lower-cased terms.
    fn matches(&self, row: &R, terms: &[String]) -> bool;

    /// The rows of `order` that pass, keeping its order.
    fn apply(&self, rows: &[R], order: &[u32]) -> Vec<u32> {
        let terms = search_terms(self.search());
        order
            .iter()
            .copied()
            .filter(|&i| self.matches(&rows[i as usize], &terms))
            .collect()
    }
}

/// One facet of a filter: nothing selected keeps every row, else any selected value may match.
pub fn any_selected<T>(selected: &[T], has: impl Fn(&T) -> bool) -> bool {
    selected.is_empty() || selected.iter().any(has)
}

/// The CSV of `rows` (in the given order) with the given columns.
pub fn rows_to_csv<R>(rows: &[R], order: &[u32], columns: &[&Column<R>]) -> String {
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    crate::csv_out::to_csv(
        &headers,
        order.iter().map(|&i| {
            let r = &rows[i as usize];
            columns.iter().map(|c| (c.cell)(r)).collect::<Vec<_>>()
        }),
    )
}
pub mod cloud_endpoints;
