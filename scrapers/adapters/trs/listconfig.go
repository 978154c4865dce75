package trs

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"ogi/scrapers/adapters"
)

// Some TRS-published sites print no pager links and no createPageHTML call:
// the list is rendered in the browser from a script configuration, and
// only the configuration says how many static pages were published. Seen
// on real sites:
//
//	listModel({quickMode:"动静结合", maxStaticIndex:1, pagebar:{prepage:10, recordCount:'20'}})
//	    (福建's list2.trsapi platform: 20 records at 10 a page; the static
//	    pages are index.htm and index_1.htm … index_{maxStaticIndex}, the
//	    later ones only through the dynamic API)
//	Pager({size:25, current:0, prefix:'index', suffix:'htm'})
//	    (size pages: index, index_1 … index_24)
//	$(".page").pagination("setPage", 1, 12) with totalPage: 12
//	    (index, index_2 … index_12)
//
// with keys and numbers quoted or not, and totalRecord/pageSize/perPage
// and pageCount/totalPage spellings.

// listScript is a pager declared in a script configuration.
type listScript struct {
	pages      int    // pages in the list (0: unknown)
	static     int    // highest static page index (-1: no bound)
	prefix     string // page name prefix
	ext        string // page extension ("" = the list's own)
	from       int    // number of the first further page
	records    int    // records declared (0: unknown)
	perPage    int    // records a page (0: unknown)
	configured string // the call it came from, for errors
}

var (
	listCallRe   = regexp.MustCompile(`\b(listModel|Pager)\s*\(\s*\{`)
	setPageRe    = regexp.MustCompile(`\.pagination\(\s*['"]setPage['"]\s*,\s*(\d+)\s*,\s*(\d+)\s*\)`)
	totalPageRe  = regexp.MustCompile(`['"]?\btotalPage['"]?\s*:\s*['"]?(\d+)`)
	numberKeyRes = func() map[string]*regexp.Regexp {
		m := map[string]*regexp.Regexp{}
		for _, k := range []string{"size", "maxStaticIndex", "recordCount", "totalRecord", "totalRecords", "recordTotal", "total",
			"prepage", "pageSize", "perPage", "perpage", "pagesize", "pageCount", "totalPage", "pageTotal", "countPage"} {
			m[k] = regexp.MustCompile(`['"]?\b` + k + `['"]?\s*:\s*['"]?(\d+)['"]?`)
		}
		return m
	}()
)

// keyNumber reads the number of the first of keys in a config object
// ("recordCount:'20'", "\"prepage\": 10", "size:25").
func keyNumber(cfg string, keys ...string) (int, bool) {
	for _, k := range keys {
		if m := numberKeyRes[k].FindStringSubmatch(cfg); m != nil {
			n, err := strconv.Atoi(m[1])
			if err == nil {
				return n, true
			}
		}
	}
	return 0, false
}

var stringKeyRe = regexp.MustCompile(`['"]?\b(prefix|suffix)['"]?\s*:\s*['"]([^'"]*)['"]`)

// balanced returns the text from s[start] (an opening brace) to its
// matching close, strings respected.
func balanced(s string, start int) string {
	depth, inStr := 0, byte(0)
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr != 0:
			if c == '\\' {
				i++
			} else if c == inStr {
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return s[start : i+1]
			}
		}
	}
	return s[start:]
}

// parseListScript finds a pager declared in a script configuration.
func parseListScript(text string) (listScript, bool) {
	if m := listCallRe.FindStringSubmatchIndex(text); m != nil {
		cfg := balanced(text, m[1]-1)
		ls := listScript{static: -1, prefix: "index", from: 1, configured: text[m[2]:m[3]] + "(" + cfg + ")"}
		switch text[m[2]:m[3]] {
		case "Pager":
			n, ok := keyNumber(cfg, "size")
			if !ok {
				return ls, false
			}
			ls.pages = n
			for _, sm := range stringKeyRe.FindAllStringSubmatch(cfg, -1) {
				switch sm[1] {
				case "prefix":
					ls.prefix = sm[2]
				case "suffix":
					ls.ext = strings.TrimPrefix(sm[2], ".")
				}
			}
		default: // listModel
			if n, ok := keyNumber(cfg, "maxStaticIndex"); ok {
				ls.static = n
			}
			ls.records, _ = keyNumber(cfg, "recordCount", "totalRecord", "totalRecords", "recordTotal", "total")
			ls.perPage, _ = keyNumber(cfg, "prepage", "pageSize", "perPage", "perpage", "pagesize")
			if n, ok := keyNumber(cfg, "pageCount", "totalPage", "pageTotal", "countPage"); ok {
				ls.pages = n
			} else if ls.records > 0 && ls.perPage > 0 {
				ls.pages = (ls.records + ls.perPage - 1) / ls.perPage
			}
			if ls.pages == 0 && ls.static < 0 {
				return ls, false
			}
			if ls.pages == 0 {
				// Only the static bound is known: the static pages exist.
				ls.pages = ls.static + 1
			}
		}
		return ls, true
	}
	if m := setPageRe.FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[2])
		if t := totalPageRe.FindStringSubmatch(text); t != nil {
			n = max(n, atoi(t[1]))
		}
		return listScript{pages: n, static: -1, prefix: "index", from: 2, configured: m[0]}, true
	}
	return listScript{}, false
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// detailExtRe reads the extension of TRS detail links (t20240308_87885.htm).
var detailExtRe = regexp.MustCompile(`/t\d{8}_\d+\.(s?html?)$`)

// listExt is the extension of a list's static pages: the list URL's own,
// else the one its detail links carry (both come from one template set),
// else html.
func listExt(first *adapters.Page) string {
	if u, err := url.Parse(first.URL); err == nil {
		if e := strings.TrimPrefix(path.Ext(u.Path), "."); e != "" {
			return e
		}
	}
	n := map[string]int{}
	best := ""
	for _, a := range first.Anchors() {
		if m := detailExtRe.FindStringSubmatch(a.URL); m != nil {
			n[m[1]]++
			if n[m[1]] > n[best] || (n[m[1]] == n[best] && m[1] < best) {
				best = m[1]
			}
		}
	}
	if best != "" {
		return best
	}
	return "html"
}

// scriptPages returns the further static pages a script configuration
// declares, and an ErrIncomplete error when it declares more pages than it
// published statically.
func scriptPages(first *adapters.Page, ls listScript) ([]string, error) {
	base, err := url.Parse(first.URL)
	if err != nil {
		return nil, nil
	}
	ext := ls.ext
	if ext == "" {
		ext = listExt(first)
	}
	last := ls.pages - 1 // index of the last page (0 = the first page)
	if ls.from == 2 {
		last = ls.pages
	}
	var incomplete error
	if ls.static >= 0 && last > ls.static {
		missing := last - ls.static
		what := fmt.Sprintf("%d pages", missing)
		if ls.records > 0 && ls.perPage > 0 {
			what = fmt.Sprintf("%d of %d records", max(ls.records-(ls.static+1)*ls.perPage, 0), ls.records)
		}
		incomplete = fmt.Errorf("trs: %s: %s: %s are served only by the dynamic list API, past the static pages (maxStaticIndex %d): %w",
			first.URL, ls.configured, what, ls.static, adapters.ErrIncomplete)
		last = ls.static
	}
	last = min(last, MaxPages)
	var out []string
	for n := ls.from; n <= last; n++ {
		out = append(out, adapters.Resolve(base, fmt.Sprintf("%s_%d.%s", ls.prefix, n, ext)))
	}
	return out, incomplete
}
