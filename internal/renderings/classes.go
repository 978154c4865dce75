package renderings

import (
	"fmt"
	"strings"

	"ogi/internal/docwriter"
)

// Formats a fixture can be written in. The name is the file name's ending
// after the stem.
const (
	FmtHTML     = "html"             // a plain HTML page
	FmtWord     = "word.html"        // Word-pasted HTML in page chrome
	FmtPipes    = "pipes.txt"        // mirror text with bars
	FmtTabs     = "tabs.txt"         // copied from a browser
	FmtMarkdown = "md"               // markdown tables
	FmtFlat     = "flat.txt"         // crawler text, a table a line, cells run together
	FmtFlatRows = "flatrows.txt"     // crawler text, a row a line, cells run together
	FmtLines    = "lines.txt"        // one cell a line
	FmtDOCX     = "docx"             // Word document
	FmtChromium = "chromium.pdf"     // the HTML page printed by Chromium
	FmtOffice   = "office.pdf"       // the Word document printed by LibreOffice
	FmtLayout   = "layout.txt"       // pdftotext -layout of the Chromium PDF
	FmtOfficeLT = "officelayout.txt" // pdftotext -layout of the LibreOffice PDF
)

// keptPDFs are the fixtures whose Chromium PDF is kept in the repository
// (each is some hundred kilobytes: the embedded CJK font); the others keep
// only the layout text derived from theirs.
var keptPDFs = map[string]bool{
	"c1-after-zhaoyuan": true, "c1-before-pingtan21": true, "c1-reordered-testcity": true,
	"c2-inline-huaian": true, "c2-ownrow-shuyang": true, "c4-period-shuyang": true, "c5-signs-pingtan19": true,
	"c8-cut-huaian": true,
}

// KeepPDF reports whether the fixture's Chromium PDF is kept.
func (fx *Fixture) KeepPDF() bool { return keptPDFs[fx.Stem] }

// Fixture is one rendering of one report and its truth.
type Fixture struct {
	Stem    string
	Truth   Truth
	Formats []string
	doc     Doc
}

// spec describes a fixture before it is built.
type spec struct {
	stem, class, notes, figures string
	body                        Body
	formats                     []string
	edit                        func(f *Figures, t *Truth, d *Doc) // figures edited before building; truth and doc after
	pre                         func(f *Figures)
}

var (
	allText = []string{FmtPipes, FmtTabs, FmtMarkdown, FmtFlat, FmtLines}
	printed = []string{FmtDOCX, FmtChromium, FmtOffice, FmtLayout}
	// squeezed leaves out `pdftotext -layout` text for tables whose header
	// it squeezes into one line out of line with the values (a 小计 or a
	// column order it hides): the PDF itself is read by word positions.
	squeezed = []string{FmtDOCX, FmtChromium, FmtOffice}
	webAndTx = []string{FmtHTML, FmtWord, FmtPipes, FmtTabs, FmtMarkdown, FmtFlat}
	// webCells leaves out the crawler text whose runs of digits only the
	// identities split: for figures that break them (上海 2019 prints
	// blank totals, 洪泽 2023 a table 四 that does not add up).
	webCells = []string{FmtHTML, FmtWord, FmtPipes, FmtTabs, FmtMarkdown}
)

func join(a ...[]string) []string {
	var out []string
	for _, x := range a {
		out = append(out, x...)
	}
	return out
}

// Fixtures returns every fixture of every class.
func Fixtures() ([]Fixture, error) {
	var specs []spec
	specs = append(specs, class1()...)
	specs = append(specs, class2()...)
	specs = append(specs, class4()...)
	specs = append(specs, class5()...)
	specs = append(specs, class6()...)
	specs = append(specs, class7()...)
	specs = append(specs, class8()...)
	var out []Fixture
	for _, s := range specs {
		fx, err := build(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.stem, err)
		}
		out = append(out, fx)
	}
	c3, err := class3()
	if err != nil {
		return nil, err
	}
	return append(out, c3...), nil
}

func build(s spec) (Fixture, error) {
	f, err := ByName(s.figures)
	if err != nil {
		return Fixture{}, err
	}
	if s.pre != nil {
		s.pre(&f)
	}
	d, err := Build(&f, s.body)
	if err != nil {
		return Fixture{}, err
	}
	t := truthOf(&f, s.body, s.class, s.notes)
	if s.edit != nil {
		s.edit(&f, &t, &d)
	}
	return Fixture{Stem: s.stem, Truth: t, Formats: s.formats, doc: d}, nil
}

// class1: table 三 columns in the order the header prints them, with a
// 法人或其他组织 小计 column before or after the five, or other orders.
func class1() []spec {
	legal := []string{"commercial", "research", "social_org", "legal_service", "other_org"}
	after := join([]string{"natural_person"}, legal, []string{Subtotal, "total"})
	before := join([]string{"natural_person", Subtotal}, legal, []string{"total"})
	reordered := []string{"natural_person", "research", "commercial", "legal_service", "social_org", "other_org", "total"}
	totalFirst := join([]string{"total", "natural_person"}, legal)
	const class = "1 table 三 columns from the header"
	return []spec{
		{stem: "c1-after-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "小计 after the five 法人 columns; only 商业企业 is non-zero (arithmetic cannot tell where 小计 is)",
			body: Body{T3: &T3Style{Cols: after}}, formats: join(webAndTx, squeezed)},
		{stem: "c1-before-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "小计 before the five 法人 columns; only 商业企业 is non-zero",
			body: Body{T3: &T3Style{Cols: before}}, formats: join(webAndTx, printed)},
		{stem: "c1-after-pingtan23", class: class, figures: "pingtan-2023", notes: "小计 after the five, headed 法人或其他组织小计; only 商业企业 non-zero",
			body: Body{T3: &T3Style{Cols: after, SubLabel: "法人或其他组织小计"}}, formats: join(webAndTx, squeezed)},
		{stem: "c1-before-pingtan21", class: class, figures: "pingtan-2021", notes: "小计 before the five; 社会公益组织 and 其他 non-zero",
			body: Body{T3: &T3Style{Cols: before}}, formats: join(webAndTx, printed)},
		{stem: "c1-flat-after-huaian", class: class, figures: "huaian-2024", notes: "one header row naming every column, 小计 after the five",
			body: Body{T3: &T3Style{Cols: after, Header: HeaderFlat}}, formats: join(webAndTx, []string{FmtDOCX, FmtChromium, FmtLayout})},
		{stem: "c1-two-before-shuyang", class: class, figures: "shuyang-2025", notes: "two header rows (no 申请人情况 row), 小计 before the five",
			body: Body{T3: &T3Style{Cols: before, Header: HeaderTwo}}, formats: join(webAndTx, []string{FmtDOCX, FmtOffice})},
		{stem: "c1-reordered-testcity", class: class, figures: "testcity-2025", notes: "the 法人 columns in another order than the template's (科研机构 first)",
			body: Body{T3: &T3Style{Cols: reordered}}, formats: join(webAndTx, squeezed)},
		{stem: "c1-totalfirst-pingtan23", class: class, figures: "pingtan-2023", notes: "总计 printed first, then 自然人 and the five",
			body: Body{T3: &T3Style{Cols: totalFirst, Header: HeaderFlat}}, formats: join(webAndTx, []string{FmtDOCX, FmtChromium})},
		{stem: "c1-after-shanghai19", class: class, figures: "shanghai-2019", notes: "2019 template, 小计 after the five",
			body: Body{T3: &T3Style{Cols: after}}, formats: []string{FmtHTML, FmtWord, FmtPipes, FmtTabs, FmtMarkdown, FmtDOCX, FmtOffice, FmtOfficeLT}},
		{stem: "c1-before-hongze", class: class, figures: "hongze-2023", notes: "2021 report printing （六） as one row, 小计 before the five",
			body: Body{T3: &T3Style{Cols: before}}, formats: []string{FmtHTML, FmtWord, FmtPipes, FmtTabs, FmtMarkdown, FmtDOCX, FmtChromium}},
	}
}

// class2: a group label and its first item in one cell or line.
func class2() []spec {
	const class = "2 group label and first item together"
	return []spec{
		{stem: "c2-inline-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "（三）…（六） each in the cell of its first item: （六）其他处理 1.申请人无正当理由逾期不补正…",
			body: Body{T3: &T3Style{Groups: GroupsInline}}, formats: join(webAndTx, []string{FmtFlatRows, FmtLines}, printed)},
		{stem: "c2-inline-huaian", class: class, figures: "huaian-2024", notes: "group labels inline with the first item",
			body: Body{T3: &T3Style{Groups: GroupsInline}}, formats: join(webAndTx, []string{FmtFlatRows, FmtDOCX, FmtChromium, FmtLayout})},
		{stem: "c2-ownrow-shuyang", class: class, figures: "shuyang-2025", notes: "group labels on rows of their own without numbers",
			body: Body{T3: &T3Style{Groups: GroupsOwnRow}}, formats: join(webAndTx, []string{FmtFlatRows, FmtDOCX, FmtChromium})},
		{stem: "c2-subtotal-pingtan21", class: class, figures: "pingtan-2021", notes: "group rows with their own numbers (the sums of their items), then the items",
			body: Body{T3: &T3Style{Groups: GroupsSubtotal}}, formats: join(webAndTx, []string{FmtFlatRows, FmtDOCX, FmtOffice})},
		{stem: "c2-inlinesub-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "the group's label and numbers, then the first item's label and numbers, on one line",
			body: Body{T3: &T3Style{Groups: GroupsInlineSubtotal}}, formats: []string{FmtPipes, FmtFlat, FmtFlatRows, FmtLines}},
		{stem: "c2-inlinesub-testcity", class: class, figures: "testcity-2025", notes: "the group's label and numbers, then the first item's, on one line",
			body: Body{T3: &T3Style{Groups: GroupsInlineSubtotal}}, formats: []string{FmtPipes, FmtTabs, FmtFlat, FmtFlatRows}},
		{stem: "c2-inline-pingtan19", class: class, figures: "pingtan-2019", notes: "2019 template: （三）（四）（五） inline with their first item, （六） one row",
			body: Body{T3: &T3Style{Groups: GroupsInline}}, formats: join(webAndTx, []string{FmtFlatRows, FmtDOCX})},
		{stem: "c2-subtotal-hongze", class: class, figures: "hongze-2023", notes: "2021 report with （六） as one row; （三）（四）（五） rows of their own with numbers",
			body: Body{T3: &T3Style{Groups: GroupsSubtotal}}, formats: join(webCells, []string{FmtDOCX})},
	}
}

// class4: title and year from the body.
func class4() []spec {
	const class = "4 title and year from the body"
	generic := func(title string) func(f *Figures, t *Truth, d *Doc) {
		return func(f *Figures, t *Truth, d *Doc) {
			d.MetaTitle = "政府信息公开工作年度报告"
			t.Title = title
		}
	}
	noYear := func(f *Figures, t *Truth, d *Doc) { d.MetaTitle = "政府信息公开工作年度报告" }
	site := func(name, title string) func(f *Figures, t *Truth, d *Doc) {
		return func(f *Figures, t *Truth, d *Doc) {
			d.MetaTitle = name
			t.Title = title
		}
	}
	return []spec{
		{stem: "c4-generic-huaian", class: class, figures: "huaian-2024", notes: "document title 政府信息公开工作年度报告; the first heading names agency and year",
			body: Body{}, formats: []string{FmtDOCX, FmtOffice, FmtChromium, FmtHTML, FmtWord}, edit: generic("淮安市人民政府2024年政府信息公开工作年度报告")},
		{stem: "c4-site-hongze", class: class, figures: "hongze-2023", notes: "page title the portal's site name; the first heading names agency and year, nothing else the year",
			body:    Body{Preamble: "本报告根据《中华人民共和国政府信息公开条例》编制，由淮安市洪泽区人民政府办公室负责解释。"},
			formats: []string{FmtHTML, FmtWord}, edit: site("淮安市洪泽区人民政府门户网站", "淮安市洪泽区人民政府2023年政府信息公开工作年度报告")},
		{stem: "c4-period-shuyang", class: class, figures: "shuyang-2025", notes: "no title names the year; 统计期限为2025年1月1日至2025年12月31日",
			body:    Body{Title: "沭阳县人民政府政府信息公开工作年度报告", Preamble: "本年度报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2025年1月1日至2025年12月31日。"},
			formats: []string{FmtDOCX, FmtOffice, FmtChromium, FmtHTML, FmtPipes}, edit: noYear},
		{stem: "c4-report-pingtan21", class: class, figures: "pingtan-2021", notes: "no title names the year; 现将本机关2021年度政府信息公开工作情况报告如下",
			body:    Body{Title: "政府信息公开工作年度报告", Preamble: "根据《中华人民共和国政府信息公开条例》规定，现将本机关2021年度政府信息公开工作情况报告如下。"},
			formats: []string{FmtDOCX, FmtOffice, FmtChromium, FmtHTML, FmtFlat}, edit: noYear},
		{stem: "c4-asof-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "no title names the year; 截至2023年12月31日",
			body:    Body{Title: "招远市人民政府政府信息公开工作年度报告", Preamble: "截至2023年12月31日，招远市人民政府通过门户网站主动公开政府信息，依法办理政府信息公开申请。"},
			formats: []string{FmtDOCX, FmtOffice, FmtChromium, FmtHTML, FmtTabs}, edit: noYear},
		{stem: "c4-generic-testcity", class: class, figures: "testcity-2025", notes: "document title 政府信息公开工作年度报告; the first heading names the year",
			body: Body{}, formats: []string{FmtDOCX, FmtOffice, FmtHTML}, edit: generic("测试市人民政府2025年政府信息公开工作年度报告")},
		{stem: "c4-report19-pingtan19", class: class, figures: "pingtan-2019", notes: "2019 template; no title names the year; 现将本机关2019年度…报告如下",
			body:    Body{Title: "政府信息公开工作年度报告", Preamble: "按照《中华人民共和国政府信息公开条例》要求，现将本机关2019年度政府信息公开工作年度报告如下。"},
			formats: []string{FmtDOCX, FmtOffice, FmtHTML}, edit: noYear},
	}
}

// class5: signed numbers in the 2019 本年增/减 column.
func class5() []spec {
	const class = "5 signed 本年增/减"
	signs := func(values map[string]float64, null []string) (func(f *Figures), func(f *Figures, t *Truth, d *Doc)) {
		return func(f *Figures) {
				for k, v := range values {
					f.Active[k] = v
				}
			}, func(f *Figures, t *Truth, d *Doc) {
				for _, k := range null {
					t.nullCell(k)
				}
			}
	}
	var out []spec
	add := func(stem, figures, notes string, texts map[string]string, values map[string]float64, null []string, formats []string) {
		pre, edit := signs(values, null)
		out = append(out, spec{stem: stem, class: class, figures: figures, notes: notes, body: Body{T2: &T2Style{Text: texts}},
			pre: pre, edit: edit, formats: formats})
	}
	add("c5-signs-pingtan19", "pingtan-2019", "+2, -1, −3 (U+2212), －5 (full width) in the change column",
		map[string]string{"licensing_change": "+2", "other_mgmt_change": "-1", "penalty_change": "−3", "coercion_change": "－5"},
		map[string]float64{"licensing_change": 2, "other_mgmt_change": -1, "penalty_change": -3, "coercion_change": -5}, nil,
		join(webAndTx, []string{FmtLines, FmtDOCX, FmtChromium, FmtLayout}))
	add("c5-signs-shanghai19", "shanghai-2019", "signed changes with a space after the sign and a doubled sign --253 (null with a detail, never 0)",
		map[string]string{"licensing_change": "- 4", "penalty_change": "+ 12", "coercion_change": "−1", "fees_change": "--253"},
		map[string]float64{"licensing_change": -4, "penalty_change": 12, "coercion_change": -1}, []string{"fees_change"},
		join([]string{FmtHTML, FmtWord, FmtPipes, FmtTabs, FmtMarkdown}, []string{FmtDOCX, FmtOffice}))
	add("c5-garbled-pingtan19", "pingtan-2019", "garbled signs: ﹣7, +-3 and ＋－2 read as null with a detail; +6 and −2 read",
		map[string]string{"licensing_change": "+6", "other_mgmt_change": "+-3", "penalty_change": "−2", "coercion_change": "＋－2", "fees_change": "--7"},
		map[string]float64{"licensing_change": 6, "penalty_change": -2}, []string{"other_mgmt_change", "coercion_change", "fees_change"},
		[]string{FmtHTML, FmtPipes, FmtTabs, FmtMarkdown, FmtDOCX, FmtChromium})
	return out
}

// class6: long annotated labels of table 二 and traditional forms.
func class6() []spec {
	const class = "6 annotated and traditional table 二 labels"
	return []spec{
		{stem: "c6-notes-pingtan19", class: class, figures: "pingtan-2019", notes: "2019 labels with notes naming other rows: 规范性文件（含…）, a row whose note mentions 行政处罚 and 行政强制",
			body: Body{T2: &T2Style{Labels: map[string]string{
				"规范性文件":      "规范性文件（含本级政府及部门制发的涉及行政许可、行政处罚的规范性文件）",
				"其他对外管理服务事项": "其他对外管理服务事项（行政许可、行政处罚、行政强制以外的事项）",
				"行政事业性收费":    "行政事业性收费（不含行政处罚罚没款）",
			}}}, formats: join(webAndTx, []string{FmtLines, FmtDOCX, FmtChromium, FmtLayout})},
		{stem: "c6-notes-shanghai19", class: class, figures: "shanghai-2019", notes: "notes after 规章 and 规范性文件 naming 行政强制; a 行政许可 row noting 行政处罚",
			body: Body{T2: &T2Style{Labels: map[string]string{
				"规章":    "规章（含涉及行政强制措施的规章）",
				"规范性文件": "规范性文件（含涉及行政处罚、行政强制的规范性文件）",
				"行政许可":  "行政许可（含行政处罚前置审批事项）",
			}}}, formats: join(webCells, []string{FmtDOCX, FmtOffice})},
		{stem: "c6-trad-pingtan19", class: class, figures: "pingtan-2019", notes: "traditional labels: 規範性檔案, 其他對外管理服務事項, 行政許可/處罰/強制",
			body: Body{T2: &T2Style{Labels: map[string]string{
				"规章": "規章", "规范性文件": "規範性檔案", "行政许可": "行政許可", "其他对外管理服务事项": "其他對外管理服務事項",
				"行政处罚": "行政處罰", "行政强制": "行政強制", "行政事业性收费": "行政事業性收費", "政府集中采购": "政府集中採購",
			}}}, formats: join(webAndTx, []string{FmtDOCX, FmtChromium})},
		{stem: "c6-notes-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "2021 labels with notes: 行政规范性文件（含涉及行政处罚、行政强制事项的文件）, 行政许可（不含行政处罚）",
			body: Body{T2: &T2Style{Labels: map[string]string{
				"行政规范性文件": "行政规范性文件（含涉及行政处罚、行政强制事项的文件）",
				"行政许可":    "行政许可（不含行政处罚、行政强制）",
				"行政事业性收费": "行政事业性收费（含行政处罚罚没收入以外的收费）",
			}}}, formats: join(webAndTx, []string{FmtLines, FmtDOCX, FmtOffice})},
		{stem: "c6-trad-huaian", class: class, figures: "huaian-2024", notes: "2021 traditional labels: 行政規範性檔案, 行政許可, 行政處罰, 行政強制, 行政事業性收費",
			body: Body{T2: &T2Style{Labels: map[string]string{
				"规章": "規章", "行政规范性文件": "行政規範性檔案", "行政许可": "行政許可", "行政处罚": "行政處罰", "行政强制": "行政強制", "行政事业性收费": "行政事業性收費",
			}}}, formats: join(webAndTx, []string{FmtDOCX, FmtChromium})},
	}
}

// class7: annotated cells: the leading number is the value.
func class7() []spec {
	const class = "7 annotated cells"
	return []spec{
		{stem: "c7-notes-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "1（其中修订1件）, 3（含自然失效2件）, 12（含部门文件5件）",
			body:    Body{T2: &T2Style{Text: map[string]string{"normative_docs_issued": "1（其中修订1件）", "normative_docs_repealed": "3（含自然失效2件）", "normative_docs_in_force": "12（含部门文件5件）"}}},
			formats: join(webAndTx, []string{FmtLines, FmtDOCX, FmtChromium, FmtLayout})},
		{stem: "c7-notes-shuyang", class: class, figures: "shuyang-2025", notes: "6（其中修订2件）, 32（含失效9件）, a note in table 二's 行政许可 cell",
			body:    Body{T2: &T2Style{Text: map[string]string{"normative_docs_issued": "6（其中修订2件）", "normative_docs_in_force": "32（含失效9件）", "licensing_decisions": "517645（含承诺制审批1200件）"}}},
			formats: join(webAndTx, []string{FmtDOCX, FmtOffice})},
		{stem: "c7-notes-pingtan19", class: class, figures: "pingtan-2019", notes: "2019 table 二: 89（其中修订16件）, 181（含即办件55件）",
			body:    Body{T2: &T2Style{Text: map[string]string{"normative_docs_made": "89（其中修订16件）", "normative_docs_total_public": "89（含自然失效0件）", "licensing_decisions": "181（含即办件55件）"}}},
			formats: join(webAndTx, []string{FmtDOCX, FmtChromium})},
		{stem: "c7-notes-huaian", class: class, figures: "huaian-2024", notes: "half-width brackets: 22(其中修订16件), and a note on the fee",
			body: Body{T2: &T2Style{Text: map[string]string{"normative_docs_issued": "$normative_docs_issued(其中修订3件)", "normative_docs_in_force": "$normative_docs_in_force(含自然失效29件)"}}},
			pre:  nil, formats: join(webAndTx, []string{FmtDOCX, FmtOffice, FmtLayout})},
	}
}

// class8: partial reports.
func class8() []spec {
	const class = "8 partial reports"
	return []spec{
		{stem: "c8-t2only-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "the page ends after table 二",
			body: Body{CutAfterT2: true}, formats: join(webAndTx, []string{FmtDOCX, FmtChromium})},
		{stem: "c8-t2only-pingtan19", class: class, figures: "pingtan-2019", notes: "2019 template; the page ends after table 二",
			body: Body{CutAfterT2: true}, formats: []string{FmtHTML, FmtPipes, FmtFlat, FmtDOCX}},
		{stem: "c8-cut-huaian", class: class, figures: "huaian-2024", notes: "table 三 cut after （四）1 (a page lost), table 四 gone",
			body: Body{T3: &T3Style{Upto: "unable_not_held"}, CutAfterT3: true}, formats: join(webAndTx, []string{FmtDOCX, FmtChromium, FmtLayout})},
		{stem: "c8-cut-shuyang", class: class, figures: "shuyang-2025", notes: "table 三 cut after （二）部分公开",
			body: Body{T3: &T3Style{Upto: "partially_granted"}, CutAfterT3: true}, formats: join(webAndTx, []string{FmtDOCX, FmtOffice})},
		{stem: "c8-not3-testcity", class: class, figures: "testcity-2025", notes: "table 三 lost (an image), tables 二 and 四 printed",
			body: Body{NoT3: true}, formats: join(webAndTx, []string{FmtDOCX})},
		{stem: "c8-not4-pingtan21", class: class, figures: "pingtan-2021", notes: "table 四 lost, tables 二 and 三 printed",
			body: Body{NoT4: true}, formats: join(webAndTx, []string{FmtDOCX, FmtChromium})},
		{stem: "c8-tail-zhaoyuan", class: class, figures: "zhaoyuan-2023", notes: "table 三 from （四） on (its first page lost), table 四 printed",
			body: Body{T3: &T3Style{From: "unable_not_held"}}, formats: join(webAndTx, []string{FmtDOCX})},
	}
}

// class3: table 四 as one line of fifteen numbers under its header lines.
func class3() ([]Fixture, error) {
	const class = "3 table 四 as one line"
	type c3 struct {
		stem, figures, notes string
		lines                func(f *Figures) []string
		formats              []string
	}
	nums := func(f *Figures, sep string) string {
		var s []string
		for _, v := range f.Review {
			s = append(s, num(v))
		}
		return strings.Join(s, sep)
	}
	heads := "结果维持 结果纠正 其他结果 尚未审结 总计"
	cases := []c3{
		{"c3-spaced-zhaoyuan", "zhaoyuan-2023", "two header lines, then the fifteen numbers on one line, space-separated", func(f *Figures) []string {
			return []string{"行政复议 行政诉讼", heads + " 未经复议直接起诉 复议后起诉", heads + " " + heads, nums(f, " ")}
		}, []string{FmtFlatRows, FmtLines, FmtPipes}},
		{"c3-split-huaian", "huaian-2024", "header words split over several lines as pdftotext prints them", func(f *Figures) []string {
			return []string{"行政复议", "行政诉讼", "未经复议直接起诉 复议后起诉", "结果 结果 其他 尚未", "总计", "维持 纠正 结果 审结",
				"结果 结果 其他 尚未 总计 结果 结果 其他 尚未 总计", "维持 纠正 结果 审结 维持 纠正 结果 审结", nums(f, "  ")}
		}, []string{FmtFlatRows, FmtLines}},
		{"c3-mdline-shuyang", "shuyang-2025", "markdown converted from a PDF: header lines as text, the fifteen numbers in one table row", func(f *Figures) []string {
			return []string{"行政复议 | 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计 | 未经复议直接起诉 | 复议后起诉", "", "| " + nums(f, " | ") + " |"}
		}, []string{FmtMarkdown}},
		{"c3-mdcell-testcity", "testcity-2025", "markdown converted from a PDF: the header rows, then one cell holding the fifteen numbers", func(f *Figures) []string {
			return []string{"| 行政复议 | 行政诉讼 |", "|---|---|", "| " + heads + " | 未经复议直接起诉 " + heads + " 复议后起诉 " + heads + " |", "| " + nums(f, " ") + " |"}
		}, []string{FmtMarkdown}},
		{"c3-run-pingtan21", "pingtan-2021", "crawler text: the header words and the numbers in one run, numbers space-separated", func(f *Figures) []string {
			return []string{"行政复议行政诉讼" + strings.ReplaceAll(heads, " ", "") + "未经复议直接起诉复议后起诉" + strings.ReplaceAll(heads+heads, " ", "") + " " + nums(f, " ")}
		}, []string{FmtFlat, FmtFlatRows}},
		{"c3-split-pingtan19", "pingtan-2019", "2019 template; header lines split, fifteen zeros on one line", func(f *Figures) []string {
			return []string{"行政复议", "行政诉讼", "结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总计", "未经复议直接起诉", "复议后起诉", heads + " " + heads, nums(f, " ")}
		}, []string{FmtFlatRows, FmtPipes}},
	}
	var out []Fixture
	for _, c := range cases {
		f, err := ByName(c.figures)
		if err != nil {
			return nil, err
		}
		body := Body{NoT4: true}
		d, err := Build(&f, body)
		if err != nil {
			return nil, err
		}
		t := truthOf(&f, Body{}, class, c.notes)
		lines := c.lines(&f)
		// table 四's lines go where the table would be: after its heading
		var blocks []Block
		for _, bl := range d.Blocks {
			blocks = append(blocks, bl)
			if strings.HasPrefix(bl.Para, "四、") && bl.Heading {
				for _, l := range lines {
					blocks = append(blocks, Block{Para: l})
				}
			}
		}
		d.Blocks = blocks
		out = append(out, Fixture{Stem: c.stem, Truth: t, Formats: c.formats, doc: d})
	}
	return out, nil
}

// Render writes the fixture in one of its formats. For the printed
// formats it gives what is printed: the page Chromium prints, the Word
// document LibreOffice prints (cmd/gen prints them).
func (fx *Fixture) Render(format string) (data []byte, err error) {
	d := &fx.doc
	switch format {
	case FmtHTML:
		return d.HTML(HTMLStyle{}), nil
	case FmtWord:
		return d.HTML(HTMLStyle{Word: true, Chrome: true}), nil
	case FmtChromium:
		return d.HTML(HTMLStyle{Print: true}), nil
	case FmtPipes:
		return d.Text(Pipes), nil
	case FmtTabs:
		return d.Text(Tabs), nil
	case FmtMarkdown:
		return d.Text(Markdown), nil
	case FmtFlat:
		return d.Text(Flat), nil
	case FmtFlatRows:
		return d.Text(FlatRows), nil
	case FmtLines:
		return d.Text(Lines), nil
	case FmtDOCX, FmtOffice:
		return d.DOCX()
	}
	return nil, fmt.Errorf("format %s is made from another (print it)", format)
}

// DOCX renders the report as a Word document.
func (d *Doc) DOCX() ([]byte, error) {
	var blocks []docwriter.Block
	for _, bl := range d.Blocks {
		if bl.Table != nil {
			blocks = append(blocks, docwriter.Block{Table: bl.Table.Markers(docwriter.SpanUp, docwriter.SpanLeft)})
			continue
		}
		blocks = append(blocks, docwriter.Block{Para: bl.Para})
	}
	return docwriter.DOCXStyled(d.Title, blocks, docwriter.DOCXStyle{Center: true, MetaTitle: d.MetaTitle, Template: true})
}
