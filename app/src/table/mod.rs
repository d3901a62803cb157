//! The one report table: virtualized (a fixed number of DOM rows whatever the data size),
//! sortable on every column with `aria-sort`, and keyboard-driven (arrows, PageUp/PageDown,
//! Home/End). Reports hand it their `Report`: `shared` columns, rows and current order.
//! A million rows scroll in a body of bounded height: `scroll` maps the container's position
//! to the rows.

mod scroll;

use scroll::{Geometry, Window};

use crate::locale;
use crate::report::Report;
use leptos::prelude::*;
use shared::reports::{Column, SortDir};
use std::sync::Arc;

/// Height of one row in px; the CSS gives `tr.data-row` the same height.
pub const ROW_HEIGHT: f64 = 32.0;
/// Rows rendered at once: enough for a tall screen, far below the data size.
pub const WINDOW: usize = 40;

/// Makes one column's cells links (e.g. tenant name → tenant detail); `href` returns `None`
/// for rows that must not link (a declined referral's tenant).
pub struct RowLink<R> {
    pub column: &'static str,
    pub href: fn(&R) -> Option<String>,
}

impl<R> Clone for RowLink<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for RowLink<R> {}

/// A what-if's rows beside the report's: the rows without it (`before`, lined up with the
/// report's) and the indices of the rows it changed, sorted. A changed row is marked, and its
/// "why?" also shows the value without the what-if.
pub struct Compare<R: Send + Sync + 'static> {
    pub before: Memo<Arc<Vec<R>>>,
    pub changed: Memo<Arc<Vec<u32>>>,
}

impl<R: Send + Sync> Clone for Compare<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R: Send + Sync> Copy for Compare<R> {}

#[derive(Clone, PartialEq, Debug)]
pub struct Sort {
    pub column: &'static str,
    pub dir: SortDir,
}

#[component]
pub fn DataTable<R>(
    /// The rows, their order (filtered and sorted), the columns shown and the sort.
    report: Report<R>,
    /// Accessible name of the table.
    label: &'static str,
    /// Names a row in the "why?" panel, e.g. "Contoso · Teams (E3)".
    #[prop(optional)]
    row_label: Option<fn(&R) -> String>,
    #[prop(optional)] link: Option<RowLink<R>>,
    #[prop(optional)] compare: Option<Compare<R>>,
    /// Row `i` again with its traces, for a report whose rows are built without them
    /// (`Explain::Quiet`): "why?" asks for one row when it opens.
    #[prop(optional)]
    explain: Option<Callback<u32, Option<R>>>,
) -> impl IntoView
where
    R: Send + Sync + 'static,
{
    let Report {
        rows,
        order,
        columns,
        visible,
        sort,
        ..
    } = report;
    // Where the view is in the full list (virtual px; see `scroll`): the scroll container's
    // own position is derived from it, or it from the container's after a scrollbar drag.
    let virt = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(WINDOW as f64 * ROW_HEIGHT);
    // The scroll position this table set last: its own echo is not a user's scroll.
    let set_at = StoredValue::new(0.0f64);
    let active = RwSignal::new(0usize);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let head = NodeRef::<leptos::html::Thead>::new();
    // The computed cell whose "why?" is open: (row index, column id).
    let why = RwSignal::new(None::<(u32, &'static str)>);

    let geometry = Memo::new(move |_| Geometry {
        rows: order.with(|o| o.len()),
        row_h: ROW_HEIGHT,
        viewport: viewport.get(),
    });
    // The body's visible height: the container less its sticky header.
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            let header = head.get_untracked().map_or(0, |h| h.offset_height());
            let h = f64::from((el.client_height() - header).max(0));
            if h != viewport.get_untracked() {
                viewport.set(h);
            }
        }
    };
    // Shows virtual position `v`: the container scrolls to where the mapping puts it.
    let go_to = move |v: f64| {
        let g = geometry.get_untracked();
        let v = g.clamp_virtual(v);
        virt.set(v);
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(g.to_physical(v).round() as i32);
            set_at.set_value(f64::from(el.scroll_top()));
        }
    };

    // A new filter or sort starts at the top.
    Effect::new(move |_| {
        order.track();
        active.set(0);
        measure();
        go_to(0.0);
    });

    let shown_columns = move || -> Vec<&'static Column<R>> {
        visible.with(|ids| {
            ids.iter()
                .filter_map(|id| columns.iter().find(|c| c.id == *id))
                .collect()
        })
    };

    let range = Memo::new(move |_| geometry.get().window(virt.get(), WINDOW));

    let move_to = move |idx: usize| {
        let n = order.with_untracked(|o| o.len());
        if n == 0 {
            return;
        }
        let idx = idx.min(n - 1);
        active.set(idx);
        measure();
        go_to(geometry.get_untracked().reveal(virt.get_untracked(), idx));
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let page = ((viewport.get_untracked() / ROW_HEIGHT) as usize)
            .saturating_sub(1)
            .max(1);
        let cur = active.get_untracked();
        let n = order.with_untracked(|o| o.len());
        let target = match ev.key().as_str() {
            "ArrowDown" => cur + 1,
            "ArrowUp" => cur.saturating_sub(1),
            "PageDown" => cur + page,
            "PageUp" => cur.saturating_sub(page),
            "Home" => 0,
            "End" => n.saturating_sub(1),
            "Escape" => {
                why.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        move_to(target);
    };

    // A scroll the table did not make (scrollbar drag, touch): follow the container.
    let on_scroll = move |_| {
        measure();
        if let Some(el) = scroller.get_untracked() {
            let at = f64::from(el.scroll_top());
            if (at - set_at.get_value()).abs() >= 1.0 {
                set_at.set_value(at);
                virt.set(geometry.get_untracked().to_virtual(at));
            }
        }
    };

    // On a stretched body the wheel moves in virtual px, so a tick moves as many rows as on a
    // short table; a pinch (ctrl) zooms as usual. Not passive: it replaces the browser's scroll.
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        let g = geometry.get_untracked();
        if !g.stretched() || ev.ctrl_key() {
            return;
        }
        let unit = match ev.delta_mode() {
            web_sys::WheelEvent::DOM_DELTA_LINE => ROW_HEIGHT,
            web_sys::WheelEvent::DOM_DELTA_PAGE => viewport.get_untracked(),
            _ => 1.0,
        };
        ev.prevent_default();
        if let Some(el) = scroller.get_untracked() {
            let dx = (ev.delta_x() * unit).round() as i32;
            if dx != 0 {
                el.set_scroll_left(el.scroll_left() + dx);
            }
        }
        measure();
        go_to(virt.get_untracked() + ev.delta_y() * unit);
    };
    let mut wheel = leptos::ev::Custom::<leptos::ev::WheelEvent>::new("wheel");
    wheel.options_mut().set_passive(false);

    let header = move || {
        shown_columns()
            .into_iter()
            .map(|c| {
                let id = c.id;
                let aria = move || match sort.get() {
                    Some(s) if s.column == id => match s.dir {
                        SortDir::Asc => "ascending",
                        SortDir::Desc => "descending",
                    },
                    _ => "none",
                };
                let arrow = move || match sort.get() {
                    Some(s) if s.column == id => match s.dir {
                        SortDir::Asc => "▲",
                        SortDir::Desc => "▼",
                    },
                    _ => "",
                };
                view! {
                    <th scope="col" aria-sort=aria class:num=c.numeric data-col=id>
                        <button class="sort" on:click=move |_| report.sort_by(id) title="Sort">
                            {c.header}
                            <span class="arrow" aria-hidden="true">{arrow}</span>
                        </button>
                    </th>
                }
            })
            .collect_view()
    };

    let body = move || {
        let Window {
            start,
            end,
            top_px: top,
            bottom_px: bottom,
        } = range.get();
        let cols = shown_columns();
        let active_idx = active.get();
        let span = cols.len().max(1);
        let data_rows = report.with_view_rows(|rows| {
            order.with(|order| {
                (start..end)
                    .map(|pos| {
                        let index = order[pos];
                        let row = &rows[index as usize];
                        let cells = cols
                            .iter()
                            .map(|c| {
                                let (text, title) = locale::shown(c.display(row));
                                if c.why.is_some() {
                                    let id = c.id;
                                    let opened = why.get_untracked() == Some((index, id));
                                    view! {
                                        <td class:num=c.numeric class="computed">
                                            <button
                                                class="why-cell"
                                                class:open=opened
                                                data-testid="why"
                                                data-col=id
                                                title="Why? Show the checks behind this value"
                                                on:click=move |ev| {
                                                    ev.stop_propagation();
                                                    active.set(pos);
                                                    why.set(Some((index, id)));
                                                }
                                            >
                                                {text}
                                            </button>
                                        </td>
                                    }
                                    .into_any()
                                } else if let Some(href) = link
                                    .filter(|l| l.column == c.id)
                                    .and_then(|l| (l.href)(row))
                                {
                                    view! {
                                        <td class:num=c.numeric title=title>
                                            <a href=href data-testid="row-link">{text}</a>
                                        </td>
                                    }
                                    .into_any()
                                } else {
                                    view! { <td class:num=c.numeric title=title>{text}</td> }
                                        .into_any()
                                }
                            })
                            .collect_view();
                        let is_active = pos == active_idx;
                        let changed = compare.is_some_and(|c| {
                            c.changed
                                .with_untracked(|ch| ch.binary_search(&index).is_ok())
                        });
                        view! {
                            <tr
                                class="data-row"
                                class:scenario-changed=changed
                                data-what-if=changed.then_some("changed")
                                title=changed.then_some("Changed by the what-if")
                                class:active=is_active
                                aria-selected=if is_active { "true" } else { "false" }
                                aria-rowindex=pos + 2
                                data-testid="row"
                                on:click=move |_| active.set(pos)
                            >
                                {cells}
                            </tr>
                        }
                    })
                    .collect_view()
            })
        });
        view! {
            <tr class="spacer" aria-hidden="true" style:height=format!("{top}px")>
                <td colspan=span></td>
            </tr>
            {data_rows}
            <tr class="spacer" aria-hidden="true" style:height=format!("{bottom}px")>
                <td colspan=span></td>
            </tr>
        }
    };

    let why_panel = move || {
        let (index, col) = why.get()?;
        let column = columns.iter().find(|c| c.id == col)?;
        let why_of = column.why?;
        let (value, steps, name) = rows.with(|rows| {
            let row = rows.get(index as usize)?;
            let (value, _) = locale::shown(column.display(row));
            let steps = match explain {
                Some(explain) => why_of(&explain.run(index)?),
                None => why_of(row),
            };
            Some((value, steps, row_label.map(|f| f(row))))
        })?;
        // A row the what-if changed: its value without it, when that differs.
        let before = compare.and_then(|c| {
            c.before.with(|rows| {
                let (was, _) = locale::shown(column.display(rows.get(index as usize)?));
                (was != value).then_some(was)
            })
        });
        Some(view! {
            <aside class="why-panel" role="dialog" aria-label="Why this value" data-testid="why-panel">
                <header>
                    <h2>
                        {column.header} ": " <span class="value">{if value.is_empty() { "(empty)".to_string() } else { value }}</span>
                    </h2>
                    <button class="link" aria-label="Close" on:click=move |_| why.set(None)>"Close"</button>
                </header>
                {name.map(|n| view! { <p class="who">{n}</p> })}
                {before.map(|was| view! {
                    <p class="before" data-testid="why-before">
                        "Without the what-if: " <span class="value">{if was.is_empty() { "(empty)".to_string() } else { was }}</span>
                    </p>
                })}
                <ol>{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
            </aside>
        })
    };

    let table = view! {
        <div
            class="table-scroll"
            node_ref=scroller
            tabindex="0"
            role="region"
            aria-label=label
            on:scroll=on_scroll
            on:keydown=on_key
        >
            <table class="data" aria-rowcount=move || order.with(|o| o.len()) + 1>
                <thead node_ref=head>
                    <tr>{header}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
            <Show when=move || order.with(|o| o.is_empty())>
                <p class="empty">"No rows match. Clear the search or a filter to see more."</p>
            </Show>
        </div>
    }
    .into_inner()
    .on(wheel, on_wheel);

    view! {
        {why_panel}
        {table}
    }
}
