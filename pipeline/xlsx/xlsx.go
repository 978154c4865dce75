// Package xlsx writes ogi's tables, comparisons and lists as Excel
// workbooks (github.com/xuri/excelize/v2), for the colleagues of a
// provincial office who open everything in Excel: one sheet per table, a
// header row in Chinese above one in English (the column names of the
// CSV and the dataset), both frozen, number formats by column (rates as
// percentages, counts as whole numbers, dates as dates), and the rows
// streamed to the file so a large table never sits in memory twice.
//
// A sheet holds at most Excel's 1,048,576 rows; a longer table continues
// on sheets named "name (2)", "name (3)", … with the same headers.
package xlsx

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"ogi/pipeline/query"
)

// Format is how a column's values are shown.
type Format int

// Formats of a column.
const (
	General  Format = iota // text, or a number as it is
	Integer                // counts: 0
	Decimal                // 0.0000
	Percent                // rates (0.734 shows as 73.4%)
	Date                   // yyyy-mm-dd
	DateTime               // yyyy-mm-dd hh:mm (UTC)
)

// Column is one column of a sheet: its key (the English header, as in
// CSV), its Chinese header and its format.
type Column struct {
	Key, Zh string
	Format  Format
}

// MaxRows is the number of data rows a sheet holds under its two header
// rows (Excel's limit is 1,048,576 rows a sheet).
const MaxRows = 1048576 - 2

// maxRows is MaxRows, lowered by tests.
var maxRows = MaxRows

// Workbook is a workbook being written. Sheets are added one after the
// other; Write finishes it.
type Workbook struct {
	f      *excelize.File
	styles map[Format]int
	header int
	first  bool
	names  map[string]bool
}

// New starts a workbook.
func New() (*Workbook, error) {
	f := excelize.NewFile()
	wb := &Workbook{f: f, styles: map[Format]int{}, first: true, names: map[string]bool{}}
	if err := wb.makeStyles(); err != nil {
		f.Close()
		return nil, err
	}
	return wb, nil
}

func (wb *Workbook) makeStyles() error {
	custom := func(s string) *string { return &s }
	defs := map[Format]*excelize.Style{
		General:  {},
		Integer:  {NumFmt: 1},
		Decimal:  {CustomNumFmt: custom("0.0000")},
		Percent:  {CustomNumFmt: custom("0.0%")},
		Date:     {CustomNumFmt: custom("yyyy-mm-dd")},
		DateTime: {CustomNumFmt: custom("yyyy-mm-dd hh:mm")},
	}
	for f, st := range defs {
		id, err := wb.f.NewStyle(st)
		if err != nil {
			return fmt.Errorf("xlsx: style: %w", err)
		}
		wb.styles[f] = id
	}
	id, err := wb.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF1F6"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("xlsx: style: %w", err)
	}
	wb.header = id
	return nil
}

// sheetName makes a valid, unused sheet name (at most 31 characters, none
// of : \ / ? * [ ]).
func (wb *Workbook) sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		name = "Sheet"
	}
	trim := func(s string, n int) string {
		for utf8.RuneCountInString(s) > n {
			_, size := utf8.DecodeLastRuneInString(s)
			s = s[:len(s)-size]
		}
		return s
	}
	base := trim(name, 31)
	out := base
	for k := 2; wb.names[strings.ToLower(out)]; k++ {
		suffix := fmt.Sprintf(" (%d)", k)
		out = trim(base, 31-len(suffix)) + suffix
	}
	wb.names[strings.ToLower(out)] = true
	return out
}

// Sheet streams one table onto a new sheet (and continuation sheets past
// MaxRows): rows calls emit for every row, in order, with one value per
// column (nil for an empty cell).
func (wb *Workbook) Sheet(name string, cols []Column, rows func(emit func(row []any) error) error) error {
	return wb.Stream(name, func(header func([]Column) error, emit func([]any) error) error {
		if err := header(cols); err != nil {
			return err
		}
		return rows(emit)
	})
}

// Stream is Sheet for a table whose columns are known only once it is
// read: fill calls header once, before any row.
func (wb *Workbook) Stream(name string, fill func(header func([]Column) error, emit func(row []any) error) error) error {
	var sw *excelize.StreamWriter
	var cols []Column
	n := 0
	open := func() error {
		if sw != nil {
			if err := sw.Flush(); err != nil {
				return fmt.Errorf("xlsx: sheet %s: %w", name, err)
			}
		}
		sheet := wb.sheetName(name)
		if wb.first {
			if err := wb.f.SetSheetName("Sheet1", sheet); err != nil {
				return fmt.Errorf("xlsx: sheet %s: %w", name, err)
			}
			wb.first = false
		} else if _, err := wb.f.NewSheet(sheet); err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", name, err)
		}
		var err error
		if sw, err = wb.f.NewStreamWriter(sheet); err != nil {
			return fmt.Errorf("xlsx: sheet %s: %w", name, err)
		}
		return wb.headers(sw, cols)
	}
	var line []any
	header := func(c []Column) error {
		if sw != nil {
			return fmt.Errorf("xlsx: sheet %s: headers given twice", name)
		}
		cols, line = c, make([]any, len(c))
		return open()
	}
	emit := func(row []any) error {
		if sw == nil {
			return fmt.Errorf("xlsx: sheet %s: a row before the headers", name)
		}
		if n == maxRows {
			if err := open(); err != nil {
				return err
			}
			n = 0
		}
		for i, c := range cols {
			var v any
			if i < len(row) {
				v = row[i]
			}
			line[i] = wb.cell(c, v)
		}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, line); err != nil {
			return fmt.Errorf("xlsx: sheet %s row %d: %w", name, n, err)
		}
		return nil
	}
	if err := fill(header, emit); err != nil {
		return err
	}
	if sw == nil {
		return fmt.Errorf("xlsx: sheet %s: no headers", name)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: sheet %s: %w", name, err)
	}
	return nil
}

// headers writes the two header rows, the column widths and the frozen
// panes; they must come before the rows.
func (wb *Workbook) headers(sw *excelize.StreamWriter, cols []Column) error {
	for i, c := range cols {
		w := 10.0
		for _, s := range []string{c.Key, c.Zh} {
			w = math.Max(w, float64(displayWidth(s))+2)
		}
		if c.Format == Date || c.Format == DateTime {
			w = math.Max(w, 17)
		}
		if err := sw.SetColWidth(i+1, i+1, math.Min(w, 60)); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	zh := make([]any, len(cols))
	en := make([]any, len(cols))
	for i, c := range cols {
		zh[i] = excelize.Cell{StyleID: wb.header, Value: c.Zh}
		en[i] = excelize.Cell{StyleID: wb.header, Value: c.Key}
	}
	if err := sw.SetRow("A1", zh); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := sw.SetRow("A2", en); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// cell is one value with its column's style; NaN, infinities and nil are
// empty cells.
func (wb *Workbook) cell(c Column, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case float32:
		v = float64(x)
	case time.Time:
		if x.IsZero() {
			return nil
		}
		v = x.UTC()
	case query.Date:
		v = x.Time
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fmt.Sprint(p)
		}
		v = strings.Join(parts, ", ")
	}
	return excelize.Cell{StyleID: wb.styles[c.Format], Value: v}
}

// Write finishes the workbook and writes it to w.
func (wb *Workbook) Write(w io.Writer) error {
	defer wb.f.Close()
	if wb.first {
		return fmt.Errorf("xlsx: a workbook needs a sheet")
	}
	wb.f.SetActiveSheet(0)
	if _, err := wb.f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// Close drops a workbook that will not be written.
func (wb *Workbook) Close() error { return wb.f.Close() }

// displayWidth counts wide (CJK) characters twice.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Result adds a query result as a sheet; rates name its rate columns.
func (wb *Workbook) Result(name string, res *query.Result, rates ...string) error {
	return wb.Sheet(name, Columns(res.Columns, rates...), func(emit func([]any) error) error {
		for _, r := range res.Rows {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteResults writes a workbook of results, one sheet each, to w.
func WriteResults(w io.Writer, sheets ...NamedResult) error {
	wb, err := New()
	if err != nil {
		return err
	}
	for _, s := range sheets {
		if err := wb.Result(s.Name, s.Result, s.Rates...); err != nil {
			wb.Close()
			return err
		}
	}
	return wb.Write(w)
}

// NamedResult is one sheet of WriteResults.
type NamedResult struct {
	Name   string
	Result *query.Result
	Rates  []string
}
