package meta

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"ogi/data"
)

// aliases are names that report titles use for a division but that are not
// its name in the table. 平潭综合实验区 is a Fujian special zone whose
// 管委会 governs the territory of 平潭县 (350128); GB/T 2260 knows only the
// county, so reports of the zone resolve to the county's code.
var aliases = map[string]string{
	"平潭综合实验区": "350128",
	"平潭实验区":   "350128",
}

// ocrConfusions maps characters that OCR mistakes for a place-name character
// to the character meant (沭阳县 read as 沐阳县). A name is only corrected
// when the original reading names no division and the corrected one does.
var ocrConfusions = map[rune]rune{
	'沐': '沭',
}

// division is an indexed row of the table.
type division struct {
	data.Division
	ancestors []int // indexes of the parent, grandparent …
}

// index finds division names in normalised text.
type index struct {
	divs   []division
	byCode map[string]int
	names  map[string][]int // name or alias → indexes of divisions
	// lens lists, per first rune, the rune lengths of the names that start
	// with it, longest first.
	lens map[rune][]int
	// starts is a bit set over the Basic Multilingual Plane of the first
	// runes of names, pairs a bit set over a hash of the first two runes
	// of names (or of the one rune of one-rune names): most runes of a
	// text start none, and are passed over without a map lookup.
	starts, pairs *[1 << 10]uint64
}

func newIndex(ds []data.Division, conv func(string) string) (*index, error) {
	ix := &index{
		divs:   make([]division, len(ds)),
		byCode: make(map[string]int, len(ds)),
		names:  make(map[string][]int, 2*len(ds)),
		lens:   map[rune][]int{},
		starts: new([1 << 10]uint64),
		pairs:  new([1 << 10]uint64),
	}
	for i, d := range ds {
		ix.divs[i].Division = d
		ix.byCode[d.Code] = i
	}
	for i := range ix.divs {
		d := &ix.divs[i]
		for p := d.ParentCode; p != ""; {
			j, ok := ix.byCode[p]
			if !ok {
				return nil, fmt.Errorf("division %s: parent %s not in table", d.Code, p)
			}
			if len(d.ancestors) > 3 {
				return nil, fmt.Errorf("division %s: parent chain too deep", d.Code)
			}
			d.ancestors = append(d.ancestors, j)
			p = ix.divs[j].ParentCode
		}
		ix.add(d.Name, i)
		// Traditional input is converted to simplified before matching;
		// t2s also rewrites a few simplified place names (乾县 → 干县), so
		// index the converted spelling too.
		if c := conv(d.Name); c != d.Name {
			ix.add(c, i)
		}
		for _, a := range shortNames(d.Name) {
			ix.add(a, i)
		}
	}
	for name, code := range aliases {
		i, ok := ix.byCode[code]
		if !ok {
			return nil, fmt.Errorf("alias %s: code %s not in table", name, code)
		}
		ix.add(name, i)
	}
	for r, ls := range ix.lens {
		sort.Sort(sort.Reverse(sort.IntSlice(ls)))
		ix.lens[r] = ls
		if r < 1<<16 {
			ix.starts[r>>6] |= 1 << (r & 63)
		}
	}
	return ix, nil
}

func (ix *index) add(name string, i int) {
	for _, j := range ix.names[name] {
		if j == i {
			return
		}
	}
	ix.names[name] = append(ix.names[name], i)
	first, size := utf8.DecodeRuneInString(name)
	second, _ := utf8.DecodeRuneInString(name[size:]) // RuneError for one-rune names
	h := pairHash(first, second)
	ix.pairs[h>>6] |= 1 << (h & 63)
	n := utf8.RuneCountInString(name)
	for _, l := range ix.lens[first] {
		if l == n {
			return
		}
	}
	ix.lens[first] = append(ix.lens[first], n)
}

// shortNames returns the common short forms of autonomous prefectures and
// counties: 延边朝鲜族自治州 → 延边州, 恩施土家族苗族自治州 → 恩施州.
func shortNames(name string) []string {
	for _, suf := range []string{"自治州"} {
		if strings.HasSuffix(name, suf) && strings.Contains(name, "族") {
			rs := []rune(name)
			if len(rs) > 5 {
				return []string{string(rs[:2]) + "州"}
			}
		}
	}
	return nil
}

// isAncestor reports whether division a is a proper ancestor of division d.
func (ix *index) isAncestor(a, d int) bool {
	for _, p := range ix.divs[d].ancestors {
		if p == a {
			return true
		}
	}
	return false
}

// mention is a division name found in text.
type mention struct {
	start, end int // byte offsets in the text
	name       string
	cands      []int // divisions the name may denote
}

// pairHash hashes two runes to 16 bits.
func pairHash(a, b rune) uint32 {
	h := uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77
	return h >> 16
}

// runeLen returns the byte length of the rune that starts with byte c in
// valid UTF-8.
func runeLen(c byte) int {
	switch {
	case c < 0xE0:
		if c < 0x80 {
			return 1
		}
		return 2
	case c < 0xF0:
		return 3
	}
	return 4
}

// decodeAt decodes the rune at byte offset i of valid UTF-8 s, the
// three-byte runes of Han text inline.
func decodeAt(s string, i int) (rune, int) {
	if c := s[i]; c >= 0xE0 && c < 0xF0 && i+2 < len(s) {
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// prefixAt returns the longest division name starting at byte offset i of
// s, which must be valid UTF-8.
func (ix *index) prefixAt(s string, i int) (string, []int) {
	r, size := decodeAt(s, i)
	if r < 1<<16 && ix.starts[r>>6]&(1<<(r&63)) == 0 {
		return "", nil
	}
	second := utf8.RuneError
	if i+size < len(s) {
		second, _ = decodeAt(s, i+size)
	}
	h, h1 := pairHash(r, second), pairHash(r, utf8.RuneError)
	if ix.pairs[h>>6]&(1<<(h&63)) == 0 && ix.pairs[h1>>6]&(1<<(h1&63)) == 0 {
		return "", nil
	}
	lens := ix.lens[r]
	if len(lens) == 0 {
		return "", nil
	}
	// ends[n] is the byte offset after the n-th rune from i.
	var buf [16]int
	ends := buf[:0]
	if lens[0] >= len(buf) {
		ends = make([]int, 0, lens[0]+1)
	}
	ends = append(ends, i)
	for end := i; len(ends) <= lens[0] && end < len(s); {
		end += runeLen(s[end])
		ends = append(ends, min(end, len(s)))
	}
	for _, l := range lens {
		if l >= len(ends) {
			continue
		}
		if cands, ok := ix.names[s[i:ends[l]]]; ok {
			return s[i:ends[l]], cands
		}
	}
	return "", nil
}

// mentions scans s left to right for division names, longest first, and
// returns them in order.
func (ix *index) mentions(s string) []mention {
	var ms []mention
	for i := 0; i < len(s); {
		if name, cands := ix.prefixAt(s, i); name != "" {
			ms = append(ms, mention{start: i, end: i + len(name), name: name, cands: cands})
			i += len(name)
			continue
		}
		i += runeLen(s[i])
	}
	return ms
}

// segment splits s into the division names it starts with (山东省烟台市招远市
// → 山东省, 烟台市, 招远市) and the rest.
func (ix *index) segment(s string) ([]mention, string) {
	var ms []mention
	i := 0
	for i < len(s) {
		name, cands := ix.prefixAt(s, i)
		if name == "" {
			break
		}
		ms = append(ms, mention{start: i, end: i + len(name), name: name, cands: cands})
		i += len(name)
	}
	return ms, s[i:]
}

// resolveChain resolves a chain of adjacent names (淮安市洪泽区) to the
// divisions its last name may denote given the names before it: every
// earlier name must denote an ancestor. ctx, when not nil, breaks the
// remaining ties: a candidate is kept when some division in ctx is the
// candidate itself or one of its ancestors.
func (ix *index) resolveChain(chain []mention, ctx map[int]bool) []int {
	if len(chain) == 0 {
		return nil
	}
	last := chain[len(chain)-1].cands
	var out []int
	for _, c := range last {
		ok := true
		for _, m := range chain[:len(chain)-1] {
			found := false
			for _, a := range m.cands {
				if ix.isAncestor(a, c) {
					found = true
					break
				}
			}
			if !found {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	if len(out) > 1 && len(ctx) > 0 {
		var kept []int
		for _, c := range out {
			if ctx[c] {
				kept = append(kept, c)
				continue
			}
			for _, a := range ix.divs[c].ancestors {
				if ctx[a] {
					kept = append(kept, c)
					break
				}
			}
		}
		if len(kept) > 0 {
			out = kept
		}
	}
	return out
}

// scene is what the title and preamble say about places: the division names
// they mention and the divisions those names denote without ambiguity.
type scene struct {
	text     string
	mentions []mention
	ctx      map[int]bool
}

// context reads the divisions that s names without ambiguity, with their
// ancestors: chains of adjacent names are resolved together, two-character
// names (和县, 东区, 城区) count only inside a chain, and names that stay
// ambiguous count not at all.
func (ix *index) context(s string) *scene {
	sc := &scene{text: s, mentions: ix.mentions(s), ctx: map[int]bool{}}
	ms := sc.mentions
	for i := 0; i < len(ms); {
		j := i + 1
		for j < len(ms) && ms[j].start == ms[j-1].end {
			j++
		}
		chain := ms[i:j]
		i = j
		if len(chain) == 1 && utf8.RuneCountInString(chain[0].name) <= 2 {
			continue
		}
		// Each prefix of the chain names a division too (山东省烟台市招远市
		// names 山东省 and 烟台市).
		for k := 1; k <= len(chain); k++ {
			if r := ix.resolveChain(chain[:k], nil); len(r) == 1 {
				sc.ctx[r[0]] = true
				for _, a := range ix.divs[r[0]].ancestors {
					sc.ctx[a] = true
				}
			}
		}
	}
	return sc
}

// placeOf finds where the scene names key right after a chain of division
// names (key 农业农村局 in "本报告由招远市农业农村局编制") and returns the
// division, when every such place resolves to the same one.
func (ix *index) placeOf(sc *scene, key string) (int, bool) {
	found := -1
	for off := 0; off < len(sc.text); {
		i := strings.Index(sc.text[off:], key)
		if i < 0 {
			break
		}
		at := off + i
		off = at + len(key)
		// The chain of mentions ending exactly at at.
		k := sort.Search(len(sc.mentions), func(n int) bool { return sc.mentions[n].end >= at })
		if k == len(sc.mentions) || sc.mentions[k].end != at {
			continue
		}
		first := k
		for first > 0 && sc.mentions[first-1].end == sc.mentions[first].start {
			first--
		}
		r := ix.resolveChain(sc.mentions[first:k+1], sc.ctx)
		if len(r) != 1 {
			return 0, false
		}
		if found >= 0 && found != r[0] {
			return 0, false
		}
		found = r[0]
	}
	return found, found >= 0
}

// deepestConsistent returns the deepest division of ctx when all divisions
// of ctx lie on one line of descent (山东省 ⊃ 烟台市 ⊃ 招远市).
func (ix *index) deepestConsistent(ctx map[int]bool) (int, bool) {
	best := -1
	for d := range ctx {
		if best < 0 || len(ix.divs[d].ancestors) > len(ix.divs[best].ancestors) ||
			(len(ix.divs[d].ancestors) == len(ix.divs[best].ancestors) && d < best) {
			best = d
		}
	}
	if best < 0 {
		return 0, false
	}
	for d := range ctx {
		if d != best && !ix.isAncestor(d, best) {
			return 0, false
		}
	}
	return best, true
}
