package hanweb

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"ogi/scrapers/fetch"
)

// column answers a Hanweb column page and its dataproxy POSTs from memory,
// recording each POST's record range.
type column struct {
	first  string
	ranges [][2]int
}

func (c *column) Do(_ context.Context, req *fetch.Request) (*fetch.Response, error) {
	body := c.first
	if req.Method == http.MethodPost {
		u, err := url.Parse(req.URL)
		if err != nil {
			return nil, err
		}
		start, _ := strconv.Atoi(u.Query().Get("startrecord"))
		end, _ := strconv.Atoi(u.Query().Get("endrecord"))
		c.ranges = append(c.ranges, [2]int{start, end})
		if len(c.ranges) > 1000 {
			return nil, fmt.Errorf("runaway paging: %v", c.ranges[:5])
		}
		body = fmt.Sprintf(`<datastore><totalrecord>1000</totalrecord><recordset>`+
			`<record><![CDATA[<li><a href="/art/2024/1/%d/art_1_%d.html">2023年政府信息公开工作年度报告</a></li>]]></record>`+
			`</recordset></datastore>`, len(c.ranges), len(c.ranges))
	}
	return &fetch.Response{URL: req.URL, FinalURL: req.URL, Status: 200,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(body)}, nil
}

// A column page's perpage is a number from the network: a huge one must
// not overflow the record ranges asked for.
func TestDiscoverHugePerPage(t *testing.T) {
	for _, per := range []string{"15", "3074457345618258603", "99999999999999999999"} {
		c := &column{first: `<html><script>var perpage = ` + per + `; columnid: 123; totalRecord: 1000;` +
			` url: "/module/web/jpage/dataproxy.jsp"</script></html>`}
		links, err := Adapter{}.Discover(context.Background(), c, "http://www.example.gov.cn/col/col123/index.html")
		if err != nil {
			t.Fatalf("perpage %s: %v", per, err)
		}
		if len(c.ranges) == 0 || len(links) != len(c.ranges) {
			t.Fatalf("perpage %s: %d POSTs, %d links", per, len(c.ranges), len(links))
		}
		for _, r := range c.ranges {
			if r[0] < 1 || r[1] < r[0] || r[0] > MaxRecords {
				t.Errorf("perpage %s: record range %d–%d", per, r[0], r[1])
			}
		}
	}
}
