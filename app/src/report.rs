//! The view state every report shares — search, sort and visible columns — kept in the URL
//! (so a link reproduces a view and Back/Forward walk through it), with the column choice also
//! remembered per report in `localStorage`.

use crate::table::Sort;
use crate::url_state::{list_param, param, setter, Setter};
use leptos::prelude::*;
use shared::reports::{column_by_id, sort_indices, Column, SortDir};
use std::sync::Arc;

pub struct ReportView {
    pub sort: Memo<Option<Sort>>,
    pub on_sort: Callback<&'static str>,
    /// The search box's text: updated on every keystroke, the URL follows.
    pub search: RwSignal<String>,
    /// Ids of the shown columns, in the report's column order.
    pub visible: Memo<Vec<&'static str>>,
    pub set_visible: Callback<Vec<&'static str>>,
    /// All row indices in the chosen sort order (filters apply on top).
    pub sorted: Memo<Arc<Vec<u32>>>,
    pub set_url: Setter,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn storage_key(report: &str) -> String {
    format!("insights.columns.{report}")
}

fn parse_columns<R>(columns: &'static [Column<R>], ids: &[String]) -> Option<Vec<&'static str>> {
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

/// The state of one report. `report` names it in `localStorage`.
pub fn use_report<R: Send + Sync + 'static>(
    report: &'static str,
    columns: &'static [Column<R>],
    rows: Memo<Arc<Vec<R>>>,
) -> ReportView {
    let q = param("q");
    let sort_col = param("sort");
    let sort_dir = param("dir");
    let cols = list_param("cols");
    let set_url = setter();

    let sort = Memo::new(move |_| {
        let col = column_by_id(columns, &sort_col.get()?)?;
        Some(Sort {
            column: col.id,
            dir: sort_dir
                .get()
                .as_deref()
                .and_then(SortDir::parse)
                .unwrap_or_default(),
        })
    });
    let sorted = Memo::new(move |_| {
        let s = sort.get();
        rows.with(|rows| {
            Arc::new(
                match s.and_then(|s| Some((column_by_id(columns, s.column)?, s.dir))) {
                    Some((col, dir)) => sort_indices(rows, col, dir),
                    None => (0..rows.len() as u32).collect(),
                },
            )
        })
    });
    let on_sort = {
        let set_url = set_url.clone();
        Callback::new(move |id: &'static str| {
            let dir = match sort.get_untracked() {
                Some(s) if s.column == id => s.dir.flip(),
                _ => SortDir::Asc,
            };
            set_url(
                &[
                    ("sort", Some(id.to_string())),
                    ("dir", Some(dir.as_str().to_string())),
                ],
                false,
            );
        })
    };

    let search = RwSignal::new(q.get_untracked().unwrap_or_default());
    // Back/Forward and links change the URL under the box: follow them.
    Effect::new(move |_| {
        let from_url = q.get().unwrap_or_default();
        if from_url != search.get_untracked() {
            search.set(from_url);
        }
    });

    // A link's columns win; without them, this browser's remembered choice; else the defaults.
    // `saved` re-reads the (non-reactive) storage after a change that leaves the URL as it was.
    let saved = RwSignal::new(0u32);
    let visible = Memo::new(move |_| {
        saved.track();
        parse_columns(columns, &cols.get())
            .or_else(|| {
                let saved = storage()?.get_item(&storage_key(report)).ok()??;
                let ids: Vec<String> = saved.split(',').map(str::to_string).collect();
                parse_columns(columns, &ids)
            })
            .unwrap_or_else(|| default_columns(columns))
    });
    let set_visible = {
        let set_url = set_url.clone();
        Callback::new(move |chosen: Vec<&'static str>| {
            let chosen = if chosen.is_empty() {
                default_columns(columns)
            } else {
                chosen
            };
            let joined = chosen.join(",");
            if let Some(s) = storage() {
                let _ = s.set_item(&storage_key(report), &joined);
            }
            saved.update(|n| *n += 1);
            let param = (chosen != default_columns(columns)).then_some(joined);
            set_url(&[("cols", param)], false);
        })
    };

    ReportView {
        sort,
        on_sort,
        search,
        visible,
        set_visible,
        sorted,
        set_url,
    }
}
