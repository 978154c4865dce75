// Package textreader reads a plain-text rendering of a report into a
// doc.Document: "|"-separated rows (the mirror text and markdown tables),
// tab-separated rows (tables copied from a browser), space-aligned
// columns (pdftotext -layout, via layout.Rows) and
// running text, where crawler text may hold a whole table on one line
// with its cells run together (the mapper splits those).
package textreader

import (
	"strconv"
	"strings"

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
	for i, line := range lines {
		n := i + firstLine
		if d.Title == "" {
			d.Title = titleOf(line)
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
