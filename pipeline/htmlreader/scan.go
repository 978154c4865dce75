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

// readUntilCloseAngle reads until the next ">".
func (z *scanner) readUntilCloseAngle() {
	z.data.start = z.raw.end
	i := strings.IndexByte(z.s[z.raw.end:], '>')
	if i < 0 {
		z.raw.end = len(z.s)
		z.err = true
		z.data.end = z.raw.end
		return
	}
	z.data.end = z.raw.end + i
	z.raw.end += i + 1
}

// readMarkupDeclaration reads a token that starts "<!": a comment, a
// doctype or a bogus comment.
func (z *scanner) readMarkupDeclaration() tokenType {
	z.data.start = z.raw.end
	var c [2]byte
	for i := 0; i < 2; i++ {
		c[i] = z.readByte()
		if z.err {
			z.data.end = z.raw.end
			if i == 1 && c[0] == '>' {
				z.data.end--
			}
			return commentToken
		}
	}
	if c[0] == '-' && c[1] == '-' {
		z.readComment()
		return commentToken
	}
	z.raw.end -= 2
	if z.readDoctype() {
		return doctypeToken
	}
	z.readUntilCloseAngle()
	return commentToken
}

func (z *scanner) readDoctype() bool {
	const s = "DOCTYPE"
	for i := 0; i < len(s); i++ {
		c := z.readByte()
		if z.err {
			// Read the fragment again as a bogus comment.
			z.raw.end = z.data.start
			z.err = false
			return false
		}
		if c != s[i] && c != s[i]+('a'-'A') {
			z.raw.end = z.data.start
			return false
		}
	}
	if z.skipWhiteSpace(); z.err {
		z.data.start = z.raw.end
		z.data.end = z.raw.end
		return true
	}
	z.readUntilCloseAngle()
	return true
}

func (z *scanner) readComment() {
	z.data.start = z.raw.end
	defer func() {
		if z.data.end < z.data.start {
			z.data.end = z.data.start // "<!-->"
		}
	}()
	dashCount := 0
	beginning := true
	for {
		c := z.readByte()
		if z.err {
			z.data.end = z.abruptCommentDataEnd()
			return
		}
		switch c {
		case '-':
			dashCount++
			continue
		case '>':
			if dashCount >= 2 || beginning {
				z.data.end = z.raw.end - len("-->")
				return
			}
		case '!':
			if dashCount >= 2 {
				c = z.readByte()
				if z.err {
					z.data.end = z.abruptCommentDataEnd()
					return
				} else if c == '>' {
					z.data.end = z.raw.end - len("--!>")
					return
				} else if c == '-' {
					dashCount = 1
					beginning = false
					continue
				}
			}
		}
		dashCount = 0
		beginning = false
	}
}

func (z *scanner) abruptCommentDataEnd() int {
	raw := z.Raw()
	if len(raw) >= len("<!--") {
		raw = raw[len("<!--"):]
		switch {
		case strings.HasSuffix(raw, "--!"):
			return z.raw.end - 3
		case strings.HasSuffix(raw, "--"):
			return z.raw.end - 2
		case strings.HasSuffix(raw, "-"):
			return z.raw.end - 1
		}
	}
	return z.raw.end
}

// readRawOrRCDATA reads until the "</" + rawTag that ends the raw text.
func (z *scanner) readRawOrRCDATA() {
	if z.rawTag == "script" {
		z.readScript()
		z.data.end = z.raw.end
		z.textIsRaw = true
		z.rawTag = ""
		return
	}
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
		if c != '/' {
			z.raw.end--
			continue
		}
		if z.readRawEndTag() || z.err {
			break
		}
	}
	z.data.end = z.raw.end
	z.textIsRaw = z.rawTag != "textarea" && z.rawTag != "title"
	z.rawTag = ""
}

// readRawEndTag reads "</" + rawTag and a delimiter; on success it steps
// back so that the end tag is read as the next token. "</" is read.
func (z *scanner) readRawEndTag() bool {
	for i := 0; i < len(z.rawTag); i++ {
		c := z.readByte()
		if z.err {
			return false
		}
		if c != z.rawTag[i] && c != z.rawTag[i]-('a'-'A') {
			z.raw.end--
			return false
		}
	}
	c := z.readByte()
	if z.err {
		return false
	}
	switch c {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		z.raw.end -= 3 + len(z.rawTag)
		return true
	}
	z.raw.end--
	return false
}

// readScript reads a script's text up to its end tag, following the
// escaping rules of script data: inside "<!--" … "-->" a "<script>" opens
// a nested script whose "</script>" does not end the element. The states
// of the Tokenizer's readScript are grouped in the three stretches they
// belong to, one method each, which return the stretch that follows.
func (z *scanner) readScript() {
	for next := scriptPlain; next != scriptEnd; {
		switch next {
		case scriptPlain:
			next = z.readScriptPlain()
		case scriptOpened:
			next = z.readScriptEscaped(2)
		case scriptEscaped:
			next = z.readScriptEscaped(0)
		case scriptDoubleEscaped:
			next = z.readScriptDoubleEscaped()
		}
	}
}

// scriptStretch is a stretch of script data with its own escaping rule.
type scriptStretch uint8

const (
	scriptEnd           scriptStretch = iota // the end tag or the end of the page is reached
	scriptPlain                              // script data
	scriptOpened                             // escaped, right after its "<!--"
	scriptEscaped                            // escaped: inside "<!--" … "-->"
	scriptDoubleEscaped                      // a "<script>" inside the escaped stretch
)

// readScriptPlain reads script data up to "</script" (the end), or "<!--"
// (an escaped stretch).
func (z *scanner) readScriptPlain() scriptStretch {
	for {
		i := strings.IndexByte(z.s[z.raw.end:], '<')
		if i < 0 {
			z.raw.end = len(z.s)
			z.err = true
			return scriptEnd
		}
		z.raw.end += i + 1
		c := z.readByte()
		if z.err {
			return scriptEnd
		}
		switch c {
		case '/':
			if z.readRawEndTag() || z.err {
				return scriptEnd
			}
			continue
		case '!':
			if z.readScriptDashes() {
				return scriptOpened
			}
			if z.err {
				return scriptEnd
			}
			continue
		}
		z.raw.end-- // reconsume
	}
}

// readScriptDashes reads the "--" of a "<!--" whose "<!" is read; when
// they are not there it steps back to the byte that is not a dash.
func (z *scanner) readScriptDashes() bool {
	for range 2 {
		c := z.readByte()
		if z.err {
			return false
		}
		if c != '-' {
			z.raw.end--
			return false
		}
	}
	return true
}

// readScriptEscaped reads an escaped stretch (dashes: the "-" just read
// before it) up to "-->" (back to script data), "</script" (the end) or
// "<script" and a delimiter (a double-escaped stretch).
func (z *scanner) readScriptEscaped(dashes int) scriptStretch {
	for {
		c := z.readByte()
		if z.err {
			return scriptEnd
		}
		switch {
		case c == '-':
			dashes = min(dashes+1, 2)
			continue
		case c == '>' && dashes == 2:
			return scriptPlain
		case c == '<':
			if next := z.readScriptEscapedTag(); next != scriptEscaped {
				return next
			}
		}
		dashes = 0
	}
}

// readScriptEscapedTag reads what follows a "<" in an escaped stretch.
func (z *scanner) readScriptEscapedTag() scriptStretch {
	c := z.readByte()
	if z.err {
		return scriptEnd
	}
	switch {
	case c == '/':
		if z.readRawEndTag() || z.err {
			return scriptEnd
		}
		return scriptEscaped
	case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		z.raw.end--
		if z.readScriptTagName() {
			return scriptDoubleEscaped
		}
		if z.err {
			return scriptEnd
		}
		return scriptEscaped
	}
	z.raw.end--
	return scriptPlain // as the Tokenizer has it
}

// readScriptTagName reads "script" (in any case) and a delimiter; when
// they are not there it steps back to the byte that differs.
func (z *scanner) readScriptTagName() bool {
	for i := 0; i < len("script"); i++ {
		c := z.readByte()
		if z.err {
			return false
		}
		if c != "script"[i] && c != "SCRIPT"[i] {
			z.raw.end--
			return false
		}
	}
	c := z.readByte()
	if z.err {
		return false
	}
	switch c {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return true
	}
	z.raw.end--
	return false
}

// readScriptDoubleEscaped reads a double-escaped stretch up to "-->"
// (back to script data) or "</script" and a delimiter (back to the
// escaped stretch).
func (z *scanner) readScriptDoubleEscaped() scriptStretch {
	dashes := 0
	for {
		c := z.readByte()
		if z.err {
			return scriptEnd
		}
		switch {
		case c == '-':
			dashes = min(dashes+1, 2)
			continue
		case c == '>' && dashes == 2:
			return scriptPlain
		case c == '<':
			c = z.readByte()
			if z.err {
				return scriptEnd
			}
			if c != '/' {
				z.raw.end--
				break
			}
			if z.readRawEndTag() {
				z.raw.end += len("</script>")
				return scriptEscaped
			}
			if z.err {
				return scriptEnd
			}
		}
		dashes = 0
	}
}
