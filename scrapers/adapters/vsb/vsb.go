// Package vsb finds reports on 博达 VSB portals: a column page /{path}.htm
// whose further pages are /{path}/{n}.htm, and detail pages
// /info/{col}/{id}.htm.
package vsb

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"ogi/scrapers/adapters"
	"ogi/scrapers/fetch"
)

// MaxPages bounds the pages walked in one column.
const MaxPages = 500

// Adapter is the VSB adapter.
type Adapter struct{}

// Name implements adapters.Adapter.
func (Adapter) Name() string { return "vsb" }

var infoRe = regexp.MustCompile(`/info/\d+/\d+\.htm$`)

// Detect implements adapters.Adapter.
func (Adapter) Detect(p *adapters.Page) bool {
	if strings.Contains(p.Text, "_vsb_") || strings.Contains(strings.ToLower(p.Text), "vsbscreen") {
		return true
	}
	for _, a := range p.Anchors() {
		if infoRe.MatchString(a.URL) {
			return true
		}
	}
	return false
}

// Discover implements adapters.Adapter.
func (Adapter) Discover(ctx context.Context, c fetch.Client, listURL string) ([]adapters.Link, error) {
	return adapters.DiscoverPaged(ctx, c, "vsb", listURL, Pages)
}

// Pages returns the further pages of a VSB column: every /{path}/{n}.htm
// for n from 1 to the largest n linked from the first page.
func Pages(first *adapters.Page) []string {
	base, err := url.Parse(first.URL)
	if err != nil || !strings.HasSuffix(base.Path, ".htm") {
		return nil
	}
	dir := strings.TrimSuffix(base.Path, ".htm") + "/"
	maxN := 0
	for _, a := range first.Anchors() {
		au, err := url.Parse(a.URL)
		if err != nil || au.Host != base.Host || !strings.HasPrefix(au.Path, dir) {
			continue
		}
		rest := strings.TrimSuffix(strings.TrimPrefix(au.Path, dir), ".htm")
		if n, err := strconv.Atoi(rest); err == nil && n > maxN {
			maxN = n
		}
	}
	for _, re := range []*regexp.Regexp{pageCountRe, pageOfRe} {
		if m := re.FindStringSubmatch(first.Text); m != nil {
			if n, _ := strconv.Atoi(m[1]); n-1 > maxN {
				maxN = n - 1
			}
		}
	}
	maxN = min(maxN, MaxPages)
	var out []string
	for n := 1; n <= maxN; n++ {
		out = append(out, (&url.URL{Scheme: base.Scheme, Host: base.Host, Path: dir + strconv.Itoa(n) + ".htm"}).String())
	}
	return out
}

// pageCountRe reads a list's page count (共 N 页).
var pageCountRe = regexp.MustCompile(`共\s*(\d+)\s*页`)

// pageOfRe reads the "1/11" (current/total) of the VSB pager's
// <span class="p_t">, for pagers that link only some page numbers.
var pageOfRe = regexp.MustCompile(`class="p_t">\s*\d+\s*/\s*(\d+)\s*<`)
