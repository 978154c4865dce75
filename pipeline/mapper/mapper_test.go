package mapper

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"ogi/pipeline/doc"
	"ogi/pipeline/normalize"
	"ogi/pipeline/report"
	"ogi/schema"
)

func specsN(n int) []numSpec { return make([]numSpec, n) }

func rawsOf(r reading) string { return rawOf(r.vals) }

func TestReadingsRowSum(t *testing.T) {
	// 27|0|0|2|0|1|30 and 2|7|0|0|20|1|30 both satisfy the row sum.
	rds := readings([]item{{raw: "270020130", blob: true}}, specsN(7), rowSumHolds)
	got := map[string]bool{}
	for _, r := range rds {
		got[rawsOf(r)] = true
		if !r.ambiguous {
			t.Errorf("%s not marked ambiguous", rawsOf(r))
		}
	}
	for _, w := range []string{"27|0|0|2|0|1|30", "2|7|0|0|20|1|30"} {
		if !got[w] {
			t.Errorf("missing reading %s in %v", w, got)
		}
	}
	// Spaces are used when they give the right count.
	rds = readings([]item{{raw: "1 0 11", blob: true}}, specsN(3), nil)
	if len(rds) != 1 || rawsOf(rds[0]) != "1|0|11" {
		t.Errorf("space-separated run: %v", rds)
	}
	// ... and ignored when they do not.
	rds = readings([]item{{raw: "230 000023", blob: true}}, specsN(7), rowSumHolds)
	if len(rds) != 1 || rawsOf(rds[0]) != "23|0|0|0|0|0|23" {
		t.Errorf("crawler spaces: %v", rds)
	}
	// Cells of their own are read as printed, blanks stay blank.
	rds = readings([]item{{raw: "3"}, {raw: "&nbsp;"}, {raw: ""}, {raw: "3"}}, specsN(4), nil)
	if len(rds) != 1 || !rds[0].vals[2].blank || rds[0].vals[0].num != 3 {
		t.Errorf("cells: %+v", rds)
	}
	// Too long a run is not split at all.
	if rds := readings([]item{{raw: strings.Repeat("1", maxRunLen+1), blob: true}}, specsN(7), nil); rds != nil {
		t.Errorf("overlong run split into %d readings", len(rds))
	}
}

func TestValidPart(t *testing.T) {
	cases := []struct {
		p    string
		sp   numSpec
		want bool
	}{
		{"0", numSpec{}, true}, {"01", numSpec{}, false}, {"10", numSpec{}, true},
		{"24252.311082", numSpec{decimal: true}, true}, {"24252.311082", numSpec{}, false},
		{"-2", numSpec{signed: true}, true}, {"-2", numSpec{}, false}, {"-0", numSpec{signed: true}, false},
		{"0.5", numSpec{decimal: true}, true}, {"1.", numSpec{decimal: true}, false},
	}
	for _, c := range cases {
		if got := validPart(c.p, c.sp); got != c.want {
			t.Errorf("validPart(%q, %+v) = %v", c.p, c.sp, got)
		}
	}
}

// TestActiveSplits reads table 二 rows whose cells ran together (real
// figures from crawler copies of 平潭 reports) and checks the prior picks
// the printed split.
func TestActiveSplits(t *testing.T) {
	t21, t19 := schema.Template2021(), schema.Template2019()
	cases := []struct {
		tmpl *schema.Template
		row  string
		run  string
		want string
	}{
		{t21, "行政规范性文件", "693665", "69|3|665"},
		{t21, "行政规范性文件", "77132470", "77|132|470"},
		{t21, "规章", "000", "0|0|0"},
		{t21, "行政规范性文件", "3128452960", "312|845|2960"},
		{t19, "规范性文件", "898989", "89|89|89"},
		{t19, "行政许可", "3960181", "396|0|181"},
		{t19, "其他对外管理服务事项", "100153", "10|0|153"},
		{t19, "行政处罚", "26480430", "2648|0|430"},
		{t19, "行政强制", "126025", "126|0|25"},
		{t19, "行政事业性收费", "350", "35|0"},
		{t19, "政府集中采购", "13575394432.52元", "135|75394432.52元"},
	}
	for _, c := range cases {
		rows := []vrow{{label: "第二十条第(一)项"}, {label: c.row, items: []item{{raw: c.run, blob: true}}}, {label: "申请人情况"}}
		var notes []string
		active, units := mapActive(c.tmpl, rows, regions{t2: 0, t3: 2, t4: 3, end: 3}, &notes)
		var got []string
		for _, ar := range activeRows(c.tmpl) {
			if ar.name != c.row {
				continue
			}
			for _, f := range ar.fields {
				v := active[f.Key]
				got = append(got, v.Raw)
			}
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%s %q: got %s, want %s (%v)", c.row, c.run, strings.Join(got, "|"), c.want, notes)
		}
		if c.row == "政府集中采购" && units["procurement_amount"] != "元" {
			t.Errorf("procurement unit %q", units["procurement_amount"])
		}
	}
}

func TestSplitMixed(t *testing.T) {
	toks := splitMixed("7.属于行政执法案卷60000068.属于行政查询事项1000001（四）", "line 1", nil)
	var got []string
	for _, tk := range toks {
		if tk.kind == tLabel {
			got = append(got, "L:"+tk.text)
		} else {
			got = append(got, "V:"+tk.text)
		}
	}
	want := "L:7.属于行政执法案卷 V:6000006 L:8.属于行政查询事项 V:1000001 L:(四)"
	if strings.Join(got, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, " "), want)
	}
	// Years and counts in prose stay in the label.
	toks = splitMixed("2023年共办理211件", "x", nil)
	if len(toks) != 1 || toks[0].kind != tLabel {
		t.Errorf("prose split: %+v", toks)
	}
}

func TestYear(t *testing.T) {
	cases := []struct {
		title, text string
		want        int
	}{
		{"招远市2023年政府信息公开工作年度报告", "", 2023},
		{"", "淮安市人民政府\n 2024 年政府信息公开工作年度报告\n", 2024},
		{"", "本年度報告中所列數據統計期限從2022年1月1日到12月31日止", 2022},
		{"首页", "2019年度政府信息公开工作年度报告", 2019},
		{"", "没有年份", 0},
		// a report whose text names itself with last year's number (a real
		// 2021 township report): the stated statistics period decides
		{"", "我镇认真编制了《田黄镇2020年政府信息公开工作年度报告》。所列数据的统计期限自2021年1月1日起至12月31日止", 2021},
		// the title still beats the text
		{"田黄镇2021年政府信息公开工作年度报告", "数据统计期限自2020年1月1日起", 2021},
		// no title names the year: the narrative does
		{"政府信息公开工作年度报告", "本年度报告依据条例编制，统计期限为2025年1月1日至2025年12月31日。", 2025},
		{"政府信息公开工作年度报告", "根据条例规定，现将本机关2021年度政府信息公开工作情况报告如下。", 2021},
		{"某局政府信息公开工作年度报告", "截至2023年12月31日，本局主动公开政府信息1200条。", 2023},
		{"", "现将本机关 2022 年度 政务公开工作 报告如下：", 2022},
		// a date in another year's month is no report year
		{"", "2024年3月15日发布", 0},
	}
	for _, c := range cases {
		if got := Year(c.title, c.text); got != c.want {
			t.Errorf("Year(%q, %q) = %d, want %d", c.title, c.text, got, c.want)
		}
	}
}

func TestDetectTemplate(t *testing.T) {
	if got := DetectTemplate("信息内容本年制发件数本年废止件数"); got != schema.V2021 {
		t.Errorf("2021 markers: %q", got)
	}
	if got := DetectTemplate("信息内容本年新制作数量本年新公开数量对外公开总数量"); got != schema.V2019 {
		t.Errorf("2019 markers: %q", got)
	}
	if got := DetectTemplate("一、概述"); got != "" {
		t.Errorf("no markers: %q", got)
	}
}

// table3 builds a "|" table 三 with the given labels (empty: missing)
// and values, plus a table 四, as a document.
func table3(labels []string, vals [][]int, extra ...doc.Row) doc.Document {
	var rows []doc.Row
	add := func(cells ...string) {
		r := doc.Row{Locator: "line"}
		for _, c := range cells {
			r.Cells = append(r.Cells, doc.Cell{Text: c})
		}
		rows = append(rows, r)
	}
	add("2024年政府信息公开工作年度报告")
	add("第二十条第（一）项")
	add("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
	add("规章", "0", "0", "0")
	add("申请人情况")
	add("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
	for i, l := range labels {
		cells := []string{}
		if l != "" {
			cells = append(cells, l)
		}
		for _, v := range vals[i] {
			cells = append(cells, itoa(v))
		}
		add(cells...)
	}
	rows = append(rows, extra...)
	add("行政复议", "行政诉讼")
	add("1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0")
	return doc.Document{Title: "2024年政府信息公开工作年度报告", Text: "2024年政府信息公开工作年度报告\n一、总体情况\n本年制发件数", Rows: rows}
}

func itoa(v int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(v)) }

func fmtInt(v int) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for v > 0 {
		b = append([]byte{byte('0' + v%10)}, b...)
		v /= 10
	}
	return string(b)
}

func rowOf(np, biz int) []int { return []int{np, biz, 0, 0, 0, 0, np + biz} }

// TestPositionalAndSubtotalRows: unlabelled rows are placed by position
// and flagged; a subtotal row of group (三) is recognised and dropped.
func TestPositionalAndSubtotalRows(t *testing.T) {
	tmpl := schema.Template2021()
	var labels []string
	var vals [][]int
	for i, r := range tmpl.ApplicationRows {
		l := r.Label
		if i == 0 || r.Key == "denied_third_party" || r.Key == "unable_unclear" {
			l = ""
		}
		if r.Key == "denied_state_secret" {
			labels = append(labels, "（三）不予公开")
			vals = append(vals, rowOf(9, 9))
		}
		labels = append(labels, l)
		vals = append(vals, rowOf(i+1, 0))
	}
	res := Map(table3(labels, vals))
	if res.Status != report.StatusOK {
		t.Fatalf("%s %s %s", res.Status, res.Reason, res.Detail)
	}
	for i, r := range tmpl.ApplicationRows {
		v := res.Applications[r.Key]["natural_person"]
		if v.Num != float64(i+1) {
			t.Errorf("%s: got %v, want %d", r.Key, v.Num, i+1)
		}
		wantPos := i == 0 || r.Key == "denied_third_party" || r.Key == "unable_unclear"
		if v.Positional != wantPos {
			t.Errorf("%s: positional %v, want %v", r.Key, v.Positional, wantPos)
		}
	}
	if !strings.Contains(strings.Join(res.Notes, ";"), "not mapped") {
		t.Errorf("subtotal row not reported: %v", res.Notes)
	}
}

func TestSubtotalColumn(t *testing.T) {
	tmpl := schema.Template2021()
	var labels []string
	var vals [][]int
	for i, r := range tmpl.ApplicationRows {
		labels = append(labels, r.Label)
		// 自然人 | 小计 | 5 法人 | 总计
		vals = append(vals, []int{i, 2, 1, 0, 0, 1, 0, i + 2})
	}
	res := Map(table3(labels, vals))
	if res.Status != report.StatusOK {
		t.Fatalf("%s %s", res.Status, res.Detail)
	}
	row := res.Applications["granted"]
	if row["natural_person"].Num != 2 || row["commercial"].Num != 1 || row["legal_service"].Num != 1 || row["total"].Num != 4 {
		t.Errorf("granted read as %+v", row)
	}
}

func TestSingleOtherRow(t *testing.T) {
	tmpl := schema.Template2019()
	var labels []string
	var vals [][]int
	for i, r := range tmpl.ApplicationRows {
		labels = append(labels, r.Label)
		vals = append(vals, rowOf(i, 1))
	}
	// Table 二 headers say 2021, table 三 prints (六) as one row.
	res := Map(table3(labels, vals))
	if res.Template != schema.V2021 || !res.SingleOther {
		t.Fatalf("template %s single %v", res.Template, res.SingleOther)
	}
	if _, ok := res.Applications["other_processing"]; !ok {
		t.Errorf("no other_processing row")
	}
	if _, ok := res.Applications["other_other"]; ok {
		t.Errorf("other_other present in a single-row report")
	}
}

func TestNotAReport(t *testing.T) {
	res := Map(doc.Document{Title: "青石县人民政府", Text: "首页 新闻中心 政务公开 办事服务 互动交流"})
	if res.Status != report.StatusSkipped || res.Reason != report.ReasonNotAReport {
		t.Errorf("%s %s", res.Status, res.Reason)
	}
}

// TestPagesAboutReports: the pages a report column lists beside the
// reports — the national format, notices on writing them, interpretations
// — are not reports when they print no tables; a report issued by a
// notice, or one whose tables are pictures, is still a report without
// tables.
func TestPagesAboutReports(t *testing.T) {
	body := "政府信息公开工作年度报告 本报告根据《中华人民共和国政府信息公开条例》编制。一、总体情况 二、主动公开政府信息情况 统计期限为2023年1月1日至12月31日。"
	for title, want := range map[string]report.Reason{
		"国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知": report.ReasonNotAReport,
		"中华人民共和国政府信息公开工作年度报告格式":                            report.ReasonNotAReport,
		"关于做好2023年度政府信息公开工作年度报告编制发布工作的通知":                  report.ReasonNotAReport,
		"关于报送2024年政府信息公开工作年度报告的通知":                         report.ReasonNotAReport,
		"图解：青石县2023年政府信息公开工作年度报告":                          report.ReasonNotAReport,
		"一图读懂青石县2023年政府信息公开工作年度报告":                         report.ReasonNotAReport,
		"青石县人民政府办公室关于印发《青石县2023年政府信息公开工作年度报告》的通知":          report.ReasonNoTables,
		"青石县2023年政府信息公开工作年度报告":                             report.ReasonNoTables,
	} {
		// The body alone, and with the format's empty table 二 headings,
		// which tell the template.
		for _, text := range []string{body, body + "\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章\n行政规范性文件"} {
			res := Map(doc.Document{Title: title, Text: title + "\n" + text})
			if res.Status != report.StatusSkipped || res.Reason != want {
				t.Errorf("%s: %s %s (%s, template %q), want skipped %s", title, res.Status, res.Reason, res.Detail, res.Template, want)
			}
		}
	}
}

// TestReviewLongRun splits a 33-digit table 四 run (15 values, eight of
// them with two or three digits) quickly, with the group totals deciding.
func TestReviewLongRun(t *testing.T) {
	want := []string{"412", "88", "203", "95", "798", "17", "2", "11", "26", "56", "63", "3", "28", "40", "134"}
	rows := []vrow{{label: "行政复议"}, {label: "总计", items: []item{{raw: strings.Join(want, ""), blob: true}}}}
	var notes []string
	start := time.Now()
	got := mapReview(schema.Template2021(), rows, regions{t4: 0, end: 2}, &notes)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	for i, k := range schema.Template2021().ReviewKeys() {
		if got[k].Raw != want[i] {
			t.Errorf("%s: got %q, want %s (%v)", k, got[k].Raw, want[i], notes)
		}
	}
}

// TestAttachmentOnlyPage: a report page whose body is only a link to the
// attachment has no tables; it is a report, not some other page.
func TestAttachmentOnlyPage(t *testing.T) {
	d := doc.Document{Title: "青石县2023年政府信息公开工作年度报告", Text: "青石县2023年政府信息公开工作年度报告\n附件：年度报告.pdf",
		Links: []doc.Link{{Href: "/a.pdf", Text: "年度报告.pdf"}}}
	res := Map(d)
	if res.Status != report.StatusSkipped || res.Reason != report.ReasonNoTables || res.Year != 2023 {
		t.Errorf("%s %s %d", res.Status, res.Reason, res.Year)
	}
}

// TestLayoutPadding: layout text may carry empty gap cells, trailing
// empty cells and numbers printed on the line before their label.
func TestLayoutPadding(t *testing.T) {
	tmpl := schema.Template2021()
	row := func(cells ...string) doc.Row {
		r := doc.Row{Locator: "line"}
		for _, c := range cells {
			r.Cells = append(r.Cells, doc.Cell{Text: c})
		}
		return r
	}
	rows := []doc.Row{
		row("2024年政府信息公开工作年度报告"), row("第二十条第（一）项"),
		row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
		row("1", "0", "11"), row("规章"),
		row("行政规范性文件", "8", "26", "66", ""),
		row("申请人情况"),
	}
	for i, r := range tmpl.ApplicationRows {
		rows = append(rows, row(r.Label, itoa(i), "0", "0", "0", "0", "0", itoa(i), "", ""))
	}
	rows = append(rows, row("行政复议", "行政诉讼"),
		row("10", "1", "0", "0", "11", "", "0", "0", "0", "0", "0", "", "5", "0", "0", "0", "5"))
	res := Map(doc.Document{Title: "2024年政府信息公开工作年度报告", Text: "一、总体情况 本年制发件数", Rows: rows})
	if res.Status != report.StatusOK {
		t.Fatalf("%s %s", res.Status, res.Detail)
	}
	if v := res.Active["regulations_in_force"]; v.Num != 11 || v.Blank {
		t.Errorf("values before their label: %+v", v)
	}
	if v := res.Active["normative_docs_in_force"]; v.Num != 66 {
		t.Errorf("trailing empty cell: %+v", v)
	}
	if v := res.Applications["carried_out"]["total"]; v.Num != float64(len(tmpl.ApplicationRows)-1) {
		t.Errorf("table 三 with trailing empty cells: %+v", v)
	}
	if v := res.ReviewLitigation["lit_after_review_upheld"]; v.Num != 5 {
		t.Errorf("table 四 with gap cells: %+v", v)
	}
}

// TestWrappedLabels: item labels cut short by wrapping are read by group
// and item number, the group printed once for its block; a label printed
// over empty cells joins the numbers on the next row.
func TestWrappedLabels(t *testing.T) {
	tmpl := schema.Template2021()
	groupLabel := map[string]string{"denied": "（三）不予公开", "unable": "（四）无法提供", "not_processed": "（五）不予处理", "other": "（六）其他处理"}
	seen := map[string]bool{}
	var labels []string
	var vals [][]int
	for i, r := range tmpl.ApplicationRows {
		l := r.Label
		if r.Group != "" {
			short := []rune(l)
			if len(short) > 4 {
				short = short[:4] // "1.属于" …
			}
			l = string(short)
			if !seen[r.Group] {
				seen[r.Group] = true
				l = groupLabel[r.Group] + l
			}
		}
		if r.Key == "denied_third_party" {
			// label over empty cells, numbers under a fragment
			labels = append(labels, "4.保护第三方")
			vals = append(vals, nil)
			l = "（三）不予"
		}
		labels = append(labels, l)
		vals = append(vals, rowOf(i+1, 0))
	}
	d := table3(labels, vals)
	for i := range d.Rows {
		if len(d.Rows[i].Cells) == 1 && d.Rows[i].Cells[0].Text == "4.保护第三方" {
			for k := 0; k < 7; k++ {
				d.Rows[i].Cells = append(d.Rows[i].Cells, doc.Cell{})
			}
			d.Rows[i].Table = 2
		}
	}
	res := Map(d)
	if res.Status != report.StatusOK || res.SingleOther {
		t.Fatalf("%s %s single=%v", res.Status, res.Detail, res.SingleOther)
	}
	for i, r := range tmpl.ApplicationRows {
		if v := res.Applications[r.Key]["natural_person"]; v.Num != float64(i+1) {
			t.Errorf("%s: got %v (%s), want %d", r.Key, v.Num, v.Locator, i+1)
		}
	}
}

// TestActiveSplitsLooseChange: a 2019 table 二 whose 行政事业性收费 row
// reads without doubt as a large change (35|-15, 2020 平潭 figures) refutes
// the habit that 本年增/减 is 0 or small, so the other rows of the same
// table split by balance instead; without that row the habit still decides.
func TestActiveSplitsLooseChange(t *testing.T) {
	t19 := schema.Template2019()
	split := func(fees string, row, run string) string {
		rows := []vrow{{label: "第二十条第(五)项"}, {label: row, items: []item{{raw: run, blob: true}}}}
		if fees != "" {
			rows = append(rows, vrow{label: "行政事业性收费", items: []item{{raw: fees, blob: true}}})
		}
		rows = append(rows, vrow{label: "申请人情况"})
		var notes []string
		active, _ := mapActive(t19, rows, regions{t2: 0, t3: len(rows) - 1, t4: len(rows), end: len(rows)}, &notes)
		var got []string
		for _, ar := range activeRows(t19) {
			if ar.name == row {
				for _, f := range ar.fields {
					got = append(got, active[f.Key].Raw)
				}
			}
		}
		return strings.Join(got, "|")
	}
	cases := []struct{ fees, row, run, want string }{
		{"35-15", "行政许可", "396442278", "396|442|278"},
		{"35-15", "其他对外管理服务事项", "107105", "10|7|105"},
		{"35-15", "行政强制", "1262629", "126|26|29"},
		{"35-15", "行政许可", "3960181", "396|0|181"},
		{"35-1", "行政强制", "1262629", "126|2|629"}, // a change of 1 in 35 is small: no evidence
		{"350", "行政强制", "1262629", "126|2|629"},  // 35|0 or 3|50: no evidence
		{"8-3", "行政强制", "1262629", "126|2|629"},  // counts too small to prove anything
		{"", "行政许可", "396442278", "3964|42|278"},
	}
	for _, c := range cases {
		if got := split(c.fees, c.row, c.run); got != c.want {
			t.Errorf("fees %q, %s %q: got %s, want %s", c.fees, c.row, c.run, got, c.want)
		}
	}
}

// TestRuneMaskCovers: a string's runeMask covers the mask of every
// substring that starts and ends on rune boundaries, valid UTF-8 or not.
func TestRuneMaskCovers(t *testing.T) {
	for _, s := range []string{"（六）其他处理1.申请人无正当理由逾期不补正", "ab\xe5cd行政复议\x80x", "\xe5\x8b", "𠀀规章a", ""} {
		for i := 0; i <= len(s); i++ {
			for j := i; j <= len(s); j++ {
				sub := s[i:j]
				if !utf8.ValidString(sub) {
					continue
				}
				if runeMask(sub)&^runeMask(s) != 0 {
					t.Errorf("mask of %q does not cover %q", s, sub)
				}
			}
		}
	}
}

// TestYearExpressionsAt: each of Year's expressions run where its matches
// can start finds what it finds run over the whole text.
func TestYearExpressionsAt(t *testing.T) {
	texts := []string{"", "统计期限自2021年1月1日起", "统 计 期 限 为 2022 年 1 月 1 日至", "12023年政府信息公开工作年度报告",
		"现将本机关2022年度政府信息公开工作情况报告如下", "截至2023年12月31日", "2023\n年\n1月1日", "年年2019 年度政府信息公开工作报告"}
	files, err := filepath.Glob("../extract/testdata/classes/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, normalize.Text(string(b)))
	}
	for _, s := range texts {
		for _, c := range []struct {
			re, at *regexp.Regexp
			next   func(string, int) int
		}{{statsPeriod, statsPeriodAt, tongStart}, {titleYear, titleYearAt, yearStart}, {reportedAs, reportedAsAt, xianStart},
			{periodYear, periodYearAt, yearStart}, {yearEnd, yearEndAt, yearStart}} {
			want := c.re.FindStringSubmatch(s)
			if got := firstAt(c.at, s, c.next); strings.Join(got, "|") != strings.Join(want, "|") || (got == nil) != (want == nil) {
				t.Errorf("%s on %.40q: %q, want %q", c.re, s, got, want)
			}
		}
	}
}
