package docwriter

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// textWidth is the width of an A4 page between margins, in twentieths of
// a point (the unit of w:gridCol).
const textWidth = 9000

// Merge markers for table cells given to DOCX and ReportPDF.
const (
	// SpanLeft marks a cell covered by the cell to its left (gridSpan).
	SpanLeft = "<<"
	// SpanUp marks a cell covered by the cell above it (vMerge).
	SpanUp = "^^"
)

// Block is one paragraph or one table of a document, in reading order.
type Block struct {
	Para  string     // a paragraph, when Table is nil
	Table [][]string // rows of cells; "\n" in a cell starts a new paragraph
}

// DOCX writes a Word document: the title as the first paragraph and as the
// document property, then the paragraphs, then the tables. Cells may be
// SpanLeft or SpanUp to merge them with a neighbour; every text is written
// in runs of at most three characters, as Word splits them after edits.
func DOCX(title string, paragraphs []string, tables [][][]string) ([]byte, error) {
	var blocks []Block
	for _, p := range paragraphs {
		blocks = append(blocks, Block{Para: p})
	}
	for _, t := range tables {
		blocks = append(blocks, Block{Table: t})
	}
	return DOCXBlocks(title, blocks, false)
}

// DOCXBlocks writes blocks in order. With nested set, everything after the
// title is put inside the single cell of an outer layout table, as some
// portals' Word templates do.
func DOCXBlocks(title string, blocks []Block, nested bool) ([]byte, error) {
	return DOCXStyled(title, blocks, DOCXStyle{Nested: nested})
}

// DOCXStyle varies how DOCXStyled writes a document.
type DOCXStyle struct {
	// Nested puts everything after the title inside the single cell of an
	// outer layout table.
	Nested bool
	// Center centres every table cell vertically, as most report
	// templates do: printed, a wrapped label then has its numbers on its
	// middle line.
	Center bool
	// MetaTitle is the document property title when it differs from the
	// first paragraph (a template's generic name); "" writes the title.
	MetaTitle string
	// Template sets the column widths as report templates do: the
	// columns holding numbers share two thirds of the width equally,
	// the label columns the rest; otherwise widths follow the texts.
	Template bool
}

// DOCXStyled is DOCXBlocks with a style.
func DOCXStyled(title string, blocks []Block, st DOCXStyle) ([]byte, error) {
	nested := st.Nested
	var body strings.Builder
	body.WriteString(para(title))
	var inner strings.Builder
	for i, b := range blocks {
		if b.Table == nil {
			inner.WriteString(para(b.Para))
			continue
		}
		t, err := table(b.Table, st.Center, st.Template)
		if err != nil {
			return nil, fmt.Errorf("table %d: %w", i+1, err)
		}
		inner.WriteString(t)
		inner.WriteString(para("")) // Word needs a paragraph between tables
	}
	if nested {
		body.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/></w:tcPr>`)
		body.WriteString(inner.String())
		body.WriteString(para("") + `</w:tc></w:tr></w:tbl>`)
	} else {
		body.WriteString(inner.String())
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
		body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` +
		esc(cmp.Or(st.MetaTitle, title)) + `</dc:title></cp:coreProperties>`
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`},
		{"word/document.xml", doc},
		{"docProps/core.xml", core},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stamp := time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.name, err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return buf.Bytes(), nil
}

// templateWidths gives the columns that hold numbers two thirds of the
// text width, equally, and the other columns the rest, equally; a table of
// numbers only (table 四) gets equal columns.
func templateWidths(rows [][]string, width []int) {
	numeric := make([]bool, len(width))
	n := 0
	for c := range width {
		for _, r := range rows {
			if c < len(r) {
				if _, err := strconv.ParseFloat(r[c], 64); err == nil {
					numeric[c] = true
				}
			}
		}
		if numeric[c] {
			n++
		}
	}
	if n == 0 {
		return
	}
	if n == len(width) {
		for c := range width {
			width[c] = textWidth / n
		}
		return
	}
	for c := range width {
		if numeric[c] {
			width[c] = textWidth * 2 / 3 / n
		} else {
			width[c] = textWidth / 3 / (len(width) - n)
		}
	}
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// para writes a paragraph in runs of at most three characters.
func para(s string) string { return paraSize(s, 21) }

// paraSize writes a paragraph in type of sz half-points.
func paraSize(s string, sz int) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	rs := []rune(s)
	for i := 0; i < len(rs); i += 3 {
		j := min(i+3, len(rs))
		fmt.Fprintf(&b, `<w:r><w:rPr><w:sz w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, sz, esc(string(rs[i:j])))
	}
	b.WriteString("</w:p>")
	return b.String()
}

func table(rows [][]string, center, template bool) (string, error) {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	at := func(r, c int) string {
		if r < 0 || r >= len(rows) || c >= len(rows[r]) {
			return ""
		}
		return rows[r][c]
	}
	// column widths follow their longest unmerged text (a label column
	// wider than a number column), scaled to the text width of the page
	weight := make([]int, cols)
	total := 0
	for c := 0; c < cols; c++ {
		numbers, text := 0, 0
		for r := range rows {
			t := at(r, c)
			if t == SpanLeft || t == SpanUp || at(r, c+1) == SpanLeft {
				continue
			}
			for _, p := range strings.Split(t, "\n") {
				if _, err := strconv.ParseFloat(p, 64); err == nil {
					numbers = max(numbers, len(p))
				} else {
					text = max(text, DisplayWidth(p))
				}
			}
		}
		if numbers > 0 {
			weight[c] = max(numbers+3, min(text, 6))
		} else {
			weight[c] = max(4, min(text, 16))
		}
		total += weight[c]
	}
	width := make([]int, cols)
	for c := range width {
		width[c] = textWidth * weight[c] / total
	}
	if template {
		templateWidths(rows, width)
	}
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>`)
	for c := 0; c < cols; c++ {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, width[c])
	}
	b.WriteString(`</w:tblGrid>`)
	for ri := range rows {
		b.WriteString("<w:tr>")
		for c := 0; c < cols; {
			txt := at(ri, c)
			if txt == SpanLeft {
				return "", fmt.Errorf("row %d col %d: %s with no cell to its left", ri+1, c+1, SpanLeft)
			}
			span := 1
			for c+span < cols && at(ri, c+span) == SpanLeft {
				span++
			}
			b.WriteString("<w:tc><w:tcPr>")
			w := 0
			for k := c; k < c+span; k++ {
				w += width[k]
			}
			fmt.Fprintf(&b, `<w:tcW w:w="%d" w:type="dxa"/>`, w)
			if span > 1 {
				fmt.Fprintf(&b, `<w:gridSpan w:val="%d"/>`, span)
			}
			switch {
			case txt == SpanUp:
				if ri == 0 {
					return "", fmt.Errorf("row 1 col %d: %s in the first row", c+1, SpanUp)
				}
				b.WriteString(`<w:vMerge/>`)
			case at(ri+1, c) == SpanUp:
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			}
			if center {
				b.WriteString(`<w:vAlign w:val="center"/>`)
			}
			b.WriteString("</w:tcPr>")
			if txt == SpanUp {
				txt = ""
			}
			for _, p := range strings.Split(txt, "\n") {
				if template {
					b.WriteString(paraSize(p, 18)) // 9 pt, as templates set their tables
				} else {
					b.WriteString(para(p))
				}
			}
			b.WriteString("</w:tc>")
			c += span
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String(), nil
}
