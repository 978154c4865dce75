// Package officetest reads back the Office files ogi writes (xlsx, docx)
// in tests: it checks that a file is a well-formed zip whose XML parts are
// well-formed XML, and opens workbooks with excelize, independently of the
// code that wrote them.
package officetest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// WellFormed checks that data is a zip archive with [Content_Types].xml
// and that every XML part (.xml, .rels) parses to its end.
func WellFormed(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("not a zip: %w", err)
	}
	seen := false
	for _, f := range zr.File {
		if f.Name == "[Content_Types].xml" {
			seen = true
		}
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		dec := xml.NewDecoder(rc)
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rc.Close()
				return fmt.Errorf("%s: malformed XML: %w", f.Name, err)
			}
		}
		rc.Close()
	}
	if !seen {
		return errors.New("no [Content_Types].xml")
	}
	return nil
}

// Sheet is one sheet of a workbook read back: its rows as text, and per
// cell (by reference, e.g. "C3") the number format of its style.
type Sheet struct {
	Name    string
	Rows    [][]string
	Formats map[string]string // cell → custom number format, or "id:N" for a built-in one
	Frozen  bool              // the top rows are frozen
	YSplit  int               // how many
}

// OpenXLSX checks a workbook and reads every sheet back with excelize.
func OpenXLSX(t testing.TB, data []byte) []Sheet {
	t.Helper()
	if err := WellFormed(data); err != nil {
		t.Fatalf("workbook: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()
	var out []Sheet
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatalf("sheet %s: %v", name, err)
		}
		s := Sheet{Name: name, Rows: rows, Formats: map[string]string{}}
		for r := range rows {
			for c := range rows[r] {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				id, err := f.GetCellStyle(name, ref)
				if err != nil || id == 0 {
					continue
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatalf("style of %s!%s: %v", name, ref, err)
				}
				if st.CustomNumFmt != nil {
					s.Formats[ref] = *st.CustomNumFmt
				} else if st.NumFmt != 0 {
					s.Formats[ref] = fmt.Sprintf("id:%d", st.NumFmt)
				}
			}
		}
		p, err := f.GetPanes(name)
		if err != nil {
			t.Fatalf("panes of %s: %v", name, err)
		}
		s.Frozen, s.YSplit = p.Freeze, p.YSplit
		out = append(out, s)
	}
	return out
}
