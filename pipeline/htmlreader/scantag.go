package htmlreader

import (
	"strings"

	"golang.org/x/net/html"
)

// Start and end tags: the name, the attributes kept as spans of the page
// (the first of each key), and the attributes' values as the Tokenizer's
// TagAttr gives them.

// rawElements are the elements whose content is raw text (or escapable raw
// text: textarea and title).
var rawElements = []string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"}

func (z *scanner) readStartTag() tokenType {
	z.readTag(true)
	if z.err {
		return errorToken
	}
	name := z.s[z.data.start:z.data.end]
	for _, r := range rawElements {
		if len(name) == len(r) && asciiEqualFold(name, r) {
			z.rawTag = r
			break
		}
	}
	// Self-closing unless the "/" before ">" ends an unquoted value.
	n := len(z.attr)
	if z.s[z.raw.end-2] == '/' && (n == 0 || z.raw.end-2 != z.attr[n-1][1].end-1) {
		return selfClosingTagToken
	}
	return startTagToken
}

// asciiEqualFold reports whether s equals lower (lower-case ASCII) but
// for the case of ASCII letters.
func asciiEqualFold(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// readTag reads the tag name and the attributes; the "<a" or "</a" is
// read already.
func (z *scanner) readTag(saveAttr bool) {
	z.attr = z.attr[:0]
	z.readTagName()
	if z.skipWhiteSpace(); z.err {
		return
	}
	for {
		c := z.readByte()
		if z.err || c == '>' {
			break
		}
		z.raw.end--
		z.readTagAttrKey()
		z.readTagAttrVal()
		if saveAttr && z.pending[0].start != z.pending[0].end && !z.seen(z.pending[0]) {
			z.attr = append(z.attr, z.pending)
		}
		if z.skipWhiteSpace(); z.err {
			break
		}
	}
}

// seen reports whether an attribute with key k (compared in lower-case
// ASCII) was saved already.
func (z *scanner) seen(k span) bool {
	key := z.s[k.start:k.end]
	for _, a := range z.attr {
		o := z.s[a[0].start:a[0].end]
		if len(o) != len(key) {
			continue
		}
		same := true
		for j := 0; j < len(o) && same; j++ {
			same = lowerASCII(o[j]) == lowerASCII(key[j])
		}
		if same {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func (z *scanner) readTagName() {
	z.data.start = z.raw.end - 1
	for z.raw.end < len(z.s) {
		switch z.s[z.raw.end] {
		case ' ', '\n', '\r', '\t', '\f':
			z.data.end = z.raw.end
			z.raw.end++
			return
		case '/', '>':
			z.data.end = z.raw.end
			return
		}
		z.raw.end++
	}
	z.err = true
	z.data.end = z.raw.end
}

func (z *scanner) readTagAttrKey() {
	z.pending[0].start = z.raw.end
	for {
		c := z.readByte()
		if z.err {
			z.pending[0].end = z.raw.end
			return
		}
		switch c {
		case '=':
			if z.pending[0].start+1 == z.raw.end {
				continue // "=" before the name begins is part of it
			}
			fallthrough
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			z.raw.end--
			z.pending[0].end = z.raw.end
			return
		}
	}
}

func (z *scanner) readTagAttrVal() {
	z.pending[1] = span{z.raw.end, z.raw.end}
	if z.skipWhiteSpace(); z.err {
		return
	}
	c := z.readByte()
	if z.err {
		return
	}
	if c == '/' {
		return
	}
	if c != '=' {
		z.raw.end--
		return
	}
	if z.skipWhiteSpace(); z.err {
		return
	}
	quote := z.readByte()
	if z.err {
		return
	}
	switch quote {
	case '>':
		z.raw.end--
	case '\'', '"':
		z.pending[1].start = z.raw.end
		i := strings.IndexByte(z.s[z.raw.end:], quote)
		if i < 0 {
			z.raw.end = len(z.s)
			z.err = true
			z.pending[1].end = z.raw.end
			return
		}
		z.pending[1].end = z.raw.end + i
		z.raw.end += i + 1
	default:
		z.pending[1].start = z.raw.end - 1
		for {
			c := z.readByte()
			if z.err {
				z.pending[1].end = z.raw.end
				return
			}
			switch c {
			case ' ', '\n', '\r', '\t', '\f':
				z.pending[1].end = z.raw.end - 1
				return
			case '>':
				z.raw.end--
				z.pending[1].end = z.raw.end
				return
			}
		}
	}
}

// attrCount is the number of attributes of the current start tag.
func (z *scanner) attrCount() int {
	if z.tt != startTagToken && z.tt != selfClosingTagToken {
		return 0
	}
	return len(z.attr)
}

// attrIs reports whether the i-th attribute's key is name (lower-case
// ASCII), as the Tokenizer's TagAttr would give it.
func (z *scanner) attrIs(i int, name string) bool {
	k := z.s[z.attr[i][0].start:z.attr[i][0].end]
	if len(k) != len(name) {
		return false
	}
	for j := 0; j < len(k); j++ {
		c := k[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[j] {
			return false
		}
	}
	return true
}

// attrVal returns the i-th attribute's value as the Tokenizer's TagAttr
// gives it. Character references in attributes follow other rules than in
// text: a named reference is resolved only in full, never by a prefix,
// and not before "=". Where both rules agree on every named reference
// ("?uid=1&pageNum=2", "a=1&amp;b=2"), the value is unescaped as text;
// otherwise (rare: "&copy=", "&notit;") the tag is read again by the
// Tokenizer itself, as also for carriage returns and NULs.
func (z *scanner) attrVal(i int) string {
	v := z.s[z.attr[i][1].start:z.attr[i][1].end]
	amp := strings.IndexByte(v, '&')
	if amp < 0 && strings.IndexByte(v, '\r') < 0 && strings.IndexByte(v, 0) < 0 {
		return v
	}
	if strings.IndexByte(v, '\r') < 0 && strings.IndexByte(v, 0) < 0 && namedRefsAgree(v[amp:]) {
		return html.UnescapeString(v)
	}
	t := html.NewTokenizer(strings.NewReader(z.Raw()))
	t.Next()
	for n := 0; ; n++ {
		_, val, more := t.TagAttr()
		if n == i {
			return string(val)
		}
		if !more {
			return v
		}
	}
}

// namedRefsAgree reports whether every named character reference in v
// ("&", a name of letters and digits, and the ";" after it if any)
// resolves the same by the rules for text as by those for attributes:
// not at all, or by its whole name (not a prefix of it), which for a name
// without ";" must not stand before "=".
func namedRefsAgree(v string) bool {
	for i := strings.IndexByte(v, '&'); i >= 0; {
		j := i + 1
		for j < len(v) && (v[j] >= 'a' && v[j] <= 'z' || v[j] >= 'A' && v[j] <= 'Z' || v[j] >= '0' && v[j] <= '9') {
			j++
		}
		semi := j < len(v) && v[j] == ';'
		if semi {
			j++
		}
		if j > i+1 {
			ref := v[i:j]
			if text := html.UnescapeString(ref); text != ref {
				// Resolved by a prefix of the name, the rest of it (a
				// letter or digit at least) follows the character; by
				// the whole name, no letter or digit is left: no
				// reference but &fjlig; stands for one.
				whole := ref == "&fjlig;" || !hasAlnum(text)
				if !whole || !semi && j < len(v) && v[j] == '=' {
					return false
				}
			}
		}
		k := strings.IndexByte(v[i+1:], '&')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return true
}

// hasAlnum reports whether s has an ASCII letter or digit.
func hasAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}
