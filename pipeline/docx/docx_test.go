package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"ogi/internal/docwriter"
	"ogi/pipeline/doc"
)

const (
	L = docwriter.SpanLeft
	U = docwriter.SpanUp
)

func rowTexts(r doc.Row) string {
	var s []string
	for _, c := range r.Cells {
		t := c.Text
		if c.Span {
			t = "^" + t
		}
		s = append(s, t)
	}
	return strings.Join(s, "|")
}

func TestReadExpandsMergedCells(t *testing.T) {
	tbl := [][]string{
		{"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", L, L, "申请人情况", L, L, L, L, L, L},
		{U, L, L, "自然人", "法人或其他组织", L, L, L, L, "总计"},
		{U, L, L, U, "商业\n企业", "科研机构", "社会公益组织", "法律服务机构", "其他", U},
		{"三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "2", "0", "0", "0", "0", "0", "2"},
		{U, U, "2.其他法律行政法规禁止公开", "30", "1", "", "0", "0", "0", "31"},
	}
	data, err := docwriter.DOCX("某县2023年政府信息公开工作年度报告", []string{"一、总体情况", "全年主动公开政府信息 1136 条。"}, [][][]string{tbl})
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "某县2023年政府信息公开工作年度报告" {
		t.Errorf("title %q", d.Title)
	}
	want := []string{
		"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|^（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|^（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|申请人情况|^申请人情况|^申请人情况|^申请人情况|^申请人情况|^申请人情况|^申请人情况",
		"^（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|^（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|^（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|自然人|法人或其他组织|^法人或其他组织|^法人或其他组织|^法人或其他组织|^法人或其他组织|总计",
		"^（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|^（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|^（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）|^自然人|商业 企业|科研机构|社会公益组织|法律服务机构|其他|^总计",
		"三、本年度办理结果|（三）不予公开|1.属于国家秘密|2|0|0|0|0|0|2",
		"^三、本年度办理结果|^（三）不予公开|2.其他法律行政法规禁止公开|30|1||0|0|0|31",
	}
	if len(d.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(d.Rows), len(want))
	}
	for i, r := range d.Rows {
		if got := rowTexts(r); got != want[i] {
			t.Errorf("row %d:\n got %s\nwant %s", i+1, got, want[i])
		}
		if r.Table != 1 || r.Locator == "" {
			t.Errorf("row %d: table %d locator %q", i+1, r.Table, r.Locator)
		}
	}
	if loc := d.Rows[4].Cells[9].Locator; loc != "table 1 row 5 col 10" {
		t.Errorf("locator %q", loc)
	}
	for _, s := range []string{"一、总体情况", "全年主动公开政府信息 1136 条。", "属于国家秘密"} {
		if !strings.Contains(d.Text, s) {
			t.Errorf("text lacks %q", s)
		}
	}
}

func TestReadNestedTables(t *testing.T) {
	blocks := []docwriter.Block{
		{Para: "二、主动公开政府信息情况"},
		{Table: [][]string{{"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"}, {"规章", "1", "0", "11"}}},
		{Para: "四、政府信息公开行政复议、行政诉讼情况"},
		{Table: [][]string{{"行政复议", L, "行政诉讼"}, {"维持", "纠正", "总计"}, {"3", "1", "4"}}},
	}
	data, err := docwriter.DOCXBlocks("报告", blocks, true)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	tables := map[int]bool{}
	for _, r := range d.Rows {
		got = append(got, rowTexts(r))
		tables[r.Table] = true
	}
	joined := strings.Join(got, "\n")
	for _, w := range []string{"规章|1|0|11", "行政复议|^行政复议|行政诉讼", "3|1|4"} {
		if !strings.Contains(joined, w) {
			t.Errorf("rows lack %q:\n%s", w, joined)
		}
	}
	if len(tables) != 3 {
		t.Errorf("tables %v, want the outer and two nested", tables)
	}
	// the outer layout cell does not swallow the nested tables' text
	for _, r := range d.Rows {
		if r.Table == 1 && strings.Contains(rowTexts(r), "规章") {
			t.Errorf("outer row holds nested text: %s", rowTexts(r))
		}
	}
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadBadInput(t *testing.T) {
	bomb := zipOf(t, map[string][]byte{"word/document.xml": bytes.Repeat([]byte("<w:p/>"), 4<<20)}) // 24 MiB of XML
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes compressed", len(bomb))
	}
	good, _ := docwriter.DOCX("t", []string{"p"}, nil)
	cases := []struct {
		name string
		data []byte
		opt  Options
		want error
	}{
		{"zip bomb", bomb, Options{MaxXML: 1 << 20}, ErrTooLarge},
		{"input too large", good, Options{MaxInput: 100}, ErrTooLarge},
		{"not a zip", []byte("{\\rtf1 hello}"), Options{}, ErrNotDOCX},
		{"OLE doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), Options{}, ErrNotDOCX},
		{"no document.xml", zipOf(t, map[string][]byte{"xl/workbook.xml": []byte("<a/>")}), Options{}, ErrNotDOCX},
		{"broken xml", zipOf(t, map[string][]byte{"word/document.xml": []byte("<w:document><w:body><w:p>")}), Options{}, ErrNotDOCX},
		{"truncated", good[:len(good)/2], Options{}, ErrNotDOCX},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.data, c.opt)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestReadSkipsDeletedTextAndCountsImages(t *testing.T) {
	xmlDoc := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
<w:p><w:r><w:t>行政</w:t></w:r><w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:r><w:t>许可</w:t></w:r></w:p>
<w:p><w:r><w:drawing/></w:r></w:p>
<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>框</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>框</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
</w:body></w:document>`
	d, err := Read(zipOf(t, map[string][]byte{"word/document.xml": []byte(xmlDoc)}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "行政许可\n框" {
		t.Errorf("text %q", d.Text)
	}
	if d.Images != 1 {
		t.Errorf("images %d", d.Images)
	}
}

// A document whose main part is not word/document.xml, in the strict
// namespace, is found through _rels/.rels.
func TestReadMainPartFromRels(t *testing.T) {
	rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`
	body := `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`
	d, err := Read(zipOf(t, map[string][]byte{"_rels/.rels": []byte(rels), "word/document2.xml": []byte(body)}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Rows) != 1 || rowTexts(d.Rows[0]) != "规章|7" {
		t.Fatalf("rows %+v", d.Rows)
	}
}

func TestReadTitleFromParagraphs(t *testing.T) {
	xmlDoc := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>某市人民政府</w:t></w:r></w:p><w:p><w:r><w:t>2023年政府信息公开工作年度报告</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>`
	core := `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Normal</dc:title></cp:coreProperties>`
	d, err := Read(zipOf(t, map[string][]byte{"word/document.xml": []byte(xmlDoc), "docProps/core.xml": []byte(core)}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "某市人民政府2023年政府信息公开工作年度报告" {
		t.Errorf("title %q", d.Title)
	}
}

// TestReadGenericTitle: a document property that only says
// 政府信息公开工作年度报告 gives way to the first heading, which names the
// agency and the year; a property that names the year stays.
func TestReadGenericTitle(t *testing.T) {
	cases := []struct{ prop, heading, want string }{
		{"政府信息公开工作年度报告", "淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府2024年政府信息公开工作年度报告"},
		{"政府信息公开工作年度报告", "沭阳县人民政府政府信息公开工作年度报告", "沭阳县人民政府政府信息公开工作年度报告"},
		{"", "某县2023年政府信息公开工作年度报告", "某县2023年政府信息公开工作年度报告"},
		{"某县2023年政府信息公开工作年度报告", "政府信息公开工作年度报告", "某县2023年政府信息公开工作年度报告"},
		{"某县2023年政府信息公开工作年度报告", "一、总体情况", "某县2023年政府信息公开工作年度报告"},
	}
	for _, c := range cases {
		data, err := docwriter.DOCXStyled(c.heading, []docwriter.Block{{Para: "一、总体情况"}}, docwriter.DOCXStyle{MetaTitle: c.prop})
		if err != nil {
			t.Fatal(err)
		}
		if c.prop == "" {
			data, err = docwriter.DOCXStyled(c.heading, nil, docwriter.DOCXStyle{MetaTitle: " "})
			if err != nil {
				t.Fatal(err)
			}
		}
		d, err := Read(data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != c.want {
			t.Errorf("property %q, heading %q: title %q, want %q", c.prop, c.heading, d.Title, c.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	good, _ := docwriter.DOCX("t", []string{"p"}, [][][]string{{{"a", L}, {U, "1"}}})
	f.Add(good)
	f.Fuzz(func(t *testing.T, data []byte) {
		// any failure is one of the two documented kinds
		if _, err := Read(data, Options{MaxXML: 1 << 20}); err != nil && !errors.Is(err, ErrNotDOCX) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error of no documented kind: %v", err)
		}
	})
}

// Merged-cell counts are attacker-chosen numbers: a huge gridBefore is
// clamped, and a document whose spans expand past the cell budget fails
// with ErrTooLarge instead of exhausting memory.
func TestReadBoundsMergedCellExpansion(t *testing.T) {
	const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	huge := zipOf(t, map[string][]byte{"word/document.xml": []byte(`<w:document ` + w + `><w:body><w:tbl><w:tr>` +
		`<w:trPr><w:gridBefore w:val="2000000000"/></w:trPr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`)})
	d, err := Read(huge, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Rows) != 1 || len(d.Rows[0].Cells) != maxGridCols+1 || d.Rows[0].Cells[maxGridCols].Text != "x" {
		t.Fatalf("gridBefore not clamped: %d rows, %d cells", len(d.Rows), len(d.Rows[0].Cells))
	}
	row := `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p/></w:tc></w:tr>`
	spans := zipOf(t, map[string][]byte{"word/document.xml": []byte(`<w:document ` + w + `><w:body><w:tbl>` +
		strings.Repeat(row, maxCells/1000+1) + `</w:tbl></w:body></w:document>`)})
	if _, err := Read(spans, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("span bomb: err = %v, want ErrTooLarge", err)
	}
}
