package query

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// Formats of Write.
var Formats = []string{"table", "csv", "json", "markdown"}

// Write prints a result as an aligned text table, CSV, JSON (an array of
// objects, keys in column order) or a Markdown table. NULL is empty in text
// formats and null in JSON; CSV and JSON keep full precision.
func Write(w io.Writer, res *Result, format string) error {
	switch format {
	case "table", "":
		return writeTable(w, res)
	case "csv":
		return writeCSV(w, res)
	case "json":
		return writeJSON(w, res)
	case "markdown", "md":
		return writeMarkdown(w, res)
	}
	return fmt.Errorf("unknown format %q (table, csv, json or markdown)", format)
}

// text formats a value; decimals ≥ 0 prints a float with that many
// decimals, -1 with as many as it needs.
func text(v any, decimals int) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(x, 'f', decimals, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case Date:
		return x.String()
	}
	return fmt.Sprint(v)
}

// displayWidth counts East Asian wide characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// Decimals is how many decimals the text formats (table, markdown) print
// in a column of numbers that are not all whole: every number of the
// column gets them (0.6800 and 1.0000, not 0.6800 and 1).
const Decimals = 4

// columnDecimals decides, per column, how the text formats print floats:
// with Decimals decimals when any float of the column has a fraction,
// as whole numbers otherwise.
func columnDecimals(res *Result) []int {
	dec := make([]int, len(res.Columns))
	for _, row := range res.Rows {
		for i, v := range row {
			if f, ok := v.(float64); ok && i < len(dec) && f != math.Trunc(f) && !math.IsInf(f, 0) {
				dec[i] = Decimals
			}
		}
	}
	return dec
}

func writeTable(w io.Writer, res *Result) error {
	cells := make([][]string, 0, len(res.Rows)+1)
	cells = append(cells, res.Columns)
	numeric := make([]bool, len(res.Columns))
	dec := columnDecimals(res)
	for _, row := range res.Rows {
		line := make([]string, len(row))
		for i, v := range row {
			line[i] = text(v, dec[i])
			switch v.(type) {
			case int64, float64, int:
				numeric[i] = true
			}
		}
		cells = append(cells, line)
	}
	widths := make([]int, len(res.Columns))
	for _, line := range cells {
		for i, c := range line {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var buf bytes.Buffer
	for li, line := range cells {
		for i, c := range line {
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i > 0 {
				buf.WriteString("  ")
			}
			if numeric[i] && li > 0 {
				buf.WriteString(pad + c)
			} else if i < len(line)-1 {
				buf.WriteString(c + pad)
			} else {
				buf.WriteString(c)
			}
		}
		buf.WriteByte('\n')
		if li == 0 {
			for i := range line {
				if i > 0 {
					buf.WriteString("  ")
				}
				buf.WriteString(strings.Repeat("-", widths[i]))
			}
			buf.WriteByte('\n')
		}
	}
	fmt.Fprintf(&buf, "(%d rows)\n", len(res.Rows))
	_, err := w.Write(buf.Bytes())
	return err
}

func writeCSV(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(res.Columns); err != nil {
		return err
	}
	line := make([]string, len(res.Columns))
	for _, row := range res.Rows {
		for i, v := range row {
			line[i] = text(v, -1)
		}
		if err := cw.Write(line); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeJSON(w io.Writer, res *Result) error {
	var buf bytes.Buffer
	buf.WriteString("[")
	for ri, row := range res.Rows {
		if ri > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n  {")
		for i, v := range row {
			if i > 0 {
				buf.WriteString(", ")
			}
			k, _ := json.Marshal(res.Columns[i])
			buf.Write(k)
			buf.WriteString(": ")
			if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				v = nil // JSON has no NaN or infinity
			}
			b, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("json: column %s: %w", res.Columns[i], err)
			}
			buf.Write(b)
		}
		buf.WriteString("}")
	}
	if len(res.Rows) > 0 {
		buf.WriteString("\n")
	}
	buf.WriteString("]\n")
	_, err := w.Write(buf.Bytes())
	return err
}

func writeMarkdown(w io.Writer, res *Result) error {
	var buf bytes.Buffer
	esc := func(s string) string {
		s = strings.ReplaceAll(s, "|", `\|`)
		return strings.ReplaceAll(s, "\n", " ")
	}
	buf.WriteString("|")
	for _, c := range res.Columns {
		buf.WriteString(" " + esc(c) + " |")
	}
	buf.WriteString("\n|")
	for range res.Columns {
		buf.WriteString(" --- |")
	}
	buf.WriteString("\n")
	dec := columnDecimals(res)
	for _, row := range res.Rows {
		buf.WriteString("|")
		for i, v := range row {
			buf.WriteString(" " + esc(text(v, dec[i])) + " |")
		}
		buf.WriteString("\n")
	}
	_, err := w.Write(buf.Bytes())
	return err
}
