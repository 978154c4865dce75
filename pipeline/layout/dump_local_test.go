package layout

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDumpLocal(t *testing.T) {
	f := os.Getenv("LAYOUT_DUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	for _, r := range Rows(strings.Split(string(b), "\n"), 1) {
		var cs []string
		for _, c := range r.Cells {
			t := c.Text
			if c.Span {
				t = "^" + t
			}
			cs = append(cs, t)
		}
		fmt.Printf("%-20s %s\n", r.Locator, strings.Join(cs, " | "))
	}
}
