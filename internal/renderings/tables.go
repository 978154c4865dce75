package renderings

import (
	"fmt"
	"strings"
)

// appRow is one printed row of table 三.
type appRow struct {
	key, group, label string
}

// The rows of table 三 as the templates print them; group is the label of
// the group the row belongs to ("" for 一、二、（一）（二）（七）四).
var appRows = []appRow{
	{"new_received", "", "一、本年新收政府信息公开申请数量"},
	{"carried_in", "", "二、上年结转政府信息公开申请数量"},
	{"granted", "", "（一）予以公开"},
	{"partially_granted", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
	{"denied_state_secret", "（三）不予公开", "1.属于国家秘密"},
	{"denied_law_prohibited", "（三）不予公开", "2.其他法律行政法规禁止公开"},
	{"denied_three_safeties", "（三）不予公开", "3.危及“三安全一稳定”"},
	{"denied_third_party", "（三）不予公开", "4.保护第三方合法权益"},
	{"denied_internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"},
	{"denied_process_info", "（三）不予公开", "6.属于四类过程性信息"},
	{"denied_enforcement_file", "（三）不予公开", "7.属于行政执法案卷"},
	{"denied_admin_query", "（三）不予公开", "8.属于行政查询事项"},
	{"unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"},
	{"unable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"},
	{"unable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确"},
	{"not_processed_petition", "（五）不予处理", "1.信访举报投诉类申请"},
	{"not_processed_repeat", "（五）不予处理", "2.重复申请"},
	{"not_processed_publication", "（五）不予处理", "3.要求提供公开出版物"},
	{"not_processed_mass_repeat", "（五）不予处理", "4.无正当理由大量反复申请"},
	{"not_processed_reissue", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"},
	{"other_no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	{"other_fee_unpaid", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	{"other_other", "（六）其他处理", "3.其他"},
	{"other_processing", "", "（六）其他处理"},
	{"total_processed", "", "（七）总计"},
	{"carried_out", "", "四、结转下年度继续办理"},
}

// rowsOf returns the printed rows of table 三 for the figures.
func rowsOf(f *Figures) []appRow {
	var out []appRow
	for _, r := range appRows {
		if _, ok := f.Apps[r.key]; ok {
			out = append(out, r)
		}
	}
	return out
}

// inResults reports whether a row sits under 三、本年度办理结果.
func inResults(key string) bool {
	return key != "new_received" && key != "carried_in" && key != "carried_out"
}

// Header layouts of table 三.
const (
	// HeaderOfficial: 申请人情况 over 自然人 | 法人或其他组织 | 总计 over the
	// sub-columns (three header rows, as the template prints it).
	HeaderOfficial = iota
	// HeaderTwo: without the 申请人情况 row.
	HeaderTwo
	// HeaderFlat: one header row naming every column.
	HeaderFlat
)

// Group layouts of table 三.
const (
	// GroupsRowspan: the group label in a column of its own, merged over
	// its rows (the template).
	GroupsRowspan = iota
	// GroupsInline: the group label and the first item's label in one
	// cell ("（六）其他处理 1.申请人无正当理由逾期不补正…"), the other
	// items' labels alone.
	GroupsInline
	// GroupsOwnRow: the group label on a row of its own without numbers,
	// then its items.
	GroupsOwnRow
	// GroupsSubtotal: the group label on a row of its own with its
	// numbers (the sum of its items), then its items.
	GroupsSubtotal
	// GroupsInlineSubtotal: the group label and its numbers, then the
	// first item's label and numbers, on one line or row.
	GroupsInlineSubtotal
)

// T3Style says how table 三 is printed.
type T3Style struct {
	Cols     []string // column keys in printed order; nil: the template's seven
	SubLabel string   // label of the 小计 column; "" means 小计
	Header   int
	Groups   int
	// Upto: print the rows up to and including this key (a page cut off);
	// "" prints all.
	Upto string
	// From: print the rows from this key on; "" prints from the first.
	From string
}

func (st *T3Style) cols() []string {
	if len(st.Cols) > 0 {
		return st.Cols
	}
	return columnKeys[:]
}

var colLabel = map[string]string{
	"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_org": "社会公益组织",
	"legal_service": "法律服务机构", "other_org": "其他", "total": "总计",
}

func (st *T3Style) label(key string) string {
	if key == Subtotal {
		if st.SubLabel != "" {
			return st.SubLabel
		}
		return "小计"
	}
	return colLabel[key]
}

func isLegal(key string) bool {
	switch key {
	case "natural_person", "total":
		return false
	}
	return true
}

// printedRows returns the rows of table 三 that the style prints.
func (st *T3Style) printedRows(f *Figures) []appRow {
	rows := rowsOf(f)
	if st.From != "" {
		for i, r := range rows {
			if r.key == st.From {
				rows = rows[i:]
				break
			}
		}
	}
	if st.Upto != "" {
		for i, r := range rows {
			if r.key == st.Upto {
				rows = rows[:i+1]
				break
			}
		}
	}
	return rows
}

// Intro is the first cell of the table 三 header.
const Intro = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

// T3 builds table 三.
func T3(f *Figures, st T3Style) (*Table, error) {
	cols := st.cols()
	t := &Table{}
	// label columns: 三、本年度办理结果 | group | item, or two for the
	// layouts without a group column
	lc := 3
	if st.Groups != GroupsRowspan {
		lc = 2
	}
	t.LabelCols = lc
	header, err := st.header(lc, cols)
	if err != nil {
		return nil, err
	}
	t.Rows = append(t.Rows, header...)
	rows := st.printedRows(f)
	values := func(key string) []Cell {
		var out []Cell
		for _, c := range cols {
			out = append(out, Cell{Text: num(f.col(key, c))})
		}
		return out
	}
	groupSum := func(group string) []Cell {
		var out []Cell
		for _, c := range cols {
			s := 0.0
			for _, r := range rows {
				if r.group == group {
					s += f.col(r.key, c)
				}
			}
			out = append(out, Cell{Text: num(s)})
		}
		return out
	}
	empty := func() []Cell { return make([]Cell, len(cols)) }
	// rows under 三、本年度办理结果, group rows included
	results := 0
	seenGroup := map[string]bool{}
	for _, r := range rows {
		if !inResults(r.key) {
			continue
		}
		results++
		if r.group != "" && !seenGroup[r.group] && (st.Groups == GroupsOwnRow || st.Groups == GroupsSubtotal) {
			results++
		}
		seenGroup[r.group] = true
	}
	groupRows := func(g string) int {
		n := 0
		for _, r := range rows {
			if r.group == g {
				n++
			}
		}
		return n
	}
	firstResult := true
	seen := map[string]bool{}
	for _, r := range rows {
		var row []Cell
		if !inResults(r.key) {
			row = append(row, Cell{Text: r.label, CS: lc})
			t.Rows = append(t.Rows, append(row, values(r.key)...))
			continue
		}
		if firstResult {
			row = append(row, Cell{Text: "三、本年度办理结果", RS: results})
			firstResult = false
		}
		first := r.group != "" && !seen[r.group]
		seen[r.group] = true
		switch {
		case r.group == "":
			span := 1
			if lc == 3 {
				span = 2
			}
			row = append(row, Cell{Text: r.label, CS: span})
		case st.Groups == GroupsRowspan:
			if first {
				row = append(row, Cell{Text: r.group, RS: groupRows(r.group)})
			}
			row = append(row, Cell{Text: r.label})
		case st.Groups == GroupsInline && first:
			row = append(row, Cell{Text: r.group + " " + r.label})
		case st.Groups == GroupsInlineSubtotal && first:
			// the group's label and numbers, then the item's, in one row
			row = append(row, Cell{Text: r.group})
			row = append(row, groupSum(r.group)...)
			row = append(row, Cell{Text: r.label})
		case (st.Groups == GroupsOwnRow || st.Groups == GroupsSubtotal) && first:
			gr := append([]Cell{}, row...)
			gr = append(gr, Cell{Text: r.group})
			if st.Groups == GroupsSubtotal {
				gr = append(gr, groupSum(r.group)...)
			} else {
				gr = append(gr, empty()...)
			}
			t.Rows = append(t.Rows, gr)
			row = []Cell{{Text: r.label}}
		default:
			row = append(row, Cell{Text: r.label})
		}
		t.Rows = append(t.Rows, append(row, values(r.key)...))
	}
	return t, nil
}

// header builds the header rows of table 三 over lc label columns.
func (st *T3Style) header(lc int, cols []string) ([][]Cell, error) {
	// the 法人 columns must stand together for a spanning heading
	first, last := -1, -1
	for i, c := range cols {
		if isLegal(c) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for i := first; i >= 0 && i <= last; i++ {
		if !isLegal(cols[i]) && st.Header != HeaderFlat {
			return nil, fmt.Errorf("table 三 columns %v: the 法人 columns are not side by side under one heading", cols)
		}
	}
	switch st.Header {
	case HeaderFlat:
		row := []Cell{{Text: Intro, CS: lc}}
		for _, c := range cols {
			row = append(row, Cell{Text: st.label(c)})
		}
		return [][]Cell{row}, nil
	case HeaderOfficial, HeaderTwo:
		var out [][]Cell
		var top []Cell
		if st.Header == HeaderOfficial {
			out = append(out, []Cell{{Text: Intro, RS: 3, CS: lc}, {Text: "申请人情况", CS: len(cols)}})
		} else {
			top = append(top, Cell{Text: Intro, RS: 2, CS: lc})
		}
		var sub []Cell
		for i, c := range cols {
			switch {
			case !isLegal(c):
				top = append(top, Cell{Text: st.label(c), RS: 2})
			case i == first:
				top = append(top, Cell{Text: "法人或其他组织", CS: last - first + 1})
				fallthrough
			default:
				sub = append(sub, Cell{Text: st.label(c)})
			}
		}
		return append(out, top, sub), nil
	}
	return nil, fmt.Errorf("unknown header layout %d", st.Header)
}

// T4 builds table 四: its two header rows (three with the spanning
// 行政诉讼 heading) and one row of fifteen numbers.
func T4(f *Figures) *Table {
	t := &Table{}
	t.Rows = append(t.Rows, []Cell{{Text: "行政复议", CS: 5}, {Text: "行政诉讼", CS: 10}})
	r2 := []Cell{}
	fields := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	for _, h := range fields {
		r2 = append(r2, Cell{Text: h, RS: 2})
	}
	r2 = append(r2, Cell{Text: "未经复议直接起诉", CS: 5}, Cell{Text: "复议后起诉", CS: 5})
	t.Rows = append(t.Rows, r2)
	var r3 []Cell
	for range 2 {
		for _, h := range fields {
			r3 = append(r3, Cell{Text: h})
		}
	}
	t.Rows = append(t.Rows, r3)
	var vals []Cell
	for _, v := range f.Review {
		vals = append(vals, Cell{Text: num(v)})
	}
	t.Rows = append(t.Rows, vals)
	return t
}

// activeRow is one printed row of table 二: its label and keys.
type activeRow struct {
	label string
	keys  []string
}

type activeBlock struct {
	caption string
	heads   []string
	rows    []activeRow
}

var active2021 = []activeBlock{
	{"第二十条第（一）项", []string{"本年制发件数", "本年废止件数", "现行有效件数"}, []activeRow{
		{"规章", []string{"regulations_issued", "regulations_repealed", "regulations_in_force"}},
		{"行政规范性文件", []string{"normative_docs_issued", "normative_docs_repealed", "normative_docs_in_force"}}}},
	{"第二十条第（五）项", []string{"本年处理决定数量"}, []activeRow{{"行政许可", []string{"licensing_decisions"}}}},
	{"第二十条第（六）项", []string{"本年处理决定数量"}, []activeRow{
		{"行政处罚", []string{"penalty_decisions"}}, {"行政强制", []string{"coercion_decisions"}}}},
	{"第二十条第（八）项", []string{"本年收费金额（单位：万元）"}, []activeRow{{"行政事业性收费", []string{"fees_amount_wan"}}}},
}

var active2019 = []activeBlock{
	{"第二十条第（一）项", []string{"本年新制作数量", "本年新公开数量", "对外公开总数量"}, []activeRow{
		{"规章", []string{"regulations_made", "regulations_published", "regulations_total_public"}},
		{"规范性文件", []string{"normative_docs_made", "normative_docs_published", "normative_docs_total_public"}}}},
	{"第二十条第（五）项", []string{"上一年项目数量", "本年增/减", "处理决定数量"}, []activeRow{
		{"行政许可", []string{"licensing_prev_items", "licensing_change", "licensing_decisions"}},
		{"其他对外管理服务事项", []string{"other_mgmt_prev_items", "other_mgmt_change", "other_mgmt_decisions"}}}},
	{"第二十条第（六）项", []string{"上一年项目数量", "本年增/减", "处理决定数量"}, []activeRow{
		{"行政处罚", []string{"penalty_prev_items", "penalty_change", "penalty_decisions"}},
		{"行政强制", []string{"coercion_prev_items", "coercion_change", "coercion_decisions"}}}},
	{"第二十条第（八）项", []string{"上一年项目数量", "本年增/减"}, []activeRow{
		{"行政事业性收费", []string{"fees_prev_items", "fees_change"}}}},
	{"第二十条第（九）项", []string{"采购项目数量", "采购总金额"}, []activeRow{
		{"政府集中采购", []string{"procurement_items", "procurement_amount"}}}},
}

// T2Style says how table 二 is printed.
type T2Style struct {
	// Labels replaces row labels (by the template's label) with the
	// printed ones: long annotated or traditional labels.
	Labels map[string]string
	// Text prints a cell (by key) as this text instead of its number:
	// signed changes, annotations.
	Text map[string]string
}

// T2 builds table 二 as one table of four columns with a caption row per
// block.
func T2(f *Figures, st T2Style) *Table {
	blocks := active2021
	if f.Template == "2019" {
		blocks = active2019
	}
	t := &Table{LabelCols: 1}
	for _, b := range blocks {
		t.Rows = append(t.Rows, []Cell{{Text: b.caption, CS: 4}})
		head := []Cell{{Text: "信息内容"}}
		for i, h := range b.heads {
			c := Cell{Text: h}
			if i == len(b.heads)-1 {
				c.CS = 4 - len(b.heads)
			}
			head = append(head, c)
		}
		t.Rows = append(t.Rows, head)
		for _, r := range b.rows {
			label := r.label
			if l, ok := st.Labels[r.label]; ok {
				label = l
			}
			row := []Cell{{Text: label}}
			for i, k := range r.keys {
				c := Cell{Text: activeText(f, k, st)}
				if i == len(r.keys)-1 {
					c.CS = 4 - len(r.keys)
				}
				row = append(row, c)
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

func activeText(f *Figures, key string, st T2Style) string {
	if s, ok := st.Text[key]; ok {
		return strings.ReplaceAll(s, "$"+key, num(f.Active[key]))
	}
	s := num(f.Active[key])
	if u := f.Units[key]; u != "" {
		s += u
	}
	return s
}

// joinCells joins texts with sep.
func joinCells(cells []string, sep string) string { return strings.Join(cells, sep) }
