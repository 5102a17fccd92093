package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	rss := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Phường Phù Vân</title>
<item><title>Hội nghị</title><link>http://127.0.0.1/a</link></item>
<item><title>Tiếp công dân</title><link>http://127.0.0.1/b</link></item></channel></rss>`
	files := map[string]string{"rss": rss, "html": "<html><body>Không tìm thấy trang</body></html>"}
	var names []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a feed and a page", names, 0, "2 feeds (1 refused), 2 items in "},
		{"no files", nil, 2, ""},
		{"a missing file", []string{filepath.Join(dir, "none")}, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			if code := run(tc.args, &out, &errs); code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, errs.String())
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Errorf("output %q, want it to contain %q", out.String(), tc.want)
			}
			if tc.code != 0 && errs.Len() == 0 {
				t.Error("nothing said on stderr")
			}
		})
	}
}
