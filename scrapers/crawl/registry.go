// Package crawl runs ogi's nightly crawl: it reads the portal registry,
// shards it by host, schedules the portals across hosts (never more than one
// request at a time to a host — the Fetcher enforces that), asks each
// portal's adapter for its report candidates, fetches every report page and
// attachment through an archiving session (conditional requests from the
// state, unchanged pages not archived again, vanished ones marked gone),
// resumes an interrupted run where it stopped, and sums it all up.
package crawl

import (
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/url"
	"strconv"
	"strings"

	"ogi/data"
	"ogi/scrapers/adapters/registry"
	"ogi/scrapers/discover"
)

// Portal is one registry row: a jurisdiction's report column (ListURL), or
// its home page (HomeURL) from which the column is discovered.
type Portal struct {
	Code, Name, ListURL, Adapter string
	// HomeURL is the portal's home page. A row with a HomeURL and no
	// ListURL is discovered from it (see discovery.go); a row with both
	// is discovered again when its list stops answering.
	HomeURL string
	// Scope says whose reports the column lists ("" the jurisdiction's
	// own; department, township, subordinate for a sub-column). It is a
	// hint carried into the archive; the dataset reads each report's scope
	// from its text.
	Scope discover.Scope
	// ParentCode and Level come from the registry, or from the division
	// table when the registry has no such columns.
	ParentCode, Level string
	// Provenance columns of the shipped registry, kept as given.
	DisclosureURL, Source, Checked, Note string
	// resolved marks a portal whose list URL the discovery hook has
	// checked or found in this run.
	resolved bool
}

// Host returns the lower-case host[:port] of the home page when the row
// gives one (until discovery has resolved it), else of the list URL: all
// portals of one home host, and every column discovered from a home page,
// stay in one shard, and a row keeps its shard when a discovered list URL
// is added beside its home page.
func (p Portal) Host() string {
	raw := p.ListURL
	if raw == "" || p.HomeURL != "" && !p.resolved {
		raw = cmpOr(p.HomeURL, p.ListURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// Key identifies the portal in the crawl state: code, scope and list URL
// (home page when it has none).
func (p Portal) Key() string {
	k := p.Code
	if p.Scope != discover.ScopeOwn {
		k += "/" + string(p.Scope)
	}
	return k + " " + cmpOr(p.ListURL, p.HomeURL)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Registry is a parsed registry: the portals that can be crawled, and the
// rows set aside because they cannot (no code, or no URL at all).
type Registry struct {
	Portals []Portal
	Skipped []SkippedRow
}

// SkippedRow is a registry row that cannot be crawled, with the reason.
type SkippedRow struct {
	Line       int
	Code, Name string
	ParentCode string
	Level      string
	Reason     string
}

func (s SkippedRow) String() string {
	name := s.Name
	if s.Code != "" {
		name = s.Code + " " + name
	}
	return fmt.Sprintf("line %d %s: %s", s.Line, name, s.Reason)
}

// ReadRegistry parses a registry CSV with the header
// code,name,list_url,adapter[,home_url,scope,…] (adapter optional; empty
// means auto). Blank lines and lines starting with # are skipped. Every
// row must be crawlable: a row without a code, or with neither list_url
// nor home_url, is an error here (ParseRegistry sets such rows aside).
func ReadRegistry(r io.Reader) ([]Portal, error) {
	reg, err := ParseRegistry(r)
	if err != nil {
		return nil, err
	}
	if len(reg.Skipped) > 0 {
		errs := make([]error, len(reg.Skipped))
		for i, s := range reg.Skipped {
			errs[i] = errors.New(s.String())
		}
		return nil, fmt.Errorf("registry: %w", errors.Join(errs...))
	}
	return reg.Portals, nil
}

// registryColumns are the columns a registry may have; code, name and one
// of list_url, home_url are required.
var registryColumns = []string{"code", "name", "list_url", "adapter", "home_url", "scope",
	"parent_code", "level", "disclosure_url", "source", "checked", "note"}

// ParseRegistry parses a registry CSV: the four-column form
// code,name,list_url,adapter, the shipped form (code,name,parent_code,
// level,home_url,disclosure_url,source,checked,note), or any mix of
// registryColumns in any order. Rows that cannot be crawled — no code (the
// dataset keys reports by division code), or neither list_url nor
// home_url — are set aside in Skipped with the reason; a malformed row
// (a URL that is not absolute http(s), an unknown adapter or scope, a
// duplicate) fails the whole registry with every such line named.
func ParseRegistry(r io.Reader) (Registry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return Registry{}, errors.New("registry: the file is empty (want a header code,name,list_url,adapter[,home_url] and a row per portal)")
	}
	if err != nil {
		return Registry{}, fmt.Errorf("registry: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	_, hasList := col["list_url"]
	_, hasHome := col["home_url"]
	for _, need := range []string{"code", "name"} {
		if _, ok := col[need]; !ok {
			hasList, hasHome = false, false
		}
	}
	if !hasList && !hasHome {
		return Registry{}, fmt.Errorf("registry: header %q lacks column code, name, or both list_url and home_url (want code,name,list_url,adapter[,home_url])", strings.Join(head, ","))
	}
	get := func(row []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	divs := divisionIndex()
	var reg Registry
	var errs []error
	seen := map[string]int{}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Registry{}, fmt.Errorf("registry: %w", err)
		}
		line, _ := cr.FieldPos(0)
		p := Portal{Code: get(row, "code"), Name: get(row, "name"), ListURL: get(row, "list_url"),
			Adapter: strings.ToLower(get(row, "adapter")), HomeURL: get(row, "home_url"),
			ParentCode: get(row, "parent_code"), Level: get(row, "level"), DisclosureURL: get(row, "disclosure_url"),
			Source: get(row, "source"), Checked: get(row, "checked"), Note: get(row, "note")}
		if p.Adapter == "" {
			p.Adapter = "auto"
		}
		if d, ok := divs[p.Code]; ok {
			p.ParentCode = cmpOr(p.ParentCode, d.ParentCode)
			p.Level = cmpOr(p.Level, d.Level)
		}
		skip := func(reason string) {
			reg.Skipped = append(reg.Skipped, SkippedRow{Line: line, Code: p.Code, Name: p.Name, ParentCode: p.ParentCode, Level: p.Level, Reason: reason})
		}
		switch {
		case p.Code == "" && p.ListURL == "" && p.HomeURL == "":
			skip("no code and no URL")
			continue
		case p.Code == "":
			skip("no code (reports are keyed by division code)")
			continue
		case p.ListURL == "" && p.HomeURL == "":
			skip("no URL (neither list_url nor home_url)")
			continue
		}
		if err := rowErr(p, get(row, "scope")); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", line, err))
			continue
		}
		p.Scope, _ = discover.ParseScope(get(row, "scope"))
		key := p.Key()
		if prev, dup := seen[key]; dup {
			errs = append(errs, fmt.Errorf("line %d: duplicate of line %d", line, prev))
			continue
		}
		seen[key] = line
		reg.Portals = append(reg.Portals, p)
	}
	if len(errs) > 0 {
		return Registry{}, fmt.Errorf("registry: %w", errors.Join(errs...))
	}
	return reg, nil
}

// rowErr checks the URLs, adapter and scope of a row.
func rowErr(p Portal, scope string) error {
	for _, c := range []struct{ name, u string }{{"list_url", p.ListURL}, {"home_url", p.HomeURL}} {
		if c.u == "" {
			continue
		}
		u, err := url.Parse(c.u)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s %q is not an absolute http(s) URL", c.name, c.u)
		}
	}
	if _, err := registry.Lookup(p.Adapter); err != nil {
		return err
	}
	if _, err := discover.ParseScope(scope); err != nil {
		return err
	}
	return nil
}

// divisionIndex maps codes to the embedded division table (empty if it
// cannot be read, which its own tests rule out).
func divisionIndex() map[string]data.Division {
	ds, err := data.Divisions()
	if err != nil {
		return nil
	}
	m := make(map[string]data.Division, len(ds))
	for _, d := range ds {
		m[d.Code] = d
	}
	return m
}

// ParseShard parses "i/n" (1 ≤ i ≤ n); "" means the whole registry (1/1).
func ParseShard(s string) (i, n int, err error) {
	if s == "" {
		return 1, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, fmt.Errorf("shard %q: want i/n with 1 ≤ i ≤ n", s)
	}
	return i, n, nil
}

// Shard keeps the portals whose host falls in shard i of n (1-based). All
// portals of one host land in the same shard, so two machines never crawl
// one host at the same time.
func Shard(ps []Portal, i, n int) []Portal {
	if n <= 1 {
		return ps
	}
	var out []Portal
	for _, p := range ps {
		h := fnv.New32a()
		h.Write([]byte(p.Host()))
		if int(h.Sum32()%uint32(n)) == i-1 {
			out = append(out, p)
		}
	}
	return out
}
