// Package meta identifies who published an open-government-information
// annual report: the issuing agency, its GB/T 2260 division, the division's
// level and province, and the scope of the figures (the whole government, the
// government office, a department or a township).
//
// Identification reads the report's title and the beginning and end of its
// text (preamble, 本报告由…编制, 发布机构, 落款). Names are resolved against
// the embedded division table (package data) with parent context: a name that
// several divisions share (朝阳区, 鼓楼区) resolves only when the title or the
// text names a parent that singles one out; otherwise the code stays empty.
//
// The extraction core calls [Identify] once per report. Input may be raw or
// normalised: Identify removes pinyin debris (統(tǒng)), converts traditional
// text to simplified and narrows full-width ASCII itself, with package
// normalize. Names in simplified text keep their characters (乾县, 於潜镇).
package meta

import (
	"fmt"
	"log/slog"
	"sync"

	"ogi/data"
	"ogi/pipeline/normalize"
)

// Scopes of a report.
const (
	// ScopeGovAggregate: a people's government (or an equivalent 管委会)
	// reporting for its whole jurisdiction (全县/全市 totals).
	ScopeGovAggregate = "gov_aggregate"
	// ScopeGovOffice: a 人民政府办公室/办公厅 reporting for itself (本级).
	ScopeGovOffice = "gov_office"
	// ScopeDepartment: a 局/委/办 or other department of a government.
	ScopeDepartment = "department"
	// ScopeTownship: a 乡/镇 government or a 街道办事处.
	ScopeTownship = "township"
)

// Jurisdiction is what [Identify] finds out about a report's publisher.
// Empty fields are unknown.
type Jurisdiction struct {
	// Agency is the issuing body as named by the report, simplified
	// (招远市人民政府, 上海市人民政府办公厅, 招远市农业农村局).
	Agency string
	// DivisionCode is the 6-digit GB/T 2260 code of the agency's division:
	// the county for county departments and townships; empty when the name
	// is unknown or stays ambiguous.
	DivisionCode string
	// Scope is one of the Scope constants, or empty.
	Scope string
	// Level is the division's level: "province", "prefecture" or "county".
	Level string
	// ProvinceCode is the division's province (PP0000). It is also set when
	// the division itself stays ambiguous but every candidate lies in the
	// same province.
	ProvinceCode string
}

// Identifier identifies reports against a division table. It is read-only
// after construction and safe for concurrent use.
type Identifier struct {
	ix *index
}

// NewIdentifier builds an Identifier over the embedded division table.
func NewIdentifier() (*Identifier, error) {
	ds, err := data.Divisions()
	if err != nil {
		return nil, fmt.Errorf("meta: load divisions: %w", err)
	}
	return NewIdentifierFor(ds)
}

// NewIdentifierFor builds an Identifier over the given division table.
func NewIdentifierFor(ds []data.Division) (*Identifier, error) {
	if _, err := normalize.SimplifyChars(""); err != nil {
		return nil, fmt.Errorf("meta: %w", err)
	}
	ix, err := newIndex(ds, foldAll)
	if err != nil {
		return nil, fmt.Errorf("meta: index divisions: %w", err)
	}
	return &Identifier{ix: ix}, nil
}

var defaultIdentifier = sync.OnceValues(NewIdentifier)

// Identify identifies a report from its title and text with an Identifier
// over the embedded division table, built on first use.
func Identify(title, text string) Jurisdiction {
	id, err := defaultIdentifier()
	if err != nil {
		slog.Error("meta: identifier unavailable", "err", err)
		return Jurisdiction{}
	}
	return id.Identify(title, text)
}
