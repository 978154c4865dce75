package htmlreader

import (
	"fmt"
	"ogi/pipeline/doc"
	"ogi/pipeline/layout"
	"ogi/pipeline/normalize"
	"strconv"
	"strings"
)

// Text blocks, <pre> reports, markdown tables pasted as paragraphs and
// links, and the document they make at the end of the page.

// line1 returns a one-cell row holding a text line.
func (rd *reader) line1(s string) doc.Row {
	if len(rd.slab) == 0 {
		rd.slab = make([]doc.Cell, 256)
	}
	c := rd.slab[:1:1]
	rd.slab = rd.slab[1:]
	c[0].Text = s
	return doc.Row{Cells: c}
}

// endPre files the text of a <pre> block (a report laid out in columns
// of spaces, as pdftotext writes it) through the layout reader, as the
// text reader does: its tables come out as tables, numbered after the
// page's own.
func (rd *reader) endPre() {
	text := strings.ReplaceAll(rd.pre.String(), "\r\n", "\n")
	rd.pre.Reset()
	if strings.TrimSpace(text) == "" {
		return
	}
	rows := layout.Rows(strings.Split(text, "\n"), 1)
	maxT := 0
	for i := range rows {
		if rows[i].Table > 0 {
			maxT = max(maxT, rows[i].Table)
			rows[i].Table += rd.tables
		}
		rd.cells += len(rows[i].Cells)
	}
	rd.tables += maxT
	if t := rd.top(); t != nil {
		t.events = append(t.events, event{rows: rows, at: t.cellLines})
		return
	}
	rd.out = append(rd.out, rows...)
}

// pipeTables turns runs of top-level text lines written as markdown
// table rows ("| 规章 | 0 | 0 | 0 |", pasted into a page as paragraphs)
// into table rows of their own table, as the text reader reads them.
func (rd *reader) pipeTables() {
	in := false
	row := 0
	out := rd.out[:0]
	for _, r := range rd.out {
		if r.Table != 0 || len(r.Cells) != 1 || !pipeLine(r.Cells[0].Text) {
			in = false
			out = append(out, r)
			continue
		}
		s := strings.TrimSpace(r.Cells[0].Text)
		if strings.Trim(s, "|-: ") == "" {
			continue // the separator row under a header
		}
		if !in {
			rd.tables++
			in, row = true, 0
		}
		row++
		s = strings.TrimSuffix(strings.TrimPrefix(s, "|"), "|")
		parts := strings.Split(s, "|")
		cells := make([]doc.Cell, len(parts))
		for k, p := range parts {
			cells[k] = doc.Cell{Text: strings.TrimSpace(p)}
		}
		out = append(out, doc.Row{Table: rd.tables, Locator: locate(cells, rd.tables, row), Cells: cells})
	}
	rd.out = out
}

// pipeLine reports whether a text line is a markdown table row: it starts
// with "|" and holds at least three.
func pipeLine(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "|") && strings.Count(s, "|") >= 3
}

// finish numbers the text lines and builds Document.Text.
func (rd *reader) finish() (doc.Document, error) {
	rd.pipeTables()
	// The locators of the text lines ("line 12") are slices of one
	// string, and the text is sized before it is written.
	var locs []byte
	var ends []int
	size := 0
	for i := range rd.out {
		r := &rd.out[i]
		if r.Table == 0 {
			locs = append(locs, "line "...)
			locs = strconv.AppendInt(locs, int64(len(ends)+1), 10)
			ends = append(ends, len(locs))
		}
		for _, c := range r.Cells {
			size += len(c.Text) + len(" | ")
		}
		size++
	}
	all := string(locs)
	if size > rd.lim.MaxTextLen {
		size = rd.lim.MaxTextLen + 1
	}
	var text strings.Builder
	text.Grow(size)
	line, from := 0, 0
	for i := range rd.out {
		r := &rd.out[i]
		if r.Table == 0 {
			r.Locator = all[from:ends[line]]
			from = ends[line]
			line++
			if len(r.Cells) == 1 {
				r.Cells[0].Locator = r.Locator
			}
			for k := range r.Cells {
				if len(r.Cells) > 1 {
					r.Cells[k].Locator = r.Locator + " col " + strconv.Itoa(k+1)
				}
				if k > 0 {
					text.WriteByte(' ')
				}
				text.WriteString(r.Cells[k].Text)
			}
		} else {
			first := true
			for _, c := range r.Cells {
				if c.Span {
					continue
				}
				if !first {
					text.WriteString(" | ")
				}
				first = false
				text.WriteString(c.Text)
			}
		}
		text.WriteByte('\n')
		if text.Len() > rd.lim.MaxTextLen {
			return doc.Document{}, fmt.Errorf("%w: more than %d bytes of text", ErrTooLarge, rd.lim.MaxTextLen)
		}
	}
	rd.d.Rows = rd.out
	rd.d.Text = text.String()
	rd.d.Title = rd.head.title(rd.d.Title)
	rd.links()
	return rd.d, nil
}

// flush ends the current text block and files it where it belongs: in
// the open cell, among the table's events, or at the top level.
func (rd *reader) flush() {
	if len(rd.line) == 0 {
		return
	}
	s := foldBytes(rd.line)
	rd.line = rd.line[:0]
	link := rd.lineLink
	rd.lineLink = false
	if s == "" {
		return
	}
	if !link {
		rd.head.line(s)
	}
	t := rd.top()
	switch {
	case t == nil:
		rd.out = append(rd.out, rd.line1(s))
	case t.cell != nil:
		t.cell.segs = append(t.cell.segs, s)
		t.cellLines++
	default:
		t.events = append(t.events, event{line: s, at: t.cellLines})
	}
}

func (rd *reader) startLink() {
	rd.endLink()
	for i := 0; i < rd.z.attrCount(); i++ {
		if rd.z.attrIs(i, "href") && len(rd.linkSpans) < rd.lim.MaxLinks {
			if v := rd.z.attrVal(i); v != "" {
				rd.linkHref = [2]int{len(rd.linkBuf), len(rd.linkBuf) + len(v)}
				rd.linkBuf = append(rd.linkBuf, v...)
				rd.linkOpen = true
			}
		}
	}
	rd.linkB = rd.linkB[:0]
}

func (rd *reader) endLink() {
	if rd.linkOpen {
		from := len(rd.linkBuf)
		rd.linkBuf = normalize.AppendSpaces(rd.linkBuf, rd.linkB)
		rd.linkSpans = append(rd.linkSpans, [4]int{rd.linkHref[0], rd.linkHref[1], from, len(rd.linkBuf)})
		rd.linkOpen = false
	}
}

// links makes the document's links from their spans.
func (rd *reader) links() {
	if len(rd.linkSpans) == 0 {
		return
	}
	all := string(rd.linkBuf)
	rd.d.Links = make([]doc.Link, len(rd.linkSpans))
	for i, sp := range rd.linkSpans {
		rd.d.Links[i] = doc.Link{Href: all[sp[0]:sp[1]], Text: all[sp[2]:sp[3]]}
	}
}
