// Package pubdate reads the publication date of a report where a
// government portal prints it: the page's own 发布日期 / 发布时间 line or its
// PubDate-style meta tags (TRS <meta name="PubDate">, Hanweb
// <meta name="pubdate">, publishdate, article:published_time), the date a
// CMS puts in the URL (TRS …/202401/t20240129_…, an attachment
// …/P020240129…, Hanweb /art/2024/1/30/…, /20230331/ folders), and the
// date a list page prints beside the link (2024-01-29, 2024年1月29日, a
// Unix time of gkmlpt's create_time).
//
// Dates are calendar days as the portal prints them, kept as midnight
// UTC; a page prints its time without a zone and no conversion is made.
// The package is shared by the crawler's adapters (list dates) and the
// dataset build (page and URL dates).
package pubdate

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Source says where a publication date comes from. Only the first four
// are evidence of when a report was published; SourceArchive is when the
// crawler first saw it, which says only that it was published by then.
type Source string

// Sources, best first.
const (
	SourcePage Source = "page" // the page's 发布日期 / 发布时间 line or PubDate meta
	SourceURL  Source = "url"  // a date in the URL
	SourceList Source = "list" // the date beside the link on the list page
	// SourceURLMonth is a year and month in the URL (TRS /202401/): the
	// day is unknown; the date is the first of the month.
	SourceURLMonth Source = "url_month"
	// SourceArchive is the first time the crawler fetched the report: not
	// evidence of its publication date.
	SourceArchive Source = "archive"
)

// Evidence tells whether a source states when a report was published.
func (s Source) Evidence() bool {
	return s == SourcePage || s == SourceURL || s == SourceList || s == SourceURLMonth
}

// Sources lists the sources, best first.
func Sources() []Source {
	return []Source{SourcePage, SourceURL, SourceList, SourceURLMonth, SourceArchive}
}

// Day makes the calendar day y-m-d, or false when it is not a valid date
// of 1990–2100.
func Day(y, m, d int) (time.Time, bool) {
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false // 2 月 30 日
	}
	return t, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimLeft(s, "0"))
	return n
}

// dateRE is a printed date: 2024-01-29, 2024/1/29, 2024.01.29,
// 2024年1月29日 (spaces allowed around the separators).
var dateRE = regexp.MustCompile(`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)

// Parse reads a printed date at the start of s (after spaces), or a Unix
// time in seconds or milliseconds.
func Parse(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if m := dateRE.FindStringSubmatchIndex(s); m != nil && m[0] == 0 {
		return Day(atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]]))
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		return Unix(n)
	}
	return time.Time{}, false
}

// Find reads the first printed date in s (a list row's text beside its
// link: "2024-01-29", "[2024年1月29日]").
func Find(s string) (time.Time, bool) {
	for _, m := range dateRE.FindAllStringSubmatch(s, 4) {
		if t, ok := Day(atoi(m[1]), atoi(m[2]), atoi(m[3])); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// Unix turns a Unix time in seconds (or milliseconds, as some APIs answer)
// into its calendar day in China Standard Time, where the portals are.
func Unix(n int64) (time.Time, bool) {
	if n > 1e11 {
		n /= 1000
	}
	t := time.Unix(n, 0).In(chinaTime)
	return Day(t.Year(), int(t.Month()), t.Day())
}

var chinaTime = time.FixedZone("CST", 8*60*60)

var (
	// metaRE finds <meta> tags; the name and content are read from each.
	metaRE      = regexp.MustCompile(`(?is)<meta\s[^>]*>`)
	metaNameRE  = regexp.MustCompile(`(?is)\b(?:name|property|itemprop)\s*=\s*["']?([a-z_:.]+)`)
	metaValueRE = regexp.MustCompile(`(?is)\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	tagRE       = regexp.MustCompile(`(?s)<(?:script|style)\b.*?</(?:script|style)\s*>|<[^>]*>`)
	// labelRE is a publication label followed by its date; traditional
	// forms included (the page may print in traditional characters).
	labelRE = regexp.MustCompile(`(?:发布日期|发布时间|发文日期|公开日期|发布于|發布日期|發布時間|發佈日期|發佈時間)\s*[：:]?\s*` +
		`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)
)

// pageMetaNames are the meta names (lower case) that carry a page's
// publication date.
var pageMetaNames = map[string]bool{
	"pubdate": true, "publishdate": true, "publish_date": true, "firstpublishedtime": true,
	"article:published_time": true, "datepublished": true, "dc.date.issued": true,
}

// Page reads the publication date a page states about itself: its meta
// tags first, then the first 发布日期 / 发布时间 line of its text. page is
// decoded HTML (or plain text).
func Page(page string) (time.Time, bool) {
	head := page
	if i := strings.Index(strings.ToLower(head), "</head>"); i >= 0 {
		head = head[:i]
	}
	for _, tag := range metaRE.FindAllString(head, -1) {
		n := metaNameRE.FindStringSubmatch(tag)
		if n == nil || !pageMetaNames[strings.ToLower(n[1])] {
			continue
		}
		v := metaValueRE.FindStringSubmatch(tag)
		if v == nil {
			continue
		}
		if t, ok := Parse(html.UnescapeString(v[1] + v[2] + v[3])); ok {
			return t, true
		}
	}
	text := tagRE.ReplaceAllString(page, " ")
	text = strings.ReplaceAll(html.UnescapeString(text), "\u00a0", " ")
	if m := labelRE.FindStringSubmatch(text); m != nil {
		return Day(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	return time.Time{}, false
}

var (
	// URL dates, most precise first.
	urlDayREs = []*regexp.Regexp{
		regexp.MustCompile(`/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+`),       // TRS page t20240129_123.html
		regexp.MustCompile(`/P0((?:19|20)\d{2})(\d{2})(\d{2})\d{4,}`),    // TRS attachment P020240129….pdf
		regexp.MustCompile(`/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/`), // Hanweb /art/2024/1/30/
		regexp.MustCompile(`/((?:19|20)\d{2})-?(\d{2})-?(\d{2})/`),       // /20230331/, /2023-03-31/
		regexp.MustCompile(`/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/`),     // /2023/3/31/
		regexp.MustCompile(`/((?:19|20)\d{2})/(\d{2})(\d{2})/`),          // /2023/0331/
		regexp.MustCompile(`[?&](?:date|pubdate)=((?:19|20)\d{2})-?(\d{2})-?(\d{2})\b`),
	}
	urlMonthRE = regexp.MustCompile(`/((?:19|20)\d{2})(\d{2})/`) // TRS /202401/
)

// URL reads a date a CMS put in a URL: SourceURL for a day, SourceURLMonth
// for a year and month only (the first of the month).
func URL(rawURL string) (time.Time, Source, bool) {
	path := rawURL
	if i := strings.Index(path, "://"); i >= 0 {
		path = path[i+3:]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			path = "/"
		}
	}
	for _, re := range urlDayREs {
		if m := re.FindStringSubmatch(path); m != nil {
			if t, ok := Day(atoi(m[1]), atoi(m[2]), atoi(m[3])); ok {
				return t, SourceURL, true
			}
		}
	}
	if m := urlMonthRE.FindStringSubmatch(path); m != nil {
		if t, ok := Day(atoi(m[1]), atoi(m[2]), 1); ok {
			return t, SourceURLMonth, true
		}
	}
	return time.Time{}, "", false
}
