//! The Opportunities summary: SKU tabs, the tiles (each a filter: click to list what it
//! counts) and the growth propensity grid (each cell a filter). Both are URL parameters:
//! `scope` for the tab, `focus` for a tile or cell.

use crate::charts::{grid, grid_box, growth_grid_svg, ChartStack, GRID_COLUMNS, GRID_ROWS};
use crate::url_state::Url;
use leptos::prelude::*;
use shared::format;
use shared::reports::opportunities::{sku_key, Focus};
use shared::rules::tenant_rollup::{GridCell, Summary};
use shared::Sku;
use std::sync::Arc;

/// Filters the table to what `f` counts, or undoes it when it is the current focus.
fn toggle_focus(url: Url, current: Memo<Option<Focus>>, f: &Focus) {
    let same = current.with_untracked(|c| c.as_ref() == Some(f));
    url.set(&[("focus", (!same).then(|| f.key()))]);
}

#[component]
pub fn ScopeTabs(scope: Memo<Option<Sku>>, url: Url) -> impl IntoView {
    std::iter::once(None)
        .chain(Sku::MODELLED.into_iter().map(Some))
        .map(|choice| {
            let label = choice
                .as_ref()
                .map_or_else(|| "All SKUs".to_string(), ToString::to_string);
            let key = choice.as_ref().map(|s| sku_key(s).to_string());
            view! {
                <button
                    role="tab"
                    class="tab"
                    data-testid="scope-tab"
                    aria-selected=move || if scope.get() == choice { "true" } else { "false" }
                    on:click=move |_| url.set(&[("scope", key.clone())])
                >
                    {label}
                </button>
            }
        })
        .collect_view()
}

#[component]
pub fn SummaryTiles(
    summary: Memo<Arc<Summary>>,
    scope: Memo<Option<Sku>>,
    focus: Memo<Option<Focus>>,
    url: Url,
) -> impl IntoView {
    move || {
        let s = summary.get();
        let current = focus.get();
        let tiles = match scope.get() {
            None => s.overall.clone(),
            Some(sku) => s
                .per_sku
                .iter()
                .find(|t| t.sku.as_ref() == Some(&sku))
                .cloned()
                .unwrap_or_else(|| s.overall.clone()),
        };
        let head = view! {
            <div class="tile lead" data-testid="tile-tenants">
                <span class="value">{format::grouped(tiles.tenants as u64)}</span>
                <span class="label">
                    {match &tiles.sku {
                        Some(sku) => format!("Tenants whose highest SKU is {sku}"),
                        None => "Tenants with Office 365, E3 or E5 opportunities data".to_string(),
                    }}
                </span>
            </div>
        };
        // A tile built on revenue has no value for a Report viewer: it is not shown at all.
        let items = tiles
            .items()
            .into_iter()
            .zip(Focus::TILES)
            .filter_map(|((label, value, trace), f)| Some(((label, value?, trace), f)))
            .map(|((label, value, trace), f)| {
                let why = trace.steps().collect::<Vec<_>>().join("\n");
                let active = current.as_ref() == Some(&f);
                view! {
                    <button
                        class="tile"
                        data-testid="tile"
                        data-focus=f.key()
                        aria-pressed=if active { "true" } else { "false" }
                        title=format!("Counts {why}. Click to filter the table.")
                        on:click=move |_| toggle_focus(url, focus, &f)
                    >
                        <span class="value">{value}</span>
                        <span class="label">{label}</span>
                    </button>
                }
            })
            .collect_view();
        view! { {head} {items} }
    }
}

#[component]
pub fn GrowthGrid(
    summary: Memo<Arc<Summary>>,
    focus: Memo<Option<Focus>>,
    url: Url,
) -> impl IntoView {
    move || {
        let s = summary.get();
        let selected = match focus.get() {
            Some(Focus::Grid(c)) => Some(c),
            _ => None,
        };
        let svg = growth_grid_svg(&s.grid, selected.as_ref());
        let buttons = GRID_ROWS
            .iter()
            .enumerate()
            .flat_map(|(r, sku)| {
                GRID_COLUMNS
                    .iter()
                    .enumerate()
                    .map(move |(c, t)| (r, c, sku.clone(), *t))
            })
            .map(|(r, c, sku, threshold)| {
                let n = s.grid.count(&sku, threshold);
                let cell = GridCell {
                    sku: sku.clone(),
                    threshold,
                };
                let pressed = selected.as_ref() == Some(&cell);
                let f = Focus::Grid(cell);
                view! {
                    <button
                        class="grid-hit"
                        data-testid="grid-cell"
                        data-focus=f.key()
                        aria-pressed=if pressed { "true" } else { "false" }
                        aria-label=format!("{sku}, {threshold}: {n} tenants. Filter the table to them.")
                        style=grid_box(r, c).style()
                        on:click=move |_| toggle_focus(url, focus, &f)
                    ></button>
                }
            })
            .collect_view();
        view! { <ChartStack svg width=grid::WIDTH height=grid::HEIGHT>{buttons}</ChartStack> }
    }
}
