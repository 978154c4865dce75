package main

import (
	"context"
	"fmt"
	"io"
)

// runExtract is not written yet; its issue owns this file.
func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ogi extract: not implemented yet")
	return 2
}
