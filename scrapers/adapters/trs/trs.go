// Package trs finds reports on TRS WCM statically published portals: a
// column's index.html and its pages index_1.html … index_{N-1}.html, whose
// count comes from the JavaScript call createPageHTML(N, cur, "index",
// "html") (or a countPage variable).
package trs

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"ogi/scrapers/adapters"
	"ogi/scrapers/fetch"
)

// MaxPages bounds the pages walked in one column.
const MaxPages = 500

// Adapter is the TRS adapter.
type Adapter struct{}

// Name implements adapters.Adapter.
func (Adapter) Name() string { return "trs" }

var (
	createPageRe = regexp.MustCompile(`createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]`)
	// createPageDivRe is the later six-argument form,
	// createPageHTML('page_div', N, cur, 'index', 'shtml', records), seen
	// on TRS-published provincial sites: its page n is index_n (n ≥ 2).
	createPageDivRe = regexp.MustCompile(`createPageHTML\(\s*['"][^'"]*['"]\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]?\d*['"]?\s*,\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]`)
	createPageVarRe = regexp.MustCompile(`createPageHTML\(\s*[A-Za-z_$][\w$]*\s*,\s*[\w$]+\s*,\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]`)
	countPageRe     = regexp.MustCompile(`(?:countPage|pageCount|totalPage)\s*=\s*['"]?(\d+)`)
	detailRe        = regexp.MustCompile(`/t\d{8}_\d+(?:_wap)?\.s?html?$`)
)

// Detect implements adapters.Adapter.
func (Adapter) Detect(p *adapters.Page) bool {
	if strings.Contains(p.Text, "createPageHTML") || strings.Contains(p.Text, "TRS_Editor") || strings.Contains(p.Text, "listModel(") {
		return true
	}
	n := 0
	for _, a := range p.Anchors() {
		if detailRe.MatchString(a.URL) {
			n++
		}
	}
	return n > 0
}

// Discover implements adapters.Adapter. A list whose script configuration
// declares more records than its static pages hold comes back with what
// they hold and an error wrapping adapters.ErrIncomplete.
func (Adapter) Discover(ctx context.Context, c fetch.Client, listURL string) ([]adapters.Link, error) {
	var incomplete error
	links, err := adapters.DiscoverPaged(ctx, c, "trs", listURL, func(first *adapters.Page) []string {
		ps, inc := pages(first)
		incomplete = inc
		return ps
	})
	return links, errors.Join(err, incomplete)
}

// Pages returns the URLs of a TRS list's further pages: index_1 …
// index_{N-1} for createPageHTML(N, cur, "index", "html"), index_2 …
// index_N for createPageHTML('page_div', N, cur, 'index', 'html', total),
// and the static pages a script configuration declares (listModel with
// maxStaticIndex and pagebar, Pager({size…}), pagination("setPage"…); see
// listconfig.go).
func Pages(first *adapters.Page) []string {
	ps, _ := pages(first)
	return ps
}

func pages(first *adapters.Page) ([]string, error) {
	count, prefix, ext := 0, "index", ""
	from := 1 // number of the first further page
	if m := createPageDivRe.FindStringSubmatch(first.Text); m != nil {
		count, _ = strconv.Atoi(m[1])
		prefix, ext = m[2], m[3]
		from, count = 2, count+1
	} else if m := createPageRe.FindStringSubmatch(first.Text); m != nil {
		count, _ = strconv.Atoi(m[1])
		prefix, ext = m[3], m[4]
	} else if m := countPageRe.FindStringSubmatch(first.Text); m != nil {
		// The usual template: var countPage = 5; then
		// createPageHTML(countPage, currentPage, "index", "shtml") with
		// variables, which still names the prefix and extension.
		count, _ = strconv.Atoi(m[1])
		if v := createPageVarRe.FindStringSubmatch(first.Text); v != nil {
			prefix, ext = v[1], v[2]
		}
	}
	if count == 0 {
		if ls, ok := parseListScript(first.Text); ok {
			return scriptPages(first, ls)
		}
	}
	if count <= 1 {
		return nil, nil
	}
	count = min(count, MaxPages+from-1)
	base, err := url.Parse(first.URL)
	if err != nil {
		return nil, nil
	}
	if ext == "" {
		ext = strings.TrimPrefix(path.Ext(base.Path), ".")
		if ext == "" {
			ext = "html"
		}
	}
	var out []string
	for n := from; n < count; n++ {
		out = append(out, adapters.Resolve(base, fmt.Sprintf("%s_%d.%s", prefix, n, ext)))
	}
	return out, nil
}
