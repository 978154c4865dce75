package renderings

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Truth is what a rendering must read as, in the development corpus's
// truth format (shared/tools/score reads it): every printed cell.
type Truth struct {
	Class    string `json:"class"`
	Notes    string `json:"notes"`
	Figures  string `json:"figures"` // the real report the figures come from
	Year     int    `json:"year"`
	Template string `json:"template"`
	// Status is "ok" for a complete report and "any" for a partial one
	// (score then compares the printed cells only); Partial says which.
	Status           string                        `json:"status"`
	Partial          bool                          `json:"partial"`
	Active           map[string]any                `json:"active,omitempty"`
	Applications     map[string]map[string]float64 `json:"applications"` // {} when table 三 is not printed
	ReviewLitigation map[string]float64            `json:"review_litigation,omitempty"`
	BlankCells       []string                      `json:"blank_cells,omitempty"`
	// NullCells must read as null (a printed value that cannot be proven,
	// such as a doubled sign), with a detail that says why. score cannot
	// compare a null, so these cells are not in the tables above.
	NullCells []string `json:"null_cells,omitempty"`
	// Title, when set, is the title the report must be given.
	Title string `json:"title,omitempty"`
}

var reviewKeys = func() []string {
	var out []string
	for _, g := range []string{"review", "lit_direct", "lit_after_review"} {
		for _, f := range []string{"upheld", "corrected", "other", "pending", "total"} {
			out = append(out, g+"_"+f)
		}
	}
	return out
}()

// truthOf writes the truth of a rendering of f as b prints it.
func truthOf(f *Figures, b Body, class, notes string) Truth {
	t := Truth{Class: class, Notes: notes, Figures: f.Source, Year: f.Year, Template: f.Template, Status: "ok",
		Applications: map[string]map[string]float64{}}
	partial := b.NoT2 || b.NoT3 || b.NoT4 || b.CutAfterT2 || b.CutAfterT3
	if !b.NoT2 {
		t.Active = map[string]any{}
		for k, v := range f.Active {
			t.Active[k] = v
		}
		for k, u := range f.Units {
			t.Active[k+"_unit"] = u
		}
	}
	if !b.NoT3 && !b.CutAfterT2 {
		st := T3Style{}
		if b.T3 != nil {
			st = *b.T3
		}
		rows := st.printedRows(f)
		if len(rows) < len(rowsOf(f)) {
			partial = true
		}
		for _, r := range rows {
			m := map[string]float64{}
			for i, c := range columnKeys {
				m[c] = f.Apps[r.key][i]
			}
			t.Applications[r.key] = m
		}
	}
	if !b.NoT4 && !b.CutAfterT2 && !b.CutAfterT3 {
		t.ReviewLitigation = map[string]float64{}
		for i, k := range reviewKeys {
			t.ReviewLitigation[k] = f.Review[i]
		}
	}
	if partial {
		t.Status, t.Partial = "any", true
	}
	return t
}

// JSON writes the truth.
func (t Truth) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(t, "", " ")
	if err != nil {
		return nil, fmt.Errorf("truth: %w", err)
	}
	return append(b, '\n'), nil
}

// nullCell removes a table 二 cell from the compared cells and lists it
// as one that must read null.
func (t *Truth) nullCell(key string) {
	delete(t.Active, key)
	t.NullCells = append(t.NullCells, "active."+key)
}

// stem of a file: the name before its first dot.
func stem(name string) string {
	s, _, _ := strings.Cut(name, ".")
	return s
}
