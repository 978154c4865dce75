package layout

import (
	"strings"
	"testing"

	"ogi/pipeline/doc"
)

func texts(r doc.Row) string {
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

func rowsText(rows []doc.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = texts(r)
	}
	return out
}

func TestRowsSplitsCellsAndLocatesLines(t *testing.T) {
	lines := []string{
		"信息内容          本年制发件数     本年废止件数   现行有效件数",
		"",
		"规章            1          0        11",
		"行政规范性文件 8 26 66",
		"行政许可 447228",
		"全年收取信息处理费 3940 元。",
	}
	rows := Rows(lines, 10)
	got := rowsText(rows)
	want := []string{
		"信息内容|本年制发件数|本年废止件数|现行有效件数",
		"规章|1|0|11",
		"行政规范性文件|8|26|66",
		"行政许可 447228",
		"全年收取信息处理费 3940 元。",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rows[1].Locator != "line 12" || rows[1].Cells[3].Locator != "line 12 col 4" {
		t.Errorf("locators %q %q", rows[1].Locator, rows[1].Cells[3].Locator)
	}
}

func TestRowsMergesWrappedLabels(t *testing.T) {
	lines := []string{
		"      （一）予以公开                   1288        21       0        0    50       3   1362",
		"",
		"      （二）部分公开（区分处理的，只计这一情",
		"                                447         7        0        0        0    0   454",
		"      形，不计其他情形）",
		"",
		"               1、申请人无正当理由逾期不补",
		"",
		"               正、行政机关不再处理其政府信           67        3        0         0        1         0    71",
		"               息公开申请",
		"               2、要求行政机关确认或重 新出具",
		"                   已获取信息",
		"                                        1         0        0         0        0         0    1",
		"     （七）总计                           2932        53        0         0        61        4   3050",
	}
	got := rowsText(Rows(lines, 1))
	want := []string{
		"（一）予以公开|1288|21|0|0|50|3|1362",
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形）|447|7|0|0|0|0|454",
		"1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|67|3|0|0|1|0|71",
		"2、要求行政机关确认或重 新出具已获取信息|1|0|0|0|0|0|1",
		"（七）总计|2932|53|0|0|61|4|3050",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRowsGroupAndVerticalLabelsAcrossPages(t *testing.T) {
	lines := []string{
		"             1.属于国家秘密            2          0        0        0        0    0    2",
		"三、",
		"",
		"本            2.其他法律行政法规禁止公开     30          1        0        0        0    0    31",
		"年",
		"度      （三）不",
		"办            3.危及“三安全一稳定”        5          0        0        0        0    0    5",
		"理      予公开",
		"结",
		"果            4.保护第三方合法权益         6          0        0        0        0    0    6",
		"             1.本机关不掌握相关政府信息     746         12       0        0    10       1   769",
		"      （四）无",
		"",
		"",
		"-4-",
		"\f     法提供       2.没有现成信息需要另行制作           11        0        0         0        0         0    11",
		"               3.补正后申请内容仍不明确            1         0        0         0        0         0    1",
		"",
		"— 5 —",
	}
	rows := Rows(lines, 1)
	got := rowsText(rows)
	want := []string{
		"（三）不予公开|1.属于国家秘密|2|0|0|0|0|0|2",
		"三、本年度办理结果",
		"^（三）不予公开|2.其他法律行政法规禁止公开|30|1|0|0|0|0|31",
		"^（三）不予公开|3.危及“三安全一稳定”|5|0|0|0|0|0|5",
		"^（三）不予公开|4.保护第三方合法权益|6|0|0|0|0|0|6",
		"（四）无法提供|1.本机关不掌握相关政府信息|746|12|0|0|10|1|769",
		"^（四）无法提供|2.没有现成信息需要另行制作|11|0|0|0|0|0|11",
		"^（四）无法提供|3.补正后申请内容仍不明确|1|0|0|0|0|0|1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rows[6].Locator != "page 2 line 1" || rows[0].Locator != "page 1 line 1" {
		t.Errorf("locators %q %q", rows[0].Locator, rows[6].Locator)
	}
}

// A group label printed one character per line, its number in brackets on
// the first line, still names every row of its block.
func TestRowsVerticalGroupLabel(t *testing.T) {
	lines := []string{
		"     （五）      1.信访举报投诉类申请              56        6        0         0        0         0    62",
		"      不",
		"               2.重复申请                   25        0        0         0        0         0    25",
		"      予",
		"               3.要求提供公开出版物              0         0        0         0        0         0    0",
		"      处",
		"               4.无正当理由大量反复申请            0         0        0         0        0         0    0",
		"      理",
		"               5.要求行政机关确认或重新出具已获取信息     1         0        0         0        0         0    1",
	}
	got := rowsText(Rows(lines, 1))
	want := []string{
		"（五）不予处理|1.信访举报投诉类申请|56|6|0|0|0|0|62",
		"^（五）不予处理|2.重复申请|25|0|0|0|0|0|25",
		"^（五）不予处理|3.要求提供公开出版物|0|0|0|0|0|0|0",
		"^（五）不予处理|4.无正当理由大量反复申请|0|0|0|0|0|0|0",
		"^（五）不予处理|5.要求行政机关确认或重新出具已获取信息|1|0|0|0|0|0|1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRowsSplitsValuesOneSpaceApartAndKeepsBlanks(t *testing.T) {
	lines := []string{
		"一、本年新收政府信息公开申请数量   21 0 0 0 0 0 21",
		"二、上年结转政府信息公开申请数量   3    —    0    0    /    0    3",
		"（一）予以公开                    10    2    1    0    0    1    14",
		"（二）部分公开                     4         0    0    0    0    4",
		"72   64    178 37 351",
		"政府集中采购   6   25.1 万元",
		"政府集中采购 12 251000元",
	}
	got := rowsText(Rows(lines, 1))
	want := []string{
		"一、本年新收政府信息公开申请数量|21|0|0|0|0|0|21",
		"二、上年结转政府信息公开申请数量|3|—|0|0|/|0|3",
		"（一）予以公开|10|2|1|0|0|1|14",
		"（二）部分公开|4||0|0|0|0|4", // the empty 商业企业 cell stays empty
		"72|64|178|37|351",
		"政府集中采购|6|25.1 万元",
		"政府集中采购|12|251000元",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRowsKeepsProseAndDropsFooters(t *testing.T) {
	lines := []string{
		"  本报告由淮安市人民政府办公室编制。地址：淮安大道 90",
		"号，电话 0517-83605210。",
		"",
		"                                          -1-",
		"\f第 2 页 共 5 页",
		"2024 年，全市主动公开政府信息 5500 余条。",
		"3",
		"\f",
	}
	got := rowsText(Rows(lines, 1))
	want := []string{
		"本报告由淮安市人民政府办公室编制。地址：淮安大道 90",
		"号，电话 0517-83605210。",
		"2024 年，全市主动公开政府信息 5500 余条。",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Odd input reads without a panic, and the invariants of FuzzRows hold.
func TestRowsOddInput(t *testing.T) {
	for _, lines := range [][]string{nil, {""}, {"\f\f"}, {"   1"}, {"1.", "2.  3", "\f  —  —"}, {"\t\t5\t6"}} {
		checkRows(t, strings.Join(lines, "\n"))
	}
	// the text of a lone value line is kept, not dropped
	var got []string
	for _, r := range Rows([]string{"   1"}, 1) {
		for _, c := range r.Cells {
			got = append(got, c.Text)
		}
	}
	if strings.Join(got, "") != "1" {
		t.Errorf(`"   1" read as %q`, got)
	}
}

// checkRows reads s and checks that every row has a locator and that,
// apart from the copies marked Span, every character output comes from
// the input, no more often than there.
func checkRows(t *testing.T, s string) {
	t.Helper()
	have := map[rune]int{}
	for _, r := range s {
		have[r]++
	}
	for _, r := range Rows(strings.Split(s, "\n"), 1) {
		if r.Locator == "" {
			t.Fatal("row without locator")
		}
		for _, c := range r.Cells {
			if c.Span {
				continue
			}
			for _, ch := range c.Text {
				if ch == ' ' {
					continue
				}
				if have[ch]--; have[ch] < 0 {
					t.Fatalf("character %q output more often than input (cell %q)", ch, c.Text)
				}
			}
		}
	}
}

// Rows never invents text: apart from the copies marked Span, every
// character it outputs comes from the input, no more often than there.
func FuzzRows(f *testing.F) {
	f.Add("规章  1  0  11\n（二）部分公开\n   4  0  0  0  0  0  4\n形）\n\f-2-\n三、\n本  1.甲  1  2  3  4  5  6  7")
	f.Add("     （五）      1.信访举报投诉类申请    56   6\n      不\n   2.重复申请   25   0\n      予\n      处\n      理 其他处 人无正  3  4")
	f.Fuzz(checkRows)
}

func BenchmarkRows(b *testing.B) {
	var lines []string
	for p := 0; p < 6; p++ {
		lines = append(lines, "\f（本列数据的勾稽关系为：第一项加第二项之和，")
		for i := 0; i < 25; i++ {
			lines = append(lines, "      （二）部分公开（区分处理的，只计这一情",
				"                                447         7        0        0        0    0   454",
				"      形，不计其他情形）", "")
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Rows(lines, 1)
	}
}

// at lays cells out on one line, each starting at its column (a rune
// index), as pdf's word-position layout does; a CJK character counts one
// rune here and two columns in the widths layout measures.
func at(cells ...any) string {
	var b strings.Builder
	n := 0
	for k := 0; k+1 < len(cells); k += 2 {
		x, text := cells[k].(int), cells[k+1].(string)
		if x < n {
			panic("cells overlap: " + text)
		}
		b.WriteString(strings.Repeat(" ", x-n))
		b.WriteString(text)
		n = x + len([]rune(text))
	}
	return b.String()
}

// A table printed by a browser and laid out by word position: no row has
// every cell filled, so the columns come from the headings (the leaf
// headings: 法人或其他组织 spans five of them) and from where the values
// sit across the rows. Blank cells come out empty in their column, rows
// printed with no values get an empty cell per column, the rows are
// marked as one table, and the browser's header and footer are dropped.
func TestRowsPlacesValuesUnderHeadings(t *testing.T) {
	lines := []string{
		at(0, "11/26/26, 11:08 PM", 40, "测试县报告"),
		at(0, "三、收到和处理政府信息公开申请情况"),
		at(60, "申请人情况"),
		at(3, "（本列数据的勾稽关系为", 55, "法人或其他组织"),
		at(40, "自然人", 95, "总计"),
		at(48, "商业企业", 58, "科研机构", 68, "社会公益", 78, "法律服务", 88, "其他"),
		at(3, "一、本年新收政府信息公开申请数量", 42, "21", 52, "3", 82, "2", 96, "26"),
		at(3, "二、上年结转政府信息公开申请数量", 43, "4", 97, "4"),
		at(3, "（一）予以公开", 42, "10", 82, "1"),
		at(3, "（二）部分公开"),
		at(3, "（三）不予公开", 19, "1.属于国家秘密", 43, "2"),
		at(0, "file:///srv/report.html", 90, "1/2"),
		"\f" + at(3, "（七）总计", 42, "21", 52, "3", 82, "1", 96, "25"),
		at(0, "四、政府信息公开行政复议、行政诉讼情况"),
		at(3, "行政复议"),
		at(3, "结", 7, "结", 11, "其", 15, "尚", 19, "总"),
		at(3, "果", 7, "果", 11, "他", 15, "未", 19, "计"),
		at(3, "维", 7, "纠", 11, "结", 15, "审"),
		at(3, "持", 7, "正", 11, "果", 15, "结"),
		at(3, "3", 11, "1", 19, "4"),
	}
	rows := Rows(lines, 1)
	var got []string
	tables := map[string]int{}
	for _, r := range rows {
		s := texts(r)
		got = append(got, s)
		tables[s] = r.Table
	}
	want := []string{
		"三、收到和处理政府信息公开申请情况",
		"申请人情况",
		"（本列数据的勾稽关系为|法人或其他组织",
		"自然人|总计",
		"商业企业|科研机构|社会公益|法律服务|其他",
		"一、本年新收政府信息公开申请数量|21|3|||2||26",
		"二、上年结转政府信息公开申请数量|4||||||4",
		"（一）予以公开|10||||1||",
		"（二）部分公开|||||||",
		"（三）不予公开|1.属于国家秘密|2||||||",
		"（七）总计|21|3|||1||25",
		"四、政府信息公开行政复议、行政诉讼情况",
	}
	if len(got) < len(want) || strings.Join(got[:len(want)], "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range want[5:11] {
		if tables[s] != 1 {
			t.Errorf("row %q: table %d, want 1", s, tables[s])
		}
	}
	if tables[want[0]] != 0 || tables[want[4]] != 0 {
		t.Error("heading lines marked as table rows")
	}
	if last := got[len(got)-1]; last != "3||1||4" {
		t.Errorf("table 四 values %q, want 3||1||4 (under the five stacked headings)", last)
	}
	for _, s := range got {
		if strings.Contains(s, "11:08") || strings.Contains(s, "file://") {
			t.Errorf("browser header or footer kept: %q", s)
		}
	}
}
