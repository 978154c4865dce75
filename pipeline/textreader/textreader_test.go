package textreader

import (
	"strings"
	"testing"

	"ogi/pipeline/doc"
)

func cells(r doc.Row) string {
	var s []string
	for _, c := range r.Cells {
		s = append(s, c.Text)
	}
	return strings.Join(s, "|")
}

func TestRead(t *testing.T) {
	text := "青石县2024年政府信息公开工作年度报告\n" +
		"規章 | 0 | 0 | 0 |\n" +
		"204 | 1 | 0 | | 205 | | |\n" +
		"\n" +
		"| 类别 | 数据1 | 总计 |\n" +
		"|---|---|---|\n" +
		"| 予以公开 | 3 | |\n" +
		"行政许可          447228\n"
	d := Read(text)
	var got []string
	for _, r := range d.Rows {
		got = append(got, cells(r))
	}
	want := []string{
		"青石县2024年政府信息公开工作年度报告",
		"規章|0|0|0",
		"204|1|0||205",
		"类别|数据1|总计",
		"予以公开|3|",
		"行政许可|447228",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d.Title != "青石县2024年政府信息公开工作年度报告" {
		t.Errorf("title %q", d.Title)
	}
	if d.Rows[1].Locator != "line 2" || d.Rows[len(d.Rows)-1].Locator != "line 8" {
		t.Errorf("locators %q %q", d.Rows[1].Locator, d.Rows[len(d.Rows)-1].Locator)
	}
}

// TestTabRows: a table copied from a browser keeps one cell per tab,
// blank cells included, and padding spaces are spaces.
func TestTabRows(t *testing.T) {
	text := "三、收到和处理政府信息公开申请情况\n" +
		"23\t四、结转下年度继续办理\t20\t4\t\t0\u00a0\t0\t0\t24\t\n" +
		"行政许可\t210\t－4\t8800\n" +
		"单独一行\n"
	d := Read(text)
	var got []string
	for _, r := range d.Rows {
		got = append(got, cells(r))
	}
	want := []string{
		"三、收到和处理政府信息公开申请情况",
		"23|四、结转下年度继续办理|20|4||0|0|0|24",
		"行政许可|210|－4|8800",
		"单独一行",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d.Rows[1].Table == 0 || d.Rows[1].Table != d.Rows[2].Table {
		t.Errorf("tab rows not one table: %d %d", d.Rows[1].Table, d.Rows[2].Table)
	}
}

func TestTitleSkipsSectionHeadings(t *testing.T) {
	tests := []struct{ line, want string }{
		{"招远市2023年政府信息公开工作年度报告", "招远市2023年政府信息公开工作年度报告"},
		{"# 沭阳县人民政府2025年政府信息公开工作年度报告", "沭阳县人民政府2025年政府信息公开工作年度报告"},
		{"(五)年度報告數據統計需要說明的事項", ""},
		{"（五）年度报告数据统计需要说明的事项", ""},
		{"六、其他需要报告的事项：年度报告如下", ""},
		{"十二、年度报告数据统计说明事项", ""},
		{"我市无其他有关文件专门要求通过政府信息公开工作年度报告予以报告的事项。", ""},
	}
	for _, tc := range tests {
		if got := titleOf(tc.line); got != tc.want {
			t.Errorf("titleOf(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

// TestReadBarCells: tables copied one cell a line, each cell closed by a
// bar, in both ways portals print them.
func TestReadBarCells(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{{
		// a bar line after every cell; a cell's text wraps; "|\n|" is an
		// empty cell; a page footer falls between two cells
		name: "bar-after",
		text: "报告\n规范性文件\n|\n本年新\n制作数量\n|\n2\n|\n|\n5\n\n— 3 —\n\f\n|\n1.属于国家秘密\n|\n3125.6万元\n|\n0\n|\n(三)不予公开\n|\n",
		want: []string{"规范性文件", "本年新制作数量|2||5", "1.属于国家秘密|3125.6万元|0", "(三)不予公开"},
	}, {
		// a bar closing every cell's line; a lone bar is an empty cell,
		// "||" after the last value pads the row; a line without a bar is
		// a heading of its own
		name: "bar-closed",
		text: "二、主动公开\n第二十条第(一)项 |\n|||\n行政许可 |\n12 |\n||\n三、收到和处理\n一、本年新收政府信息公开申请数量 |\n|\n|\n3 |\n||\n二、上年结转 |\n0 |\n",
		want: []string{"二、主动公开", "第二十条第(一)项", "行政许可|12", "三、收到和处理", "一、本年新收政府信息公开申请数量|||3", "二、上年结转|0"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Read(c.text)
			var got []string
			for _, r := range d.Rows {
				if s := cells(r); s != "报告" {
					got = append(got, s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
	// Fewer bars than a table needs: left to the other readers.
	d := Read("第二十条第(一)项 |\n信息内容 | 本年制发件数 | 本年废止件数 |\n")
	if len(d.Rows) != 2 || cells(d.Rows[1]) != "信息内容|本年制发件数|本年废止件数" {
		t.Errorf("short run read as bar cells: %v", d.Rows)
	}
}

// TestTitleOverTwoLines: portals break a title after the agency or inside
// the report phrase; the first line joins the title. A heading or a
// sentence above a title does not.
func TestTitleOverTwoLines(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"铜川市耀州区审计局\n2020年政府信息公开工作年度报告\n正文", "铜川市耀州区审计局2020年政府信息公开工作年度报告"},
		{"西咸新区底张街道办事处2024年度政府\n信息公开工作年度报告\n", "西咸新区底张街道办事处2024年度政府信息公开工作年度报告"},
		{"2024年南关区永吉街道办事处\n政府信息公开工作年度报告\n", "2024年南关区永吉街道办事处政府信息公开工作年度报告"},
		{"首页 > 政务公开 > 区审计局\n2020年政府信息公开工作年度报告\n", "2020年政府信息公开工作年度报告"},
		{"一、总体情况\n2020年政府信息公开工作年度报告\n", "2020年政府信息公开工作年度报告"},
		{"本局认真落实条例，现报告如下。\n2020年政府信息公开工作年度报告\n", "2020年政府信息公开工作年度报告"},
	} {
		if got := Read(c.text).Title; got != c.want {
			t.Errorf("Read(%q).Title = %q, want %q", c.text, got, c.want)
		}
	}
}
