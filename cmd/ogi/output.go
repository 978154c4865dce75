package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"ogi/pipeline/query"
	"ogi/pipeline/xlsx"
)

// outFormats are the formats of ogi compare and ogi sql: the text formats
// of package query and an Excel workbook.
func outFormats() []string { return append(slices.Clone(query.Formats), "xlsx") }

func validOutFormat(f string) bool { return slices.Contains(outFormats(), f) }

// deadlineFlags is the repeatable --deadline flag: SCOPE=MM-DD,
// CODE=MM-DD or CODE:SCOPE=MM-DD.
type deadlineFlags []query.Deadline

func (d *deadlineFlags) String() string {
	var parts []string
	for _, r := range *d {
		parts = append(parts, r.String())
	}
	return strings.Join(parts, ", ")
}

func (d *deadlineFlags) Set(v string) error {
	r, err := query.ParseDeadline(v)
	if err != nil {
		return err
	}
	*d = append(*d, r)
	return nil
}

const deadlineUsage = "a local publication deadline, repeatable: township=03-31, 3706=02-20 (a prefecture's divisions), " +
	"3706:department=01-20 (default: department and general office 01-31, government and township 03-31 of the next year)"

// isTerminal tells whether w is a terminal, where a workbook is no use.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// writeResult prints a result in a format: a text format of package
// query (CSV with a UTF-8 byte-order mark when bom), or a workbook of one
// sheet named sheet (rates names its rate columns).
func writeResult(w io.Writer, res *query.Result, format string, bom bool, sheet string, rates ...string) error {
	switch format {
	case "xlsx":
		if isTerminal(w) {
			return fmt.Errorf("a workbook is binary: redirect it to a file (> out.xlsx)")
		}
		return xlsx.WriteResults(w, xlsx.NamedResult{Name: sheet, Result: res, Rates: rates})
	case "csv":
		if bom {
			if _, err := io.WriteString(w, "\xef\xbb\xbf"); err != nil {
				return err
			}
		}
	}
	return query.Write(w, res, format)
}
