//! A what-if's CSV: the view's rows with each column twice, as imported and under the
//! scenario, in the plain forms of every other download.

use crate::reports::Column;

/// The header of a column's scenario value.
pub fn what_if_header(header: &str) -> String {
    format!("{header} (what-if)")
}

/// The rows of `order` with every column before and after, side by side: `MAU`,
/// `MAU (what-if)`, …. `before` and `after` line up row for row (see [`super::delta`]).
pub fn before_after_csv<R>(
    before: &[R],
    after: &[R],
    order: &[u32],
    columns: &[&Column<R>],
) -> String {
    let headers: Vec<String> = columns
        .iter()
        .flat_map(|c| [c.header.to_string(), what_if_header(c.header)])
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    crate::csv_out::to_csv(
        &headers,
        order.iter().map(|&i| {
            let (b, a) = (&before[i as usize], &after[i as usize]);
            columns
                .iter()
                .flat_map(|c| [c.cell(b), c.cell(a)])
                .collect::<Vec<_>>()
        }),
    )
}
