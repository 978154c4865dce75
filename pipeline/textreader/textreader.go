// Package textreader reads a plain-text rendering of a report into a
// doc.Document: "|"-separated rows (the mirror text and markdown tables),
// tab-separated rows (tables copied from a browser), space-aligned
// columns (pdftotext -layout, via layout.Rows) and
// running text, where crawler text may hold a whole table on one line
// with its cells run together (the mapper splits those).
package textreader

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"ogi/pipeline/doc"
	"ogi/pipeline/layout"
)

// MaxLines bounds the lines read; the rest of a longer text is ignored.
const MaxLines = 200000

// Read splits text into rows. The first non-empty line that names a
// report becomes the title when it is short.
func Read(text string) doc.Document { return ReadFrom(text, 1) }

// ReadFrom reads text whose first line is line firstLine of its file, so
// locators count from there (a stretch of text between other parts).
func ReadFrom(text string, firstLine int) doc.Document {
	if firstLine < 1 {
		firstLine = 1
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(spaces.Replace(text), "\n")
	if len(lines) > MaxLines {
		lines = lines[:MaxLines]
	}
	d := doc.Document{Text: text}
	table := 0
	inPipe := false
	var plain []string
	plainStart := 0
	flushPlain := func() {
		if len(plain) > 0 {
			d.Rows = append(d.Rows, layout.Rows(plain, plainStart)...)
			plain = plain[:0]
		}
	}
	blocks := barBlocks(lines)
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		n := i + firstLine
		if d.Title == "" {
			d.Title = titleOf(line)
			if d.Title != "" && i > 0 {
				d.Title = titleHead(lines[i-1], d.Title) + d.Title
			}
		}
		if end, ok := blocks[i]; ok {
			// A table copied as one cell a line, each cell closed by a bar.
			flushPlain()
			table++
			inPipe = false
			d.Rows = append(d.Rows, barRows(lines[i:end], n, table)...)
			i = end - 1
			continue
		}
		if isPipeRow(line) {
			flushPlain()
			if !inPipe {
				table++
				inPipe = true
			}
			if isSeparator(line) {
				continue
			}
			d.Rows = append(d.Rows, pipeRow(line, n, table))
			continue
		}
		if isTabRow(line) {
			// A table copied from a browser: one row a line, cells split
			// by tabs, an empty cell between two tabs.
			flushPlain()
			if !inPipe {
				table++
				inPipe = true
			}
			d.Rows = append(d.Rows, tabRow(line, n, table))
			continue
		}
		inPipe = false
		if strings.TrimSpace(line) == "" {
			flushPlain()
			continue
		}
		if len(plain) == 0 {
			plainStart = n
		}
		plain = append(plain, line)
	}
	flushPlain()
	return d
}

// spaces turns the spaces a browser or editor leaves in copied text into
// what the readers split on, one column for one: a no-break, en or em
// space is a space; zero-width marks take no column. An ideographic space
// stays: the layout reader already ends a cell there.
var spaces = strings.NewReplacer("\u00a0", " ", "\u2002", " ", "\u2003", " ", "\u200b", "", "\ufeff", "")

// titleOf returns a short line naming a report, or "".
func titleOf(line string) string {
	s := strings.TrimSpace(line)
	s = strings.TrimPrefix(s, "标题:")
	s = strings.TrimPrefix(s, "标题：")
	s = strings.TrimPrefix(s, "# ")
	s = strings.TrimSpace(s)
	if len([]rune(s)) > 60 || len([]rune(s)) < 8 || sectionHeading(s) || strings.ContainsAny(s, "。；;，") {
		return ""
	}
	if strings.Contains(s, "年度报告") || strings.Contains(s, "年度報告") || strings.Contains(s, "年報") || strings.Contains(s, "年报") {
		return s
	}
	return ""
}

// titleHead returns the line above a title when it is the title's first
// line: a title broken after its agency ("铜川市耀州区审计局" over
// "2020年政府信息公开工作年度报告", "2024年永吉街道办事处" over
// "政府信息公开工作年度报告") or inside the phrase
// ("…2024年度政府" over "信息公开工作年度报告"); "" otherwise.
func titleHead(prev, title string) string {
	p := strings.TrimSpace(prev)
	n := len([]rune(p))
	if n < 2 || n > 40 || strings.ContainsAny(p, "。；;，,:：|>›»/") || sectionHeading(p) || strings.Contains(p, "报告") {
		return ""
	}
	if strings.HasSuffix(p, "政府") && strings.HasPrefix(title, "信息公开") {
		return p
	}
	if !titleStartsYear.MatchString(title) && !strings.HasPrefix(title, "政府信息公开") && !strings.HasPrefix(title, "政务公开") {
		return ""
	}
	for _, suf := range agencySuffixes {
		if strings.HasSuffix(p, suf) {
			return p
		}
	}
	return ""
}

// titleStartsYear matches a title that starts with its year.
var titleStartsYear = regexp.MustCompile(`^(?:19|20)\d{2}\s*年`)

// agencySuffixes end the names of agencies that print their name on the
// line above a title.
var agencySuffixes = []string{"政府", "局", "委员会", "委", "办公室", "办", "办事处", "街道", "乡", "镇", "中心", "院", "厅", "署", "管委会", "管理处", "区", "县", "市"}

// sectionHeading reports whether s starts like a numbered heading inside a
// report ("（五）年度报告数据统计需要说明的事项", "六、…"), which names the
// report without being its title.
func sectionHeading(s string) bool {
	r := []rune(s)
	i := 0
	if r[0] == '(' || r[0] == '（' {
		i = 1
	}
	j := i
	for j < len(r) && strings.ContainsRune("一二三四五六七八九十", r[j]) {
		j++
	}
	if j == i || j >= len(r) {
		return false
	}
	if i == 1 {
		return r[j] == ')' || r[j] == '）'
	}
	return r[j] == '、' || r[j] == '.' || r[j] == '．'
}

// isPipeRow reports whether a line is a "|"-separated table row: a
// markdown row (starting with "|") or a line with at least two bars.
func isPipeRow(line string) bool {
	s := strings.TrimSpace(line)
	if strings.HasPrefix(s, "|") {
		return true
	}
	return strings.Count(s, "|") >= 2
}

// isTabRow reports whether a line holds at least two cells split by tabs.
func isTabRow(line string) bool {
	if !strings.Contains(line, "\t") {
		return false
	}
	n := 0
	for _, f := range strings.Split(line, "\t") {
		if strings.TrimSpace(f) != "" {
			n++
		}
	}
	return n >= 2
}

// tabRow splits a tab-separated line into cells; trailing empty cells go.
func tabRow(line string, n, table int) doc.Row {
	parts := strings.Split(strings.TrimRight(line, " \t"), "\t")
	loc := "line " + strconv.Itoa(n)
	row := doc.Row{Table: table, Locator: loc}
	for j, p := range parts {
		row.Cells = append(row.Cells, doc.Cell{Text: strings.Join(strings.Fields(p), " "), Locator: loc + " col " + strconv.Itoa(j+1)})
	}
	return row
}

func isSeparator(line string) bool {
	s := strings.TrimSpace(line)
	if !strings.Contains(s, "-") {
		return false
	}
	for _, r := range s {
		switch r {
		case '|', '-', ':', ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// pipeRow splits a "|" row into cells. In a markdown row (leading bar)
// every cell between the outer bars is real; in the mirror text the
// trailing empty cells only pad the row to the table's width and are
// dropped.
func pipeRow(line string, n, table int) doc.Row {
	s := strings.TrimSpace(line)
	markdown := strings.HasPrefix(s, "|")
	if markdown {
		s = strings.TrimPrefix(s, "|")
		s = strings.TrimSuffix(s, "|")
	}
	parts := strings.Split(s, "|")
	if !markdown {
		for len(parts) > 0 && strings.TrimSpace(parts[len(parts)-1]) == "" {
			parts = parts[:len(parts)-1]
		}
	}
	loc := "line " + strconv.Itoa(n)
	row := doc.Row{Table: table, Locator: loc}
	for j, p := range parts {
		row.Cells = append(row.Cells, doc.Cell{Text: strings.Join(strings.Fields(p), " "), Locator: loc + " col " + strconv.Itoa(j+1)})
	}
	return row
}

// barOnly reports whether a line holds nothing but bars: the end of a
// cell, or of several empty ones ("|||").
func barOnly(line string) bool {
	s := strings.TrimSpace(line)
	return s != "" && strings.Trim(s, "|") == ""
}

// barClosed reports whether a line is one cell closed by a trailing bar
// ("信息内容 |"), the only bar on the line.
func barClosed(line string) bool {
	s := strings.TrimSpace(line)
	return strings.HasSuffix(s, "|") && strings.Count(s, "|") == 1 && len(s) > 1
}

// barLed reports whether a line is a bar followed by a cell's text
// ("| 规章"), the only bar on the line: a page flattened with a bar before
// each row's first cell prints the bar that ends the row above and the
// next row's label on one line.
func barLed(line string) bool {
	s := strings.TrimSpace(line)
	return strings.HasPrefix(s, "|") && strings.Count(s, "|") == 1 && len(s) > 1
}

// minBarLines is how many bar lines make a run a table printed as one cell
// a line; fewer are left to the other readers (a lone "第二十条第（一）项 |"
// above "|"-separated rows is such a row of its own).
const minBarLines = 8

// barBlocks finds the runs of lines that print a table one cell a line,
// each cell closed by a bar: either a bar line after every cell's text
// (the text may wrap over lines) or a bar at the end of every cell's
// line, a lone bar being an empty cell. It maps a run's first line to
// the line after its end.
func barBlocks(lines []string) map[int]int {
	blocks := map[int]int{}
	for i := 0; i < len(lines); {
		if !barOnly(lines[i]) && !barClosed(lines[i]) && !barLed(lines[i]) {
			i++
			continue
		}
		start, end, bars, gap := i, i, 0, 0
		for j := i; j < len(lines); j++ {
			l := lines[j]
			if skippable(l) {
				continue
			}
			if isPipeRow(l) && !barOnly(l) && !barLed(l) {
				break
			}
			if barOnly(l) || barClosed(l) || barLed(l) {
				bars++
				gap = 0
				end = j + 1
				continue
			}
			gap++
			if gap > 3 {
				break
			}
		}
		if bars >= minBarLines {
			// The text of the first cell, when bars follow the cells.
			if barOnly(lines[start]) && start > 0 && strings.TrimSpace(lines[start-1]) != "" && !isPipeRow(lines[start-1]) {
				if _, taken := blocks[start-1]; !taken {
					start--
				}
			}
			blocks[start] = end
			i = end
			continue
		}
		i = end + 1
	}
	return blocks
}

// barRows turns a run found by barBlocks into rows: a cell with words
// starts a row, the value cells after it (empty ones kept) follow in it.
// In a run whose cells end their own lines, a line without a bar is a
// heading between the cells, a row of its own; otherwise such lines are
// the text of the next cell.
func barRows(lines []string, first, table int) []doc.Row {
	closed := false
	for _, l := range lines {
		if barClosed(l) {
			closed = true
			break
		}
	}
	var rows []doc.Row
	var text strings.Builder
	textLine := 0
	newRow := false // a bar-led line started a row
	add := func(cell string, n int) {
		loc := "line " + strconv.Itoa(n)
		if newRow || cell != "" && hasWord(cell) || len(rows) == 0 {
			rows = append(rows, doc.Row{Table: table, Locator: loc})
			newRow = false
		}
		r := &rows[len(rows)-1]
		r.Cells = append(r.Cells, doc.Cell{Text: cell, Locator: loc + " col " + strconv.Itoa(len(r.Cells)+1)})
	}
	for k, l := range lines {
		n := first + k
		s := strings.TrimSpace(l)
		switch {
		case skippable(l):
		case barOnly(l):
			add(strings.Join(strings.Fields(text.String()), " "), max(textLine, n))
			text.Reset()
			textLine = 0
			for range strings.Count(s, "|") - 1 {
				add("", n)
			}
		case barLed(l):
			// the bar ends the cell above (the row's last one, or an
			// empty one) and the text starts the next cell
			if text.Len() > 0 || len(rows) > 0 {
				add(strings.Join(strings.Fields(text.String()), " "), max(textLine, n))
			}
			text.Reset()
			text.WriteString(strings.TrimSpace(strings.TrimPrefix(s, "|")))
			textLine = n
			newRow = true // its first cell may be a number (table 四's values)
		case barClosed(l):
			text.WriteString(strings.TrimSuffix(s, "|"))
			add(strings.Join(strings.Fields(text.String()), " "), n)
			text.Reset()
			textLine = 0
		case closed:
			rows = append(rows, doc.Row{Table: table, Locator: "line " + strconv.Itoa(n), Cells: []doc.Cell{{Text: strings.Join(strings.Fields(s), " "), Locator: "line " + strconv.Itoa(n) + " col 1"}}})
		default:
			if textLine == 0 {
				textLine = n
			}
			text.WriteString(s)
		}
	}
	if t := strings.TrimSpace(text.String()); t != "" {
		add(strings.Join(strings.Fields(t), " "), textLine)
	}
	// Empty cells after a row's last value pad it to the table's width
	// (the columns a spanning label covers), as in the mirror text.
	for i := range rows {
		c := rows[i].Cells
		for len(c) > 1 && c[len(c)-1].Text == "" {
			c = c[:len(c)-1]
		}
		rows[i].Cells = c
	}
	return rows
}

// hasWord reports whether a cell holds words (a label), not only a
// number, perhaps with its unit ("3125.6万元"), or a mark.
func hasWord(s string) bool {
	if valueCell.MatchString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// valueCell matches a number with at most a short unit after it.
var valueCell = regexp.MustCompile(`^[-+－—–]?\s*[\p{Nd}][\p{Nd},，.．\s]*\s*\p{Han}{0,2}$`)

// footer matches a page footer left between two lines of a table
// ("— 5 —", "第 3 页", "3/12").
var footer = regexp.MustCompile(`^(?:[-—–－~]+\s*\d{1,4}\s*[-—–－~]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4} ?/ ?\d{1,4})$`)

// skippable reports whether a line inside a table printed one cell a line
// is no part of it: an empty line, a form feed, a page footer.
func skippable(line string) bool {
	s := strings.Trim(line, " \t\f\v")
	return s == "" || footer.MatchString(s)
}
