package meta

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"ogi/pipeline/normalize"
)

// fold returns s in the form the identifier matches on, with the
// normalisation of package normalize: pinyin debris after characters
// removed (統(tǒng) → 統), every character that t2s changes converted to
// simplified, whether or not the text reads as traditional (乾县 → 干县:
// the index holds both spellings, and resolve gives the name its own back),
// full-width ASCII narrowed. Line breaks are kept. Text that is already
// simplified and half-width comes back unchanged, so callers may pass either
// raw or normalised text.
func fold(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = normalize.StripPinyin(s)
	// The error is the dictionary's, checked when the Identifier is built.
	s, _ = normalize.SimplifyChars(s)
	return normalize.Width(s)
}

// compact removes all white space, which PDF and OCR text scatter inside
// names and numbers ("淮\n安市", "2024 年").
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
