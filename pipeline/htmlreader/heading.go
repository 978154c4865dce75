package htmlreader

import (
	"regexp"
	"strings"

	"golang.org/x/net/html/atom"

	"ogi/pipeline/doc"
	"ogi/pipeline/normalize"
)

// A page's <title> is often generic: 政府信息公开工作年度报告, or the
// portal's site or column name (政府信息公开年报_某某县人民政府). The report
// then names itself in its first heading, which the page takes as its
// title, as Word documents do (doc.GenericTitle): an h1–h6, an element
// whose class names a title (TRS article_title, gkmlpt content-title, VSB
// titlestyle), or a paragraph that is a report's title on its own
// (centred <p><strong>某某县2023年政府信息公开工作年度报告</strong></p>),
// whichever comes first; text inside links is no heading (lists of other
// reports).

// maxHeading bounds the text of one heading, in bytes.
const maxHeading = 400

// heading is the reader's state for the body's title.
type heading struct {
	want  bool   // the <title> may be generic: look for a heading
	found string // the first heading that names a report
	tag   atom.Atom
	depth int
	text  []byte // the open heading's text outside links
}

// titleLine matches a line that is a report's title and nothing else: an
// agency, a year, the report's name.
var titleLine = regexp.MustCompile(`^[^，。；：,;:]{0,40}(?:19|20)\d\d\s*年\s*度?[^，。；：,;:]{0,30}(?:报告|報告)$`)

// namesReport reports whether a heading names an open-government report.
func namesReport(s string) bool {
	return len(s) <= 3*80 && (strings.Contains(s, "报告") || strings.Contains(s, "報告")) &&
		(strings.Contains(s, "信息公开") || strings.Contains(s, "信息公開") || strings.Contains(s, "政务公开") || strings.Contains(s, "政務公開"))
}

// yearOf finds a year in a title.
var yearOf = regexp.MustCompile(`(?:19|20)\d\d\s*年`)

// specificTitle reports whether a <title> names a report and its year:
// no heading can say more (see doc.GenericTitle).
func specificTitle(title string) bool {
	return (strings.Contains(title, "报告") || strings.Contains(title, "報告")) && yearOf.MatchString(title)
}

// headingTag reports whether a start tag opens a heading: h1–h6, or a
// block or text element whose class names a title.
func headingTag(a atom.Atom, z *scanner) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	case atom.Div, atom.P, atom.Td, atom.Th, atom.Span, atom.Strong, atom.B, atom.Font, atom.Center, atom.Header, atom.Section:
		for i := 0; i < z.attrCount(); i++ {
			if z.attrIs(i, "class") && hasFoldASCII(z.attrVal(i), "title") {
				return true
			}
		}
	}
	return false
}

// startTag follows a start tag: a heading opens, or one of its kind
// nests in the open one.
func (h *heading) startTag(a atom.Atom, z *scanner) {
	if !h.want || h.found != "" {
		return
	}
	switch {
	case h.tag == 0 && headingTag(a, z):
		h.tag, h.depth, h.text = a, 1, h.text[:0]
	case h.tag != 0 && a == h.tag:
		h.depth++
	}
}

// endTag follows an end tag: the open heading closes.
func (h *heading) endTag(a atom.Atom) {
	if h.tag == 0 || a != h.tag {
		return
	}
	if h.depth--; h.depth > 0 {
		return
	}
	h.tag = 0
	if s := foldBytes(h.text); namesReport(s) {
		h.found = s
	}
}

// addText follows a text token outside links.
func (h *heading) addText(text string) {
	if h.tag == 0 {
		return
	}
	if len(h.text)+len(text) > maxHeading {
		h.tag = 0 // no heading is that long: an element left open
		return
	}
	h.text = append(h.text, text...)
}

// line follows a text line (a block's text) that holds no link text: a
// report's title on its own is a heading.
func (h *heading) line(s string) {
	if !h.want || h.found != "" || len(s) > maxHeading || !namesReport(s) {
		return
	}
	if t := normalize.Width(s); titleLine.MatchString(t) {
		h.found = s
	}
}

// title returns the page's title: its <title>, or the first heading when
// the <title> says less.
func (h *heading) title(pageTitle string) string {
	if h.found != "" && doc.GenericTitle(pageTitle, h.found) {
		return h.found
	}
	return pageTitle
}
