package discover

import (
	"context"
	"strings"

	"ogi/scrapers/adapters"
)

// Some portals keep their disclosure section on a shared platform of their
// province or city, another government host: 北京's municipal bureaus link
// 公开年报 from their own home page to zfxxgk.beijing.gov.cn/{org code}/
// zfxxgknb/list.shtml. Such a link is followed only when it names the 年报
// column itself, by a name with no place or level in it: a 省/市/县 column
// elsewhere is another government's (a prefecture's page links its
// province's 信息公开专栏), and hubs elsewhere are never walked.

// platformColumn reports whether l, a link to another site, is the
// portal's own 年报 column on a shared government platform.
func platformColumn(l Link) bool {
	if !strings.HasSuffix(adapters.HostOf(l.URL), ".gov.cn") || l.Via == "redirect" {
		return false
	}
	t := norm(l.Text)
	if t == "" || strings.ContainsAny(t, "省市县区州旗盟国") {
		return false
	}
	ro, _ := classify(l.Text, l.Truncated, l.URL)
	return ro == roleColumn
}

// getItem fetches a queued page within the request budget: on the site,
// or on the platform host of an off-site column.
func (r *run) getItem(ctx context.Context, it *item) (*adapters.Page, error) {
	if !it.offsite {
		return r.get(ctx, it.url)
	}
	host := adapters.HostOf(it.url)
	return r.fetch(ctx, it.url, func(h string) bool {
		return adapters.SameSite(r.site, h) || strings.EqualFold(h, host)
	})
}
