package textdecode

import (
	"testing"

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

// The labels real portals get wrong: GBK bytes under a UTF-8 header or
// <meta>, a GBK file with no label at all. Every case is written out by
// hand (the expected text is the literal the bytes were made from).
func TestBytes(t *testing.T) {
	page := "<a href=\"t1.html\">某县2023年政府信息公开工作年度报告</a>"
	cases := []struct {
		name, ct, wantEnc, wantText string
		data                        []byte
	}{
		{"utf-8 as declared", "text/html; charset=utf-8", "utf-8", page, []byte(page)},
		{"gbk under a utf-8 header", "text/html; charset=utf-8", "gb18030", page, gbk(t, page)},
		{"gbk under a quoted UTF-8 header", `text/html; charset="UTF-8"`, "gb18030", page, gbk(t, page)},
		{"gbk under a utf-8 meta", "text/html", "gb18030", `<meta charset="utf-8">` + page, append([]byte(`<meta charset="utf-8">`), gbk(t, page)...)},
		{"gbk declared gbk", "text/html; charset=GBK", "gb18030", page, gbk(t, page)},
		{"gbk undeclared", "", "gb18030", page, gbk(t, page)},
		{"bom wins over a gbk header", "text/html; charset=gbk", "utf-8", page, append([]byte{0xEF, 0xBB, 0xBF}, page...)},
		{"utf-16le bom", "", "utf-16le", "ab", []byte{0xFF, 0xFE, 'a', 0, 'b', 0}},
	}
	for _, c := range cases {
		got, enc := Bytes(c.data, c.ct)
		if got != c.wantText || enc != c.wantEnc {
			t.Errorf("%s: got %q (%s), want %q (%s)", c.name, got, enc, c.wantText, c.wantEnc)
		}
	}
}
