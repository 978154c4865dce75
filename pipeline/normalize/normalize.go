// Package normalize brings report text into the form that label matching
// expects: mirror pinyin debris removed (統(tǒng)計 → 統計), full-width
// ASCII narrowed (NFKC), traditional characters converted to simplified
// and white space removed. Callers keep the raw text for provenance;
// normalised text is for matching only.
//
// Traditional text is recognised and converted with one per-character
// table, built once from gocc's t2s conversion (OpenCC dictionaries) of each
// CJK ideograph on its own: a table lookup per character, two orders of
// magnitude faster than phrase-level conversion, and enough for labels,
// place and agency names. A text is traditional when it has a character
// that t2s changes and that simplified writing (GB 2312) does not use, so
// 乾县, 著 or 於 in simplified text neither flag it nor get rewritten.
package normalize

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/liuzl/gocc"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/unicode/norm"
)

// StripPinyin removes a parenthesised pinyin syllable that directly follows
// a Han character, as in the mirror copies' 統(tǒng)計 and 發(fā): one to
// seven lower-case Latin letters (tone marks allowed) in ASCII or full-width
// parentheses ("統(tǒng)計" → "統計"). "(一)" or "(单位:万元)" are kept.
func StripPinyin(s string) string {
	at := pinyinAt(s, 0)
	if at < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for at >= 0 {
		open := at
		_, size := utf8.DecodeRuneInString(s[at:])
		b.WriteString(s[:open])
		s = s[open+size+pinyinLen(s[open+size:]):]
		// The next annotation may follow at once (統(tǒng)(tong)): the
		// character before it is still the Han character just written.
		for {
			if n := openParen(s); n > 0 {
				if m := pinyinLen(s[n:]); m > 0 {
					s = s[n+m:]
					continue
				}
			}
			break
		}
		at = pinyinAt(s, 0)
	}
	b.WriteString(s)
	return b.String()
}

// pinyinAt returns the byte offset of the first parenthesis in s, from
// offset from on, that follows a Han character and holds a pinyin
// syllable, or -1.
func pinyinAt(s string, from int) int {
	ascii, full := -1, -1 // next "(" and "（" at or after i; -2: none
	for i := from; i < len(s); {
		if ascii != -2 && ascii < i {
			ascii = indexFrom(s, "(", i)
		}
		if full != -2 && full < i {
			full = indexFrom(s, "（", i)
		}
		p, size := ascii, 1
		if p < 0 || full >= 0 && full < p {
			p, size = full, len("（")
		}
		if p < 0 {
			return -1
		}
		if p > 0 && pinyinLen(s[p+size:]) > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:p]); unicode.Is(unicode.Han, r) {
				return p
			}
		}
		i = p + size
	}
	return -1
}

// indexFrom returns the byte offset of the first sub in s at or after from,
// or -2 when there is none.
func indexFrom(s, sub string, from int) int {
	if i := strings.Index(s[from:], sub); i >= 0 {
		return from + i
	}
	return -2
}

// openParen returns the byte length of the ASCII or full-width opening
// parenthesis at the start of s, or 0.
func openParen(s string) int {
	switch {
	case strings.HasPrefix(s, "("):
		return 1
	case strings.HasPrefix(s, "（"):
		return len("（")
	}
	return 0
}

// pinyinLen returns the byte length of "syllable)" at the start of s (the
// closing parenthesis ASCII or full-width), or 0.
func pinyinLen(s string) int {
	letters := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			letters++
			if letters > 7 {
				return 0
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ')' || r == '）':
			if letters == 0 {
				return 0
			}
			return i + size
		case strings.ContainsRune(tonedLetters, r):
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

// tonedLetters are the non-ASCII letters of pinyin syllables.
const tonedLetters = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"

// Width narrows full-width ASCII and ideographic space with NFKC (the
// other NFKC mappings are harmless for report text).
func Width(s string) string {
	at := nfkcAt(s)
	if at < 0 {
		return s
	}
	// Full-width ASCII and the ideographic space are by far the most
	// common: narrow them directly, copying the runs in between; anything
	// else goes through NFKC.
	var b strings.Builder
	b.Grow(len(s))
	for at >= 0 {
		b.WriteString(s[:at])
		r, size := utf8.DecodeRuneInString(s[at:])
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			b.WriteByte(byte(r - 0xFEE0))
		case r == 0x3000 || r == 0x00A0:
			b.WriteByte(' ')
		default:
			return norm.NFKC.String(b.String() + s[at:])
		}
		s = s[at+size:]
		at = nfkcAt(s)
	}
	b.WriteString(s)
	return b.String()
}

// nfkcAt returns the byte offset of the first rune of s that NFKC changes
// in report text, or -1: full-width forms, the ideographic and no-break
// spaces, or one of the rarer compatibility characters (see rareCompat).
// Han text and curly quotes are left as they are, which keeps the common
// case cheap.
func nfkcAt(s string) int {
	for i := 0; i < len(s); i++ {
		// Only runes with these first bytes can change: U+00A0 (C2),
		// U+2000–U+2FDF (E2), U+3000–U+33FF (E3), U+F900–U+FFEF (EF).
		// Han text (E4–E9) is skipped byte by byte without decoding.
		if c := s[i]; c != 0xC2 && c != 0xE2 && c != 0xE3 && c != 0xEF {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 || r == 0x00A0 || rareCompat(r) {
			return i
		}
		i += size - 1
	}
	return -1
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

// Conversion table range: the CJK unified ideographs of the Basic
// Multilingual Plane with extension A, where every t2s character mapping of
// report text lies.
const firstHan, lastHan = 0x3400, 0x9FFF

// table is the per-character t2s table and the set of characters that mark
// a text as traditional. It is built once from gocc's t2s conversion of
// each character on its own and read-only afterwards.
type table struct {
	// to holds, per character from firstHan, its simplified form, or 0
	// when t2s leaves it alone.
	to [lastHan - firstHan + 1]rune
	// trad is a bit set over the same range of the characters that are
	// traditional only: t2s changes them and they are not characters of
	// simplified writing (GB 2312).
	trad [(lastHan - firstHan + 64) / 64]uint64
}

// overrides are conversions that t2s leaves alone (or gives otherwise)
// character by character but that traditional reports mean: 反覆 → 反复.
var overrides = map[rune]rune{'於': '于', '複': '复', '覆': '复', '後': '后', '製': '制', '復': '复'}

// t2sTable is the table built by buildTable, as written by
// `go test ./pipeline/normalize -run TestT2STable -update`: per converted
// character its offset from firstHan (2 bytes), its simplified form (4
// bytes) and whether it marks a text as traditional (1 byte), little
// endian. Loading it takes well under a millisecond; building it from the
// dictionaries takes some 50 ms, paid by every process.
//
//go:embed t2s.bin
var t2sTable []byte

// conversions returns the table, loading it on first use.
var conversions = sync.OnceValues(func() (*table, error) { return loadTable(t2sTable) })

// loadTable reads the table written by writeTable.
func loadTable(b []byte) (*table, error) {
	if len(b)%7 != 0 || len(b) == 0 {
		return nil, fmt.Errorf("t2s table: %d bytes, not a whole number of records", len(b))
	}
	t := &table{}
	for k := 0; k < len(b); k += 7 {
		i := int(binary.LittleEndian.Uint16(b[k:]))
		if i > lastHan-firstHan {
			return nil, fmt.Errorf("t2s table: offset %d out of range", i)
		}
		t.to[i] = rune(binary.LittleEndian.Uint32(b[k+2:]))
		if b[k+6] != 0 {
			t.trad[i>>6] |= 1 << (i & 63)
		}
	}
	return t, nil
}

// writeTable writes t in loadTable's format.
func writeTable(t *table) []byte {
	var out []byte
	for i, c := range t.to {
		if c == 0 {
			continue
		}
		out = binary.LittleEndian.AppendUint16(out, uint16(i))
		out = binary.LittleEndian.AppendUint32(out, uint32(c))
		flag := byte(0)
		if t.trad[i>>6]&(1<<(i&63)) != 0 {
			flag = 1
		}
		out = append(out, flag)
	}
	return out
}

// buildTable builds the table from gocc's t2s conversion of each
// character on its own (the test that writes t2s.bin, and checks it).
func buildTable() (*table, error) {
	cc, err := gocc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("load t2s dictionary: %w", err)
	}
	var b strings.Builder
	for r := rune(firstHan); r <= lastHan; r++ {
		b.WriteRune(r)
		b.WriteByte('\n')
	}
	conv, err := cc.Convert(b.String())
	if err != nil {
		return nil, fmt.Errorf("t2s: %w", err)
	}
	pieces := strings.Split(strings.TrimSuffix(conv, "\n"), "\n")
	if len(pieces) != lastHan-firstHan+1 {
		return nil, fmt.Errorf("t2s: %d characters converted to %d lines", lastHan-firstHan+1, len(pieces))
	}
	gb := simplifiedchinese.HZGB2312.NewEncoder()
	t := &table{}
	for i, piece := range pieces {
		r := rune(firstHan + i)
		c, size := utf8.DecodeRuneInString(piece)
		if o, ok := overrides[r]; ok {
			c, size = o, len(piece)
		}
		if size != len(piece) || c == r || c == utf8.RuneError {
			continue
		}
		t.to[i] = c
		// 乾 (乾县), 於, 後 … are also characters of simplified
		// writing: converted in traditional text, but no sign of it.
		if _, err := gb.String(string(r)); err != nil {
			t.trad[i>>6] |= 1 << (i & 63)
		}
	}
	// A few conversions lead to characters that t2s changes again
	// (薴 → 苧 → 苎): follow them, so that converted text is final.
	for i, c := range t.to {
		for n := 0; n < 4 && c >= firstHan && c <= lastHan && t.to[c-firstHan] != 0 && t.to[c-firstHan] != c; n++ {
			c = t.to[c-firstHan]
		}
		t.to[i] = c
	}
	return t, nil
}

// isTrad reports whether r is a traditional-only character.
func (t *table) isTrad(r rune) bool {
	if r < firstHan || r > lastHan {
		return false
	}
	i := r - firstHan
	return t.trad[i>>6]&(1<<(i&63)) != 0
}

// hanAt decodes the rune at byte offset i of s when it may lie in the
// table's range (a three-byte sequence with first byte E3–E9, U+3000 to
// U+9FFF); ok is false otherwise. Han text is decoded without the general
// UTF-8 decoder.
func hanAt(s string, i int) (r rune, ok bool) {
	c := s[i]
	if c < 0xE3 || c > 0xE9 || i+2 >= len(s) {
		return 0, false
	}
	c1, c2 := s[i+1], s[i+2]
	if c1&0xC0 != 0x80 || c2&0xC0 != 0x80 {
		return 0, false
	}
	return rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F), true
}

// hasTrad reports whether s has a traditional-only character.
func (t *table) hasTrad(s string) bool {
	for i := 0; i < len(s); i++ {
		if r, ok := hanAt(s, i); ok {
			if t.isTrad(r) {
				return true
			}
			i += 2
		}
	}
	return false
}

// convert returns s with every character t2s changes converted; the runs
// in between are copied as they are.
func (t *table) convert(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		r, ok := hanAt(s, i)
		if !ok {
			continue
		}
		if r >= firstHan {
			if c := t.to[r-firstHan]; c != 0 {
				if last == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[last:i])
				b.WriteRune(c)
				last = i + 3
			}
		}
		i += 2
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// HasTraditional reports whether s contains characters that only
// traditional writing uses (國, 採, 購; not 乾 or 於, which simplified
// text also has). It is false when the t2s dictionary cannot be loaded.
func HasTraditional(s string) bool {
	t, err := conversions()
	return err == nil && t.hasTrad(s)
}

// Simplify converts traditional characters to simplified, character by
// character, when s has any traditional-only character (see
// [HasTraditional]); otherwise it returns s unchanged, so simplified text
// keeps 乾县 and 著.
func Simplify(s string) (string, error) {
	t, err := conversions()
	if err != nil {
		return s, err
	}
	if !t.hasTrad(s) {
		return s, nil
	}
	return t.convert(s), nil
}

// SimplifyChars converts every character that t2s changes, whether or not
// s reads as traditional: 乾县 becomes 干县. It is for matching names where
// both spellings are indexed the same way; the error is the dictionary's.
func SimplifyChars(s string) (string, error) {
	t, err := conversions()
	if err != nil {
		return s, err
	}
	return t.convert(s), nil
}

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
	for i := 0; i < len(s); i++ {
		// Only ASCII and runes led by 0xC2, 0xE1, 0xE2, 0xE3 and 0xEF can
		// change (see labelRune): Han text is passed over byte by byte.
		c := s[i]
		if c >= utf8.RuneSelf && c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3 && c != 0xEF {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		if labelRune(r) != r {
			var b strings.Builder
			b.Grow(len(s))
			b.WriteString(s[:i])
			for _, r := range s[i:] {
				if c := labelRune(r); c >= 0 {
					b.WriteRune(c)
				}
			}
			return b.String()
		}
	}
	return s
}

// labelRune returns what a label's rune becomes: -1 for quotes and white
// space, which are dropped, "." for the enumeration comma (1、 → 1.) and
// the full stops, "," for the full-width comma, or r itself.
func labelRune(r rune) rune {
	switch r {
	case '“', '”', '"', '「', '」', '『', '』', '‘', '’', '\'',
		'\u00a0', '\u3000', '\u200b', '\ufeff':
		return -1
	case '、', '．':
		return '.'
	case '，':
		return ','
	}
	if r < utf8.RuneSelf {
		if r == ' ' || r >= '\t' && r <= '\r' {
			return -1
		}
		return r
	}
	if unicode.IsSpace(r) {
		return -1
	}
	return r
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

// Spaces collapses each run of white space (ASCII white space, the
// no-break, ideographic, en, em and zero-width spaces and the byte-order
// mark) to one space and trims it at both ends: the form of a cell's or a
// line's text. Other bytes are kept as they are; text that needs nothing
// comes back without a copy.
func Spaces(s string) string {
	if !needsSpaces(s) {
		return s
	}
	return spaces(s)
}

// SpacesBytes is Spaces for a byte slice: one allocation, the result.
func SpacesBytes(b []byte) string {
	if !needsSpaces(b) {
		return string(b)
	}
	return spaces(b)
}

// AppendSpaces appends Spaces(string(b)) to dst.
func AppendSpaces(dst, b []byte) []byte {
	if !needsSpaces(b) {
		return append(dst, b...)
	}
	start := len(dst)
	space := false
	for i := 0; i < len(b); {
		if n := spaceLen(b, i); n > 0 {
			space = true
			i += n
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		j := i + 1
		for j < len(b) && (!maybeSpace(b[j]) || spaceLen(b, j) == 0) {
			j++
		}
		dst = append(dst, b[i:j]...)
		i = j
	}
	return dst
}

func spaces[T string | []byte](s T) string {
	write := func(b *strings.Builder, i, j int) { b.WriteString(string(s[i:j])) }
	if bs, ok := any(s).([]byte); ok {
		write = func(b *strings.Builder, i, j int) { b.Write(bs[i:j]) }
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		if n := spaceLen(s, i); n > 0 {
			space = true
			i += n
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		j := i + 1
		for j < len(s) && (!maybeSpace(s[j]) || spaceLen(s, j) == 0) {
			j++
		}
		write(&b, i, j)
		i = j
	}
	return b.String()
}

// needsSpaces reports whether Spaces changes s: white space at either end,
// or white space other than one ASCII space between words.
func needsSpaces[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if !maybeSpace(s[i]) {
			continue
		}
		n := spaceLen(s, i)
		if n == 0 {
			continue
		}
		if n > 1 || s[i] != ' ' || i == 0 || i+1 == len(s) || spaceLen(s, i+1) > 0 {
			return true
		}
	}
	return false
}

// maybeSpace reports whether c may start a white space rune (see spaceLen).
func maybeSpace(c byte) bool {
	return c <= ' ' || c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF
}

// spaceLen returns the byte length of the white space rune at byte offset
// i of s, or 0 (the bytes of other runes, continuation bytes included).
func spaceLen[T string | []byte](s T, i int) int {
	switch c := s[i]; {
	case c == ' ' || c >= '\t' && c <= '\r':
		return 1
	case c < 0xC2:
		return 0
	case c == 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 { // U+00A0
			return 2
		}
	case c == 0xE2:
		// U+2002, U+2003, U+200B
		if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x82 || s[i+2] == 0x83 || s[i+2] == 0x8B) {
			return 3
		}
	case c == 0xE3:
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 { // U+3000
			return 3
		}
	case c == 0xEF:
		if i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF { // U+FEFF
			return 3
		}
	}
	return 0
}
