package extract

import (
	"fmt"
	"strings"

	"ogi/pipeline/doc"
	"ogi/pipeline/htmlreader"
	"ogi/pipeline/textreader"
)

// minMixedCells is how many <td> a text input must hold before its HTML
// tables are read as tables (a stray "<td>" in prose is no table).
const minMixedCells = 10

// readMixed reads text that carries HTML tables among plain or markdown
// lines, as OCR and language-model conversions of a PDF write tables with
// merged cells: each <table>…</table> goes through the HTML reader, the
// text between through the text reader, in order. ok is false when the
// text holds no such tables.
func readMixed(text string) (d doc.Document, ok bool, err error) {
	lower := asciiLower(text)
	if strings.Count(lower, "<td") < minMixedCells || !strings.Contains(lower, "<table") {
		return doc.Document{}, false, nil
	}
	var parts []string
	tables := 0
	add := func(sub doc.Document, line int, html bool) {
		if d.Title == "" {
			d.Title = sub.Title
		}
		d.Images += sub.Images
		d.Links = append(d.Links, sub.Links...)
		parts = append(parts, sub.Text)
		top := 0
		for _, r := range sub.Rows {
			if r.Table > 0 {
				top = max(top, r.Table)
				r.Table += tables
			}
			if html {
				// Locators of the HTML reader count within the table's
				// stretch: say where the stretch starts.
				prefix := fmt.Sprintf("line %d ", line)
				r.Locator = prefix + r.Locator
				cells := make([]doc.Cell, len(r.Cells))
				copy(cells, r.Cells)
				for k := range cells {
					cells[k].Locator = prefix + cells[k].Locator
				}
				r.Cells = cells
			}
			d.Rows = append(d.Rows, r)
		}
		tables += top
	}
	line := 1
	for pos := 0; pos < len(text); {
		start := indexFold(lower, "<table", pos)
		if start < 0 {
			start = len(text)
		}
		if start > pos {
			seg := text[pos:start]
			add(textreader.ReadFrom(seg, line), line, false)
			line += strings.Count(seg, "\n")
		}
		if start == len(text) {
			break
		}
		end := tableEnd(lower, start)
		seg := text[start:end]
		sub, err := htmlreader.ReadString(seg)
		if err != nil {
			return doc.Document{}, true, fmt.Errorf("table at line %d: %w", line, err)
		}
		add(sub, line, true)
		line += strings.Count(seg, "\n")
		pos = end
	}
	d.Text = strings.Join(parts, "\n")
	return d, true, nil
}

// asciiLower lowercases ASCII letters only, so offsets in the result are
// offsets in s (strings.ToLower may change the length of other letters).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func indexFold(lower, sub string, from int) int {
	i := strings.Index(lower[from:], sub)
	if i < 0 {
		return -1
	}
	return from + i
}

// tableEnd returns the offset just past the </table> that closes the
// <table> at start, counting nested tables; the end of the text when it
// is never closed.
func tableEnd(lower string, start int) int {
	depth := 0
	o := indexFold(lower, "<table", start) // the next opening tag at or after i
	for i := start; i < len(lower); {
		c := indexFold(lower, "</table", i)
		switch {
		case c < 0:
			return len(lower)
		case o >= 0 && o < c:
			depth++
			i = o + len("<table")
			o = indexFold(lower, "<table", i)
		default:
			depth--
			i = c + len("</table")
			if depth == 0 {
				if gt := strings.IndexByte(lower[i:], '>'); gt >= 0 {
					return i + gt + 1
				}
				return len(lower)
			}
		}
	}
	return len(lower)
}
