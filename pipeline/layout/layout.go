// Package layout reads column-aligned text tables, such as the output of
// `pdftotext -layout`, into table rows: cells are separated by wide gaps of
// spaces.
package layout

import (
	"fmt"
	"regexp"
	"strings"

	"ogi/pipeline/doc"
)

var gap = regexp.MustCompile(`\s{2,}|\t+`)

// Rows splits each line into cells at runs of two or more spaces or tabs.
// firstLine is the 1-based number of lines[0] in its file, for locators.
func Rows(lines []string, firstLine int) []doc.Row {
	rows := make([]doc.Row, 0, len(lines))
	for i, line := range lines {
		loc := fmt.Sprintf("line %d", firstLine+i)
		var cells []doc.Cell
		for j, part := range gap.Split(strings.TrimSpace(line), -1) {
			if part == "" {
				continue
			}
			cells = append(cells, doc.Cell{Text: part, Locator: fmt.Sprintf("%s col %d", loc, j+1)})
		}
		rows = append(rows, doc.Row{Cells: cells, Locator: loc})
	}
	return rows
}
