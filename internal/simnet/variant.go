package simnet

import (
	"fmt"
	"strconv"
	"strings"
)

// TRS list pager forms seen on real sites.
const (
	trsPagerLiteral = iota // createPageHTML(N, cur, "index", "html"); page k is index_k
	trsPagerDiv            // createPageHTML('page_div', N, cur, 'prefix', 'ext', records); page k is prefix_{k+1}
	trsPagerVar            // var countPage = N … createPageHTML(countPage, currentPage, "index", "ext")
	trsPagerForms
	// trsPagerListModel: no pager at all, only the list2.trsapi script
	// configuration listModel({… maxStaticIndex, pagebar:{prepage,
	// recordCount}}) (福建's provincial platform, 平潭); the list URL is
	// the column directory and the static pages index_k take the detail
	// pages' extension. Drawn apart from the other forms (see pickVariant).
	trsPagerListModel
)

// variantsOn switches the CMS markup variation on. With it off every portal
// is served in the one original form of its CMS.
const variantsOn = true

// cmsVariant is how a portal's CMS version writes its markup. It is drawn
// from its own random stream (seed and portal code), so the rest of the
// world — documents, figures, faults — is the same with or without it.
type cmsVariant struct {
	trsPager  int    // one of trsPager*
	trsPrefix string // list page name without extension
	trsExt    string // list page extension
	trsDocExt string // detail page extension
	trsQuoted bool   // listModel keys and numbers written quoted (JSON style)

	gkReal    bool // window._CONFIG as real sites write it: single-quoted SID, no ANNUALREPORT/API, nested TREE
	gkPostURL bool // the API answers post_url instead of url

	hwRelNext bool // the datastore's <nextgroup> links ./dataproxy.jsp?page=N&…
	hwGetOnly bool // older jcms: dataproxy.jsp answers only GET ?page=N&…, POST startrecord is refused

	vsbEllipsis bool // the VSB pager links only pages near the current one, with "..."
}

// defaultVariant is the original single form of every CMS.
func defaultVariant() cmsVariant {
	return cmsVariant{trsPager: trsPagerLiteral, trsPrefix: "index", trsExt: "html", trsDocExt: "html"}
}

// pickVariant draws the markup variant of portal code.
func (n *Network) pickVariant(code string) cmsVariant {
	v := defaultVariant()
	if !variantsOn {
		return v
	}
	rng := n.rng("cms", code)
	v.trsPager = rng.IntN(trsPagerForms)
	switch v.trsPager {
	case trsPagerDiv:
		v.trsPrefix = []string{"index", "dezlist"}[rng.IntN(2)]
		v.trsExt = []string{"html", "shtml"}[rng.IntN(2)]
	case trsPagerVar:
		v.trsExt = []string{"html", "shtml", "htm"}[rng.IntN(3)]
	}
	v.trsDocExt = []string{"html", "shtml", "htm"}[rng.IntN(3)]
	v.gkReal = rng.IntN(2) == 0
	v.gkPostURL = rng.IntN(3) == 0
	v.hwRelNext = rng.IntN(2) == 0
	v.hwGetOnly = rng.IntN(3) == 0
	v.vsbEllipsis = rng.IntN(2) == 0
	// Drawn last, so that the forms drawn above stay what they were.
	if rng.IntN(4) == 0 {
		v.trsPager, v.trsPrefix = trsPagerListModel, "index"
		v.trsExt = v.trsDocExt
		v.trsQuoted = rng.IntN(2) == 0
	}
	return v
}

// trsPageName is the file name of TRS list page k (0-based).
func (v cmsVariant) trsPageName(k int) string {
	switch {
	case k == 0:
		return v.trsPrefix + "." + v.trsExt
	case v.trsPager == trsPagerDiv:
		return fmt.Sprintf("%s_%d.%s", v.trsPrefix, k+1, v.trsExt)
	case v.trsPager == trsPagerListModel && k == 0:
		return ""
	default:
		return fmt.Sprintf("%s_%d.%s", v.trsPrefix, k, v.trsExt)
	}
}

// trsPageIndex is the 0-based list page a file name in the channel
// directory names, or -1.
func (v cmsVariant) trsPageIndex(name string) int {
	if name == "" || name == v.trsPageName(0) || name == v.trsPrefix+"."+v.trsExt {
		return 0
	}
	rest, ok := strings.CutPrefix(name, v.trsPrefix+"_")
	if !ok {
		return -1
	}
	rest, ok = strings.CutSuffix(rest, "."+v.trsExt)
	if !ok {
		return -1
	}
	k, err := strconv.Atoi(rest)
	if err != nil || k < 1 || strconv.Itoa(k) != rest {
		return -1
	}
	if v.trsPager == trsPagerDiv {
		if k < 2 {
			return -1
		}
		return k - 1
	}
	return k
}

// trsPager is the pager script of TRS list page k (0-based) of pages, over
// records documents.
func (v cmsVariant) trsPagerScript(k, pages, records, pageSize int) string {
	switch v.trsPager {
	case trsPagerListModel:
		if v.trsQuoted {
			return fmt.Sprintf("<script>require(['list2.trsapi'],function(){listModel({\"quickMode\":\"动静结合\",\"maxStaticIndex\":\"%d\",\"pagebar\":{\"prepage\":\"%d\",\"recordCount\":\"%d\"}});});</script>\n",
				pages-1, pageSize, records)
		}
		return fmt.Sprintf("<script>\nrequire(['list2.trsapi'], function () {\n    listModel({quickMode: \"动静结合\", maxStaticIndex: %d, pagebar: {prepage: %d, recordCount: '%d'}});\n});\n</script>\n",
			pages-1, pageSize, records)
	case trsPagerDiv:
		return fmt.Sprintf("<div class=\"page\"><div id=\"page_div\"></div><script>createPageHTML('page_div',%d, %d,'%s','%s',%d);</script></div>\n",
			pages, k+1, v.trsPrefix, v.trsExt, records)
	case trsPagerVar:
		return fmt.Sprintf("<div class=\"page\"><script type=\"text/javascript\">\nvar countPage = %d//共多少页\nvar currentPage = %d;//当前页\ncreatePageHTML(countPage, currentPage, \"%s\", \"%s\");\n</script></div>\n",
			pages, k, v.trsPrefix, v.trsExt)
	default:
		return fmt.Sprintf("<div class=\"page\"><script type=\"text/javascript\">\nvar currentPage = %d;\nvar countPage = %d;\ncreatePageHTML(%d, %d, \"%s\", \"%s\");\n</script></div>\n",
			k, pages, pages, k, v.trsPrefix, v.trsExt)
	}
}

// vsbPageNumbers lists the page numbers a VSB pager shows on page k of
// pages, 0 standing for "...": all of them, or with ellipsis only the first,
// the last and those next to k.
func (v cmsVariant) vsbPageNumbers(k, pages int) []int {
	var out []int
	for i := 1; i <= pages; i++ {
		if !v.vsbEllipsis || pages <= 5 || i == 1 || i == pages || (i >= k-1 && i <= k+1) {
			out = append(out, i)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}
