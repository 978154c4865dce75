//go:build linux

package proc

import (
	"syscall"
	"unsafe"
)

// limitMemory sets RLIMIT_AS of process pid with prlimit(2).
func limitMemory(pid int, max int64) error {
	lim := syscall.Rlimit{Cur: uint64(max), Max: uint64(max)}
	_, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), uintptr(syscall.RLIMIT_AS), uintptr(unsafe.Pointer(&lim)), 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
