// Package mapper reads the three standard tables of a report out of a
// doc.Document onto the 2019 or 2021 national template (schema): it finds
// the tables by their content, matches row labels within their group,
// falls back to position where labels are missing, splits numbers that a
// rendering ran together (the row and column identities decide between
// the splits) and detects the report year and template.
//
// Numbers are kept as printed: the mapper never changes a value to make
// an identity hold. A blank cell stays blank.
package mapper

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"ogi/pipeline/doc"
	"ogi/pipeline/normalize"
	"ogi/pipeline/report"
	"ogi/schema"
)

// Result is what the mapper read from one document.
type Result struct {
	Status   report.Status // report.StatusOK, StatusPartial, StatusSkipped or StatusFailed
	Reason   report.Reason // a report.Reason* code when not ok
	Detail   string
	Title    string
	Year     int
	Template string // schema.V2021, schema.V2019 or ""
	// SingleOther is true when table 三 prints （六）其他处理 as one row
	// (row key other_processing), as the 2019 template and some 2021
	// reports do.
	SingleOther      bool
	Active           map[string]report.Value
	ActiveUnits      map[string]string
	Applications     map[string]map[string]report.Value
	ReviewLitigation map[string]report.Value
	// Notes explain choices a reader of the data should know about:
	// positional rows, dropped subtotal rows or columns, split digit runs.
	Notes []string
}

// Rows returns the table 三 row declarations the result uses: the
// template's, with （六） as one row when SingleOther.
func (r *Result) Rows() []schema.Row {
	if r.SingleOther {
		return templateOf(schema.V2019).ApplicationRows
	}
	if t := templateOf(r.Template); t != nil {
		return t.ApplicationRows
	}
	return nil
}

// Map reads the tables of d.
func Map(d doc.Document) Result {
	res := Result{Title: strings.TrimSpace(d.Title)}
	trad := normalize.HasTraditional(d.Title) || normalize.HasTraditional(d.Text)
	textOf := normalize.TextSimplified
	if trad {
		textOf = normalize.Text
	}
	kept := reportRows(d.Rows)
	rows := vrows(kept, trad)
	reg := findRegions(rows)
	// Year and template markers are read where the report is; the whole
	// page only when that says nothing.
	region := textOf(rowsText(kept))
	res.Year = Year(res.Title, region)
	if res.Year == 0 {
		// The preamble that states the period may lie outside the rows
		// kept (a Word document's paragraphs are no rows).
		res.Year = Year(res.Title, textOf(d.Text))
	}
	tmplID := DetectTemplate(dropSpace(region))
	if tmplID == "" && len(kept) < len(d.Rows) {
		tmplID = DetectTemplate(dropSpace(textOf(d.Text)))
	}
	isReport := func() bool {
		return looksLikeReport(dropSpace(textOf(d.Title+"\n"+d.Text))) || titleYear.MatchString(textOf(res.Title))
	}
	switch {
	case reg.t3 < 0 && !isReport():
		return skip(res, report.ReasonNotAReport, "no report body (总体情况, 统计期限 …) and no table 三")
	case res.Year > 0 && res.Year <= 2018:
		return skip(res, report.ReasonPre2019, fmt.Sprintf("report year %d: old Regulation, no standard tables", res.Year))
	}
	if tmplID == "" {
		switch {
		case reg.t3 >= 0 && countData(rows, reg) >= 20:
			tmplID = schema.V2021
			if res.Year == 2019 || res.Year == 2020 {
				tmplID = schema.V2019
			}
		case res.Year == 2019:
			return skip(res, report.ReasonFreeform2019, "2019 report without the unified tables (the format was optional)")
		case reg.t3 < 0:
			detail := "no statistics tables in the text"
			if d.Images > 0 {
				detail = fmt.Sprintf("no statistics tables in the text; %d images in the page (tables printed as pictures?)", d.Images)
			}
			return notAbout(skip(res, report.ReasonNoTables, detail), textOf(res.Title))
		}
	}
	tmpl := templateOf(tmplID)
	if tmpl == nil {
		return fail(res, report.ReasonTableShape, fmt.Sprintf("table 三 header found but only %d rows of values and no table 二 headers to tell the template", countData(rows, reg)))
	}
	res.Template = tmpl.ID
	return notAbout(readTables(res, tmpl, rows, reg, d.Images), textOf(res.Title))
}

// notAbout turns a page whose title names a page about the reports
// (aboutReports) into NOT_A_REPORT when it prints no figure: no tables
// (NO_TABLES), or the format's tables printed empty. It was never a report
// whose tables are missing. A report page printing its tables blank keeps
// its reading: only the title tells the two apart.
func notAbout(res Result, title string) Result {
	noTables := res.Status == report.StatusSkipped && res.Reason == report.ReasonNoTables
	if (noTables || res.Status.HasTables() && !anyFigure(&res)) && aboutReports(title) {
		res.Active, res.ActiveUnits, res.Applications, res.ReviewLitigation, res.Notes = nil, nil, nil, nil, nil
		res.Template, res.SingleOther = "", false
		return skip(res, report.ReasonNotAReport, "no figure in any table, and the title names the reports' format, a notice about them or an interpretation of one, not a report")
	}
	return res
}

// anyFigure reports whether a table of the result holds a number.
func anyFigure(res *Result) bool {
	for _, v := range res.Active {
		if !v.Null() && v.Raw != "" {
			return true
		}
	}
	for _, row := range res.Applications {
		for _, v := range row {
			if !v.Null() && v.Raw != "" {
				return true
			}
		}
	}
	for _, v := range res.ReviewLitigation {
		if !v.Null() && v.Raw != "" {
			return true
		}
	}
	return false
}

// readTables reads the three tables once the template is known. A report
// missing some of them (a page cut off, a table printed as a picture, a
// table 三 cut short) keeps what it prints, with status partial and the
// missing parts named; one with no table at all is skipped.
func readTables(res Result, tmpl *schema.Template, rows []vrow, reg regions, images int) Result {
	var absent []string
	res.Active, res.ActiveUnits = mapActive(tmpl, rows, reg, &res.Notes)
	if printedCount(res.Active) == 0 {
		absent = append(absent, "table 二")
	}
	if reg.t3 < 0 {
		if len(absent) > 0 && reg.t4 >= len(rows) {
			detail := "table 三 (申请人情况 … 总计) not found"
			if images > 0 {
				detail += fmt.Sprintf("; %d images in the page", images)
			}
			return skip(res, report.ReasonNoTables, detail)
		}
		absent = append(absent, "table 三")
	} else {
		at, err := mapApplications(tmpl, rows, reg, &res.Notes)
		switch {
		case err != nil && len(absent) > 0:
			return fail(res, report.ReasonTableShape, err.Error())
		case err != nil:
			// table 二 was read: keep it, table 三 as unreadable
			absent = append(absent, "table 三 ("+err.Error()+")")
		default:
			res.Applications, res.SingleOther = at.apps, at.single
			absent = append(absent, at.absent...)
		}
	}
	if reg.t4 < len(rows) {
		res.ReviewLitigation = mapReview(tmpl, rows, reg, &res.Notes)
	}
	if printedCount(res.ReviewLitigation) == 0 {
		// not found, or only its heading printed
		res.ReviewLitigation = nil
		absent = append(absent, "table 四 (行政复议, 行政诉讼)")
	}
	res.Notes = append(res.Notes, unreadNotes(&res)...)
	res.Status = report.StatusOK
	if len(absent) > 0 {
		res.Status, res.Reason = report.StatusPartial, report.ReasonIncomplete
		res.Detail = "incomplete, not read: " + strings.Join(absent, ", ")
	}
	return res
}

// printedCount counts the values of a table that were read (printed,
// blank or not), as against cells the report does not print.
func printedCount(vals map[string]report.Value) int {
	n := 0
	for _, v := range vals {
		if v.Locator != "not printed" || v.Raw != "" {
			n++
		}
	}
	return n
}

// anyUnread reports whether a value of the result is Unread.
func anyUnread(res *Result) bool {
	for _, v := range res.Active {
		if v.Unread {
			return true
		}
	}
	for _, row := range res.Applications {
		for _, v := range row {
			if v.Unread {
				return true
			}
		}
	}
	for _, v := range res.ReviewLitigation {
		if v.Unread {
			return true
		}
	}
	return false
}

// unreadNotes says which printed values were not read and why.
func unreadNotes(res *Result) []string {
	if !anyUnread(res) {
		return nil
	}
	var out []string
	note := func(table, key string, v report.Value) {
		if v.Unread {
			why := "no one number can be proven from it"
			if garbledNumber(v.Raw) {
				why = "it has a doubled or garbled sign"
			}
			out = append(out, fmt.Sprintf("%s %s: %q at %s not read (null): %s", table, key, v.Raw, v.Locator, why))
		}
	}
	for _, k := range report.OrderedKeys(res.Active, nil) {
		note("table 二", k, res.Active[k])
	}
	for _, rk := range report.OrderedKeys(res.Applications, nil) {
		row := res.Applications[rk]
		for _, ck := range report.OrderedKeys(row, nil) {
			note("table 三", rk+"."+ck, row[ck])
		}
	}
	for _, k := range report.OrderedKeys(res.ReviewLitigation, nil) {
		note("table 四", k, res.ReviewLitigation[k])
	}
	return out
}

// dropSpace removes white space (unicode.IsSpace). Only ASCII bytes and
// runes led by 0xC2, 0xE1, 0xE2 and 0xE3 can be white space: Han text is
// copied in runs without decoding.
func dropSpace(s string) string {
	var b []byte
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		n := 0
		switch {
		case c < utf8.RuneSelf:
			if c == ' ' || c >= '\t' && c <= '\r' {
				n = 1
			}
		case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				n = size
			}
		}
		if n == 0 {
			i++
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[last:i]...)
		i += n
		last = i
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

func rowsText(rows []doc.Row) string {
	var b strings.Builder
	for _, r := range rows {
		for _, c := range r.Cells {
			if !c.Span {
				b.WriteString(c.Text)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// reportRows trims page chrome: the rows before the first table marker
// (a few kept for headings) and after the heading of section 五. When no
// marker is found every row is kept.
func reportRows(rows []doc.Row) []doc.Row {
	start := -1
	for i, r := range rows {
		if rowHas(r, startMarkers) {
			start = i
			break
		}
	}
	if start < 0 {
		return rows
	}
	// Section 五 can only end the report after table 四's header.
	end := len(rows)
	t4 := -1
	for i := start; i < len(rows); i++ {
		if rowHas(rows[i], reviewMarkers) {
			t4 = i
			break
		}
	}
	for i := t4 + 1; t4 >= 0 && i < len(rows); i++ {
		if rowHas(rows[i], endMarkers) {
			end = i + 1
			break
		}
	}
	return rows[max(0, start-5):end]
}

func rowHas(r doc.Row, m markerSet) bool {
	for _, c := range r.Cells {
		if m.in(c.Text) {
			return true
		}
	}
	return false
}

// markerSet is a set of phrases with their runeMasks: a text whose mask
// does not cover a phrase's is not searched for it.
type markerSet struct {
	phrases []string
	masks   []uint64
}

func newMarkerSet(phrases ...string) markerSet {
	m := markerSet{phrases: phrases}
	for _, p := range phrases {
		m.masks = append(m.masks, runeMask(p))
	}
	return m
}

// in reports whether s holds one of the phrases.
func (m markerSet) in(s string) bool {
	if s == "" {
		return false
	}
	return m.inMask(s, runeMask(s))
}

// inMask is in for s whose runeMask is sm.
func (m markerSet) inMask(s string, sm uint64) bool {
	for i, p := range m.phrases {
		if m.masks[i]&^sm == 0 && strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// The phrases that start the report's tables, start table 四's header and
// end the report (section 五), in simplified and traditional writing.
var (
	startMarkers  = newMarkerSet("第二十", "申请人", "申請人", "勾稽", "主动公开政府信息", "主動公開政府信息")
	reviewMarkers = newMarkerSet("结果维持", "結果維持", "尚未审结", "尚未審結", "复议后起诉", "復議後起訴", "未经复议", "未經復議")
	endMarkers    = newMarkerSet("存在的主要问题", "存在的主要問題", "其他需要报告的事项", "其他需要報告的事項")
)

// aboutReports reports whether a title names a page about the annual
// reports rather than a report: the national format (…年度报告格式), a
// notice on writing or sending them in (关于做好…年度报告编制发布工作的通知),
// or an interpretation of one (图解, 解读, 一图读懂). Report columns list
// such pages beside the reports. A report issued by a notice (关于印发《某县
// 2023年政府信息公开工作年度报告》的通知) is none of these. Only pages
// without tables are judged by it; title is normalised.
func aboutReports(title string) bool {
	t := dropSpace(title)
	if t == "" {
		return false
	}
	for _, w := range []string{"报告格式", "图解", "解读", "一图读懂", "一图看懂", "图说"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	if !strings.Contains(t, "通知") {
		return false
	}
	for _, w := range []string{"编制", "报送", "做好", "发布工作", "统计口径", "填报"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// looksLikeReport reports whether text (white space removed) reads like
// the body of an annual report rather than a list page or other page.
func looksLikeReport(flat string) bool {
	if tableTwoBody(flat) {
		return true
	}
	if !strings.Contains(flat, "政府信息公开") || !(strings.Contains(flat, "报告") || strings.Contains(flat, "年报")) {
		return false
	}
	for _, m := range []string{"总体情况", "统计期限", "本报告", "本年度报告", "概述", "主动公开政府信息情况", "第二十条第"} {
		if strings.Contains(flat, m) {
			return true
		}
	}
	return false
}

// tableTwoBody reports whether text (white space removed) prints section
// 二 with table 二's block and column headings: the body of a report even
// where the page kept no title or preamble naming a 报告 (an article's text
// stored without its heading, starting at 一、总体情况).
func tableTwoBody(flat string) bool {
	if !strings.Contains(flat, "主动公开政府信息情况") || !strings.Contains(flat, "第二十条第") {
		return false
	}
	for _, h := range []string{"本年制发件数", "本年新制作数量", "本年处理决定数量", "处理决定数量"} {
		if strings.Contains(flat, h) {
			return true
		}
	}
	return false
}

func skip(r Result, reason report.Reason, detail string) Result {
	r.Status, r.Reason, r.Detail = report.StatusSkipped, reason, detail
	return r
}

func fail(r Result, reason report.Reason, detail string) Result {
	r.Status, r.Reason, r.Detail = report.StatusFailed, reason, detail
	return r
}

var (
	titleYear = regexp.MustCompile(`((?:19|20)\d\d)\s*年\s*度?[^。\n]{0,40}?政\s*(?:府|务)\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*)?报\s*告`)
	// statsPeriod is the preamble's statement of the period the figures
	// cover ("统计期限自2021年1月1日起", "数据统计时限为2021年1月1日至").
	statsPeriod = regexp.MustCompile(`统\s*计\s*(?:期\s*限|时\s*限|期|时\s*段|区\s*间)[^。\n\d]{0,12}((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日`)
	periodYear  = regexp.MustCompile(`((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日`)
	// reportedAs is the preamble's "现将本机关2022年度政府信息公开工作情况
	// 报告如下" (the report names its year, not its title).
	reportedAs = regexp.MustCompile(`现\s*将[^。\n\d]{0,24}((?:19|20)\d\d)\s*年\s*度?[^。\n]{0,40}?报\s*告\s*如\s*下`)
	// yearEnd is the end of the report year: "截至2023年12月31日".
	yearEnd  = regexp.MustCompile(`((?:19|20)\d\d)\s*年\s*12\s*月\s*31\s*日`)
	bareYear = regexp.MustCompile(`((?:19|20)\d\d)\s*年\s*度?`)
)

// Year finds the report year in the title, else in the text (the period
// its statistics cover, "统计期限自2021年1月1日"; then a report's name,
// "2023年政府信息公开工作年度报告"; then "现将本机关2022年度…报告如下";
// then any "2023年1月1日"; then the year's end, "截至2023年12月31日"); 0
// when unknown. The stated period beats a name in the text, which may be a
// slip (田黄镇 2021 calls itself 《田黄镇2020年…报告》) or another report.
func Year(title, text string) int {
	title = normalize.Text(title)
	if m := titleYear.FindStringSubmatch(title); m != nil {
		return atoi(m[1])
	}
	if m := firstAt(statsPeriodAt, text, tongStart); m != nil {
		return atoi(m[1])
	}
	if m := firstAt(titleYearAt, text, yearStart); m != nil {
		return atoi(m[1])
	}
	if m := firstAt(reportedAsAt, text, xianStart); m != nil {
		return atoi(m[1])
	}
	if m := firstAt(periodYearAt, text, yearStart); m != nil {
		return atoi(m[1])
	}
	if m := firstAt(yearEndAt, text, yearStart); m != nil {
		return atoi(m[1])
	}
	if m := bareYear.FindStringSubmatch(title); m != nil {
		return atoi(m[1])
	}
	return 0
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// DetectTemplate picks the template whose table 二 markers the text (with
// white space removed) holds most; "" when none.
func DetectTemplate(flat string) string {
	best, bestN := "", 0
	for i, t := range templates() {
		n := 0
		for _, m := range markers()[i] {
			if strings.Contains(flat, m) {
				n++
			}
		}
		if n > bestN {
			best, bestN = t.ID, n
		}
	}
	return best
}

// templates are the mapper's own copies of the declarations, made once
// and never changed (schema hands out copies; making them for every report
// cost a tenth of its time).
var templates = sync.OnceValue(schema.Templates)

// markers are the templates' markers in matching form, per template.
var markers = sync.OnceValue(func() [][]string {
	var out [][]string
	for _, t := range templates() {
		var ms []string
		for _, m := range t.Markers {
			ms = append(ms, normalize.LabelSimplified(m))
		}
		out = append(out, ms)
	}
	return out
})

// templateOf returns the mapper's copy of the template with the given
// ID, or nil.
func templateOf(id string) *schema.Template {
	for _, t := range templates() {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// regions are vrow indexes where the tables start (-1: not found; t4 is
// the number of rows when table 四 is not found).
type regions struct{ t2, t3, t4, end int }

// t2End is where table 二 ends: at table 三, else at table 四, else at
// the end of the report.
func (r regions) t2End() int {
	switch {
	case r.t3 >= 0:
		return r.t3
	case r.t4 >= 0 && r.t4 < r.end:
		return r.t4
	}
	return r.end
}

func findRegions(rows []vrow) regions {
	reg := regions{t2: -1, t3: -1, t4: -1, end: len(rows)}
	for i, r := range rows {
		if strings.Contains(r.label, "第二十条第(") || strings.Contains(r.label, "第二十条第一项") {
			reg.t2 = i
			break
		}
	}
	from := max(reg.t2, 0)
	for i := from; i < len(rows); i++ {
		l := rows[i].label
		if strings.Contains(l, "申请人情况") || strings.Contains(l, "勾稽关系") || strings.Contains(l, "本年新收") ||
			(strings.Contains(l, "自然人") && strings.Contains(l, "总计")) {
			reg.t3 = i
			break
		}
	}
	after := reg.t3
	if after < 0 {
		// table 三 lost: table 四 may still follow table 二
		if reg.t2 < 0 {
			reg.t4 = len(rows)
			return reg
		}
		after = reg.t2
	}
	// The label of the table 三 header row may carry the text before it
	// in running text; start at that row.
	for i := after + 1; i < len(rows); i++ {
		l := rows[i].label
		if strings.Contains(l, "行政复议") || strings.Contains(l, "行政诉讼") || strings.Contains(l, "复议后起诉") {
			reg.t4 = i
			break
		}
	}
	if reg.t4 < 0 {
		reg.t4 = len(rows)
		return reg
	}
	for i := reg.t4 + 1; i < len(rows); i++ {
		l := rows[i].label
		if strings.Contains(l, "存在的主要问题") || strings.Contains(l, "问题及改进") || strings.Contains(l, "其他需要报告") ||
			strings.Contains(l, "问题和改进") || strings.HasPrefix(l, "五.") || strings.HasPrefix(l, "五,") || strings.Contains(l, "#五.") {
			reg.end = i
			break
		}
	}
	return reg
}

func countData(rows []vrow, reg regions) int {
	n := 0
	for i := reg.t3; i < reg.t4 && i < len(rows); i++ {
		if valueCount(rows[i].items) >= 7 {
			n++
		}
	}
	return n
}

// valueCount counts the values of items; a run of digits counts as many
// values as it has digits (the most it can hold).
func valueCount(items []item) int {
	n := 0
	for _, it := range items {
		if it.blob {
			n += max(1, digitCount(it.raw))
			continue
		}
		n++
	}
	return n
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

func value(p piece, positional bool) report.Value {
	if p.missing {
		return missing()
	}
	if p.unread {
		return report.Value{Unread: true, Raw: p.raw, Locator: p.loc, Positional: positional}
	}
	if p.blank {
		v := report.BlankValue(p.raw, p.loc)
		v.Positional = positional
		return v
	}
	v := report.Number(p.num, p.raw, p.loc)
	v.Positional = positional
	return v
}

// missing is the value of a template cell the report does not print.
func missing() report.Value { return report.Value{Blank: true, Locator: "not printed"} }
