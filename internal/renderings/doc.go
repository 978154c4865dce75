package renderings

import (
	"fmt"
	"strings"
)

// Block is one paragraph or table of a report, in reading order.
type Block struct {
	Para    string
	Heading bool // a section heading (一、总体情况 …)
	Table   *Table
	// Table3 marks table 三 (the flattened renderings keep its rows apart
	// or together as the style says).
	Table3 bool
}

// Doc is a report ready to be rendered.
type Doc struct {
	Title string // the title printed at the top
	// MetaTitle is the document's own title (HTML <title>, DOCX core
	// property); "" uses Title.
	MetaTitle string
	Blocks    []Block
}

// Body says what the report's text says and which tables it prints.
type Body struct {
	// Title is the printed title; "" gives "{agency}{year}年政府信息公开工作年度报告".
	Title string
	// Preamble replaces the opening paragraph; its year statement is
	// what class 4 varies.
	Preamble string
	T2       *T2Style
	T3       *T3Style
	NoT2     bool // table 二 lost
	NoT3     bool // table 三 lost
	NoT4     bool // table 四 lost
	// Cut ends the report after table 二 (a page cut off): no further
	// headings or text.
	CutAfterT2 bool
	CutAfterT3 bool
}

// StandardPreamble is the opening of most reports: the Regulation, the
// period the figures cover.
func StandardPreamble(f *Figures) string {
	return fmt.Sprintf("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。本报告电子版可在%s门户网站查阅。", f.Year, f.Year, f.Agency)
}

// Build assembles the report's blocks.
func Build(f *Figures, b Body) (Doc, error) {
	d := Doc{Title: b.Title}
	if d.Title == "" {
		d.Title = fmt.Sprintf("%s%d年政府信息公开工作年度报告", f.Agency, f.Year)
	}
	pre := b.Preamble
	if pre == "" {
		pre = StandardPreamble(f)
	}
	add := func(bl Block) { d.Blocks = append(d.Blocks, bl) }
	add(Block{Para: pre})
	add(Block{Para: "一、总体情况", Heading: true})
	add(Block{Para: fmt.Sprintf("%s坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，持续加大政府信息公开力度，不断提升政务公开质量和实效。", f.Agency)})
	add(Block{Para: "二、主动公开政府信息情况", Heading: true})
	if !b.NoT2 {
		st := T2Style{}
		if b.T2 != nil {
			st = *b.T2
		}
		add(Block{Table: T2(f, st)})
	}
	if b.CutAfterT2 {
		return d, nil
	}
	add(Block{Para: "三、收到和处理政府信息公开申请情况", Heading: true})
	if !b.NoT3 {
		st := T3Style{}
		if b.T3 != nil {
			st = *b.T3
		}
		t, err := T3(f, st)
		if err != nil {
			return Doc{}, err
		}
		add(Block{Table: t, Table3: true})
	}
	if b.CutAfterT3 {
		return d, nil
	}
	add(Block{Para: "四、政府信息公开行政复议、行政诉讼情况", Heading: true})
	if !b.NoT4 {
		add(Block{Table: T4(f)})
	}
	add(Block{Para: "五、存在的主要问题及改进情况", Heading: true})
	add(Block{Para: "政策解读的形式还不够丰富，政务公开工作人员业务水平有待提高。下一步，将加强培训，规范公开内容，提升公开质量。"})
	add(Block{Para: "六、其他需要报告的事项", Heading: true})
	add(Block{Para: "本年度未收取信息处理费。"})
	return d, nil
}

// metaTitle is the document's own title.
func (d *Doc) metaTitle() string {
	if d.MetaTitle != "" {
		return d.MetaTitle
	}
	return d.Title
}

// HTMLStyle varies the web page.
type HTMLStyle struct {
	Word   bool // Word-pasted cell markup (<p><span>)
	Chrome bool // menus, breadcrumb and footer around the article
	// Print styles the page for printing to PDF (borders, small type).
	Print bool
}

// HTML renders the report as a web page.
func (d *Doc) HTML(st HTMLStyle) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>" + escape(d.metaTitle()) + "</title>\n")
	if st.Print {
		b.WriteString(`<style>body{font-family:"Noto Sans CJK SC",sans-serif;font-size:14px;margin:24px}table{border-collapse:collapse;width:100%;table-layout:fixed}td{border:1px solid #000;padding:2px 3px;text-align:center;font-size:11px}h1{font-size:20px;font-weight:normal;text-align:center}strong{font-weight:normal}p{text-indent:2em;line-height:1.6}</style>` + "\n")
	}
	b.WriteString("</head><body>\n")
	if st.Chrome {
		b.WriteString(`<div class="top"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/zfxxgk/zfxxgknb/">政府信息公开年报</a></div>` + "\n")
		b.WriteString(`<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>` + "\n")
	}
	b.WriteString(`<div class="article"><h1>` + escape(d.Title) + "</h1>\n")
	for _, bl := range d.Blocks {
		switch {
		case bl.Table != nil:
			bl.Table.HTML(&b, st.Word, st.Print)
		case bl.Heading:
			b.WriteString("<p><strong>" + escape(bl.Para) + "</strong></p>\n")
		default:
			b.WriteString("<p>" + escape(bl.Para) + "</p>\n")
		}
	}
	b.WriteString("</div>\n")
	if st.Chrome {
		b.WriteString(`<div class="footer">主办单位：某某人民政府办公室 网站标识码：0000000000</div>` + "\n")
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// TextStyle chooses a plain-text rendering.
type TextStyle int

const (
	// Pipes: the mirror copies' text, each row's own cells split by " | "
	// and padded with bars.
	Pipes TextStyle = iota
	// Tabs: a table copied from a browser, cells split by tabs, merged
	// cells printed once.
	Tabs
	// Markdown: markdown tables of the grid, merged positions empty.
	Markdown
	// Flat: crawler text, every cell of a table run into the next with no
	// separator, one line per table.
	Flat
	// FlatRows: crawler text with one line per table row, cells run
	// together.
	FlatRows
	// Lines: one cell a line.
	Lines
)

// Text renders the report as plain text.
func (d *Doc) Text(st TextStyle) []byte {
	var b strings.Builder
	if st == Markdown {
		b.WriteString("# " + d.Title + "\n\n")
	} else {
		b.WriteString(d.Title + "\n")
	}
	for _, bl := range d.Blocks {
		if bl.Table == nil {
			if st == Markdown && bl.Heading {
				b.WriteString("## ")
			}
			b.WriteString(bl.Para + "\n")
			if st == Markdown {
				b.WriteString("\n")
			}
			continue
		}
		switch st {
		case Pipes:
			width := len(bl.Table.Full()[0])
			for _, r := range bl.Table.Origins() {
				b.WriteString(joinCells(r, " | ") + " |" + strings.Repeat("|", max(0, width-len(r)-1)) + "\n")
			}
		case Tabs:
			for _, r := range bl.Table.Origins() {
				b.WriteString(joinCells(r, "\t") + "\n")
			}
		case Markdown:
			for i, r := range bl.Table.Holes() {
				b.WriteString("| " + joinCells(r, " | ") + " |\n")
				if i == 0 {
					b.WriteString(strings.Repeat("|---", len(r)) + "|\n")
				}
			}
			b.WriteString("\n")
		case Flat:
			for _, r := range bl.Table.Origins() {
				b.WriteString(joinCells(r, ""))
			}
			b.WriteString("\n")
		case FlatRows:
			for _, r := range bl.Table.Origins() {
				b.WriteString(joinCells(r, "") + "\n")
			}
		case Lines:
			for _, r := range bl.Table.Origins() {
				for _, c := range r {
					b.WriteString(c + "\n")
				}
			}
		}
	}
	return []byte(b.String())
}
