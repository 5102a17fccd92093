//go:build unix

package store

import "syscall"

// mapAnon maps size bytes of zeroed private memory; the kernel backs a
// page with memory only when it is first written.
func mapAnon(size int) ([]byte, error) {
	return syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
}

// unmapAnon unmaps what mapAnon mapped. It cannot fail for a mapping
// mapAnon made, whole; if it did, the memory stays mapped and nothing
// else is wrong.
func unmapAnon(b []byte) { _ = syscall.Munmap(b) }

// offHeapMaps reports whether tables of offHeapMin bytes are mapped here.
const offHeapMaps = true
