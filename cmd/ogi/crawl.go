package main

import (
	"context"
	"fmt"
	"io"
)

// runCrawl is not written yet; its issue owns this file.
func runCrawl(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ogi crawl: not implemented yet")
	return 2
}
