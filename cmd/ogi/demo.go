package main

import (
	"context"
	"fmt"
	"io"
)

// runDemo is not written yet; its issue owns this file.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ogi demo: not implemented yet")
	return 2
}
