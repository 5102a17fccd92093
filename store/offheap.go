package store

import "unsafe"

// The band index's table and its sketches are the largest things a
// daemon holds (tens of MB nationally), and hold no pointers. On the Go
// heap they count toward the collector's goal, which lets the heap grow
// by half as much again in garbage before a collection (GOGC 50): 30 MB
// of RSS, nationally, that holds nothing. Arrays of offHeapMin bytes or
// more are therefore mapped from the operating system where it can
// (offheap_unix.go), as caches written in Go for large heaps do, and
// handed back when replaced or when the Store closes; smaller ones, and
// every one where mapping fails, stay on the heap.
const offHeapMin = 1 << 20

// offHeap maps an array of n zero values of T, which must hold no
// pointers (the collector does not look inside a mapping). It returns nil
// when they would take less than offHeapMin bytes or mapping fails: the
// caller makes them on the heap. A mapped array must be given to
// freeOffHeap, exactly once. Pages of a mapping take memory only once
// written.
func offHeap[T any](n int) []T {
	size := n * int(unsafe.Sizeof(*new(T)))
	if size < offHeapMin {
		return nil
	}
	b, err := mapAnon(size)
	if err != nil {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

// freeOffHeap hands back an array offHeap mapped.
func freeOffHeap[T any](s []T) {
	if len(s) == 0 {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(*new(T))))
	unmapAnon(b)
}
