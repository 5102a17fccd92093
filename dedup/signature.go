package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Signature layout, version 1 (little-endian), at most 647 bytes:
//
//	[0]      version (1)
//	[1]      words per shingle
//	[2:4]    number of shingles, capped at 65535
//	[4:6]    number of distinct salient tokens, capped at 65535
//	[6]      n, salient hashes kept (at most 32)
//	[7:519]  128 MinHash values, uint32
//	[519:]   n salient token hashes, uint32, strictly ascending
//
// The first byte lets a later layout live beside stored version 1
// signatures: SameStory refuses to compare versions it does not know.
const (
	version1   = 1
	headerLen  = 7
	sketchLen  = sketchSize * 4
	minSigLen  = headerLen + sketchLen
	maxSigLen  = minSigLen + maxSalient*4
	maxUint16  = 1<<16 - 1
	maxShingle = 16
)

// signature is a decoded fingerprint.
type signature struct {
	shingle  int
	shingles int
	sketch   [sketchSize]uint32
	salient  salientSketch
}

// errBadSignature is what every malformed signature decodes to.
var errBadSignature = errors.New("bad signature")

func (s *signature) encode() []byte {
	b := make([]byte, minSigLen, minSigLen+4*len(s.salient.hashes))
	b[0] = version1
	b[1] = byte(s.shingle)
	binary.LittleEndian.PutUint16(b[2:], uint16(min(s.shingles, maxUint16)))
	binary.LittleEndian.PutUint16(b[4:], uint16(min(s.salient.size, maxUint16)))
	b[6] = byte(len(s.salient.hashes))
	for i, v := range s.sketch {
		binary.LittleEndian.PutUint32(b[headerLen+4*i:], v)
	}
	for _, h := range s.salient.hashes {
		b = binary.LittleEndian.AppendUint32(b, h)
	}
	return b
}

// decode reads a signature, refusing anything encode could not have
// written: signatures come from the database and may be damaged.
func decode(b []byte) (signature, error) {
	var s signature
	hs, err := decodeInto(&s, new([maxSalient]uint32), b)
	s.salient.hashes = hs
	return s, err
}

// decodeInto is decode into s but for the salient hashes, which it
// returns in buf (s keeps no pointer to buf, so a caller's buffer can
// stay on its stack): SameStory decodes two signatures per candidate
// without allocating.
func decodeInto(s *signature, buf *[maxSalient]uint32, b []byte) ([]uint32, error) {
	if len(b) < minSigLen {
		return nil, fmt.Errorf("%w: %d bytes", errBadSignature, len(b))
	}
	if b[0] != version1 {
		return nil, fmt.Errorf("%w: version %d", errBadSignature, b[0])
	}
	s.shingle = int(b[1])
	s.shingles = int(binary.LittleEndian.Uint16(b[2:]))
	s.salient.size = int(binary.LittleEndian.Uint16(b[4:]))
	n := int(b[6])
	switch {
	case s.shingle < 1 || s.shingle > maxShingle:
		return nil, fmt.Errorf("%w: shingle size %d", errBadSignature, s.shingle)
	case n > maxSalient || n != min(s.salient.size, maxSalient):
		return nil, fmt.Errorf("%w: %d salient hashes of %d", errBadSignature, n, s.salient.size)
	case len(b) != minSigLen+4*n:
		return nil, fmt.Errorf("%w: %d bytes for %d salient hashes", errBadSignature, len(b), n)
	}
	for i := range s.sketch {
		s.sketch[i] = binary.LittleEndian.Uint32(b[headerLen+4*i:])
	}
	hs := buf[:n]
	for i := range hs {
		h := binary.LittleEndian.Uint32(b[minSigLen+4*i:])
		if i > 0 && h <= hs[i-1] {
			return nil, fmt.Errorf("%w: salient hashes out of order", errBadSignature)
		}
		hs[i] = h
	}
	return hs, nil
}
