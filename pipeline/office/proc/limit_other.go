//go:build !linux

package proc

// limitMemory is not available here: the program runs without a memory cap.
func limitMemory(pid int, max int64) error { return nil }
