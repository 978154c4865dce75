package discover

import "testing"

// Only the portal's own 年报 column, named without a place or level, is
// followed to another government host; hubs, other governments' columns,
// redirects and hosts outside gov.cn are not.
func TestPlatformColumn(t *testing.T) {
	for _, c := range []struct {
		l    Link
		want bool
	}{
		{Link{URL: "http://zfxxgk.beijing.gov.cn/110016/zfxxgknb/list.shtml", Text: "公开年报", Via: "a"}, true},
		{Link{URL: "http://xxgk.platform.gov.cn/org9/col/col12/index.html", Text: "政府信息公开年报", Via: "a"}, true},
		{Link{URL: "http://www.beijing.gov.cn/gongkai/zfxxgknb/", Text: "北京市政府信息公开年报", Via: "a"}, false},
		{Link{URL: "http://www.sc.gov.cn/10954/", Text: "省政府信息公开专栏", Via: "a"}, false},
		{Link{URL: "http://zfxxgk.beijing.gov.cn/110016/jgzz12j/list.shtml", Text: "公开目录", Via: "a"}, false},
		{Link{URL: "http://zfxxgk.beijing.gov.cn/110016/zfxxgknb/", Text: "", Via: "a"}, false},
		{Link{URL: "http://zfxxgk.beijing.gov.cn/110016/zfxxgknb/", Text: "公开年报", Via: "redirect"}, false},
		{Link{URL: "http://nb.example.com/zfxxgknb/", Text: "政府信息公开年报", Via: "a"}, false},
	} {
		if got := platformColumn(c.l); got != c.want {
			t.Errorf("platformColumn(%q → %s) = %v, want %v", c.l.Text, c.l.URL, got, c.want)
		}
	}
}
