package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ogi/pipeline/report"
)

// want is the hand-made truth of a fixture (testdata/*.want.json).
type want struct {
	Year             int                           `json:"year"`
	Template         string                        `json:"template"`
	Active           map[string]any                `json:"active"`
	Applications     map[string]map[string]float64 `json:"applications"`
	ReviewLitigation map[string]float64            `json:"review_litigation"`
	BlankCells       []string                      `json:"blank_cells"`
}

func extractFile(t *testing.T, name string) report.Report {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Report(context.Background(), f, Meta{Source: name, Name: name})
	if err != nil {
		t.Fatalf("Report(%s): %v", name, err)
	}
	return rep
}

func loadWant(t *testing.T, stem string) want {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", stem+".want.json"))
	if err != nil {
		t.Fatal(err)
	}
	var w want
	if err := json.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	return w
}

func checkValue(t *testing.T, where string, got report.Value, ok bool, want float64, blank bool) {
	t.Helper()
	switch {
	case !ok:
		t.Errorf("%s: missing", where)
	case blank && !got.Blank:
		t.Errorf("%s: got %v, want blank (null)", where, got.Num)
	case !blank && got.Blank:
		t.Errorf("%s: got blank, want %v", where, want)
	case !blank && math.Abs(got.Num-want) > 1e-9:
		t.Errorf("%s: got %v (raw %q at %s), want %v", where, got.Num, got.Raw, got.Locator, want)
	}
}

// TestRenderings extracts one report per rendering and compares every
// cell with the fixture's truth; every hard identity must hold.
func TestRenderings(t *testing.T) {
	cases := []struct {
		file, stem, kind string
	}{
		{"word-2021.html", "word-2021", KindHTML},                     // Word-pasted HTML, chrome, nested layout tables, spans
		{"gbk-2021.html", "gbk-2021", KindHTML},                       // GB2312 page, 法人 subtotal column, subtotal rows
		{"mirror-2024.txt", "mirror-2024", KindText},                  // traditional + pinyin, "|" rows, labels missing
		{"crawler-2024.page.txt", "crawler-2024", KindText},           // crawler text, cells run together
		{"markdown-2020.md", "markdown-2020", KindText},               // 2019 template as markdown, signed changes, 万元
		{"layout-2023.pdftotext-layout.txt", "layout-2023", KindText}, // pdftotext -layout, （六） one row
		{"cells-2024.txt", "cells-2024", KindText},                    // one cell per line, 小计 column and subtotal rows
	}
	// Layout variants of real portals (testdata/v-*.html): <th>/<thead>,
	// table 三 head apart from its body, 序号 columns, thousands
	// separators, full-width digits, 件 units, notes rows, 合计, table 四
	// in rows or transposed, WPS/Word markup, page chrome tables, a
	// summary copy of table 三, rows out of order.
	variants, err := filepath.Glob(filepath.Join("testdata", "v*-*.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(variants) < 8 {
		t.Fatalf("only %d variant fixtures", len(variants))
	}
	for _, v := range variants {
		base := filepath.Base(v)
		cases = append(cases, struct{ file, stem, kind string }{base, strings.TrimSuffix(base, ".html"), KindHTML})
	}
	// Tables copied from a browser: one row a line, cells split by tabs.
	texts, err := filepath.Glob(filepath.Join("testdata", "v*-*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range texts {
		base := filepath.Base(v)
		cases = append(cases, struct{ file, stem, kind string }{base, strings.TrimSuffix(base, ".txt"), KindText})
	}
	for _, c := range cases {
		t.Run(c.stem, func(t *testing.T) {
			checkRendering(t, extractFile(t, c.file), loadWant(t, c.stem), c.kind)
		})
	}
}

// checkRendering compares rep with the truth w cell for cell; every
// hard identity must hold.
func checkRendering(t *testing.T, rep report.Report, w want, kind string) {
	t.Helper()
	if rep.Status != report.StatusOK {
		t.Fatalf("status %s %s: %s", rep.Status, rep.Reason, rep.Detail)
	}
	if rep.ContentType != kind {
		t.Errorf("content type %q, want %q", rep.ContentType, kind)
	}
	if rep.Year != w.Year || rep.Template != w.Template {
		t.Errorf("year/template %d/%s, want %d/%s", rep.Year, rep.Template, w.Year, w.Template)
	}
	if rep.ExtractorVersion != Version || len(rep.SHA256) != 64 {
		t.Errorf("version %q sha %q", rep.ExtractorVersion, rep.SHA256)
	}
	blank := map[string]bool{}
	for _, b := range w.BlankCells {
		blank[b] = true
	}
	for rk, row := range w.Applications {
		for ck, v := range row {
			got, ok := rep.Applications[rk][ck]
			checkValue(t, rk+"."+ck, got, ok, v, blank[rk+"."+ck])
		}
	}
	if len(rep.Applications) != len(w.Applications) {
		t.Errorf("%d table 三 rows, want %d", len(rep.Applications), len(w.Applications))
	}
	for k, v := range w.ReviewLitigation {
		got, ok := rep.ReviewLitigation[k]
		checkValue(t, k, got, ok, v, blank[k])
	}
	for k, v := range w.Active {
		if strings.HasSuffix(k, "_unit") {
			if rep.ActiveUnits[strings.TrimSuffix(k, "_unit")] != v {
				t.Errorf("%s: got %q, want %q", k, rep.ActiveUnits[strings.TrimSuffix(k, "_unit")], v)
			}
			continue
		}
		got, ok := rep.Active[k]
		checkValue(t, k, got, ok, v.(float64), blank[k])
	}
	hard := 0
	for _, ch := range rep.Checks {
		if ch.Severity == "hard" {
			hard++
		}
		if !ch.OK {
			t.Errorf("check %s failed: %+v", ch.ID, ch)
		}
	}
	if hard < 40 {
		t.Errorf("only %d hard checks evaluated", hard)
	}
	// The JSON contract: one object, blanks null, every cell.
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back["cells"].([]any)) != len(rep.Cells()) {
		t.Errorf("cells not marshalled")
	}
}

// TestShapeFailures: a table 三 whose header names six columns (no
// 科研机构) is read under its headings, the missing column null and not
// printed, the report partial; six numbers under seven printed headings
// fail with TABLE_SHAPE instead of being placed by guess.
func TestShapeFailures(t *testing.T) {
	rep := extractFile(t, "bad-sixcols-2023.html")
	if rep.Status != report.StatusPartial || rep.Reason != report.ReasonIncomplete {
		t.Fatalf("six-column table 三: %s %s (%s), want partial", rep.Status, rep.Reason, rep.Detail)
	}
	// （七）总计 is printed 360 | 21 | 0 | 6 | 3 | 393 under 自然人, 商业企业,
	// 社会公益组织, 法律服务机构, 其他, 总计
	want := map[string]float64{"natural_person": 360, "commercial": 21, "social_org": 0, "legal_service": 6, "other_org": 3, "total": 393}
	for c, v := range want {
		if got := rep.Applications["total_processed"][c]; got.Null() || got.Num != v {
			t.Errorf("total_processed.%s = %+v, want %v", c, got, v)
		}
	}
	if v := rep.Applications["total_processed"]["research"]; !v.Blank || v.Locator != "not printed" {
		t.Errorf("research column not printed, read as %+v", v)
	}
	if !strings.Contains(rep.Detail, "column research") {
		t.Errorf("detail does not name the missing column: %q", rep.Detail)
	}
	for _, c := range rep.Checks {
		if c.ID == "t3_rowsum_total_processed" && (c.OK || !strings.Contains(c.Detail, "not checkable")) {
			t.Errorf("row sum without 科研机构: %+v", c)
		}
		if c.ID == "t3_balance_commercial" && strings.Contains(c.Detail, "not checkable") {
			t.Errorf("balance of a printed column not checked: %+v", c)
		}
	}
	// Seven headings over six numbers: which one is missing cannot be
	// proven, so table 三 is not read at all; table 二, read, is kept.
	b, err := os.ReadFile(filepath.Join("testdata", "bad-sixcols-2023.html"))
	if err != nil {
		t.Fatal(err)
	}
	seven := strings.Replace(string(b), "<td>商业企业</td>", "<td>商业企业</td><td>科研机构</td>", 1)
	seven = strings.Replace(seven, `<td colspan="5">法人或其他组织</td>`, `<td colspan="6">法人或其他组织</td>`, 1)
	rep, err = Report(context.Background(), strings.NewReader(seven), Meta{Source: "seven.html", Name: "seven.html"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != report.StatusPartial || rep.Applications != nil {
		t.Fatalf("six numbers under seven headings: %s %s (%s), want partial without table 三", rep.Status, rep.Reason, rep.Detail)
	}
	if v := rep.Active["licensing_decisions"]; v.Null() || v.Num != 15342 {
		t.Errorf("table 二 lost: %+v", v)
	}
	if !strings.Contains(rep.Detail, "7 columns") {
		t.Errorf("detail does not say why: %q", rep.Detail)
	}
	// Without a table 二 to keep, the same shape fails.
	i, j := strings.Index(seven, "<table"), strings.Index(seven, "三、收到")
	rep, err = Report(context.Background(), strings.NewReader(seven[:i]+seven[j:]), Meta{Source: "seven.html", Name: "seven.html"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != report.StatusFailed || rep.Reason != report.ReasonTableShape || rep.Applications != nil {
		t.Fatalf("six numbers under seven headings, no table 二: %s %s (%s), want failed %s", rep.Status, rep.Reason, rep.Detail, report.ReasonTableShape)
	}

	// A few rows short of a value (8 of 25) leave the table readable:
	// those rows are null and named in the detail, the others stay.
	b, err = os.ReadFile(filepath.Join("testdata", "v-tabs-2024.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if strings.Contains(l, "属于") {
			lines[i] = l[:strings.LastIndexByte(l, '\t')]
		}
	}
	rep, err = Report(context.Background(), strings.NewReader(strings.Join(lines, "\n")), Meta{Source: "short.txt", Name: "short.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != report.StatusOK {
		t.Fatalf("8 short rows: %s %s (%s), want ok", rep.Status, rep.Reason, rep.Detail)
	}
	if v := rep.Applications["denied_state_secret"]["total"]; !v.Blank {
		t.Errorf("short row read as %+v", v)
	}
	if v := rep.Applications["granted"]["total"]; v.Blank || v.Num == 0 {
		t.Errorf("whole row lost: %+v", v)
	}
	if !strings.Contains(rep.Detail, "denied_state_secret") {
		t.Errorf("detail does not name the short rows: %q", rep.Detail)
	}
}

// TestPositionalRows checks that rows whose labels are missing in the
// mirror text are placed by position and say so.
func TestPositionalRows(t *testing.T) {
	rep := extractFile(t, "mirror-2024.txt")
	for _, rk := range []string{"new_received", "denied_third_party", "unable_unclear", "not_processed_repeat"} {
		if v := rep.Applications[rk]["total"]; !v.Positional {
			t.Errorf("%s: not marked positional (%+v)", rk, v)
		}
	}
	if v := rep.Applications["granted"]["total"]; v.Positional {
		t.Errorf("granted has its label but is marked positional")
	}
	if v := rep.Applications["granted"]["natural_person"]; !strings.HasPrefix(v.Locator, "line ") || v.Raw != "40" {
		t.Errorf("granted natural_person provenance: %+v", v)
	}
}

func TestSkipped(t *testing.T) {
	for file, reason := range map[string]report.Reason{
		"old-2017.html":   report.ReasonPre2019,
		"listing.html":    report.ReasonNotAReport,
		"image-2022.html": report.ReasonNoTables,
		// The national format, its tables printed empty, posted in a
		// report column: no report, not a report whose tables are lost.
		"format-notice.html": report.ReasonNotAReport,
	} {
		rep := extractFile(t, file)
		if rep.Status != report.StatusSkipped || rep.Reason != reason {
			t.Errorf("%s: %s %s (%s), want skipped %s", file, rep.Status, rep.Reason, rep.Detail, reason)
		}
		if rep.Applications != nil {
			t.Errorf("%s: skipped report has tables", file)
		}
	}
}

// TestBlankTablesUnderAReportTitle: the format page of TestSkipped under a
// report's title is a report printing its tables blank (partial, every
// cell null), not a page about the reports: only the title tells them
// apart.
func TestBlankTablesUnderAReportTitle(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "format-notice.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := strings.ReplaceAll(string(b), "关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知", "青石县商务局2021年政府信息公开工作年度报告")
	rep, err := Report(context.Background(), strings.NewReader(page), Meta{Source: "blank.html", Name: "blank.html"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != report.StatusPartial || rep.Year != 2021 {
		t.Fatalf("status %s %s (%s), year %d; want partial, 2021", rep.Status, rep.Reason, rep.Detail, rep.Year)
	}
	v, ok := rep.Active["regulations_issued"]
	if !ok || !v.Blank {
		t.Errorf("regulations_issued = %+v (present %v), want printed blank", v, ok)
	}
}

// TestBlankIsNotZero: &nbsp; cells are null in JSON, never 0, and the
// checks say blanks were counted as 0.
func TestBlankIsNotZero(t *testing.T) {
	rep := extractFile(t, "word-2021.html")
	v := rep.Applications["denied_state_secret"]["research"]
	if !v.Blank {
		t.Fatalf("blank cell read as %+v", v)
	}
	b, _ := json.Marshal(rep.Applications["denied_state_secret"])
	if !strings.Contains(string(b), `"research":null`) {
		t.Errorf("blank not null in JSON: %s", b)
	}
	found := false
	for _, c := range rep.Checks {
		if c.ID == "t3_rowsum_denied_state_secret" && strings.Contains(c.Detail, "blank") {
			found = true
		}
	}
	if !found {
		t.Errorf("no check notes the blank cells")
	}
}

func TestBadInput(t *testing.T) {
	big := bytes.Repeat([]byte("<p>政府信息公开</p>"), (MaxPage/20)+10)
	rows := new(bytes.Buffer)
	rows.WriteString("<html><body><p>2023年政府信息公开工作年度报告</p><table>")
	for i := 0; i < 100000; i++ {
		rows.WriteString("<tr><td>1</td><td>2</td></tr>")
	}
	rows.WriteString("</table></body></html>")
	cols := new(bytes.Buffer)
	cols.WriteString("<table><tr>")
	for i := 0; i < 10000; i++ {
		cols.WriteString("<td>7</td>")
	}
	cols.WriteString("</tr></table>")
	span := `<table><tr><td rowspan="99999999" colspan="99999999">x</td></tr><tr><td>1</td></tr></table>`
	nested := strings.Repeat("<table><tr><td>", 3000) + "1" + strings.Repeat("</td></tr></table>", 3000)
	cases := []struct {
		name   string
		data   []byte
		status report.Status
		reason report.Reason
	}{
		{"empty", nil, report.StatusFailed, report.ReasonUnreadable},
		{"spaces", []byte(" \n\t "), report.StatusFailed, report.ReasonUnreadable},
		{"binary", []byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08garbage\x00\x00\x00\xff\xfe\x00"), report.StatusFailed, report.ReasonUnsupported},
		{"truncated html", []byte("<html><body><p>2023年政府信息公开工作年度报告</p><p>一、总体情况</p><table><tr><td>自然人</td><td>总计"), report.StatusFailed, report.ReasonTableShape},
		{"huge page", big, report.StatusFailed, report.ReasonTooLarge},
		{"100000 rows", rows.Bytes(), report.StatusSkipped, ""},
		{"10000 columns", cols.Bytes(), report.StatusFailed, report.ReasonTooLarge},
		{"huge spans", []byte(span), report.StatusFailed, report.ReasonTooLarge},
		{"nested tables", []byte(nested), report.StatusFailed, report.ReasonTooLarge},
		{"pdf", []byte("%PDF-1.4 junk"), report.StatusFailed, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Report(context.Background(), bytes.NewReader(c.data), Meta{Source: c.name})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Status != c.status || (c.reason != "" && rep.Reason != c.reason) {
				t.Errorf("got %s %s (%s), want %s %s", rep.Status, rep.Reason, rep.Detail, c.status, c.reason)
			}
			if rep.Status != report.StatusOK && rep.Reason == "" {
				t.Errorf("no reason for %s", rep.Status)
			}
		})
	}
}

func TestTooLargeInput(t *testing.T) {
	r := io0{n: MaxInput + 10}
	rep, err := Report(context.Background(), &r, Meta{Source: "zeros"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != report.StatusFailed || rep.Reason != report.ReasonTooLarge {
		t.Errorf("got %s %s", rep.Status, rep.Reason)
	}
}

// io0 reads n bytes of 'a'.
type io0 struct{ n int }

func (z *io0) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, errEOF
	}
	k := min(len(p), z.n)
	for i := range p[:k] {
		p[i] = 'a'
	}
	z.n -= k
	return k, nil
}

func TestSniff(t *testing.T) {
	cases := []struct {
		data []byte
		m    Meta
		want string
	}{
		{[]byte("%PDF-1.7"), Meta{}, KindPDF},
		{append([]byte("PK\x03\x04...."), []byte("word/document.xml")...), Meta{}, KindDOCX},
		{[]byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2}, Meta{Name: "a.doc"}, KindDOC},
		{[]byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2}, Meta{Name: "a.wps"}, KindWPS},
		{[]byte("<div>报告</div>"), Meta{}, KindHTML},
		{[]byte("just text"), Meta{ContentType: "text/html; charset=gbk"}, KindHTML},
		{[]byte("规章 | 0 | 0 |"), Meta{}, KindText},
	}
	for _, c := range cases {
		if got := Sniff(c.data, c.m); got != c.want {
			t.Errorf("Sniff(%q, %+v) = %s, want %s", c.data, c.m, got, c.want)
		}
	}
}

// TestIdentitiesDecideSplits: in the crawler text some rows' digits split
// two ways that both satisfy the row sum; the column identities decide
// and the report says so.
func TestIdentitiesDecideSplits(t *testing.T) {
	rep := extractFile(t, "crawler-2024.page.txt")
	if !strings.Contains(rep.Detail, "partially_granted: digits split as 15|1|0|0|0|0|16 (one of 2 readings; column identities decided)") {
		t.Errorf("detail: %s", rep.Detail)
	}
	if v := rep.Applications["partially_granted"]["natural_person"]; v.Raw != "15" || v.Locator == "" {
		t.Errorf("provenance of a split value: %+v", v)
	}
}

// TestTransposedReviewNeedsLabels: table 四 printed one value a row is
// read only when the rows name their fields in the template's order; with
// two labels swapped nothing is placed by position.
func TestTransposedReviewNeedsLabels(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "v-transposed-2023.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	i := strings.Index(page, "四、政府信息公开行政复议")
	head, tail := page[:i], page[i:]
	tail = strings.Replace(tail, "<td>结果维持</td>", "<td>@@</td>", 1)
	tail = strings.Replace(tail, "<td>结果纠正</td>", "<td>结果维持</td>", 1)
	tail = strings.Replace(tail, "<td>@@</td>", "<td>结果纠正</td>", 1)
	rep, err := Report(context.Background(), strings.NewReader(head+tail), Meta{Source: "swapped.html", Name: "swapped.html"})
	if err != nil {
		t.Fatal(err)
	}
	// table 四 is not read: the report is partial, tables 二 and 三 kept
	if rep.Status != report.StatusPartial {
		t.Fatalf("status %s %s", rep.Status, rep.Detail)
	}
	for k, v := range rep.ReviewLitigation {
		if !v.Null() {
			t.Errorf("%s placed by position as %v with labels out of order", k, v.Num)
		}
	}
	if rep.Applications["new_received"]["total"].Num == 0 {
		t.Errorf("table 三 lost")
	}
	if !strings.Contains(rep.Detail, "table 四") {
		t.Errorf("detail does not say table 四 was not read: %q", rep.Detail)
	}
}
