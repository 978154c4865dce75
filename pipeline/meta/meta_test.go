package meta

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"ogi/data"
)

// preamble builds report text the way the corpus renders it: a preamble, a
// body that names other places in passing, and an optional signature.
func preamble(lines ...string) string { return strings.Join(lines, "\n") }

// TestIdentify reads agency, division, scope, level and province from
// titles and texts as reports print them (identifyCases).
func TestIdentify(t *testing.T) {
	for _, tc := range identifyCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Identify(tc.title, tc.text); got != tc.want {
				t.Errorf("Identify(%q, …)\n got %+v\nwant %+v", tc.title, got, tc.want)
			}
		})
	}
}

func TestIdentifyLongTextReadsHeadAndTail(t *testing.T) {
	body := strings.Repeat("| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n", 2000) // a long table body naming nobody
	text := "一、总体情况\n2023年，我县坚持依法公开。\n" + body + "六、其他需要报告的事项\n无。\n\n沭阳县人民政府\n2024年1月20日\n"
	want := Jurisdiction{"沭阳县人民政府", "321322", ScopeGovAggregate, "county", "320000"}
	if got := Identify("", text); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestIdentifyConcurrent(t *testing.T) {
	id, err := NewIdentifier()
	if err != nil {
		t.Fatal(err)
	}
	const title = "招遠市人民政府2023年政府信息公開工作年度報告"
	want := id.Identify(title, "")
	var wg sync.WaitGroup
	errs := make(chan Jurisdiction, 8)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := id.Identify(title, ""); got != want {
					errs <- got
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent Identify = %+v, want %+v", got, want)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"數據統(tǒng)計期限":    "数据统计期限",
		"關于印發(fā)<格式>":    "关于印发<格式>",
		"（一）主动公开":         "(一)主动公开",
		"条例(以下简称)":        "条例(以下简称)",
		"共(12)件":          "共(12)件",
		"ASCII (ab) text": "ASCII (ab) text",
		"招远市人民政府":         "招远市人民政府",
		"a\xffb":          "a\uFFFDb",
		"重(chóng)復(fù)申請": "重复申请",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWindow(t *testing.T) {
	h, tl := window("abc", 5, 5)
	if h != "abc" || tl != "abc" {
		t.Errorf("short text: %q %q", h, tl)
	}
	h, tl = window("一二三四五六七八九十", 3, 2)
	if h != "一二三" || tl != "九十" {
		t.Errorf("long text: %q %q", h, tl)
	}
}

func FuzzIdentify(f *testing.F) {
	for _, s := range [][2]string{
		{"招远市人民政府2023年政府信息公开工作年度报告", ""},
		{"", "本報告根據《條例》,結合2023年招遠市人民政府信息公開工作實際編制。統(tǒng)計"},
		{"朝阳区人民政府2023年政府信息公开工作年度报告", "北京市朝阳区"},
		{"", "标题: 平潭综合实验区2019年度政府信息公开工作年度报告\n发布机构: \n"},
		{"政府信息公开", "本报告由\xff编制"},
		{"((((", "沐阳县人民政府\n2026年1月23日"},
	} {
		f.Add(s[0], s[1])
	}
	id, err := NewIdentifier()
	if err != nil {
		f.Fatal(err)
	}
	ds, err := data.Divisions()
	if err != nil {
		f.Fatal(err)
	}
	byCode := map[string]data.Division{}
	for _, d := range ds {
		byCode[d.Code] = d
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		j := id.Identify(title, text)
		if !utf8.ValidString(j.Agency) || utf8.RuneCountInString(j.Agency) > maxAgencyRunes+4 {
			t.Errorf("agency %q", j.Agency)
		}
		switch j.Scope {
		case "", ScopeGovAggregate, ScopeGovOffice, ScopeDepartment, ScopeTownship:
		default:
			t.Errorf("scope %q", j.Scope)
		}
		if (j.Agency == "") != (j.Scope == "") {
			t.Errorf("agency %q with scope %q", j.Agency, j.Scope)
		}
		if j.DivisionCode != "" {
			d, ok := byCode[j.DivisionCode]
			if !ok || d.Level != j.Level || d.ProvinceCode != j.ProvinceCode {
				t.Errorf("division %+v does not match table row %+v", j, d)
			}
		} else if j.Level != "" {
			t.Errorf("level %q without division", j.Level)
		}
		if j.ProvinceCode != "" && byCode[j.ProvinceCode].Level != data.LevelProvince {
			t.Errorf("province code %q", j.ProvinceCode)
		}
	})
}

func BenchmarkIdentify(b *testing.B) {
	id, err := NewIdentifier()
	if err != nil {
		b.Fatal(err)
	}
	text := "本報告根據《中華人民共和國政府信息公開條例》要求,結合2023年招遠市人民政府信息公開工作實際編制。\n" +
		strings.Repeat("一、總體情況 招遠市堅持依法依規(guī)、標準引領,推動全市政務公開工作再上新臺階。\n", 40) +
		strings.Repeat("| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n", 400) + "招远市人民政府\n2024年1月20日\n"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if j := id.Identify("", text); j.DivisionCode != "370685" {
			b.Fatalf("got %+v", j)
		}
	}
}

func BenchmarkIdentifySimplifiedTitle(b *testing.B) {
	id, err := NewIdentifier()
	if err != nil {
		b.Fatal(err)
	}
	text := "本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制。\n" + strings.Repeat("2023年，我区在政府网站平台主动公开政府信息1136条。\n", 60)
	for b.Loop() {
		if j := id.Identify("洪泽区人民政府2023年政府信息公开工作年度报告", text); j.DivisionCode != "320813" {
			b.Fatalf("got %+v", j)
		}
	}
}

func BenchmarkNewIdentifier(b *testing.B) {
	for b.Loop() {
		if _, err := NewIdentifier(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCompact(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"招远市人民政府":                "招远市人民政府",
		"淮\n安市 2024 年":           "淮安市2024年",
		"a\tb\rc\vd\fe":          "abcde",
		"全\u3000角\u00a0空\u2003格": "全角空格",
		"\u0085x\u2028y\u205fz":  "xyz",
		"“引号”—…":                 "“引号”—…",
	} {
		if got := compact(in); got != want {
			t.Errorf("compact(%q) = %q, want %q", in, got, want)
		}
	}
}

// reportPhrases finds what reportPhrase.FindAllStringIndex finds, on
// texts built from the pieces of the phrase and the words around it.
func TestReportPhrasesMatchesRegexp(t *testing.T) {
	pieces := []string{"政府", "信息", "政务", "公开", "工作", "2023", "19", "年度", "报告", "年报",
		"市", "人民", "招远市人民政府", "关于", "的", "。", " ", "\n", "信息公开", "政府信息公开工作年度报告", "a", "2"}
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "政府信息公开工作年度报告", "政府政府信息公开年报", "信息公开政务公开报告",
		"2023年招远市人民政府信息公开工作年度报告；政务公开2023年度工作报告"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	found := 0
	for _, s := range texts {
		for _, n := range []int{-1, 1, 2, 8} {
			want := reportPhrase.FindAllStringIndex(s, n)
			got := reportPhrases(s, n)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("reportPhrases(%q, %d) = %v, regexp gives %v", s, n, got, want)
			}
			if n == -1 {
				found += len(want)
			}
		}
	}
	if found < 1000 {
		t.Errorf("only %d phrases in the texts: the test does not exercise matching", found)
	}
}

// publisher matches what publisherField matches on a compacted line.
func TestPublisher(t *testing.T) {
	for _, line := range []string{"发布机构：招远市人民政府\n", "  发 布 机 构: 招远市\n", "公开主体 淮安市人民政府办公室", "发文机关", "来源：招远市", "本机关发布机构改革", ""} {
		m := publisherField.FindStringSubmatch(compact(line))
		a, ok := publisher(line)
		if ok != (m != nil) || ok && a != m[1] {
			t.Errorf("publisher(%q) = %q, %v; expression gives %q", line, a, ok, m)
		}
	}
}

// TestCreditCodesAsExpression: the search finds what the expression finds.
func TestCreditCodesAsExpression(t *testing.T) {
	for _, s := range []string{
		"", "索引号:11370900004341590P/2024-00012", "索引号：113709000043415906 信用代码11370900004341590P索引号x机构代码123",
		"x索引号11370900004341590P索引号11370600004341590P索引号11370700004341590P索引号11370800004341590P索引号11370500004341590P",
		"索引号索引号11370900004341590P", "信用代码:1137090000434159 机构代码:12370900004341590Q",
	} {
		want := creditCode.FindAllStringSubmatch(s, 4)
		if got := creditCodes(s, 4); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("creditCodes(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestAllAtAsExpression: the expressions run where matches can start find
// what they find run over the whole text, on the fixtures' texts and on
// corners.
func TestAllAtAsExpression(t *testing.T) {
	texts := []string{
		"", "本报告由淮安市人民政府办公室根据《条例》编制", "本年度报告由招远市人民政府办公室负责编制。报告由某局发布",
		"本报告由由由本报告由本局编制", "2023年招远市人民政府信息公开工作2024年度淮安市政府信息公开12023年x信息公开",
		"20232023年招远市信息公开", "1999年度某某县人民政府信息公开工作年报20",
	}
	files, err := filepath.Glob("../extract/testdata/classes/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, compact(fold(string(b))))
	}
	for _, s := range texts {
		for _, c := range []struct {
			re, at *regexp.Regexp
			next   func(string, int) int
			n      int
		}{{compiledBy, compiledByAt, compiledStart, 4}, {yearAgency, yearAgencyAt, yearStart, 8}, {yearAgency, yearAgencyAt, yearStart, -1}} {
			want := c.re.FindAllStringSubmatch(s, c.n)
			if got := allAt(c.at, s, c.n, c.next); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s on %.40q: %q, want %q", c.re, s, got, want)
			}
		}
	}
}
