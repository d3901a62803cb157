//! Where the rows are when the table is scrolled: a pure mapping between the scroll container's
//! position (physical px) and a position in the full list of rows (virtual px), so a million
//! rows fit in a scroll area every browser can lay out.
//!
//! A scroll container has a maximum height (about 16.7M px in Chromium, less in other engines,
//! 1.5M px in the oldest still met): a million 32 px rows (32M px) cannot be one element. The
//! body is given at most [`MAX_BODY_PX`]; the first and last [`EDGE_PX`] map one to one (so
//! the first row sits at 0 and the last row ends exactly at the bottom, with no partial rows
//! hidden under the header), and the span between is stretched linearly. Wheel and keys move in
//! virtual px (the table handles them), so a wheel tick moves as many rows at any size; only a
//! scrollbar drag or a touch swipe moves by stretched amounts.

/// Largest height given to the table's body: below the smallest limit of any engine still met
/// (1,533,917 px), so the mapping is the same everywhere and is exercised from 32,769 rows on.
pub const MAX_BODY_PX: f64 = 1_048_576.0;
const _: () = assert!(MAX_BODY_PX < 1_533_917.0);

/// The top and bottom stretches that scroll one to one: at least the rendered window (40 rows
/// of 32 px) twice, so a window that starts there never reaches past the body's end.
pub const EDGE_PX: f64 = 4096.0;

/// The table's body: `rows` rows of `row_h` px seen through `viewport` px (the scroll
/// container's height less its sticky header).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub rows: usize,
    pub row_h: f64,
    pub viewport: f64,
}

/// The rows to render and the spacers around them, for one scroll position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Index (in the table's order) of the first rendered row.
    pub start: usize,
    /// One past the last rendered row.
    pub end: usize,
    /// Height of the spacer above the first rendered row.
    pub top_px: f64,
    /// Height of the spacer below the last rendered row.
    pub bottom_px: f64,
}

impl Geometry {
    /// Height of every row laid end to end.
    pub fn virtual_height(self) -> f64 {
        self.rows as f64 * self.row_h
    }

    /// Height of the body element: the rows' height, capped.
    pub fn body_height(self) -> f64 {
        self.virtual_height().min(MAX_BODY_PX)
    }

    /// Whether the body is shorter than its rows (the mapping stretches).
    pub fn stretched(self) -> bool {
        self.virtual_height() > MAX_BODY_PX
    }

    fn max_virtual(self) -> f64 {
        (self.virtual_height() - self.viewport).max(0.0)
    }

    /// The largest scroll position of the body.
    pub fn max_physical(self) -> f64 {
        (self.body_height() - self.viewport).max(0.0)
    }

    /// The virtual position shown at scroll position `physical`.
    pub fn to_virtual(self, physical: f64) -> f64 {
        let (pmax, vmax) = (self.max_physical(), self.max_virtual());
        let p = physical.clamp(0.0, pmax);
        if !self.stretched() || pmax <= 2.0 * EDGE_PX {
            return p.min(vmax);
        }
        if p <= EDGE_PX {
            p
        } else if p >= pmax - EDGE_PX {
            vmax - (pmax - p)
        } else {
            EDGE_PX + (p - EDGE_PX) * (vmax - 2.0 * EDGE_PX) / (pmax - 2.0 * EDGE_PX)
        }
    }

    /// The scroll position that shows virtual position `virt`: the inverse of `to_virtual`.
    pub fn to_physical(self, virt: f64) -> f64 {
        let (pmax, vmax) = (self.max_physical(), self.max_virtual());
        let v = virt.clamp(0.0, vmax);
        if !self.stretched() || pmax <= 2.0 * EDGE_PX {
            return v.min(pmax);
        }
        if v <= EDGE_PX {
            v
        } else if v >= vmax - EDGE_PX {
            pmax - (vmax - v)
        } else {
            EDGE_PX + (v - EDGE_PX) * (pmax - 2.0 * EDGE_PX) / (vmax - 2.0 * EDGE_PX)
        }
    }

    /// Clamps a virtual position to the scrollable range.
    pub fn clamp_virtual(self, virt: f64) -> f64 {
        virt.clamp(0.0, self.max_virtual())
    }

    /// The index of the row at the top of the viewport at virtual position `virt`.
    pub fn first_row(self, virt: f64) -> usize {
        let row = (self.clamp_virtual(virt) / self.row_h).floor() as usize;
        row.min(self.rows.saturating_sub(1))
    }

    /// The window of at most `count` rows to render at virtual position `virt`, placed so the
    /// row at `virt` shows at the top of the viewport when the body is scrolled to
    /// `to_physical(virt)`. The spacers and rows always add up to `body_height()`.
    pub fn window(self, virt: f64, count: usize) -> Window {
        if self.rows == 0 {
            return Window {
                start: 0,
                end: 0,
                top_px: 0.0,
                bottom_px: 0.0,
            };
        }
        let v = self.clamp_virtual(virt);
        let start = self.first_row(v);
        let end = (start + count).min(self.rows);
        // The first rendered row sits as far above the viewport's top as it does in the
        // virtual list.
        let into_row = v - start as f64 * self.row_h;
        let top_px = (self.to_physical(v) - into_row).max(0.0);
        let rows_px = (end - start) as f64 * self.row_h;
        let bottom_px = (self.body_height() - top_px - rows_px).max(0.0);
        Window {
            start,
            end,
            top_px,
            bottom_px,
        }
    }

    /// The virtual position after moving from `virt` just enough to show row `idx` whole.
    pub fn reveal(self, virt: f64, idx: usize) -> f64 {
        let top = idx as f64 * self.row_h;
        let bottom = top + self.row_h;
        let v = if top < virt {
            top
        } else if bottom > virt + self.viewport {
            bottom - self.viewport
        } else {
            virt
        };
        self.clamp_virtual(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ROW_H: f64 = 32.0;
    const VIEW: f64 = 600.0;

    fn geo(rows: usize) -> Geometry {
        Geometry {
            rows,
            row_h: ROW_H,
            viewport: VIEW,
        }
    }

    #[test]
    fn small_tables_scroll_one_to_one() {
        for rows in [0, 1, 10, 30_000] {
            let g = geo(rows);
            assert!(!g.stretched(), "{rows}");
            assert_eq!(g.body_height(), rows as f64 * ROW_H);
            for p in [0.0, g.max_physical() / 3.0, g.max_physical()] {
                assert_eq!(g.to_virtual(p), p, "{rows} rows at {p}");
                assert_eq!(g.to_physical(p), p, "{rows} rows at {p}");
            }
        }
    }

    #[test]
    fn the_body_is_capped_below_every_engines_limit() {
        for (rows, height) in [
            (32_768, 1_048_576.0),
            (32_769, MAX_BODY_PX),
            (1_000_000, MAX_BODY_PX),
            (10_000_000, MAX_BODY_PX),
        ] {
            assert_eq!(geo(rows).body_height(), height, "{rows} rows");
        }
    }

    #[test]
    fn first_row_at_the_top_last_row_at_the_bottom() {
        for rows in [32_769, 100_000, 1_000_000, 2_000_000] {
            let g = geo(rows);
            // Top: row 0 at the very top of the body.
            assert_eq!(g.to_virtual(0.0), 0.0);
            let w = g.window(g.to_virtual(0.0), 40);
            assert_eq!((w.start, w.top_px), (0, 0.0), "{rows} rows, top");
            // Bottom: the last row rendered, ending exactly where the body ends.
            let end = g.to_virtual(g.max_physical());
            assert_eq!(end, rows as f64 * ROW_H - VIEW, "{rows} rows, bottom");
            let w = g.window(end, 40);
            assert_eq!(w.end, rows, "{rows} rows: the last row is rendered");
            assert_eq!(w.bottom_px, 0.0);
            assert_eq!(
                w.top_px + (w.end - w.start) as f64 * ROW_H,
                g.body_height(),
                "{rows} rows: the last row ends at the body's end"
            );
            // The last row reads in full at the viewport's bottom edge.
            assert_eq!(g.first_row(end), rows - (VIEW / ROW_H).ceil() as usize);
        }
    }

    #[test]
    fn reveal_brings_a_row_into_view_and_end_reaches_max_scroll() {
        let g = geo(1_000_000);
        let v = g.reveal(0.0, 999_999);
        assert_eq!(g.to_physical(v), g.max_physical(), "End → the bottom");
        assert_eq!(g.reveal(v, 0), 0.0, "Home → the top");
        let mid = g.reveal(0.0, 500_000);
        assert_eq!(
            mid,
            500_001.0 * ROW_H - VIEW,
            "a row below comes in at the bottom edge"
        );
        assert_eq!(g.reveal(mid, 500_000), mid, "a visible row does not scroll");
        assert_eq!(
            g.reveal(mid, 400_000),
            400_000.0 * ROW_H,
            "a row above at the top edge"
        );
    }

    proptest! {
        #[test]
        fn the_mapping_is_monotonic_and_invertible(
            rows in 0usize..3_000_000,
            a in 0.0f64..1.2e6,
            b in 0.0f64..1.2e6,
        ) {
            let g = geo(rows);
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(g.to_virtual(lo) <= g.to_virtual(hi));
            let p = lo.min(g.max_physical());
            let back = g.to_physical(g.to_virtual(p));
            prop_assert!((back - p).abs() < 1e-6 * p.max(1.0), "{p} → {back}");
        }

        #[test]
        fn spacers_and_rows_fill_the_body_and_show_the_viewport(
            rows in 1usize..3_000_000,
            p in 0.0f64..1.2e6,
        ) {
            let g = geo(rows);
            let v = g.to_virtual(p);
            let w = g.window(v, 40);
            let rows_px = (w.end - w.start) as f64 * ROW_H;
            prop_assert!(w.top_px >= 0.0 && w.bottom_px >= 0.0);
            prop_assert!((w.top_px + rows_px + w.bottom_px - g.body_height()).abs() < 1e-6);
            // The rendered rows cover the viewport wherever it is scrolled.
            let shown = g.to_physical(v);
            prop_assert!(w.top_px <= shown + 1e-6, "{w:?} at {shown}");
            let covered = (w.top_px + rows_px).min(g.body_height());
            prop_assert!(covered + 1e-6 >= (shown + VIEW).min(g.body_height()), "{w:?} at {shown}");
        }
    }
}
