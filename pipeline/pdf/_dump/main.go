package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"ogi/pipeline/layout"
	"ogi/pipeline/pdf"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var lines []string
	if strings.HasSuffix(os.Args[1], ".pdf") {
		t, err := pdf.Text(context.Background(), data, pdf.Options{})
		if err != nil {
			panic(err)
		}
		lines = strings.Split(t, "\n")
	} else {
		lines = strings.Split(string(data), "\n")
	}
	for _, r := range layout.Rows(lines, 1) {
		var s []string
		for _, c := range r.Cells {
			t := c.Text
			if c.Span {
				t = "^" + t
			}
			s = append(s, t)
		}
		fmt.Printf("%-22s %s\n", r.Locator, strings.Join(s, "|"))
	}
}
