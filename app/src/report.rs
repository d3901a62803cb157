//! What every report page shares, once: its view state — search, sort and visible columns —
//! kept in the URL (so a link reproduces a view and Back/Forward walk through it; the column
//! choice also remembered per report in `localStorage`), and `order`, the filtered and sorted
//! row indices that the table, the row count and the download all show.
//!
//! Columns the signed-in role may not see (`Column::sensitive`) are never visible, sortable or
//! downloaded, whatever the URL or the browser remembers; the picker says why they are missing.
//!
//! A report page is its rows, its filter and its columns:
//! `let report = use_report("tenants", COLUMNS, rows, url, move |search| TenantFilter { search, … })`.

use crate::session::use_user;
use crate::table::Sort;
use crate::timing;
use crate::url_state::Url;
use leptos::prelude::*;
use leptos_dom::helpers::{request_animation_frame, set_timeout_with_handle, TimeoutHandle};
use shared::access::Role;
use shared::reports::{column_by_id, sort_indices, write_rows_csv, Column, RowFilter, SortDir};
use std::sync::Arc;
use std::time::Duration;

/// One report's rows and view state. `Copy`: hand it to every control of the page.
pub struct Report<R: Send + Sync + 'static> {
    /// Names the report in `localStorage` and its CSV file (`{name}.csv`).
    pub name: &'static str,
    pub columns: &'static [Column<R>],
    /// The signed-in role: decides which columns exist for this reader.
    pub role: Role,
    pub rows: Memo<Arc<Vec<R>>>,
    /// What the view (sort, filter, table) follows instead of `rows`: bumped in the next
    /// animation frame after the rows change, once however many changes came in. A what-if's
    /// slider step recomputes its rows, tiles and delta at once, and the view in the frame's
    /// rendering step, just before that frame is painted.
    view: RwSignal<u64>,
    /// Indices into `rows` that pass the filter, in the chosen sort order.
    pub order: Memo<Arc<Vec<u32>>>,
    /// The search box's text: updated on every keystroke, the URL follows after a pause.
    pub search: RwSignal<String>,
    pub sort: Memo<Option<Sort>>,
    /// Ids of the shown columns, in the report's column order.
    pub visible: Memo<Vec<&'static str>>,
    pub url: Url,
    /// Bumped after a column change that leaves the URL as it was, to re-read the storage.
    saved_columns: RwSignal<u32>,
    typing: StoredValue<Option<TimeoutHandle>>,
}

impl<R: Send + Sync> Clone for Report<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R: Send + Sync> Copy for Report<R> {}

/// The state of one report. `filter` builds the report's filter from the search text and the
/// page's filter parameters (read through `url.filter_*`, so "Clear filters" knows them).
pub fn use_report<R, F>(
    name: &'static str,
    columns: &'static [Column<R>],
    rows: Memo<Arc<Vec<R>>>,
    url: Url,
    filter: impl Fn(String) -> F + Send + Sync + 'static,
) -> Report<R>
where
    R: Send + Sync + 'static,
    F: RowFilter<R> + PartialEq + Send + Sync + 'static,
{
    let q = url.param("q");
    let sort_col = url.param("sort");
    let sort_dir = url.param("dir");
    let cols = url.list("cols");
    let role = use_user().role;

    let sort = Memo::new(move |_| {
        let col = column_by_id(columns, &sort_col.get()?)?;
        if !col.visible_to(role) {
            return None;
        }
        Some(Sort {
            column: col.id,
            dir: sort_dir
                .get()
                .as_deref()
                .and_then(SortDir::parse)
                .unwrap_or_default(),
        })
    });
    // The view follows changed rows in the next animation frame, once however many changes
    // came in (see `Report::view`); the first rows are the view's from the start.
    let view = RwSignal::new(0u64);
    let pending = StoredValue::new(false);
    Effect::new(move |first: Option<()>| {
        rows.track();
        if first.is_some() && !pending.get_value() {
            pending.set_value(true);
            request_animation_frame(move || {
                pending.set_value(false);
                view.update(|v| *v += 1);
            });
        }
    });
    // All rows in the sort order: re-sorted only when the view's rows or the sort change.
    // Unsorted, the order is the rows' own and follows only their number (a what-if step
    // changes values, not how many rows there are).
    let len = Memo::new(move |_| rows.with(|r| r.len()));
    let sorted = Memo::new(move |_| {
        let s = sort.get();
        Arc::new(
            match s.and_then(|s| Some((column_by_id(columns, s.column)?, s.dir))) {
                Some((col, dir)) => {
                    view.track();
                    rows.with_untracked(|rows| sort_indices(rows, col, dir))
                }
                None => (0..len.get() as u32).collect(),
            },
        )
    });

    let search = RwSignal::new(q.get_untracked().unwrap_or_default());
    // Back/Forward and links change the URL under the box: follow them.
    Effect::new(move |_| {
        let from_url = q.get().unwrap_or_default();
        if from_url != search.get_untracked() {
            search.set(from_url);
        }
    });
    let filter = Memo::new(move |_| filter(search.get()));
    let order = Memo::new(move |_| {
        view.track();
        filter.with(|f| {
            rows.with_untracked(|rows| {
                sorted.with(|sorted| Arc::new(timing::measure("filter", || f.apply(rows, sorted))))
            })
        })
    });

    // A link's columns win; without them, this browser's remembered choice; else the defaults.
    let saved_columns = RwSignal::new(0u32);
    let visible = Memo::new(move |_| {
        saved_columns.track();
        chosen_columns(columns, &cols.get())
            .or_else(|| {
                let saved = storage()?.get_item(&storage_key(name)).ok()??;
                let ids: Vec<String> = saved.split(',').map(str::to_string).collect();
                chosen_columns(columns, &ids)
            })
            .unwrap_or_else(|| default_columns(columns))
            .into_iter()
            .filter(|id| column_by_id(columns, id).is_some_and(|c| c.visible_to(role)))
            .collect()
    });

    Report {
        name,
        columns,
        role,
        rows,
        view,
        order,
        search,
        sort,
        visible,
        url,
        saved_columns,
        typing: StoredValue::new(None),
    }
}

impl<R: Send + Sync + 'static> Report<R> {
    /// Sorts by column `id`: ascending first, the other way on the second click.
    pub fn sort_by(&self, id: &'static str) {
        let dir = match self.sort.get_untracked() {
            Some(s) if s.column == id => s.dir.flip(),
            _ => SortDir::Asc,
        };
        self.url.set(&[
            ("sort", Some(id.to_string())),
            ("dir", Some(dir.as_str().to_string())),
        ]);
    }

    /// Shows these columns (none = the defaults); remembered in this browser, and in the URL
    /// unless they are the defaults.
    pub fn show_columns(&self, chosen: Vec<&'static str>) {
        let defaults = default_columns(self.columns);
        let chosen = if chosen.is_empty() {
            defaults.clone()
        } else {
            chosen
        };
        let joined = chosen.join(",");
        if let Some(s) = storage() {
            let _ = s.set_item(&storage_key(self.name), &joined);
        }
        self.saved_columns.update(|n| *n += 1);
        self.url
            .set(&[("cols", (chosen != defaults).then_some(joined))]);
    }

    /// Typing filters at once; the URL follows once typing pauses, replacing the history
    /// entry, so a keystroke costs only the filtering and the re-rendered rows.
    pub fn type_search(&self, text: String) {
        self.search.set(text.clone());
        self.stop_typing();
        let url = self.url;
        let handle = set_timeout_with_handle(
            move || url.replace(&[("q", Some(text))]),
            Duration::from_millis(250),
        )
        .ok();
        self.typing.set_value(handle);
    }

    fn stop_typing(&self) {
        if let Some(h) = self.typing.get_value() {
            h.clear();
        }
    }

    /// Empties the search box and removes every filter of the page.
    pub fn clear_filters(&self) {
        self.stop_typing();
        self.search.set(String::new());
        self.url.clear_filters();
    }

    /// Reads the rows for the view: re-run when the view follows them (see `view`), not at
    /// each change of the rows.
    pub fn with_view_rows<T>(&self, f: impl FnOnce(&Vec<R>) -> T) -> T {
        self.view.track();
        self.rows.with_untracked(|rows| f(rows))
    }

    pub fn total(&self) -> usize {
        self.rows.with(|r| r.len())
    }

    pub fn shown(&self) -> usize {
        self.order.with(|o| o.len())
    }

    /// The visible columns, in their order (what the table shows and a download holds).
    pub fn visible_columns(&self) -> Vec<&'static Column<R>> {
        self.visible
            .get_untracked()
            .iter()
            .filter_map(|id| column_by_id(self.columns, id))
            .collect()
    }

    /// Writes the view as CSV into `out`, row by row: its rows in its order, its visible
    /// columns.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> std::io::Result<W> {
        let cols = self.visible_columns();
        self.rows.with_untracked(|rows| {
            self.order
                .with_untracked(|order| write_rows_csv(out, rows, order, &cols))
        })
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn storage_key(report: &str) -> String {
    format!("insights.columns.{report}")
}

/// The known columns among `ids`, in the report's order; `None` when there are none.
fn chosen_columns<R>(columns: &'static [Column<R>], ids: &[String]) -> Option<Vec<&'static str>> {
    let chosen: Vec<&'static str> = columns
        .iter()
        .filter(|c| ids.iter().any(|id| id == c.id))
        .map(|c| c.id)
        .collect();
    (!chosen.is_empty()).then_some(chosen)
}

pub fn default_columns<R>(columns: &'static [Column<R>]) -> Vec<&'static str> {
    columns
        .iter()
        .filter(|c| c.default_visible)
        .map(|c| c.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::reports::tenants::{TenantRow, COLUMNS};

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chosen_columns_keep_the_report_order_and_drop_unknown_ids() {
        let first = COLUMNS[0].id;
        let second = COLUMNS[1].id;
        let cases: [(Vec<String>, Option<Vec<&str>>); 4] = [
            (ids(&[]), None),
            (ids(&["no_such_column"]), None),
            (ids(&[second, first]), Some(vec![first, second])),
            (ids(&[second, "no_such_column"]), Some(vec![second])),
        ];
        for (input, want) in cases {
            assert_eq!(
                chosen_columns::<TenantRow>(COLUMNS, &input),
                want,
                "{input:?}"
            );
        }
    }

    #[test]
    fn default_columns_are_those_visible_by_default() {
        let defaults = default_columns(COLUMNS);
        assert!(!defaults.is_empty());
        for c in COLUMNS {
            assert_eq!(defaults.contains(&c.id), c.default_visible, "{}", c.id);
        }
    }
}
