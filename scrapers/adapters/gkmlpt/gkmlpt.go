// Package gkmlpt finds reports on Guangdong's 政府信息公开目录管理平台: a
// single-page app whose /gkmlpt/index (or /gkmlpt/annualreport#{catid})
// page holds window._CONFIG with the site id SID and the category TREE; the
// lists come from the JSON API /gkmlpt/api/all/{catid}?page={n}&sid={SID}
// answering {total, articles:[{id,title,url,…}]}.
package gkmlpt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"ogi/internal/pubdate"
	"ogi/scrapers/adapters"
	"ogi/scrapers/fetch"
)

// MaxPages bounds the API pages read per category.
const MaxPages = 500

// MaxCategories bounds the annual-report categories of one site (real
// sites have one to three): a page naming more is refused rather than
// walked, MaxPages requests each.
const MaxCategories = 20

// Adapter is the gkmlpt adapter.
type Adapter struct{}

// Name implements adapters.Adapter.
func (Adapter) Name() string { return "gkmlpt" }

// Detect implements adapters.Adapter.
func (Adapter) Detect(p *adapters.Page) bool {
	return strings.Contains(p.Text, "window._CONFIG") || strings.Contains(p.URL, "/gkmlpt/")
}

var (
	sidRe  = regexp.MustCompile(`\bSID\b['"]?\s*:\s*['"]?(\w+)`)
	nodeRe = regexp.MustCompile(`\{[^{}]*?\bid['"]?\s*:\s*['"]?(\d+)['"]?[^{}]*?\bname['"]?\s*:\s*['"]([^'"]*)['"]|\{[^{}]*?\bname['"]?\s*:\s*['"]([^'"]*)['"][^{}]*?\bid['"]?\s*:\s*['"]?(\d+)`)
	fragRe = regexp.MustCompile(`^(\d+)$`)
	// annualRe reads an explicit annual-report category, when the config names one.
	annualRe = regexp.MustCompile(`\bANNUALREPORT\b['"]?\s*:\s*['"]?(\d+)`)
)

// Config is what the adapter reads from window._CONFIG.
type Config struct {
	SID  string
	Cats []string // annual-report category ids
}

// ParseConfig reads SID and the annual-report categories from the page;
// a #catid fragment on the list URL names the category directly.
func ParseConfig(p *adapters.Page, listURL string) (Config, error) {
	var cfg Config
	i := strings.Index(p.Text, "window._CONFIG")
	if i < 0 {
		return cfg, fmt.Errorf("gkmlpt: %s: no window._CONFIG", listURL)
	}
	js := p.Text[i:]
	if end := strings.Index(js, "</script>"); end > 0 {
		js = js[:end]
	}
	m := sidRe.FindStringSubmatch(js)
	if m == nil {
		return cfg, fmt.Errorf("gkmlpt: %s: no SID in window._CONFIG", listURL)
	}
	cfg.SID = m[1]
	if u, err := url.Parse(listURL); err == nil && fragRe.MatchString(u.Fragment) {
		cfg.Cats = []string{u.Fragment}
		return cfg, nil
	}
	seen := map[string]bool{}
	if m := annualRe.FindStringSubmatch(js); m != nil {
		seen[m[1]] = true
		cfg.Cats = append(cfg.Cats, m[1])
	}
	add := func(id, name string) {
		if (strings.Contains(name, "年报") || strings.Contains(name, "年度报告")) && id != "" && !seen[id] {
			seen[id] = true
			cfg.Cats = append(cfg.Cats, id)
		}
	}
	if tree, ok := jsonTree(js); ok {
		// Real pages write TREE as JSON: nested children, jump_url nodes.
		var walk func([]treeNode)
		walk = func(ns []treeNode) {
			for _, n := range ns {
				add(strings.Trim(string(n.ID), `"`), n.Name)
				walk(n.Children)
			}
		}
		walk(tree)
	} else {
		for _, m := range nodeRe.FindAllStringSubmatch(js, -1) {
			id, name := m[1], m[2]
			if id == "" {
				id, name = m[4], m[3]
			}
			add(id, decodeJSString(name))
		}
	}
	if len(cfg.Cats) == 0 {
		return cfg, fmt.Errorf("gkmlpt: %s: no annual-report category in TREE", listURL)
	}
	if len(cfg.Cats) > MaxCategories {
		return cfg, fmt.Errorf("gkmlpt: %s: %d annual-report categories in TREE, more than %d", listURL, len(cfg.Cats), MaxCategories)
	}
	sort.Strings(cfg.Cats)
	return cfg, nil
}

// treeNode is one category of a JSON TREE.
type treeNode struct {
	ID       json.RawMessage `json:"id"` // number or string
	Name     string          `json:"name"`
	Children []treeNode      `json:"children"`
}

var treeRe = regexp.MustCompile(`\bTREE['"]?\s*:\s*\[`)

// jsonTree reads the TREE array of a window._CONFIG script when it is
// valid JSON (bracket-balanced, strings respected).
func jsonTree(js string) ([]treeNode, bool) {
	loc := treeRe.FindStringIndex(js)
	if loc == nil {
		return nil, false
	}
	start := loc[1] - 1
	depth, inStr, esc := 0, byte(0), false
	for i := start; i < len(js); i++ {
		c := js[i]
		switch {
		case esc:
			esc = false
		case inStr != 0:
			if c == '\\' {
				esc = true
			} else if c == inStr {
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				var tree []treeNode
				if err := json.Unmarshal([]byte(js[start:i+1]), &tree); err != nil {
					return nil, false
				}
				return tree, true
			}
		}
	}
	return nil, false
}

func decodeJSString(s string) string {
	if !strings.Contains(s, `\u`) {
		return s
	}
	var out string
	if err := json.Unmarshal([]byte(`"`+s+`"`), &out); err == nil {
		return out
	}
	return s
}

type apiPage struct {
	Total    int `json:"total"`
	Articles []struct {
		Title   string `json:"title"`
		URL     string `json:"url"`
		PostURL string `json:"post_url"` // some sites answer post_url instead of url
		// CreateTime (Unix seconds, or a printed date on some sites) and
		// PublishTime date the article.
		CreateTime  json.RawMessage `json:"create_time"`
		PublishTime json.RawMessage `json:"publish_time"`
	} `json:"articles"`
}

// articleDate reads an article's publication date from its publish_time,
// else its create_time.
func articleDate(times ...json.RawMessage) time.Time {
	for _, raw := range times {
		if t, ok := pubdate.Parse(strings.Trim(string(raw), `"`)); ok {
			return t
		}
	}
	return time.Time{}
}

// Discover implements adapters.Adapter.
func (Adapter) Discover(ctx context.Context, c fetch.Client, listURL string) ([]adapters.Link, error) {
	fetchURL := strings.SplitN(listURL, "#", 2)[0]
	first, err := adapters.Get(ctx, c, fetchURL)
	if err != nil {
		return nil, fmt.Errorf("gkmlpt: index: %w", err)
	}
	cfg, err := ParseConfig(first, listURL)
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(first.URL)
	prefix := ""
	if i := strings.Index(base.Path, "/gkmlpt/"); i > 0 {
		prefix = base.Path[:i]
	}
	col := adapters.NewCollector(listURL)
	var errs []error
	for _, cat := range cfg.Cats {
		got, pages := 0, 0 // pages: known from the first answer's total and page size
		for page := 1; page <= MaxPages; page++ {
			api := adapters.Resolve(base, fmt.Sprintf("%s/gkmlpt/api/all/%s?page=%d&sid=%s", prefix, cat, page, url.QueryEscape(cfg.SID)))
			p, err := adapters.Get(ctx, c, api)
			var ap apiPage
			if err == nil {
				if jerr := json.Unmarshal([]byte(p.Text), &ap); jerr != nil {
					err = jerr
				}
			}
			if err != nil {
				if ctx.Err() != nil {
					return col.Links(), ctx.Err()
				}
				// A failed page is skipped while the total says more follow.
				errs = append(errs, fmt.Errorf("gkmlpt: api %s: %w", api, err))
				if page < pages {
					continue
				}
				break
			}
			if page == 1 && len(ap.Articles) > 0 {
				pages = (ap.Total + len(ap.Articles) - 1) / len(ap.Articles)
			}
			for _, a := range ap.Articles {
				u := a.URL
				if u == "" {
					u = a.PostURL
				}
				col.AddDated(adapters.Resolve(base, u), a.Title, articleDate(a.PublishTime, a.CreateTime))
			}
			got += len(ap.Articles)
			if len(ap.Articles) == 0 || got >= ap.Total || (pages > 0 && page >= pages) {
				break
			}
		}
	}
	return col.Links(), errors.Join(errs...)
}
