package htmlreader

import "strings"

// Raw text: the content of script, style, textarea, title and the other
// elements whose text runs to their end tag with no tags inside.

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
