// Package report defines the record of one extracted report: the numbers of
// its three tables with the provenance of every cell, its metadata and its
// checks. Its JSON form is the contract of `ogi extract --json`
// (data-dictionary.md); the dataset writer reads the same struct.
package report

import (
	"encoding/json"
	"sort"
	"strconv"
	"sync"

	"ogi/schema"
)

// Status is the outcome of extracting one report (data-dictionary.md).
type Status string

// Statuses of a report.
const (
	// StatusOK: the three tables were read (their checks may still fail).
	StatusOK Status = "ok"
	// StatusPartial: some tables or table 三 rows were read and others are
	// not in the rendering (a page cut off, a table lost); what was read
	// is kept, and the identities over the missing parts fail as "not
	// checkable".
	StatusPartial Status = "partial"
	// StatusSkipped: not a report of the standard format (a reason says
	// which kind).
	StatusSkipped Status = "skipped"
	// StatusFailed: the input could not be read (a reason says why).
	StatusFailed Status = "failed"
)

// HasTables reports whether a report of this status carries tables: ok
// and partial reports do, skipped and failed ones do not.
func (s Status) HasTables() bool { return s == StatusOK || s == StatusPartial }

// Reason is the machine code of why a report is not ok.
type Reason string

// Reason codes for reports that are not ok.
const (
	ReasonPre2019         Reason = "PRE2019_FREEFORM"
	ReasonFreeform2019    Reason = "V2019_FREEFORM"
	ReasonNotAReport      Reason = "NOT_A_REPORT"
	ReasonNoTables        Reason = "NO_TABLES"
	ReasonTableShape      Reason = "TABLE_SHAPE"
	ReasonUnreadable      Reason = "UNREADABLE"
	ReasonTooLarge        Reason = "TOO_LARGE"
	ReasonPDFToolMissing  Reason = "PDF_TOOL_MISSING"
	ReasonImageOnly       Reason = "IMAGE_ONLY"
	ReasonUnsupported     Reason = "UNSUPPORTED_FORMAT"
	ReasonConverterFailed Reason = "CONVERTER_FAILED"
	// ReasonIncomplete goes with StatusPartial: the detail names the
	// tables, rows or columns the rendering does not hold.
	ReasonIncomplete Reason = "INCOMPLETE"
)

// Value is one printed cell of a table, with where it came from.
type Value struct {
	Num        float64 // the number as printed; meaningless when Blank
	Blank      bool    // printed blank ("", "&nbsp;", "-", "—", "/", "无"): null, never 0
	Raw        string  // the cell's text as printed, before normalisation
	Locator    string  // where it was read: "table 3 row 5 col 2", "line 120", "page 4 line 12"
	Positional bool    // its label was inferred from its position, not read
	// Unread: printed, but no one number can be proven from it (a doubled
	// sign, "--253"): null like a blank, but not a blank, and every
	// identity it takes part in is not checkable.
	Unread bool
}

// Null reports whether the value is null in the JSON and the dataset:
// printed blank or not readable.
func (v Value) Null() bool { return v.Blank || v.Unread }

// Number returns a non-blank value.
func Number(n float64, raw, locator string) Value { return Value{Num: n, Raw: raw, Locator: locator} }

// BlankValue returns a blank value.
func BlankValue(raw, locator string) Value { return Value{Blank: true, Raw: raw, Locator: locator} }

// MarshalJSON writes null for a blank cell and the number otherwise.
func (v Value) MarshalJSON() ([]byte, error) {
	if v.Null() {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(v.Num, 'f', -1, 64)), nil
}

// Check is the outcome of one identity or soft rule.
type Check struct {
	ID       string  `json:"id"`
	Severity string  `json:"severity"`
	OK       bool    `json:"ok"`
	Expected float64 `json:"expected"`
	Actual   float64 `json:"actual"`
	Detail   string  `json:"detail"`
}

// Report is one extracted report.
type Report struct {
	Source       string // path or URL
	SHA256       string // hex of the input bytes
	Status       Status // StatusOK, StatusPartial, StatusSkipped, StatusFailed
	Reason       Reason // a Reason code when not ok
	Detail       string // human-readable detail of Reason
	ContentType  string // html, text, pdf, docx, doc, wps
	Title        string
	Agency       string
	Year         int
	Template     string // schema.V2021, schema.V2019 or ""
	DivisionCode string // GB/T 2260 code or ""
	Scope        string // gov_aggregate, gov_office, department, township or ""

	Active           map[string]Value            // table 二, by key
	ActiveUnits      map[string]string           // printed units, e.g. procurement_amount → "元"
	Applications     map[string]map[string]Value // table 三, row key → column key → value
	ReviewLitigation map[string]Value            // table 四, flat key
	Checks           []Check

	ExtractorVersion string
}

// Cell is one provenance record, as emitted in JSON and the dataset's
// cells table.
type Cell struct {
	Table      string   `json:"table"`
	Row        string   `json:"row"`
	Col        string   `json:"col,omitempty"`
	Value      *float64 `json:"value"`
	Raw        string   `json:"raw"`
	Blank      bool     `json:"blank"`
	Positional bool     `json:"positional"`
	Locator    string   `json:"locator"`
}

// Cells lists the provenance of every value in a stable order: table 二,
// 三 and 四, each in template order when the template is known.
func (r *Report) Cells() []Cell {
	var out []Cell
	add := func(table, row, col string, v Value) {
		c := Cell{Table: table, Row: row, Col: col, Raw: v.Raw, Blank: v.Blank && !v.Unread, Positional: v.Positional, Locator: v.Locator}
		if !v.Null() {
			n := v.Num
			c.Value = &n
		}
		out = append(out, c)
	}
	o := keyOrders()[r.Template]
	for _, k := range OrderedKeys(r.Active, o.active) {
		add(schema.TableActive, k, "", r.Active[k])
	}
	for _, rk := range OrderedKeys(r.Applications, o.rows) {
		row := r.Applications[rk]
		for _, ck := range OrderedKeys(row, o.cols) {
			add(schema.TableApplications, rk, ck, row[ck])
		}
	}
	for _, k := range OrderedKeys(r.ReviewLitigation, o.review) {
		add(schema.TableReview, k, "", r.ReviewLitigation[k])
	}
	return out
}

// keyOrder is the order of a template's keys in each table.
type keyOrder struct{ active, rows, cols, review []string }

// keyOrders are the key orders of every template, by ID, made once (only
// read afterwards).
var keyOrders = sync.OnceValue(func() map[string]keyOrder {
	m := map[string]keyOrder{}
	for _, t := range schema.Templates() {
		m[t.ID] = keyOrder{t.ActiveKeys(), t.RowKeys(), t.ColumnKeys(), t.ReviewKeys()}
	}
	return m
})

// OrderedKeys returns the keys of m: first those of order that m has, in
// that order, then the rest sorted (keys no template declares are kept,
// not dropped). Writers use it for a stable, template-ordered output.
func OrderedKeys[V any](m map[string]V, order []string) []string {
	keys := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	for _, k := range order {
		if _, ok := m[k]; ok && !seen[k] {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

// jsonReport is the JSON contract: every key is always written, null where
// the report has nothing (a skipped page has no year, a failed one no
// tables), so a reader never has to tell a missing key from an empty one.
type jsonReport struct {
	Source           string                      `json:"source"`
	SHA256           string                      `json:"sha256"`
	Status           Status                      `json:"status"`
	Reason           *Reason                     `json:"reason"`
	Detail           *string                     `json:"detail"`
	ContentType      *string                     `json:"content_type"`
	Title            *string                     `json:"title"`
	Agency           *string                     `json:"agency"`
	Year             *int                        `json:"year"`
	Template         *string                     `json:"template"`
	DivisionCode     *string                     `json:"division_code"`
	Scope            *string                     `json:"scope"`
	Active           map[string]any              `json:"active"`
	Applications     map[string]map[string]Value `json:"applications"`
	ReviewLitigation map[string]Value            `json:"review_litigation"`
	Checks           []Check                     `json:"checks"`
	ExtractorVersion *string                     `json:"extractor_version"`
	Cells            []Cell                      `json:"cells"`
}

// orNull is nil for the zero value, so that the key is written as null.
func orNull[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// MarshalJSON writes the data-dictionary shape: every key of the contract,
// null where empty; printed units sit in active beside their amount as
// KEY_unit; blanks are null; checks and cells are lists, never null; the
// provenance of every value follows in cells.
func (r Report) MarshalJSON() ([]byte, error) {
	var active map[string]any
	if len(r.Active) > 0 || len(r.ActiveUnits) > 0 {
		active = make(map[string]any, len(r.Active)+len(r.ActiveUnits))
		for k, v := range r.Active {
			active[k] = v
		}
		for k, u := range r.ActiveUnits {
			active[k+"_unit"] = u
		}
	}
	checks := r.Checks
	if checks == nil {
		checks = []Check{}
	}
	cells := r.Cells()
	if cells == nil {
		cells = []Cell{}
	}
	apps, review := r.Applications, r.ReviewLitigation
	if len(apps) == 0 {
		apps = nil
	}
	if len(review) == 0 {
		review = nil
	}
	return json.Marshal(jsonReport{
		Source: r.Source, SHA256: r.SHA256, Status: r.Status, Reason: orNull(r.Reason), Detail: orNull(r.Detail),
		ContentType: orNull(r.ContentType), Title: orNull(r.Title), Agency: orNull(r.Agency), Year: orNull(r.Year),
		Template: orNull(r.Template), DivisionCode: orNull(r.DivisionCode), Scope: orNull(r.Scope),
		Active: active, Applications: apps, ReviewLitigation: review, Checks: checks,
		ExtractorVersion: orNull(r.ExtractorVersion), Cells: cells,
	})
}

// FailedChecks counts the checks that did not hold.
func (r *Report) FailedChecks() int {
	n := 0
	for _, c := range r.Checks {
		if !c.OK {
			n++
		}
	}
	return n
}
