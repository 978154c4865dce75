package meta

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/liuzl/gocc"
	"golang.org/x/text/width"
)

// normalizer turns report text into the form the identifier matches on:
// pinyin debris after characters removed (統(tǒng) → 統), traditional
// characters converted to simplified, full-width ASCII folded to half-width.
//
// The conversion is character by character, with the table that gocc's
// t2s conversion (OpenCC dictionaries) gives for each CJK ideograph on its
// own: place and agency names need no phrase-level conversion, and a map
// lookup per character is two orders of magnitude faster than gocc on a
// report preamble. The normalizer is read-only after construction and safe
// for concurrent use.
type normalizer struct {
	t2s map[rune]rune
}

func newNormalizer() (*normalizer, error) {
	cc, err := gocc.New("t2s")
	if err != nil {
		return nil, err
	}
	const first, last = 0x3400, 0x9FFF
	var b strings.Builder
	for r := rune(first); r <= last; r++ {
		b.WriteRune(r)
		b.WriteByte('\n')
	}
	conv, err := cc.Convert(b.String())
	if err != nil {
		return nil, err
	}
	t2s := map[rune]rune{}
	for i, piece := range strings.Split(strings.TrimSuffix(conv, "\n"), "\n") {
		r := rune(first + i)
		if r > last {
			break
		}
		if c, size := utf8.DecodeRuneInString(piece); size == len(piece) && c != r && c != utf8.RuneError {
			t2s[r] = c
		}
	}
	return &normalizer{t2s: t2s}, nil
}

// normalize returns s normalised; line breaks are kept. Text that is already
// simplified and half-width comes back unchanged, so callers may pass either
// raw or normalised text.
func (n *normalizer) normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = stripPinyin(s)
	s = strings.Map(func(r rune) rune {
		if c, ok := n.t2s[r]; ok {
			return c
		}
		return r
	}, s)
	return width.Fold.String(s)
}

// stripPinyin removes a parenthesised pinyin syllable that directly follows a
// Han character, as in the mirror copies' 統(tǒng)計 and 發(fā): at most
// seven lower-case Latin letters (tone marks allowed) in ASCII or full-width
// parentheses.
func stripPinyin(s string) string {
	if !strings.Contains(s, "(") && !strings.Contains(s, "（") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prevHan := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if prevHan && (r == '(' || r == '（') {
			if n := pinyinLen(s[i+size:]); n > 0 {
				i += size + n
				continue // prevHan stays true: 統(tǒng)計 → 統計
			}
		}
		b.WriteString(s[i : i+size])
		prevHan = unicode.Is(unicode.Han, r)
		i += size
	}
	return b.String()
}

// pinyinLen returns the byte length of "syllable)" at the start of s, or 0.
func pinyinLen(s string) int {
	letters := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ')' || r == '）':
			if letters == 0 {
				return 0
			}
			return i + size
		case isPinyinLetter(r):
			letters++
			if letters > 7 {
				return 0
			}
		default:
			return 0
		}
		i += size
	}
	return 0
}

func isPinyinLetter(r rune) bool {
	if r >= 'a' && r <= 'z' {
		return true
	}
	return strings.ContainsRune("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ", r)
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
