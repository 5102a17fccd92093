package dedup

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func TestSignatureRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 31, 32, 33, 200} {
		var tokens []string
		for i := range n {
			tokens = append(tokens, string(rune('a'+i%26))+string(rune('A'+i/26)))
		}
		s := signature{shingle: 3, shingles: 70000, salient: sketchSalient(tokens)}
		for i := range s.sketch {
			s.sketch[i] = uint32(i * 7919)
		}
		b := s.encode()
		if len(b) > maxSigLen || len(b) >= 700 {
			t.Errorf("%d tokens: %d bytes", n, len(b))
		}
		d, err := decode(b)
		if err != nil {
			t.Fatalf("%d tokens: decode: %v", n, err)
		}
		if d.shingles != maxUint16 {
			t.Errorf("shingle count %d, want capped at %d", d.shingles, maxUint16)
		}
		if d.sketch != s.sketch || d.salient.size != s.salient.size || !equalU32(d.salient.hashes, s.salient.hashes) {
			t.Errorf("%d tokens: decoded signature differs", n)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	good := (&signature{shingle: 3, salient: sketchSalient([]string{"x", "y"})}).encode()
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	tests := []struct {
		name string
		b    []byte
	}{
		{"nil", nil},
		{"header only", good[:headerLen]},
		{"version 0", mutate(func(b []byte) []byte { b[0] = 0; return b })},
		{"shingle size 0", mutate(func(b []byte) []byte { b[1] = 0; return b })},
		{"shingle size 200", mutate(func(b []byte) []byte { b[1] = 200; return b })},
		{"more hashes than tokens", mutate(func(b []byte) []byte { b[6] = 3; return b })},
		{"hashes missing", good[:len(good)-4]},
		{"hashes out of order", mutate(func(b []byte) []byte {
			h0 := binary.LittleEndian.Uint32(b[minSigLen:])
			binary.LittleEndian.PutUint32(b[minSigLen+4:], h0)
			return b
		})},
		{"size over 32 with few hashes", mutate(func(b []byte) []byte { binary.LittleEndian.PutUint16(b[4:], 40); return b })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decode(tt.b); !errors.Is(err, errBadSignature) {
				t.Errorf("decode: %v, want errBadSignature", err)
			}
		})
	}
}

func equalU32(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzDecode(f *testing.F) {
	fp := NewFingerprinter()
	sig, _ := fp.Fingerprint("Hội nghị tổng kết công tác dân vận", "Ngày 16/12/2020, đ/c Phạm Thị Thủy dự hội nghị tại phường Lam Hạ.")
	f.Add(sig)
	f.Add([]byte{})
	f.Add([]byte{1, 3, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := decode(b)
		if err != nil {
			return
		}
		// Whatever decodes is canonical: it encodes back to the same bytes.
		if again := s.encode(); !bytes.Equal(again, b) {
			t.Fatalf("decode/encode changed %x to %x", b, again)
		}
	})
}

func FuzzSameStory(f *testing.F) {
	fp := NewFingerprinter()
	a, _ := fp.Fingerprint("Hội nghị tổng kết công tác dân vận năm 2020", "Ngày 16/12/2020, đ/c Phạm Thị Thủy dự hội nghị tại phường Lam Hạ, 45 văn bản.")
	b, _ := fp.Fingerprint("Phường Lam Hạ: Hội nghị tổng kết công tác dân vận năm 2020", "Ngày 16/12/2020, đồng chí Phạm Thị Thủy dự hội nghị tại phường Lam Hạ, 45 văn bản.")
	f.Add(a, b)
	f.Add(a, a[:len(a)-3])
	f.Add([]byte{1}, []byte{})
	f.Fuzz(func(t *testing.T, x, y []byte) {
		got := fp.SameStory(x, y)
		if got != fp.SameStory(y, x) {
			t.Fatalf("SameStory not symmetric for %x, %x", x, y)
		}
		_, errX := decode(x)
		if self := fp.SameStory(x, x); self != (errX == nil) {
			t.Fatalf("SameStory(x, x) = %v with decode error %v", self, errX)
		}
	})
}

func FuzzFingerprint(f *testing.F) {
	f.Add("Phường Lam Hạ: Hội nghị", "Ngày 16/12/2020, đ/c Phạm Thị Thủy dự.\u00a0Thành uỷ Phủ lý./.")
	f.Add("", "\xff\xfe 1-2-3 ..")
	f.Fuzz(func(t *testing.T, title, text string) {
		fp := NewFingerprinter()
		sig, bands := fp.Fingerprint(title, text)
		if sig == nil {
			return
		}
		if len(sig) >= 700 || len(bands) != fp.Bands {
			t.Fatalf("%d bytes, %d bands", len(sig), len(bands))
		}
		if !fp.SameStory(sig, sig) {
			t.Fatalf("item not the same story as itself: %q %q", title, text)
		}
	})
}
