package simnet

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"

	"github.com/liuzl/gocc"

	"ogi/internal/docwriter"
	"ogi/schema"
)

// tcell is one cell of a table model: its text as printed and its spans.
type tcell struct {
	text   string
	rs, cs int
	num    bool // a value cell (number, blank or amount with unit)
}

// ttable is a table as the report lays it out, before it is printed as
// HTML, DOCX or PDF. The first labelCols grid columns hold labels.
type ttable struct {
	rows      [][]tcell
	labelCols int
}

// block is one paragraph, heading or table of a report, in reading order.
type block struct {
	text    string
	heading bool
	table   *ttable
}

// layout is how a portal prints its tables.
type layout struct {
	variants  bool // label variants instead of the canonical labels
	subtotals bool // subtotal rows before the groups of table 三
}

type builder struct {
	tx        func(string) string
	variants  bool // print the label variants some portals use
	subtotals bool // print a subtotal row before each group of table 三
}

// labelVariants are wordings seen in real reports for canonical labels
// (report-format.md §3.3); the schema keywords accept all of them.
var labelVariants = map[string]string{
	"一、本年新收政府信息公开申请数量":             "一、本年新收政府信息公开申请数",
	"二、上年结转政府信息公开申请数量":             "二、上年度结转政府信息公开申请数量",
	"（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开",
	"2.其他法律行政法规禁止公开":               "2.其他法律、行政法规禁止公开",
	"3.危及“三安全一稳定”":                 "3.危及「三安全一稳定」",
	"4.保护第三方合法权益":                  "4.保护第三方的合法权益",
	"1.本机关不掌握相关政府信息":               "1.本机关不掌握相关的政府信息",
	"1.信访举报投诉类申请":                  "1.信访、举报、投诉类申请",
	"5.要求行政机关确认或重新出具已获取信息":         "5.要求行政机关确认或者重新出具已获取信息",
	"3.补正后申请内容仍不明确":                "3.补正后申请内容仍然不明确",
	"总计":                           "合计",
}

func (b builder) label(text string, rs, cs int) tcell {
	if v, ok := labelVariants[text]; ok && b.variants {
		text = v
	}
	return tcell{text: b.tx(text), rs: max(rs, 1), cs: max(cs, 1)}
}

func (b builder) num(v float64, blank, signed bool, cs int) tcell {
	if blank {
		return tcell{text: "", rs: 1, cs: max(cs, 1), num: true}
	}
	return tcell{text: formatNum(v, signed), rs: 1, cs: max(cs, 1), num: true}
}

// activeTable lays out table 二 block by block from the template's fields.
func (bd builder) activeTable(tmpl *schema.Template, f *Figures) *ttable {
	type blk struct {
		caption string
		cols    []string
		rows    []string
		fields  map[[2]string]schema.ActiveField
	}
	var blocks []*blk
	for _, af := range tmpl.Active {
		var b *blk
		if len(blocks) > 0 && blocks[len(blocks)-1].caption == af.Block {
			b = blocks[len(blocks)-1]
		} else {
			b = &blk{caption: af.Block, fields: map[[2]string]schema.ActiveField{}}
			blocks = append(blocks, b)
		}
		if !contains(b.cols, af.Column) {
			b.cols = append(b.cols, af.Column)
		}
		if !contains(b.rows, af.Row) {
			b.rows = append(b.rows, af.Row)
		}
		b.fields[[2]string{af.Row, af.Column}] = af
	}
	width := 0
	for _, b := range blocks {
		width = max(width, len(b.cols))
	}
	t := &ttable{labelCols: 1}
	for _, b := range blocks {
		t.rows = append(t.rows, []tcell{bd.label(b.caption, 1, width+1)})
		hdr := []tcell{bd.label("信息内容", 1, 1)}
		for i, c := range b.cols {
			span := 1
			if i == len(b.cols)-1 {
				span = width - len(b.cols) + 1
			}
			hdr = append(hdr, bd.label(c, 1, span))
		}
		t.rows = append(t.rows, hdr)
		for _, r := range b.rows {
			cells := []tcell{bd.label(r, 1, 1)}
			for i, c := range b.cols {
				span := 1
				if i == len(b.cols)-1 {
					span = width - len(b.cols) + 1
				}
				af, ok := b.fields[[2]string{r, c}]
				if !ok {
					cells = append(cells, tcell{rs: 1, cs: span, num: true})
					continue
				}
				ref := schema.Ref{Table: schema.TableActive, Row: af.Key}
				if af.Unit && !f.IsBlank(ref) {
					cells = append(cells, tcell{text: formatNum(f.Active[af.Key], false) + bd.tx(f.ActiveUnits[af.Key]), rs: 1, cs: span, num: true})
					continue
				}
				cells = append(cells, bd.num(f.Active[af.Key], f.IsBlank(ref), af.Signed, span))
			}
			t.rows = append(t.rows, cells)
		}
	}
	return t
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// applicationsTable lays out table 三 with the merged header and group
// cells.
func (bd builder) applicationsTable(tmpl *schema.Template, f *Figures) *ttable {
	cols := tmpl.ApplicationColumns
	t := &ttable{labelCols: 3}
	t.rows = append(t.rows,
		[]tcell{bd.label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), bd.label("申请人情况", 1, len(cols))},
		[]tcell{bd.label(cols[0].Label, 2, 1), bd.label("法人或其他组织", 1, len(cols)-2), bd.label(cols[len(cols)-1].Label, 2, 1)})
	var mid []tcell
	for _, c := range cols[1 : len(cols)-1] {
		mid = append(mid, bd.label(c.Label, 1, 1))
	}
	t.rows = append(t.rows, mid)
	groupSize := map[string]int{}
	result := 0
	for _, r := range tmpl.ApplicationRows {
		if r.Group != "" {
			groupSize[r.Group]++
		}
		if r.Outcome || r.Key == "total_processed" {
			result++
		}
	}
	if bd.subtotals {
		result += len(groupSize)
	}
	groupLabel := map[string]string{}
	for _, g := range tmpl.ApplicationGroups {
		groupLabel[g.Key] = g.Label
	}
	seenGroup := map[string]bool{}
	resultOpen := false
	for _, r := range tmpl.ApplicationRows {
		var cells []tcell
		switch {
		case r.Outcome || r.Key == "total_processed":
			if !resultOpen {
				cells = append(cells, bd.label("三、本年度办理结果", result, 1))
				resultOpen = true
			}
			if r.Group == "" {
				cells = append(cells, bd.label(r.Label, 1, 2))
			} else {
				if !seenGroup[r.Group] && bd.subtotals {
					// The subtotal row: the group label beside the sums
					// of the block that follows.
					cells = append(cells, bd.label(groupLabel[r.Group], 1, 2))
					for _, c := range cols {
						var s float64
						for _, gr := range tmpl.ApplicationRows {
							if gr.Group == r.Group {
								s += f.Applications[gr.Key][c.Key]
							}
						}
						cells = append(cells, bd.num(s, false, false, 1))
					}
					t.rows = append(t.rows, cells)
					cells = []tcell{bd.label("其中：", groupSize[r.Group], 1)}
					seenGroup[r.Group] = true
				}
				if !seenGroup[r.Group] {
					cells = append(cells, bd.label(groupLabel[r.Group], groupSize[r.Group], 1))
					seenGroup[r.Group] = true
				}
				cells = append(cells, bd.label(r.Label, 1, 1))
			}
		default:
			cells = append(cells, bd.label(r.Label, 1, 3))
		}
		for _, c := range cols {
			ref := schema.Ref{Table: schema.TableApplications, Row: r.Key, Col: c.Key}
			cells = append(cells, bd.num(f.Applications[r.Key][c.Key], f.IsBlank(ref), false, 1))
		}
		t.rows = append(t.rows, cells)
	}
	return t
}

// reviewTable lays out table 四.
func (bd builder) reviewTable(tmpl *schema.Template, f *Figures) *ttable {
	nf := len(tmpl.ReviewFields)
	t := &ttable{}
	t.rows = append(t.rows, []tcell{bd.label("行政复议", 1, nf), bd.label("行政诉讼", 1, nf*(len(tmpl.ReviewGroups)-1))})
	var r2 []tcell
	for _, fd := range tmpl.ReviewFields {
		r2 = append(r2, bd.label(fd.Label, 2, 1))
	}
	for _, g := range tmpl.ReviewGroups[1:] {
		r2 = append(r2, bd.label(g.Label, 1, nf))
	}
	t.rows = append(t.rows, r2)
	var r3 []tcell
	for range tmpl.ReviewGroups[1:] {
		for _, fd := range tmpl.ReviewFields {
			r3 = append(r3, bd.label(fd.Label, 1, 1))
		}
	}
	t.rows = append(t.rows, r3)
	var vals []tcell
	for _, k := range tmpl.ReviewKeys() {
		ref := schema.Ref{Table: schema.TableReview, Row: k}
		vals = append(vals, bd.num(f.ReviewLitigation[k], f.IsBlank(ref), false, 1))
	}
	t.rows = append(t.rows, vals)
	return t
}

// reportBlocks is the text of a standard report with its three tables.
func reportBlocks(rng *rand.Rand, d *document, f *Figures, tmpl *schema.Template, style layout, tx func(string) string) []block {
	bd := builder{tx: tx, variants: style.variants, subtotals: style.subtotals}
	app := f.Applications
	var bs []block
	para := func(s string) { bs = append(bs, block{text: tx(s)}) }
	heading := func(s string) { bs = append(bs, block{text: tx(s), heading: true}) }
	para(fmt.Sprintf("本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求，由%s编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限为%d年1月1日至%d年12月31日。", d.agency, d.year, d.year))
	heading("一、总体情况")
	para(fmt.Sprintf("%d年，%s深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，坚持以公开为常态、不公开为例外，持续提升政务公开质量。", d.year, d.agency))
	para(fmt.Sprintf("（一）依申请公开。全年共新收政府信息公开申请%s件，上年结转%s件，办结%s件，结转下年度继续办理%s件。",
		formatNum(app["new_received"]["total"], false), formatNum(app["carried_in"]["total"], false),
		formatNum(app["total_processed"]["total"], false), formatNum(app["carried_out"]["total"], false)))
	para("（二）平台建设。进一步优化政府网站信息公开专栏，及时更新法定主动公开内容。")
	heading("二、主动公开政府信息情况")
	bs = append(bs, block{table: bd.activeTable(tmpl, f)})
	heading("三、收到和处理政府信息公开申请情况")
	bs = append(bs, block{table: bd.applicationsTable(tmpl, f)})
	heading("四、政府信息公开行政复议、行政诉讼情况")
	bs = append(bs, block{table: bd.reviewTable(tmpl, f)})
	heading("五、存在的主要问题及改进情况")
	para([]string{
		"一是公开内容的及时性有待提高；二是部分栏目更新不够规范。下一步将加强业务培训，完善信息发布审核机制。",
		"政务公开工作与群众期盼相比仍有差距，政策解读形式较为单一。下一步将丰富解读形式，提升公开实效。",
		"基层政务公开标准化规范化建设有待加强。下一步将持续推进标准目录动态更新。",
	}[rng.IntN(3)])
	heading("六、其他需要报告的事项")
	para(fmt.Sprintf("本年度未收取信息处理费。%s认为无其他需要报告的事项。", d.agency))
	return bs
}

// htmlCell is a table cell, the way Word pastes it when word is set.
func htmlCell(c tcell, word bool) string {
	attrs := ""
	if c.rs > 1 {
		attrs += fmt.Sprintf(` rowspan="%d"`, c.rs)
	}
	if c.cs > 1 {
		attrs += fmt.Sprintf(` colspan="%d"`, c.cs)
	}
	text := html.EscapeString(c.text)
	if text == "" {
		text = "&nbsp;"
	}
	if !word {
		return "<td" + attrs + ">" + text + "</td>"
	}
	return `<td` + attrs + ` valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:宋体">` +
		text + `</span></p></td>`
}

// blocksHTML prints report blocks as article HTML.
func blocksHTML(bs []block, word bool) string {
	var b strings.Builder
	for _, bl := range bs {
		switch {
		case bl.table != nil:
			if word {
				b.WriteString(`<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;border:none">` + "\n")
			} else {
				b.WriteString(`<table border="1" cellspacing="0" cellpadding="4">` + "\n")
			}
			for _, row := range bl.table.rows {
				b.WriteString("<tr>")
				for _, c := range row {
					b.WriteString(htmlCell(c, word))
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</table>\n")
		case bl.heading:
			b.WriteString(`<p style="text-indent:2em"><strong>` + html.EscapeString(bl.text) + "</strong></p>\n")
		default:
			b.WriteString(`<p style="text-indent:2em">` + html.EscapeString(bl.text) + "</p>\n")
		}
	}
	return b.String()
}

// grid expands a table model into a rectangle: each cell's text at its
// top-left position, covered positions marked with the docwriter span
// markers (SpanLeft to the right of a cell, SpanUp below it).
func (t *ttable) grid() ([][]string, [][]bool) {
	var g [][]string
	var isNum [][]bool
	ensure := func(r, c int) {
		for len(g) <= r {
			g = append(g, nil)
			isNum = append(isNum, nil)
		}
		for len(g[r]) <= c {
			g[r] = append(g[r], "\x00")
			isNum[r] = append(isNum[r], false)
		}
	}
	for r, row := range t.rows {
		c := 0
		for _, cell := range row {
			for {
				ensure(r, c)
				if g[r][c] == "\x00" {
					break
				}
				c++
			}
			for i := 0; i < cell.rs; i++ {
				for k := 0; k < cell.cs; k++ {
					ensure(r+i, c+k)
					switch {
					case i == 0 && k == 0:
						g[r][c] = cell.text
						isNum[r][c] = cell.num
					case k > 0:
						g[r+i][c+k] = docwriter.SpanLeft
					default:
						g[r+i][c+k] = docwriter.SpanUp
					}
				}
			}
			c += cell.cs
		}
	}
	return g, isNum
}

// reportDOCX writes the report as a Word document.
func reportDOCX(title string, bs []block) ([]byte, error) {
	var blocks []docwriter.Block
	for _, bl := range bs {
		if bl.table == nil {
			blocks = append(blocks, docwriter.Block{Para: bl.text})
			continue
		}
		g, _ := bl.table.grid()
		blocks = append(blocks, docwriter.Block{Table: g})
	}
	out, err := docwriter.DOCXBlocks(title, blocks, false)
	if err != nil {
		return nil, fmt.Errorf("simnet: docx: %w", err)
	}
	return out, nil
}

// PDF layout, in display columns (a CJK character is two).
const (
	pdfTextWidth  = 90  // wrap width of paragraphs
	pdfLabelWidth = 42  // label area of a table row
	pdfValueWidth = 9   // one value column
	pdfTableWidth = 136 // a table line at pdfTableSize
)

// wrap breaks s into pieces of at most width display columns.
func wrap(s string, width int) []string {
	var out []string
	var cur strings.Builder
	w := 0
	for _, r := range s {
		rw := docwriter.DisplayWidth(string(r))
		if w+rw > width && cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
			w = 0
		}
		cur.WriteRune(r)
		w += rw
	}
	if cur.Len() > 0 || len(out) == 0 {
		out = append(out, cur.String())
	}
	return out
}

// tableLines lays a table out as column-aligned text lines, the way
// pdftotext -layout shows a PDF table: group labels on a line of their
// own, the innermost label beside the values, long labels wrapped.
func tableLines(t *ttable) []string {
	g, isNum := t.grid()
	var lines []string
	ncols := 0
	for _, r := range g {
		ncols = max(ncols, len(r))
	}
	labelW := 0
	if t.labelCols > 0 {
		labelW = pdfLabelWidth
	}
	valueCols := ncols - t.labelCols
	valueW := pdfValueWidth
	if valueCols > 0 && labelW+valueCols*valueW > pdfTableWidth {
		valueW = max(6, (pdfTableWidth-labelW)/valueCols)
	}
	colStart := func(c int) int {
		if c < t.labelCols {
			return 0
		}
		return labelW + (c-t.labelCols)*valueW
	}
	real := func(s string) bool { return s != docwriter.SpanLeft && s != docwriter.SpanUp && s != "\x00" }
	for r, row := range g {
		// Labels in the label area: all but the last on lines of their own.
		var labels []string
		for c := 0; c < min(t.labelCols, len(row)); c++ {
			if real(row[c]) && row[c] != "" {
				labels = append(labels, row[c])
			}
		}
		// A row whose label spans into the value area is a caption.
		if len(labels) > 0 && t.labelCols > 0 && len(row) > t.labelCols && row[t.labelCols] == docwriter.SpanLeft && !isNum[r][0] {
			caption := true
			for c := t.labelCols; c < len(row); c++ {
				if real(row[c]) {
					caption = false
				}
			}
			if caption {
				lines = append(lines, wrap(strings.Join(labels, " "), pdfTableWidth)...)
				continue
			}
		}
		for len(labels) > 1 {
			lines = append(lines, wrap(labels[0], labelW-2)...)
			labels = labels[1:]
		}
		var labelLines []string
		if len(labels) == 1 {
			labelLines = wrap(labels[0], labelW-2)
		}
		// Value cells, each wrapped to its width (spans widen it).
		cellLines := map[int][]string{}
		height := max(1, len(labelLines))
		for c := t.labelCols; c < len(row); c++ {
			if !real(row[c]) {
				continue
			}
			span := 1
			for c+span < len(row) && row[c+span] == docwriter.SpanLeft {
				span++
			}
			ls := wrap(row[c], span*valueW-1)
			cellLines[c] = ls
			height = max(height, len(ls))
		}
		for i := 0; i < height; i++ {
			var cols []int
			var cells []string
			if i < len(labelLines) {
				cols = append(cols, 0)
				cells = append(cells, labelLines[i])
			}
			for c := t.labelCols; c < len(row); c++ {
				if ls, ok := cellLines[c]; ok && i < len(ls) && ls[i] != "" {
					cols = append(cols, colStart(c))
					cells = append(cells, ls[i])
				}
			}
			if len(cells) > 0 {
				lines = append(lines, docwriter.Align(cols, cells...))
			}
		}
	}
	return lines
}

// PDF page geometry: text at 10.5 pt, tables at 7 pt so that table 四's
// fifteen columns fit the A4 width.
const (
	pdfMargin    = 50.0
	pdfTextSize  = 10.5
	pdfTableSize = 7.0
)

// reportPDF writes the report as a PDF whose text layer carries the tables
// column-aligned.
func reportPDF(title string, bs []block) ([]byte, error) {
	type line struct {
		s    string
		size float64
	}
	lines := []line{{title, 14}, {"", pdfTextSize}}
	for _, bl := range bs {
		switch {
		case bl.table != nil:
			for _, l := range tableLines(bl.table) {
				lines = append(lines, line{l, pdfTableSize})
			}
			lines = append(lines, line{"", pdfTextSize})
		default:
			for _, l := range wrap(bl.text, pdfTextWidth) {
				lines = append(lines, line{l, pdfTextSize})
			}
		}
	}
	var pages []docwriter.Page
	var cur docwriter.Page
	y := docwriter.PageHeight - pdfMargin
	for _, l := range lines {
		lead := l.size * 1.6
		if y-lead < pdfMargin {
			pages = append(pages, cur)
			cur, y = nil, docwriter.PageHeight-pdfMargin
		}
		y -= lead
		cur = append(cur, docwriter.LineRuns(l.s, pdfMargin, y, l.size)...)
	}
	pages = append(pages, cur)
	out, err := docwriter.PDFPages(pages)
	if err != nil {
		return nil, fmt.Errorf("simnet: pdf: %w", err)
	}
	return out, nil
}

// freeformBody is a pre-2019 report: headings of the old Regulation, a few
// numbers in prose, no standard tables.
func freeformBody(rng *rand.Rand, d *document, tx func(string) string) string {
	var bs []block
	para := func(s string) { bs = append(bs, block{text: tx(s)}) }
	heading := func(s string) { bs = append(bs, block{text: tx(s), heading: true}) }
	para(fmt.Sprintf("根据《中华人民共和国政府信息公开条例》（国务院令第492号）规定，现公布%s%d年政府信息公开工作年度报告。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。", d.agency, d.year, d.year, d.year))
	heading("一、概述")
	para(fmt.Sprintf("%d年，我县认真贯彻落实《条例》，政府信息公开工作稳步推进。", d.year))
	heading("二、主动公开政府信息情况")
	para(fmt.Sprintf("全年共主动公开政府信息%d条，其中规范性文件%d件。", 300+rng.IntN(3000), rng.IntN(30)))
	heading("三、依申请公开政府信息情况")
	para(fmt.Sprintf("全年共受理政府信息公开申请%d件，均已按时答复。", rng.IntN(80)))
	heading("四、政府信息公开的收费及减免情况")
	para("本年度未收取任何费用。")
	heading("五、因政府信息公开申请行政复议、提起行政诉讼的情况")
	para(fmt.Sprintf("全年发生政府信息公开行政复议%d件，行政诉讼%d件。", rng.IntN(3), rng.IntN(2)))
	heading("六、存在的主要问题及改进措施")
	para("公开意识有待增强。下一步将进一步健全工作机制。")
	return blocksHTML(bs, false)
}

// freeform2019Body is a 2019 report written as free text under the new
// Regulation: the numbers in prose, none of the unified tables.
func freeform2019Body(d *document, f *Figures, tx func(string) string) string {
	app := f.Applications
	n := func(row string) string { return formatNum(app[row]["total"], false) }
	var review, lit float64
	for _, fd := range []string{"upheld", "corrected", "other", "pending"} {
		review += f.ReviewLitigation["review_"+fd]
		lit += f.ReviewLitigation["lit_direct_"+fd] + f.ReviewLitigation["lit_after_review_"+fd]
	}
	bs := []block{
		{text: tx(fmt.Sprintf("根据新修订的《中华人民共和国政府信息公开条例》（国务院令第711号）要求，现公布%s%d年政府信息公开工作年度报告。本报告所列数据的统计期限为%d年1月1日至12月31日。", d.agency, d.year, d.year))},
		{text: tx("一、总体情况"), heading: true},
		{text: tx(fmt.Sprintf("%d年，%s认真贯彻落实新修订的《条例》，扎实推进政府信息公开工作。", d.year, d.agency))},
		{text: tx("二、主动公开政府信息情况"), heading: true},
		{text: tx(fmt.Sprintf("全年制发规范性文件%s件，作出行政许可决定%s件、行政处罚决定%s件。", formatNum(f.Active["normative_docs_made"], false), formatNum(f.Active["licensing_decisions"], false), formatNum(f.Active["penalty_decisions"], false)))},
		{text: tx("三、收到和处理政府信息公开申请情况"), heading: true},
		{text: tx(fmt.Sprintf("全年共收到政府信息公开申请%s件，上年结转%s件；予以公开%s件，部分公开%s件，结转下年度继续办理%s件。", n("new_received"), n("carried_in"), n("granted"), n("partially_granted"), n("carried_out")))},
		{text: tx("四、政府信息公开行政复议、行政诉讼情况"), heading: true},
		{text: tx(fmt.Sprintf("全年因政府信息公开被申请行政复议%s件，提起行政诉讼%s件。", formatNum(review, false), formatNum(lit, false)))},
		{text: tx("五、存在的主要问题及改进情况"), heading: true},
		{text: tx("政府信息公开工作还存在公开内容不够全面等问题，下一步将认真加以改进。")},
	}
	return blocksHTML(bs, false)
}

func guideBody(d *document, tx func(string) string) string {
	bs := []block{
		{text: tx(fmt.Sprintf("为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制%s政府信息公开指南。", d.agency))},
		{text: tx("一、主动公开"), heading: true},
		{text: tx("主动公开的政府信息通过政府网站、政府公报、新闻发布会等途径公开。")},
		{text: tx("二、依申请公开"), heading: true},
		{text: tx("公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请应当采用书面形式。")},
		{text: tx("三、监督和救济"), heading: true},
		{text: tx("认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。")},
	}
	return blocksHTML(bs, false)
}

func noticeBody(d *document, tx func(string) string) string {
	bs := []block{
		{text: tx("各乡镇人民政府、街道办事处，县政府各部门：")},
		{text: tx(fmt.Sprintf("为做好%d年度政务公开相关工作，现将有关事项通知如下。请各单位高度重视，按照要求认真组织实施，确保各项工作按时完成。", d.year))},
		{text: tx(fmt.Sprintf("%s办公室", d.agency))},
	}
	return blocksHTML(bs, false)
}

// attachmentBody is the short page in front of a PDF or DOCX report.
func attachmentBody(d *document, href string, tx func(string) string) string {
	var b strings.Builder
	b.WriteString(blocksHTML([]block{{text: tx(fmt.Sprintf("现将%s予以公布。", d.title))}}, false))
	ext := extOf(d.attachPath)
	b.WriteString(`<p>` + html.EscapeString(tx("附件：")) + `<a href="` + html.EscapeString(href) + `" target="_blank">` +
		html.EscapeString(tx(d.title)) + ext + "</a></p>\n")
	return b.String()
}

// pinyin is the debris that mirror sites insert after some traditional
// characters (統(tǒng)計(jì)).
var pinyin = map[rune]string{
	'統': "tǒng", '計': "jì", '規': "guī", '範': "fàn", '發': "fā", '區': "qū", '監': "jiān",
	'態': "tài", '衛': "wèi", '穩': "wěn", '續': "xù", '業': "yè", '醫': "yī", '優': "yōu",
	'執': "zhí", '環': "huán", '創': "chuàng",
}

// newTraditional builds the traditional-with-debris text transform.
func newTraditional() (func(string) string, error) {
	cc, err := gocc.New("s2t")
	if err != nil {
		return nil, fmt.Errorf("simnet: opencc s2t: %w", err)
	}
	return func(s string) string {
		t, err := cc.Convert(s)
		if err != nil {
			return s
		}
		var b strings.Builder
		for _, r := range t {
			b.WriteRune(r)
			if py, ok := pinyin[r]; ok {
				b.WriteString("(" + py + ")")
			}
		}
		return b.String()
	}, nil
}

func identity(s string) string { return s }
