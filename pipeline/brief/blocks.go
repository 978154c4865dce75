package brief

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Kind is the kind of a Block.
type Kind string

// Block kinds.
const (
	Title     Kind = "title"
	Heading   Kind = "heading"
	Heading3  Kind = "heading3"
	Paragraph Kind = "paragraph"
	Table     Kind = "table"
)

// Run is a piece of text, a link when Link is set.
type Run struct {
	Text, Link string
}

// Block is one heading, paragraph or table of the briefing. A table's
// first row is its header.
type Block struct {
	Kind Kind
	Runs []Run
	Rows [][][]Run
}

// Text is the plain text of a run list.
func Text(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

func plain(s string) []Run { return []Run{{Text: s}} }

func pct(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
}

func count(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// name is a jurisdiction's name, with its prefecture when the briefing
// covers the whole province.
func (b *Brief) name(e Entry) string {
	if b.Parent == "" && e.Parent != "" && e.Parent != b.ProvinceName {
		return e.Parent + e.Name
	}
	return e.Name
}

func (b *Brief) archived(id, label string) []Run {
	if id == "" {
		return plain("—")
	}
	return []Run{{Text: label, Link: b.Link(id)}}
}

// Blocks lays the briefing out, in Chinese in the style of a 通报, with a
// note in English at the end.
func (b *Brief) Blocks() []Block {
	var out []Block
	add := func(k Kind, s string) { out = append(out, Block{Kind: k, Runs: plain(s)}) }
	table := func(rows ...[][]Run) { out = append(out, Block{Kind: Table, Rows: rows}) }
	cells := func(ss ...string) [][]Run {
		c := make([][]Run, len(ss))
		for i, s := range ss {
			c[i] = plain(s)
		}
		return c
	}
	add(Title, fmt.Sprintf("关于%s%d年度政府信息公开工作年度报告发布情况的通报", b.Area, b.Year))
	add(Paragraph, fmt.Sprintf("根据《中华人民共和国政府信息公开条例》第四十九条，县级以上人民政府部门应当于每年1月31日前、"+
		"县级以上地方人民政府应当于每年3月31日前公布本机关上一年度政府信息公开工作年度报告。现将%s各级人民政府%d年度报告的发布情况和主要数据通报如下。",
		b.Area, b.Year))

	t := b.Total
	add(Heading, "一、报告发布情况")
	notDue := ""
	if t.NotDue > 0 {
		notDue = fmt.Sprintf("、抓取时尚未过公开期限的%d家", t.NotDue)
	}
	add(Paragraph, fmt.Sprintf("应当公开报告的人民政府%d家，已公开并读取报告%d家，公开率%s（不含未纳入抓取范围的%d家%s）；"+
		"未公开%d家，报告无法读取%d家，网站页面抓取失败、无法判断%d家。已公开的报告中，逾期公开%d家，按时公开率%s；"+
		"另有%d家报告页面未标明发布日期，无法判断是否按时，未计入按时统计。",
		t.Obliged, t.Published, pct(t.Coverage), t.NotCrawled, notDue, t.Missing, t.Failed, t.FetchFailed, len(b.Late), pct(t.OnTime),
		len(b.DateUnknown)))
	if len(b.ByPrefecture) > 0 {
		head := []string{"地市", "应公开", "已公开", "未公开", "无法读取", "抓取失败", "未抓取", "公开率", "逾期", "按时公开率"}
		if t.NotDue > 0 {
			head = slices.Insert(head, 7, "未到期")
		}
		rows := [][][]Run{cells(head...)}
		var skipped []string
		skippedGovs := 0
		for _, p := range b.ByPrefecture {
			if p.NotCrawled == p.Obliged {
				skipped = append(skipped, p.Name)
				skippedGovs += p.Obliged
				continue
			}
			row := []string{p.Name, strconv.Itoa(p.Obliged), strconv.Itoa(p.Published), strconv.Itoa(p.Missing),
				strconv.Itoa(p.Failed), strconv.Itoa(p.FetchFailed), strconv.Itoa(p.NotCrawled), pct(p.Coverage),
				strconv.Itoa(p.Late), pct(p.OnTime)}
			if t.NotDue > 0 {
				row = slices.Insert(row, 7, strconv.Itoa(p.NotDue))
			}
			rows = append(rows, cells(row...))
		}
		if len(rows) > 1 {
			table(rows...)
		}
		if len(skipped) > 0 {
			// The count is of governments (家), as in the table: the
			// row 地市人民政府本级 alone stands for every prefecture.
			add(Paragraph, fmt.Sprintf("%s的网站均未纳入本次抓取范围（共%d家），未列入上表。", strings.Join(skipped, "、"), skippedGovs))
		}
	}
	// Sub-sections are numbered in the order they are printed: the
	// optional ones leave no gap in （一）（二）….
	sub := 0
	subhead := func(format string, args ...any) {
		sub++
		add(Heading3, "（"+chineseNumber(sub)+"）"+fmt.Sprintf(format, args...))
	}
	subhead("未公开%d年度报告的（%d家）", b.Year, len(b.Missing))
	if len(b.Missing) == 0 {
		add(Paragraph, "无。")
	} else {
		rows := [][][]Run{cells("序号", "辖区", "区划代码")}
		for i, e := range b.Missing {
			rows = append(rows, cells(strconv.Itoa(i+1), b.name(e), e.Code))
		}
		table(rows...)
	}
	subhead("逾期公开的（%d家）", len(b.Late))
	if len(b.Late) == 0 {
		add(Paragraph, "无。")
	} else {
		rows := [][][]Run{cells("序号", "辖区", "发布日期", "截止日期", "逾期天数", "日期依据", "报告")}
		for i, e := range b.Late {
			rows = append(rows, append(cells(strconv.Itoa(i+1), b.name(e), e.Published, e.Deadline, strconv.Itoa(e.DaysLate),
				sourceZh[e.Source]), b.archived(e.ReportID, "存档")))
		}
		table(rows...)
	}
	if len(b.Failed) > 0 {
		subhead("已发布但报告无法读取的（%d家）", len(b.Failed))
		rows := [][][]Run{cells("序号", "辖区", "报告")}
		for i, e := range b.Failed {
			rows = append(rows, append(cells(strconv.Itoa(i+1), b.name(e)), b.archived(e.ReportID, "存档")))
		}
		table(rows...)
	}
	if len(b.FetchFailed) > 0 {
		subhead("网站页面抓取失败、无法判断是否公开的（%d家）", len(b.FetchFailed))
		rows := [][][]Run{cells("序号", "辖区", "说明")}
		for i, e := range b.FetchFailed {
			rows = append(rows, cells(strconv.Itoa(i+1), b.name(e), e.Note))
		}
		table(rows...)
	}
	if len(b.DateUnknown) > 0 {
		add(Paragraph, "报告页面未标明发布日期、无法判断是否按时的："+b.names(b.DateUnknown)+"。")
	}
	if len(b.NotDue) > 0 {
		subhead("截至抓取时尚未过公开期限、未作判断的（%d家）", len(b.NotDue))
		rows := [][][]Run{cells("序号", "辖区", "说明")}
		for i, e := range b.NotDue {
			rows = append(rows, cells(strconv.Itoa(i+1), b.name(e), e.Note))
		}
		table(rows...)
	}
	switch n := len(b.NotCrawled); {
	case n > 0 && n <= maxNamed:
		add(Paragraph, "未纳入本次抓取范围、未作判断的："+b.names(b.NotCrawled)+"。")
	case n > maxNamed:
		add(Paragraph, fmt.Sprintf("另有%d家未纳入本次抓取范围、未作判断（名单见 ogi compare coverage 或仪表盘的公开情况下载）。", n))
	}
	out = append(out, b.metricBlocks()...)
	out = append(out, b.changeBlocks()...)
	out = append(out, b.checkBlocks()...)
	add(Heading, "五、说明")
	add(Paragraph, "本通报数据由ogi从各级人民政府门户网站抓取的年度报告中自动读取。指标只采用通过报告自身勾稽关系校验的数据："+
		"分子或分母所依据的单元格未通过校验、空白或未读取的，不计入数值、排名和合计；分母小于10的不参与排名。"+
		"合计为各地分子之和除以分母之和，不是比率的平均。发布日期依次取报告页面标明的发布日期、网址中的日期、栏目列表中的日期；"+
		"只知抓取日期的，视为发布日期不明。每项数据后的“报告”链接指向该报告的存档原件。")
	add(Paragraph, "About this briefing (English): figures are the verified figures of ogi compare (a figure resting on a cell that fails "+
		"the report's own identities, or is blank or unread, is left out; ratios with a denominator under 10 are not ranked; totals are "+
		"Σnumerator/Σdenominator). Publication dates come from the report page, its URL or the list page; a report known only by its "+
		"fetch date is \"date unknown\", never on time. Links open the archived copy of each report on the ogi dashboard (ogi serve).")
	return out
}

// maxNamed bounds the names a paragraph lists.
const maxNamed = 30

// sourceZh names the sources of a publication date.
var sourceZh = map[string]string{
	"page": "页面发布日期", "url": "网址日期", "list": "列表日期", "url_month": "网址月份", "archive": "抓取日期",
}

func (b *Brief) names(es []Entry) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, b.name(e))
	}
	return strings.Join(parts, "、")
}

// metricBlocks lays out the main metrics: the area's figure and the
// ranked jurisdictions (all of them when few, else the first and last
// five), each with its report.
func (b *Brief) metricBlocks() []Block {
	out := []Block{{Kind: Heading, Runs: plain("二、主要指标")}}
	for i, m := range b.Metrics {
		out = append(out, Block{Kind: Heading3, Runs: plain(fmt.Sprintf("（%s）%s", chineseNumber(i+1), m.Zh))})
		var p strings.Builder
		if m.Area != nil {
			fmt.Fprintf(&p, "%s合计%s（%s/%s）。", b.Area, pct(m.Area.Value), count(m.Area.Num), count(m.Area.Den))
		} else {
			fmt.Fprintf(&p, "%s无可核实的合计数据。", b.Area)
		}
		fmt.Fprintf(&p, "参与排名%d家", len(m.Ranked))
		if m.Small > 0 {
			fmt.Fprintf(&p, "；分母小于10、未排名%d家", m.Small)
		}
		if m.Unverified > 0 {
			fmt.Fprintf(&p, "；数据未通过核验、未计入%d家（%s）", m.Unverified, m.UnverifiedReasons)
		}
		p.WriteString("。指标口径：" + m.Description)
		out = append(out, Block{Kind: Paragraph, Runs: plain(p.String())})
		if len(m.Ranked) == 0 {
			continue
		}
		rows := [][][]Run{{plain("排名"), plain("辖区"), plain(m.Zh), plain("分子/分母"), plain("报告")}}
		for k, f := range m.Ranked {
			if len(m.Ranked) > 10 && k == 5 {
				rows = append(rows, [][]Run{plain("…"), plain(fmt.Sprintf("（中间%d家略）", len(m.Ranked)-10)), plain(""), plain(""), plain("")})
			}
			if len(m.Ranked) > 10 && k >= 5 && k < len(m.Ranked)-5 {
				continue
			}
			rows = append(rows, [][]Run{plain(strconv.Itoa(f.Rank)), plain(f.Name), plain(pct(f.Value)),
				plain(count(f.Num) + "/" + count(f.Den)), b.archived(f.ReportID, "报告")})
		}
		out = append(out, Block{Kind: Table, Rows: rows})
	}
	return out
}

func (b *Brief) changeBlocks() []Block {
	out := []Block{{Kind: Heading, Runs: plain("三、较上年的明显变化")}}
	if len(b.Changes) == 0 {
		return append(out, Block{Kind: Paragraph, Runs: plain(fmt.Sprintf("各项指标较%d年度变化均未超过%.0f个百分点。", b.Year-1, changeThreshold))})
	}
	out = append(out, Block{Kind: Paragraph, Runs: plain(fmt.Sprintf("以下指标较%d年度变化超过%.0f个百分点（两年数据均经核验且分母不小于10）：", b.Year-1, changeThreshold))})
	rows := [][][]Run{{plain("辖区"), plain("指标"), plain(strconv.Itoa(b.Year - 1)), plain(strconv.Itoa(b.Year)), plain("变化"), plain("报告")}}
	for _, c := range b.Changes {
		links := append(b.archived(c.PrevReport, strconv.Itoa(b.Year-1)), Run{Text: " "})
		links = append(links, b.archived(c.NowReport, strconv.Itoa(b.Year))...)
		rows = append(rows, [][]Run{plain(c.Name), plain(c.Zh), plain(pct(c.Prev)), plain(pct(c.Now)),
			plain(fmt.Sprintf("%+.1f个百分点", (c.Now-c.Prev)*100)), links})
	}
	return append(out, Block{Kind: Table, Rows: rows})
}

// maxChecks bounds the list of reports whose checks failed.
const maxChecks = 100

func (b *Brief) checkBlocks() []Block {
	out := []Block{{Kind: Heading, Runs: plain("四、报告数据未通过核验的情况")}}
	if len(b.Checks) == 0 {
		return append(out, Block{Kind: Paragraph, Runs: plain("已读取的报告均通过勾稽关系校验。")})
	}
	out = append(out, Block{Kind: Paragraph, Runs: plain(fmt.Sprintf("以下%d份报告的统计表未通过勾稽关系校验，相关数据未计入上述指标，请核实更正：", len(b.Checks)))})
	rows := [][][]Run{{plain("辖区"), plain("机关"), plain("未通过项数"), plain("未通过的校验"), plain("报告")}}
	for i, c := range b.Checks {
		if i == maxChecks {
			rows = append(rows, [][]Run{plain("…"), plain(fmt.Sprintf("另有%d份", len(b.Checks)-maxChecks)), plain(""), plain(""), plain("")})
			break
		}
		rows = append(rows, [][]Run{plain(c.Name), plain(c.Agency), plain(strconv.Itoa(c.N)), plain(c.Failed), b.archived(c.ReportID, "报告")})
	}
	return append(out, Block{Kind: Table, Rows: rows})
}

// chineseNumber writes 1–99 as 一 … 九十九.
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}
