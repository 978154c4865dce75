package htmlreader

import "strings"

// Tokens that start "<!" or "<?", or a "</" not followed by a letter:
// comments, doctypes and bogus comments.

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
