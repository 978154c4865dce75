package htmlreader

import (
	"strings"

	"golang.org/x/net/html/atom"

	"ogi/pipeline/doc"
)

// The reader works on the token stream (no DOM): report pages are read
// once, front to back, and tables are resolved when they close. A table
// that held another table is a layout table and is flattened into text
// lines around its inner tables' rows.

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
