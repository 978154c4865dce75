package crawl

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"ogi/data"
)

// Registry levels (the division table's levels).
var registryLevels = []string{data.LevelProvince, data.LevelPrefecture, data.LevelCounty}

// FilterSpec is what a user asked for: --province, --parent, --level and
// the codes of --codes FILE. Empty fields do not filter.
type FilterSpec struct {
	Province string   // 山东, 山东省, 37 or 370000
	Parent   string   // a parent code (370600) or its name (烟台市)
	Level    string   // province, prefecture or county
	Codes    []string // division codes
}

// Filter selects registry rows. Build it with NewFilter, which checks every
// value against the division table and the registry.
type Filter struct {
	spec     FilterSpec
	province string // 2-digit prefix
	parent   string
	codes    map[string]bool
}

// UsageError is a filter value that names nothing: the message lists the
// valid choices. Commands exit 2 on it.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// IsZero reports whether the filter keeps everything.
func (f Filter) IsZero() bool {
	return f.province == "" && f.parent == "" && f.spec.Level == "" && f.codes == nil
}

// String describes the filter as flags ("--province 370000 --level county").
func (f Filter) String() string {
	var parts []string
	if f.province != "" {
		parts = append(parts, "--province "+f.province+"0000")
	}
	if f.parent != "" {
		parts = append(parts, "--parent "+f.parent)
	}
	if f.spec.Level != "" {
		parts = append(parts, "--level "+f.spec.Level)
	}
	if f.codes != nil {
		parts = append(parts, fmt.Sprintf("--codes (%d codes)", len(f.codes)))
	}
	return strings.Join(parts, " ")
}

// NewFilter checks spec against the division table and the portals of the
// registry; an unknown value is a *UsageError listing the valid ones.
func NewFilter(spec FilterSpec, portals []Portal) (Filter, error) {
	f := Filter{spec: spec}
	divs, err := data.Divisions()
	if err != nil {
		return f, fmt.Errorf("filter: %w", err)
	}
	byCode := map[string]data.Division{}
	for _, d := range divs {
		byCode[d.Code] = d
	}
	if spec.Province != "" {
		if f.province, err = provinceOf(spec.Province, divs); err != nil {
			return f, err
		}
	}
	if spec.Parent != "" {
		if f.parent, err = parentOf(spec.Parent, divs, portals, f.province); err != nil {
			return f, err
		}
	}
	if spec.Level != "" && !slices.Contains(registryLevels, spec.Level) {
		return f, &UsageError{fmt.Sprintf("--level %q: want one of %s", spec.Level, strings.Join(registryLevels, ", "))}
	}
	if spec.Codes != nil {
		known := map[string]bool{}
		for _, p := range portals {
			known[p.Code] = true
		}
		f.codes = map[string]bool{}
		var unknown []string
		for _, c := range spec.Codes {
			if _, ok := byCode[c]; !ok && !known[c] {
				unknown = append(unknown, c)
			}
			f.codes[c] = true
		}
		if len(unknown) > 0 {
			return f, &UsageError{fmt.Sprintf("--codes: %d codes are no GB/T 2260 division and not in the registry: %s (want 6-digit codes such as 370685)",
				len(unknown), strings.Join(first(unknown, 20), ", "))}
		}
	}
	return f, nil
}

func first(ss []string, n int) []string {
	if len(ss) > n {
		return append(ss[:n:n], fmt.Sprintf("… %d more", len(ss)-n))
	}
	return ss
}

// provinceOf reads a province given by name or code.
func provinceOf(v string, divs []data.Division) (string, error) {
	v = strings.TrimSpace(v)
	var choices []string
	for _, d := range divs {
		if d.Level != data.LevelProvince {
			continue
		}
		choices = append(choices, d.Code+" "+d.Name)
		short := strings.TrimRight(d.Name, "省市")
		for _, suf := range []string{"壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区"} {
			short = strings.TrimSuffix(short, suf)
		}
		if v == d.Code || v == d.Code[:2] || v == d.Name || v == short {
			return d.Code[:2], nil
		}
	}
	return "", &UsageError{fmt.Sprintf("--province %q: want a province name or code, one of:\n  %s", v, strings.Join(choices, "\n  "))}
}

// parentOf reads a parent given by code or name: a division that is the
// parent of some registry row (in the province, when one is given).
func parentOf(v string, divs []data.Division, portals []Portal, province string) (string, error) {
	v = strings.TrimSpace(v)
	parents := map[string]bool{}
	for _, p := range portals {
		if p.ParentCode != "" && (province == "" || strings.HasPrefix(p.ParentCode, province)) {
			parents[p.ParentCode] = true
		}
	}
	var choices, byName []string
	for _, d := range divs {
		if !parents[d.Code] {
			continue
		}
		if v == d.Code {
			return d.Code, nil
		}
		if v == d.Name || v == strings.TrimSuffix(d.Name, "市") {
			byName = append(byName, d.Code)
		}
		choices = append(choices, d.Code+" "+d.Name)
	}
	if len(byName) == 1 {
		return byName[0], nil
	}
	sort.Strings(choices)
	msg := fmt.Sprintf("--parent %q: want the code (or unique name) of a division with portals under it", v)
	if len(byName) > 1 {
		msg = fmt.Sprintf("--parent %q names %d divisions (%s): give the code", v, len(byName), strings.Join(byName, ", "))
	}
	return "", &UsageError{msg + ", one of:\n  " + strings.Join(choices, "\n  ")}
}

// Keep reports whether p passes the filter.
func (f Filter) Keep(p Portal) bool {
	return f.keep(p.Code, p.ParentCode, p.Level)
}

func (f Filter) keep(code, parent, level string) bool {
	switch {
	case f.province != "" && !strings.HasPrefix(code, f.province) && !(code == "" && strings.HasPrefix(parent, f.province)):
		return false
	case f.parent != "" && parent != f.parent:
		return false
	case f.spec.Level != "" && level != f.spec.Level:
		return false
	case f.codes != nil && !f.codes[code]:
		return false
	}
	return true
}

// Apply keeps the portals and set-aside rows that pass the filter.
func (f Filter) Apply(reg Registry) Registry {
	var out Registry
	for _, p := range reg.Portals {
		if f.Keep(p) {
			out.Portals = append(out.Portals, p)
		}
	}
	for _, s := range reg.Skipped {
		if f.keep(s.Code, s.ParentCode, s.Level) {
			out.Skipped = append(out.Skipped, s)
		}
	}
	return out
}

// ReadCodes reads a --codes file: one division code per line (the first
// field of a CSV line also works), blank lines and # comments skipped.
func ReadCodes(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, _, _ := strings.Cut(line, ",")
		code = strings.TrimSpace(code)
		if code == "code" && n == 1 {
			continue // a CSV header
		}
		if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
			return nil, fmt.Errorf("codes: line %d: %q is not a 6-digit division code", n, code)
		}
		out = append(out, code)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("codes: %w", err)
	}
	return out, nil
}
