//! Charts drawn with plotters into SVG strings. Clicks are taken by HTML buttons laid over the
//! drawing with the same geometry (`*_box` functions), so every mark is keyboard-reachable and
//! labelled for screen readers, and the SVG itself stays inert markup.
//!
//! Any text drawn comes from plotters' SVG backend, which escapes `&`, `<`, `>` and quotes —
//! tenant-supplied names cannot break out of the markup.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use shared::rules::opportunity::UsageThreshold;
use shared::rules::tenant_rollup::{GridCell, GrowthGrid};
use shared::Sku;

const INK: RGBColor = RGBColor(27, 31, 36);
const MUTED: RGBColor = RGBColor(91, 100, 112);
const ACCENT: RGBColor = RGBColor(15, 108, 189);
const PALE: RGBColor = RGBColor(238, 244, 251);
const FONT: &str = "sans-serif";

/// Pixel box of a mark: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkBox {
    pub left: i32,
    pub top: i32,
    pub width: i32,
    pub height: i32,
}

impl MarkBox {
    pub fn style(&self) -> String {
        format!(
            "left:{}px;top:{}px;width:{}px;height:{}px",
            self.left, self.top, self.width, self.height
        )
    }
}

pub use stack::ChartStack;

/// The markup a chart is shown in (a module of its own: Leptos' prelude and plotters' share
/// names).
mod stack {
    use leptos::prelude::*;

    /// A drawing with the buttons that take its clicks laid over it (`children`, placed with
    /// `MarkBox::style`).
    #[component]
    pub fn ChartStack(svg: String, width: u32, height: u32, children: Children) -> impl IntoView {
        view! {
            <div class="chart-stack" style=format!("width:{width}px;height:{height}px")>
                <div class="chart-svg" inner_html=svg></div>
                {children()}
            </div>
        }
    }
}

fn mix(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let c = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    RGBColor(
        c(PALE.0, ACCENT.0),
        c(PALE.1, ACCENT.1),
        c(PALE.2, ACCENT.2),
    )
}

fn font(size: f64, color: &RGBColor, h: HPos) -> TextStyle<'static> {
    (FONT, size)
        .into_font()
        .color(color)
        .pos(Pos::new(h, VPos::Center))
}

/// The growth propensity grid's size and layout.
pub mod grid {
    pub const WIDTH: u32 = 470;
    pub const HEIGHT: u32 = 250;
    pub(super) const LEFT: i32 = 90;
    pub(super) const TOP: i32 = 8;
    pub(super) const CELL_W: i32 = 124;
    pub(super) const CELL_H: i32 = 64;
}

/// Rows top to bottom: the model's path runs from Office 365 (bottom) up to E5 (top).
pub const GRID_ROWS: [Sku; 3] = [Sku::E5, Sku::E3, Sku::Office365];
/// Columns left to right.
pub const GRID_COLUMNS: [UsageThreshold; 3] = GrowthGrid::COLUMNS;

pub fn grid_box(row: usize, col: usize) -> MarkBox {
    MarkBox {
        left: grid::LEFT + col as i32 * grid::CELL_W + 2,
        top: grid::TOP + row as i32 * grid::CELL_H + 2,
        width: grid::CELL_W - 4,
        height: grid::CELL_H - 4,
    }
}

fn threshold_heading(t: UsageThreshold) -> &'static str {
    match t {
        UsageThreshold::Below => "Below tipping point",
        UsageThreshold::Above => "Above tipping point",
        UsageThreshold::NotApplicable => "N/A",
    }
}

/// The 3×3 grid as SVG: tenant counts shaded by size, the selected cell outlined.
pub fn growth_grid_svg(g: &GrowthGrid, selected: Option<&GridCell>) -> String {
    let mut svg = String::new();
    let max = g.cells.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    {
        let root =
            SVGBackend::with_string(&mut svg, (grid::WIDTH, grid::HEIGHT)).into_drawing_area();
        let _ = draw_grid(&root, g, selected, max);
        let _ = root.present();
    }
    svg
}

fn draw_grid<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    g: &GrowthGrid,
    selected: Option<&GridCell>,
    max: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    for (r, sku) in GRID_ROWS.iter().enumerate() {
        let y = grid::TOP + r as i32 * grid::CELL_H + grid::CELL_H / 2;
        root.draw(&Text::new(
            sku.to_string(),
            (grid::LEFT - 10, y),
            font(15.0, &INK, HPos::Right),
        ))?;
        for (c, threshold) in GRID_COLUMNS.iter().enumerate() {
            let b = grid_box(r, c);
            let n = g.count(sku, *threshold);
            let shade = if n == 0 {
                0.0
            } else {
                0.15 + 0.85 * n as f64 / max
            };
            let fill = mix(shade);
            root.draw(&Rectangle::new(
                [(b.left, b.top), (b.left + b.width, b.top + b.height)],
                fill.filled(),
            ))?;
            let is_selected = selected.is_some_and(|s| &s.sku == sku && s.threshold == *threshold);
            if is_selected {
                root.draw(&Rectangle::new(
                    [(b.left, b.top), (b.left + b.width, b.top + b.height)],
                    INK.stroke_width(3),
                ))?;
            }
            let text = if shade > 0.55 { WHITE } else { INK };
            root.draw(&Text::new(
                n.to_string(),
                (b.left + b.width / 2, b.top + b.height / 2),
                font(22.0, &text, HPos::Center),
            ))?;
        }
    }
    let label_y = grid::TOP + 3 * grid::CELL_H + 14;
    for (c, threshold) in GRID_COLUMNS.iter().enumerate() {
        let b = grid_box(0, c);
        root.draw(&Text::new(
            threshold_heading(*threshold),
            (b.left + b.width / 2, label_y),
            font(13.0, &MUTED, HPos::Center),
        ))?;
    }
    root.draw(&Text::new(
        "Usage vs tipping point →   (tenants by highest SKU ↑)",
        (grid::LEFT + 3 * grid::CELL_W / 2, label_y + 22),
        font(12.0, &MUTED, HPos::Center),
    ))?;
    Ok(())
}

/// A horizontal bar chart: one bar per (label, value, value text), in the order given.
pub struct BarChart {
    pub svg: String,
    /// The clickable box of each bar's row (label and bar), in the same order.
    pub boxes: Vec<MarkBox>,
    pub width: u32,
    pub height: u32,
}

mod bars {
    pub const WIDTH: u32 = 420;
    pub const LABEL_W: i32 = 200;
    pub const BAR_MAX: i32 = 140;
    pub const ROW_H: i32 = 24;
    pub const PAD: i32 = 6;
}

/// Draws `bars`; `selected` bars are drawn in the accent colour and the others muted (all in
/// the accent colour when none is selected). Labels may be tenant-supplied: the SVG backend
/// escapes them.
pub fn bar_chart(bars: &[(String, f64, String)], selected: &[bool]) -> BarChart {
    let n = bars.len().max(1) as i32;
    let height = (2 * bars::PAD + n * bars::ROW_H) as u32;
    let boxes: Vec<MarkBox> = (0..bars.len() as i32)
        .map(|i| MarkBox {
            left: 0,
            top: bars::PAD + i * bars::ROW_H,
            width: bars::WIDTH as i32,
            height: bars::ROW_H,
        })
        .collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (bars::WIDTH, height)).into_drawing_area();
        let _ = draw_bars(&root, bars, selected);
        let _ = root.present();
    }
    BarChart {
        svg,
        boxes,
        width: bars::WIDTH,
        height,
    }
}

fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    bars: &[(String, f64, String)],
    selected: &[bool],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    if bars.is_empty() {
        root.draw(&Text::new(
            "No tenants in this view",
            (bars::PAD, bars::PAD + bars::ROW_H / 2),
            font(13.0, &MUTED, HPos::Left),
        ))?;
        return Ok(());
    }
    let max = bars.iter().map(|b| b.1).fold(0.0f64, f64::max);
    let any_selected = selected.iter().any(|s| *s);
    for (i, (label, value, text)) in bars.iter().enumerate() {
        let mid = bars::PAD + i as i32 * bars::ROW_H + bars::ROW_H / 2;
        root.draw(&Text::new(
            shorten(label, 36),
            (bars::LABEL_W - 8, mid),
            font(13.5, &INK, HPos::Right),
        ))?;
        let len = if max > 0.0 {
            ((value / max) * bars::BAR_MAX as f64).round() as i32
        } else {
            0
        };
        let on = !any_selected || selected.get(i).copied().unwrap_or(false);
        let color = if on { ACCENT } else { RGBColor(185, 205, 226) };
        if len > 0 {
            root.draw(&Rectangle::new(
                [(bars::LABEL_W, mid - 8), (bars::LABEL_W + len, mid + 8)],
                color.filled(),
            ))?;
        }
        root.draw(&Text::new(
            text.clone(),
            (bars::LABEL_W + len + 6, mid),
            font(12.5, &MUTED, HPos::Left),
        ))?;
    }
    Ok(())
}

/// One label's pair of percentages: (label, first, second), each a ratio (may exceed 1) or
/// `None` when undefined, drawn as two bars.
pub type PairedBar = (String, Option<f64>, Option<f64>);

mod pairs {
    pub const WIDTH: u32 = 560;
    pub const LABEL_W: i32 = 190;
    pub const BAR_MAX: i32 = 260;
    pub const ROW_H: i32 = 34;
    pub const PAD: i32 = 6;
    pub const LEGEND_H: i32 = 22;
}

/// Two bars per label (e.g. Deployment % above Usage %), on one scale that always shows
/// 100% (a dashed line), so values above it stand out. `names` are the two series' names for
/// the legend; `selected` marks labels as in [`bar_chart`]; an undefined value reads `–`.
pub fn paired_bar_chart(bars: &[PairedBar], names: (&str, &str), selected: &[bool]) -> BarChart {
    let n = bars.len().max(1) as i32;
    let height = (2 * pairs::PAD + pairs::LEGEND_H + n * pairs::ROW_H) as u32;
    let boxes = (0..bars.len() as i32)
        .map(|i| MarkBox {
            left: 0,
            top: pairs::PAD + pairs::LEGEND_H + i * pairs::ROW_H,
            width: pairs::WIDTH as i32,
            height: pairs::ROW_H,
        })
        .collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (pairs::WIDTH, height)).into_drawing_area();
        let _ = draw_pairs(&root, bars, names, selected);
        let _ = root.present();
    }
    BarChart {
        svg,
        boxes,
        width: pairs::WIDTH,
        height,
    }
}

const SECOND: RGBColor = RGBColor(0, 153, 136);

fn draw_pairs<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    bars: &[PairedBar],
    names: (&str, &str),
    selected: &[bool],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let legend_y = pairs::PAD + pairs::LEGEND_H / 2;
    for (k, (name, color)) in [(names.0, ACCENT), (names.1, SECOND)]
        .into_iter()
        .enumerate()
    {
        let x = pairs::LABEL_W + k as i32 * 140;
        root.draw(&Rectangle::new(
            [(x, legend_y - 5), (x + 10, legend_y + 5)],
            color.filled(),
        ))?;
        root.draw(&Text::new(
            name.to_string(),
            (x + 16, legend_y),
            font(12.5, &MUTED, HPos::Left),
        ))?;
    }
    if bars.is_empty() {
        root.draw(&Text::new(
            "No rows in this view",
            (pairs::PAD, legend_y + pairs::ROW_H),
            font(13.0, &MUTED, HPos::Left),
        ))?;
        return Ok(());
    }
    let max = bars
        .iter()
        .flat_map(|b| [b.1, b.2])
        .flatten()
        .fold(1.0f64, f64::max);
    let scale = |v: f64| ((v / max) * pairs::BAR_MAX as f64).round() as i32;
    let top = pairs::PAD + pairs::LEGEND_H;
    let hundred = pairs::LABEL_W + scale(1.0);
    root.draw(&PathElement::new(
        vec![
            (hundred, top),
            (hundred, top + bars.len() as i32 * pairs::ROW_H),
        ],
        MUTED.stroke_width(1),
    ))?;
    let any_selected = selected.iter().any(|s| *s);
    for (i, (label, first, second)) in bars.iter().enumerate() {
        let row_top = top + i as i32 * pairs::ROW_H;
        let mid = row_top + pairs::ROW_H / 2;
        root.draw(&Text::new(
            shorten(label, 30),
            (pairs::LABEL_W - 8, mid),
            font(13.5, &INK, HPos::Right),
        ))?;
        let on = !any_selected || selected.get(i).copied().unwrap_or(false);
        for (k, (value, color)) in [(*first, ACCENT), (*second, SECOND)]
            .into_iter()
            .enumerate()
        {
            let y = row_top + 5 + k as i32 * 12;
            let len = value.map(scale).unwrap_or(0);
            let color = if on { color } else { RGBColor(185, 205, 226) };
            if len > 0 {
                root.draw(&Rectangle::new(
                    [(pairs::LABEL_W, y), (pairs::LABEL_W + len, y + 10)],
                    color.filled(),
                ))?;
            }
            let text = value.map_or_else(
                || shared::format::DASH.to_string(),
                |v| shared::Ratio(v).to_string(),
            );
            root.draw(&Text::new(
                text,
                (pairs::LABEL_W + len + 6, y + 5),
                font(11.5, &MUTED, HPos::Left),
            ))?;
        }
    }
    Ok(())
}

/// Long labels end in "…" so they stay inside the label column (the full text is in the
/// overlay button's accessible name).
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_draws_every_count_in_its_row_and_column() {
        let g = GrowthGrid {
            cells: [[1, 2, 3], [40, 50, 60], [700, 800, 900]],
        };
        let svg = growth_grid_svg(&g, None);
        assert!(svg.starts_with("<svg"), "{svg}");
        for n in [1, 2, 3, 40, 50, 60, 700, 800, 900] {
            assert!(svg.contains(&format!(">\n{n}\n</text>")), "{n} {svg}");
        }
        assert!(svg.contains(">\nBelow tipping point\n</text>"));
    }
    #[test]
    fn bar_labels_cannot_break_out_of_the_svg() {
        let evil = r#"<script>alert("x")</script> & 'q' "></text><image href=x onerror=alert(1)>"#;
        let chart = bar_chart(&[(evil.to_string(), 3.0, "3".into())], &[false]);
        assert!(!chart.svg.contains("<script"), "{}", chart.svg);
        assert!(!chart.svg.contains("<image"), "{}", chart.svg);
        assert!(chart.svg.contains("&lt;script&gt;"), "{}", chart.svg);
        assert!(chart.svg.contains("&amp;"), "{}", chart.svg);
        // Exactly the elements we drew: background, label, bar, value.
        assert_eq!(chart.svg.matches("<text").count(), 2);
        assert_eq!(chart.svg.matches("<rect").count(), 2);
        assert_eq!(chart.boxes.len(), 1);
    }

    #[test]
    fn paired_bars_keep_100_percent_in_view_and_escape_labels() {
        let chart = paired_bar_chart(
            &[
                ("<b>Teams</b>".into(), Some(0.5), Some(1.3)),
                ("Intune".into(), None, Some(0.25)),
            ],
            ("Deployment %", "Usage %"),
            &[false, false],
        );
        assert_eq!(chart.boxes.len(), 2);
        assert!(!chart.svg.contains("<b>"), "{}", chart.svg);
        for text in ["50.0%", "130.0%", "–", "25.0%", "Deployment %", "Usage %"] {
            assert!(
                chart.svg.contains(&format!(">\n{text}\n</text>")),
                "{text} {}",
                chart.svg
            );
        }
        // 130% is the longest bar (260 px); 100% is at 200 px.
        assert!(chart.svg.contains(r#"width="260""#), "{}", chart.svg);
        assert!(chart.svg.contains(r#"width="100""#), "{}", chart.svg);
    }

    #[test]
    fn bars_scale_to_the_largest_and_mark_the_selection() {
        let chart = bar_chart(
            &[
                ("A".into(), 10.0, "10".into()),
                ("B".into(), 5.0, "5".into()),
            ],
            &[false, true],
        );
        assert!(chart.svg.contains(r#"width="140""#), "{}", chart.svg);
        assert!(chart.svg.contains(r#"width="70""#), "{}", chart.svg);
        assert!(chart.svg.contains("#0F6CBD"));
        assert_eq!(bar_chart(&[], &[]).boxes.len(), 0);
    }
}
