package htmlreader

import (
	"errors"
	"strings"
	"testing"

	"ogi/pipeline/doc"
)

func texts(r doc.Row) string {
	var s []string
	for _, c := range r.Cells {
		t := c.Text
		if c.Span {
			t = "~" + t
		}
		s = append(s, t)
	}
	return strings.Join(s, "|")
}

func tableRows(d doc.Document, table int) []string {
	var out []string
	for _, r := range d.Rows {
		if r.Table == table {
			out = append(out, texts(r))
		}
	}
	return out
}

func TestGridExpansion(t *testing.T) {
	page := `<html><head><title> 报告 </title><script>var x="1 2 3";</script></head><body>
<table><tr><td rowspan="2" colspan="2">A<br/>B</td><td>c</td></tr>
<tr><td><p><span>d</span><o:p></o:p></p></td></tr>
<tr><td>e</td><td>&nbsp;</td><td colspan=2>f</td></tr></table></body></html>`
	d, err := ReadString(page)
	if err != nil {
		t.Fatal(err)
	}
	got := tableRows(d, 1)
	want := []string{"A B|~A B|c", "~A B|~A B|d", "e||f|~f"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("grid:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d.Title != "报告" {
		t.Errorf("title %q", d.Title)
	}
	if strings.Contains(d.Text, "var x") {
		t.Errorf("script text leaked: %q", d.Text)
	}
	if loc := d.Rows[len(d.Rows)-1].Cells[2].Locator; loc != "table 1 row 3 col 3" {
		t.Errorf("locator %q", loc)
	}
}

func TestInnermostTables(t *testing.T) {
	page := `<table><tr><td><a href="/a.pdf">附件</a> 菜单</td><td>
<table><tr><td>规章</td><td>1</td></tr></table>
<img src="x.png"></td></tr></table>`
	d, err := ReadString(page)
	if err != nil {
		t.Fatal(err)
	}
	if got := tableRows(d, 1); len(got) != 1 || got[0] != "规章|1" {
		t.Errorf("inner table rows %v", got)
	}
	if d.Images != 1 || len(d.Links) != 1 || d.Links[0].Href != "/a.pdf" || d.Links[0].Text != "附件" {
		t.Errorf("images %d links %+v", d.Images, d.Links)
	}
	if !strings.Contains(d.Text, "菜单") {
		t.Errorf("layout table text lost: %q", d.Text)
	}
}

func TestLimits(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxCols = 10
	_, err := ReadLimits(strings.NewReader("<table><tr>"+strings.Repeat("<td>1</td>", 11)+"</tr></table>"), lim)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("11 columns over a limit of 10: err %v", err)
	}
	lim = DefaultLimits()
	lim.MaxCells = 100
	_, err = ReadLimits(strings.NewReader("<table>"+strings.Repeat("<tr><td>1</td><td>2</td></tr>", 51)+"</table>"), lim)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("102 cells over a limit of 100: err %v", err)
	}
	// A huge rowspan is clipped to the rows that exist.
	d, err := ReadString(`<table><tr><td rowspan="5000">a</td><td>1</td></tr><tr><td>2</td></tr></table>`)
	if err != nil || len(tableRows(d, 1)) != 2 {
		t.Errorf("rowspan: %v %v", err, tableRows(d, 1))
	}
}

// TestHiddenText: digits a page hides from view (display:none spans, the
// hidden attribute) are not part of a cell; an unclosed hidden span ends
// with its cell; visible nested spans stay.
func TestHiddenText(t *testing.T) {
	page := `<table><tr><td>12<span style="DISPLAY: none">9</span>3</td>` +
		`<td><font hidden>7</font>45</td>` +
		`<td>6<span style="display:none"><span>8</span>0</span><span>7</span></td>` +
		`<td>1<span style="display:none">9</td><td>2</td>` +
		`<td>3<span style="visibility:hidden">5</span></td></tr></table><p>after</p>`
	d, err := ReadString(page)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(tableRows(d, 1), "\n")
	if want := "123|45|67|1|2|3"; got != want {
		t.Errorf("cells %q, want %q", got, want)
	}
	if !strings.Contains(d.Text, "after") {
		t.Errorf("text after the table lost: %q", d.Text)
	}
}

// TestPreformatted: a <pre> block keeps its lines and goes through the
// layout reader, so columns of spaces become cells.
func TestPreformatted(t *testing.T) {
	page := "<html><body><table><tr><td>菜单</td></tr></table><pre>\n" +
		"              结果维持   结果纠正   其他结果\n" +
		"行政复议          3          1          0\n" +
		"行政诉讼          2<b></b>          0          1\n" +
		"</pre><p>后记</p></body></html>"
	d, err := ReadString(page)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range d.Rows {
		if r.Table != 1 {
			rows = append(rows, texts(r))
		}
	}
	got := strings.Join(rows, "\n")
	for _, want := range []string{"结果维持|结果纠正|其他结果", "行政复议|3|1|0", "行政诉讼|2|0|1"} {
		if !strings.Contains(got, want) {
			t.Errorf("pre rows %q lack %q", got, want)
		}
	}
	if !strings.Contains(d.Text, "后记") || !strings.Contains(d.Text, "菜单") {
		t.Errorf("text around the pre lost: %q", d.Text)
	}
}

// TestPipeParagraphs: markdown table rows pasted into a page as
// paragraphs become a table of their own, in place; the separator row
// goes.
func TestPipeParagraphs(t *testing.T) {
	page := `<p>二、主动公开</p><p>| 信息内容 | 本年制发件数 |</p><p>|---|---|</p><p>| 规章 | 3 |</p><p>说明 | 不是表</p><table><tr><td>x</td></tr></table>`
	d, err := ReadString(page)
	if err != nil {
		t.Fatal(err)
	}
	// The page's own tables keep their numbers; pipe tables come after.
	if got := strings.Join(tableRows(d, 1), "\n"); got != "x" {
		t.Errorf("the page's own table: %q", got)
	}
	if got, want := strings.Join(tableRows(d, 2), "\n"), "信息内容|本年制发件数\n规章|3"; got != want {
		t.Errorf("pipe table %q, want %q", got, want)
	}
	if d.Rows[1].Table != 2 {
		t.Errorf("pipe rows not in document order: %+v", d.Rows)
	}
	if !strings.Contains(d.Text, "说明 | 不是表") {
		t.Errorf("a line with one | is text: %q", d.Text)
	}
}

// TestPreInLayoutTable: a report laid out in a <pre> reads the same inside
// a layout table (a cell of the page's frame) as at the top of the page.
func TestPreInLayoutTable(t *testing.T) {
	pre := "<pre>\n信息内容      本年制发件数   本年废止件数   现行有效件数\n规章              0              0              0\n行政规范性文件    12             3              88\n</pre>"
	alone, err := ReadString("<html><body>" + pre + "</body></html>")
	if err != nil {
		t.Fatal(err)
	}
	framed, err := ReadString(`<html><body><table width="1200"><tr><td class="left">栏目</td><td class="right">` + pre + `</td></tr></table></body></html>`)
	if err != nil {
		t.Fatal(err)
	}
	cells := func(d doc.Document) []string {
		var out []string
		for _, r := range d.Rows {
			if len(r.Cells) > 1 {
				out = append(out, texts(r))
			}
		}
		return out
	}
	a, f := cells(alone), cells(framed)
	if len(a) < 3 || strings.Join(a, "\n") != strings.Join(f, "\n") {
		t.Errorf("rows of the pre alone:\n%s\nin a layout table:\n%s", strings.Join(a, "\n"), strings.Join(f, "\n"))
	}
	if !strings.Contains(framed.Text, "栏目") {
		t.Errorf("the frame's text is lost: %q", framed.Text)
	}
}

// TestTitleFromHeading: a page whose <title> is generic or its portal's
// name takes the first heading that names the report; links to other
// reports are no heading, and a <title> that names report and year stays.
func TestTitleFromHeading(t *testing.T) {
	const report = "<p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table>"
	cases := []struct{ name, page, want string }{
		{"h1 under a generic title", `<title>政府信息公开工作年度报告</title><body><h1>临河县2023年政府信息公开工作年度报告</h1>` + report, "临河县2023年政府信息公开工作年度报告"},
		{"a centred paragraph under a site name", `<title>临河县人民政府门户网站</title><body><p align="center"><strong>临河县２０２３年政府信息公开工作年度报告</strong></p>` + report, "临河县２０２３年政府信息公开工作年度报告"},
		{"a title block", `<title>政府信息公开年报_临河县人民政府</title><body><div class="Article_Title">临河县人民政府2023年政府信息公开工作年度报告</div>` + report, "临河县人民政府2023年政府信息公开工作年度报告"},
		{"links to other reports first", `<title>政府信息公开年报_临河县人民政府</title><body><ul><li><a href="/1.html">东山县2022年政府信息公开工作年度报告</a></li></ul><h2 class="title"><a href="/x">东山县2021年政府信息公开工作年度报告</a></h2><h1>临河县2023年政府信息公开工作年度报告</h1>` + report, "临河县2023年政府信息公开工作年度报告"},
		{"an agency added to a generic title", `<title>政府信息公开工作年度报告</title><body><h1>临河县人民政府政府信息公开工作年度报告</h1>` + report, "临河县人民政府政府信息公开工作年度报告"},
		{"a specific title stays", `<title>临河县2023年政府信息公开工作年度报告_临河县人民政府</title><body><h1>临河县人民政府2023年政府信息公开工作年度报告</h1>` + report, "临河县2023年政府信息公开工作年度报告_临河县人民政府"},
		{"no heading names a report", `<title>临河县人民政府门户网站</title><body><h1>临河县人民政府</h1><p>现将本机关2023年度政府信息公开工作情况报告如下。</p>` + report, "临河县人民政府门户网站"},
	}
	for _, c := range cases {
		d, err := ReadString("<html><head>" + c.page + "</body></html>")
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != c.want {
			t.Errorf("%s: title %q, want %q", c.name, d.Title, c.want)
		}
	}
}
