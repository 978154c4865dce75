package simnet

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// The list-loop fault: the second page of a portal's report list (a list
// page, never a report) redirects to itself, while the pages after it
// answer. For Hanweb portals that answer POST it is the first dataproxy
// group after the records embedded in the column page.

// isLoopingListRequest reports whether r asks for p's looping list page.
func (n *Network) isLoopingListRequest(p *portal, r *http.Request) bool {
	path, q := r.URL.Path, r.URL.Query()
	switch p.info.Adapter {
	case AdapterTRS:
		return strings.HasPrefix(path, p.chanPath) && p.cms.trsPageIndex(strings.TrimPrefix(path, p.chanPath)) == 1
	case AdapterVSB:
		pages := pageCount(len(n.visibleDocs(p)), p.pageSize)
		return pages >= 2 && path == fmt.Sprintf("%s/%d.htm", p.chanPath, pages-1)
	case AdapterGkmlpt:
		return strings.HasPrefix(path, "/gkmlpt/api/all/") && q.Get("page") == "2"
	case AdapterHanweb:
		if path != "/module/web/jpage/dataproxy.jsp" {
			return false
		}
		if p.cms.hwGetOnly {
			return r.Method == http.MethodGet && q.Get("page") == "2"
		}
		return r.Method == http.MethodPost && q.Get("startrecord") == strconv.Itoa(p.pageSize+1)
	default:
		return path == p.chanPath && q.Get("page") == "2"
	}
}

// onLoopingListPage reports whether d is listed only on p's looping list
// page (by the currently published documents): a polite client cannot
// find it.
func (n *Network) onLoopingListPage(p *portal, d *document) bool {
	if p.fault != FaultListLoop {
		return false
	}
	docs := n.visibleDocs(p)
	lo, hi := p.pageSize, 2*p.pageSize // the second page
	if p.info.Adapter == AdapterHanweb && !p.cms.hwGetOnly {
		hi = 4 * p.pageSize // the first POST group: three pages' worth
	}
	for i := lo; i < min(hi, len(docs)); i++ {
		if docs[i] == d {
			return true
		}
	}
	return false
}
