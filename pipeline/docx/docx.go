// Package docx reads a report published as a Word (OOXML) attachment with
// archive/zip and encoding/xml: paragraphs become the document text and
// every w:tbl becomes table rows, expanded to a grid (gridSpan and vMerge
// copied into every covered cell and marked Span). Nested tables come out as
// tables of their own. Sizes are capped so that a zip bomb fails cleanly.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"ogi/pipeline/doc"
)

// Errors, wrapped with detail; test them with errors.Is.
var (
	// ErrNotDOCX: not a zip archive with a word/document.xml, or broken XML.
	ErrNotDOCX = errors.New("not a readable DOCX file")
	// ErrTooLarge: the input or its uncompressed XML is over the limits.
	ErrTooLarge = errors.New("DOCX too large")
)

// Options bounds the reader. The zero value uses the defaults.
type Options struct {
	MaxInput int   // bytes of DOCX accepted; 0 means 64 MiB
	MaxXML   int64 // uncompressed bytes of word/document.xml; 0 means 64 MiB
}

// Read reads a DOCX file into a Document. Tables are numbered in the order
// they start; row locators say "table T row R", cell locators "… col C".
func Read(data []byte, opt Options) (doc.Document, error) {
	if opt.MaxInput <= 0 {
		opt.MaxInput = 64 << 20
	}
	if opt.MaxXML <= 0 {
		opt.MaxXML = 64 << 20
	}
	if len(data) > opt.MaxInput {
		return doc.Document{}, fmt.Errorf("%d bytes, limit %d: %w", len(data), opt.MaxInput, ErrTooLarge)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return doc.Document{}, fmt.Errorf("open zip: %v: %w", err, ErrNotDOCX)
	}
	name := mainPart(zr)
	body, err := readPart(zr, name, opt.MaxXML)
	if err != nil {
		return doc.Document{}, err
	}
	if body == nil {
		return doc.Document{}, fmt.Errorf("no %s in the archive: %w", name, ErrNotDOCX)
	}
	d, err := parse(body)
	if err != nil {
		return doc.Document{}, err
	}
	if core, err := readPart(zr, "docProps/core.xml", 1<<20); err == nil && core != nil {
		d.Title = coreTitle(core)
	}
	if h := headingTitle(d.Text); h != "" && doc.GenericTitle(d.Title, h) {
		// the document property is often empty or a template's name
		// (政府信息公开工作年度报告): the first heading names the report
		d.Title = h
	}
	return d, nil
}

// headingTitle returns the first paragraphs of the text up to the one that
// names a report (a title printed over two lines is joined), or "".
func headingTitle(text string) string {
	lines := strings.SplitN(text, "\n", 5)
	if len(lines) > 4 {
		lines = lines[:4]
	}
	var parts []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		parts = append(parts, l)
		if strings.Contains(l, "报告") || strings.Contains(l, "報告") {
			return strings.Join(parts, "")
		}
	}
	return ""
}

// readPart reads one archive member, refusing more than max bytes whatever
// the header claims. A missing member gives nil, nil.
func readPart(zr *zip.Reader, name string, max int64) ([]byte, error) {
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		if f.UncompressedSize64 > uint64(max) {
			return nil, fmt.Errorf("%s: %d bytes uncompressed, limit %d: %w", name, f.UncompressedSize64, max, ErrTooLarge)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("open %s: %v: %w", name, err, ErrNotDOCX)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, max+1))
		if err != nil {
			return nil, fmt.Errorf("read %s: %v: %w", name, err, ErrNotDOCX)
		}
		if int64(len(b)) > max {
			return nil, fmt.Errorf("%s: more than %d bytes uncompressed: %w", name, max, ErrTooLarge)
		}
		return b, nil
	}
	return nil, nil
}

// mainPart names the document part: the officeDocument target of
// _rels/.rels, word/document.xml when that cannot be read.
func mainPart(zr *zip.Reader) string {
	const def = "word/document.xml"
	rels, err := readPart(zr, "_rels/.rels", 1<<20)
	if err != nil || rels == nil {
		return def
	}
	var r struct {
		Rels []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(rels, &r) != nil {
		return def
	}
	for _, rel := range r.Rels {
		if strings.HasSuffix(rel.Type, "/officeDocument") && rel.Target != "" {
			return strings.TrimPrefix(path.Clean("/"+rel.Target), "/")
		}
	}
	return def
}

func coreTitle(core []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(core))
	in := false
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "title"
		case xml.EndElement:
			if in {
				return strings.TrimSpace(b.String())
			}
		case xml.CharData:
			if in {
				b.Write(t)
			}
		}
	}
	return ""
}

// The WordprocessingML namespaces: transitional (what Word writes) and
// strict ISO 29500.
const (
	wordNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wordStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

func isWord(space string) bool { return space == wordNS || space == wordStrictNS || space == "" }

type rawCell struct {
	paras  []string
	span   int
	vmerge string // "", "restart" or "continue"
}

type tbl struct {
	id       int
	rows     int
	prev     []doc.Cell // the previous expanded row, for vMerge
	cur      []rawCell
	before   int // w:gridBefore of the current row
	inCell   bool
	cellPara []string
}

type parser struct {
	d      doc.Document
	tables []*tbl
	nTbl   int
	lines  []string
	cells  int   // grid cells produced so far, against maxCells
	err    error // set when a bound is passed
}

// Bounds on the grid that merged cells expand to. A few bytes of XML
// (gridBefore or gridSpan with a large value) would otherwise expand into
// millions of cells: a memory bomb inside a small compressed file. Real
// report tables are a few hundred rows of under twenty columns.
const (
	maxGridCols = 1000    // w:gridBefore and w:gridSpan are clamped to this
	maxCells    = 500_000 // grid cells in the whole document
)

// parse walks document.xml token by token.
func parse(body []byte) (doc.Document, error) {
	p := &parser{}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	var para *strings.Builder // the paragraph being read, nil outside one
	inT := false              // inside w:t
	skip := 0                 // depth inside a skipped subtree
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return doc.Document{}, fmt.Errorf("word/document.xml: %v: %w", err, ErrNotDOCX)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			name := t.Name.Local
			if !isWord(t.Name.Space) {
				switch name {
				case "Fallback": // mc:Fallback repeats mc:Choice
					skip = 1
				case "imagedata":
					p.d.Images++
				}
				continue
			}
			switch name {
			case "del", "delText", "instrText", "moveFrom":
				skip = 1
			case "p":
				para = &strings.Builder{}
			case "t":
				inT = true
			case "tab":
				if para != nil {
					para.WriteString(" ")
				}
			case "br", "cr":
				if para != nil {
					para.WriteString("\n")
				}
			case "drawing", "pict":
				p.d.Images++
			case "tbl":
				p.nTbl++
				p.tables = append(p.tables, &tbl{id: p.nTbl})
			case "tr":
				if tb := p.top(); tb != nil {
					tb.cur, tb.before = nil, 0
				}
			case "gridBefore":
				if tb := p.top(); tb != nil {
					tb.before = max(0, min(atoi(attr(t, "val"), 0), maxGridCols))
				}
			case "tc":
				if tb := p.top(); tb != nil {
					tb.cur = append(tb.cur, rawCell{span: 1})
					tb.inCell = true
				}
			case "gridSpan":
				if c := p.cell(); c != nil {
					c.span = max(1, min(atoi(attr(t, "val"), 1), maxGridCols))
				}
			case "vMerge":
				if c := p.cell(); c != nil {
					if v := attr(t, "val"); v == "restart" {
						c.vmerge = "restart"
					} else {
						c.vmerge = "continue"
					}
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if !isWord(t.Name.Space) {
				continue
			}
			switch t.Name.Local {
			case "t":
				inT = false
			case "p":
				if para == nil {
					continue
				}
				text := para.String()
				para = nil
				for _, l := range strings.Split(text, "\n") {
					if s := strings.TrimSpace(l); s != "" {
						p.lines = append(p.lines, s)
					}
				}
				if c := p.cell(); c != nil {
					c.paras = append(c.paras, text)
				}
			case "tc":
				if tb := p.top(); tb != nil {
					tb.inCell = false
				}
			case "tr":
				p.endRow()
				if p.err != nil {
					return doc.Document{}, p.err
				}
			case "tbl":
				if n := len(p.tables); n > 0 {
					p.tables = p.tables[:n-1]
				}
			}
		case xml.CharData:
			if skip == 0 && inT && para != nil {
				para.Write(t)
			}
		}
	}
	p.d.Text = strings.Join(p.lines, "\n")
	return p.d, nil
}

func (p *parser) top() *tbl {
	if n := len(p.tables); n > 0 {
		return p.tables[n-1]
	}
	return nil
}

// cell is the cell being read in the innermost table, if any. A paragraph
// of a nested table belongs to the nested table's cell only.
func (p *parser) cell() *rawCell {
	tb := p.top()
	if tb == nil || !tb.inCell || len(tb.cur) == 0 {
		return nil
	}
	return &tb.cur[len(tb.cur)-1]
}

// endRow expands the current row of the innermost table into grid cells.
func (p *parser) endRow() {
	tb := p.top()
	if tb == nil {
		return
	}
	tb.rows++
	loc := fmt.Sprintf("table %d row %d", tb.id, tb.rows)
	var cells []doc.Cell
	for i := 0; i < tb.before; i++ {
		cells = append(cells, doc.Cell{})
	}
	for _, rc := range tb.cur {
		col := len(cells)
		var c doc.Cell
		if rc.vmerge == "continue" && col < len(tb.prev) {
			c = doc.Cell{Text: tb.prev[col].Text, Span: true}
		} else {
			c = doc.Cell{Text: fold(strings.Join(rc.paras, " "))}
		}
		cells = append(cells, c)
		for k := 1; k < rc.span; k++ {
			cells = append(cells, doc.Cell{Text: c.Text, Span: true})
		}
	}
	for i := range cells {
		cells[i].Locator = fmt.Sprintf("%s col %d", loc, i+1)
	}
	tb.prev = cells
	tb.cur = nil
	if p.cells += len(cells); p.cells > maxCells {
		p.err = fmt.Errorf("more than %d table cells once merged cells are expanded: %w", maxCells, ErrTooLarge)
		return
	}
	p.d.Rows = append(p.d.Rows, doc.Row{Cells: cells, Table: tb.id, Locator: loc})
}

// fold trims and folds inner white space to single spaces.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func atoi(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}
