//! A what-if's CSV: the view's rows with each column twice, as imported and under the
//! scenario, in the plain forms of every other download.

use crate::csv_out::CsvWriter;
use crate::reports::Column;

/// The header of a column's scenario value.
pub fn what_if_header(header: &str) -> String {
    format!("{header} (what-if)")
}

/// The rows of `order` with every column before and after, side by side: `MAU`,
/// `MAU (what-if)`, …, written into `out` row by row (the app's Download streams it into Blob
/// parts, so memory stays bounded whatever the size). `before` and `after` line up row for
/// row (see [`super::delta`]).
pub fn write_before_after_csv<R, W: std::io::Write>(
    out: W,
    before: &[R],
    after: &[R],
    order: &[u32],
    columns: &[&Column<R>],
) -> std::io::Result<W> {
    let headers: Vec<String> = columns
        .iter()
        .flat_map(|c| [c.header.to_string(), what_if_header(c.header)])
        .collect();
    let mut w = CsvWriter::new(out);
    w.record(headers.iter().map(String::as_str))?;
    for &i in order {
        let (b, a) = (&before[i as usize], &after[i as usize]);
        w.record(columns.iter().flat_map(|c| [c.cell(b), c.cell(a)]))?;
    }
    w.finish()
}
