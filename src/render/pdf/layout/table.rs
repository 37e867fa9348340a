//! Tables set on the pages: each row as tall as its tallest cell, a row
//! taller than the room left split over the pages, and the header row
//! repeated, as furniture, at the top of each later page the table runs on
//! to.

use super::{
    AFTER_PARAGRAPH, BODY, BOTTOM, CELL_PADDING, Node, Segment, Setter, TOP, Tag, line_height,
};
use crate::render::document::{Run, cell, columns};

impl Setter<'_> {
    /// How many of a row's `left` lines to set in one piece: all of them
    /// when they fit on a page, else as many as the room left on this page
    /// holds (or a fresh page's, when this one has room for none).
    fn row_lines(&mut self, left: usize) -> usize {
        let fits = |room: f32| ((room - 2.0 * CELL_PADDING) / line_height(BODY)).floor();
        let on_a_page = fits(BOTTOM - TOP).max(1.0) as usize;
        if left <= on_a_page {
            return left;
        }
        let here = fits(BOTTOM - self.y);
        if here >= 1.0 {
            return (here as usize).min(left);
        }
        self.new_page();
        on_a_page
    }

    pub(super) fn table(
        &mut self,
        head: &[Vec<Run>],
        rows: &[Vec<Vec<Run>>],
        x: f32,
        width: f32,
    ) -> Node {
        let columns = columns(head, rows);
        let grid = Grid {
            x,
            width,
            columns,
            column: width / columns as f32,
        };
        let mut nodes = Vec::new();
        let all = (!head.is_empty())
            .then_some((head, true))
            .into_iter()
            .chain(rows.iter().map(|r| (r.as_slice(), false)));
        // The header row's lines, to repeat at the top of each later page
        // the table runs on to (when they take less than a third of one).
        let mut header: Option<Vec<Vec<Vec<Segment>>>> = None;
        let mut page = self.pages.len();
        for (cells, is_header) in all {
            let wrapped: Vec<Vec<Vec<Segment>>> = (0..columns)
                .map(|i| {
                    let runs = cell(cells, i, is_header);
                    self.break_lines(&runs, grid.column - 2.0 * CELL_PADDING, BODY)
                })
                .collect();
            let tallest = tallest(&wrapped);
            let tag = if is_header {
                Tag::HeaderCell
            } else {
                Tag::Cell
            };
            let mut cells: Vec<Vec<Node>> = vec![Vec::new(); columns];
            let mut start = 0;
            // A row taller than the room left goes on in the next page's
            // row, so no line of it falls off the page.
            while start < tallest {
                let mut take = self.row_lines(tallest - start);
                self.room_for(row_height(take));
                if self.pages.len() != page
                    && let Some(header) = &header
                {
                    self.repeat_header(header, &grid);
                    let fits = ((BOTTOM - self.y - 2.0 * CELL_PADDING) / line_height(BODY)).floor();
                    take = take.min(fits.max(1.0) as usize);
                }
                let height = row_height(take);
                let top = self.y;
                for (i, (lines, cell)) in wrapped.iter().zip(&mut cells).enumerate() {
                    let cell_x = x + grid.column * i as f32 + CELL_PADDING;
                    let end = (start + take).min(lines.len());
                    for (k, line) in lines.get(start..end).unwrap_or_default().iter().enumerate() {
                        if line.is_empty() {
                            continue;
                        }
                        let fragment = self.fragment();
                        let baseline = top + CELL_PADDING + k as f32 * line_height(BODY) + BODY;
                        self.segments(line.clone(), cell_x, baseline, BODY, Some(fragment));
                        cell.push(Node::Fragment(fragment));
                    }
                }
                self.row_rules(&grid, top, top + height);
                self.y = top + height;
                start += take;
                page = self.pages.len();
            }
            if is_header && row_height(tallest) < (BOTTOM - TOP) / 3.0 {
                header = Some(wrapped);
            }
            let row = cells
                .into_iter()
                .map(|fragments| Node::Group(tag.clone(), fragments))
                .collect();
            nodes.push(Node::Group(Tag::Row, row));
        }
        self.y += AFTER_PARAGRAPH;
        Node::Group(Tag::Table, nodes)
    }

    /// The header row again at the top of a page, as furniture: its text
    /// was tagged where the table began.
    fn repeat_header(&mut self, header: &[Vec<Vec<Segment>>], grid: &Grid) {
        let top = self.y;
        for (i, lines) in header.iter().enumerate() {
            let cell_x = grid.x + grid.column * i as f32 + CELL_PADDING;
            for (k, line) in lines.iter().enumerate() {
                let baseline = top + CELL_PADDING + k as f32 * line_height(BODY) + BODY;
                self.segments(line.clone(), cell_x, baseline, BODY, None);
            }
        }
        let bottom = top + row_height(tallest(header));
        self.row_rules(grid, top, bottom);
        self.y = bottom;
    }

    /// The rules around a row of the table from `top` to `bottom`.
    fn row_rules(&mut self, grid: &Grid, top: f32, bottom: f32) {
        let (x, width) = (grid.x, grid.width);
        self.rule(x, top, x + width, top);
        self.rule(x, bottom, x + width, bottom);
        for i in 0..=grid.columns {
            let at = x + grid.column * i as f32;
            self.rule(at, top, at, bottom);
        }
    }
}

/// Where a table's columns stand.
struct Grid {
    x: f32,
    width: f32,
    columns: usize,
    column: f32,
}

/// The most lines any cell of a row has (at least one).
fn tallest(cells: &[Vec<Vec<Segment>>]) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
}

/// The height of a row of `lines` lines.
fn row_height(lines: usize) -> f32 {
    lines as f32 * line_height(BODY) + 2.0 * CELL_PADDING
}
