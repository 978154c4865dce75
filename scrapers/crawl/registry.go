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

	"ogi/scrapers/adapters/registry"
)

// Portal is one registry row.
type Portal struct {
	Code, Name, ListURL, Adapter string
}

// Host returns the lower-case host[:port] of the list URL.
func (p Portal) Host() string {
	u, err := url.Parse(p.ListURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// ReadRegistry parses a registry CSV with the header
// code,name,list_url,adapter (adapter optional; empty means auto). Blank
// lines and lines starting with # are skipped.
func ReadRegistry(r io.Reader) ([]Portal, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("registry: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"code", "name", "list_url"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("registry: header %q lacks column %q (want code,name,list_url,adapter)", strings.Join(head, ","), need)
		}
	}
	get := func(row []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	var out []Portal
	var errs []error
	seen := map[string]int{}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("registry: %w", err)
		}
		line, _ := cr.FieldPos(0)
		p := Portal{Code: get(row, "code"), Name: get(row, "name"), ListURL: get(row, "list_url"), Adapter: strings.ToLower(get(row, "adapter"))}
		if p.Adapter == "" {
			p.Adapter = "auto"
		}
		if p.Code == "" {
			errs = append(errs, fmt.Errorf("line %d: empty code", line))
			continue
		}
		u, err := url.Parse(p.ListURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("line %d: list_url %q is not an absolute http(s) URL", line, p.ListURL))
			continue
		}
		if _, err := registry.Lookup(p.Adapter); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", line, err))
			continue
		}
		key := p.Code + "\x00" + p.ListURL
		if prev, dup := seen[key]; dup {
			errs = append(errs, fmt.Errorf("line %d: duplicate of line %d", line, prev))
			continue
		}
		seen[key] = line
		out = append(out, p)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("registry: %w", errors.Join(errs...))
	}
	return out, nil
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
