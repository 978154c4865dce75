package htmlreader

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/html/atom"

	"ogi/pipeline/doc"
	"ogi/pipeline/layout"
	"ogi/pipeline/normalize"
)

// The reader works on the token stream (no DOM): report pages are read
// once, front to back, and tables are resolved when they close. A table
// that held another table is a layout table and is flattened into text
// lines around its inner tables' rows.

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

type reader struct {
	lim    Limits
	z      *scanner
	d      doc.Document
	out    []doc.Row // top-level rows in order; Table 0 rows are text lines
	stack  []*table
	line   []byte // the text block being collected (reused)
	tables int
	cells  int
	// Links are kept as spans of one buffer (href, then text) and made
	// strings of one string at the end.
	linkOpen  bool
	linkHref  [2]int
	linkSpans [][4]int
	linkBuf   []byte
	linkB     []byte // the text of the open link (reused)
	err       error
	inPre     int             // depth of the <pre> read as layout text
	pre       strings.Builder // the text of the open <pre>, lines kept
	head      heading         // the body's title, for a page whose <title> is generic
	lineLink  bool            // the line being collected holds a link's text
	// slab and rawCells hand out the cells of text lines and the cells of
	// open tables in chunks: a page has thousands of each.
	slab     []doc.Cell
	rawCells []rawCell
	// skipUntil is the element (script, style) whose end tag ends the
	// stretch being skipped; hide the element whose content the page
	// hides, hideDepth how deep it is nested in itself.
	skipUntil atom.Atom
	hide      atom.Atom
	hideDepth int
	inTitle   bool            // inside the page's <title>
	title     strings.Builder // the text of the <title>
}

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

// The sets of elements are switches, not maps: they are asked once or
// twice for every tag of a page.

// isRawSkip: these elements hold no visible report text.
func isRawSkip(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Textarea, atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Xmp, atom.Template:
		return true
	}
	return false
}

// isHideable: the inline elements whose display:none hides text
// (anti-copy digits in number cells); they reliably have end tags.
func isHideable(a atom.Atom) bool {
	switch a {
	case atom.Span, atom.Font, atom.Sup, atom.Sub, atom.Em, atom.I, atom.B, atom.Strong, atom.Small, atom.Label:
		return true
	}
	return false
}

// isTableTag: the tags that end any hidden stretch.
func isTableTag(a atom.Atom) bool {
	switch a {
	case atom.Table, atom.Tr, atom.Td, atom.Th, atom.Thead, atom.Tbody, atom.Tfoot:
		return true
	}
	return false
}

// hidden reports whether the current start tag hides its content: a
// hidden attribute or a display:none / visibility:hidden style.
func hidden(z *scanner) bool {
	for i := 0; i < z.attrCount(); i++ {
		switch {
		case z.attrIs(i, "hidden"):
			return true
		case z.attrIs(i, "style"):
			v := z.attrVal(i)
			if !hasFoldASCII(v, "none") && !hasFoldASCII(v, "hidden") {
				break // neither display:none nor visibility:hidden
			}
			st := strings.ToLower(strings.Join(strings.Fields(v), ""))
			if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// readTokens reads a page front to back, token by token.
func readTokens(page string, lim Limits) (doc.Document, error) {
	rd := &reader{lim: lim, z: newScanner(page), head: heading{want: true}}
	for rd.err == nil {
		tt := rd.z.Next()
		if tt == errorToken {
			break // the end of the page
		}
		if rd.unseen(tt) {
			continue
		}
		switch tt {
		case textToken:
			rd.text()
		case startTagToken, selfClosingTagToken:
			rd.startTag(tt)
		case endTagToken:
			rd.endTag()
		}
	}
	if rd.err != nil {
		return doc.Document{}, rd.err
	}
	rd.endPage()
	if rd.err != nil {
		return doc.Document{}, rd.err
	}
	return rd.finish()
}

// unseen reports whether the current token is out of sight: inside an
// element that holds no visible text (script, style) or one the page
// hides (display:none). The token that ends the stretch ends it.
func (rd *reader) unseen(tt tokenType) bool {
	if rd.skipUntil != 0 {
		if tt == endTagToken && tagAtom(rd.z.Raw()) == rd.skipUntil {
			rd.skipUntil = 0
		}
		return true
	}
	if rd.hide == 0 {
		return false
	}
	// Inside an element the page hides (display:none): its text is no
	// printed figure. A cell or table boundary ends it, so an unclosed
	// tag never hides more than its cell.
	a := tagAtom(rd.z.Raw())
	switch {
	case (tt == startTagToken || tt == endTagToken) && isTableTag(a):
		rd.hide, rd.hideDepth = 0, 0
		return false
	case tt == startTagToken && a == rd.hide:
		rd.hideDepth++
	case tt == endTagToken && a == rd.hide:
		if rd.hideDepth--; rd.hideDepth == 0 {
			rd.hide = 0
		}
	}
	return true
}

// text files a text token: into the open <pre>, the page's <title>, or
// the text block being collected (and the open link's text).
func (rd *reader) text() {
	text := rd.z.Text()
	if rd.inPre > 0 {
		rd.pre.WriteString(text)
		return
	}
	if rd.inTitle {
		rd.title.WriteString(text)
		return
	}
	// White space at the start of a block is dropped when the block is
	// folded: indented chrome is mostly that.
	blank := asciiSpace(text)
	if !blank || len(rd.line) > 0 {
		rd.line = append(rd.line, text...)
	}
	if rd.linkOpen {
		rd.lineLink = rd.lineLink || !blank
	} else {
		rd.head.addText(text)
	}
	if rd.linkOpen && (!blank || len(rd.linkB) > 0) {
		rd.linkB = append(rd.linkB, text...)
	}
}

// startTag acts on a start or self-closing tag.
func (rd *reader) startTag(tt tokenType) {
	a := tagAtom(rd.z.Raw())
	if rd.inPre > 0 {
		// Preformatted text keeps its lines; tags inside it are inline
		// marks, <br> a line end.
		switch {
		case a == atom.Br:
			rd.pre.WriteByte('\n')
		case a == atom.Pre && tt == startTagToken:
			rd.inPre++
		}
		return
	}
	if a == atom.Pre && tt == startTagToken && (rd.top() == nil || rd.z.linesAhead("</pre", 3)) {
		// A report laid out in columns of spaces, also inside a layout
		// table (a cell of the page's frame): the table holding it is a
		// layout table.
		rd.flush()
		if t := rd.top(); t != nil {
			t.nested = true
		}
		rd.inPre = 1
		return
	}
	if tt == startTagToken {
		rd.head.startTag(a, rd.z)
	}
	switch {
	case a == atom.Title:
		if tt == startTagToken && rd.d.Title == "" {
			rd.inTitle = true
		}
	case isRawSkip(a):
		if tt == startTagToken {
			rd.skipUntil = a
		}
	case tt == startTagToken && isHideable(a) && hidden(rd.z):
		rd.hide, rd.hideDepth = a, 1
	case a == atom.Table:
		rd.startTable()
	case a == atom.Tr:
		rd.startRow()
	case a == atom.Td || a == atom.Th:
		rd.startCell()
	case a == atom.Img:
		rd.d.Images++
	case a == atom.A:
		rd.startLink()
	case isBlock(a):
		rd.flush()
	}
}

// endTag acts on an end tag.
func (rd *reader) endTag() {
	a := tagAtom(rd.z.Raw())
	if rd.inPre > 0 {
		if a == atom.Pre {
			if rd.inPre--; rd.inPre == 0 {
				rd.endPre()
			}
		}
		return
	}
	rd.head.endTag(a)
	switch {
	case a == atom.Title:
		if rd.inTitle {
			rd.d.Title = fold(rd.title.String())
			rd.head.want = !specificTitle(rd.d.Title)
			rd.inTitle = false
		}
	case a == atom.Table:
		rd.endTable()
	case a == atom.Tr:
		rd.endRow()
	case a == atom.Td || a == atom.Th:
		rd.endCell()
	case a == atom.A:
		rd.endLink()
	case isBlock(a):
		rd.flush()
	}
}

// endPage closes what the page left open: a <pre>, the text block, the
// tables.
func (rd *reader) endPage() {
	if rd.inPre > 0 {
		rd.inPre = 0
		rd.endPre()
	}
	rd.flush()
	for len(rd.stack) > 0 {
		rd.endTable()
	}
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

// asciiSpace reports whether s is ASCII white space only (the spaces
// normalize.Spaces folds first).
func asciiSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && (c < '\t' || c > '\r') {
			return false
		}
	}
	return true
}

// tagAtom reads the tag name from a raw start or end tag ("<TD colspan=2>",
// "</tr>") without allocating: TagName copies every name.
func tagAtom(raw string) atom.Atom {
	i := 0
	if i < len(raw) && raw[i] == '<' {
		i++
	}
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	var buf [16]byte
	n := 0
	for ; i < len(raw) && n < len(buf); i++ {
		c := raw[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		default:
			return atom.Lookup(buf[:n])
		}
		buf[n] = c
		n++
	}
	if n == len(buf) {
		return 0 // longer than any tag we act on
	}
	return atom.Lookup(buf[:n])
}

// hasFoldASCII reports whether b contains sub (lower-case ASCII), ignoring
// ASCII case.
func hasFoldASCII(b string, sub string) bool {
	lo, up := sub[0], sub[0]&^0x20
	for i := 0; i+len(sub) <= len(b); i++ {
		// the next place the first letter stands, in either case
		rest := b[i : len(b)-len(sub)+1]
		j := strings.IndexByte(rest, lo)
		before := rest
		if j >= 0 {
			before = rest[:j]
		}
		if k := strings.IndexByte(before, up); k >= 0 {
			j = k
		}
		if j < 0 {
			return false
		}
		i += j
		k := 1
		for k < len(sub) && b[i+k]|0x20 == sub[k] {
			k++
		}
		if k == len(sub) {
			return true
		}
	}
	return false
}
