// Package textdecode is ogi's one charset decoder, shared by the crawler's
// adapters (list pages, link texts) and the extractor (report pages), so
// both read the same bytes as the same text: byte-order mark first, then
// the charset of the HTTP Content-Type header, then a <meta> declaration,
// then UTF-8 when the bytes are valid UTF-8, and GB18030 (a superset of
// GBK and GB2312) otherwise. A UTF-8 label contradicted by bytes that are
// not UTF-8 is a lie (real portals serve GBK files under templates that say
// utf-8): such bytes are read as GB18030.
package textdecode

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Bytes decodes data and returns the text and the name of the encoding
// used. contentType is the HTTP header value or "".
func Bytes(data []byte, contentType string) (string, string) {
	enc, name, from := plan(data, contentType)
	if enc == nil {
		return string(data[from:]), name
	}
	return with(enc, data, name)
}

// View is Bytes for a reader that keeps nothing of the text (the
// extractor's page reader copies what it keeps): when data is UTF-8
// already the text shares data's memory instead of copying it. The text is
// valid only while data is not changed, and no string taken from it may
// be kept.
func View(data []byte, contentType string) (string, string) {
	enc, name, from := plan(data, contentType)
	if enc == nil {
		return unsafe.String(unsafe.SliceData(data[from:]), len(data)-from), name
	}
	return with(enc, data, name)
}

// plan chooses how to decode data: with enc, or as UTF-8 from byte from
// on when enc is nil.
func plan(data []byte, contentType string) (enc encoding.Encoding, name string, from int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return nil, "utf-8", 3
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", 0
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", 0
	}
	label := headerCharset(contentType)
	if label == "" {
		label = metaCharset(data)
	}
	if label != "" {
		if enc, name := lookup(label); enc != nil {
			if name == "utf-8" && !utf8.Valid(data) {
				// Declared UTF-8 but not: old pages often lie.
				return simplifiedchinese.GB18030, "gb18030", 0
			}
			if name == "utf-8" {
				return nil, name, 0
			}
			return enc, name, 0
		}
	}
	if utf8.Valid(data) {
		return nil, "utf-8", 0
	}
	return simplifiedchinese.GB18030, "gb18030", 0
}

// lookup resolves a charset label; every GB label decodes as GB18030.
func lookup(label string) (encoding.Encoding, string) {
	l := strings.ToLower(strings.TrimSpace(label))
	switch l {
	case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "euc-cn", "gb_2312-80", "csgb2312", "chinese":
		return simplifiedchinese.GB18030, "gb18030"
	}
	enc, name := charset.Lookup(l)
	if enc == nil {
		return nil, ""
	}
	if name == "gbk" || name == "gb18030" {
		return simplifiedchinese.GB18030, "gb18030"
	}
	return enc, name
}

func with(enc encoding.Encoding, data []byte, name string) (string, string) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		// The decoders replace invalid sequences; an error here means a
		// broken transformer, so keep what is readable.
		return strings.ToValidUTF8(string(data), "\uFFFD"), "utf-8"
	}
	return string(out), name
}

func headerCharset(contentType string) string {
	i := strings.Index(strings.ToLower(contentType), "charset=")
	if i < 0 {
		return ""
	}
	v := contentType[i+len("charset="):]
	if j := strings.IndexAny(v, "; "); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"'`)
}

// metaCharset finds <meta charset=…> or the http-equiv form in the first
// 4 KiB of the page.
func metaCharset(data []byte) string {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	// ASCII is enough: the tag, the attribute and the labels are ASCII.
	var buf [4096]byte
	lower := buf[:len(head)]
	for i, c := range head {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for off := 0; ; {
		i := bytes.Index(lower[off:], []byte("<meta"))
		if i < 0 {
			return ""
		}
		start := off + i
		end := bytes.IndexByte(lower[start:], '>')
		if end < 0 {
			return ""
		}
		tag := lower[start : start+end]
		if j := bytes.Index(tag, []byte("charset=")); j >= 0 {
			v := tag[j+len("charset="):]
			v = bytes.TrimLeft(v, `"' `)
			k := bytes.IndexAny(v, "\"' ;/>")
			if k >= 0 {
				v = v[:k]
			}
			if len(v) > 0 {
				return string(v)
			}
		}
		off = start + end
	}
}
