package htmlreader

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"ogi/internal/portalpage"
)

// tokenizerTypes maps the Tokenizer's token types to the scanner's.
var tokenizerTypes = map[html.TokenType]tokenType{
	html.ErrorToken:          errorToken,
	html.TextToken:           textToken,
	html.StartTagToken:       startTagToken,
	html.EndTagToken:         endTagToken,
	html.SelfClosingTagToken: selfClosingTagToken,
	html.CommentToken:        commentToken,
	html.DoctypeToken:        doctypeToken,
}

// sameTokens reads page with the scanner and with x/net/html's Tokenizer
// and returns the first difference: token type, raw text, text, or an
// attribute key or value as the reader asks for them.
func sameTokens(page string) error {
	z := newScanner(page)
	t := html.NewTokenizer(strings.NewReader(page))
	t.SetMaxBuf(0)
	for n := 0; ; n++ {
		want := t.Next()
		got := z.Next()
		if tokenizerTypes[want] != got {
			return fmt.Errorf("token %d: type %v, tokenizer %v (raw %q, tokenizer raw %q)", n, got, want, z.Raw(), t.Raw())
		}
		if want == html.ErrorToken {
			return nil
		}
		if !bytes.Equal(t.Raw(), []byte(z.Raw())) {
			return fmt.Errorf("token %d (%v): raw %q, tokenizer %q", n, want, z.Raw(), t.Raw())
		}
		switch want {
		case html.TextToken, html.CommentToken, html.DoctypeToken:
			if w, g := string(t.Text()), z.Text(); w != g {
				return fmt.Errorf("token %d (%v): text %q, tokenizer %q", n, want, g, w)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			more := true
			i := 0
			for ; more; i++ {
				var k, v []byte
				k, v, more = t.TagAttr()
				if k == nil && !more {
					break
				}
				if i >= z.attrCount() {
					return fmt.Errorf("token %d %q: %d attributes, tokenizer more (%q)", n, z.Raw(), z.attrCount(), k)
				}
				if !z.attrIs(i, string(k)) && !bytes.Contains(k, []byte("\ufffd")) {
					return fmt.Errorf("token %d %q: attribute %d is not %q", n, z.Raw(), i, k)
				}
				if g := z.attrVal(i); g != string(v) {
					return fmt.Errorf("token %d %q: attribute %q value %q, tokenizer %q", n, z.Raw(), k, g, v)
				}
			}
			if i != z.attrCount() {
				return fmt.Errorf("token %d %q: %d attributes, tokenizer %d", n, z.Raw(), z.attrCount(), i)
			}
		}
	}
}

// scanSeeds are the corners of HTML tokenizing: raw text and its escapes,
// comments, doctypes, bogus comments, attribute forms, references, line
// ends, NULs, and pages cut off anywhere.
var scanSeeds = []string{
	`<!DOCTYPE html><html><head><title>a &amp; b<b>c</b></title><style>p{x:"</p>"}</style></head><body><p class=a>x</p></body></html>`,
	`<script>var s = "</scr" + "ipt>"; if (a<b) {}</script><p>t</p>`,
	`<script><!-- document.write("<script>x</script>") --></script>after`,
	`<script><!--<script>--></script></script>x</script><p>y`,
	`<script><!-x<!--a->b-<c--<d--->e<SCRIPT/>f--g-<h</scriptx><-</script >i--><j</script>`,
	"<script><!--<script>-<!--->k</script\x00<</Script\n>l--->m<!</script>",
	`<textarea>&lt;b&gt; <b>raw</b></textarea><xmp><td>1</td></xmp><plaintext><td>all text`,
	`<!-- a -- b --!><!--><!---><!----><!--x--!y--><?xml version="1.0"?><!x><![CDATA[c]]></ ><//x></>`,
	`<td rowspan="2" ROWSPAN=3 colspan='4' data-x=a/b/ style = "display: none" hidden>v</td><br/><p a=/>`,
	`<a href="/a.pdf?x=1&amp;y=2&copy=3">l</a><a HREF=/b.doc>m</a><td colspan="&#50;">z</td>`,
	`<a href="?uid=1&pageNum=2&amp;x&notit;&notit=&not=&not &copy2 &fjlig;&fjlig &semi;&semi &#x26;&lt=&lt;=&ampx&amp&AMP;&Amp;&NotEqualTilde;&nbsp;&nbsp=1">r</a>`,
	"<p>a\r\nb\rc\x00d &nbsp;&#x4e00;&#20108;&notit; &amp</p>\r\n<td\x00x=1 y\x00=\r2>q</td>",
	`<div =a b="c"d=e f g = 'h'>x</div><img src=x alt="a>b"/><br / >`,
	`text < 3 and <3 and <> and </> and <!`, `<p`, `<p a="b`, `<!--x`, `<!DOC`, `<!DOCTYPE`, `<script>x`, `<title>t`,
	`<script><!--x`, `</p`, `<a b=c`, `<a b`, `<a b=`, `<a b='c' `, `<?x`, `<![`, `<!-`,
	`<noscript><p>no</p></noscript><iframe><td>1</td></iframe><noembed>a</noembed><noframes>b</noframes>`,
	`<SCRIPT>x</SCRIPT ><STYLE>y</style/><Title>z</TITLE x>`,
}

func TestScannerMatchesTokenizer(t *testing.T) {
	pages := map[string]string{}
	for i, s := range scanSeeds {
		pages[fmt.Sprintf("seed %d", i)] = s
	}
	for _, g := range []string{"../extract/testdata/*.html", "../extract/testdata/classes/*.html", "../../scrapers/adapters/*/testdata/*.html"} {
		files, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			pages[f] = string(b)
		}
	}
	if len(pages) < 80 {
		t.Fatalf("only %d pages", len(pages))
	}
	for name, page := range pages {
		if err := sameTokens(page); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		// cut off anywhere in its first kilobyte
		for cut := 0; cut < len(page) && cut < 1024; cut += 7 {
			if err := sameTokens(page[:cut]); err != nil {
				t.Errorf("%s cut at %d: %v", name, cut, err)
				break
			}
		}
	}
}

// FuzzScannerMatchesTokenizer: on any input the scanner gives the
// Tokenizer's tokens.
func FuzzScannerMatchesTokenizer(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add(s)
	}
	for _, n := range []string{"word-2021.html", "v-jsstring-2024.html", "gbk-2021.html"} {
		b, err := os.ReadFile(filepath.Join("..", "extract", "testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, page string) {
		if err := sameTokens(page); err != nil {
			t.Fatal(err)
		}
	})
}

// TestHasFoldASCII checks the search against the plain definition.
func TestHasFoldASCII(t *testing.T) {
	naive := func(b, sub string) bool { return strings.Contains(strings.ToLower(b), sub) }
	for _, b := range []string{"", "n", "none", "NONE", "display:None", "nonnone", "nnnnone", "xNoNe;", "noneX", "hidde", "visibility: HIDDEN", "non", "ñone", "N\x00ONE"} {
		for _, sub := range []string{"none", "hidden"} {
			if got, want := hasFoldASCII(b, sub), naive(b, sub); got != want {
				t.Errorf("hasFoldASCII(%q, %q) = %v, want %v", b, sub, got, want)
			}
		}
	}
}

// benchPages are the web pages of the extraction fixtures in TRS portal
// pages.
func benchPages(b *testing.B) []string {
	files, err := filepath.Glob("../extract/testdata/*.html")
	if err != nil || len(files) == 0 {
		b.Fatal("no fixtures", err)
	}
	var pages []string
	n := 0
	for i, f := range files {
		p, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, string(portalpage.Wrap(p, portalpage.All[i%len(portalpage.All)], uint64(i))))
		n += len(pages[len(pages)-1])
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	return pages
}

// BenchmarkScanner is the scanner's pass over every token of the pages;
// BenchmarkTokenizer the x/net/html Tokenizer's over the same.
func BenchmarkScanner(b *testing.B) {
	pages := benchPages(b)
	for b.Loop() {
		for _, p := range pages {
			z := newScanner(p)
			for z.Next() != errorToken {
			}
		}
	}
}

func BenchmarkTokenizer(b *testing.B) {
	pages := benchPages(b)
	for b.Loop() {
		for _, p := range pages {
			z := html.NewTokenizer(strings.NewReader(p))
			for z.Next() != html.ErrorToken {
			}
		}
	}
}
