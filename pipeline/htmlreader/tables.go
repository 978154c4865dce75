package htmlreader

import (
	"fmt"
	"ogi/pipeline/doc"
	"strconv"
	"strings"
)

// Tables: cells collected while a table is open, and resolved when it
// closes, as a grid (rowspan and colspan expanded) or, for a layout table
// that held another, as text lines around its inner tables' rows.

type rawCell struct {
	segs   []string // text blocks of the cell
	rs, cs int
}

// event is a thing found inside a table outside its cells' text: a text
// block between cells, or the rows of a resolved inner table (or of a
// <pre> report). at is the number of the table's cell text blocks before
// it: a layout table is flattened in that order.
type event struct {
	line string
	rows []doc.Row
	at   int
}

type table struct {
	rows      [][]*rawCell
	row       bool     // a row is open
	cell      *rawCell // the open cell
	events    []event  // for flattening when the table turns out to be layout
	cellLines int      // text blocks of the cells so far
	nested    bool
}

// newCell returns a new cell of an open table.
func (rd *reader) newCell() *rawCell {
	if len(rd.rawCells) == 0 {
		rd.rawCells = make([]rawCell, 128)
	}
	c := &rd.rawCells[0]
	rd.rawCells = rd.rawCells[1:]
	c.rs, c.cs = 1, 1
	return c
}

// locate sets the locators of a table row's cells ("table 3 row 5 col
// 2") and returns the row's ("table 3 row 5"): slices of one string, one
// allocation a row rather than one a cell.
func locate(cells []doc.Cell, table, row int) string {
	var buf [48]byte
	prefix := append(buf[:0], "table "...)
	prefix = strconv.AppendInt(prefix, int64(table), 10)
	prefix = append(prefix, " row "...)
	prefix = strconv.AppendInt(prefix, int64(row), 10)
	if len(cells) == 0 {
		return string(prefix)
	}
	b := make([]byte, 0, len(cells)*(len(prefix)+len(" col 12")))
	var endBuf [64]int
	ends := endBuf[:0]
	for k := range cells {
		b = append(b, prefix...)
		b = append(b, " col "...)
		b = strconv.AppendInt(b, int64(k+1), 10)
		ends = append(ends, len(b))
	}
	all := string(b)
	from := 0
	for k := range cells {
		cells[k].Locator = all[from:ends[k]]
		from = ends[k]
	}
	return all[:len(prefix)]
}

func (rd *reader) top() *table {
	if len(rd.stack) == 0 {
		return nil
	}
	return rd.stack[len(rd.stack)-1]
}

func (rd *reader) startTable() {
	rd.flush()
	if len(rd.stack) >= rd.lim.MaxDepth/4 {
		rd.err = fmt.Errorf("%w: tables nested deeper than %d", ErrTooLarge, rd.lim.MaxDepth/4)
		return
	}
	if t := rd.top(); t != nil {
		t.nested = true
	}
	rd.stack = append(rd.stack, &table{})
}

func (rd *reader) startRow() {
	t := rd.top()
	if t == nil {
		rd.flush()
		return
	}
	rd.endRow()
	t.rows = append(t.rows, nil)
	t.row = true
}

func (rd *reader) endRow() {
	t := rd.top()
	if t == nil {
		rd.flush()
		return
	}
	rd.endCell()
	t.row = false
}

func (rd *reader) startCell() {
	t := rd.top()
	if t == nil {
		rd.flush()
		return
	}
	rd.endCell()
	if !t.row {
		t.rows = append(t.rows, nil)
		t.row = true
	}
	c := rd.newCell()
	for i := 0; i < rd.z.attrCount(); i++ {
		switch {
		case rd.z.attrIs(i, "rowspan"):
			c.rs = spanValue(rd.z.attrVal(i), rd.lim.MaxSpan)
		case rd.z.attrIs(i, "colspan"):
			c.cs = spanValue(rd.z.attrVal(i), rd.lim.MaxSpan)
		}
	}
	t.rows[len(t.rows)-1] = append(t.rows[len(t.rows)-1], c)
	t.cell = c
}

func (rd *reader) endCell() {
	t := rd.top()
	if t == nil {
		rd.flush()
		return
	}
	rd.flush()
	t.cell = nil
}

// endTable resolves the innermost open table: a grid when it holds no
// table, otherwise its text lines and inner rows in order.
func (rd *reader) endTable() {
	t := rd.top()
	if t == nil {
		rd.flush()
		return
	}
	rd.endRow()
	rd.stack = rd.stack[:len(rd.stack)-1]
	var rows []doc.Row
	if t.nested {
		// The cells' text blocks in order, the events among them.
		k, n := 0, 0
		emit := func(upTo int) {
			for ; k < len(t.events) && t.events[k].at <= upTo; k++ {
				if e := t.events[k]; e.rows != nil {
					rows = append(rows, e.rows...)
				} else {
					rows = append(rows, rd.line1(e.line))
				}
			}
		}
		for _, r := range t.rows {
			for _, c := range r {
				for _, seg := range c.segs {
					emit(n)
					rows = append(rows, rd.line1(seg))
					n++
				}
			}
		}
		emit(n)
	} else {
		// Text between cells (outside any cell) goes before the grid.
		for _, e := range t.events {
			rows = append(rows, rd.line1(e.line))
		}
		rows = append(rows, rd.grid(t)...)
	}
	if rd.err != nil {
		return
	}
	if parent := rd.top(); parent != nil {
		parent.events = append(parent.events, event{rows: rows, at: parent.cellLines})
		if rows == nil {
			parent.events[len(parent.events)-1].rows = []doc.Row{}
		}
		return
	}
	rd.out = append(rd.out, rows...)
}

// grid expands a table's cells into rows (rowspan and colspan copied,
// copies marked Span).
func (rd *reader) grid(t *table) []doc.Row {
	rd.tables++
	tn := rd.tables
	var carry []pending
	out := make([]doc.Row, 0, len(t.rows))
	for ri, rawRow := range t.rows {
		width := 0
		for _, c := range rawRow {
			width += c.cs
		}
		for _, p := range carry {
			if p.left > 0 {
				width++
			}
		}
		cells := make([]doc.Cell, 0, width)
		col := 0
		put := func(text string, span bool) bool {
			if col >= rd.lim.MaxCols {
				rd.err = fmt.Errorf("%w: table %d has more than %d columns", ErrTooLarge, tn, rd.lim.MaxCols)
				return false
			}
			rd.cells++
			if rd.cells > rd.lim.MaxCells {
				rd.err = fmt.Errorf("%w: more than %d table cells", ErrTooLarge, rd.lim.MaxCells)
				return false
			}
			cells = append(cells, doc.Cell{Text: text, Span: span})
			col++
			return true
		}
		fillCarried := func() bool {
			for col < len(carry) && carry[col].left > 0 {
				carry[col].left--
				if !put(carry[col].text, true) {
					return false
				}
			}
			return true
		}
		for _, c := range rawRow {
			if !fillCarried() {
				return nil
			}
			text := strings.Join(c.segs, " ")
			for k := 0; k < c.cs; k++ {
				at := col
				if !put(text, k > 0) {
					return nil
				}
				if c.rs > 1 {
					for len(carry) <= at {
						carry = append(carry, pending{})
					}
					carry[at] = pending{text: text, left: c.rs - 1}
				}
			}
		}
		if !fillCarried() {
			return nil
		}
		for k := col; k < len(carry); k++ {
			if carry[k].left > 0 {
				for col < k {
					if !put("", true) {
						return nil
					}
				}
				carry[k].left--
				if !put(carry[k].text, true) {
					return nil
				}
			}
		}
		out = append(out, doc.Row{Cells: cells, Table: tn, Locator: locate(cells, tn, ri+1)})
	}
	return out
}

func spanValue(v string, max int) int {
	v = strings.TrimSpace(v)
	end := 0
	for end < len(v) && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	k, err := strconv.Atoi(v[:end])
	if err != nil || k < 1 {
		return 1
	}
	return min(k, max)
}
