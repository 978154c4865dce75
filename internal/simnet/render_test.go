package simnet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"ogi/schema"
)

// grid expands a table's rowspan/colspan into a rectangle of cell texts.
func grid(tbl *goquery.Selection) [][]string {
	var out [][]string
	pending := map[[2]int]string{}
	tbl.Find("tr").Each(func(i int, tr *goquery.Selection) {
		var row []string
		col := 0
		fill := func() {
			for {
				v, ok := pending[[2]int{i, col}]
				if !ok {
					return
				}
				row = append(row, v)
				col++
			}
		}
		tr.Find("td").Each(func(_ int, td *goquery.Selection) {
			fill()
			text := strings.TrimSpace(strings.ReplaceAll(td.Text(), "\u00a0", " "))
			rs, _ := strconv.Atoi(td.AttrOr("rowspan", "1"))
			cs, _ := strconv.Atoi(td.AttrOr("colspan", "1"))
			for c := 0; c < max(cs, 1); c++ {
				row = append(row, text)
				for r := 1; r < rs; r++ {
					pending[[2]int{i + r, col}] = text
				}
				col++
			}
		})
		fill()
		out = append(out, row)
	})
	return out
}

// cellValue parses a printed cell, reporting blanks.
func cellValue(t *testing.T, s, unit string) (float64, bool) {
	t.Helper()
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	s = strings.TrimSuffix(s, unit)
	v, err := strconv.ParseFloat(strings.TrimPrefix(s, "+"), 64)
	if err != nil {
		t.Fatalf("cell %q: %v", s, err)
	}
	return v, false
}

// checkPrinted reads the three tables of a report page back and compares
// them with the expected figures.
func checkPrinted(t *testing.T, e Expected, page string, subtotals bool) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	tables := doc.Find("table")
	if tables.Length() != 3 {
		t.Fatalf("%s: %d tables", e.URL, tables.Length())
	}
	tmpl, _ := schema.Lookup(e.Template)
	check := func(what string, ref schema.Ref, s, unit string) {
		v, blank := cellValue(t, s, unit)
		if blank != e.Figures.IsBlank(ref) || v != e.Figures.Value(ref) {
			t.Errorf("%s: %s %v printed %q, expected %v (blank %v)", e.URL, what, ref, s, e.Figures.Value(ref), e.Figures.IsBlank(ref))
		}
	}
	// Table 三: after three header rows, one row per template row (and a
	// subtotal row before each group on some portals), the last seven
	// cells are the columns.
	g := grid(tables.Eq(1))
	want := expectedRows(e, tmpl, subtotals)
	if len(g) != 3+len(want) {
		t.Fatalf("%s: table 三 has %d rows, want %d", e.URL, len(g), 3+len(want))
	}
	for i, w := range want {
		row := g[3+i]
		if len(row) != 3+len(tmpl.ApplicationColumns) {
			t.Fatalf("%s: table 三 row %s has %d cells", e.URL, w.key, len(row))
		}
		for j, c := range tmpl.ApplicationColumns {
			if w.key == "" {
				if v, blank := cellValue(t, row[3+j], ""); blank || v != w.values[j] {
					t.Errorf("%s: subtotal row %d col %s printed %q, want %v", e.URL, i, c.Key, row[3+j], w.values[j])
				}
				continue
			}
			check("table 三", schema.Ref{Table: schema.TableApplications, Row: w.key, Col: c.Key}, row[3+j], "")
		}
	}
	// Table 四: the last row holds the 15 numbers.
	g = grid(tables.Eq(2))
	last := g[len(g)-1]
	for j, k := range tmpl.ReviewKeys() {
		check("table 四", schema.Ref{Table: schema.TableReview, Row: k}, last[j], "")
	}
	if e.Rendering == RenderHTMLTraditional {
		return
	}
	// Table 二: by block caption, row label and column header.
	g = grid(tables.Eq(0))
	cells := map[[3]string]string{}
	var block string
	var header []string
	for _, row := range g {
		switch {
		case row[0] == row[len(row)-1] && strings.HasPrefix(row[0], "第二十条"):
			block = row[0]
		case row[0] == "信息内容":
			header = row
		default:
			for j := 1; j < len(row); j++ {
				cells[[3]string{block, row[0], header[j]}] = row[j]
			}
		}
	}
	for _, af := range tmpl.Active {
		s, ok := cells[[3]string{af.Block, af.Row, af.Column}]
		if !ok {
			t.Errorf("%s: table 二 %s not printed", e.URL, af.Key)
			continue
		}
		check("table 二", schema.Ref{Table: schema.TableActive, Row: af.Key}, s, e.Figures.ActiveUnits[af.Key])
	}
}

func TestRenderings(t *testing.T) {
	n := start(t, Config{Seed: 5, Portals: 90})
	c := newClient(t, n, 0)
	done := map[string]int{}
	for _, e := range n.Expected() {
		key := e.Rendering + "/" + e.Encoding
		if e.Template != "" {
			key += "/" + e.Template
		}
		if done[key] >= 2 {
			continue
		}
		done[key]++
		resp, raw := c.get(e.URL)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", e.URL, resp.Status)
		}
		ctype := resp.Header.Get("Content-Type")
		switch e.Encoding {
		case EncUTF8:
			if ctype != "text/html; charset=utf-8" || !bytes.Contains(raw, []byte(`<meta charset="utf-8">`)) {
				t.Errorf("%s: utf-8 page declared %q", e.URL, ctype)
			}
		case EncGBKHeader:
			if ctype != "text/html; charset=GBK" || bytes.Contains(raw, []byte("charset=")) {
				t.Errorf("%s: gbk-header page declared %q / in body", e.URL, ctype)
			}
		case EncGBKMeta:
			if ctype != "text/html" || !bytes.Contains(raw, []byte("charset=gb2312")) {
				t.Errorf("%s: gbk-meta page declared %q", e.URL, ctype)
			}
		case EncGBKUndeclared:
			if ctype != "text/html" || bytes.Contains(raw, []byte("charset")) {
				t.Errorf("%s: undeclared page declares a charset", e.URL)
			}
		case EncGBKMislabelled:
			if ctype != "text/html; charset=utf-8" || !bytes.Contains(raw, []byte(`<meta charset="utf-8">`)) || utf8.Valid(raw) {
				t.Errorf("%s: mislabelled page: %q, valid UTF-8 %v", e.URL, ctype, utf8.Valid(raw))
			}
		}
		if e.Encoding != EncUTF8 && bytes.Contains(raw, []byte(e.Agency)) {
			t.Errorf("%s: GBK page contains UTF-8 text", e.URL)
		}
		page := decode(t, raw, "text/html; charset="+map[bool]string{true: "utf-8", false: "gbk"}[e.Encoding == EncUTF8])
		switch e.Rendering {
		case RenderHTML, RenderHTMLTraditional:
			checkPrinted(t, e, page, n.portalByCode(e.PortalCode).layout.subtotals)
			if e.Rendering == RenderHTMLTraditional && (!strings.Contains(page, "統(tǒng)計") || strings.Contains(page, "统计")) {
				t.Errorf("%s: traditional page without pinyin debris or with simplified text", e.URL)
			}
		case RenderFreeform:
			if strings.Contains(page, "<table") || !strings.Contains(page, fmt.Sprintf("%d年", e.Year)) {
				t.Errorf("%s: pre-2019 report has tables or no year", e.URL)
			}
		case RenderPDF, RenderDOCX:
			checkAttachment(t, c, e, page, n.portalByCode(e.PortalCode).layout.subtotals)
		}
	}
	for _, k := range []string{"html/utf-8/2021", "html/utf-8/2019", "html-traditional/utf-8/2021", "freeform/utf-8"} {
		if done[k] == 0 {
			t.Errorf("no %s report among 90 portals (have %v)", k, done)
		}
	}
	// Some portals print label variants; the tables still read back.
	variants := 0
	for _, e := range n.Expected() {
		if variants == 2 || e.Rendering != RenderHTML || e.Encoding != EncUTF8 || !n.portalByCode(e.PortalCode).layout.variants {
			continue
		}
		page := fetchPage(t, c, e)
		if !strings.Contains(page, "上年度结转") || strings.Contains(page, "上年结转政府") {
			t.Errorf("%s: portal with variants prints the canonical labels", e.URL)
		}
		checkPrinted(t, e, page, n.portalByCode(e.PortalCode).layout.subtotals)
		variants++
	}
	if variants == 0 {
		t.Error("no portal prints label variants")
	}
	// Some print subtotal rows; PDF and DOCX too.
	subtotals := map[string]bool{}
	for _, e := range n.Expected() {
		if e.Template == "" || subtotals[e.Rendering] || !n.portalByCode(e.PortalCode).layout.subtotals {
			continue
		}
		page := fetchPage(t, c, e)
		switch e.Rendering {
		case RenderPDF, RenderDOCX:
			checkAttachment(t, c, e, page, true)
		default:
			if !strings.Contains(page, "其中：") {
				t.Errorf("%s: no subtotal rows", e.URL)
			}
			checkPrinted(t, e, page, true)
		}
		subtotals[e.Rendering] = true
	}
	if !subtotals[RenderHTML] || !subtotals[RenderPDF] {
		t.Errorf("subtotal rows checked in %v, want html and pdf", subtotals)
	}
	gbk := 0
	for k := range done {
		if strings.Contains(k, "gbk") {
			gbk++
		}
	}
	if gbk < 2 {
		t.Errorf("too few GBK renderings: %v", done)
	}
}

var reAttach = regexp.MustCompile(`附件：<a href="([^"]+)"`)

// checkAttachment fetches the PDF or DOCX a report page links and reads
// tables 三 and 四 back from it.
func checkAttachment(t *testing.T, c *client, e Expected, page string, subtotals bool) {
	t.Helper()
	m := reAttach.FindStringSubmatch(page)
	if len(e.Attachments) != 1 || m == nil {
		t.Fatalf("%s: attachments %v, link %v", e.URL, e.Attachments, m)
	}
	if got := resolve(t, e.URL, html.UnescapeString(m[1])); got != e.Attachments[0] {
		t.Fatalf("%s: page links %s, expected %s", e.URL, got, e.Attachments[0])
	}
	resp, b := c.get(e.Attachments[0])
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", e.Attachments[0], resp.Status)
	}
	tmpl, _ := schema.Lookup(e.Template)
	var rows [][]string // table 三 value rows, then the table 四 row
	switch e.Rendering {
	case RenderPDF:
		if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s: %s is not a PDF", e.Attachments[0], ct)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Logf("pdftotext not installed: PDF text not checked")
			return
		}
		cmd := exec.Command("pdftotext", "-layout", "-", "-")
		cmd.Stdin = bytes.NewReader(b)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := string(out)
		lo := strings.Index(text, "三、收到和处理政府信息公开申请情况")
		hi := strings.Index(text, "五、存在的主要问题")
		if lo < 0 || hi < lo {
			t.Fatalf("%s: sections not found in PDF text", e.Attachments[0])
		}
		for _, line := range strings.Split(text[lo:hi], "\n") {
			f := strings.Fields(line)
			k := len(f)
			for k > 0 && isNumber(f[k-1]) {
				k--
			}
			if len(f)-k == 7 || len(f)-k == 15 {
				rows = append(rows, f[k:])
			}
		}
	case RenderDOCX:
		if !bytes.HasPrefix(b, []byte("PK")) {
			t.Fatalf("%s: not a zip", e.Attachments[0])
		}
		tables := docxTables(t, b)
		if len(tables) != 3 {
			t.Fatalf("%s: %d tables in DOCX", e.Attachments[0], len(tables))
		}
		for _, r := range tables[1][3:] {
			rows = append(rows, r[len(r)-7:])
		}
		rows = append(rows, tables[2][len(tables[2])-1])
	}
	want := expectedRows(e, tmpl, subtotals)
	if len(rows) != len(want)+1 {
		t.Fatalf("%s: %d value rows, want %d", e.Attachments[0], len(rows), len(want)+1)
	}
	for i, w := range want {
		if got := numbers(t, rows[i]); !slices.Equal(got, w.values) {
			t.Errorf("%s: table 三 row %d (%s) printed %q, want %v", e.Attachments[0], i, w.key, rows[i], w.values)
		}
	}
	review := numbers(t, rows[len(rows)-1])
	for j, k := range tmpl.ReviewKeys() {
		if want := e.Figures.ReviewLitigation[k]; j >= len(review) || review[j] != want {
			t.Errorf("%s: table 四 %s printed %q, want %v", e.Attachments[0], k, rows[len(rows)-1], want)
		}
	}
}

// numbers parses printed cells; the attachments print every cell, so a
// blank one is an error.
func numbers(t *testing.T, cells []string) []float64 {
	t.Helper()
	out := make([]float64, len(cells))
	for i, c := range cells {
		v, blank := cellValue(t, c, "")
		if blank {
			t.Errorf("blank cell %d in %q", i, cells)
		}
		out[i] = v
	}
	return out
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// docxTables reads the cell texts of every table of a DOCX.
func docxTables(t *testing.T, b []byte) [][][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	var tables [][][]string
	inText, inCell := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "tbl":
				tables = append(tables, nil)
			case "tr":
				tables[len(tables)-1] = append(tables[len(tables)-1], nil)
			case "tc":
				inCell = true
				tb := tables[len(tables)-1]
				tb[len(tb)-1] = append(tb[len(tb)-1], "")
			case "t":
				inText = true
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "t":
				inText = false
			case "tc":
				inCell = false
			}
		case xml.CharData:
			if inText && inCell {
				tb := tables[len(tables)-1]
				if len(tb) > 0 && len(tb[len(tb)-1]) > 0 {
					row := tb[len(tb)-1]
					row[len(row)-1] += string(tk)
				}
			}
		}
	}
	return tables
}

// expectedRow is one printed row of table 三: a template row, or a subtotal
// row (key "") with the sums of the group that follows. The values are
// numbers, compared with the printed cells parsed back: the test does not
// print them with the network's own formatter.
type expectedRow struct {
	key    string
	values []float64
}

func expectedRows(e Expected, tmpl *schema.Template, subtotals bool) []expectedRow {
	var out []expectedRow
	seen := map[string]bool{}
	for _, r := range tmpl.ApplicationRows {
		if subtotals && r.Group != "" && !seen[r.Group] {
			seen[r.Group] = true
			var vals []float64
			for _, c := range tmpl.ApplicationColumns {
				var sum float64
				for _, gr := range tmpl.ApplicationRows {
					if gr.Group == r.Group {
						sum += e.Figures.Applications[gr.Key][c.Key]
					}
				}
				vals = append(vals, sum)
			}
			out = append(out, expectedRow{values: vals})
		}
		var vals []float64
		for _, c := range tmpl.ApplicationColumns {
			vals = append(vals, e.Figures.Applications[r.Key][c.Key])
		}
		out = append(out, expectedRow{key: r.Key, values: vals})
	}
	return out
}

// fetchPage fetches a report page and decodes it by the encoding the
// network says it has (undeclared GBK defeats sniffing).
func fetchPage(t *testing.T, c *client, e Expected) string {
	t.Helper()
	resp, raw := c.get(e.URL)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", e.URL, resp.Status)
	}
	if e.Encoding == EncUTF8 {
		return decode(t, raw, "text/html; charset=utf-8")
	}
	return decode(t, raw, "text/html; charset=gbk")
}
