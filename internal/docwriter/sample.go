package docwriter

import (
	"fmt"
	"strconv"

	"ogi/schema"
)

// Sample is a generated report: its blocks (paragraphs and
// the three statistics tables, with the merged cells of the national
// template) and the figures printed in them, keyed as in the data
// dictionary. Every hard identity holds.
type Sample struct {
	Template     string // schema.V2021 or schema.V2019
	Title        string
	Year         int
	Blocks       []Block
	Active       map[string]float64
	Units        map[string]string             // printed units of table 二 amounts
	Applications map[string]map[string]float64 // row key → column key → value
	Review       map[string]float64
}

// Sample2021 generates a report on the 2021 template; seed varies the
// figures and the year (2021–2024).
func Sample2021(seed int) Sample {
	return sample(schema.Template2021(), 2021+seed%4, seed)
}

// Sample2019 generates a report on the 2019 template (report years 2019
// and 2020): table 二 with signed 本年增/减 values and a procurement amount
// printed with its unit ("251000元"), table 三 with （六）其他处理 as one row.
func Sample2019(seed int) Sample {
	return sample(schema.Template2019(), 2019+seed%2, seed)
}

func sample(t *schema.Template, year, seed int) Sample {
	s := Sample{
		Template:     t.ID,
		Title:        fmt.Sprintf("示例县人民政府%d年政府信息公开工作年度报告", year),
		Year:         year,
		Active:       map[string]float64{},
		Units:        map[string]string{},
		Applications: map[string]map[string]float64{},
		Review:       map[string]float64{},
	}
	g := figureGen(seed)
	active := s.activeTable(t, g)
	apps := s.applicationsTable(t, g, seed)
	review := s.reviewTable(t, g)
	s.Blocks = []Block{
		{Para: fmt.Sprintf("本报告根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据统计期限自%d年1月1日起至%d年12月31日止。", year, year)},
		{Para: "一、总体情况"},
		{Para: fmt.Sprintf("%d年，示例县人民政府坚持以公开为常态、不公开为例外，全面推进政务公开。", year)},
		{Para: "二、主动公开政府信息情况"},
		{Table: active},
		{Para: "三、收到和处理政府信息公开申请情况"},
		{Table: apps},
		{Para: "四、政府信息公开行政复议、行政诉讼情况"},
		{Table: review},
		{Para: "五、存在的主要问题及改进情况"},
		{Para: "政策解读质量仍需提升。"},
		{Para: "六、其他需要报告的事项"},
		{Para: "本年度未收取信息处理费。"},
	}
	return s
}

// figureGen draws the figures of a sample: a small deterministic mix of
// the cell's index and the seed, below m.
type figureGen int

func (seed figureGen) n(i, m int) int { return (i*7 + int(seed)*13 + i*i*3) % m }

// printed is a number as a report prints it.
func printed(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// activeTable draws table 二's figures into s and lays the table out
// block by block as the template declares it: a caption row, a header
// row and one row per item, padded to the widest block.
func (s *Sample) activeTable(t *schema.Template, g figureGen) [][]string {
	text := map[string]string{}
	for i, fl := range t.Active {
		v := float64(g.n(i+1, 40) + i)
		p := printed(v)
		switch {
		case fl.Unit:
			v = float64(100000 + g.n(i, 900)*1000)
			p = printed(v) + "元"
			s.Units[fl.Key] = "元"
		case fl.Decimal:
			v = float64(g.n(i, 9000)) + 0.47
			p = printed(v)
		case fl.Signed:
			v = float64(g.n(i, 11) - 5)
			p = printed(v)
			if v > 0 {
				p = "+" + p
			}
		case fl.Key == "licensing_decisions":
			v = float64(1000000 + g.n(i, 9999))
			p = printed(v)
		}
		s.Active[fl.Key] = v
		text[fl.Key] = p
	}
	width := 0
	type block struct {
		name       string
		rows, cols []string
	}
	var blocks []*block
	byName := map[string]*block{}
	for _, fl := range t.Active {
		b := byName[fl.Block]
		if b == nil {
			b = &block{name: fl.Block}
			byName[fl.Block] = b
			blocks = append(blocks, b)
		}
		if !contains(b.rows, fl.Row) {
			b.rows = append(b.rows, fl.Row)
		}
		if !contains(b.cols, fl.Column) {
			b.cols = append(b.cols, fl.Column)
		}
		width = max(width, len(b.cols)+1)
	}
	pad := func(cells []string) []string {
		for len(cells) < width {
			cells = append(cells, SpanLeft)
		}
		return cells
	}
	var table [][]string
	for _, b := range blocks {
		table = append(table, pad([]string{b.name}))
		table = append(table, pad(append([]string{"信息内容"}, b.cols...)))
		for _, r := range b.rows {
			cells := []string{r}
			for _, c := range b.cols {
				for _, fl := range t.Active {
					if fl.Block == b.name && fl.Row == r && fl.Column == c {
						cells = append(cells, text[fl.Key])
					}
				}
			}
			table = append(table, pad(cells))
		}
	}
	return table
}

// applicationsTable draws table 三's figures into s (the outcome rows
// first, then the totals that make the identities hold) and lays the
// table out with the national template's three header rows and merged
// label cells.
func (s *Sample) applicationsTable(t *schema.Template, g figureGen, seed int) [][]string {
	cols := t.ColumnKeys()
	applicants := cols[:len(cols)-1]
	sum := map[string]float64{}
	for i, r := range t.ApplicationRows {
		if !r.Outcome {
			continue
		}
		row := map[string]float64{}
		for j, c := range applicants {
			v := float64(g.n(i*6+j, 9) - 3)
			if v < 0 {
				v = 0
			}
			if j == 0 {
				v += float64(g.n(i, 30))
			}
			row[c] = v
			sum[c] += v
		}
		s.Applications[r.Key] = row
	}
	for _, k := range []string{"total_processed", "carried_in", "carried_out", "new_received"} {
		s.Applications[k] = map[string]float64{}
	}
	for j, c := range applicants {
		in, out := float64(j%3), float64((j+seed)%4)
		s.Applications["total_processed"][c] = sum[c]
		s.Applications["carried_in"][c] = in
		s.Applications["carried_out"][c] = out
		s.Applications["new_received"][c] = sum[c] + out - in
	}
	for _, row := range s.Applications {
		total := 0.0
		for _, c := range applicants {
			total += row[c]
		}
		row["total"] = total
	}
	vals := func(key string) []string {
		out := make([]string, len(cols))
		for j, c := range cols {
			out[j] = printed(s.Applications[key][c])
		}
		return out
	}
	groupLabel := map[string]string{}
	for _, g := range t.ApplicationGroups {
		groupLabel[g.Key] = g.Label
	}
	table := [][]string{
		{"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", SpanLeft, SpanLeft, "申请人情况", SpanLeft, SpanLeft, SpanLeft, SpanLeft, SpanLeft, SpanLeft},
		{SpanUp, SpanLeft, SpanLeft, "自然人", "法人或其他组织", SpanLeft, SpanLeft, SpanLeft, SpanLeft, "总计"},
		{SpanUp, SpanLeft, SpanLeft, SpanUp, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", SpanUp},
	}
	prevGroup := ""
	inResults := false
	for _, r := range t.ApplicationRows {
		var label []string
		switch {
		case r.Key == "new_received" || r.Key == "carried_in" || r.Key == "carried_out":
			label = []string{r.Label, SpanLeft, SpanLeft}
		case r.Group == "":
			first := "三、本年度办理结果"
			if inResults {
				first = SpanUp
			}
			inResults = true
			label = []string{first, r.Label, SpanLeft}
		default:
			g := groupLabel[r.Group]
			if r.Group == prevGroup {
				g = SpanUp
			}
			label = []string{SpanUp, g, r.Label}
		}
		prevGroup = r.Group
		table = append(table, append(label, vals(r.Key)...))
	}
	return table
}

// reviewTable draws table 四's figures into s (each group's total the sum
// of its four results) and lays out its three header rows and the row of
// fifteen numbers.
func (s *Sample) reviewTable(t *schema.Template, g figureGen) [][]string {
	for gi, grp := range t.ReviewGroups {
		total := 0.0
		for fi, fl := range t.ReviewFields {
			k := schema.ReviewKey(grp.Key, fl.Key)
			if fl.Key == "total" {
				s.Review[k] = total
				continue
			}
			v := float64(g.n(gi*5+fi, 6))
			s.Review[k] = v
			total += v
		}
	}
	var values []string
	for _, k := range t.ReviewKeys() {
		values = append(values, printed(s.Review[k]))
	}
	return [][]string{
		{"行政复议", SpanLeft, SpanLeft, SpanLeft, SpanLeft, "行政诉讼", SpanLeft, SpanLeft, SpanLeft, SpanLeft, SpanLeft, SpanLeft, SpanLeft, SpanLeft, SpanLeft},
		{SpanUp, SpanLeft, SpanLeft, SpanLeft, SpanLeft, "未经复议直接起诉", SpanLeft, SpanLeft, SpanLeft, SpanLeft, "复议后起诉", SpanLeft, SpanLeft, SpanLeft, SpanLeft},
		{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"},
		values,
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
