// Package normalize brings report text into the form that label matching
// expects: mirror pinyin debris removed (統(tǒng)計 → 統計), full-width
// ASCII narrowed (NFKC), traditional characters converted to simplified
// (OpenCC t2s, only where traditional text is detected) and white space
// removed. Callers keep the raw text for provenance; normalised text is for
// matching only.
package normalize

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/liuzl/gocc"
	"golang.org/x/text/unicode/norm"
)

// pinyin matches a parenthesised Latin syllable with or without tone marks
// directly after a Han character: the annotation some mirror sites insert.
var pinyin = regexp.MustCompile(`(\p{Han})\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7})\)`)

// StripPinyin removes pinyin annotations that follow Han characters
// ("統(tǒng)計" → "統計"); "(一)" or "(单位:万元)" are kept.
func StripPinyin(s string) string {
	if !maybePinyin(s) {
		return s
	}
	return pinyin.ReplaceAllString(s, "$1")
}

// maybePinyin reports whether s has "(" directly followed by a Latin
// letter (ASCII or the lead byte of a toned vowel): the cheap test before
// the regular expression.
func maybePinyin(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '(' {
			continue
		}
		c := s[i+1]
		if c >= 'a' && c <= 'z' || c == 0xC3 || c == 0xC4 || c == 0xC5 || c == 0xC7 || c == 0xC9 || c == 0xE1 {
			return true
		}
	}
	return false
}

// Width narrows full-width ASCII and ideographic space with NFKC (the
// other NFKC mappings are harmless for report text).
func Width(s string) string {
	if !needsNFKC(s) {
		return s
	}
	// Full-width ASCII and the ideographic space are by far the most
	// common: narrow them directly; anything else goes through NFKC.
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteRune(r - 0xFEE0)
		case r == 0x3000 || r == 0x00A0:
			b.WriteByte(' ')
		case rareCompat(r):
			return norm.NFKC.String(s)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// needsNFKC reports whether s has a rune that NFKC changes in report
// text: full-width forms, the ideographic and no-break spaces, or one of
// the rarer compatibility characters (see rareCompat). Han text and
// curly quotes are left as they are, which keeps the common case cheap.
func needsNFKC(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x80 {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		if r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 || r == 0x00A0 || rareCompat(r) {
			return true
		}
	}
	return false
}

// rareCompat holds the compatibility characters, other than full-width
// ASCII and spaces, that NFKC maps in Chinese report text: typographic
// spaces and leaders, number forms (Ⅳ), enclosed and squared forms (①,
// ㈠), CJK compatibility ideographs and forms, half-width katakana.
func rareCompat(r rune) bool {
	switch {
	case r >= 0x2000 && r <= 0x200A, r >= 0x2024 && r <= 0x2026, r >= 0x2033 && r <= 0x2037,
		r == 0x203C, r >= 0x2047 && r <= 0x2049, r == 0x2057, r == 0x205F,
		r >= 0x2070 && r <= 0x218F, r >= 0x2460 && r <= 0x24FF, r >= 0x2F00 && r <= 0x2FDF,
		r >= 0x3200 && r <= 0x33FF, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE6F,
		r >= 0xFF5F && r <= 0xFFEF:
		return true
	}
	return false
}

// traditionalOnly holds frequent characters that exist only in
// traditional writing and are common in reports; one of them is enough
// to call a text traditional.
const traditionalOnly = "們國這關開與報業發門書長會為時實現從於應對進場說過還點當體種經條數據計統處據構機許罰強議訴審結維糾總網絡區縣辦請級單規範檢歸類復後製屬務內無項務費額萬費專資車電區見"

// traditionalSet is a bit set over the Basic Multilingual Plane of the
// characters in traditionalOnly (read-only after initialisation).
var traditionalSet = func() *[1 << 10]uint64 {
	var set [1 << 10]uint64
	for _, r := range traditionalOnly {
		set[r>>6] |= 1 << (r & 63)
	}
	return &set
}()

// HasTraditional reports whether s contains traditional-only characters.
func HasTraditional(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r < 0x10000 && traditionalSet[r>>6]&(1<<(r&63)) != 0 {
			return true
		}
	}
	return false
}

var t2s = sync.OnceValues(func() (*gocc.OpenCC, error) { return gocc.New("t2s") })

// overrides fixes forms that t2s leaves alone or that mirrors mix in.
var overrides = strings.NewReplacer("於", "于", "複", "复", "覆", "复", "後", "后", "製", "制", "復", "复")

// Simplify converts traditional characters to simplified when s has any;
// otherwise it returns s unchanged.
func Simplify(s string) (string, error) {
	if !HasTraditional(s) {
		return s, nil
	}
	cc, err := t2s()
	if err != nil {
		return s, fmt.Errorf("load t2s dictionary: %w", err)
	}
	out, err := cc.Convert(s)
	if err != nil {
		return s, fmt.Errorf("t2s: %w", err)
	}
	return overrides.Replace(out), nil
}

// quotes and separators folded away in labels.
var labelFold = strings.NewReplacer("“", "", "”", "", "\"", "", "「", "", "」", "", "『", "", "』", "", "‘", "", "’", "", "'", "",
	"、", ".", "．", ".", "，", ",")

// Label returns the matching form of a label: pinyin stripped, widths
// narrowed, simplified, quotes removed, enumerators unified ("1、" →
// "1.") and all white space removed.
func Label(s string) string {
	s = StripPinyin(s)
	s = Width(s)
	if t, err := Simplify(s); err == nil {
		s = t
	}
	return fold(s)
}

// LabelSimplified is Label for text known to hold no traditional
// characters (a document checked once with HasTraditional): it skips the
// per-label t2s check.
func LabelSimplified(s string) string {
	return fold(Width(StripPinyin(s)))
}

func fold(s string) string {
	s = labelFold.Replace(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

// TextSimplified is Text for text known to hold no traditional
// characters.
func TextSimplified(s string) string {
	return Width(StripPinyin(s))
}

// Text returns the matching form of running text: pinyin stripped, widths
// narrowed and simplified; white space is kept.
func Text(s string) string {
	s = StripPinyin(s)
	s = Width(s)
	if t, err := Simplify(s); err == nil {
		s = t
	}
	return s
}
