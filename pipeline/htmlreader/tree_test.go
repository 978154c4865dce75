package htmlreader

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"ogi/pipeline/doc"
)

// treeRead is the reference reader: the same reading done on the DOM
// built by html.Parse. Tests compare the token reader against it.
func treeRead(page string, lim Limits) (doc.Document, error) {
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return doc.Document{}, fmt.Errorf("parse html: %w", err)
	}
	w := &walker{lim: lim}
	w.walk(root, 0)
	w.flush()
	if w.err != nil {
		return doc.Document{}, w.err
	}
	w.d.Text = w.text.String()
	return w.d, nil
}

type walker struct {
	lim    Limits
	d      doc.Document
	text   strings.Builder
	line   strings.Builder // the block being collected
	tables int
	lines  int
	cells  int
	err    error
}

var treeSkip = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Select: true, atom.Textarea: true, atom.Svg: true, atom.Math: true, atom.Object: true}

func (w *walker) walk(n *html.Node, depth int) {
	if w.err != nil {
		return
	}
	if depth > w.lim.MaxDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.line.WriteString(n.Data)
		return
	case html.ElementNode:
		if treeSkip[n.DataAtom] {
			return
		}
		switch n.DataAtom {
		case atom.Title:
			if w.d.Title == "" {
				w.d.Title = fold(textOf(n))
			}
			return
		case atom.Img:
			w.d.Images++
		case atom.A:
			if href := attr(n, "href"); href != "" && len(w.d.Links) < w.lim.MaxLinks {
				w.d.Links = append(w.d.Links, doc.Link{Href: href, Text: fold(textOf(n))})
			}
		case atom.Table:
			if !hasTable(n) {
				w.flush()
				w.grid(n)
				return
			}
		}
		if isBlock(n.DataAtom) {
			w.flush()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, depth+1)
	}
	if n.Type == html.ElementNode && isBlock(n.DataAtom) {
		w.flush()
	}
}

// flush ends the current text block: a line of text and a one-cell row.
func (w *walker) flush() {
	s := fold(w.line.String())
	w.line.Reset()
	if s == "" {
		return
	}
	w.lines++
	w.addText(s)
	loc := "line " + strconv.Itoa(w.lines)
	w.d.Rows = append(w.d.Rows, doc.Row{Cells: []doc.Cell{{Text: s, Locator: loc}}, Locator: loc})
}

func (w *walker) addText(s string) {
	if w.text.Len()+len(s) > w.lim.MaxTextLen {
		w.err = fmt.Errorf("%w: more than %d bytes of text", ErrTooLarge, w.lim.MaxTextLen)
		return
	}
	w.text.WriteString(s)
	w.text.WriteByte('\n')
}

// grid expands one innermost table into rows of cells.
func (w *walker) grid(t *html.Node) {
	w.tables++
	tn := w.tables
	var carry []pending
	rowNo := 0
	var rows []doc.Row
	eachRow(t, func(tr *html.Node) {
		if w.err != nil {
			return
		}
		rowNo++
		loc := "table " + strconv.Itoa(tn) + " row " + strconv.Itoa(rowNo)
		var cells []doc.Cell
		col := 0
		put := func(text string, span bool) {
			if col >= w.lim.MaxCols {
				w.err = fmt.Errorf("%w: table %d has more than %d columns", ErrTooLarge, tn, w.lim.MaxCols)
				return
			}
			w.cells++
			if w.cells > w.lim.MaxCells {
				w.err = fmt.Errorf("%w: more than %d table cells", ErrTooLarge, w.lim.MaxCells)
				return
			}
			cells = append(cells, doc.Cell{Text: text, Span: span, Locator: loc + " col " + strconv.Itoa(col+1)})
			col++
		}
		fillCarried := func() {
			for col < len(carry) && carry[col].left > 0 && w.err == nil {
				carry[col].left--
				put(carry[col].text, true)
			}
		}
		for c := tr.FirstChild; c != nil && w.err == nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			fillCarried()
			text := fold(textOf(c))
			cs := spanAttr(c, "colspan", w.lim.MaxSpan)
			rs := spanAttr(c, "rowspan", w.lim.MaxSpan)
			for k := 0; k < cs && w.err == nil; k++ {
				at := col
				put(text, k > 0)
				if rs > 1 {
					for len(carry) <= at {
						carry = append(carry, pending{})
					}
					carry[at] = pending{text: text, left: rs - 1}
				}
			}
		}
		fillCarried()
		// Columns carried beyond the last cell of this row.
		for k := col; k < len(carry) && w.err == nil; k++ {
			if carry[k].left > 0 {
				for col < k {
					put("", true)
				}
				carry[k].left--
				put(carry[k].text, true)
			}
		}
		if w.err != nil {
			return
		}
		texts := make([]string, 0, len(cells))
		for _, c := range cells {
			if !c.Span {
				texts = append(texts, c.Text)
			}
		}
		w.addText(strings.Join(texts, " | "))
		rows = append(rows, doc.Row{Cells: cells, Table: tn, Locator: loc})
	})
	w.d.Rows = append(w.d.Rows, rows...)
}

// eachRow visits the rows of a table in order (thead, tbody, tfoot and
// bare tr), not descending into nested tables.
func eachRow(t *html.Node, f func(*html.Node)) {
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Tr:
			f(c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			eachRow(c, f)
		}
	}
}

func hasTable(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Table || hasTable(c)) {
			return true
		}
	}
	return false
}

func spanAttr(n *html.Node, key string, max int) int {
	v := strings.TrimSpace(attr(n, key))
	if v == "" {
		return 1
	}
	end := 0
	for end < len(v) && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	k, err := strconv.Atoi(v[:end])
	if err != nil || k < 1 {
		return 1
	}
	if k > max {
		return max
	}
	return k
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is the text of n's subtree with line breaks between blocks.
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node, int)
	rec = func(n *html.Node, depth int) {
		if depth > 256 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if treeSkip[c.DataAtom] {
					continue
				}
				if isBlock(c.DataAtom) {
					b.WriteByte(' ')
				}
				rec(c, depth+1)
			}
		}
	}
	rec(n, 0)
	return b.String()
}
