package htmlreader

import (
	"strings"

	"golang.org/x/net/html"
)

// The scanner splits a page held in a string into the tokens that
// golang.org/x/net/html's Tokenizer gives (text, start, end and
// self-closing tags, comments, doctypes; raw text after script, style,
// textarea, title, iframe, noembed, noframes, noscript, xmp and
// plaintext), token for token and byte for byte: FuzzScannerMatchesTokenizer
// holds it to that. It differs in cost only. The Tokenizer reads byte by
// byte through a buffer and copies and lower-cases every attribute key of
// every tag; the scanner jumps over text with IndexByte, keeps attributes
// as offsets into the page, and returns text as a slice of the page when
// it holds no character reference or carriage return.

type tokenType uint8

const (
	errorToken tokenType = iota
	textToken
	startTagToken
	endTagToken
	selfClosingTagToken
	commentToken
	doctypeToken
)

// span is a byte range of the page.
type span struct{ start, end int }

type scanner struct {
	s string
	// raw is the current token; data its text, tag name or comment text
	// (as the Tokenizer's raw and data spans).
	raw, data span
	err       bool // a read went past the end of the page (the Tokenizer's io.EOF)
	tt        tokenType
	// rawTag is the lower-case name of the element whose raw text comes
	// next ("script"), or "".
	rawTag     string
	textIsRaw  bool
	convertNUL bool
	// attr holds the key and value spans of the current start tag's
	// attributes, the first of each key only; pending is the one being read.
	attr    [][2]span
	pending [2]span
}

func newScanner(s string) *scanner { return &scanner{s: s} }

// readByte is the Tokenizer's readByte over a string.
func (z *scanner) readByte() byte {
	if z.raw.end >= len(z.s) {
		z.err = true
		return 0
	}
	c := z.s[z.raw.end]
	z.raw.end++
	return c
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

func (z *scanner) skipWhiteSpace() {
	if z.err {
		return
	}
	for z.raw.end < len(z.s) {
		if !isSpaceByte(z.s[z.raw.end]) {
			return
		}
		z.raw.end++
	}
	z.err = true
}

// Raw returns the text of the current token as it stands in the page.
func (z *scanner) Raw() string { return z.s[z.raw.start:z.raw.end] }

// Text returns the text of a text, comment or doctype token as the
// Tokenizer's Text does: line ends as "\n", NULs replaced where the
// Tokenizer replaces them, character references resolved except in raw
// text.
func (z *scanner) Text() string {
	switch z.tt {
	case textToken, commentToken, doctypeToken:
	default:
		return ""
	}
	s := z.s[z.data.start:z.data.end]
	if strings.IndexByte(s, '\r') >= 0 {
		s = convertNewlines(s)
	}
	if (z.convertNUL || z.tt == commentToken) && strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "\ufffd")
	}
	if !z.textIsRaw && strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

// convertNewlines turns "\r\n" and "\r" into "\n".
func convertNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// linesAhead reports whether the page holds at least n line breaks
// between the current token and the next end (a case-insensitive "</pre"
// for end "</pre"), or before the end of the page when there is none.
func (z *scanner) linesAhead(end string, n int) bool {
	rest := z.s[z.raw.end:]
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == '\n':
			if n--; n == 0 {
				return true
			}
		case c == '<' && len(rest)-i >= len(end) && asciiEqualFold(rest[i:i+len(end)], end):
			return false
		}
	}
	return false
}

// Next scans the next token and returns its type (the Tokenizer's Next).
func (z *scanner) Next() tokenType {
	z.raw.start = z.raw.end
	z.data = span{z.raw.end, z.raw.end}
	if z.err {
		z.tt = errorToken
		return z.tt
	}
	if z.rawTag != "" {
		if z.rawTag == "plaintext" {
			z.raw.end = len(z.s)
			z.err = true
			z.data.end = z.raw.end
			z.textIsRaw = true
		} else {
			z.readRawOrRCDATA()
		}
		if z.data.end > z.data.start {
			z.tt = textToken
			z.convertNUL = true
			return z.tt
		}
	}
	z.textIsRaw = false
	z.convertNUL = false
	for {
		i := strings.IndexByte(z.s[z.raw.end:], '<')
		if i < 0 {
			z.raw.end = len(z.s)
			z.err = true
			break
		}
		z.raw.end += i + 1
		c := z.readByte()
		if z.err {
			break
		}
		var tt tokenType
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			tt = startTagToken
		case c == '/':
			tt = endTagToken
		case c == '!' || c == '?':
			tt = commentToken
		default:
			z.raw.end-- // reconsume
			continue
		}
		// Text before the tag is a token of its own.
		if x := z.raw.end - len("<a"); z.raw.start < x {
			z.raw.end = x
			z.data.end = x
			z.tt = textToken
			return z.tt
		}
		switch tt {
		case startTagToken:
			z.tt = z.readStartTag()
			return z.tt
		case endTagToken:
			c = z.readByte()
			if z.err {
				break
			}
			if c == '>' {
				// "</>" is no token: an empty comment
				z.tt = commentToken
				return z.tt
			}
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				z.readTag(false)
				if z.err {
					z.tt = errorToken
				} else {
					z.tt = endTagToken
				}
				return z.tt
			}
			z.raw.end--
			z.readUntilCloseAngle()
			z.tt = commentToken
			return z.tt
		case commentToken:
			if c == '!' {
				z.tt = z.readMarkupDeclaration()
				return z.tt
			}
			z.raw.end--
			z.readUntilCloseAngle()
			z.tt = commentToken
			return z.tt
		}
		break // end of the page right after "</"
	}
	if z.raw.start < z.raw.end {
		z.data.end = z.raw.end
		z.tt = textToken
		return z.tt
	}
	z.tt = errorToken
	return z.tt
}
