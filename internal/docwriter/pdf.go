// Package docwriter writes report documents: DOCX files (WordprocessingML
// with merged cells) and small PDFs whose text layer poppler's pdftotext
// reads back, CJK included, as Word, WPS and browsers print them; and
// sample reports on both templates with the figures they print. The
// simulated portal network serves its attachments through it and the
// readers' tests read what it writes. It is test and demo equipment:
// production packages do not import it. The output is deterministic: the
// same input gives the same bytes.
package docwriter

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Text is one run of text placed on a PDF page.
type Text struct {
	X, Y float64 // baseline start, in points from the bottom-left corner
	Size float64 // font size in points; 0 means 10.5
	S    string
}

// Page is the text of one PDF page.
type Page []Text

// Page geometry of the generated PDFs (A4, points).
const (
	PageWidth  = 595.0
	PageHeight = 842.0
	margin     = 56.0
	fontSize   = 10.5
	leading    = fontSize * 1.6
)

// LinesPerPage is how many lines PDF puts on one page.
const LinesPerPage = 43 // (PageHeight - 2*margin) / leading, rounded down

// PDF renders column-aligned text lines: every line goes onto the page as
// it is spaced, a CJK character being two columns wide and an ASCII
// character one, so `pdftotext -layout` gives the columns back. A line that
// starts with a form feed "\f" starts a new page; pages also break after
// LinesPerPage lines.
func PDF(lines []string) ([]byte, error) {
	var pages []Page
	var cur Page
	n := 0
	flush := func() {
		pages = append(pages, cur)
		cur, n = nil, 0
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "\f") {
			flush()
			l = strings.TrimLeft(l, "\f")
		}
		if n == LinesPerPage {
			flush()
		}
		y := PageHeight - margin - float64(n+1)*leading
		cur = append(cur, LineRuns(l, margin, y, fontSize)...)
		n++
	}
	flush()
	return PDFPages(pages)
}

// LineRuns places one column-aligned line at (x, y): each run of text
// between gaps of two or more spaces starts at its column.
func LineRuns(l string, x, y, size float64) []Text {
	var out []Text
	col := 0
	rs := []rune(l)
	for i := 0; i < len(rs); {
		if rs[i] == ' ' {
			col++
			i++
			continue
		}
		j := i
		for j < len(rs) && !(rs[j] == ' ' && (j+1 >= len(rs) || rs[j+1] == ' ')) {
			j++
		}
		run := string(rs[i:j])
		out = append(out, Text{X: x + float64(col)*size/2, Y: y, Size: size, S: run})
		col += DisplayWidth(run)
		i = j
	}
	return out
}

// Align lays cells out on one line, cell i starting at display column
// cols[i] (or one space after the previous cell when that is further
// right): the way a column-aligned table is typed with a CJK font.
func Align(cols []int, cells ...string) string {
	var b strings.Builder
	w := 0
	for i, c := range cells {
		at := w
		if i < len(cols) && cols[i] > at {
			at = cols[i]
		} else if i > 0 {
			at = w + 2
		}
		b.WriteString(strings.Repeat(" ", at-w))
		b.WriteString(c)
		w = at + DisplayWidth(c)
	}
	return b.String()
}

// DisplayWidth counts columns: 1 for ASCII, 2 for anything wider.
func DisplayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r < 0x80 {
			w++
		} else {
			w += 2
		}
	}
	return w
}

// PDFPages renders pages of placed text into a PDF 1.4 file. The font is a
// Type0 font with Identity-H encoding whose character codes are the Unicode
// code points, with a ToUnicode CMap and no embedded glyphs: viewers draw
// it with a substitute font and text extraction reads it exactly. Only
// characters of the Basic Multilingual Plane can be written.
func PDFPages(pages []Page) ([]byte, error) {
	if len(pages) == 0 {
		pages = []Page{nil}
	}
	used := map[rune]bool{}
	var contents [][]byte
	for pi, p := range pages {
		var c bytes.Buffer
		for _, t := range p {
			size := t.Size
			if size == 0 {
				size = fontSize
			}
			var hex strings.Builder
			for _, r := range t.S {
				if r > 0xFFFF || r == utf8.RuneError {
					return nil, fmt.Errorf("page %d: character %U cannot be written", pi+1, r)
				}
				used[r] = true
				fmt.Fprintf(&hex, "%04X", r)
			}
			fmt.Fprintf(&c, "BT /F1 %s Tf 1 0 0 1 %s %s Tm <%s> Tj ET\n", num(size), num(t.X), num(t.Y), hex.String())
		}
		contents = append(contents, c.Bytes())
	}
	w := newPDFWriter()
	// objects: 1 catalog, 2 pages, 3 font, 4 cidfont, 5 descriptor,
	// 6 tounicode, then page/content pairs
	n := len(pages)
	kids := make([]string, n)
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 7+2*i)
	}
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	w.obj(3, "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>")
	w.obj(4, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 /W [32 126 500] /CIDToGIDMap /Identity >>")
	w.obj(5, "<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>")
	w.stream(6, "", toUnicode(used))
	for i, c := range contents {
		w.obj(7+2*i, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", num(PageWidth), num(PageHeight), 8+2*i))
		w.stream(8+2*i, "", c)
	}
	return w.finish(1, ""), nil
}

// toUnicode maps every used code to the same code point.
func toUnicode(used map[rune]bool) []byte {
	codes := make([]int, 0, len(used))
	for r := range used {
		codes = append(codes, int(r))
	}
	sort.Ints(codes)
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
	b.WriteString("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
	b.WriteString("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(codes) > 0 {
		k := min(len(codes), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", k)
		for _, c := range codes[:k] {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", c, c)
		}
		b.WriteString("endbfchar\n")
		codes = codes[k:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}

// pdfWriter lays out numbered objects and the cross-reference table.
type pdfWriter struct {
	buf     bytes.Buffer
	offsets map[int]int
}

func newPDFWriter() *pdfWriter {
	w := &pdfWriter{offsets: map[int]int{}}
	w.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	return w
}

func (w *pdfWriter) obj(id int, body string) {
	w.offsets[id] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", id, body)
}

// stream writes a stream object; dict holds extra entries.
func (w *pdfWriter) stream(id int, dict string, data []byte) {
	w.offsets[id] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< /Length %d %s>>\nstream\n", id, len(data), dict)
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// finish writes the xref table and trailer; extra goes into the trailer.
func (w *pdfWriter) finish(root int, extra string) []byte {
	max := 0
	for id := range w.offsets {
		max = maxInt(max, id)
	}
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", max+1)
	for id := 1; id <= max; id++ {
		if off, ok := w.offsets[id]; ok {
			fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
		} else {
			w.buf.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", max+1, root, extra, xref)
	return w.buf.Bytes()
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// ImageOnlyPDF is a one-page PDF whose page is a picture and has no text
// layer, as a scanned report is.
func ImageOnlyPDF() []byte {
	w := newPDFWriter()
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>")
	w.stream(4, "", []byte("q 400 0 0 500 98 200 cm /Im1 Do Q"))
	img := make([]byte, 64*64)
	for i := range img {
		img[i] = byte((i*7 + i/64*13) % 256)
	}
	w.stream(5, "/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 ", img)
	return w.finish(1, "")
}

// EncryptedPDF is a PDF protected by a user password that is not empty, so
// it cannot be opened without it.
func EncryptedPDF() []byte {
	w := newPDFWriter()
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
	w.stream(4, "", []byte("q Q"))
	o := strings.Repeat("3A", 32)
	u := strings.Repeat("C5", 32)
	w.obj(5, fmt.Sprintf("<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>", o, u))
	return w.finish(1, "/Encrypt 5 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>] ")
}
