package discover

import (
	"html"
	"net/url"
	"regexp"
	"strings"

	xhtml "golang.org/x/net/html"

	"ogi/scrapers/adapters"
)

// Link is a way from one page to another that a person could take: an
// anchor (its text, else its title, else the alt of its image), an image
// map area, an element with an onclick navigation, a frame, a link written
// by a script menu, or a redirect stub (meta refresh, location.href).
type Link struct {
	URL  string
	Text string
	// Via says how the link was written: "a", "area", "onclick", "frame",
	// "script" or "redirect".
	Via string
	// Truncated: the text ended in an ellipsis ("政府信息公…") and nothing
	// longer (title, alt) was there.
	Truncated bool
}

var (
	// jsURLRe finds the target of javascript: hrefs and onclick handlers:
	// window.open('…'), location.href='…', window.location='…',
	// location.replace("…"), and the confirm('…') of mirrored pages.
	jsURLRe = regexp.MustCompile(`(?:window\.open|location\.replace|location\.assign|confirm)\s*\(\s*['"]([^'"]+)['"]|location(?:\.href)?\s*=\s*['"]([^'"]+)['"]`)
	// scriptAnchorRe finds HTML anchors written inside script strings
	// (document.write, menu templates, Hanweb datastore CDATA).
	scriptAnchorRe = regexp.MustCompile(`(?is)<a\s[^>]*?href\s*=\s*\\?["']([^"'\\]+)\\?["'][^>]*>(.*?)</a>`)
	// propRe is one string property of an object literal.
	propRe = regexp.MustCompile(`['"]?(\w+)['"]?\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`)
	// pairRe is a ["label","/url"] pair of an array menu (either order).
	pairRe = regexp.MustCompile(`[\[(]\s*['"]([^'"]{1,40})['"]\s*,\s*['"]([^'"]{1,300})['"]`)
	// metaRefreshRe reads the URL of <meta http-equiv="refresh" content="0;url=…">.
	metaRefreshRe = regexp.MustCompile(`(?i)url\s*=\s*['"]?([^'";\s]+)`)
	tagRe         = regexp.MustCompile(`(?s)<[^>]*>`)
)

// urlKeys and labelKeys are the property names script menus use.
var (
	urlKeys   = map[string]bool{"url": true, "href": true, "link": true, "path": true, "linkurl": true, "chnlurl": true, "channelurl": true, "address": true, "jumpurl": true, "jump_url": true, "target_url": true}
	labelKeys = map[string]bool{"name": true, "title": true, "text": true, "label": true, "menuname": true, "channelname": true, "chnlname": true, "chnldesc": true, "catname": true, "columnname": true}
)

// Links lists the ways out of page p, resolved against its URL (and
// <base>), in document order. Links in HTML comments are ignored (sites
// comment out the menu items they retired).
func Links(p *adapters.Page) []Link {
	s := &scanner{base: parseURL(p.URL)}
	s.scan(p.Text)
	return s.out
}

type scanner struct {
	base *url.URL
	out  []Link
	// the open link-like element, its text so far and its alternatives
	cur     *Link
	curTag  string
	text    strings.Builder
	title   string
	alt     string
	inTitle bool
}

func parseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	return u
}

// resolve resolves href, reading the target out of javascript: URLs.
func (s *scanner) resolve(href string) string {
	href = strings.TrimSpace(html.UnescapeString(href))
	if low := strings.ToLower(href); strings.HasPrefix(low, "javascript:") {
		href = jsTarget(href)
	}
	return adapters.Resolve(s.base, href)
}

// jsTarget reads the navigation target of a script snippet: a location
// assignment or window.open wins over the confirm('URL …') text mirrored
// pages put before it.
func jsTarget(js string) string {
	target := ""
	for _, m := range jsURLRe.FindAllStringSubmatch(js, -1) {
		if strings.HasPrefix(m[0], "confirm") {
			if target == "" {
				target = strings.Fields(m[1] + " ")[0]
			}
			continue
		}
		return m[1] + m[2]
	}
	return target
}

func (s *scanner) add(u, text, via string) {
	if u == "" {
		return
	}
	s.out = append(s.out, Link{URL: u, Text: cleanLabel(text), Via: via, Truncated: truncated(text)})
}

// finish closes the open link-like element.
func (s *scanner) finish() {
	if s.cur == nil {
		return
	}
	raw := s.text.String()
	n := len([]rune(cleanLabel(raw)))
	// Truncated text ("政府信息公…") or none: a longer title or image alt
	// says more.
	for _, alt := range []string{s.title, s.alt} {
		if k := len([]rune(cleanLabel(alt))); k > n {
			raw, n = alt, k
		}
	}
	s.add(s.cur.URL, raw, s.cur.Via)
	s.cur, s.curTag, s.title, s.alt = nil, "", "", ""
	s.text.Reset()
}

func attrs(z *xhtml.Tokenizer, has bool) map[string]string {
	m := map[string]string{}
	for has {
		var k, v []byte
		k, v, has = z.TagAttr()
		m[string(k)] = string(v)
	}
	return m
}

func (s *scanner) scan(text string) {
	z := xhtml.NewTokenizer(strings.NewReader(text))
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			s.finish()
			return
		case xhtml.TextToken:
			if s.cur != nil {
				s.text.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, has := z.TagName()
			s.startTag(z, string(name), attrs(z, has), tt == xhtml.SelfClosingTagToken)
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if s.cur != nil && string(name) == s.curTag {
				s.finish()
			}
		}
	}
}

func (s *scanner) startTag(z *xhtml.Tokenizer, name string, at map[string]string, selfClosing bool) {
	switch name {
	case "a":
		s.finish()
		u := s.resolve(at["href"])
		if u == "" {
			u = s.onclick(at["onclick"])
		}
		if u == "" {
			// <a href="#" data-url="/zwgk/">: menus that navigate by script
			u = s.resolve(firstNonEmpty(at["data-url"], at["data-href"], at["data-link"]))
		}
		if u == "" {
			return
		}
		s.cur, s.curTag, s.title = &Link{URL: u, Via: "a"}, "a", at["title"]
		if selfClosing {
			s.finish()
		}
	case "img":
		if s.cur != nil && s.alt == "" {
			s.alt = firstNonEmpty(at["alt"], at["title"])
		}
	case "area":
		s.add(s.resolve(at["href"]), firstNonEmpty(at["alt"], at["title"]), "area")
	case "iframe", "frame":
		s.add(s.resolve(at["src"]), firstNonEmpty(at["title"], at["name"]), "frame")
	case "base":
		if b := s.resolve(at["href"]); b != "" {
			s.base = parseURL(b)
		}
	case "meta":
		if strings.EqualFold(at["http-equiv"], "refresh") {
			if m := metaRefreshRe.FindStringSubmatch(at["content"]); m != nil {
				s.add(s.resolve(m[1]), "", "redirect")
			}
		}
	case "script":
		s.finish()
		if selfClosing {
			return
		}
		// The tokenizer hands the script body over as one text token.
		if z.Next() == xhtml.TextToken {
			s.script(string(z.Text()))
		}
	default:
		if s.cur != nil {
			return
		}
		if u := s.onclick(at["onclick"]); u != "" {
			s.cur, s.curTag, s.title = &Link{URL: u, Via: "onclick"}, name, at["title"]
			if selfClosing {
				s.finish()
			}
		}
	}
}

func (s *scanner) onclick(js string) string {
	if js == "" {
		return ""
	}
	return adapters.Resolve(s.base, jsTarget(html.UnescapeString(js)))
}

// script reads the links a script writes: HTML anchors inside strings,
// menu objects {name:'…', url:'…'}, ["label","/url"] pairs and redirect
// stubs (location.href = '…').
func (s *scanner) script(js string) {
	unq := strings.NewReplacer(`\"`, `"`, `\'`, `'`, `\/`, `/`).Replace(js)
	for _, m := range scriptAnchorRe.FindAllStringSubmatch(unq, -1) {
		s.add(s.resolve(m[1]), tagRe.ReplaceAllString(m[2], ""), "script")
	}
	// Menu objects: pair each label property with the nearest URL
	// property, in either order; nested children keep their own pairs.
	var pendURL, pendLabel string
	for _, p := range propRe.FindAllStringSubmatch(js, -1) {
		key, val := strings.ToLower(p[1]), unescapeJS(p[2]+p[3])
		switch {
		case urlKeys[key] && looksLikeURL(val):
			if pendLabel != "" {
				s.add(s.resolve(val), pendLabel, "script")
				pendLabel = ""
				continue
			}
			if pendURL != "" {
				s.add(s.resolve(pendURL), "", "script")
			}
			pendURL = val
		case labelKeys[key] && val != "":
			if pendURL != "" {
				s.add(s.resolve(pendURL), val, "script")
				pendURL = ""
				continue
			}
			pendLabel = val
		}
	}
	if pendURL != "" {
		s.add(s.resolve(pendURL), "", "script")
	}
	for _, m := range pairRe.FindAllStringSubmatch(js, -1) {
		a, b := unescapeJS(m[1]), unescapeJS(m[2])
		switch {
		case looksLikeURL(b) && !looksLikeURL(a):
			s.add(s.resolve(b), a, "script")
		case looksLikeURL(a) && !looksLikeURL(b):
			s.add(s.resolve(a), b, "script")
		}
	}
	if m := jsURLRe.FindStringSubmatch(js); m != nil && !strings.Contains(m[0], "open") && !strings.Contains(m[0], "confirm") {
		s.add(s.resolve(m[1]+m[2]), "", "redirect")
	}
}

// unescapeJS undoes the escapes script strings use for URLs and labels
// (\/, \uXXXX).
func unescapeJS(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'u':
			if i+4 < len(s) {
				var r rune
				ok := true
				for _, c := range s[i+1 : i+5] {
					r <<= 4
					switch {
					case c >= '0' && c <= '9':
						r |= c - '0'
					case c >= 'a' && c <= 'f':
						r |= c - 'a' + 10
					case c >= 'A' && c <= 'F':
						r |= c - 'A' + 10
					default:
						ok = false
					}
				}
				if ok {
					b.WriteRune(r)
					i += 4
					continue
				}
			}
			b.WriteByte('u')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// looksLikeURL reports whether a script string is a link target rather
// than a label.
func looksLikeURL(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " <>") {
		return false
	}
	for _, r := range s {
		if r > 0x7f {
			return false
		}
	}
	low := strings.ToLower(s)
	return strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(s, "/") ||
		strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.Contains(s, ".htm") ||
		strings.Contains(s, ".jsp") || strings.Contains(s, ".asp") || strings.Contains(s, ".php")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// ellipsisRe strips the marks menus put after truncated or decorated
// labels; bracketRe the 【】 and >> around them.
var (
	ellipsisRe = regexp.MustCompile(`(?:\.{2,}|…+|·+|>>|›|»|＞＞|>)+$`)
	bracketRe  = regexp.MustCompile(`^[【\[「《]|[】\]」》]$`)
)

// cleanLabel collapses whitespace and strips decoration around a label.
func cleanLabel(s string) string {
	s = adapters.Clean(html.UnescapeString(s))
	s = strings.TrimSpace(ellipsisRe.ReplaceAllString(s, ""))
	return strings.TrimSpace(bracketRe.ReplaceAllString(s, ""))
}

// truncated reports whether a raw label ended in an ellipsis.
func truncated(raw string) bool {
	raw = strings.TrimSpace(raw)
	return strings.HasSuffix(raw, "...") || strings.HasSuffix(raw, "…") || strings.HasSuffix(raw, "..")
}
