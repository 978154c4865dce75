package simnet

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/liuzl/gocc"

	"ogi/schema"
)

// attachmentsSupported turns on PDF and DOCX renderings.
const attachmentsSupported = false

// wordCell is a table cell the way Word pastes it.
func wordCell(text, attrs string, word bool) string {
	if !word {
		return "<td" + attrs + ">" + text + "</td>"
	}
	return `<td` + attrs + ` valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"><p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;font-family:宋体">` +
		text + `</span></p></td>`
}

type tableWriter struct {
	b    *strings.Builder
	word bool
	tx   func(string) string
}

func (t *tableWriter) open() {
	if t.word {
		t.b.WriteString(`<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;border:none">` + "\n")
	} else {
		t.b.WriteString(`<table border="1" cellspacing="0" cellpadding="4">` + "\n")
	}
}

func (t *tableWriter) close() { t.b.WriteString("</table>\n") }

func (t *tableWriter) row(cells ...string) {
	t.b.WriteString("<tr>")
	for _, c := range cells {
		t.b.WriteString(c)
	}
	t.b.WriteString("</tr>\n")
}

// label is a text cell.
func (t *tableWriter) label(text string, attrs string) string {
	return wordCell(html.EscapeString(t.tx(text)), attrs, t.word)
}

// num is a number cell; blank cells print as &nbsp;.
func (t *tableWriter) num(v float64, blank, signed bool, attrs string) string {
	if blank {
		return wordCell("&nbsp;", attrs, t.word)
	}
	return wordCell(formatNum(v, signed), attrs, t.word)
}

func colspan(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(` colspan="%d"`, n)
}

func rowspan(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(` rowspan="%d"`, n)
}

// activeTable prints table 二 block by block from the template's fields.
func activeTable(t *tableWriter, tmpl *schema.Template, f *Figures) {
	type block struct {
		caption string
		cols    []string
		rows    []string
		fields  map[[2]string]schema.ActiveField
	}
	var blocks []*block
	for _, af := range tmpl.Active {
		var b *block
		if len(blocks) > 0 && blocks[len(blocks)-1].caption == af.Block {
			b = blocks[len(blocks)-1]
		} else {
			b = &block{caption: af.Block, fields: map[[2]string]schema.ActiveField{}}
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
	t.open()
	for _, b := range blocks {
		t.row(t.label(b.caption, colspan(width+1)))
		cells := []string{t.label("信息内容", "")}
		for i, c := range b.cols {
			span := 1
			if i == len(b.cols)-1 {
				span = width - len(b.cols) + 1
			}
			cells = append(cells, t.label(c, colspan(span)))
		}
		t.row(cells...)
		for _, r := range b.rows {
			cells := []string{t.label(r, "")}
			for i, c := range b.cols {
				span := 1
				if i == len(b.cols)-1 {
					span = width - len(b.cols) + 1
				}
				af, ok := b.fields[[2]string{r, c}]
				if !ok {
					cells = append(cells, wordCell("&nbsp;", colspan(span), t.word))
					continue
				}
				ref := schema.Ref{Table: schema.TableActive, Row: af.Key}
				if af.Unit && !f.IsBlank(ref) {
					cells = append(cells, wordCell(formatNum(f.Active[af.Key], false)+html.EscapeString(t.tx(f.ActiveUnits[af.Key])), colspan(span), t.word))
					continue
				}
				cells = append(cells, t.num(f.Active[af.Key], f.IsBlank(ref), af.Signed, colspan(span)))
			}
			t.row(cells...)
		}
	}
	t.close()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// applicationsTable prints table 三 with the merged header and group cells.
func applicationsTable(t *tableWriter, tmpl *schema.Template, f *Figures) {
	cols := tmpl.ApplicationColumns
	t.open()
	t.row(t.label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan(3)+colspan(3)),
		t.label("申请人情况", colspan(len(cols))))
	t.row(t.label(cols[0].Label, rowspan(2)), t.label("法人或其他组织", colspan(len(cols)-2)), t.label(cols[len(cols)-1].Label, rowspan(2)))
	var mid []string
	for _, c := range cols[1 : len(cols)-1] {
		mid = append(mid, t.label(c.Label, ""))
	}
	t.row(mid...)
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
	groupLabel := map[string]string{}
	for _, g := range tmpl.ApplicationGroups {
		groupLabel[g.Key] = g.Label
	}
	seenGroup := map[string]bool{}
	resultOpen := false
	for _, r := range tmpl.ApplicationRows {
		var cells []string
		switch {
		case r.Outcome || r.Key == "total_processed":
			if !resultOpen {
				cells = append(cells, t.label("三、本年度办理结果", rowspan(result)))
				resultOpen = true
			}
			if r.Group == "" {
				cells = append(cells, t.label(r.Label, colspan(2)))
			} else {
				if !seenGroup[r.Group] {
					cells = append(cells, t.label(groupLabel[r.Group], rowspan(groupSize[r.Group])))
					seenGroup[r.Group] = true
				}
				cells = append(cells, t.label(r.Label, ""))
			}
		default:
			cells = append(cells, t.label(r.Label, colspan(3)))
		}
		for _, c := range cols {
			ref := schema.Ref{Table: schema.TableApplications, Row: r.Key, Col: c.Key}
			cells = append(cells, t.num(f.Applications[r.Key][c.Key], f.IsBlank(ref), false, ""))
		}
		t.row(cells...)
	}
	t.close()
}

// reviewTable prints table 四.
func reviewTable(t *tableWriter, tmpl *schema.Template, f *Figures) {
	nf := len(tmpl.ReviewFields)
	t.open()
	t.row(t.label("行政复议", colspan(nf)), t.label("行政诉讼", colspan(nf*(len(tmpl.ReviewGroups)-1))))
	var r2 []string
	for _, fd := range tmpl.ReviewFields {
		r2 = append(r2, t.label(fd.Label, rowspan(2)))
	}
	for _, g := range tmpl.ReviewGroups[1:] {
		r2 = append(r2, t.label(g.Label, colspan(nf)))
	}
	t.row(r2...)
	var r3 []string
	for range tmpl.ReviewGroups[1:] {
		for _, fd := range tmpl.ReviewFields {
			r3 = append(r3, t.label(fd.Label, ""))
		}
	}
	t.row(r3...)
	var vals []string
	for _, k := range tmpl.ReviewKeys() {
		ref := schema.Ref{Table: schema.TableReview, Row: k}
		vals = append(vals, t.num(f.ReviewLitigation[k], f.IsBlank(ref), false, ""))
	}
	t.row(vals...)
	t.close()
}

func para(b *strings.Builder, tx func(string) string, text string) {
	b.WriteString(`<p style="text-indent:2em">`)
	b.WriteString(html.EscapeString(tx(text)))
	b.WriteString("</p>\n")
}

func heading(b *strings.Builder, tx func(string) string, text string) {
	b.WriteString(`<p style="text-indent:2em"><strong>`)
	b.WriteString(html.EscapeString(tx(text)))
	b.WriteString("</strong></p>\n")
}

// reportBody is the article of a standard report with its three tables.
func reportBody(rng *rand.Rand, d *document, f *Figures, tmpl *schema.Template, word bool, tx func(string) string) string {
	var b strings.Builder
	tw := &tableWriter{b: &b, word: word, tx: tx}
	app := f.Applications
	para(&b, tx, fmt.Sprintf("本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求，由%s编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限为%d年1月1日至%d年12月31日。", d.agency, d.year, d.year))
	heading(&b, tx, "一、总体情况")
	para(&b, tx, fmt.Sprintf("%d年，%s深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，坚持以公开为常态、不公开为例外，持续提升政务公开质量。", d.year, d.agency))
	para(&b, tx, fmt.Sprintf("（一）依申请公开。全年共新收政府信息公开申请%s件，上年结转%s件，办结%s件，结转下年度继续办理%s件。",
		formatNum(app["new_received"]["total"], false), formatNum(app["carried_in"]["total"], false),
		formatNum(app["total_processed"]["total"], false), formatNum(app["carried_out"]["total"], false)))
	para(&b, tx, "（二）平台建设。进一步优化政府网站信息公开专栏，及时更新法定主动公开内容。")
	heading(&b, tx, "二、主动公开政府信息情况")
	activeTable(tw, tmpl, f)
	heading(&b, tx, "三、收到和处理政府信息公开申请情况")
	applicationsTable(tw, tmpl, f)
	heading(&b, tx, "四、政府信息公开行政复议、行政诉讼情况")
	reviewTable(tw, tmpl, f)
	heading(&b, tx, "五、存在的主要问题及改进情况")
	para(&b, tx, []string{
		"一是公开内容的及时性有待提高；二是部分栏目更新不够规范。下一步将加强业务培训，完善信息发布审核机制。",
		"政务公开工作与群众期盼相比仍有差距，政策解读形式较为单一。下一步将丰富解读形式，提升公开实效。",
		"基层政务公开标准化规范化建设有待加强。下一步将持续推进标准目录动态更新。",
	}[rng.IntN(3)])
	heading(&b, tx, "六、其他需要报告的事项")
	para(&b, tx, fmt.Sprintf("本年度未收取信息处理费。%s认为无其他需要报告的事项。", d.agency))
	return b.String()
}

// freeformBody is a pre-2019 report: headings of the old Regulation, a few
// numbers in prose, no standard tables.
func freeformBody(rng *rand.Rand, d *document, tx func(string) string) string {
	var b strings.Builder
	para(&b, tx, fmt.Sprintf("根据《中华人民共和国政府信息公开条例》（国务院令第492号）规定，现公布%s%d年政府信息公开工作年度报告。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。", d.agency, d.year, d.year, d.year))
	heading(&b, tx, "一、概述")
	para(&b, tx, fmt.Sprintf("%d年，我县认真贯彻落实《条例》，政府信息公开工作稳步推进。", d.year))
	heading(&b, tx, "二、主动公开政府信息情况")
	para(&b, tx, fmt.Sprintf("全年共主动公开政府信息%d条，其中规范性文件%d件。", 300+rng.IntN(3000), rng.IntN(30)))
	heading(&b, tx, "三、依申请公开政府信息情况")
	para(&b, tx, fmt.Sprintf("全年共受理政府信息公开申请%d件，均已按时答复。", rng.IntN(80)))
	heading(&b, tx, "四、政府信息公开的收费及减免情况")
	para(&b, tx, "本年度未收取任何费用。")
	heading(&b, tx, "五、因政府信息公开申请行政复议、提起行政诉讼的情况")
	para(&b, tx, fmt.Sprintf("全年发生政府信息公开行政复议%d件，行政诉讼%d件。", rng.IntN(3), rng.IntN(2)))
	heading(&b, tx, "六、存在的主要问题及改进措施")
	para(&b, tx, "公开意识有待增强。下一步将进一步健全工作机制。")
	return b.String()
}

func guideBody(d *document, tx func(string) string) string {
	var b strings.Builder
	para(&b, tx, fmt.Sprintf("为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制%s政府信息公开指南。", d.agency))
	heading(&b, tx, "一、主动公开")
	para(&b, tx, "主动公开的政府信息通过政府网站、政府公报、新闻发布会等途径公开。")
	heading(&b, tx, "二、依申请公开")
	para(&b, tx, "公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请应当采用书面形式。")
	heading(&b, tx, "三、监督和救济")
	para(&b, tx, "认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。")
	return b.String()
}

func noticeBody(d *document, tx func(string) string) string {
	var b strings.Builder
	para(&b, tx, "各乡镇人民政府、街道办事处，县政府各部门：")
	para(&b, tx, fmt.Sprintf("为做好%d年度政务公开相关工作，现将有关事项通知如下。请各单位高度重视，按照要求认真组织实施，确保各项工作按时完成。", d.year))
	para(&b, tx, fmt.Sprintf("%s办公室", d.agency))
	return b.String()
}

// attachmentBody is the short page in front of a PDF or DOCX report.
func attachmentBody(d *document, href string, tx func(string) string) string {
	var b strings.Builder
	para(&b, tx, fmt.Sprintf("现将%s予以公布。", d.title))
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

var _ = utf8.RuneLen
