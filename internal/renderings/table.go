package renderings

import (
	"fmt"
	"strings"
)

// Cell is one printed table cell; RS and CS are its rowspan and colspan (0
// means 1).
type Cell struct {
	Text   string
	RS, CS int
}

func (c Cell) rs() int { return max(c.RS, 1) }
func (c Cell) cs() int { return max(c.CS, 1) }

// Table is a printed table: rows of the cells that start in them, as HTML
// writes a table with rowspan and colspan.
type Table struct {
	Rows [][]Cell
	// LabelCols is the number of label columns before the values; a
	// printed page gives them about two fifths of the width.
	LabelCols int
}

// slot is one position of a table's grid.
type slot struct {
	text   string
	origin bool // the cell starts here; otherwise a copy of a span
	up     bool // covered by the cell above (a rowspan)
	set    bool
	or, oc int // where the covering cell starts
}

// grid expands the table to its grid, every covered position holding the
// text of the cell that covers it.
func (t *Table) grid() [][]slot {
	var g [][]slot
	ensure := func(r, c int) {
		for len(g) <= r {
			g = append(g, nil)
		}
		for len(g[r]) <= c {
			g[r] = append(g[r], slot{})
		}
	}
	for r, row := range t.Rows {
		ensure(r, 0)
		c := 0
		for _, cell := range row {
			for c < len(g[r]) && g[r][c].set {
				c++
			}
			for dr := 0; dr < cell.rs(); dr++ {
				for dc := 0; dc < cell.cs(); dc++ {
					ensure(r+dr, c+dc)
					g[r+dr][c+dc] = slot{text: cell.Text, origin: dr == 0 && dc == 0, up: dr > 0, set: true, or: r, oc: c}
				}
			}
			c += cell.cs()
		}
	}
	width := 0
	for _, r := range g {
		width = max(width, len(r))
	}
	for r := range g {
		for len(g[r]) < width {
			g[r] = append(g[r], slot{set: true, origin: true})
		}
	}
	return g
}

// Markers returns the grid with covered positions marked for
// docwriter.DOCXStyled: "^^" under a rowspan, "<<" right of a colspan.
func (t *Table) Markers(up, left string) [][]string {
	g := t.grid()
	out := make([][]string, len(g))
	for r, row := range g {
		out[r] = make([]string, len(row))
		for c, s := range row {
			switch {
			case s.origin:
				out[r][c] = s.text
			case s.up && c == s.oc:
				out[r][c] = up
			default:
				out[r][c] = left
			}
		}
	}
	return out
}

// Origins returns, per row, the texts of the cells that start in it: what
// a browser copies or a mirror site prints of a merged table.
func (t *Table) Origins() [][]string {
	out := make([][]string, len(t.Rows))
	for r, row := range t.Rows {
		for _, c := range row {
			out[r] = append(out[r], c.Text)
		}
	}
	return out
}

// Full returns the grid with every covered position holding the covering
// cell's text (a spreadsheet's "unmerge and fill").
func (t *Table) Full() [][]string {
	g := t.grid()
	out := make([][]string, len(g))
	for r, row := range g {
		for _, s := range row {
			out[r] = append(out[r], s.text)
		}
	}
	return out
}

// Holes returns the grid with covered positions empty (markdown written
// from a merged table: one column per grid column).
func (t *Table) Holes() [][]string {
	g := t.grid()
	out := make([][]string, len(g))
	for r, row := range g {
		for _, s := range row {
			if s.origin {
				out[r] = append(out[r], s.text)
			} else {
				out[r] = append(out[r], "")
			}
		}
	}
	return out
}

// HTML writes the table as HTML with rowspan and colspan; print sets the
// widths of its columns as a report template does.
func (t *Table) HTML(b *strings.Builder, word, print bool) {
	b.WriteString(`<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">` + "\n")
	if print && t.LabelCols > 0 {
		width := len(t.grid()[0])
		b.WriteString("<colgroup>")
		for c := 0; c < width; c++ {
			w := 40.0 / float64(t.LabelCols)
			if c >= t.LabelCols {
				w = 60.0 / float64(width-t.LabelCols)
			}
			b.WriteString(fmt.Sprintf(`<col style="width:%.1f%%">`, w))
		}
		b.WriteString("</colgroup>\n")
	}
	b.WriteString("<tbody>\n")
	for _, row := range t.Rows {
		b.WriteString("<tr>")
		for _, c := range row {
			b.WriteString("<td")
			if c.RS > 1 {
				b.WriteString(` rowspan="` + itoa(c.RS) + `"`)
			}
			if c.CS > 1 {
				b.WriteString(` colspan="` + itoa(c.CS) + `"`)
			}
			if word {
				b.WriteString(` valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center"><span style="font-family:宋体;mso-bidi-font-family:宋体">`)
				b.WriteString(escape(c.Text))
				b.WriteString("</span></p></td>")
				continue
			}
			b.WriteString(">")
			b.WriteString(escape(c.Text))
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
}

func escape(s string) string {
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	return strings.ReplaceAll(s, "\n", "<br/>")
}
