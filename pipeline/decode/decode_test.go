package decode

import (
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBytes(t *testing.T) {
	const text = "政府信息公开工作年度报告 行政許可"
	cases := []struct {
		name     string
		data     []byte
		ct       string
		wantEnc  string
		wantText string
	}{
		{"utf8", []byte(text), "", "utf-8", text},
		{"bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), "", "utf-8", text},
		{"undeclared gbk", gbk(t, "政府信息公开工作年度报告"), "", "gb18030", "政府信息公开工作年度报告"},
		{"header gb2312", gbk(t, "报告"), "text/html; charset=GB2312", "gb18030", "报告"},
		{"meta gbk", append([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>`), gbk(t, "年报")...), "", "gb18030",
			`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>年报`},
		{"meta charset utf-8 lying", append([]byte(`<meta charset="utf-8">`), gbk(t, "年报")...), "", "gb18030", `<meta charset="utf-8">年报`},
		{"utf16", []byte{0xFF, 0xFE, 'a', 0, 'b', 0}, "", "utf-16le", "ab"},
	}
	for _, c := range cases {
		got, enc := Bytes(c.data, c.ct)
		if got != c.wantText || enc != c.wantEnc {
			t.Errorf("%s: got %q (%s), want %q (%s)", c.name, got, enc, c.wantText, c.wantEnc)
		}
	}
}

func TestUnescapeJSMarkup(t *testing.T) {
	in := `var content = '<table class=\"t\"><tr><td>\u81ea\u7136\u4eba<\/td><td>3<\/td><\/tr>\n<\/table>';`
	want := "var content = '<table class=\"t\"><tr><td>自然人</td><td>3</td></tr>\n</table>';"
	if got := UnescapeJSMarkup(in); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// Ordinary pages (a regex in a script, a Windows path) stay as they are.
	plain := `<p>C:\new\table</p><script>var r=/<\/p>/;</script>`
	if got := UnescapeJSMarkup(plain); got != plain {
		t.Errorf("plain page changed: %q", got)
	}
}

// TestEscapedEndTags: the count of "<\/" the search gives is strings.Count's.
func TestEscapedEndTags(t *testing.T) {
	for _, s := range []string{``, `<\/`, `<\/td><\/tr>`, `<\/td><\/tr><\/table>`, `\/\/<\/<\/x<\/`, `<<\/\/<\/`, `a\/<\/b<\\/<\/`, `<\/<\/<\`} {
		for n := 1; n <= 4; n++ {
			if got, want := escapedEndTags(s, n), strings.Count(s, `<\/`) >= n; got != want {
				t.Errorf("escapedEndTags(%q, %d) = %v, want %v", s, n, got, want)
			}
		}
	}
}

// TestView: View gives Bytes's text and encoding, sharing the input's
// memory when it is UTF-8 already.
func TestView(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("<p>规章</p>")
	for _, in := range []string{"<p>规章</p>", "\xEF\xBB\xBF<p>规章</p>", `<meta charset="gbk">` + gbk, gbk, "", `<meta charset="utf-8">` + gbk} {
		data := []byte(in)
		wantText, wantName := Bytes(data, "")
		text, name := View(data, "")
		if text != wantText || name != wantName {
			t.Errorf("View(%q) = %q %s, Bytes gives %q %s", in, text, name, wantText, wantName)
		}
		if name == "utf-8" && len(text) > 0 && unsafe.StringData(text) != &data[len(data)-len(text)] {
			t.Errorf("View(%q) copied the text", in)
		}
	}
}
