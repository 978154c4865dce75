package meta

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"ogi/pipeline/normalize"
)

// fold returns s in the form the identifier matches on, with the
// normalisation of package normalize: pinyin debris after characters
// removed (統(tǒng) → 統), traditional text converted to simplified, full-width
// ASCII narrowed. Simplified text keeps characters that t2s would rewrite
// (乾县, 於潜镇); in traditional text they are converted (乾縣 → 干县), and the
// index holds that spelling too (see foldAll). Line breaks are kept. Text
// that is already simplified and half-width comes back unchanged, so callers
// may pass either raw or normalised text.
func fold(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = normalize.StripPinyin(s)
	// The error is the dictionary's, checked when the Identifier is built.
	s, _ = normalize.Simplify(s)
	return normalize.Width(s)
}

// foldAll is fold with every character t2s changes converted, whether or
// not s reads as traditional (乾县 → 干县): the spelling a name takes in
// traditional text.
func foldAll(s string) string {
	s, _ = normalize.SimplifyChars(fold(s))
	return s
}

// compact removes all white space, which PDF and OCR text scatter inside
// names and numbers ("淮\n安市", "2024 年").
func compact(s string) string {
	at := spaceAt(s)
	if at < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for at >= 0 {
		b.WriteString(s[:at])
		_, size := utf8.DecodeRuneInString(s[at:])
		s = s[at+size:]
		at = spaceAt(s)
	}
	b.WriteString(s)
	return b.String()
}

// spaceAt returns the byte offset of the first white space rune of s, or -1.
func spaceAt(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c >= '\t' && c <= '\r' {
				return i
			}
			continue
		}
		// The white space above ASCII: U+0085, U+00A0 (lead byte C2),
		// U+1680 (E1), U+2000–U+200A, U+2028, U+2029, U+202F, U+205F (E2)
		// and U+3000 (E3).
		if c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3 {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return i
		}
		i += size - 1
	}
	return -1
}
