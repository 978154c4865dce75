// Package renderings writes test renderings of real reports' figures in
// the layouts real portals publish (HTML tables, mirror and crawler text,
// markdown, tab-separated copies, Word documents; PDFs through Chromium
// and LibreOffice), each with its truth in the development corpus's
// format (score reads it), so that every class of rendering the extractor
// must read is kept as fixtures with the numbers it must give.
//
// The figures are those printed by real reports (figures.json, taken from
// the hand-read truths of the development corpus); the wording is the
// templates'. Truths are written from the figures and the layout chosen,
// never from what the extractor reads.
package renderings

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// ColumnKeys are the table 三 columns in template order.
var columnKeys = [7]string{"natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"}

// Subtotal is the column key of a 法人或其他组织 小计 column in a layout
// (no template declares it; its values are the sum of the five).
const Subtotal = "subtotal"

// Figures are the numbers one real report printed.
type Figures struct {
	Name     string `json:"name"`
	Agency   string `json:"agency"`
	Year     int    `json:"year"`
	Template string `json:"template"`
	// Single: （六）其他处理 printed as one row (row key other_processing).
	Single bool                 `json:"single"`
	Active map[string]float64   `json:"active"`
	Units  map[string]string    `json:"units"`
	Apps   map[string][]float64 `json:"applications"`
	Review []float64            `json:"review"`
	Source string               `json:"source"`
}

//go:embed figures.json
var figuresJSON []byte

// All returns the figure sets, in a stable order.
func All() ([]Figures, error) {
	var fs []Figures
	if err := json.Unmarshal(figuresJSON, &fs); err != nil {
		return nil, fmt.Errorf("figures.json: %w", err)
	}
	for _, f := range fs {
		if len(f.Review) != 15 {
			return nil, fmt.Errorf("figures %s: %d table 四 values", f.Name, len(f.Review))
		}
		for r, v := range f.Apps {
			if len(v) != 7 {
				return nil, fmt.Errorf("figures %s row %s: %d values", f.Name, r, len(v))
			}
		}
	}
	return fs, nil
}

// ByName returns the figure set with the given name.
func ByName(name string) (Figures, error) {
	fs, err := All()
	if err != nil {
		return Figures{}, err
	}
	for _, f := range fs {
		if f.Name == name {
			return f, nil
		}
	}
	return Figures{}, fmt.Errorf("no figures %q", name)
}

// col returns the value of a table 三 column of a row, the 小计 column
// being the sum of the five 法人 columns.
func (f *Figures) col(row, key string) float64 {
	v := f.Apps[row]
	if key == Subtotal {
		return v[1] + v[2] + v[3] + v[4] + v[5]
	}
	for i, k := range columnKeys {
		if k == key {
			return v[i]
		}
	}
	panic("renderings: unknown column " + key)
}

// num prints a number as a report does: integers without a decimal part.
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func itoa(n int) string { return strconv.Itoa(n) }
