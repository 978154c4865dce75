package main

import (
	"context"
	"fmt"
	"io"
)

// runCompare is not written yet; its issue owns this file.
func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "ogi compare: not implemented yet")
	return 2
}
