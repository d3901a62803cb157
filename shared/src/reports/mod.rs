//! Report tables: their columns (header, cell text, sort key) and the sorting, searching and
//! filtering every report shares. The app renders these; the server exports them; both write
//! the same cells, so a download is exactly the view.

mod column;
mod sort;

pub mod adoption;
pub mod cloud_endpoints;
pub mod eligibility;
pub mod opportunities;
pub mod referrals;
pub mod tenants;

use crate::csv_out::CsvWriter;
pub use column::{column_by_id, Column};
pub use sort::{sort_indices, SortDir, SortKey};

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
    // Writing to a Vec cannot fail.
    let bytes = write_rows_csv(Vec::new(), rows, order, columns).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The header record of `columns`.
pub fn csv_header<R, W: std::io::Write>(
    w: &mut CsvWriter<W>,
    columns: &[&Column<R>],
) -> std::io::Result<()> {
    w.record(columns.iter().map(|c| c.header))
}

/// The records of `rows` in `order` (no header): an export writes its rows a part at a time.
pub fn write_csv_rows<R, W: std::io::Write>(
    w: &mut CsvWriter<W>,
    rows: &[R],
    order: &[u32],
    columns: &[&Column<R>],
) -> std::io::Result<()> {
    for &i in order {
        let r = &rows[i as usize];
        w.record(columns.iter().map(|c| c.cell(r)))?;
    }
    Ok(())
}

/// The whole CSV of `rows` in `order` (header included) written into `out` row by row: the
/// app's Download streams into Blob parts with it, so memory stays bounded whatever the size.
pub fn write_rows_csv<R, W: std::io::Write>(
    out: W,
    rows: &[R],
    order: &[u32],
    columns: &[&Column<R>],
) -> std::io::Result<W> {
    let mut w = CsvWriter::new(out);
    csv_header(&mut w, columns)?;
    write_csv_rows(&mut w, rows, order, columns)?;
    w.finish()
}
