package mapper

import (
	"ogi/schema"
	"regexp"
	"strings"
	"sync"
)

// Which template rows of table 三 a label names: by the rows' keywords
// (the match that ends last in the label wins), or by its group and item
// number when wrapping cut it short.

// cands returns the template rows whose keywords the label matches,
// preferring the match that ends last in the label.
func cands(label string, tr []schema.Row) []int {
	bestEnd := -1
	var out []int
	// Item rows match without the group label ("(六)其他处理1.申请人…"
	// must not match 3.其他 through 其他处理).
	lm := runeMask(label)
	items, im := label, lm
	if groupNames.inMask(label, lm) {
		items = groupFold.Replace(label)
		im = runeMask(items)
	}
	masks := rowMasks(tr)
	for j, r := range tr {
		l, m := label, lm
		if r.Group != "" {
			l, m = items, im
		}
		var e int
		if masks != nil {
			e = lastMatchMask(l, m, r.Keywords, masks[j], r.Exclude)
		} else {
			e = lastMatch(l, r.Keywords, r.Exclude)
		}
		if e < 0 {
			continue
		}
		if e > bestEnd {
			bestEnd, out = e, out[:0]
		}
		if e == bestEnd {
			out = append(out, j)
		}
	}
	return out
}

// runeMask is a 64-bit summary of the bytes of s that start runes: a
// string holds another only when its mask covers the other's.
func runeMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c&0xC0 == 0x80 {
			continue // a continuation byte
		}
		if c >= 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// a three-byte rune (Han text): its last two bytes
			m |= 1 << ((uint32(s[i+1])<<8 | uint32(s[i+2])) * 0x9E3779B1 >> 26)
			i += 2
			continue
		}
		m |= 1 << (c & 63)
	}
	return m
}

// rowMasks returns the runeMasks of the keywords of the application rows
// tr when tr is a template's (by identity), else nil.
func rowMasks(tr []schema.Row) [][]uint64 {
	if len(tr) == 0 {
		return nil
	}
	for _, t := range appKeywordMasks() {
		if &t.rows[0] == &tr[0] && len(t.rows) == len(tr) {
			return t.masks
		}
	}
	return nil
}

// appKeywordMasks are the runeMasks of the keywords of every template's
// application rows, made once.
var appKeywordMasks = sync.OnceValue(func() []struct {
	rows  []schema.Row
	masks [][]uint64
} {
	var out []struct {
		rows  []schema.Row
		masks [][]uint64
	}
	for _, t := range templates() {
		ms := make([][]uint64, len(t.ApplicationRows))
		for j, r := range t.ApplicationRows {
			for _, kw := range r.Keywords {
				ms[j] = append(ms[j], runeMask(kw))
			}
		}
		out = append(out, struct {
			rows  []schema.Row
			masks [][]uint64
		}{t.ApplicationRows, ms})
	}
	return out
})

// lastMatchMask is lastMatch for a label whose runeMask is lm, with the
// keywords' masks: keywords with a rune the label lacks are passed over
// without a search. Without masks (nil) every keyword is searched.
func lastMatchMask(label string, lm uint64, keywords []string, masks []uint64, exclude []string) int {
	end := -1
	start := -1
	for k, kw := range keywords {
		if k < len(masks) && masks[k]&^lm != 0 || !strings.Contains(label, kw) {
			continue // Contains is much faster than LastIndex
		}
		if i := strings.LastIndex(label, kw); i >= 0 && i+len(kw) > end {
			end, start = i+len(kw), i
		}
	}
	if end < 0 {
		return -1
	}
	tail := label[max(0, start-len("行政")):]
	for _, ex := range exclude {
		if strings.Contains(tail, ex) {
			return -1
		}
	}
	return end
}

// applicationGroups are the table 三 groups (the same in both templates;
// read-only).
var applicationGroups = schema.Template2021().ApplicationGroups // a private copy

// groupFold blanks the group labels out of a label, keeping its length.
var groupFold = strings.NewReplacer("不予公开", "＿＿＿＿", "无法提供", "＿＿＿＿", "不予处理", "＿＿＿＿", "其他处理", "＿＿＿＿")

var groupWords = []string{"不予公开", "无法提供", "不予处理", "其他处理", "小计"}

// groupNames are the four group labels of groupWords.
var groupNames = newMarkerSet(groupWords[:4]...)

// itemNumber finds an item's enumerator in a label: "1." after the group.
var itemNumber = regexp.MustCompile(`([1-9])\.`)

// enumerated reads a label cut short by wrapping ("(五)不予处理3.要求提供")
// by its group and item number: the third row of group 不予处理. A label
// without its group (a layout that prints the group once) takes the group
// of the rows above.
func enumerated(label, ctxGroup string, tr []schema.Row) []int {
	group, at := lastGroup(label)
	if group == "" {
		group, at = ctxGroup, 0
	}
	if group == "" {
		return nil
	}
	m := itemNumber.FindStringSubmatch(label[at:])
	if m == nil {
		return nil
	}
	n := int(m[1][0] - '0')
	k := 0
	for j, r := range tr {
		if r.Group == group {
			k++
			if k == n {
				return []int{j}
			}
		}
	}
	return nil
}

// lastGroup returns the group named last in label and where.
func lastGroup(label string) (string, int) {
	group, at := "", -1
	lm := runeMask(label)
	for gi, g := range applicationGroups {
		for k, kw := range g.Keywords {
			if groupKeywordMasks[gi][k]&^lm != 0 {
				continue // a rune of the keyword is not in the label
			}
			if i := strings.LastIndex(label, kw); i > at {
				group, at = g.Key, i
			}
		}
	}
	return group, max(at, 0)
}

// groupKeywordMasks are the runeMasks of applicationGroups' keywords.
var groupKeywordMasks = func() [][]uint64 {
	out := make([][]uint64, len(applicationGroups))
	for gi, g := range applicationGroups {
		for _, kw := range g.Keywords {
			out[gi] = append(out[gi], runeMask(kw))
		}
	}
	return out
}()

func groupOf(label string) string {
	g, _ := lastGroup(label)
	return g
}
