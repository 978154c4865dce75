// Package decode turns the bytes of a web page or text file into UTF-8:
// byte-order mark first, then the charset of the HTTP Content-Type header,
// then a <meta> declaration, then UTF-8 when the bytes are valid UTF-8,
// and GB18030 (a superset of GBK and GB2312) otherwise.
package decode

import (
	"strconv"
	"strings"

	"ogi/internal/textdecode"
)

// Bytes decodes data and returns the text and the name of the encoding
// used. contentType is the HTTP header value or "". It is
// internal/textdecode's decoder, the one the crawler's adapters use too.
func Bytes(data []byte, contentType string) (string, string) {
	return textdecode.Bytes(data, contentType)
}

// View is Bytes for a reader that keeps nothing of the text: when data is
// UTF-8 already the text shares data's memory instead of copying it. The
// text is valid only while data is not changed, and no string taken from
// it may be kept.
func View(data []byte, contentType string) (string, string) {
	return textdecode.View(data, contentType)
}

// escapedEndTags reports whether s holds at least n escaped end tags
// ("<\/"). It looks for the rare "\/" and checks the "<" before it: a page
// has a "<" every few bytes.
func escapedEndTags(s string, n int) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], `\/`)
		if j < 0 {
			return false
		}
		if k := i + j; k > 0 && s[k-1] == '<' {
			if n--; n == 0 {
				return true
			}
		}
		i += j + 2
	}
}

// UnescapeJSMarkup undoes the escapes of markup kept in a JavaScript
// string literal (var content = '<table>…<\/td>…'), as some portals and
// archives hold their report pages: \/ \" \' \n \t \r \\ and \uXXXX. It
// changes s only when it holds escaped end tags ("<\/"), the sign of such
// a string; otherwise s comes back unchanged.
func UnescapeJSMarkup(s string) string {
	if !escapedEndTags(s, 3) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		switch n := s[i+1]; n {
		case '/', '"', '\'', '\\':
			b.WriteByte(n)
			i++
		case 'n':
			b.WriteByte('\n')
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case 'r':
			i++
		case 'u':
			if i+6 <= len(s) {
				if v, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
					b.WriteRune(rune(v))
					i += 5
					continue
				}
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
