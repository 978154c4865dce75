// Package generic finds reports on portals of no known CMS: it walks the
// list page and its pagination (index_N, ?page=N and kin, /N.html, 下一页/
// 尾页 anchors, createPageHTML/countPage scripts), follows 年报 column links
// one level down, and keeps links whose text names a year and 年度报告/年报.
package generic

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"ogi/scrapers/adapters"
	"ogi/scrapers/adapters/trs"
	"ogi/scrapers/fetch"
)

// MaxPages bounds the pages visited from one list URL.
const MaxPages = 200

// Adapter is the generic adapter.
type Adapter struct{}

// Name implements adapters.Adapter.
func (Adapter) Name() string { return "generic" }

// Detect implements adapters.Adapter: generic accepts any page.
func (Adapter) Detect(*adapters.Page) bool { return true }

var (
	pageParamRe = regexp.MustCompile(`(?i)[?&](page|pageNum|pageNo|currPage|PageIndex|pn)=\d+`)
	pageFileRe  = regexp.MustCompile(`(?i)(?:^|/)(?:index|list|column-index)[_-]\d+\.s?html?$|/\d{1,4}\.s?html?$`)
	pageTextRe  = regexp.MustCompile(`^(下一页|下页|尾页|末页|最后一页|后页|next|>|»|\d{1,4})$`)
)

// Discover implements adapters.Adapter.
func (Adapter) Discover(ctx context.Context, c fetch.Client, listURL string) ([]adapters.Link, error) {
	col := adapters.NewCollector(listURL)
	start, err := url.Parse(listURL)
	if err != nil {
		return nil, fmt.Errorf("generic: %w", err)
	}
	type item struct {
		u     string
		depth int // column links followed
	}
	queue := []item{{listURL, 0}}
	seen := map[string]bool{listURL: true}
	visited := 0
	var errs []error
	for len(queue) > 0 && visited < MaxPages {
		it := queue[0]
		queue = queue[1:]
		p, err := adapters.Get(ctx, c, it.u)
		visited++
		if err != nil {
			if ctx.Err() != nil {
				return col.Links(), ctx.Err()
			}
			if it.u == listURL {
				return nil, fmt.Errorf("generic: list: %w", err)
			}
			errs = append(errs, fmt.Errorf("generic: page %s: %w", it.u, err))
			continue
		}
		push := func(u string, depth int) {
			if u != "" && !seen[u] && adapters.HostOf(u) == strings.ToLower(start.Hostname()) {
				seen[u] = true
				queue = append(queue, item{u, depth})
			}
		}
		for _, u := range trs.Pages(p) {
			push(u, it.depth)
		}
		for _, a := range p.Anchors() {
			if col.AddDated(a.URL, a.Text, a.Date) || adapters.IsAttachment(a.URL) {
				continue
			}
			if isPagination(p.URL, a) {
				push(a.URL, it.depth)
				continue
			}
			t := strings.ReplaceAll(a.Text, " ", "")
			if it.depth == 0 && (strings.Contains(t, "年报") || strings.Contains(t, "年度报告")) {
				push(a.URL, it.depth+1)
			}
		}
	}
	return col.Links(), errors.Join(errs...)
}

// isPagination reports whether anchor a on page pageURL leads to another
// page of the same list.
func isPagination(pageURL string, a adapters.Anchor) bool {
	pu, err1 := url.Parse(pageURL)
	au, err2 := url.Parse(a.URL)
	if err1 != nil || err2 != nil || pu.Host != au.Host {
		return false
	}
	sameDir := path.Dir(pu.Path) == path.Dir(au.Path) || strings.HasPrefix(au.Path, strings.TrimSuffix(pu.Path, path.Ext(pu.Path))+"/")
	if pageParamRe.MatchString("?"+au.RawQuery) && (au.Path == pu.Path || sameDir) {
		return true
	}
	if sameDir && pageFileRe.MatchString(au.Path) {
		return true
	}
	return sameDir && pageTextRe.MatchString(strings.TrimSpace(a.Text)) && !adapters.IsAttachment(a.URL)
}
