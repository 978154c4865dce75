package normalize

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestStripPinyin(t *testing.T) {
	cases := map[string]string{
		"本年度報告中所列數據統(tǒng)計期限": "本年度報告中所列數據統計期限",
		"行政執(zhí)法案卷":          "行政執法案卷",
		"文(wen)章(zhang)":       "文章",
		"(一)予以公开":              "(一)予以公开",
		"本年收费金额(单位:万元)":        "本年收费金额(单位:万元)",
		"abc(de)":              "abc(de)", // not after a Han character
		"統（tǒng）計（jì）期限":       "統計期限",
		"統(tǒng)(tong)計":       "統計",
		"(kāi)開頭":              "(kāi)開頭",
		"第(1)项":                "第(1)项",
		"数量(ABC)":              "数量(ABC)",
		"名称(abcdefgh)":         "名称(abcdefgh)", // too long for a syllable
	}
	for in, want := range cases {
		if got := StripPinyin(in); got != want {
			t.Errorf("StripPinyin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLabel(t *testing.T) {
	cases := map[string]string{
		"（二）部分公開（區(qū)分處理的，只計這一情形）": "(二)部分公开(区分处理的,只计这一情形)",
		"1、屬于國家秘密":      "1.属于国家秘密",
		"4.無正當理由大量反復申請": "4.无正当理由大量反复申请",
		"3.危及“三安全一稳定”":  "3.危及三安全一稳定",
		"结 果 维 持":       "结果维持",
		"本年新<br>制作数量":   "本年新<br>制作数量",
		"行政規(guī)范性文件":  "行政规范性文件",
		"１２３\u3000件":    "123件",
		"复议后起诉":         "复议后起诉",
		"復議後起訴":         "复议后起诉",
	}
	for in, want := range cases {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSimplifyLeavesSimplified(t *testing.T) {
	s := "反覆核对后发布"
	if got, err := Simplify(s); err != nil || got != s {
		t.Errorf("Simplify(%q) = %q, %v: simplified text must stay as it is", s, got, err)
	}
	if !HasTraditional("政府信息公開") || HasTraditional("政府信息公开") {
		t.Errorf("HasTraditional misjudges")
	}
}

// Width gives what NFKC gives on report text, through its fast paths and
// its NFKC fallback.
func TestWidthMatchesNFKC(t *testing.T) {
	for _, s := range []string{
		"",
		"招远市人民政府2023年政府信息公开工作年度报告",
		"（一）主动公开１２３件\u3000合计：５，０００元",
		"a\u00a0b “引号” ‘单’ —— 《条例》",
		"第①项 Ⅳ ㈠ 申请",
		"１２３\u3000件①",
		"全角ＡＢＣ　半角abc",
	} {
		if got, want := Width(s), norm.NFKC.String(s); got != want {
			t.Errorf("Width(%q) = %q, NFKC gives %q", s, got, want)
		}
	}
}

// SimplifyChars converts text character by character, whatever surrounds
// the characters (ASCII, two- and four-byte runes, broken UTF-8), and
// leaves the rest byte for byte.
func TestSimplifyCharsByCharacter(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"abc":            "abc",
		"國":              "国",
		"é國𠀋x國\xff國\xe5": "é国𠀋x国\xff国\xe5",
		"報告由乾縣人民政府辦公室編製":     "报告由干县人民政府办公室编制",
		"\u3400\u9fff\u3000": "\u3400\u9fff\u3000",
		"（一）主動公開":            "（一）主动公开",
	} {
		if got, err := SimplifyChars(in); err != nil || got != want {
			t.Errorf("SimplifyChars(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
}

// spacesReference is the rune-by-rune definition of Spaces.
func spacesReference(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u3000', '\u200b', '\ufeff', '\u2002', '\u2003':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func TestSpaces(t *testing.T) {
	pieces := []string{" ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2002", "\u2003",
		"\u2004", "\u0085", "a", "本年", "（一）", "12", "¥", "—", "\u00a1", "\u3001", "\ufeffx"}
	rng := rand.New(rand.NewPCG(3, 4))
	texts := []string{"", " ", "a b", "a  b", " a", "a ", "主动\u3000公开", "\u00a0\u00a0"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		want := spacesReference(s)
		if got := Spaces(s); got != want {
			t.Fatalf("Spaces(%q) = %q, want %q", s, got, want)
		}
		if got := SpacesBytes([]byte(s)); got != want {
			t.Fatalf("SpacesBytes(%q) = %q, want %q", s, got, want)
		}
	}
}

var benchText = strings.Repeat("（一）主动公开政府信息情况。全年主动公开政府信息 1234 条，其中政府文件15件；\n", 100)

func BenchmarkHasTraditional(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		if HasTraditional(benchText) {
			b.Fatal("simplified text flagged")
		}
	}
}

func BenchmarkSimplifyTraditional(b *testing.B) {
	trad, err := SimplifyChars(benchText) // warm the table
	if err != nil {
		b.Fatal(err)
	}
	trad = strings.ReplaceAll(trad, "开", "開")
	b.SetBytes(int64(len(trad)))
	for b.Loop() {
		if _, err := Simplify(trad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSpaces(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Spaces(benchText)
	}
}

func BenchmarkLabel(b *testing.B) {
	for b.Loop() {
		Label("（二）部分公開（區(qū)分處理的，只計這一情形）")
	}
}

// foldReference is the definition of fold: quotes removed, enumeration
// commas unified, then white space removed.
func foldReference(s string) string {
	s = strings.NewReplacer("“", "", "”", "", "\"", "", "「", "", "」", "", "『", "", "』", "", "‘", "", "’", "", "'", "",
		"、", ".", "．", ".", "，", ",").Replace(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
}

func TestFoldMatchesDefinition(t *testing.T) {
	pieces := []string{"“", "”", "\"", "「", "」", "『", "』", "‘", "’", "'", "、", "．", "，", ",", ".", " ", "\t", "\n",
		"\u00a0", "\u3000", "\u200b", "\ufeff", "\u0085", "\u2003", "1", "本年", "（一）", "(", "¥"}
	rng := rand.New(rand.NewPCG(5, 6))
	texts := []string{"", "1、属于国家秘密", "3.危及“三安全一稳定”", "结 果 维 持"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := fold(s), foldReference(s); got != want {
			t.Fatalf("fold(%q) = %q, want %q", s, got, want)
		}
	}
}

// The table's simplified forms are final: converting twice changes
// nothing more, so normalised text may be normalised again.
func TestTableIsIdempotent(t *testing.T) {
	tb, err := conversions()
	if err != nil {
		t.Fatal(err)
	}
	converted, trad := 0, 0
	for r := rune(firstHan); r <= lastHan; r++ {
		c := tb.to[r-firstHan]
		if c == 0 {
			if tb.isTrad(r) {
				t.Errorf("%c flags traditional text but is not converted", r)
			}
			continue
		}
		converted++
		if tb.isTrad(r) {
			trad++
		}
		if c >= firstHan && c <= lastHan && tb.to[c-firstHan] != 0 {
			t.Errorf("%c → %c → %c: conversion is not final", r, c, tb.to[c-firstHan])
		}
		if tb.isTrad(c) {
			t.Errorf("%c → %c, which flags traditional text", r, c)
		}
	}
	if converted < 2000 || trad < converted-50 {
		t.Errorf("%d characters converted, %d of them flag traditional text: table incomplete", converted, trad)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"統(tǒng)計（jì）", "（二）部分公開（區(qū)分處理的，只計這一情形）", "乾县\u3000１２３", "\xff(", "政府集中採購", " a \u00a0b "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := Label(s)
		if strings.ContainsFunc(l, unicode.IsSpace) {
			t.Errorf("Label(%q) = %q keeps white space", s, l)
		}
		if sp := Spaces(s); utf8.ValidString(s) && sp != spacesReference(s) {
			t.Errorf("Spaces(%q) = %q, want %q", s, sp, spacesReference(s))
		}
		if got, err := Simplify(s); err != nil || (!HasTraditional(s) && got != s) {
			t.Errorf("Simplify(%q) = %q, %v", s, got, err)
		}
		if StripPinyin(StripPinyin(s)) != StripPinyin(s) && !strings.ContainsAny(s, "()（）") {
			t.Errorf("StripPinyin changed text without parentheses: %q", s)
		}
		_ = Text(s)
		_ = Width(s)
	})
}

// TestAppendSpaces: AppendSpaces appends what Spaces returns.
func TestAppendSpaces(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "a  b", "\u3000规章\u00a0 1 ", "a\u200bb", "\ufeff x\t\ny ", "ab", "a b", "  \u2003 "} {
		for _, dst := range []string{"", "x"} {
			if got, want := string(AppendSpaces([]byte(dst), []byte(s))), dst+Spaces(s); got != want {
				t.Errorf("AppendSpaces(%q, %q) = %q, want %q", dst, s, got, want)
			}
		}
	}
}
